"""Runner fixtures: the database back-ends (the seed roster comes from tests/conftest.py)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """SQLite (the default), then PostgreSQL on the session's throwaway cluster."""
    from databases import PostgresBackend, SqliteBackend

    root = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        return SqliteBackend(root)
    return PostgresBackend(root=root, cluster=request.getfixturevalue("postgres_cluster"))
