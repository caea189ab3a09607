"""CLI fixtures: helpers to run ``sopflow`` in and out of process (the seed roster is in tests/conftest.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "runner"))


def parse(output: str) -> object:
    """The JSON a ``--json`` command printed."""
    return json.loads(output)
