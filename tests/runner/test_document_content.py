"""A document is never signed without the content its type requires, and no task drops data.

Real case on a copy of seed LIP20-0013 whose surat tugas form lost a field and whose
signing task lost its form; the case is compared before and after each refusal.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from support import complete, drive_until, ready, seed, snapshot

from sopflow.errors import FormDataError
from sopflow.model.check import check_paths
from sopflow.model.forms import find_form
from sopflow.model.profile import load_model
from sopflow.runner.admission import AdmittedModel
from sopflow.runner.cases import CaseService
from sopflow.runner.roster import Roster

DRAFT = "Task_SusunKonsepSuratTugas"
SIGN = "Task_TandatanganiSuratTugas"


def _copy(root: Path, *, drop_untuk: bool) -> Path:
    """The seed model and forms, the signing task without a form, maybe the surat tugas form without ``untuk``."""
    model = seed("lip20-0013")
    shutil.copytree(model.parent.parent / "forms", root / "forms")
    (root / "bpmn").mkdir()
    xml = model.read_text(encoding="utf-8")
    start = xml.index(f'id="{SIGN}"')
    key = xml.index('camunda:formKey="', start)
    end = xml.index('"', key + len('camunda:formKey="')) + 1
    target = root / "bpmn" / model.name
    target.write_text(xml[:key] + xml[end:], encoding="utf-8")
    if not drop_untuk:
        return target
    form = root / "forms" / "lip20_0013_surat_tugas.form"
    raw = json.loads(form.read_text(encoding="utf-8"))
    raw["components"] = [c for c in raw["components"] if c.get("key") != "untuk"]
    form.write_text(json.dumps(raw), encoding="utf-8")
    return target


def _start(root: Path, roster: Roster, *, drop_untuk: bool) -> tuple[CaseService, str, Path]:
    model = _copy(root / "model", drop_untuk=drop_untuk)
    service = CaseService(root / "data")
    if not drop_untuk:
        return service, service.start_case(model, roster), model
    # `case start` refuses this model (check reports form-keys); admitted by hand, completion must refuse it too
    loaded = load_model(model)
    forms = {t.form_key: find_form(t.form_key, model, None).read_bytes() for t in loaded.tasks.values() if t.form_key}
    return service, service.start_admitted(AdmittedModel(model, loaded, forms, ()), roster), model


@pytest.fixture
def case(tmp_path: Path, roster: Roster) -> tuple[CaseService, str, Path]:
    return _start(tmp_path, roster, drop_untuk=True)


def test_check_reports_the_missing_required_key_at_the_task(case) -> None:
    _service, _case_id, model = case
    findings = [f for f in check_paths([model]) if f.rule == "form-keys"]
    assert [(f.element_id, f.severity) for f in findings] == [(DRAFT, "error")]
    assert "untuk (Untuk)" in findings[0].message and findings[0].line > 0


def test_a_document_missing_required_content_is_refused_before_signing(case, roster: Roster) -> None:
    service, case_id, _model = case
    view = drive_until(service, roster, case_id, DRAFT)
    before = snapshot(service, case_id)
    with pytest.raises(FormDataError) as caught:
        complete(service, roster, view)
    text = str(caught.value)
    assert DRAFT in text and "untuk (Untuk)" in text and "surat_tugas" in text and "ditandatangani" in text
    assert snapshot(service, case_id) == before


def test_a_task_without_a_form_refuses_data(tmp_path: Path, roster: Roster) -> None:
    service, case_id, _model = _start(tmp_path, roster, drop_untuk=False)
    view = drive_until(service, roster, case_id, SIGN)
    assert view.form_key is None
    before = snapshot(service, case_id)
    with pytest.raises(FormDataError) as caught:
        complete(service, roster, view, {"catatan": "setuju"})
    assert "'catatan'" in str(caught.value) and SIGN in str(caught.value) and "tidak memiliki formulir" in str(caught.value)
    assert snapshot(service, case_id) == before
    assert complete(service, roster, view).task_id == view.id


def test_activity_record_is_titled_labelled_and_its_qr_caption_has_no_trailing_colon(case, roster: Roster) -> None:
    service, case_id, _model = case
    view = ready(service, case_id)
    done = complete(service, roster, view)
    text = subprocess.run(["pdftotext", "-", "-"], input=service.store.blobs.get(done.sha256),
                          capture_output=True, check=True).stdout.decode("utf-8")
    assert f"CATATAN KEGIATAN {view.name.upper()}" in " ".join(text.split())
    payload = f"sopflow:{case_id}:{done.document}"
    flat = text.replace("\n", "")
    assert payload in flat and f"{payload}:" not in flat  # unnumbered: no empty letter-number part
