"""Offline verification of an exported case, independent of any runner database.

Per document revision and per signature: present, unaltered, intact,
trusted, signed by the official rostered for the journal entry's role, one
signature added per revision on top of the previous bytes, only signature,
form-fill and validation-data updates after each signature. Per case: bag
fixity, journal hash chain, no document missing, extra or swapped in from
another case, signing times inside the case period and in journal order,
the trail replays on the archived BPMN model, and (B-LTA) every document's
archive timestamp.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import bagit
from asn1crypto import pem, x509

from sopflow.archive.bag_files import LIMITS, BagFileError, BagFiles, scan_bag
from sopflow.archive.export import ARCHIVE_TIMESTAMPS, HISTORY_SHEET, PAYLOAD_CASE, PAYLOAD_JOURNAL, revision_path
from sopflow.archive.payload import load_case, load_journal, load_stamps
from sopflow.archive.replay import replay_journal
from sopflow.archive.report import (
    CaseCheck,
    CaseReport,
    Finding,
    Kind,
    RevisionCheck,
    SignatureCheck,
)
from sopflow.archive.signatures import FileVerdict, document_findings, reason_kind, verify_files
from sopflow.archive.validation import validation_der
from sopflow.errors import ModelError, SopflowError, VerificationError
from sopflow.files import FileRefused, read_regular_file
from sopflow.localtime import DEFAULT_ZONE
from sopflow.model.profile import SopModel, parse_model
from sopflow.runner.binding import (
    CANCEL_ACTION,
    PURPOSE_SEAL,
    PURPOSE_TASK,
    certificate_digests,
    files_digest,
    roster_digest,
    seal_binding,
    task_binding,
)
from sopflow.runner.clock import CLOCK_SKEW
from sopflow.runner.journal import chain_problems
from sopflow.signing import SignatureReport

__all__ = ["CLOCK_SKEW", "verify_case", "load_trust_roots"]


_FRESH = ("create", "record")
"""Actions that start a new PDF (a new revision chain) rather than sign the current one."""


def load_trust_roots(paths: Sequence[Path]) -> list[x509.Certificate]:
    """Read PEM or DER certificates.

    :raises VerificationError: unreadable file.
    """
    roots = []
    for path in paths:
        try:
            data = read_regular_file(path, limit=LIMITS["certificate"])
            if pem.detect(data):
                for _type, _headers, der in pem.unarmor(data, multiple=True):
                    roots.append(x509.Certificate.load(der))
            else:
                roots.append(x509.Certificate.load(data))
        except FileRefused as exc:
            raise VerificationError(f"cannot read trust root: {exc.detail}", where=str(path)) from None
        except (OSError, ValueError) as exc:
            raise VerificationError(f"cannot read trust root: {exc}", where=str(path)) from None
    return roots


@dataclass
class _Case:
    """What the case-wide checks share while walking the journal."""

    bag: BagFiles
    case: Mapping[str, Any]
    journal: list[dict[str, Any]]
    verdicts: dict[str, FileVerdict]
    officials: Mapping[str, Any]
    start: datetime | None
    end: datetime | None
    files_digest: str = ""
    roster_digest: str = ""
    times: list[tuple[int, str, datetime]] = field(default_factory=list)
    generations: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    previous: dict[str, tuple[int, str]] = field(default_factory=dict)
    """Length and SHA-256 of each document's previous revision (not its bytes: memory stays bounded)."""


