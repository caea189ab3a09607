"""What an official will sign, before signing: the same drafting path as :mod:`completion`.

The web app and ``sopflow task preview`` call :func:`preview_task`; it
validates the form data as completion does and writes nothing (a letter
number shown in a first draft is the one the document would take now; it is
taken only when the konseptor's signature is recorded).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from sopflow.officials import Official
from sopflow.runner.cases import CaseService
from sopflow.runner.drafting import draft_document

__all__ = ["Preview", "preview_task"]


@dataclass(frozen=True)
class Preview:
    """A ready task's document as its official will sign it."""

    case_id: str
    """The case."""
    task_id: str
    """The ready task."""
    document: str
    """Document id."""
    revision: int
    """The revision the signature will create."""
    nomor: str | None
    """Letter number printed in the document."""
    data: dict[str, Any]
    """The validated form data the document shows (empty for tasks that sign an existing revision)."""
    pdf: bytes
    """The PDF the signature will cover."""


def preview_task(service: CaseService, task_id: str, data: Mapping[str, Any] | None = None) -> Preview:
    """The document of a ready task, drafted from ``data`` (the form's defaults when ``None``).

    :raises CaseError: no ready task with this id.
    :raises TaskAlreadyCompleted: the task was completed.
    :raises FormDataError: ``data`` fails the task's form.
    """
    view = service.ready_task(task_id)
    model = service.model_of(view.case_id)
    profile = model.tasks[view.spec_id]
    roster = service.roster_of(view.case_id)
    form = service.form_of(view.case_id, profile.form_key) if profile.form_key else None
    if profile.action not in ("create", "record"):
        form, data = None, {}
    cleaned = form.validate(form.defaults() if data is None else data) if form else {}
    official = Official.from_dict(roster["officials"].get(profile.lane or "", {}), default_jabatan=profile.lane or "")
    with service.store.session() as session:
        head = service.case_row(session, view.case_id).journal_head
    draft = draft_document(service, model, roster, view.case_id, task_id, profile, official, cleaned, form, head,
                           service.clock())
    return Preview(case_id=view.case_id, task_id=task_id, document=draft.document, revision=draft.revision,
                   nomor=draft.nomor, data=cleaned, pdf=draft.pdf)
