"""The archivist's reading of a verification report, in Indonesian: verdict first, then documents and
signatures, then the case checks (journal, replay, seal).

Built from the JSON data of a report (:meth:`CaseReport.to_dict`, the same as
``sopflow verify --json``), so a stored report reads the same as a fresh one;
the web page and the sealed PDF report both show this view. Findings keep their
``kind`` code; :func:`~sopflow.archive.report.kind_label` names it, and a kind
without a label is shown by its code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sopflow.archive.report import kind_label
from sopflow.localtime import DEFAULT_ZONE, ZONES, format_time

__all__ = ["FindingView", "SignatureView", "RevisionView", "CheckView", "ReportView", "report_view"]

_PERSON = re.compile(r"^(?P<name>.*) \(NIP (?P<nip>[^)]*)\)$")
_OUTCOMES = {"completed": "selesai, ditutup segel unit", "cancelled": "dibatalkan, ditutup segel unit"}
_ACTIONS = {"create": "membuat konsep", "paraf": "paraf", "sign": "tanda tangan", "receive": "menerima",
            "file": "menatausahakan", "record": "mencatat"}


@dataclass(frozen=True)
class FindingView:
    """One finding."""

    kind: str
    """Stable code (``document-altered``)."""
    label: str
    """What the code means, in Indonesian."""
    message: str
    """The verifier's sentence naming the file or journal entry."""


@dataclass(frozen=True)
class SignatureView:
    """One signature (or document timestamp) of one revision."""

    field_name: str
    signer: str
    """Name from the certificate (``-`` when unreadable)."""
    nip: str
    """NIP from the certificate (``-`` for the unit seal and time-stamping authorities)."""
    role: str
    """Role of the journal entry it belongs to (``-`` for document timestamps)."""
    expected: str | None
    """The official the roster names for the role, when it differs from the signer."""
    time: str
    """Signing time in the unit's zone."""
    timestamp: str | None
    """Time of its RFC 3161 timestamp in the unit's zone."""
    level: str
    """PAdES level shown for this signature."""
    revocation: str
    """Revocation status of the signer's certificate."""
    kind: str
    """``tanda tangan`` or ``cap waktu dokumen``."""
    ok: bool
    reasons: tuple[str, ...]
    newest: bool = True
    """Added by this revision (``False``: an earlier signature, checked again in this file)."""


@dataclass(frozen=True)
class RevisionView:
    """One revision named by the journal."""

    document: str
    revision: int
    journal_seq: int
    task: str
    action: str
    """What the task did, in Indonesian."""
    role: str
    official: str
    ok: bool
    signatures: tuple[SignatureView, ...]
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class CheckView:
    """One case-wide check."""

    name: str
    title: str
    ok: bool
    findings: tuple[FindingView, ...]


@dataclass(frozen=True)
class ReportView:
    """A whole report as the archivist reads it."""

    ok: bool
    verdict: str
    """``LULUS`` or ``GAGAL``."""
    why: tuple[str, ...]
    """Why, in a few lines: the failed checks and kinds, or what passing proves."""
    case_id: str
    sop: str
    level: str
    trust: str
    trust_note: str
    """Whose trust roots were used."""
    outcome: str
    zone: str
    """Zone name printed with times (WIB, WITA, WIT)."""
    documents: tuple[tuple[str, tuple[RevisionView, ...]], ...]
    """Revisions grouped per document, in journal order."""
    checks: tuple[CheckView, ...]
    kinds: tuple[FindingView, ...]
    """One entry per finding kind present (with the first message of that kind)."""
    signature_count: int
    finding_count: int


def _findings(raw: Any) -> tuple[FindingView, ...]:
    return tuple(FindingView(kind=str(f.get("kind")), label=kind_label(str(f.get("kind"))),
                             message=str(f.get("message"))) for f in raw or ())


def _time(value: Any, zone: str) -> str:
    if not value:
        return "-"
    try:
        return format_time(datetime.fromisoformat(str(value)), zone)
    except ValueError:
        return str(value)


