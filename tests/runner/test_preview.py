"""A preview is the document exactly as the task's signature is added to it, and stores nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from support import NUMBERED_TASK, SEED, complete, defaults, drive_until, ready, seed

from sopflow.errors import FormDataError
from sopflow.runner.cases import CaseService
from sopflow.runner.clock import fixed_clock
from sopflow.runner.preview import preview_task
from sopflow.runner.roster import Roster
from sopflow.runner.store import LetterNumberRow


def test_signed_revision_extends_the_previewed_bytes(tmp_path: Path, roster: Roster) -> None:
    service = CaseService(tmp_path / "data", clock=fixed_clock(datetime(2026, 3, 30, 2, tzinfo=UTC)))
    case_id = service.start_case(seed(SEED), roster)
    view = drive_until(service, roster, case_id, NUMBERED_TASK)
    data = defaults(service, view)

    preview = preview_task(service, case_id, view.id, data)

    assert preview.pdf.startswith(b"%PDF") and preview.action == "create" and preview.revision == 1
    assert preview.nomor  # the number the signature would take
    with service.store.session() as session:
        assert session.query(LetterNumberRow).count() == 0, "a preview takes no letter number"
    assert not service.documents(case_id) or all(d.document_id != preview.document for d in service.documents(case_id))

    done = complete(service, roster, view)
    signed = service.store.blobs.get(done.sha256)
    assert signed[: len(preview.pdf)] == preview.pdf, "the signature is an incremental update of the preview"
    assert done.nomor == preview.nomor


def test_paraf_preview_is_the_current_revision(tmp_path: Path, roster: Roster) -> None:
    service = CaseService(tmp_path / "data")
    case_id = service.start_case(seed(SEED), roster)
    view = drive_until(service, roster, case_id, NUMBERED_TASK)
    created = complete(service, roster, view)
    sign = drive_until(service, roster, case_id, "Task_TandatanganiSuratTugas")
    preview = preview_task(service, case_id, sign.id, defaults(service, sign))
    assert preview.action == "sign" and preview.revision == created.revision + 1
    assert preview.pdf == service.store.blobs.get(created.sha256)


def test_bad_form_data_names_the_field(tmp_path: Path, roster: Roster) -> None:
    service = CaseService(tmp_path / "data")
    case_id = service.start_case(seed(SEED), roster)
    view = ready(service, case_id)
    form = service.form_of(case_id, view.form_key)
    required = next(f for f in form.fields if f.required)
    with pytest.raises(FormDataError) as caught:
        preview_task(service, case_id, view.id, {**defaults(service, view), required.key: ""})
    assert caught.value.where == required.key
