"""Any stored revision of a case document, as signed."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from sopflow import messages
from sopflow.errors import CaseError
from sopflow.runner.cases import CaseService
from sopflow.runner.store import DocumentRow, RevisionRow

__all__ = ["StoredRevision", "read_revision"]


@dataclass(frozen=True)
class StoredRevision:
    """One revision of a document and its bytes."""

    case_id: str
    """The case."""
    document: str
    """Document id."""
    revision: int
    """Revision number (1 is the first signed draft)."""
    latest: int
    """The document's newest revision."""
    task_id: str
    """Task whose signature made this revision."""
    sha256: str
    """Digest of the PDF (checked on reading)."""
    pdf: bytes
    """The signed PDF."""


def read_revision(service: CaseService, case_id: str, document: str, revision: int | None = None) -> StoredRevision:
    """Revision ``revision`` of ``document`` (the newest when ``None``).

    :raises CaseError: no such case, document or revision; the message lists what exists.
    """
    with service.store.session() as session:
        service.case_row(session, case_id)
        row = session.get(DocumentRow, (case_id, document))
        if row is None:
            names = session.scalars(select(DocumentRow.document_id).where(DocumentRow.case_id == case_id)
                                    .order_by(DocumentRow.document_id)).all()
            raise CaseError(messages.DOCUMENT_UNKNOWN.format(case=case_id, document=document),
                            where=f"{case_id}/{document}",
                            hint=messages.HINT_DOCUMENT_UNKNOWN.format(documents=", ".join(names) or "-"))
        wanted = row.revision if revision is None else revision
        stored = session.get(RevisionRow, (case_id, document, wanted))
        if stored is None:
            raise CaseError(messages.REVISION_UNKNOWN.format(document=document, revision=wanted),
                            where=f"{case_id}/{document}",
                            hint=messages.HINT_REVISION_UNKNOWN.format(latest=row.revision))
    return StoredRevision(case_id=case_id, document=document, revision=wanted, latest=row.revision,
                          task_id=stored.task_id, sha256=stored.sha256, pdf=service.store.blobs.get(stored.sha256))
