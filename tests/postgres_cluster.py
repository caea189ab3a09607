"""A throwaway PostgreSQL cluster for tests and benchmarks: ``initdb`` + ``pg_ctl`` in a temporary directory.

The server listens on a Unix socket in that directory only (no TCP port), runs
without fsync (a test cluster holds nothing worth keeping) and is removed by
:meth:`PostgresCluster.stop`. The server binaries come from ``PATH`` or
Debian's ``/usr/lib/postgresql/<version>/bin`` (``scripts/install-test-tools.sh``
installs the ``postgresql`` package). PostgreSQL refuses to run as root, so
as root the cluster belongs to the ``postgres`` system user (created if the
package did not).
"""

from __future__ import annotations

import glob
import os
import pwd
import re
import shutil
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

__all__ = ["DRIVERS", "PostgresCluster", "driver", "server_binaries"]

DRIVERS = ("psycopg", "psycopg2", "pg8000")
"""SQLAlchemy PostgreSQL drivers, in order of preference."""

RUN_AS = "postgres"
"""System user owning the cluster when the tests run as root."""

INSTALL_HINT = "run `sh scripts/install-test-tools.sh` (Debian package postgresql) and `pip install -e '.[test]'`"


def driver() -> str | None:
    """The first installed SQLAlchemy PostgreSQL driver."""
    for name in DRIVERS:
        try:
            __import__(name)
        except ImportError:
            continue
        return name
    return None


def server_binaries() -> Path | None:
    """Folder holding ``initdb`` and ``pg_ctl``: from ``PATH``, else the newest Debian server package."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                      key=lambda p: [int(n) for n in re.findall(r"\d+", p)])
    return Path(versions[-1]).parent if versions else None


def _run_as_prefix() -> list[str]:
    """Command prefix running a server binary as a non-root user (nothing unless we are root)."""
    if os.geteuid() != 0:
        return []
    try:
        pwd.getpwnam(RUN_AS)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", RUN_AS],
                       check=True, capture_output=True)
    return ["runuser", "-u", RUN_AS, "--"]


@dataclass
class PostgresCluster:
    """A running private cluster; its superuser is ``sopflow`` (trust authentication on its socket)."""

    base: Path
    bindir: Path
    driver: str
    prefix: list[str]

    @property
    def socket(self) -> Path:
        """Directory of the server's Unix socket."""
        return self.base / "socket"

    @classmethod
    def start(cls, *, max_connections: int = 100, durable: bool = False) -> PostgresCluster:
        """Initialise and start a cluster (``durable``: with fsync, as a real server; else without).

        :raises RuntimeError: no server binaries, no driver, or the server does not start (saying why).
        """
        name = driver()
        if name is None:
            raise RuntimeError(f"no PostgreSQL driver for SQLAlchemy installed ({', '.join(DRIVERS)}); {INSTALL_HINT}")
        bindir = server_binaries()
        if bindir is None:
            raise RuntimeError(f"PostgreSQL server binaries (initdb, pg_ctl) not found; {INSTALL_HINT}")
        base = Path(tempfile.mkdtemp(prefix="sopflow-pg-"))
        os.chmod(base, 0o755)
        prefix = _run_as_prefix()
        if prefix:
            shutil.chown(base, RUN_AS)
        cluster = cls(base=base, bindir=bindir, driver=name, prefix=prefix)
        try:
            cluster._run("mkdir", "-p", str(cluster.socket))
            cluster._run(str(bindir / "initdb"), "-D", str(base / "data"), "-U", "sopflow", "--auth=trust",
                         "-E", "UTF8", "--locale=C")
            cluster._run(str(bindir / "pg_ctl"), "-D", str(base / "data"), "-w", "-t", "60", "-l",
                         str(base / "log"), "-o",
                         f"-k {cluster.socket} -c listen_addresses='' -c max_connections={max_connections}"
                         + ("" if durable else " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"),
                         "start")
        except (subprocess.CalledProcessError, FileNotFoundError) as exc:
            detail = getattr(exc, "stderr", "") or str(exc)
            shutil.rmtree(base, ignore_errors=True)
            raise RuntimeError(f"cannot start a PostgreSQL cluster: {detail.strip()[:300]}") from None
        return cluster

    def _run(self, *args: str) -> None:
        subprocess.run([*self.prefix, *args], check=True, capture_output=True, text=True, timeout=120)

    def url(self, database: str) -> str:
        """SQLAlchemy URL of a database of the cluster."""
        return f"postgresql+{self.driver}://sopflow@/{database}?host={self.socket}"

    def sql(self, statement: str) -> None:
        """Run one statement outside a transaction (CREATE DATABASE ...)."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.url("postgres"), isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text(statement))
        engine.dispose()

    def create_database(self, label: str, *, template: str | None = None) -> str:
        """A new database (empty, or a copy of an idle ``template``); returns its URL."""
        name = f"{label}_{uuid.uuid4().hex[:8]}".replace("-", "_")
        self.sql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def stop(self) -> None:
        """Stop the server at once and delete the cluster."""
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.base / "data"), "-m", "immediate",
                        "stop"], capture_output=True, timeout=120)
        shutil.rmtree(self.base, ignore_errors=True)
