"""The web app over HTTP (no browser): login, sessions, CSRF, authorization on every route, limits, headers."""

from __future__ import annotations

import logging
import re
from datetime import UTC, timedelta
from pathlib import Path

import pytest
from starlette.testclient import TestClient
from web_support import PASSWORD, Site

from sopflow.web import WebConfig, create_app
from sopflow.web.render import SESSION_COOKIE

KASI = "Kepala Seksi Operasional"
CO_SPV = "Co Supervisor Operasional"


@pytest.fixture(scope="module")
def app(site: Site):
    return create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path, max_body_bytes=64 * 1024,
                                failure_window=timedelta(minutes=15)))


def client(app, address: str = "192.0.2.1") -> TestClient:
    """A client from ``address`` (tests that exhaust the failure limit use their own)."""
    return TestClient(app, follow_redirects=False, client=(address, 50000))


def login_token(web: TestClient) -> str:
    page = web.get("/masuk")
    assert page.status_code == 200
    return re.search(r'name="csrf" value="([^"]+)"', page.text).group(1)


def logged_in(app, nip: str) -> tuple[TestClient, str]:
    """A client logged in as ``nip`` and its session's CSRF token."""
    web = client(app)
    answer = web.post("/masuk", data={"csrf": login_token(web), "nip": nip, "password": PASSWORD, "next": "/"})
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    inbox = web.get("/")
    return web, re.search(r'name="csrf" value="([^"]+)"', inbox.text).group(1)


def test_pages_need_login_and_carry_security_headers(app) -> None:
    answer = client(app).get("/")
    assert answer.status_code == 303 and answer.headers["location"].startswith("/masuk")
    page = client(app).get("/masuk")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert page.headers["x-frame-options"] == "DENY" and page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["cache-control"] == "no-store"
    assert "<script>" not in page.text  # no inline script anywhere on the page


def test_session_cookie_is_httponly_and_samesite(app, site: Site) -> None:
    web = client(app)
    answer = web.post("/masuk", data={"csrf": login_token(web), "nip": site.nip(KASI), "password": PASSWORD})
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_wrong_passwords_are_logged_and_rate_limited(app, site: Site, caplog: pytest.LogCaptureFixture) -> None:
    nip = site.nip("Pelaksana Seksi Operasional")  # an official no other test logs in as
    web = client(app, "192.0.2.66")
    caplog.set_level(logging.WARNING, logger="sopflow.web.security")
    for _ in range(5):
        wrong = web.post("/masuk", data={"csrf": login_token(web), "nip": nip, "password": "salah-sekali"})
        assert wrong.status_code == 401 and "NIP atau kata sandi salah" in wrong.text
    assert sum("wrong NIP or password" in r.getMessage() and nip in r.getMessage() for r in caplog.records) == 5
    locked = web.post("/masuk", data={"csrf": login_token(web), "nip": nip, "password": PASSWORD})
    assert locked.status_code == 429 and "Terlalu banyak percobaan" in locked.text
    assert SESSION_COOKIE not in locked.headers.get("set-cookie", "")


def test_login_without_its_csrf_token_is_refused(app, site: Site) -> None:
    web = client(app)
    login_token(web)
    answer = web.post("/masuk", data={"nip": site.nip(KASI), "password": PASSWORD})
    assert answer.status_code == 403 and SESSION_COOKIE not in answer.headers.get("set-cookie", "")


def test_another_officials_task_case_model_and_documents_answer_not_found(app, site: Site) -> None:
    case_id = site.start("lip20-0013")
    first = site.ready(case_id)  # Co Supervisor's
    site.complete(first)
    record = site.service.documents(case_id)[0].document_id
    other, _ = logged_in(app, site.nip("Quality Assessor 1"))  # holds no role of this SOP
    for url in (f"/kasus/{case_id}", f"/kasus/{case_id}/model.bpmn", f"/kasus/{case_id}/dokumen/{record}/1.pdf",
                f"/kasus/{case_id}/tugas/{site.ready(case_id).id}", f"/kasus/{case_id}/tugas/no-such-task",
                "/kasus/NO-SUCH-CASE"):
        answer = other.get(url)
        assert answer.status_code == 404, url
        assert "%PDF" not in answer.text and "bpmn:definitions" not in answer.text
    assert site.ready(case_id).id not in other.get("/").text
    owner, _ = logged_in(app, site.nip(CO_SPV))
    assert owner.get(f"/kasus/{case_id}/dokumen/{record}/1.pdf").content.startswith(b"%PDF")
    assert site.ready(case_id).id in owner.get("/").text
    case_page = owner.get(f"/kasus/{case_id}").text
    assert f'href="/kasus/{case_id}/dokumen/{record}/1.pdf"' in case_page and "Revisi 1" in case_page


