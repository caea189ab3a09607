"""The document a task signs, before its signature: one path for completion and preview.

``create`` and ``record`` tasks render a new PDF from the form data (with the
letter number the document holds or would take now); ``paraf``, ``sign``,
``receive`` and ``file`` tasks sign the document's current revision as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Mapping

from sqlalchemy import select

from sopflow.errors import CaseError
from sopflow.model.forms import FormSpec
from sopflow.model.profile import SopModel, TaskProfile
from sopflow.officials import Official
from sopflow.runner import numbering
from sopflow.runner.cases import CaseService
from sopflow.runner.store import DocumentRow, RevisionRow
from sopflow.templates import DocumentRequest, SignatureSlot, render_document, type_code

__all__ = ["RECORD_TEMPLATE", "Draft", "draft_document"]

RECORD_TEMPLATE = "catatan_kegiatan"
"""Document type of ``record`` tasks."""


@dataclass(frozen=True)
class Draft:
    """A document as the task's official will sign it."""

    document: str
    """Document id within the case."""
    doc_type: str
    """Naskah dinas type."""
    revision: int
    """The revision the task's signature will create."""
    pdf: bytes
    """The bytes the signature will cover (earlier signatures included)."""
    fields: dict[str, Any]
    """Signature places (``boxes``) and the field names already signed (``signed``)."""
    nomor: str | None
    """Letter number printed in the document."""
    number: tuple[str, str, int, int] | None
    """A new letter number to record with the signature: unit, type code, year, sequence."""


def draft_document(
    service: CaseService,
    model: SopModel,
    roster: Mapping[str, Any],
    case_id: str,
    task_id: str,
    profile: TaskProfile,
    official: Official,
    data: Mapping[str, Any],
    form: FormSpec | None,
    journal_head: str,
    now: datetime,
) -> Draft:
    """The document ``task_id`` acts on, with ``data`` already validated by ``form``.

    :raises CaseError: the task acts on a document the case does not have yet.
    """
    with service.store.session() as session:
        if profile.action not in ("create", "record"):
            existing = session.get(DocumentRow, (case_id, str(profile.document)))
            if existing is None:
                raise CaseError(
                    f"document {profile.document!r} does not exist yet in case {case_id}",
                    where=f"task {profile.id}", hint="the model must create a document before it is acted on",
                )
            head_rev = session.get(RevisionRow, (case_id, existing.document_id, existing.revision))
            return Draft(document=existing.document_id, doc_type=existing.doc_type, revision=existing.revision + 1,
                         pdf=service.store.blobs.get(head_rev.sha256), fields=json.loads(existing.fields),
                         nomor=existing.nomor, number=None)
        if profile.action == "create":
            document, doc_type = str(profile.document), str(profile.template)
            slots = _slots(model, roster, document)
        else:
            count = len(session.scalars(select(DocumentRow.document_id).where(
                DocumentRow.case_id == case_id,
                DocumentRow.document_id.like(f"catatan_{profile.id}%"))).all())
            document, doc_type = f"catatan_{profile.id}_{count + 1}", RECORD_TEMPLATE
            slots = (SignatureSlot(field_name=f"record_{profile.id}", action="record",
                                   role=profile.lane or "", official=official),)
        existing = session.get(DocumentRow, (case_id, document))
        revision = (existing.revision + 1) if existing else 1
        nomor, number = _number_for(session, model, case_id, document, doc_type, now)
    rendered = render_document(
        DocumentRequest(
            doc_type=doc_type, document_id=document, case_id=case_id, task_id=task_id,
            unit_lines=model.unit_lines, nomor=nomor, date=now.date(), place=model.place,
            data=dict(data), labels={f.key: f.label for f in form.fields} if form else {},
            slots=slots, sop_number=model.number, sop_title=model.title, prev_journal_hash=journal_head,
            verify_payload=f"sopflow:{case_id}:{document}:{nomor or ''}",
        )
    )
    boxes = {k: {"page": v.page, "box": list(v.box)} for k, v in rendered.fields.items()}
    return Draft(document=document, doc_type=doc_type, revision=revision, pdf=rendered.pdf,
                 fields={"boxes": boxes, "signed": []}, nomor=nomor, number=number)


def _slots(model: SopModel, roster: Mapping[str, Any], document: str) -> tuple[SignatureSlot, ...]:
    slots = []
    for task in model.tasks_on_document(document):
        person = roster["officials"].get(task.lane or "", {})
        slots.append(
            SignatureSlot(
                field_name=f"{task.action}_{task.id}", action=task.action, role=task.lane or "",
                official=Official.from_dict(person, default_jabatan=task.lane or ""),
            )
        )
    return tuple(slots)


def _number_for(
    session: Any, model: SopModel, case_id: str, document: str, doc_type: str, now: datetime
) -> tuple[str | None, tuple[str, str, int, int] | None]:
    code = type_code(doc_type)
    if not code:
        return None, None
    held = numbering.existing_number(session, case_id, document)
    if held:
        return held.nomor, None
    unit = numbering.unit_code(model)
    seq = numbering.next_sequence(session, unit, code, now.year)
    return numbering.format_nomor(code, seq, unit, now.year), (unit, code, now.year, seq)
