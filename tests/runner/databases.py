"""Database back-ends for the runner tests: SQLite files, or a throwaway PostgreSQL cluster.

The PostgreSQL cluster (:mod:`postgres_cluster`) lives in a temporary
directory, listens on a Unix socket only, and is removed at the end of the
session; every data directory gets a database of its own.
"""

from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from postgres_cluster import PostgresCluster


@dataclass
class SqliteBackend:
    """One SQLite file per data directory (the default)."""

    root: Path
    name: str = "sqlite"

    def fresh(self, label: str) -> tuple[Path, str | None]:
        """A new, empty data directory."""
        target = self.root / f"{label}-{uuid.uuid4().hex[:8]}"
        target.mkdir(parents=True)
        return target, None

    def copy(self, data_dir: Path, url: str | None, label: str) -> tuple[Path, str | None]:
        """A copy of a closed data directory (database and blobs)."""
        target = self.root / f"{label}-{uuid.uuid4().hex[:8]}"
        shutil.copytree(data_dir, target)
        return target, None



@dataclass
class PostgresBackend:
    """A private PostgreSQL cluster; one database (holding the blobs too) per data directory."""

    root: Path
    cluster: PostgresCluster
    name: str = "postgresql"
    databases: list[str] = field(default_factory=list)

    def fresh(self, label: str) -> tuple[Path, str | None]:
        """A new data directory with a new, empty database."""
        from sqlalchemy.engine import make_url

        url = self.cluster.create_database(label)
        target = self.root / str(make_url(url).database)
        target.mkdir(parents=True)
        return target, url

    def copy(self, data_dir: Path, url: str | None, label: str) -> tuple[Path, str | None]:
        """A copy of a data directory and of its (idle) database."""
        from sqlalchemy.engine import make_url

        assert url is not None
        copied = self.cluster.create_database(label, template=make_url(url).database)
        target = self.root / str(make_url(copied).database)
        shutil.copytree(data_dir, target)
        return target, copied
