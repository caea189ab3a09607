"""The Laporan Verifikasi Arsip: an archivist's verification report of a case archive as a PDF.

The verdict and why come first, then one row per signature (signer, NIP, role,
time in the unit's zone, PAdES level, revocation status), the case checks and
every finding. The unit's electronic seal signs it in :data:`SEAL_FIELD`. Its
layout is the document type ``laporan_verifikasi.toml`` beside this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from sopflow.officials import Official
from sopflow.templates.doctype import DocType, parse_type
from sopflow.templates.engine import render_document
from sopflow.templates.request import DocumentRequest, RenderedDocument, SignatureSlot

__all__ = ["SEAL_FIELD", "VerificationSheet", "render_verification"]

SEAL_FIELD = "segel_unit"
"""Signature field of the unit's seal on the report."""


@dataclass(frozen=True)
class VerificationSheet:
    """Everything the report prints, as text (rows of tables as tuples of cells)."""

    unit: str
    """The unit issuing and sealing the report (the roster's [seal] name)."""
    verdict: str
    """``LULUS`` or ``GAGAL``."""
    why: str
    """Why, in a sentence or two."""
    case_id: str
    sop: str
    source: str
    """What was verified (an uploaded file name, or a case of this server)."""
    outcome: str
    level: str
    trust: str
    checked_at: str
    """When it was verified, in the unit's zone."""
    checked_on: date
    """The report's date."""
    signatures: tuple[tuple[str, ...], ...]
    """Rows: document and revision, signer with NIP, role, time, level, revocation, result."""
    checks: tuple[tuple[str, str], ...]
    """Rows: check, result."""
    findings: tuple[tuple[str, str], ...]
    """Rows: kind (label and code), message."""


@cache
def _doctype() -> DocType:
    text = resources.files("sopflow.templates").joinpath("laporan_verifikasi.toml").read_text("utf-8")
    return parse_type("laporan_verifikasi", text)


def _rows(rows: tuple[tuple[str, ...], ...]) -> str:
    return "\n".join(" | ".join(cell.replace("|", "/").replace("\n", " ") for cell in row) for row in rows) or "-"


def render_verification(sheet: VerificationSheet) -> RenderedDocument:
    """Lay out the report, with an empty field :data:`SEAL_FIELD` for the unit's seal."""
    data = {
        "hasil": sheet.verdict, "alasan": sheet.why, "kasus": sheet.case_id, "sop": sheet.sop or "-",
        "arsip": sheet.source, "akhir": sheet.outcome, "level": sheet.level, "akar": sheet.trust,
        "diperiksa": sheet.checked_at, "tanda_tangan": _rows(sheet.signatures), "pemeriksaan": _rows(sheet.checks),
        "temuan": _rows(sheet.findings) if sheet.findings else "- | tidak ada",
    }
    seal = SignatureSlot(field_name=SEAL_FIELD, action="seal", role="Segel elektronik",
                         official=Official(name=sheet.unit, nip="", jabatan=sheet.unit))
    request = DocumentRequest(
        doc_type="laporan_verifikasi", document_id="laporan_verifikasi", case_id=sheet.case_id, task_id="",
        unit_lines=(sheet.unit,), nomor=None, date=sheet.checked_on, place="", data=data, slots=(seal,),
        sop_number=sheet.sop.split(" ")[0] if sheet.sop else "-", sop_title=sheet.sop, prev_journal_hash="",
        verify_payload=f"sopflow:verifikasi:{sheet.case_id}",
    )
    return render_document(request, _doctype())