def test_posts_without_the_session_csrf_token_change_nothing(app, site: Site) -> None:
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    web, csrf = logged_in(app, site.nip(task.role))
    url = f"/kasus/{case_id}/tugas/{task.id}/selesaikan"
    body = {"data": {}, "secret": "demo-rahasia"}
    assert web.post(url, json=body).status_code == 403
    assert web.post(url, json=body, headers={"x-csrf-token": "forged"}).status_code == 403
    assert web.post(url, json=body, headers={"x-csrf-token": csrf, "origin": "https://evil.example"}).status_code == 403
    assert site.ready(case_id).id == task.id and not site.service.journal(case_id)


def test_wrong_passphrase_signs_nothing_and_is_rate_limited(app, site: Site,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    case_id = site.start("lip10-0072")  # its first official signs in no other test
    task = site.ready(case_id)
    web, csrf = logged_in(app, site.nip(task.role))
    url = f"/kasus/{case_id}/tugas/{task.id}/selesaikan"
    data = site.service.form_of(case_id, task.form_key).defaults()
    caplog.set_level(logging.WARNING, logger="sopflow.web.security")
    for _ in range(5):
        answer = web.post(url, json={"data": data, "secret": "bukan-frasa-sandinya"},
                          headers={"x-csrf-token": csrf, "accept": "application/json"})
        assert answer.status_code == 422 and answer.json()["field"] == "secret"
    assert any("wrong key passphrase" in r.getMessage() for r in caplog.records)
    assert all("bukan-frasa-sandinya" not in r.getMessage() for r in caplog.records)
    locked = web.post(url, json={"data": data, "secret": "demo-rahasia"},
                      headers={"x-csrf-token": csrf, "accept": "application/json"})
    assert locked.status_code == 429
    assert not site.service.journal(case_id)


def test_server_validation_names_the_field(app, site: Site) -> None:
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    web, csrf = logged_in(app, site.nip(task.role))
    form = site.service.form_of(case_id, task.form_key)
    required = next(f for f in form.fields if f.required)
    answer = web.post(f"/kasus/{case_id}/tugas/{task.id}/pratinjau",
                      json={"data": {**form.defaults(), required.key: ""}},
                      headers={"x-csrf-token": csrf, "accept": "application/json"})
    assert answer.status_code == 422 and answer.json()["field"] == required.key


def test_large_bodies_are_refused(app, site: Site) -> None:
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    web, csrf = logged_in(app, site.nip(task.role))
    answer = web.post(f"/kasus/{case_id}/tugas/{task.id}/pratinjau", content=b"{" + b" " * 200_000 + b"}",
                      headers={"x-csrf-token": csrf, "content-type": "application/json"})
    assert answer.status_code == 413


def test_stale_page_gets_a_clear_message(app, site: Site) -> None:
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    web, csrf = logged_in(app, site.nip(task.role))
    site.complete(task)  # done elsewhere (the command line)
    page = web.get(f"/kasus/{case_id}/tugas/{task.id}")
    assert page.status_code == 409 and "sudah diselesaikan" in page.text
    answer = web.post(f"/kasus/{case_id}/tugas/{task.id}/selesaikan", json={"data": {}, "secret": "x"},
                      headers={"x-csrf-token": csrf, "accept": "application/json"})
    assert answer.status_code == 409 and "sudah diselesaikan" in answer.json()["message"]
    assert len(site.service.journal(case_id)) == 1


def test_inbox_counts_filters_pages_and_marks_overdue(site: Site) -> None:
    from datetime import datetime

    from sopflow.runner.cases import CaseService
    from sopflow.runner.clock import fixed_clock
    from sopflow.web.pages.inbox import PAGE

    cases = [site.start("lip30-0005") for _ in range(PAGE + 2)]  # first task: Kepala Kantor's
    nip = site.nip(site.ready(cases[0]).role)
    later = CaseService(site.data_dir, clock=fixed_clock(datetime(2027, 3, 1, 2, tzinfo=UTC)))
    app = create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path), service=later)
    web, _ = logged_in(app, nip)
    page = web.get("/").text
    total = int(re.search(r"<strong>(\d+)</strong> tugas menunggu", page).group(1))
    assert total >= PAGE + 2 and f"<strong class=\"late\">{total} terlambat</strong>" in page
    assert page.count('<li class="task overdue">') == PAGE and "TERLAMBAT" in page
    assert "tugas lagi" in page and f"batas={2 * PAGE}" in page
    everything = web.get("/?batas=100000").text
    assert everything.count('<li class="task') == total
    rows = web.get("/?sop=NO-SUCH-SOP", headers={"hx-request": "true", "hx-target": "inbox-rows"}).text
    assert "<html" not in rows and "dengan saringan ini" in rows and '<li class="task' not in rows
    found = web.get(f"/?cari={cases[-1]}&batas=100000").text
    assert found.count('<li class="task') == 1 and cases[-1] in found
    later.close()


