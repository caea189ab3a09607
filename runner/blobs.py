"""Content-addressed storage of documents and case files: on disk beside SQLite, in the database otherwise.

Every stored byte string is named by its SHA-256, so writing the same
content twice (two servers, two cases of one model) stores it once and a
read proves its own integrity. A blob is always written before the
transaction that refers to it commits; an interrupted completion leaves at
most an unreferenced blob, which :func:`sopflow.runner.maintenance.sweep_blobs`
removes after a grace period. Writing an existing blob again renews its
stored time, so a sweep never removes content a transaction in flight is
about to refer to.

- :class:`FileBlobStore`: files under ``<data>/blobs/``, the embedded default.
- :class:`DatabaseBlobStore`: a ``blobs`` table keyed by digest (PostgreSQL),
  so app servers on several machines share documents with no shared disk.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import DateTime, LargeBinary, String, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = ["BlobError", "BlobMissing", "BlobCorrupt", "BlobSweep", "BlobStore", "FileBlobStore", "DatabaseBlobStore",
           "BlobRow"]


class BlobError(OSError):
    """A blob cannot be read as stored."""


class BlobMissing(BlobError):
    """No blob has this digest."""


class BlobCorrupt(BlobError):
    """The stored bytes no longer have the digest they are named by."""


@dataclass(frozen=True)
class BlobSweep:
    """What one sweep of a blob store removed and kept."""

    removed: tuple[str, ...]
    """Digests of removed unreferenced blobs."""
    removed_temp: tuple[str, ...]
    """Names of removed temporary files of interrupted writes (file store only)."""
    kept_recent: tuple[str, ...]
    """Unreferenced blobs stored within the grace period (possibly a transaction in flight)."""
    total: int
    """Blobs left in the store."""


def _checked(sha256: str, data: bytes) -> bytes:
    if hashlib.sha256(data).hexdigest() != sha256:
        raise BlobCorrupt(f"blob {sha256} is corrupt in the store")
    return data


class BlobStore(ABC):
    """Bytes named by their SHA-256; ``put`` is idempotent and safe from any number of processes."""

    location: str
    """Where the blobs live, for messages."""

    @abstractmethod
    def put(self, data: bytes) -> str:
        """Store bytes (or renew the stored time of the same bytes) and return their SHA-256."""

    @abstractmethod
    def get(self, sha256: str) -> bytes:
        """The bytes with this digest.

        :raises BlobMissing: none stored.
        :raises BlobCorrupt: stored bytes altered.
        """

    @abstractmethod
    def digests(self) -> Iterator[str]:
        """Digests of every stored blob."""

    @abstractmethod
    def sweep(self, referenced: set[str], cutoff: datetime) -> BlobSweep:
        """Remove blobs not in ``referenced`` stored before ``cutoff`` (and leftovers of interrupted writes)."""


class FileBlobStore(BlobStore):
    """Files named by their SHA-256 under ``root``; writes are atomic.

    A blob is written to a temporary file under ``root/tmp/`` and renamed into
    place, so an interrupted write leaves at most a file there, which a sweep
    removes once it is older than the grace period.
    """

    def __init__(self, root: Path):
        self.root = root
        self.location = str(root)
        self.temp = root / "tmp"
        """Where unfinished writes live (never a digest folder: those have two characters)."""

    def path(self, sha256: str) -> Path:
        """Where the blob with this digest lives."""
        return self.root / sha256[:2] / sha256

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        try:
            os.utime(target)  # present: renew its time, so a sweep running now keeps it
            return digest
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        self.temp.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.temp, prefix="blob-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        return digest

    def get(self, sha256: str) -> bytes:
        try:
            data = self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise BlobMissing(f"blob {sha256} is missing from {self.root}") from None
        return _checked(sha256, data)

    def digests(self) -> Iterator[str]:
        if not self.root.is_dir():
            return
        for path in sorted(self.root.glob("??/*")):
            if not path.name.startswith(".tmp-") and path.is_file():
                yield path.name

    def temp_files(self) -> list[Path]:
        """Temporary files of writes that never finished (a crash, a killed process), and of
        older versions that wrote them beside the blobs (``??/.tmp-*``)."""
        found = sorted(self.temp.glob("blob-*")) if self.temp.is_dir() else []
        return found + (sorted(self.root.glob("??/.tmp-*")) if self.root.is_dir() else [])

    def sweep(self, referenced: set[str], cutoff: datetime) -> BlobSweep:
        removed_temp = [temp.name for temp in self.temp_files() if _unlink_if_older(temp, cutoff)]
        removed, recent = [], []
        for digest in self.digests():
            if digest in referenced:
                continue
            if _unlink_if_older(self.path(digest), cutoff):
                removed.append(digest)
            else:
                recent.append(digest)
        return BlobSweep(removed=tuple(removed), removed_temp=tuple(removed_temp), kept_recent=tuple(recent),
                         total=sum(1 for _ in self.digests()))


def _unlink_if_older(path: Path, cutoff: datetime) -> bool:
    """Delete a file last modified before ``cutoff``; a file gone meanwhile counts as kept."""
    try:
        if datetime.fromtimestamp(path.stat().st_mtime, UTC) >= cutoff:
            return False
        path.unlink()
    except FileNotFoundError:
        return False
    return True


class _BlobBase(DeclarativeBase):
    """The blob table, created only where blobs live in the database."""


class BlobRow(_BlobBase):
    """One stored blob."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    stored_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    """When the blob was last written (a write of the same bytes renews it)."""


_SWEEP_CHUNK = 500
"""Digests deleted per statement."""


class DatabaseBlobStore(BlobStore):
    """Blobs in the ``blobs`` table of a PostgreSQL database.

    A write is its own short transaction, committed before the transaction
    that refers to the blob; ``INSERT ... ON CONFLICT`` makes concurrent writers
    of the same bytes (any process, any machine) store one row.
    """

    def __init__(self, engine: Engine):
        self.engine = engine
        self.location = engine.url.render_as_string(hide_password=True)

    @staticmethod
    def create_table(engine: Engine) -> None:
        """Create the table if missing (idempotent; the schema code retries a concurrent creation)."""
        _BlobBase.metadata.create_all(engine)

    def put(self, data: bytes) -> str:
        digest = hashlib.sha256(data).hexdigest()
        statement = pg_insert(BlobRow).values(sha256=digest, data=data, stored_at=func.now())
        statement = statement.on_conflict_do_update(index_elements=[BlobRow.sha256],
                                                    set_={"stored_at": func.now()})
        with self.engine.begin() as connection:
            connection.execute(statement)
        return digest

    def get(self, sha256: str) -> bytes:
        with self.engine.connect() as connection:
            data = connection.scalar(select(BlobRow.data).where(BlobRow.sha256 == sha256))
        if data is None:
            raise BlobMissing(f"blob {sha256} is missing from the database")
        return _checked(sha256, bytes(data))

    def digests(self) -> Iterator[str]:
        with self.engine.connect() as connection:
            found = list(connection.scalars(select(BlobRow.sha256).order_by(BlobRow.sha256)))
        yield from found

    def sweep(self, referenced: set[str], cutoff: datetime) -> BlobSweep:
        with self.engine.connect() as connection:
            stored = connection.execute(select(BlobRow.sha256, BlobRow.stored_at)).all()
        old = [d for d, at in stored if d not in referenced and at < cutoff]
        recent = tuple(sorted(d for d, at in stored if d not in referenced and at >= cutoff))
        removed: list[str] = []
        for start in range(0, len(old), _SWEEP_CHUNK):
            chunk = old[start:start + _SWEEP_CHUNK]
            with self.engine.begin() as connection:  # a write renewed meanwhile is newer than cutoff: kept
                gone = connection.scalars(delete(BlobRow).where(BlobRow.sha256.in_(chunk),
                                                                BlobRow.stored_at < cutoff)
                                          .returning(BlobRow.sha256))
                removed += gone
        with self.engine.connect() as connection:
            total = connection.scalar(select(func.count()).select_from(BlobRow)) or 0
        return BlobSweep(removed=tuple(sorted(removed)), removed_temp=(), kept_recent=recent, total=total)
