"""Shared fixtures: one demo run (real PKI, real signatures, real SQLite) per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sopflow.bpmn import resolve_model, seed_models
from sopflow.model.profile import load_model
from sopflow.runner.roster import Roster


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory):
    """The demo run on seed LIP20-0013: (out_dir, results)."""
    from sopflow.demo.run import run_demo

    out = tmp_path_factory.mktemp("demo")
    model = resolve_model("lip20-0013")
    assert model is not None, "seed model LIP20-0013 is missing from bpmn/"
    results = run_demo(out, [model])
    return out, results


@pytest.fixture
def archive_copy(demo_run, tmp_path: Path) -> Path:
    """A private copy of the demo's exported case, free to tamper with."""
    out, results = demo_run
    target = tmp_path / "case"
    shutil.copytree(results[0].archive, target)
    return target


@pytest.fixture(scope="session")
def trust_root(demo_run) -> Path:
    """The demo PKI's root certificate."""
    out, _ = demo_run
    return out / "setup" / "pki" / "root.pem"


@pytest.fixture(scope="session")
def roster_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Roster TOML (test PKI beside it) covering every lane of every seed model."""
    from sopflow.demo.run import write_demo_setup

    return write_demo_setup(tmp_path_factory.mktemp("setup"), [load_model(p) for p in seed_models()])


@pytest.fixture(scope="session")
def roster(roster_path: Path) -> Roster:
    """The loaded seed roster."""
    return Roster.load(roster_path)


@pytest.fixture(scope="session")
def postgres_cluster():
    """A throwaway PostgreSQL cluster (Unix socket in a temporary directory), stopped and removed at the end.

    PostgreSQL is a test requirement (``scripts/install-test-tools.sh`` installs it), so a
    cluster that cannot start fails the tests using it, saying why.
    """
    from postgres_cluster import PostgresCluster

    try:
        cluster = PostgresCluster.start()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    yield cluster
    cluster.stop()
