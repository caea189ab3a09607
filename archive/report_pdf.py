"""The verification report as a PDF sealed by the unit: what an archivist files or hands on.

The report's JSON data (the same as ``sopflow verify --json``) is read through
:func:`~sopflow.archive.report_view.report_view`, laid out by
:func:`~sopflow.templates.verification.render_verification`, and signed with
the unit's electronic seal of the deployment's roster (``[seal]``), as the
Lembar Riwayat is; the result is verified before it is handed out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields, replace
from datetime import UTC, datetime
from typing import Any

from sopflow import messages
from sopflow.archive.report_view import ReportView, report_view
from sopflow.errors import SigningError
from sopflow.localtime import DEFAULT_ZONE, ZONES, format_time, unit_date, unit_time
from sopflow.runner.roster import Roster
from sopflow.runner.sealing import open_unit_seal
from sopflow.runner.signing_setup import seal_signing_context
from sopflow.signing import Appearance, sign_pdf, verify_pdf
from sopflow.templates import first_undrawable
from sopflow.templates.verification import SEAL_FIELD, VerificationSheet, render_verification

__all__ = ["sealed_report_pdf", "verification_sheet"]


def verification_sheet(data: Mapping[str, Any], *, unit: str, source: str, checked_at: datetime) -> VerificationSheet:
    """What the PDF prints of a report's JSON data (every text printable: see :func:`_printable`)."""
    view = report_view(data)
    zone = _zone(data)
    sheet = VerificationSheet(
        unit=unit, verdict=view.verdict, why=" ".join(view.why), case_id=view.case_id, sop=view.sop,
        source=source, outcome=view.outcome, level=view.level, trust=f"{view.trust} ({view.trust_note})",
        checked_at=format_time(checked_at, zone), checked_on=unit_date(checked_at, zone),
        signatures=_signature_rows(view), checks=tuple((c.title, "LULUS" if c.ok else "GAGAL") for c in view.checks),
        findings=tuple((f"{f.label} ({f.kind})", f.message) for c in view.checks for f in c.findings)
        + tuple((f"{f.label} ({f.kind})", f.message) for _d, rs in view.documents for r in rs for f in r.findings),
    )
    return replace(sheet, **{f.name: _printable(getattr(sheet, f.name)) for f in fields(sheet)})


def _printable(value: Any) -> Any:
    """Texts with every character the shipped fonts cannot print replaced by ``?``: names, titles and file
    names in a report come from the archive, which anyone may have written (an emoji in a forged
    case.json must not stop the report of that forgery from being printed)."""
    if isinstance(value, tuple):
        return tuple(_printable(item) for item in value)
    if not isinstance(value, str):
        return value
    while (bad := first_undrawable(value)) is not None:
        value = f"{value[:bad]}?{value[bad + 1:]}"
    return value


def _zone(data: Mapping[str, Any]) -> str:
    zone = str(data.get("time_zone") or DEFAULT_ZONE)
    return zone if zone in ZONES else DEFAULT_ZONE


def _signature_rows(view: ReportView) -> tuple[tuple[str, ...], ...]:
    """The signature each revision added, and any earlier one that fails when checked again in it (the
    page lists every re-check; printing them all would grow with the square of a document's revisions)."""
    return tuple(
        (f"{r.document} r{r.revision}", f"{s.signer} NIP {s.nip}" if s.nip != "-" else s.signer, s.role,
         s.timestamp or s.time, s.level, s.revocation, "sah" if s.ok else "TIDAK SAH")
        for _document, revisions in view.documents for r in revisions for s in r.signatures
        if s.newest or not s.ok
    )


def sealed_report_pdf(data: Mapping[str, Any], *, roster: Roster, source: str, checked_at: datetime) -> bytes:
    """The report as a PDF sealed with the roster's unit seal.

    :raises SigningError: the roster has no ``[seal]``, its key cannot be opened, or the sealed PDF
        does not verify.
    """
    if roster.seal is None:
        raise SigningError(messages.ARSIP_NO_SEAL, where=str(roster.source), hint="docs/roster.md: [seal]")
    public = roster.public_dict()
    sheet = verification_sheet(data, unit=roster.seal.name, source=source, checked_at=checked_at)
    rendered = render_verification(sheet)
    context = seal_signing_context(public)
    with open_unit_seal(public) as seal:
        signed = sign_pdf(
            rendered.pdf, seal, field=rendered.fields[SEAL_FIELD],
            appearance=Appearance(action="seal", jabatan=roster.seal.name, name=roster.seal.name, nip="",
                                  signed_at=unit_time(datetime.now(UTC), _zone(data))),
            reason=f"Segel elektronik: laporan verifikasi arsip kasus {sheet.case_id} ({sheet.verdict})",
            context=context,
        )
    report = verify_pdf(signed, trust_roots=context.trust_roots, validation=context.validation)
    if not report.ok:
        raise SigningError(messages.ARSIP_SEAL_FAILED.format(reason="; ".join(report.all_problems())))
    return signed
