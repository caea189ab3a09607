"""Letter numbers (nomor naskah): one gap-free counter per unit, type and year.

A number is inserted in the same transaction that records the signed
document, so a failed signing or a crash never consumes one; the primary key
(unit, type, year, seq) makes a number impossible to give twice, and a
document keeps its number when it is re-drafted within its case.
"""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from sopflow.model.profile import SopModel
from sopflow.runner.store import LetterNumberRow

__all__ = ["unit_code", "format_nomor", "existing_number", "next_sequence", "record_number"]


def unit_code(model: SopModel) -> str:
    """The unit code printed in numbers: ``sop.unitCode``, else the SOP number's prefix."""
    explicit = model.properties.get("sop.unitCode", "").strip()
    if explicit:
        return explicit
    prefix = re.split(r"[-/ ]", model.number.strip() or "SOP")[0]
    return prefix.upper()


def format_nomor(type_code: str, seq: int, unit: str, year: int) -> str:
    """``ND-12/PJ.09/2026``."""
    return f"{type_code}-{seq}/{unit}/{year}"


def existing_number(session: Session, case_id: str, document_id: str) -> LetterNumberRow | None:
    """The number a case document already holds."""
    return session.scalar(
        select(LetterNumberRow).where(
            LetterNumberRow.case_id == case_id, LetterNumberRow.document_id == document_id
        )
    )


def next_sequence(session: Session, unit: str, type_code: str, year: int) -> int:
    """The next free sequence number (read; taken only by :func:`record_number`)."""
    current = session.scalar(
        select(func.max(LetterNumberRow.seq)).where(
            LetterNumberRow.unit_code == unit,
            LetterNumberRow.type_code == type_code,
            LetterNumberRow.year == year,
        )
    )
    return (current or 0) + 1


def record_number(
    session: Session, *, unit: str, type_code: str, year: int, seq: int, case_id: str, document_id: str
) -> LetterNumberRow:
    """Take a number inside the caller's transaction (fails on a race: retry)."""
    row = LetterNumberRow(
        unit_code=unit, type_code=type_code, year=year, seq=seq, case_id=case_id,
        document_id=document_id, nomor=format_nomor(type_code, seq, unit, year),
    )
    session.add(row)
    return row
