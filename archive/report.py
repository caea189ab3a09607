"""What verifying a case archive found: result types and the archivist's text report.

Every problem is a :class:`Finding` with a stable :class:`Kind` (for scripts
and tests) and a sentence naming the file or journal entry (for people).
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sopflow.localtime import DEFAULT_ZONE, format_time
from sopflow.messages import VERIFY_KIND_LABELS

__all__ = ["Kind", "Finding", "SignatureCheck", "RevisionCheck", "CaseCheck", "CaseReport", "kind_label",
           "render_text"]


class Kind(str, enum.Enum):
    """What sort of problem a finding is; the value appears in ``--json``."""

    NOT_A_BAG = "not-a-bag"
    BAG_FIXITY = "bag-fixity"
    JOURNAL_CHAIN = "journal-chain"
    JOURNAL_HEAD = "journal-head"
    JOURNAL_LINK = "journal-link"
    BINDING_MISSING = "binding-missing"
    MODEL_DIGEST = "model-digest"
    ROSTER_DIGEST = "roster-digest"
    SEAL_MISSING = "seal-missing"
    SEAL_INVALID = "seal-invalid"
    SEAL_MISMATCH = "seal-mismatch"
    NOT_COMPLETE = "not-complete"
    UNREADABLE = "unreadable"
    DOCUMENT_MISSING = "document-missing"
    DOCUMENT_EXTRA = "document-extra"
    DOCUMENT_ALTERED = "document-altered"
    DOCUMENT_SWAPPED = "document-swapped"
    REVISION_CHAIN = "revision-chain"
    SIGNATURE_COUNT = "signature-count"
    SIGNATURE_ALTERED = "signature-altered"
    SIGNATURE_INVALID = "signature-invalid"
    CERTIFICATE_UNTRUSTED = "certificate-untrusted"
    TIMESTAMP_UNTRUSTED = "timestamp-untrusted"
    SIGNATURE_COVERAGE = "signature-coverage"
    MODIFIED_AFTER_SIGNING = "modified-after-signing"
    PDF_STRUCTURE = "pdf-structure"
    ACTIVE_CONTENT = "active-content"
    WRONG_SIGNER = "wrong-signer"
    ROLE_MISMATCH = "role-mismatch"
    TIME_OUTSIDE_PERIOD = "time-outside-period"
    TIME_ORDER = "time-order"
    REPLAY = "replay"
    ARCHIVE_TIMESTAMP = "archive-timestamp"
    UNSAFE_FILE = "unsafe-file"
    UNSAFE_NAME = "unsafe-name"
    TOO_LARGE = "too-large"
    MALFORMED = "malformed"
    RESOURCE_LIMIT = "resource-limit"


def kind_label(kind: Kind | str) -> str:
    """What a finding kind means, in Indonesian (its code when no label is written yet)."""
    code = kind.value if isinstance(kind, Kind) else str(kind)
    return VERIFY_KIND_LABELS.get(code, code)


@dataclass(frozen=True)
class Finding:
    """One thing that does not hold."""

    kind: Kind
    """The sort of problem."""
    message: str
    """What is wrong, naming the file (``documents/laporan/r2.pdf``) or journal entry."""


@dataclass(frozen=True)
class SignatureCheck:
    """The verdict on one signature (or document timestamp) inside one revision file."""

    field_name: str
    """Signature field name."""
    kind: str
    """``signature`` or ``doc_timestamp``."""
    journal_seq: int | None
    """Journal entry the signature belongs to (``None`` for document timestamps)."""
    role: str | None
    """Role of that journal entry."""
    expected: str | None
    """Official rostered for the role, as "name (NIP n)"."""
    signer: str | None
    """Who signed according to the certificate, as "name (NIP n)"."""
    cert_sha256: str | None
    """SHA-256 of the signing certificate."""
    intact: bool
    """The signed bytes are unchanged."""
    trusted: bool
    """The certificate chains to the given trust root and was valid."""
    modification_level: str | None
    """Worst change made after this signature (pyHanko ``ModificationLevel``)."""
    signing_time: datetime | None
    """Signing time claimed in the signature."""
    timestamp_time: datetime | None
    """Time of its RFC 3161 timestamp, if any."""
    reasons: tuple[str, ...]
    """Why the signature fails; empty when it passes."""

    @property
    def ok(self) -> bool:
        """Whether the signature passes."""
        return not self.reasons


@dataclass(frozen=True)
class RevisionCheck:
    """The verdict on one document revision named by the journal."""

    journal_seq: int
    """Journal entry that produced it."""
    document: str
    """Case document id."""
    revision: int
    """Revision number."""
    path: str
    """Payload-relative file."""
    action: str
    """Action of the task that made it (``create``, ``paraf``, ``sign`` ...)."""
    task: str
    """BPMN task name."""
    role: str
    """Role that signed in this revision."""
    official: str
    """Official recorded in the journal, as "name (NIP n)"."""
    signatures: tuple[SignatureCheck, ...]
    """Every signature in the file, oldest first (earlier ones re-verified)."""
    findings: tuple[Finding, ...]
    """What is wrong with the revision or its signatures."""

    @property
    def ok(self) -> bool:
        """Whether the revision passes."""
        return not self.findings

    @property
    def problems(self) -> tuple[str, ...]:
        """The findings as sentences."""
        return tuple(f.message for f in self.findings)


@dataclass(frozen=True)
class CaseCheck:
    """One case-wide check and what it found."""

    name: str
    """Stable name (``bag``, ``journal``, ``documents``, ``times``, ``replay``, ``archive-timestamps``)."""
    title: str
    """What was checked, for the report."""
    findings: tuple[Finding, ...]
    """What does not hold; empty when the check passes."""

    @property
    def ok(self) -> bool:
        """Whether the check passes."""
        return not self.findings


@dataclass(frozen=True)
class CaseReport:
    """The verdict on a whole case archive."""

    case_id: str
    """Case id from case.json."""
    sop: str
    """SOP number and title."""
    path: str
    """Archive verified."""
    level: str | None
    """PAdES level the case was signed at."""
    trust: tuple[str, ...]
    """Subjects of the trust roots used."""
    revisions: tuple[RevisionCheck, ...]
    """One check per journal entry, in journal order."""
    checks: tuple[CaseCheck, ...]
    """Case-wide checks."""
    trust_from_archive: bool = False
    """The trust roots were the archive's own ``certs/`` (no ``--trust``): a forger who replaced them
    with their own CA would pass the signature checks, so the verdict only shows consistency."""
    outcome: str | None = None
    """How the case ended according to its valid seal (``completed`` or ``cancelled``); ``None`` when no
    valid seal closes it."""
    time_zone: str = DEFAULT_ZONE
    """The unit's zone (from the archived model): the text report prints times in it."""

    @property
    def ok(self) -> bool:
        """True only when every check holds."""
        return all(c.ok for c in self.checks) and all(r.ok for r in self.revisions)

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Every finding, case-wide ones first."""
        return tuple(f for c in self.checks for f in c.findings) + tuple(
            f for r in self.revisions for f in r.findings
        )

    @property
    def kinds(self) -> frozenset[Kind]:
        """The kinds of every finding."""
        return frozenset(f.kind for f in self.findings)

    @property
    def problems(self) -> tuple[str, ...]:
        """Case-wide findings as sentences."""
        return tuple(f.message for c in self.checks for f in c.findings)

    @property
    def signature_count(self) -> int:
        """Signatures made in the case (one per journal entry)."""
        return len(self.revisions)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report; every finding appears with its ``kind`` and message."""
        data = asdict(self)
        data["ok"] = self.ok
        data["problems"] = list(self.problems)
        data["kinds"] = sorted(k.value for k in self.kinds)
        for raw, check in zip(data["revisions"], self.revisions):
            raw["ok"] = check.ok
            raw["problems"] = list(check.problems)
            for sig_raw, sig in zip(raw["signatures"], check.signatures):
                sig_raw["ok"] = sig.ok
        for raw, case_check in zip(data["checks"], self.checks):
            raw["ok"] = case_check.ok
        return _plain(data)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, Kind):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    return value


