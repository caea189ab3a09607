"""Previewing a task's document exactly as the task's signature will be added to it.

The same steps as :func:`~sopflow.runner.completion.complete_task` up to
signing (form validation, render or take the current revision), with nothing
stored: no letter number taken, no revision, no journal entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sopflow.runner.cases import CaseService
from sopflow.runner.completion import draft_document, open_ready_task, validated_data

__all__ = ["Preview", "preview_task"]


@dataclass(frozen=True)
class Preview:
    """A task's document before its signature."""

    case_id: str
    """The case."""
    task_id: str
    """The task."""
    action: str
    """What the signature will be (``create``, ``paraf``, ``sign`` ...)."""
    document: str
    """Case document id."""
    doc_type: str
    """Document type."""
    revision: int
    """The revision the signature will create."""
    nomor: str | None
    """Letter number (for a new numbered document: the next free one now; taken only when signed)."""
    pdf: bytes
    """The PDF the signature will be added to."""
    data: dict[str, Any]
    """The validated form data it was rendered from."""


def preview_task(service: CaseService, case_id: str, task_id: str, data: Mapping[str, Any]) -> Preview:
    """The document a ready task would sign with ``data``.

    :raises CaseError: unknown case/task or task not ready.
    :raises TaskAlreadyCompleted: the task was completed.
    :raises FormDataError: the data fails the task's form (``where`` is the field key), as in completion.
    """
    ready = open_ready_task(service, case_id, task_id)
    profile = ready.profile
    form = service.form_of(case_id, profile.form_key) if profile.form_key else None
    cleaned = validated_data(profile, form, data)
    draft = draft_document(service, ready, cleaned, form, service.clock())
    return Preview(case_id=case_id, task_id=task_id, action=profile.action, document=draft.document,
                   doc_type=draft.doc_type, revision=draft.revision, nomor=draft.nomor, pdf=draft.pdf,
                   data=cleaned)
