"""What every signature of a case commits to, and the digests it names.

A task's signature binds the document to its case: case id, task id,
document id, journal sequence number, the hash of the journal entry before
it, the digest of the exact model and forms the case runs on and the digest
of the case's roster (officials, trust roots, level, unit seal). The unit
seal over the Lembar Riwayat binds the case's outcome to its journal head.
The runner writes these values (:func:`task_binding`, :func:`seal_binding`)
and the archive verifier recomputes them from the archive with the same
functions, so the format has one definition.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from asn1crypto import pem

from sopflow.documents import FieldBox
from sopflow.runner.journal import canonical_json
from sopflow.signing.binding import BOXES_KEY, boxes_value

__all__ = [
    "PURPOSE_TASK",
    "PURPOSE_SEAL",
    "CANCEL_ACTION",
    "certificate_digests",
    "files_digest",
    "bound_roster",
    "roster_digest",
    "task_binding",
    "seal_binding",
]

PURPOSE_TASK = "task"
"""Binding ``Purpose`` of an official's signature on a task's document."""
PURPOSE_SEAL = "lembar-riwayat"
"""Binding ``Purpose`` of the unit seal on a case's Lembar Riwayat."""
CANCEL_ACTION = "cancel"
"""``action`` of the journal entry that cancels a case (it signs no document)."""


def _sha256_json(value: Any) -> str:
    return hashlib.sha256(canonical_json(value).encode("utf-8")).hexdigest()


def certificate_digests(pem_or_der: Iterable[bytes]) -> list[str]:
    """SHA-256 of the DER of every certificate in the given PEM or DER file contents, sorted."""
    digests = []
    for data in pem_or_der:
        if pem.detect(data):
            digests += [hashlib.sha256(der).hexdigest() for _t, _h, der in pem.unarmor(data, multiple=True)]
        else:
            digests.append(hashlib.sha256(data).hexdigest())
    return sorted(digests)


def files_digest(files: Mapping[str, str]) -> str:
    """Digest of the case's model and forms: ``{"model/x.bpmn": sha256, "forms/k.form": sha256, ...}``."""
    return _sha256_json(dict(sorted(files.items())))


def bound_roster(roster: Mapping[str, Any]) -> dict[str, Any]:
    """The part of a case's roster its signatures commit to (as exported in case.json).

    :param roster: a case's roster as stored (``Roster.public_dict``) or as
        exported (already bound: ``officials``, ``level``, ``trust_sha256``, ``seal``).
    """
    signing = roster.get("signing") or {}
    trust = roster.get("trust_sha256")
    if trust is None:
        trust = signing.get("trust_sha256")
    if trust is None:  # cases recorded before trust digests were kept
        trust = certificate_digests(Path(p).read_bytes() for p in signing.get("trust", []))
    return {
        "officials": roster.get("officials") or {},
        "level": roster.get("level") or signing.get("level"),
        "trust_sha256": sorted(trust),
        "seal": roster.get("seal"),
    }


def roster_digest(roster: Mapping[str, Any]) -> str:
    """Digest of :func:`bound_roster` of ``roster``."""
    return _sha256_json(bound_roster(roster))


def task_binding(
    *, case_id: str, task_id: str, document: str, seq: int, prev: str, files: str, roster: str,
    boxes: Iterable[FieldBox] | None = None,
) -> dict[str, str]:
    """The binding of a task's signature (see :mod:`sopflow.signing.binding`).

    :param boxes: the document's reserved signature boxes, for the signature that creates the revision.
    """
    binding = {"Purpose": PURPOSE_TASK, "Case": case_id, "Task": task_id, "Document": document, "Seq": str(seq),
               "PrevJournal": prev, "ModelDigest": files, "RosterDigest": roster}
    if boxes is not None:
        binding[BOXES_KEY] = boxes_value(boxes)
    return binding


def seal_binding(
    *, case_id: str, outcome: str, head: str, length: int, files: str, roster: str
) -> dict[str, str]:
    """The binding of the unit seal on a case's Lembar Riwayat."""
    return {"Purpose": PURPOSE_SEAL, "Case": case_id, "Outcome": outcome, "JournalHead": head,
            "JournalLength": str(length), "ModelDigest": files, "RosterDigest": roster}
