"""Maintenance of a data directory: blobs nothing refers to.

A completion writes its signed PDF (a case start its model and forms) into
the blob store before the transaction that records it; a crash or a lost
race in between leaves an unreferenced blob and nothing else (the database
never points at a missing blob). Such blobs are harmless; :func:`sweep_blobs` removes them once they
are older than a grace period, so a completion still in flight keeps its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, union

from sopflow.runner.store import CaseFileRow, CaseSealRow, ModelFileRow, RevisionRow, Store

__all__ = ["SweepResult", "referenced_digests", "unreferenced_blobs", "sweep_blobs"]

DEFAULT_GRACE = timedelta(hours=1)
"""How old an unreferenced blob must be before it is swept."""


@dataclass(frozen=True)
class SweepResult:
    """What a sweep found and removed."""

    removed: tuple[str, ...]
    """Digests of removed blobs."""
    removed_temp: tuple[str, ...]
    """Names of removed temporary files of interrupted blob writes."""
    kept_recent: tuple[str, ...]
    """Unreferenced blobs younger than the grace period (possibly a completion in flight)."""
    referenced: int
    """Blobs left that something refers to."""


def referenced_digests(store: Store) -> set[str]:
    """Digests some document revision, case seal, case file or model library file refers to."""
    query = union(select(RevisionRow.sha256), select(CaseSealRow.sha256), select(CaseFileRow.sha256),
                  select(ModelFileRow.sha256))
    with store.session() as session:
        return set(session.scalars(select(query.subquery().c.sha256)))


def unreferenced_blobs(store: Store) -> list[str]:
    """Digests of stored blobs that nothing in the database refers to."""
    referenced = referenced_digests(store)
    return sorted(d for d in store.blobs.digests() if d not in referenced)


def sweep_blobs(store: Store, *, grace: timedelta = DEFAULT_GRACE, now: datetime | None = None) -> SweepResult:
    """Delete unreferenced blobs (and unfinished temporary files) last written more than ``grace`` ago."""
    swept = store.blobs.sweep(referenced_digests(store), (now or datetime.now(UTC)) - grace)
    return SweepResult(removed=swept.removed, removed_temp=swept.removed_temp, kept_recent=swept.kept_recent,
                       referenced=swept.total - len(swept.kept_recent))
