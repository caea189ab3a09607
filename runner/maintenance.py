"""Maintenance of a data directory: blobs no revision refers to.

A completion writes its signed PDF into the blob store before the
transaction that records it; a crash or a lost race in between leaves an
unreferenced blob and nothing else (the database never points at a missing
file). Such blobs are harmless; :func:`sweep_blobs` removes them once they
are older than a grace period, so a completion still in flight keeps its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from sopflow.runner.store import CaseSealRow, ModelFileRow, RevisionRow, Store

__all__ = ["SweepResult", "unreferenced_blobs", "sweep_blobs"]

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
    """Blobs some document revision refers to."""


def unreferenced_blobs(store: Store) -> list[str]:
    """Digests of stored blobs that no document revision, case seal or model library file refers to."""
    with store.session() as session:
        referenced = set(session.scalars(select(RevisionRow.sha256)))
        referenced |= set(session.scalars(select(CaseSealRow.sha256)))
        referenced |= set(session.scalars(select(ModelFileRow.sha256)))
    return sorted(d for d in store.blobs.digests() if d not in referenced)


def sweep_blobs(store: Store, *, grace: timedelta = DEFAULT_GRACE, now: datetime | None = None) -> SweepResult:
    """Delete unreferenced blobs and unfinished temporary files last modified more than ``grace`` ago."""
    now = now or datetime.now(UTC)
    removed_temp = []
    for temp in store.blobs.temp_files():
        try:
            if now - datetime.fromtimestamp(temp.stat().st_mtime, UTC) >= grace:
                temp.unlink(missing_ok=True)
                removed_temp.append(temp.name)
        except FileNotFoundError:
            continue  # its write finished meanwhile
    orphans = unreferenced_blobs(store)
    removed, recent = [], []
    for digest in orphans:
        path = store.blobs.path(digest)
        modified = datetime.fromtimestamp(path.stat().st_mtime, UTC)
        if now - modified >= grace:
            path.unlink(missing_ok=True)
            removed.append(digest)
        else:
            recent.append(digest)
    total = sum(1 for _ in store.blobs.digests())
    return SweepResult(removed=tuple(removed), removed_temp=tuple(removed_temp), kept_recent=tuple(recent),
                       referenced=total - len(recent))
