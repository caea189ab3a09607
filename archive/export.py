"""Export a case as a self-contained BagIt bag (RFC 8493).

Payload layout (under ``data/``)::

    case.json                     case id, SOP, period, journal head, and the roster every
                                  signature commits to (officials, level, trust root
                                  digests, unit seal: :func:`sopflow.runner.binding.bound_roster`)
    journal.jsonl                 the hash-chained journal, one entry per line
    model/<file>.bpmn             the exact model the case ran on
    forms/<key>.form              the exact forms
    documents/<doc>/r<N>.pdf      every revision of every document
    documents/<doc>/r<N>-lta.pdf  B-LTA only: the last revision plus validation data
                                  and a document timestamp made at export
    archive-timestamps.json       B-LTA only: which files carry archive timestamps
    lembar-riwayat.pdf            the case history sheet sealed by the unit (a case that has
                                  ended: completed or cancelled)
    certs/trust-<N>.pem           the deployment's trust roots (informational:
                                  an archivist verifies against their own)
    validation/...                CA/responder certificates, CRLs, OCSP responses
                                  (see :mod:`sopflow.archive.validation`)
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

import bagit

from sopflow.archive.validation import VALIDATION_DIR, write_validation
from sopflow.errors import CaseError
from sopflow.runner.binding import bound_roster
from sopflow.runner.cases import CaseService
from sopflow.runner.journal import canonical_json
from sopflow.runner.signing_setup import case_signing_context
from sopflow.signing import SigningLevel, add_archive_timestamp

__all__ = [
    "export_case",
    "PAYLOAD_CASE",
    "PAYLOAD_JOURNAL",
    "ARCHIVE_TIMESTAMPS",
    "revision_path",
    "archive_timestamp_path",
    "HISTORY_SHEET",
]

PAYLOAD_CASE = "case.json"
"""Case description file, relative to the payload root."""
PAYLOAD_JOURNAL = "journal.jsonl"
"""Journal file, relative to the payload root."""


def revision_path(document: str, revision: int) -> str:
    """Payload-relative path of one document revision."""
    return f"documents/{document}/r{revision}.pdf"


HISTORY_SHEET = "lembar-riwayat.pdf"
"""The sealed Lembar Riwayat of an ended case, relative to the payload root."""
ARCHIVE_TIMESTAMPS = "archive-timestamps.json"
"""List of archive-timestamped document copies (B-LTA), relative to the payload root."""


def archive_timestamp_path(document: str, revision: int) -> str:
    """Payload-relative path of a revision's archive-timestamped copy (B-LTA)."""
    return f"documents/{document}/r{revision}-lta.pdf"


def _write_case_files(service: CaseService, case_id: str, out_dir: Path) -> None:
    """The exact model and forms the case started with, under ``model/`` and ``forms/``."""
    (out_dir / "model").mkdir()
    (out_dir / "forms").mkdir()
    for name, sha256 in sorted(service.case_files(case_id).items()):
        folder, _, file_name = name.partition("/")
        if folder not in ("model", "forms") or not file_name or "/" in file_name or file_name in (".", ".."):
            raise CaseError(f"case file {name!r} has no place in an archive", where=case_id)
        (out_dir / folder / file_name).write_bytes(service.case_file(case_id, name, sha256))


def export_case(service: CaseService, case_id: str, out_dir: Path) -> Path:
    """Write the case as a bag at ``out_dir`` (must not exist or be empty).

    :raises CaseError: unknown case or a non-empty target.
    """
    if out_dir.exists() and any(out_dir.iterdir()):
        raise CaseError(f"{out_dir} exists and is not empty", hint="choose a new directory for the archive")
    summary = service.summary(case_id)
    with service.store.session() as session:
        row = service.case_row(session, case_id)
        model_name, completed_at = row.model_name, row.completed_at
    out_dir.mkdir(parents=True, exist_ok=True)
    _write_case_files(service, case_id, out_dir)
    for revision in service.revisions(case_id):
        target = out_dir / revision_path(revision.document_id, revision.revision)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(service.store.blobs.get(revision.sha256))
    journal = service.journal(case_id)
    closed = service.case_seal(case_id)
    if closed is not None:
        (out_dir / HISTORY_SHEET).write_bytes(service.store.blobs.get(closed.sha256))
    roster = service.roster_of(case_id)
    if roster.get("signing", {}).get("level") == SigningLevel.B_LTA.value:
        _add_archive_timestamps(out_dir, journal, roster)
    (out_dir / PAYLOAD_JOURNAL).write_text("".join(canonical_json(e) + "\n" for e in journal), encoding="utf-8")
    write_validation(out_dir / VALIDATION_DIR, case_signing_context(roster).validation)
    certs = out_dir / "certs"
    certs.mkdir()
    for index, root in enumerate(roster.get("signing", {}).get("trust", []), start=1):
        shutil.copyfile(root, certs / f"trust-{index}.pem")
    (out_dir / PAYLOAD_CASE).write_text(
        json.dumps(
            {
                "case": case_id,
                "sop_number": summary.sop_number,
                "sop_title": summary.sop_title,
                "model": f"model/{model_name}",
                "status": summary.status,
                "started_at": summary.created_at.isoformat(),
                "completed_at": completed_at.isoformat() if completed_at else None,
                "journal_length": len(journal),
                "journal_head": journal[-1]["hash"] if journal else None,
                "roster": bound_roster(roster),
            },
            ensure_ascii=False,
            indent=2,
        ),
        encoding="utf-8",
    )
    bagit.make_bag(
        str(out_dir),
        {"Source-Organization": "sopflow", "External-Identifier": case_id,
         "External-Description": f"{summary.sop_number} {summary.sop_title}"},
        checksums=["sha256"],
    )
    return out_dir


def _add_archive_timestamps(out_dir: Path, journal: list[dict[str, Any]], roster: dict[str, Any]) -> None:
    """Timestamp each document's last revision into a ``-lta`` copy and list the copies.

    The journal's revisions stay as signed; the copy is the same bytes plus a
    DSS update and a document timestamp, so the verifier checks it extends
    the journal's last revision and ends with a valid document timestamp.
    """
    context = case_signing_context(roster)
    last: dict[str, int] = {}
    for entry in journal:
        if entry.get("document"):  # a cancellation signs no document
            last[str(entry["document"])] = int(entry["revision"])
    listed = []
    for document, revision in sorted(last.items()):
        stamped = add_archive_timestamp((out_dir / revision_path(document, revision)).read_bytes(), context)
        rel = archive_timestamp_path(document, revision)
        (out_dir / rel).write_bytes(stamped)
        listed.append({"document": document, "revision": revision, "path": rel,
                       "base": revision_path(document, revision), "sha256": hashlib.sha256(stamped).hexdigest()})
    (out_dir / ARCHIVE_TIMESTAMPS).write_text(json.dumps({"version": 1, "timestamps": listed}, indent=2),
                                              encoding="utf-8")