def _time(value: datetime | None, zone: str) -> str:
    return format_time(value, zone) if value else "-"


def _signature_lines(sig: SignatureCheck, zone: str, *, newest: bool) -> list[str]:
    verdict = "sah  " if sig.ok else "TIDAK"
    who = sig.signer or "penanda tangan tidak terbaca"
    if sig.ok and not newest:
        return [f"          [{verdict}] {sig.field_name}: {who} (diperiksa ulang; perubahan sesudahnya: "
                f"{sig.modification_level or '-'})"]
    lines = [f"          [{verdict}] {sig.field_name}: {who}" + (f" sebagai {sig.role}" if sig.role else "")]
    stamp = f", cap waktu {_time(sig.timestamp_time, zone)}" if sig.timestamp_time else ""
    lines.append(f"                  ditandatangani {_time(sig.signing_time, zone)}{stamp}; "
                 f"perubahan sesudahnya: {sig.modification_level or '-'}")
    if sig.expected and sig.expected != sig.signer:
        lines.append(f"                  pejabat sesuai daftar: {sig.expected}")
    lines += [f"                  ! {reason}" for reason in sig.reasons]
    return lines


def _finding_line(finding: Finding) -> str:
    return f"[{finding.kind.value}] {kind_label(finding.kind)}: {finding.message}"


