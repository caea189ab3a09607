"""An official whose key is on a PKCS#11 token (SoftHSM) signs in the browser with the token's PIN.

The roster names the token and key but no PIN; the PIN typed on the task page unlocks the key for
that one completion. A wrong PIN signs nothing, is logged (without the PIN) and counts towards the
failure limit; past it even the right PIN waits.
"""

from __future__ import annotations

import logging
import time
import tomllib
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import tomli_w
from starlette.testclient import TestClient
from web_support import PASSWORD, Site, log_in, off_loop, serving

from sopflow.runner.cases import CaseService
from sopflow.runner.roster import Roster
from sopflow.signing import load_certificate, verify_pdf
from sopflow.signing.softhsm import make_softhsm_token, softhsm_available
from sopflow.web import WebConfig, create_app
from sopflow.web.accounts import Accounts

pytestmark = pytest.mark.skipif(not softhsm_available(), reason="SoftHSM and OpenSC are not installed")

ROLE = "Co Supervisor Operasional"
"""Holds the first task of LIP20-0013 (a signed activity record)."""
PIN = "271828"
WINDOW = timedelta(seconds=3)
"""The failure window of this module's app: short, so the test can wait it out."""


@pytest.fixture(scope="module")
def token_site(tmp_path_factory: pytest.TempPathFactory, roster_path: Path) -> Iterator[Site]:
    """Its own data directory (failures counted here stay here) and a roster whose Co Supervisor
    signs with a SoftHSM token holding their key."""
    folder = tmp_path_factory.mktemp("token-site")
    raw = tomllib.loads(roster_path.read_text(encoding="utf-8"))
    mine = next(e for e in raw["official"] if e["role"] == ROLE)
    token = make_softhsm_token(folder / "token", roster_path.parent / mine["signer"]["pkcs12"], mine["signer"]["passphrase"],
                               label="sopflow-web", pin=PIN)
    key = token.spec.pkcs11
    assert key is not None
    mine["signer"] = {"pkcs11": {"module": str(key.module), "token_label": key.token_label,
                                 "key_label": key.key_label}}  # no PIN: the official types it
    path = roster_path.with_name("roster-token.toml")  # beside it: the test PKI's relative paths hold
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    roster = Roster.load(path)
    service = CaseService(folder / "data")
    Accounts(service.store.engine).set_password(roster.for_role(ROLE).official.nip, PASSWORD)
    yield Site(data_dir=folder / "data", roster_path=path, roster=roster, service=service)
    service.close()


@pytest.fixture(scope="module")
def app(token_site: Site):
    return create_app(WebConfig(data_dir=token_site.data_dir, roster=token_site.roster_path, failure_window=WINDOW))


def sign(web: TestClient, csrf: str, case_id: str, task_id: str, data: dict, pin: str):
    return off_loop(lambda: web.post(f"/kasus/{case_id}/tugas/{task_id}/selesaikan",
                                     json={"data": data, "secret": pin},
                                     headers={"x-csrf-token": csrf, "accept": "application/json"}))


def test_a_wrong_pin_is_refused_limited_and_changes_nothing(app, token_site: Site,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    import re

    case_id = token_site.start("lip20-0013")
    task = token_site.ready(case_id)
    nip = token_site.nip(ROLE)
    web = TestClient(app, follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', web.get("/masuk").text).group(1)
    assert web.post("/masuk", data={"csrf": token, "nip": nip, "password": PASSWORD}).status_code == 303
    page = web.get(f"/kasus/{case_id}/tugas/{task.id}")
    assert "PIN token Anda" in page.text and "Frasa sandi kunci Anda" not in page.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)
    data = token_site.service.form_of(case_id, task.form_key).defaults()
    caplog.set_level(logging.WARNING, logger="sopflow.web.security")
    for _ in range(5):
        wrong = sign(web, csrf, case_id, task.id, data, "000000")
        assert wrong.status_code == 422 and wrong.json()["field"] == "secret"
        assert "tidak membuka kunci" in wrong.json()["message"]
    assert sum("wrong key passphrase or PIN" in r.getMessage() for r in caplog.records) == 5
    assert all("000000" not in r.getMessage() for r in caplog.records)
    locked = sign(web, csrf, case_id, task.id, data, PIN)
    assert locked.status_code == 429
    assert not token_site.service.journal(case_id) and token_site.ready(case_id).id == task.id

    time.sleep(WINDOW.total_seconds() + 0.5)  # the window passes
    done = sign(web, csrf, case_id, task.id, data, PIN)
    assert done.status_code == 200, done.text
    [entry] = token_site.service.journal(case_id)
    assert entry["official"]["nip"] == nip
    [revision] = token_site.service.revisions(case_id)
    report = off_loop(lambda: verify_pdf(token_site.service.store.blobs.get(revision.sha256),
                                         trust_roots=tuple(load_certificate(p) for p in token_site.roster.trust_roots)))
    assert report.ok and [s.signer_nip for s in report.signatures] == [nip]


def test_the_pin_signs_in_the_browser(token_site: Site, browser, tmp_path: Path) -> None:
    case_id = token_site.start("lip20-0013")
    task = token_site.ready(case_id)
    app = create_app(WebConfig(data_dir=token_site.data_dir, roster=token_site.roster_path))
    with serving(app) as base_url:
        context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=base_url)
        context.set_default_timeout(60_000)
        page = context.new_page()
        try:
            log_in(page, token_site.nip(ROLE))
            page.goto(f"/kasus/{case_id}/tugas/{task.id}")
            page.wait_for_selector("#task[data-form-ready=true]")
            page.click("#preview-button")
            page.wait_for_selector("#preview-status:has-text('siap')")
            page.fill("#secret", "999999")
            page.click("#sign-button")
            page.wait_for_selector("#secret-error:not([hidden])")
            assert "tidak membuka kunci" in page.locator("#secret-error").inner_text()
            assert not token_site.service.journal(case_id)
            page.screenshot(path=tmp_path / "token-wrong-pin.png", full_page=True)
            page.fill("#secret", PIN)
            page.click("#sign-button")
            page.wait_for_url("**/?selesai=*")
        finally:
            context.close()
    assert [e["official"]["nip"] for e in token_site.service.journal(case_id)] == [token_site.nip(ROLE)]