def test_the_typed_secret_replaces_the_rosters(site: Site) -> None:
    from dataclasses import replace as with_

    from sopflow.runner.roster import Roster
    from sopflow.signing.signers import Pkcs11Key, SignerSpec
    from sopflow.web.workspace import NotFound, Workspace

    workspace = Workspace(site.service, site.roster)
    role = "Kepala Seksi Operasional"
    nip = site.nip(role)
    spec = workspace.signer_spec(nip, role, "diketik-di-peramban")
    assert spec.pkcs12 == site.roster.for_role(role).signer.pkcs12 and spec.passphrase == "diketik-di-peramban"
    token = SignerSpec(pkcs11=Pkcs11Key(module=Path("/usr/lib/softhsm/libsofthsm2.so"), token_label="sopflow",
                                        key_label=nip, pin="1234"))
    entries = dict(site.roster.entries)
    entries[role] = with_(entries[role], signer=token)
    on_token = Workspace(site.service, Roster(**{**site.roster.__dict__, "entries": entries}))
    spec = on_token.signer_spec(nip, role, "5678")
    assert spec.pkcs11 is not None and spec.pkcs11.pin == "5678" and spec.pkcs11.key_label == nip
    with pytest.raises(NotFound):
        workspace.signer_spec("199901012020011001", role, "x")


def test_a_key_that_is_not_the_officials_signs_nothing(site: Site, tmp_path: Path) -> None:
    import tomllib

    import tomli_w

    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    raw = tomllib.loads(site.roster_path.read_text(encoding="utf-8"))
    mine = next(o for o in raw["official"] if o["role"] == task.role)
    other = next(o for o in raw["official"] if o["nip"] != mine["nip"])
    mine["signer"] = dict(other["signer"])  # the server would unlock another official's key for this NIP
    for entry in raw["official"]:
        entry["signer"]["pkcs12"] = str(site.roster_path.parent / entry["signer"]["pkcs12"])
    raw["signing"]["trust"] = [str(site.roster_path.parent / p) for p in raw["signing"]["trust"]]
    raw["signing"]["test_pki"] = str(site.roster_path.parent / raw["signing"]["test_pki"])
    swapped = tmp_path / "roster.toml"
    swapped.write_text(tomli_w.dumps(raw), encoding="utf-8")
    app = create_app(WebConfig(data_dir=site.data_dir, roster=swapped))
    web, csrf = logged_in(app, mine["nip"])
    data = site.service.form_of(case_id, task.form_key).defaults()
    answer = web.post(f"/kasus/{case_id}/tugas/{task.id}/selesaikan", json={"data": data, "secret": "demo-rahasia"},
                      headers={"x-csrf-token": csrf, "accept": "application/json"})
    assert answer.status_code == 403
    assert answer.json()["title"] == "Bukan pejabat yang ditetapkan" and mine["name"] in answer.json()["message"]
    assert site.ready(case_id).id == task.id and not site.service.journal(case_id)


def test_case_history_shows_form_labels_and_choice_labels(app, site: Site) -> None:
    case_id = site.start("lip20-0013")
    review = site.drive_until(case_id, "Task_TelitiKonsepUsulan")
    site.complete(review, {"keputusan": "setuju", "catatan": "Lanjutkan <b>segera</b>"})
    web, _ = logged_in(app, site.nip(KASI))
    page = web.get(f"/kasus/{case_id}").text
    assert "<dt>Sumber usul, saran dan kritik (satu per baris)</dt>" in page and "<dt>Keputusan</dt><dd>Setuju</dd>" in page
    assert "<dt>sumber_masukan</dt>" not in page and "<dd>setuju</dd>" not in page
    assert "<dd>Lanjutkan &lt;b&gt;segera&lt;/b&gt;</dd>" in page  # typed markup stays text


def test_the_server_log_keeps_security_records_and_drops_library_chatter() -> None:
    from sopflow.web.app import configure_logging

    root = logging.getLogger()
    level = root.level
    configure_logging()
    root.setLevel(logging.INFO)  # as basicConfig leaves it in `sopflow serve` (pytest has set up logging already)
    try:
        assert logging.getLogger("sopflow.web.security").isEnabledFor(logging.INFO)
        for name in ("spiff.task", "spiff.workflow", "pyhanko.sign.validation", "bagit"):
            assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
    finally:
        root.setLevel(level)
