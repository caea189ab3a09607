"""The model pages over HTTP: access, uploads (good, with errors, hostile), the SOP document, trial cases."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from test_app import client, logged_in
from web_support import PASSWORD, off_loop

from sopflow.bpmn import resolve_model
from sopflow.runner.cases import CaseService
from sopflow.runner.library import ModelLibrary
from sopflow.runner.roster import Roster
from sopflow.signing import load_certificate, verify_pdf
from sopflow.web import WebConfig, create_app
from sopflow.web.accounts import Accounts

SEED = "lip20-0013"
NAME = "lip20-0013"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory, roster_path: Path) -> Path:
    """A data directory of its own (its library starts empty), with an account for everybody rostered."""
    data = tmp_path_factory.mktemp("model-pages") / "data"
    roster = Roster.load(roster_path)
    service = CaseService(data)
    accounts = Accounts(service.store.engine)
    for nip in {e.official.nip for e in roster.entries.values()} | set(roster.staff):
        accounts.set_password(nip, PASSWORD)
    service.close()
    return data


@pytest.fixture(scope="module")
def app(data_dir: Path, roster_path: Path):
    return create_app(WebConfig(data_dir=data_dir, roster=roster_path))


@pytest.fixture(scope="module")
def analyst(app, roster):
    nip = next(nip for nip, staff in roster.staff.items() if "model" in staff.access)
    return logged_in(app, nip)


def _library(app) -> ModelLibrary:
    return app.state.library


def _seed_files() -> tuple[Path, list[tuple[str, tuple[str, bytes]]]]:
    model = resolve_model(SEED)
    assert model is not None
    forms = sorted((model.parent.parent / "forms").glob("lip20_0013_*.form"))
    assert forms
    return model, [("forms", (f.name, f.read_bytes())) for f in forms]


def _upload(web, csrf: str, model: bytes, forms=(), *, name: str = NAME, file_name: str = "model.bpmn"):
    return web.post("/model", data={"csrf": csrf, "name": name},
                    files=[("model", (file_name, model, "application/octet-stream")), *forms])


def _stored(app) -> tuple[list, list]:
    return [(m.name, m.versions) for m in _library(app).list_models()], sorted(
        _library(app).store.blobs.digests())


def test_only_analysts_reach_the_model_pages(app, roster, analyst):
    web, _ = analyst
    page = web.get("/model")
    assert page.status_code == 200 and "Pustaka Model" in page.text
    assert 'href="/model"' in web.get("/").text  # the navigation link
    official, csrf = logged_in(app, roster.for_role("Kepala Seksi Operasional").official.nip)
    archivist, _ = logged_in(app, next(n for n, s in roster.staff.items() if "arsip" in s.access))
    assert 'href="/model"' not in official.get("/").text
    for web_ in (official, archivist):
        for path in ("/model", f"/model/{NAME}", f"/model/{NAME}/v/1/sop.pdf", "/uji-coba/LIP20-0013-0001"):
            assert web_.get(path).status_code == 403, path
    model, forms = _seed_files()
    refused = _upload(official, csrf, model.read_bytes(), forms)
    assert refused.status_code == 403
    assert client(app).get("/model").status_code == 303  # to the login form
    assert _stored(app)[0] == []


def test_an_upload_needs_the_csrf_token(app, analyst):
    web, _ = analyst
    model, forms = _seed_files()
    before = _stored(app)
    assert _upload(web, "falsch", model.read_bytes(), forms).status_code == 403
    assert _stored(app) == before


def test_upload_a_model_see_its_version_and_sop_document(app, analyst, tmp_path):
    web, csrf = analyst
    model, forms = _seed_files()
    saved = _upload(web, csrf, model.read_bytes(), forms)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/model/{NAME}/v/1"
    page = web.get(f"/model/{NAME}/v/1")
    assert page.status_code == 200
    assert "LIP20-0013" in page.text and "Tidak ada temuan" in page.text
    assert f'data-model-url="/model/{NAME}/v/1/model.bpmn"' in page.text
    assert web.get(f"/model/{NAME}").text.count("(terbaru)") == 1
    version = _library(app).version(NAME)
    assert version.author_nip in page.text
    assert web.get(f"/model/{NAME}/v/1/model.bpmn").content == model.read_bytes()
    form_key = version.form_keys[0]
    form = web.get(f"/model/{NAME}/v/1/formulir/{form_key}.form?unduh=1")
    assert form.status_code == 200 and "attachment" in form.headers["content-disposition"]
    assert web.get(f"/model/{NAME}/v/1/formulir/tidak-ada.form").status_code == 404
    assert web.get(f"/model/{NAME}/v/9").status_code == 404

    sop = web.get(f"/model/{NAME}/v/1/sop.pdf?unduh=1")
    assert sop.status_code == 200 and sop.content.startswith(b"%PDF-")
    assert sop.headers["content-disposition"].startswith("attachment")
    text = subprocess.run(["pdftotext", "-", "-"], input=sop.content, capture_output=True, check=True).stdout
    assert b"LIP20-0013" in text and b"Bagan Arus" in text.replace(b"BAGAN ARUS", b"Bagan Arus")

    listing = web.get("/model")
    assert f'href="/model/{NAME}"' in listing.text


def _broken(model: bytes) -> bytes:
    marker = b'name="action" value="create"'
    assert marker in model
    return model.replace(marker, b'name="action" value="buat"', 1)


def test_a_model_with_errors_is_refused_with_its_findings_on_the_diagram(app, analyst):
    web, csrf = analyst
    model, forms = _seed_files()
    before = _stored(app)
    refused = _upload(web, csrf, _broken(model.read_bytes()), forms, name="rusak")
    assert refused.status_code == 422
    assert "ditolak" in refused.text and "tidak ada versi yang disimpan" in refused.text
    marked = re.findall(r'data-element-id="([^"]*)" data-rule="([^"]*)"', refused.text)
    assert ("Task_SusunKonsepSuratTugas", "task-action") in marked
    assert 'id="diagram-xml"' in refused.text  # the uploaded diagram, drawn with the findings
    assert "rusak.bpmn:" in refused.text and "sopflow-model-" not in refused.text
    assert _stored(app) == before


@pytest.mark.parametrize("label, body, rule", [
    ("xxe", b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<d>&x;</d>',
     "xml-hostile"),
    ("entity bomb", b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
     + b"".join(f'<!ENTITY a{i} "{("&a;" if i == 0 else f"&a{i - 1};") * 10}">'.encode() for i in range(9))
     + b"]>\n<d>&a8;</d>", "xml-hostile"),
    ("non-UTF-8", b'<?xml version="1.0" encoding="UTF-8"?>\n<definitions>\n caf\xe9 \xff\n</definitions>',
     "xml-syntax"),
    ("too large for a model", b"<x>" + b" " * (6 * 1024 * 1024) + b"</x>", "xml-hostile"),
])
def test_hostile_uploads_are_refused_with_a_located_message(app, analyst, label, body, rule):
    web, csrf = analyst
    before = _stored(app)
    refused = _upload(web, csrf, body, name="bermusuhan")
    assert refused.status_code == 422, label
    [(element, found)] = re.findall(r'data-element-id="([^"]*)" data-rule="([^"]*)"', refused.text)
    assert found == rule
    located = re.search(r"bermusuhan\.bpmn(:(\d+))?</code>", refused.text)
    assert located and (label == "too large for a model" or int(located.group(2)) >= 2)
    assert 'id="diagram-xml"' not in refused.text
    assert "root:" not in refused.text  # no entity was expanded
    assert _stored(app) == before


def test_a_body_over_the_upload_limit_is_refused_before_it_is_read(app, analyst):
    web, csrf = analyst
    before = _stored(app)
    refused = _upload(web, csrf, b"<x>" + b" " * (9 * 1024 * 1024) + b"</x>", name="besar")
    assert refused.status_code == 413
    assert _stored(app) == before
    assert web.post("/kasus/x/tugas/y/pratinjau", content=b"x" * (300 * 1024)).status_code == 413


def test_bad_names_are_refused_with_a_message(app, analyst):
    web, csrf = analyst
    model, forms = _seed_files()
    before = _stored(app)
    refused = _upload(web, csrf, model.read_bytes(), forms, name="Nama Buruk")
    assert refused.status_code == 400 and "nama model" in refused.text
    odd_form = [("forms", ("isian buruk.form", b"{}"))]
    refused = _upload(web, csrf, model.read_bytes(), [*forms, *odd_form])
    assert refused.status_code == 400 and "isian buruk.form" in refused.text
    missing = web.post("/model", data={"csrf": csrf, "name": NAME})
    assert missing.status_code == 400 and "Pilih berkas model" in missing.text
    assert _stored(app) == before


def test_a_trial_case_runs_apart_from_real_cases(app, analyst, data_dir):
    web, csrf = analyst
    model, forms = _seed_files()
    if not _library(app).list_models():
        assert _upload(web, csrf, model.read_bytes(), forms).status_code == 303
    started = web.post(f"/model/{NAME}/v/1/uji-coba", data={"csrf": csrf})
    assert started.status_code == 303
    trial_url = started.headers["location"]
    case_id = trial_url.rsplit("/", 1)[1]
    page = web.get(trial_url)
    assert page.status_code == 200 and "UJI COBA" in page.text and "Belum ada langkah" in page.text
    assert web.post(f"{trial_url}/langkah", data={"csrf": "salah"}).status_code == 403

    stepped = web.post(f"{trial_url}/langkah", data={"csrf": csrf})
    assert stepped.status_code == 303
    page = web.get(trial_url)
    assert re.search(r"oleh [^<]*\(UJI COBA\)", page.text)
    trials = app.state.trials.service
    [entry] = trials.journal(case_id)
    assert "UJI COBA" in entry["official"]["name"]
    for _ in range(4):  # on to the first task that makes a document
        if trials.revisions(case_id):
            break
        assert web.post(f"{trial_url}/langkah", data={"csrf": csrf}).status_code == 303
    [first, *_] = trials.revisions(case_id)
    assert f'href="{trial_url}/dokumen/{first.document_id}/{first.revision}.pdf"' in web.get(trial_url).text
    pdf = web.get(f"{trial_url}/dokumen/{first.document_id}/{first.revision}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF-")
    trial_roster = app.state.trials.roster_for(trials.model_of(case_id))
    report = off_loop(lambda: verify_pdf(pdf.content, trust_roots=[load_certificate(p) for p in trial_roster.trust_roots]))
    assert report.ok and all("(UJI COBA)" in (s.signer_name or "") for s in report.signatures)
    assert web.get(f"{trial_url}/model.bpmn").content == model.read_bytes()
    # real cases never see it: the deployment's database has no case, the trial area its own
    real = CaseService(data_dir)
    try:
        assert real.list_cases() == []
    finally:
        real.close()
    assert (data_dir / "uji-coba" / "data" / "sopflow.db").is_file()
    assert case_id in web.get(f"/model/{NAME}/v/1").text  # listed with its model version
    assert web.get("/uji-coba/TIDAK-ADA-0001").status_code == 404
