"""The Lembar Riwayat: the case history sheet that closes every case.

It lists every step of the case (task, role, official, NIP, time in the
unit's zone, document revision and its SHA-256), the digests of the model,
forms and roster the case ran on, and the journal head; the unit's
electronic seal signs it in the field :data:`SEAL_FIELD`. Its layout is the
document type ``lembar_riwayat.toml`` beside this module (not one of
``templates/types``: models cannot draft it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache, partial
from importlib import resources

from sopflow.localtime import DEFAULT_ZONE, format_time, unit_date
from sopflow.officials import Official
from sopflow.templates.doctype import DocType, parse_type
from sopflow.templates.engine import render_document
from sopflow.templates.request import DocumentRequest, RenderedDocument, SignatureSlot

__all__ = ["SEAL_FIELD", "OUTCOMES", "HistoryStep", "CaseHistory", "render_history"]

SEAL_FIELD = "segel_unit"
"""Signature field of the unit's seal on the sheet."""
OUTCOMES = {"completed": "SELESAI", "cancelled": "DIBATALKAN"}
"""How a case can end, and how the sheet prints it."""


def _grouped(digest: str) -> str:
    """A digest in groups of 16 characters, so a narrow column can wrap it."""
    return " ".join(digest[i:i + 16] for i in range(0, len(digest), 16)) or "-"


@dataclass(frozen=True)
class HistoryStep:
    """One journal entry as the sheet lists it."""

    seq: int
    """Journal sequence number."""
    task: str
    """Task name."""
    role: str
    """Role (lane) that acted."""
    official: str
    """Official's name."""
    nip: str
    """Official's NIP."""
    time: datetime
    """When the step was recorded."""
    document: str
    """Document acted on, with its revision (``laporan r2``), or what happened (``pembatalan``)."""
    sha256: str
    """SHA-256 of that revision (empty for a cancellation)."""


@dataclass(frozen=True)
class CaseHistory:
    """Everything the sheet prints."""

    case_id: str
    """The case."""
    sop_number: str
    """SOP number."""
    sop_title: str
    """SOP title."""
    unit_lines: tuple[str, ...]
    """Letterhead lines."""
    place: str
    """Place printed with the date."""
    outcome: str
    """One of :data:`OUTCOMES`."""
    reason: str | None
    """Why the case was cancelled."""
    started: datetime
    """Case start."""
    ended: datetime
    """Case end (completion or cancellation)."""
    steps: tuple[HistoryStep, ...]
    """Every journal entry, in order."""
    model_digest: str
    """Digest of the case's model and forms."""
    roster_digest: str
    """Digest of the case's roster."""
    journal_head: str
    """Hash of the last journal entry."""
    seal_name: str
    """The sealing unit, as printed under the seal."""
    zone: str = DEFAULT_ZONE
    """The unit's time zone (IANA name): every time on the sheet is printed in it."""


@cache
def _doctype() -> DocType:
    text = resources.files("sopflow.templates").joinpath("lembar_riwayat.toml").read_text("utf-8")
    return parse_type("lembar_riwayat", text)


def render_history(history: CaseHistory) -> RenderedDocument:
    """Lay out the sheet, with an empty field :data:`SEAL_FIELD` for the unit's seal."""
    when = partial(format_time, zone=history.zone)
    steps = "\n".join(
        f"{s.task} | {s.role} | {s.official} NIP {s.nip} | {when(s.time)} | {s.document} | {_grouped(s.sha256)}"
        for s in history.steps
    )
    data = {
        "kasus": history.case_id,
        "sop": f"{history.sop_number} {history.sop_title}",
        "status": OUTCOMES[history.outcome],
        "alasan": history.reason or "-",
        "dimulai": when(history.started),
        "berakhir": when(history.ended),
        "langkah": steps,
        "digest_model": history.model_digest,
        "digest_roster": history.roster_digest,
        "kepala_jurnal": history.journal_head,
    }
    seal = SignatureSlot(field_name=SEAL_FIELD, action="seal", role="Segel elektronik",
                         official=Official(name=history.seal_name, nip="", jabatan=history.seal_name))
    request = DocumentRequest(
        doc_type="lembar_riwayat", document_id="lembar_riwayat", case_id=history.case_id, task_id="",
        unit_lines=history.unit_lines, nomor=None, date=unit_date(history.ended, history.zone),
        place=history.place, data=data,
        slots=(seal,), sop_number=history.sop_number, sop_title=history.sop_title,
        prev_journal_hash=history.journal_head, verify_payload=f"sopflow:{history.case_id}:lembar_riwayat",
    )
    return render_document(request, _doctype())
