"""CLI fixtures: the runner tests' PKI and roster, and helpers to run ``sopflow`` in and out of process."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "runner"))

from support import write_setup  # noqa: E402

from sopflow.runner.roster import Roster  # noqa: E402


@pytest.fixture(scope="session")
def cli_roster_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Roster TOML with a test PKI for every seed lane."""
    return write_setup(tmp_path_factory.mktemp("cli-setup"))


@pytest.fixture(scope="session")
def cli_roster(cli_roster_path: Path) -> Roster:
    """The loaded roster (signer files and passphrases per role)."""
    return Roster.load(cli_roster_path)


def parse(output: str) -> object:
    """The JSON a ``--json`` command printed."""
    return json.loads(output)