def verify_case(
    archive: Path, trust: Sequence[Path] | None = None, *, workers: int | None = None, require_complete: bool = False
) -> CaseReport:
    """Verify an exported case (a bag or its payload directory).

    :param trust: trust root files; defaults to the archive's own ``certs/``
        (a weaker check: pass the deployment's root; the report says which was used).
    :param workers: worker processes verifying signatures; ``None`` = one per core.
    :param require_complete: fail any case not closed by a valid seal as completed (still running,
        cut short, or cancelled).
    :raises VerificationError: the archive lacks case.json or journal.jsonl.
    """
    try:
        return _verify_case(archive, trust, workers, require_complete)
    except (VerificationError, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - the last guard: a hostile archive never ends in a traceback
        stopped = Finding(Kind.MALFORMED, f"verification stopped: the archive is malformed in a way no check "
                                          f"names ({type(exc).__name__}: {str(exc)[:200]})")
        return CaseReport(case_id="?", sop="", path=str(archive), level=None, trust=(), revisions=(),
                          checks=(CaseCheck("archive", "arsip dapat diperiksa", (stopped,)),))


def _verify_case(
    archive: Path, trust: Sequence[Path] | None, workers: int | None, require_complete: bool
) -> CaseReport:
    root, bag_findings = _payload_root(archive.resolve(), workers)
    bag_files = BagFiles(root)
    for needed in (PAYLOAD_CASE, PAYLOAD_JOURNAL):
        if not os.path.lexists(root / needed):
            raise VerificationError(f"{needed} is missing", where=str(archive),
                                    hint="pass the folder written by `sopflow case export` or `sopflow demo`")
    case, case_findings = load_case(bag_files)
    bag = CaseCheck("bag", "keutuhan bag BagIt (checksum setiap berkas, hanya berkas biasa di dalam bag)",
                    tuple(bag_findings))
    if case is None:
        return CaseReport(case_id="?", sop="", path=str(archive), level=None, trust=(), revisions=(),
                          checks=(bag, CaseCheck("case", f"{PAYLOAD_CASE} terbaca dan berbentuk benar",
                                                 tuple(case_findings))))
    case_id = str(case.get("case"))
    roots, root_findings = _trust_roots(bag_files, trust)
    head: dict[str, Any] = dict(
        case_id=case_id, sop=f"{case.get('sop_number', '')} {case.get('sop_title', '')}".strip(),
        path=str(archive), level=(case.get("roster") or {}).get("level"),
        trust=tuple(str(r.subject.human_friendly) for r in roots), trust_from_archive=not trust,
    )
    journal, journal_findings = load_journal(bag_files)
    if journal is None:
        broken = CaseCheck("journal", "rantai hash jurnal", tuple(journal_findings))
        return CaseReport(**head, revisions=(), checks=(bag, broken))
    stamps, stamp_list_findings = load_stamps(bag_files)
    steps = [e for e in journal if e.get("action") != CANCEL_ACTION]
    files = [revision_path(str(e.get("document")), _int(e.get("revision"))) for e in steps]
    files += [str(s.get("path")) for s in stamps]
    if bag_files.exists(HISTORY_SHEET):
        files.append(HISTORY_SHEET)
    validation, validation_findings = validation_der(bag_files)
    verdicts = verify_files(bag_files, list(dict.fromkeys(files)), roots, validation=validation, workers=workers)
    bag = CaseCheck(bag.name, bag.title, bag.findings + tuple(root_findings + validation_findings))
    roster: dict[str, Any] = case["roster"] if isinstance(case.get("roster"), dict) else {}
    state = _Case(bag=bag_files, case=case, journal=steps, verdicts=verdicts,
                  officials=roster.get("officials") or {},
                  start=_parse_time(case.get("started_at")), end=_parse_time(case.get("completed_at")),
                  files_digest=_archived_files_digest(bag_files), roster_digest=_case_roster_digest(roster))
    revisions = tuple(_check_revision(state, entry) for entry in steps)
    state.times += _closing_times(journal, verdicts.get(HISTORY_SHEET))
    model, model_findings = _model(bag_files, case)
    outcome, seal_findings = _seal_findings(state, journal, require_complete)
    head["time_zone"] = _zone(model)
    checks: tuple[CaseCheck, ...] = (
        bag,
        CaseCheck("journal", f"rantai hash jurnal ({len(journal)} entri)", tuple(_journal_findings(case, journal))),
        CaseCheck("roster", "daftar pejabat, akar tepercaya dan level di case.json sama dengan yang diikat "
                            "tanda tangan", tuple(_roster_findings(bag_files, roster))),
        CaseCheck("documents", "dokumen lengkap: tidak ada yang hilang, tambahan, atau dari kasus lain",
                  tuple(_extra_documents(bag_files, steps, stamps))),
        CaseCheck("times", "waktu tanda tangan, pembatalan dan segel dalam periode kasus dan berurutan sesuai jurnal",
                  tuple(_time_findings(state))),
        CaseCheck("replay", f"jejak tugas sesuai model BPMN (replay, status {case.get('status')})",
                  tuple(replay_journal(model, steps, case.get("status")) if model else model_findings)),
        CaseCheck("seal", "kasus yang berakhir ditutup Lembar Riwayat bersegel unit atas kepala jurnal yang tepat"
                          + (" (wajib selesai: --require-complete)" if require_complete else ""),
                  tuple(seal_findings)),
    )
    if stamps or stamp_list_findings or head["level"] == "B-LTA":
        checks += (CaseCheck("archive-timestamps", f"cap waktu arsip (B-LTA) pada revisi terakhir setiap dokumen "
                                                   f"({len(stamps)} salinan bercap waktu)",
                             tuple(stamp_list_findings + _stamp_findings(state, stamps, head["level"]))),)
    return CaseReport(**head, revisions=revisions, checks=checks, outcome=outcome)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _payload_root(archive: Path, workers: int | None) -> tuple[Path, list[Finding]]:
    """The payload directory and bag-level findings (unsafe files, fixity).

    The BagIt fixity check runs only on a bag whose every file is a regular
    file of bounded size: it would follow links and block on FIFOs.
    """
    unsafe = scan_bag(archive)
    if not (archive / "bagit.txt").is_file() or os.path.islink(archive / "bagit.txt"):
        return archive, unsafe + [Finding(Kind.NOT_A_BAG, "the archive is not a BagIt bag: file fixity cannot "
                                                          "be checked")]
    if unsafe:
        return archive / "data", unsafe + [Finding(Kind.BAG_FIXITY, "bag fixity not checked: the bag holds files "
                                                                    "the verifier does not read")]
    findings: list[Finding] = []
    logging.getLogger("bagit").setLevel(logging.CRITICAL)
    try:
        bagit.Bag(str(archive)).validate(processes=workers or os.cpu_count() or 1)
    except bagit.BagValidationError as exc:
        details = "; ".join(str(d) for d in exc.details) if exc.details else str(exc)
        findings.append(Finding(Kind.BAG_FIXITY, f"bag fixity fails: {details}"))
    except (bagit.BagError, ValueError, UnicodeError, OSError) as exc:
        findings.append(Finding(Kind.NOT_A_BAG, f"not a valid bag: {exc}"))
    return archive / "data", findings


def _trust_roots(bag: BagFiles, trust: Sequence[Path] | None) -> tuple[list[x509.Certificate], list[Finding]]:
    """The given trust roots, or the archive's own ``certs/*.pem`` (unreadable ones reported)."""
    if trust:
        return load_trust_roots(list(trust)), []
    roots: list[x509.Certificate] = []
    findings: list[Finding] = []
    for name in [n for n in bag.files("certs") if n.endswith(".pem")][:100]:
        try:
            data = bag.read(name, limit=LIMITS["certificate"])
            roots += [x509.Certificate.load(der) for _t, _h, der in pem.unarmor(data, multiple=True)]
        except BagFileError as exc:
            findings.append(exc.finding())
        except (ValueError, TypeError) as exc:
            findings.append(Finding(Kind.UNREADABLE, f"{name}: not a PEM certificate ({exc})"))
    return roots, findings


def _parse_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _model(bag: BagFiles, case: Mapping[str, Any]) -> tuple[SopModel | None, list[Finding]]:
    name = str(case.get("model", ""))
    try:
        return parse_model(bag.read(name, limit=LIMITS["model"]), source=name), []
    except BagFileError as exc:
        return None, [exc.finding()]
    except SopflowError as exc:
        return None, [Finding(Kind.REPLAY, f"model {name} cannot be read: {exc}")]


def _zone(model: SopModel | None) -> str:
    try:
        return model.time_zone if model else DEFAULT_ZONE
    except ModelError:
        return DEFAULT_ZONE


def _journal_findings(case: Mapping[str, Any], journal: list[dict[str, Any]]) -> list[Finding]:
    findings = [Finding(Kind.JOURNAL_CHAIN, f"journal line {p.line}: {p.message}") for p in chain_problems(journal)]
    if journal and case.get("journal_head") != journal[-1].get("hash"):
        findings.append(Finding(Kind.JOURNAL_HEAD, "journal head in case.json does not match the last journal "
                                                   "entry (entries dropped or added)"))
    if case.get("journal_length") != len(journal):
        findings.append(Finding(Kind.JOURNAL_HEAD, f"case.json records {case.get('journal_length')} journal "
                                                   f"entries, the journal has {len(journal)}"))
    for entry in journal:
        if entry.get("case") != case.get("case"):
            findings.append(Finding(Kind.JOURNAL_CHAIN, f"journal entry {entry.get('seq')} belongs to case "
                                                        f"{entry.get('case')}, not {case.get('case')}"))
    return findings


def _person(value: Mapping[str, Any] | None) -> str:
    value = value or {}
    return f"{value.get('name')} (NIP {value.get('nip')})"


def _check_revision(state: _Case, entry: dict[str, Any]) -> RevisionCheck:
    document, revision = str(entry.get("document")), _int(entry.get("revision"))
    rel = revision_path(document, revision)
    role, official = str(entry.get("role")), entry.get("official") or {}
    base: dict[str, Any] = dict(journal_seq=_int(entry.get("seq")), document=document, revision=revision, path=rel,
                action=str(entry.get("action")), task=str((entry.get("task") or {}).get("name")),
                role=role, official=_person(official))
    generation = [] if entry.get("action") in _FRESH else list(state.generations.get(document, []))
    generation.append(entry)
    state.generations[document] = generation
    findings: list[Finding] = []
    rostered = state.officials.get(role)
    if not rostered or rostered.get("nip") != official.get("nip"):
        findings.append(Finding(Kind.ROLE_MISMATCH, f"{rel}: journal entry {entry.get('seq')} names "
                                                    f"{_person(official)}, who is not the official rostered "
                                                    f"for role '{role}'"))
    verdict = state.verdicts.get(rel)
    try:
        data = state.bag.read(rel, limit=LIMITS["pdf"])
    except BagFileError as exc:
        findings.append(exc.finding())
        return RevisionCheck(**base, signatures=(), findings=tuple(findings))
    if hashlib.sha256(data).hexdigest() != entry.get("doc_sha256"):
        findings.append(Finding(Kind.DOCUMENT_ALTERED, f"{rel}: content differs from the hash recorded in "
                                                       f"journal entry {entry.get('seq')} (altered or replaced)"))
    if verdict is None or verdict.report is None:
        findings.append(Finding(verdict.kind if verdict else Kind.UNREADABLE,
                                f"{rel}: {verdict.error if verdict else 'not verified'}"))
        return RevisionCheck(**base, signatures=(), findings=tuple(findings))
    report = verdict.report
    regular = [s for s in report.signatures if s.kind == "signature"]
    signatures = tuple(_signature_check(state, s, generation, regular) for s in report.signatures)
    for sig in signatures:
        findings += [Finding(_sig_kind(report.signatures, sig, r), f"{rel}: signature {sig.field_name}: {r}")
                     for r in sig.reasons]
    if not report.signatures:
        findings.append(Finding(Kind.SIGNATURE_COUNT, f"{rel}: the document holds no signature"))
    else:
        findings += document_findings(report, rel)
    if len(regular) != len(generation):
        findings.append(Finding(Kind.SIGNATURE_COUNT, f"{rel}: holds {len(regular)} signature(s), the journal "
                                                      f"records {len(generation)} on this draft (signature "
                                                      f"removed or added)"))
    for lost in generation[len(regular):]:
        findings.append(Finding(Kind.SIGNATURE_COUNT, f"{rel}: the signature of journal entry {lost.get('seq')} "
                                                      f"({lost.get('role')}: {_person(lost.get('official'))}) "
                                                      f"is not in the file"))
    prior = state.previous.get(document)
    if entry.get("action") not in _FRESH and prior is not None and (
            len(data) < prior[0] or hashlib.sha256(data[:prior[0]]).hexdigest() != prior[1]):
        findings.append(Finding(Kind.REVISION_CHAIN, f"{rel}: does not extend the previous revision byte for "
                                                     f"byte (a revision was replaced or dropped)"))
    state.previous[document] = (len(data), hashlib.sha256(data).hexdigest())
    if regular and len(regular) == len(generation):
        newest = regular[-1]
        findings += _binding_findings(state, rel, newest, entry)
        if newest.timestamp_time is None and _level(state) in _TIMESTAMPED:
            findings.append(Finding(Kind.TIMESTAMP_UNTRUSTED, f"{rel}: signature {newest.field_name} carries no "
                                                              f"signature timestamp, but the case is signed at "
                                                              f"{_level(state)} (timestamp removed from the "
                                                              f"signature's unsigned attributes?)"))
        for label, moment in (("signing time", newest.signing_time), ("timestamp", newest.timestamp_time),
                              ("signing time (/M)", newest.claimed_time)):
            if moment is not None:
                state.times.append((_int(entry.get("seq")), f"{rel} {label}", moment))
    moment = _parse_time(entry.get("time"))
    if moment is not None:
        state.times.append((_int(entry.get("seq")), f"journal entry {entry.get('seq')} time", moment))
    return RevisionCheck(**base, signatures=signatures, findings=tuple(findings))


_TIMESTAMPED = ("B-T", "B-LT", "B-LTA")
"""PAdES levels whose every signature carries a signature timestamp."""


def _level(state: _Case) -> str | None:
    roster = state.case.get("roster")
    return str(roster.get("level")) if isinstance(roster, dict) else None


def _sig_kind(reports: Sequence[SignatureReport], sig: SignatureCheck, reason: str) -> Kind:
    source = next((s for s in reports if s.field_name == sig.field_name), None)
    if source is not None and reason in source.problems:
        return reason_kind(source, reason)
    return Kind.WRONG_SIGNER


def _signature_check(
    state: _Case, sig: SignatureReport, generation: list[dict[str, Any]], regular: list[SignatureReport]
) -> SignatureCheck:
    reasons = list(sig.problems)
    entry: dict[str, Any] | None = None
    if sig.kind == "signature":
        index = next(i for i, s in enumerate(regular) if s is sig)
        entry = generation[index] if index < len(generation) else None
    role = str(entry.get("role")) if entry else None
    rostered = state.officials.get(role or "") if entry else None
    if entry is not None:
        declared = f"{entry.get('action')}_{(entry.get('task') or {}).get('spec')}"
        if sig.field_name != declared and not sig.field_name.startswith(declared + "_"):
            reasons.append(f"signed in field {sig.field_name}, not in {declared}, the field declared for journal "
                           f"entry {entry.get('seq')}")
        if sig.cert_sha256 != entry.get("signer_cert_sha256"):
            reasons.append(f"made with a certificate other than the one journal entry {entry.get('seq')} records")
        if rostered and sig.signer_nip != rostered.get("nip"):
            reasons.append(f"signer NIP {sig.signer_nip} is not the NIP of the official rostered for "
                           f"'{role}' ({rostered.get('nip')})")
        if rostered and rostered.get("cert_sha256") and sig.cert_sha256 != rostered.get("cert_sha256"):
            reasons.append(f"certificate is not the one pinned in the roster for '{role}'")
    elif sig.kind == "signature":
        reasons.append("no journal entry accounts for this signature")
    return SignatureCheck(
        field_name=sig.field_name, kind=sig.kind, journal_seq=_int(entry.get("seq")) if entry else None,
        role=role, expected=_person(rostered) if rostered else None,
        signer=f"{sig.signer_name} (NIP {sig.signer_nip})" if sig.signer_name else None,
        cert_sha256=sig.cert_sha256, intact=sig.intact, trusted=sig.trusted,
        modification_level=sig.modification_level, signing_time=sig.signing_time,
        timestamp_time=sig.timestamp_time, reasons=tuple(reasons),
    )


_LINK_KEYS = {"Task": "task", "Seq": "journal sequence number", "PrevJournal": "previous journal hash"}


def _binding_findings(state: _Case, rel: str, sig: SignatureReport, entry: Mapping[str, Any]) -> list[Finding]:
    """What the newest signature of a revision commits to, against the journal entry, the archive and the case."""
    bound = sig.binding
    if bound is None or bound.get("Purpose") != PURPOSE_TASK:
        return [Finding(Kind.BINDING_MISSING, f"{rel}: signature {sig.field_name} does not commit to a case, task "
                                              f"and journal position (no sopflow binding in its signed bytes)")]
    expected = task_binding(case_id=str(state.case.get("case")), task_id=str((entry.get("task") or {}).get("id")),
                            document=str(entry.get("document")), seq=_int(entry.get("seq")),
                            prev=str(entry.get("prev")), files=state.files_digest, roster=state.roster_digest)
    findings = []
    for key in ("Case", "Document"):
        if bound.get(key) != expected[key]:
            findings.append(Finding(Kind.DOCUMENT_SWAPPED, f"{rel}: signed for {key.lower()} {bound.get(key)}, the "
                                                           f"journal expects {expected[key]} (document swapped in "
                                                           f"from elsewhere)"))
    for key, label in _LINK_KEYS.items():
        if bound.get(key) != expected[key]:
            findings.append(Finding(Kind.JOURNAL_LINK, f"{rel}: signed with {label} {str(bound.get(key))[:16]}, "
                                                       f"journal entry {entry.get('seq')} records "
                                                       f"{expected[key][:16]} (journal rewritten, or the document "
                                                       f"comes from elsewhere)"))
    if bound.get("ModelDigest") != expected["ModelDigest"]:
        findings.append(Finding(Kind.MODEL_DIGEST, f"{rel}: signed for a model and forms with digest "
                                                   f"{str(bound.get('ModelDigest'))[:16]}…, the archived model and "
                                                   f"forms digest to {expected['ModelDigest'][:16]}… (model or form "
                                                   f"replaced)"))
    if bound.get("RosterDigest") != expected["RosterDigest"]:
        findings.append(Finding(Kind.ROSTER_DIGEST, f"{rel}: signed under a roster with digest "
                                                    f"{str(bound.get('RosterDigest'))[:16]}…, case.json's roster "
                                                    f"digests to {expected['RosterDigest'][:16]}… (officials, trust "
                                                    f"roots, level or seal edited)"))
    return findings


_ENDED = ("completed", "cancelled")


def _seal_findings(
    state: _Case, journal: list[dict[str, Any]], require_complete: bool
) -> tuple[str | None, list[Finding]]:
    """The Lembar Riwayat against the journal, the case and the roster: the outcome a valid seal proves."""
    status = state.case.get("status")
    cancels = [i for i, e in enumerate(journal) if e.get("action") == CANCEL_ACTION]
    findings: list[Finding] = []
    if cancels and (cancels != [len(journal) - 1] or status != "cancelled"):
        findings.append(Finding(Kind.SEAL_MISMATCH, "a cancellation must be the journal's last entry of a case "
                                                    "whose status is cancelled"))
    verdict = state.verdicts.get(HISTORY_SHEET)
    if verdict is None:
        if status in _ENDED:
            findings.append(Finding(Kind.SEAL_MISSING, f"case.json says the case is {status}, but no sealed "
                                                       f"{HISTORY_SHEET} closes it"))
        if require_complete:
            findings.append(Finding(Kind.NOT_COMPLETE, f"the case is not sealed as completed (status {status})"))
        return None, findings
    problems = _seal_problems(state, verdict, journal)
    findings += problems
    sealed = verdict.report.signatures[0].binding if verdict.report and verdict.report.signatures else None
    outcome = None if problems or not sealed else str(sealed.get("Outcome"))
    if outcome is not None and outcome != status:
        findings.append(Finding(Kind.SEAL_MISMATCH, f"the seal closes the case as {outcome}, case.json says "
                                                    f"{status}"))
    if outcome is not None and (outcome == "cancelled") != bool(cancels):
        findings.append(Finding(Kind.SEAL_MISMATCH, f"the seal closes the case as {outcome}, but the journal "
                                                    f"{'records' if cancels else 'records no'} cancellation"))
    if require_complete and outcome != "completed":
        findings.append(Finding(Kind.NOT_COMPLETE, f"the case is not sealed as completed "
                                                   f"({outcome or 'no valid seal'})"))
    return outcome, findings


def _seal_problems(state: _Case, verdict: FileVerdict, journal: list[dict[str, Any]]) -> list[Finding]:
    report = verdict.report
    if report is None:
        return [Finding(Kind.SEAL_INVALID, f"{HISTORY_SHEET}: {verdict.error}")]
    regular = [s for s in report.signatures if s.kind == "signature"]
    if len(regular) != 1:
        return [Finding(Kind.SEAL_INVALID, f"{HISTORY_SHEET}: holds {len(regular)} signatures, the unit's "
                                           f"seal only")]
    seal = regular[0]
    findings = [Finding(Kind.SEAL_INVALID, f"{HISTORY_SHEET}: {s.field_name}: {p}")
                for s in report.signatures for p in s.problems] + document_findings(report, HISTORY_SHEET)
    roster: dict[str, Any] = state.case["roster"] if isinstance(state.case.get("roster"), dict) else {}
    unit: dict[str, Any] = roster["seal"] if isinstance(roster.get("seal"), dict) else {}
    if seal.signer_nip or seal.signer_name != unit.get("name") or (
            unit.get("cert_sha256") and unit.get("cert_sha256") != seal.cert_sha256):
        findings.append(Finding(Kind.SEAL_INVALID, f"{HISTORY_SHEET}: sealed by {seal.signer_name}"
                                                   f"{' (NIP ' + seal.signer_nip + ')' if seal.signer_nip else ''}, "
                                                   f"not by the unit seal the roster names ({unit.get('name')})"))
    bound = seal.binding or {}
    if bound.get("Purpose") != PURPOSE_SEAL:
        return findings + [Finding(Kind.SEAL_INVALID, f"{HISTORY_SHEET}: the seal carries no case history binding")]
    head = str(journal[-1].get("hash")) if journal else ""
    expected = seal_binding(case_id=str(state.case.get("case")), outcome=str(bound.get("Outcome")), head=head,
                            length=len(journal), files=state.files_digest, roster=state.roster_digest)
    labels = {"Case": "case", "JournalHead": "journal head", "JournalLength": "journal length",
              "ModelDigest": "model and forms digest", "RosterDigest": "roster digest"}
    for key, label in labels.items():
        if bound.get(key) != expected[key]:
            findings.append(Finding(Kind.SEAL_MISMATCH, f"{HISTORY_SHEET}: sealed {label} {str(bound.get(key))[:16]}"
                                                        f" differs from the archive's {expected[key][:16]} (journal "
                                                        f"cut short, extended or rewritten after the case ended)"))
    if bound.get("Outcome") not in _ENDED:
        findings.append(Finding(Kind.SEAL_INVALID, f"{HISTORY_SHEET}: unknown sealed outcome {bound.get('Outcome')}"))
    return findings


def _case_roster_digest(roster: Mapping[str, Any]) -> str:
    """Digest of case.json's roster, taking nothing but the bound keys (no file is read)."""
    trust = roster.get("trust_sha256")
    return roster_digest({"officials": roster.get("officials"), "level": roster.get("level"),
                          "trust_sha256": [str(t) for t in trust] if isinstance(trust, list) else [],
                          "seal": roster.get("seal")})


def _archived_files_digest(bag: BagFiles) -> str:
    """Digest of every regular file under the archive's ``model/`` and ``forms/`` (unreadable ones left out)."""
    files = {}
    for folder, limit in (("model", LIMITS["model"]), ("forms", LIMITS["form"])):
        for name in bag.files(folder):
            try:
                files[name] = hashlib.sha256(bag.read(name, limit=limit)).hexdigest()
            except BagFileError:
                continue
    return files_digest(files)


def _roster_findings(bag: BagFiles, roster: Mapping[str, Any]) -> list[Finding]:
    """The archive's trust root files against the trust root digests case.json's roster names."""
    carried = []
    for name in [n for n in bag.files("certs") if n.endswith(".pem")][:100]:
        try:
            carried.append(bag.read(name, limit=LIMITS["certificate"]))
        except BagFileError:
            continue
    listed = roster.get("trust_sha256")
    if not isinstance(listed, list) or sorted(map(str, listed)) != certificate_digests(carried):
        return [Finding(Kind.ROSTER_DIGEST, "the trust roots under certs/ are not those case.json's roster names "
                                            "(trust_sha256)")]
    return []


def _extra_documents(bag: BagFiles, journal: list[dict[str, Any]], stamps: list[dict[str, Any]]) -> list[Finding]:
    expected = {revision_path(str(e.get("document")), _int(e.get("revision"))) for e in journal}
    expected |= {str(s.get("path")) for s in stamps}
    actual = set(bag.files("documents"))
    return [Finding(Kind.DOCUMENT_EXTRA, f"{extra}: extra document not recorded in the journal")
            for extra in sorted(actual - expected)]


def _time_findings(state: _Case) -> list[Finding]:
    findings = []
    start = state.start - CLOCK_SKEW if state.start else None
    last = max((t for _s, _l, t in state.times), default=None)
    end = (state.end or last or datetime.now(UTC)) + CLOCK_SKEW
    for _seq, label, moment in state.times:
        if (start and moment < start) or moment > end:
            findings.append(Finding(Kind.TIME_OUTSIDE_PERIOD, f"{label} {moment.isoformat()} lies outside the case "
                                                              f"period {state.case.get('started_at')} .. "
                                                              f"{state.case.get('completed_at') or 'now'}"))
    by_entry: dict[int, list[tuple[str, datetime]]] = {}
    for seq, label, moment in state.times:
        by_entry.setdefault(seq, []).append((label, moment))
    latest: tuple[str, datetime] | None = None
    for seq in sorted(by_entry):
        times = by_entry[seq]
        for label, moment in times:
            if latest and moment < latest[1] - CLOCK_SKEW:
                findings.append(Finding(Kind.TIME_ORDER, f"{label} {moment.isoformat()} is earlier than "
                                                         f"{latest[0]} {latest[1].isoformat()}"))
        first, last_time = min(t for _l, t in times), max(t for _l, t in times)
        if last_time - first > CLOCK_SKEW:
            findings.append(Finding(Kind.TIME_ORDER, f"journal entry {seq}: its times disagree by more than "
                                                     f"{CLOCK_SKEW}: " + ", ".join(f"{name} {t.isoformat()}"
                                                                                   for name, t in times)))
        newest = max(times, key=lambda item: item[1])
        latest = newest if latest is None or newest[1] > latest[1] else latest
    return findings


def _closing_times(journal: list[dict[str, Any]], sheet: FileVerdict | None) -> list[tuple[int, str, datetime]]:
    """The times that close a case: a cancellation's journal time at its place in the journal, then the seal's
    signing time and signature timestamp, after every entry (the seal is made once the journal is final)."""
    times = []
    for entry in journal:
        moment = _parse_time(entry.get("time"))
        if entry.get("action") == CANCEL_ACTION and moment is not None:
            times.append((_int(entry.get("seq")), f"cancellation (journal entry {entry.get('seq')}) time", moment))
    report = sheet.report if sheet is not None else None
    seals = [s for s in report.signatures if s.kind == "signature"] if report is not None else []
    after = max((_int(e.get("seq")) for e in journal), default=0) + 1
    for seal in seals[:1]:
        for label, moment in (("signing time", seal.signing_time), ("timestamp", seal.timestamp_time),
                              ("signing time (/M)", seal.claimed_time)):
            if moment is not None:
                times.append((after, f"{HISTORY_SHEET} seal {label}", moment))
    return times


def _stamp_findings(state: _Case, stamps: list[dict[str, Any]], level: str | None) -> list[Finding]:
    last: dict[str, dict[str, Any]] = {}
    for entry in state.journal:
        last[str(entry.get("document"))] = entry
    findings = []
    seen = set()
    for stamp in stamps:
        rel, document = str(stamp.get("path")), str(stamp.get("document"))
        seen.add(document)
        final = last.get(document)
        if final is None or _int(stamp.get("revision")) != _int(final.get("revision")):
            findings.append(Finding(Kind.ARCHIVE_TIMESTAMP, f"{rel}: archive timestamp is not on the last "
                                                            f"revision of a document in the journal"))
            continue
        verdict = state.verdicts.get(rel)
        base = revision_path(document, _int(final.get("revision")))
        try:
            data = state.bag.read(rel, limit=LIMITS["pdf"])
            base_data = state.bag.read(base, limit=LIMITS["pdf"])
        except BagFileError as exc:
            findings.append(exc.finding())
            continue
        if hashlib.sha256(data).hexdigest() != stamp.get("sha256"):
            findings.append(Finding(Kind.DOCUMENT_ALTERED, f"{rel}: content differs from {ARCHIVE_TIMESTAMPS}"))
        if not data.startswith(base_data):
            findings.append(Finding(Kind.REVISION_CHAIN, f"{rel}: does not extend {base}"))
        report = verdict.report if verdict else None
        if verdict is None or report is None:
            findings.append(Finding(verdict.kind if verdict else Kind.UNREADABLE,
                                    f"{rel}: {verdict.error if verdict else 'not verified'}"))
            continue
        for sig in report.signatures:
            findings += [Finding(reason_kind(sig, p), f"{rel}: {sig.field_name}: {p}") for p in sig.problems]
        findings += document_findings(report, rel)
        if not report.signatures or report.signatures[-1].kind != "doc_timestamp":
            findings.append(Finding(Kind.ARCHIVE_TIMESTAMP, f"{rel}: does not end with a document timestamp"))
    if level == "B-LTA":
        for document in sorted(set(last) - seen):
            findings.append(Finding(Kind.ARCHIVE_TIMESTAMP, f"document {document}: the case is B-LTA but its last "
                                                            f"revision has no archive timestamp"))
    return findings
