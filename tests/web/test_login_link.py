"""One-time login links: made by ``sopflow user login-link``, used once to set a password and log in."""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
import subprocess
import sys
from datetime import timedelta

import pytest
from starlette.testclient import TestClient
from web_support import PASSWORD, Site

from sopflow.web import WebConfig, create_app
from sopflow.web.accounts import Accounts
from sopflow.web.render import SESSION_COOKIE

ROLE = "Penyaji Bahan Penilaian"
"""An official no other web test logs in as (the new password is still :data:`PASSWORD`)."""


@pytest.fixture(scope="module")
def app(site: Site):
    return create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path))


def make_link(site: Site, nip: str) -> str:
    """``sopflow user login-link NIP --json``: the printed URL."""
    done = subprocess.run(
        [sys.executable, "-m", "sopflow.cli.main", "user", "login-link", nip, "--roster", str(site.roster_path),
         "--data-dir", str(site.data_dir), "--base-url", "https://sopflow.example.go.id/", "--json"],
        capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    url = json.loads(done.stdout)["data"]["url"]
    assert url.startswith("https://sopflow.example.go.id/masuk/tautan/")
    return url.removeprefix("https://sopflow.example.go.id")


def open_link(web: TestClient, path: str, *, shows: str = "") -> str:
    """Open the link's page (which ``shows`` a text); its form's CSRF token."""
    page = web.get(path)
    assert page.status_code == 200 and shows in page.text, page.text
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def test_a_link_sets_the_password_logs_in_and_works_once(app, site: Site) -> None:
    nip = site.nip(ROLE)
    path = make_link(site, nip)
    token = path.rsplit("/", 1)[1]
    stored = sqlite3.connect(site.data_dir / "sopflow.db").execute(
        "SELECT token_sha256 FROM web_login_links WHERE nip = ?", (nip,)).fetchall()
    assert stored == [(hashlib.sha256(token.encode()).hexdigest(),)]  # the token itself is not kept

    web = TestClient(app, follow_redirects=False)
    csrf = open_link(web, path, shows=site.roster.for_role(ROLE).official.name)
    differ = web.post(path, data={"csrf": csrf, "password": PASSWORD, "password2": PASSWORD + "x"})
    assert differ.status_code == 422 and "tidak sama" in differ.text
    short = web.post(path, data={"csrf": open_link(web, path), "password": "pendek", "password2": "pendek"})
    assert short.status_code == 422 and "minimal 10 karakter" in short.text
    forged = TestClient(app, follow_redirects=False)
    assert forged.post(path, data={"csrf": "tebakan", "password": PASSWORD, "password2": PASSWORD}).status_code == 403

    done = web.post(path, data={"csrf": open_link(web, path), "password": PASSWORD, "password2": PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/"
    assert "HttpOnly" in done.headers["set-cookie"] and SESSION_COOKIE in done.headers["set-cookie"]
    inbox = web.get("/")
    assert inbox.status_code == 200 and "Kotak Masuk" in inbox.text and nip in inbox.text
    assert Accounts(site.service.store.engine).check_password(nip, PASSWORD)

    again = TestClient(app, follow_redirects=False)
    for answer in (again.get(path), again.post(path, data={"csrf": "x", "password": "lain-lagi-123",
                                                           "password2": "lain-lagi-123"})):
        assert answer.status_code == 410 and "sudah dipakai" in answer.text
    assert Accounts(site.service.store.engine).check_password(nip, PASSWORD)


def test_expired_replaced_and_unknown_links_are_refused(app, site: Site) -> None:
    nip = site.nip(ROLE)
    accounts = Accounts(site.service.store.engine)
    web = TestClient(app, follow_redirects=False)
    expired = accounts.create_login_link(nip, lifetime=timedelta(seconds=-1))
    answer = web.get(f"/masuk/tautan/{expired}")
    assert answer.status_code == 410 and "sudah kedaluwarsa" in answer.text
    older = make_link(site, nip)
    newer = make_link(site, nip)
    assert web.get(older).status_code == 410 and "tidak dikenal" in web.get(older).text
    assert web.get(newer).status_code == 200
    assert "tidak dikenal" in web.get("/masuk/tautan/" + "A" * 43).text
    assert web.get("/masuk/tautan/" + "A" * 5000).status_code in (404, 410)


def test_login_link_needs_a_rostered_nip_and_a_web_address(site: Site) -> None:
    base = [sys.executable, "-m", "sopflow.cli.main", "user", "login-link", "--roster", str(site.roster_path),
            "--data-dir", str(site.data_dir), "--json"]
    stranger = subprocess.run([*base, "199901012020011001"], capture_output=True, text=True, timeout=120)
    assert stranger.returncode == 1 and "tidak ada dalam roster" in json.loads(stranger.stdout)["error"]["message"]
    bad = subprocess.run([*base, site.nip(ROLE), "--base-url", "javascript:alert(1)"], capture_output=True,
                         text=True, timeout=120)
    assert bad.returncode == 2 and "bukan alamat http" in bad.stdout


def test_a_link_opened_in_the_browser_ends_in_the_inbox(site: Site, open_page) -> None:
    nip = site.nip(ROLE)
    page = open_page(width=390, height=844)  # a phone
    page.goto(make_link(site, nip))
    assert site.roster.for_role(ROLE).official.name in page.locator("main").inner_text()
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:text('Kotak Masuk')")
    assert nip in page.locator("header").inner_text()
