"""Offline verification of an exported case, independent of any runner database.

Answers, per document revision and per signature: present, unaltered, intact,
trusted, signed by the official rostered for the journal entry's role, one
signature added per revision on top of the previous bytes; and per case:
bag fixity, journal hash chain, no document missing, extra, or from another
case, roles consistent with the BPMN model.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Sequence

import bagit
from asn1crypto import pem, x509
from pypdf import PdfReader

from sopflow.archive.export import PAYLOAD_CASE, PAYLOAD_JOURNAL, revision_path
from sopflow.errors import VerificationError
from sopflow.model.profile import load_model
from sopflow.runner.journal import chain_problems, read_jsonl
from sopflow.signing import verify_pdf

__all__ = ["RevisionCheck", "CaseReport", "verify_case", "load_trust_roots"]


@dataclass(frozen=True)
class RevisionCheck:
    """Verdict on one document revision named by the journal."""

    journal_seq: int
    """Journal entry that produced it."""
    document: str
    """Case document id."""
    revision: int
    """Revision number."""
    path: str
    """Payload-relative file."""
    role: str
    """Role that signed in this revision."""
    official: str
    """Official recorded in the journal ("name (NIP)")."""
    signatures: tuple[dict[str, Any], ...]
    """Every signature in the file (see ``signing.verify.SignatureReport``)."""
    problems: tuple[str, ...]
    """What is wrong; empty when the revision passes."""

    @property
    def ok(self) -> bool:
        """Whether the revision passes."""
        return not self.problems


@dataclass(frozen=True)
class CaseReport:
    """The verdict on a whole case."""

    case_id: str
    """Case id from case.json."""
    path: str
    """Archive verified."""
    revisions: tuple[RevisionCheck, ...]
    """One check per journal entry."""
    problems: tuple[str, ...] = field(default=())
    """Case-level problems (fixity, chain, missing/extra files ...)."""

    @property
    def ok(self) -> bool:
        """True only when every check holds."""
        return not self.problems and all(r.ok for r in self.revisions)

    @property
    def signature_count(self) -> int:
        """Signatures checked (the newest of each revision)."""
        return len(self.revisions)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report."""
        data = asdict(self)
        data["ok"] = self.ok
        for rev, check in zip(data["revisions"], self.revisions):
            rev["ok"] = check.ok
        return data


def load_trust_roots(paths: Sequence[Path]) -> list[x509.Certificate]:
    """Read PEM or DER certificates.

    :raises VerificationError: unreadable file.
    """
    roots = []
    for path in paths:
        try:
            data = path.read_bytes()
            if pem.detect(data):
                for _type, _headers, der in pem.unarmor(data, multiple=True):
                    roots.append(x509.Certificate.load(der))
            else:
                roots.append(x509.Certificate.load(data))
        except (OSError, ValueError) as exc:
            raise VerificationError(f"cannot read trust root: {exc}", where=str(path)) from None
    return roots


def _payload_root(archive: Path) -> tuple[Path, list[str]]:
    """The payload directory and bag-level problems (fixity)."""
    if not (archive / "bagit.txt").is_file():
        return archive, []
    problems: list[str] = []
    try:
        bagit.Bag(str(archive)).validate(processes=1)
    except bagit.BagValidationError as exc:
        details = "; ".join(str(d) for d in exc.details) if exc.details else str(exc)
        problems.append(f"bag fixity fails: {details}")
    except bagit.BagError as exc:
        problems.append(f"not a valid bag: {exc}")
    return archive / "data", problems


def verify_case(archive: Path, trust: Sequence[Path] | None = None) -> CaseReport:
    """Verify an exported case (a bag or its payload directory).

    :param trust: trust root files; defaults to the archive's own ``certs/``
        (reported as a problem-free but weaker check — pass ``--trust``).
    :raises VerificationError: the archive lacks case.json or journal.jsonl.
    """
    root, problems = _payload_root(archive)
    case_file, journal_file = root / PAYLOAD_CASE, root / PAYLOAD_JOURNAL
    for needed in (case_file, journal_file):
        if not needed.is_file():
            raise VerificationError(f"{needed.name} is missing", where=str(archive),
                                    hint="pass the folder written by `sopflow case export` or `sopflow demo`")
    case = json.loads(case_file.read_text(encoding="utf-8"))
    case_id = str(case.get("case"))
    try:
        journal = read_jsonl(journal_file.read_text(encoding="utf-8"), source=str(journal_file))
    except ValueError as exc:
        return CaseReport(case_id=case_id, path=str(archive), revisions=(), problems=(*problems, str(exc)))
    problems += [f"journal line {p.line}: {p.message}" for p in chain_problems(journal)]
    if journal and case.get("journal_head") != journal[-1].get("hash"):
        problems.append("journal head in case.json does not match the last journal entry (entries dropped or added)")
    if case.get("journal_length") != len(journal):
        problems.append(f"case.json records {case.get('journal_length')} journal entries, the journal has {len(journal)}")
    roots = load_trust_roots(list(trust) if trust else sorted((root / "certs").glob("*.pem")))
    lanes = _lanes(root / str(case.get("model", "")), problems)
    officials = case.get("roster", {}).get("officials", {})

    checks: list[RevisionCheck] = []
    expected_files: set[str] = set()
    previous: dict[str, tuple[bytes, int]] = {}
    for entry in journal:
        rel = revision_path(str(entry.get("document")), int(entry.get("revision", 0)))
        expected_files.add(rel)
        checks.append(_check_revision(root, rel, entry, case_id, roots, lanes, officials, previous))
    actual = {p.relative_to(root).as_posix() for p in (root / "documents").rglob("*") if p.is_file()}
    for extra in sorted(actual - expected_files):
        problems.append(f"{extra}: extra document not recorded in the journal")
    return CaseReport(case_id=case_id, path=str(archive), revisions=tuple(checks), problems=tuple(problems))