def _signature(raw: Mapping[str, Any], zone: str, level: str, *, newest: bool) -> SignatureView:
    person = _PERSON.match(str(raw.get("signer") or ""))
    reasons = tuple(str(r) for r in raw.get("reasons") or ())
    if any("revoked" in r for r in reasons):
        revocation = "DICABUT"
    elif raw.get("trusted"):
        revocation = "tidak tercatat dicabut"
    else:
        revocation = "tidak dapat dipastikan"
    stamped = raw.get("timestamp_time")
    is_stamp = raw.get("kind") == "doc_timestamp"
    shown_level = "cap waktu dokumen" if is_stamp else (
        level if level in ("B-B", "-") or stamped else "B-B (tanpa cap waktu)")
    expected = raw.get("expected")
    return SignatureView(
        field_name=str(raw.get("field_name")), signer=person["name"] if person else str(raw.get("signer") or "-"),
        nip=(person["nip"] if person and person["nip"] not in ("None", "") else "-"),
        role=str(raw.get("role") or "-"),
        expected=str(expected) if expected and expected != raw.get("signer") else None,
        time=_time(raw.get("signing_time"), zone), timestamp=_time(stamped, zone) if stamped else None,
        level=shown_level, revocation=revocation, kind="cap waktu dokumen" if is_stamp else "tanda tangan",
        ok=bool(raw.get("ok")), reasons=reasons, newest=newest,
    )


def report_view(data: Mapping[str, Any]) -> ReportView:
    """The view of a report's JSON data (``CaseReport.to_dict()``)."""
    zone = str(data.get("time_zone") or DEFAULT_ZONE)
    zone = zone if zone in ZONES else DEFAULT_ZONE
    level = str(data.get("level") or "-")
    documents: dict[str, list[RevisionView]] = {}
    for raw in data.get("revisions") or ():
        view = RevisionView(
            document=str(raw.get("document")), revision=int(raw.get("revision") or 0),
            journal_seq=int(raw.get("journal_seq") or 0), task=str(raw.get("task")),
            action=_ACTIONS.get(str(raw.get("action")), str(raw.get("action"))), role=str(raw.get("role")),
            official=str(raw.get("official")), ok=bool(raw.get("ok")),
            signatures=tuple(_signature(s, zone, level, newest=i == len(raw["signatures"]) - 1)
                             for i, s in enumerate(raw.get("signatures") or ())),
            findings=_findings(raw.get("findings")),
        )
        documents.setdefault(view.document, []).append(view)
    checks = tuple(CheckView(name=str(c.get("name")), title=str(c.get("title")), ok=bool(c.get("ok")),
                             findings=_findings(c.get("findings"))) for c in data.get("checks") or ())
    every = [f for c in checks for f in c.findings] + [f for d in documents.values() for r in d for f in r.findings]
    first: dict[str, FindingView] = {}
    for finding in every:
        first.setdefault(finding.kind, finding)
    ok = bool(data.get("ok"))
    signatures = sum(len(r.signatures) for d in documents.values() for r in d)
    revisions = sum(len(d) for d in documents.values())
    why: tuple[str, ...]
    if ok:
        why = (f"Semua {revisions} revisi dokumen dan tanda tangannya ({signatures} pemeriksaan tanda tangan, "
               f"termasuk pemeriksaan ulang tanda tangan sebelumnya) utuh, tepercaya, dan dibuat oleh pejabat yang "
               f"ditetapkan untuk perannya.",
               "Rantai jurnal utuh, jejak tugas sesuai model BPMN, dan tidak ada dokumen yang hilang, "
               "ditambahkan, atau ditukar.")
    else:
        failed = [c.title for c in checks if not c.ok]
        bad_revisions = sum(1 for d in documents.values() for r in d if not r.ok)
        why = tuple([f"{len(every)} masalah ditemukan: " + ", ".join(f.label for f in first.values()) + "."]
                    + ([f"Pemeriksaan kasus yang gagal: {'; '.join(failed)}."] if failed else [])
                    + ([f"{bad_revisions} revisi dokumen tidak lulus pemeriksaan."] if bad_revisions else []))
    trust = "; ".join(str(t) for t in data.get("trust") or ()) or "-"
    note = ("akar tepercaya dari arsip itu sendiri: hanya konsistensi yang terbukti, bukan keaslian"
            if data.get("trust_from_archive") else "akar tepercaya penerapan ini (roster)")
    return ReportView(
        ok=ok, verdict="LULUS" if ok else "GAGAL", why=why, case_id=str(data.get("case_id")),
        sop=str(data.get("sop") or ""), level=level, trust=trust, trust_note=note,
        outcome=_OUTCOMES.get(str(data.get("outcome")), "belum ditutup segel unit"), zone=ZONES[zone],
        documents=tuple((name, tuple(revisions)) for name, revisions in documents.items()), checks=checks,
        kinds=tuple(first.values()), signature_count=signatures, finding_count=len(every),
    )
