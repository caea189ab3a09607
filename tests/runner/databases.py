"""Database back-ends for the runner tests: SQLite files, or a throwaway PostgreSQL cluster.

The PostgreSQL cluster is created with the server binaries of the Debian
``postgresql`` package in a temporary directory, run by the ``postgres``
system user on a Unix socket only, and removed at the end of the session.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path

DRIVERS = ("psycopg", "psycopg2", "pg8000")
"""SQLAlchemy PostgreSQL drivers, in order of preference."""


def _driver() -> str | None:
    for name in DRIVERS:
        try:
            __import__(name)
        except ImportError:
            continue
        return name
    return None


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

    def close(self) -> None:
        """Nothing to stop."""


@dataclass
class PostgresBackend:
    """A private PostgreSQL cluster; one database per data directory."""

    root: Path
    cluster: Path
    socket: Path
    driver: str
    bindir: Path
    name: str = "postgresql"
    databases: list[str] = field(default_factory=list)

    @classmethod
    def start(cls, root: Path) -> PostgresBackend:
        """Initialise and start a cluster; raises ``RuntimeError`` saying why it cannot."""
        driver = _driver()
        if driver is None:
            raise RuntimeError(f"no PostgreSQL driver for SQLAlchemy installed (one of {', '.join(DRIVERS)})")
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise RuntimeError("PostgreSQL server binaries missing (Debian package postgresql)")
        bindir = Path(found[-1]).parent
        base = Path(tempfile.mkdtemp(prefix="sopflow-pg-"))
        os.chmod(base, 0o755)
        cluster, socket = base / "cluster", base / "socket"
        user = []
        if os.geteuid() == 0:
            shutil.chown(base, "postgres")
            user = ["runuser", "-u", "postgres", "--"]
        run = lambda *args: subprocess.run([*user, *args], check=True, capture_output=True, text=True)  # noqa: E731
        try:
            run("mkdir", "-p", str(socket))
            run(str(bindir / "initdb"), "-D", str(cluster), "-U", "sopflow", "--auth=trust", "-E", "UTF8")
            run(str(bindir / "pg_ctl"), "-D", str(cluster), "-w", "-l", str(base / "log"), "-o",
                f"-k {socket} -c listen_addresses='' -c fsync=off -c max_connections=60", "start")
        except (subprocess.CalledProcessError, FileNotFoundError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            raise RuntimeError(f"cannot start a PostgreSQL cluster: {detail.strip()[:300]}") from None
        return cls(root=root, cluster=cluster, socket=socket, driver=driver, bindir=bindir)

    def _url(self, database: str) -> str:
        return f"postgresql+{self.driver}://sopflow@/{database}?host={self.socket}"

    def _sql(self, statement: str) -> None:
        from sqlalchemy import create_engine, text

        engine = create_engine(self._url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def fresh(self, label: str) -> tuple[Path, str | None]:
        """A new data directory with a new, empty database."""
        name = f"{label}_{uuid.uuid4().hex[:8]}".replace("-", "_")
        self._sql(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        target = self.root / name
        target.mkdir(parents=True)
        return target, self._url(name)

    def copy(self, data_dir: Path, url: str | None, label: str) -> tuple[Path, str | None]:
        """A copy of a data directory and of its (idle) database."""
        from sqlalchemy.engine import make_url

        assert url is not None
        source = make_url(url).database
        name = f"{label}_{uuid.uuid4().hex[:8]}".replace("-", "_")
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{source}"')
        target = self.root / name
        shutil.copytree(data_dir, target)
        return target, self._url(name)

    def close(self) -> None:
        """Stop the cluster and delete it."""
        user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*user, str(self.bindir / "pg_ctl"), "-D", str(self.cluster), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(self.cluster.parent, ignore_errors=True)