def _lanes(model_path: Path, problems: list[str]) -> dict[str, str | None] | None:
    try:
        model = load_model(model_path)
    except Exception as exc:  # noqa: BLE001 - any unreadable model is a finding, not a crash
        problems.append(f"model {model_path.name} cannot be read: {exc}")
        return None
    return {e.id: e.lane for e in model.elements.values()}


def _check_revision(
    root: Path,
    rel: str,
    entry: dict[str, Any],
    case_id: str,
    roots: list[x509.Certificate],
    lanes: dict[str, str | None] | None,
    officials: dict[str, Any],
    previous: dict[str, tuple[bytes, int]],
) -> RevisionCheck:
    problems: list[str] = []
    document, role = str(entry.get("document")), str(entry.get("role"))
    official = entry.get("official", {})
    label = f"{official.get('name')} (NIP {official.get('nip')})"
    base = dict(journal_seq=int(entry.get("seq", 0)), document=document, revision=int(entry.get("revision", 0)),
                path=rel, role=role, official=label)
    path = root / rel
    if not path.is_file():
        return RevisionCheck(**base, signatures=(), problems=(f"{rel}: document missing",))
    data = path.read_bytes()
    if hashlib.sha256(data).hexdigest() != entry.get("doc_sha256"):
        problems.append(f"{rel}: content differs from the hash recorded in journal entry {entry.get('seq')} (altered)")
    rostered = officials.get(role)
    if not rostered or rostered.get("nip") != official.get("nip"):
        problems.append(f"{rel}: {label} is not the official rostered for role '{role}'")
    spec = (entry.get("task") or {}).get("spec")
    if lanes is not None and lanes.get(spec) != role:
        problems.append(f"{rel}: task {spec} is not in lane '{role}' of the model")
    try:
        info = PdfReader(path).metadata or {}
    except Exception as exc:  # noqa: BLE001 - a corrupt PDF is a finding
        info = {}
        problems.append(f"{rel}: PDF cannot be read ({exc})")
    if info.get("/SopflowCase") not in (None, case_id):
        problems.append(f"{rel}: document belongs to case {info.get('/SopflowCase')}, not {case_id} (swapped in)")
    elif info.get("/SopflowCase") is None:
        problems.append(f"{rel}: document carries no case id")
    report = verify_pdf(data, trust_roots=roots)
    signatures = tuple(asdict(s) if hasattr(s, "__dataclass_fields__") else dict(s) for s in report.signatures)
    for sig in report.signatures:
        for problem in sig.problems:
            problems.append(f"{rel}: signature {sig.field_name}: {problem}")
    if not report.ok and not any(s.problems for s in report.signatures):
        problems.append(f"{rel}: document does not verify")
    prior = previous.get(document)
    fresh = entry.get("action") in ("create", "record")
    expected_count = 1 if fresh or prior is None else prior[1] + 1
    if len(report.signatures) != expected_count:
        problems.append(f"{rel}: holds {len(report.signatures)} signature(s), expected {expected_count}")
    if prior is not None and not fresh and not data.startswith(prior[0]):
        problems.append(f"{rel}: does not extend the previous revision (a revision was replaced or dropped)")
    if report.signatures:
        last = report.signatures[-1]
        if last.cert_sha256 != entry.get("signer_cert_sha256"):
            problems.append(f"{rel}: newest signature was not made with the certificate in the journal")
        if last.signer_nip != official.get("nip"):
            problems.append(f"{rel}: newest signature is by NIP {last.signer_nip}, journal says {official.get('nip')}")
    previous[document] = (data, len(report.signatures))
    return RevisionCheck(**base, signatures=signatures, problems=tuple(problems))
