"""Behind a reverse proxy: X-Forwarded-For names the client only when the peer is a trusted proxy."""

from __future__ import annotations

import logging
import re

import pytest
from starlette.testclient import TestClient
from web_support import PASSWORD, Site

from sopflow.cli.main import main
from sopflow.web import WebConfig, create_app

PROXY = "10.0.0.5"
KASI = "Kepala Seksi Operasional"


def attempt(web: TestClient, nip: str, password: str, forwarded_for: str) -> int:
    """One login through the proxy (or pretending to be one); the status code."""
    headers = {"x-forwarded-for": forwarded_for}
    token = re.search(r'name="csrf" value="([^"]+)"', web.get("/masuk", headers=headers).text).group(1)
    return web.post("/masuk", data={"csrf": token, "nip": nip, "password": password}, headers=headers).status_code


def test_a_trusted_proxy_forwards_the_client_address(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path, forwarded_allow_ips=(PROXY,)))
    web = TestClient(app, follow_redirects=False, client=(PROXY, 40000))
    caplog.set_level(logging.WARNING, logger="sopflow.web.security")
    for n in range(5):  # no such NIPs: only the client address's count grows
        assert attempt(web, f"19990101202001{n:04d}", "salah-sekali", "203.0.113.7") == 401
    assert any("from 203.0.113.7" in r.getMessage() for r in caplog.records)
    assert not any(f"from {PROXY}" in r.getMessage() for r in caplog.records)
    assert attempt(web, site.nip(KASI), PASSWORD, "203.0.113.7") == 429  # that client is locked out
    assert attempt(web, site.nip(KASI), PASSWORD, "203.0.113.8") == 303  # others behind the proxy are not


def test_forwarded_headers_from_other_peers_are_ignored(site: Site, caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path, forwarded_allow_ips=(PROXY,)))
    web = TestClient(app, follow_redirects=False, client=("192.0.2.77", 40000))  # not the proxy
    caplog.set_level(logging.WARNING, logger="sopflow.web.security")
    for n in range(5):  # a new forged address each time does not escape the limit
        assert attempt(web, f"19990101202002{n:04d}", "salah-sekali", f"198.51.100.{n}") == 401
    assert attempt(web, site.nip(KASI), PASSWORD, "198.51.100.99") == 429
    assert all("198.51.100." not in r.getMessage() for r in caplog.records)
    assert any("from 192.0.2.77" in r.getMessage() for r in caplog.records)


def test_without_trusted_proxies_no_peer_is_one(site: Site) -> None:
    app = create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path))
    web = TestClient(app, follow_redirects=False, client=("127.0.0.1", 40000))  # loopback is not trusted either
    for n in range(5):
        assert attempt(web, f"19990101202003{n:04d}", "salah-sekali", f"198.51.100.{n}") == 401
    assert attempt(web, site.nip(KASI), PASSWORD, "198.51.100.99") == 429


def test_serve_refuses_a_proxy_entry_that_is_no_address() -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["serve", "--roster", __file__, "--forwarded-allow-ips", "10.0.0.0/8,proxy"])
    assert result.exit_code == 2 and "'proxy' bukan alamat IP" in result.output
