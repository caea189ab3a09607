"""Runner fixtures: one test PKI and roster for every seed model, per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from support import write_setup  # noqa: E402

from sopflow.runner.roster import Roster  # noqa: E402


@pytest.fixture(scope="session")
def roster_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Roster TOML (test PKI beside it) covering every lane of every seed model."""
    return write_setup(tmp_path_factory.mktemp("setup"))


@pytest.fixture(scope="session")
def roster(roster_path: Path) -> Roster:
    """The loaded roster."""
    return Roster.load(roster_path)


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """SQLite (the default), then PostgreSQL when the server package and a driver are installed."""
    from databases import PostgresBackend, SqliteBackend

    root = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        yield SqliteBackend(root)
        return
    try:
        server = PostgresBackend.start(root)
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL tests skipped: {exc}")
    yield server
    server.close()
