"""An official whose key is on a PKCS#11 token (SoftHSM) signs in the browser with the token's PIN.

The roster names the token and key but no PIN; the PIN typed on the task page unlocks the key for
that one completion. A wrong PIN signs nothing, is logged (without the PIN) and counts towards the
failure limit; past it even the right PIN waits. The server is ``sopflow serve`` in its own
process: SoftHSM reads its configuration once per process, and this test's token is not the one
other tests of the session may have loaded.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
import tomli_w
from serve_process import Server
from web_support import PASSWORD, Site, log_in, off_loop

from sopflow.runner.cases import CaseService
from sopflow.runner.roster import Roster
from sopflow.signing import load_certificate, verify_pdf
from sopflow.signing.softhsm import make_softhsm_token, softhsm_available
from sopflow.web.accounts import Accounts

pytestmark = pytest.mark.skipif(not softhsm_available(), reason="SoftHSM and OpenSC are not installed")

ROLE = "Co Supervisor Operasional"
"""Holds the first task of LIP20-0013 (a signed activity record)."""
PIN = "271828"


@pytest.fixture(scope="module")
def token_site(tmp_path_factory: pytest.TempPathFactory, roster_path: Path) -> Iterator[tuple[Site, Path]]:
    """Its own data directory (failures counted here stay here), a roster whose Co Supervisor
    signs with a SoftHSM token holding their key, and the token's SoftHSM configuration."""
    folder = tmp_path_factory.mktemp("token-site")
    before = os.environ.get("SOFTHSM2_CONF")
    raw = tomllib.loads(roster_path.read_text(encoding="utf-8"))
    mine = next(e for e in raw["official"] if e["role"] == ROLE)
    token = make_softhsm_token(folder / "token", roster_path.parent / mine["signer"]["pkcs12"],
                               mine["signer"]["passphrase"], label="sopflow-web", pin=PIN)
    if before is None:  # the token tooling sets it for this process; the server gets it explicitly
        os.environ.pop("SOFTHSM2_CONF", None)
    else:
        os.environ["SOFTHSM2_CONF"] = before
    key = token.spec.pkcs11
    assert key is not None
    mine["signer"] = {"pkcs11": {"module": str(key.module), "token_label": key.token_label,
                                 "key_label": key.key_label}}  # no PIN: the official types it
    path = roster_path.with_name("roster-token.toml")  # beside it: the test PKI's relative paths hold
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    roster = Roster.load(path)
    service = CaseService(folder / "data")
    Accounts(service.store.engine).set_password(roster.for_role(ROLE).official.nip, PASSWORD)
    yield Site(data_dir=folder / "data", roster_path=path, roster=roster, service=service), token.config
    service.close()


@pytest.fixture(scope="module")
def token_server(token_site: tuple[Site, Path]) -> Iterator[str]:
    """``sopflow serve`` on the token site, in its own process with the token's configuration."""
    site, config = token_site
    server = Server.start(site.data_dir, None, site.roster_path,
                          env={"SOFTHSM2_CONF": str(config), "SOPFLOW_TODAY": ""})
    try:
        yield server.base
    finally:
        server.stop()


def logged_in(base: str, nip: str) -> httpx.Client:
    web = httpx.Client(base_url=base, timeout=120, follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', web.get("/masuk").text).group(1)
    assert web.post("/masuk", data={"csrf": token, "nip": nip, "password": PASSWORD}).status_code == 303
    return web


def sign(web: httpx.Client, csrf: str, case_id: str, task_id: str, data: dict, pin: str) -> httpx.Response:
    return web.post(f"/kasus/{case_id}/tugas/{task_id}/selesaikan", json={"data": data, "secret": pin},
                    headers={"x-csrf-token": csrf, "accept": "application/json"})


def test_the_pin_unlocks_the_token_and_a_wrong_one_signs_nothing(token_site, token_server: str) -> None:
    site, _config = token_site
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    nip = site.nip(ROLE)
    web = logged_in(token_server, nip)
    page = web.get(f"/kasus/{case_id}/tugas/{task.id}")
    assert "PIN token Anda" in page.text and "Frasa sandi kunci Anda" not in page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    data = site.service.form_of(case_id, task.form_key).defaults()
    wrong = sign(web, csrf, case_id, task.id, data, "000000")
    assert wrong.status_code == 422 and wrong.json()["field"] == "secret"
    assert "tidak membuka kunci" in wrong.json()["message"]
    assert not site.service.journal(case_id) and site.ready(case_id).id == task.id
    done = sign(web, csrf, case_id, task.id, data, PIN)
    assert done.status_code == 200, done.text
    [entry] = site.service.journal(case_id)
    assert entry["official"]["nip"] == nip
    [revision] = site.service.revisions(case_id)
    report = off_loop(lambda: verify_pdf(site.service.store.blobs.get(revision.sha256),
                                         trust_roots=tuple(load_certificate(p) for p in site.roster.trust_roots)))
    assert report.ok and [s.signer_nip for s in report.signatures] == [nip]


def test_the_pin_signs_in_the_browser(token_site, token_server: str, browser, tmp_path: Path) -> None:
    site, _config = token_site
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=token_server)
    context.set_default_timeout(60_000)
    page = context.new_page()
    try:
        log_in(page, site.nip(ROLE))
        page.goto(f"/kasus/{case_id}/tugas/{task.id}")
        page.wait_for_selector("#task[data-form-ready=true]")
        page.click("#preview-button")
        page.wait_for_selector("#preview-status:has-text('siap')")
        page.fill("#secret", "999999")
        page.click("#sign-button")
        page.wait_for_selector("#secret-error:not([hidden])")
        assert "tidak membuka kunci" in page.locator("#secret-error").inner_text()
        assert not site.service.journal(case_id)
        page.screenshot(path=tmp_path / "token-wrong-pin.png", full_page=True)
        page.fill("#secret", PIN)
        page.click("#sign-button")
        page.wait_for_url("**/?selesai=*")
    finally:
        context.close()
    assert [e["official"]["nip"] for e in site.service.journal(case_id)] == [site.nip(ROLE)]


def test_wrong_pins_are_rate_limited(token_site, token_server: str) -> None:
    """Last in this module: it locks the official's signing for the failure window."""
    site, _config = token_site
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    web = logged_in(token_server, site.nip(ROLE))
    page = web.get(f"/kasus/{case_id}/tugas/{task.id}")
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    data = site.service.form_of(case_id, task.form_key).defaults()
    for _ in range(5):
        assert sign(web, csrf, case_id, task.id, data, "000000").status_code == 422
    locked = sign(web, csrf, case_id, task.id, data, PIN)
    assert locked.status_code == 429 and "Terlalu banyak" in locked.json()["title"]
    assert not site.service.journal(case_id) and site.ready(case_id).id == task.id
