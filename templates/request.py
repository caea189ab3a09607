"""What the engine is asked to render and what it gives back."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sopflow.documents import FieldBox
from sopflow.model.forms import FormSpec
from sopflow.officials import Official

__all__ = ["ACTIONS", "SignatureSlot", "DocumentRequest", "RenderedDocument"]

ACTIONS = ("create", "paraf", "sign", "receive", "file", "record")
"""Task actions a slot can stand for (the SOP profile's ``action`` values)."""


@dataclass(frozen=True)
class SignatureSlot:
    """One task that will sign the document, and so needs a place on it."""

    field_name: str
    """Signature field name, unique within the document (``sign_Task_Approve``)."""
    action: str
    """``create`` (konseptor's paraf), ``paraf``, ``sign``, ``receive``, ``file`` or ``record``."""
    role: str
    """The task's lane: the role (jabatan) as the SOP names it."""
    official: Official
    """Who holds the role in this case, as printed under the signature."""


@dataclass(frozen=True)
class DocumentRequest:
    """Everything one naskah dinas is made of."""

    doc_type: str
    """Document type, the name of a file in ``templates/types`` (``nota_dinas``)."""
    document_id: str
    """The case document id (``laporan``)."""
    case_id: str
    """The case the document belongs to (``LIP20-0013-0001``)."""
    task_id: str
    """The task that renders it."""
    unit_lines: tuple[str, ...]
    """Letterhead lines, ministry first (``KEMENTERIAN KEUANGAN REPUBLIK INDONESIA``)."""
    nomor: str | None
    """Letter number, printed under the title when given."""
    date: datetime.date
    """Date of the document."""
    place: str
    """Place printed with the date (``Jakarta``)."""
    data: Mapping[str, Any]
    """The task's form data: document content keys (see the type files)."""
    slots: tuple[SignatureSlot, ...]
    """Every task that will sign this document, in model order."""
    sop_number: str
    """Number of the SOP the case runs (``LIP20-0013``)."""
    sop_title: str
    """Title of that SOP."""
    prev_journal_hash: str
    """Hash of the case journal's entry before this document, kept in the PDF metadata."""
    verify_payload: str
    """Text encoded in the verification QR code."""
    form: FormSpec | None = None
    """The task's form: labels, choice labels and date fields of :attr:`data`, for types that
    print every field."""
    activity: str = ""
    """Name of the task that renders the document (``Meneliti konsep usulan``)."""


@dataclass(frozen=True)
class RenderedDocument:
    """A rendered, still unsigned document."""

    pdf: bytes
    """The PDF file."""
    fields: Mapping[str, FieldBox]
    """Per slot field name: where that official's signature appearance goes."""
    text: str = field(default="")
    """The document's text as laid out, line per paragraph (for previews and search)."""