def render_text(report: CaseReport) -> str:
    """The report as an archivist reads it: per document and revision, per signature, then the case checks."""
    source = ("DARI ARSIP ITU SENDIRI (tanpa --trust): hanya konsistensi yang terbukti, bukan keaslian"
              if report.trust_from_archive else "diberikan pemeriksa (--trust)")
    ended = {"completed": "selesai, disegel", "cancelled": "dibatalkan, disegel"}.get(report.outcome or "",
                                                                                   "belum ditutup segel unit")
    out = [f"Arsip kasus {report.case_id} — {report.sop}", f"  arsip         : {report.path}",
           f"  level PAdES   : {report.level or '-'}", f"  akar tepercaya: {'; '.join(report.trust) or '-'}",
           f"  sumber akar   : {source}", f"  akhir kasus   : {ended}", ""]
    by_document: dict[str, list[RevisionCheck]] = {}
    for check in report.revisions:
        by_document.setdefault(check.document, []).append(check)
    for document, checks in by_document.items():
        out.append(f"Dokumen {document}")
        for check in checks:
            mark = "OK   " if check.ok else "GAGAL"
            out.append(f"  {mark} r{check.revision}  jurnal #{check.journal_seq}  {check.action}: {check.task}")
            for index, sig in enumerate(check.signatures):
                out += _signature_lines(sig, report.time_zone, newest=index == len(check.signatures) - 1)
            signature_reasons = {r for s in check.signatures for r in s.reasons}
            for finding in check.findings:
                if not any(reason in finding.message for reason in signature_reasons):
                    out.append(f"          ! {_finding_line(finding)}")
        out.append("")
    out.append("Pemeriksaan kasus")
    for case_check in report.checks:
        out.append(f"  {'OK   ' if case_check.ok else 'GAGAL'} {case_check.title}")
        for finding in case_check.findings:
            out.append(f"          ! {_finding_line(finding)}")
    signatures = sum(len(c.signatures) for c in report.revisions)
    count = len(report.findings)
    out += ["", f"Hasil: {'LULUS' if report.ok else 'GAGAL'} — {len(report.revisions)} revisi, "
                f"{signatures} pemeriksaan tanda tangan, {count} masalah"]
    return "\n".join(out)
