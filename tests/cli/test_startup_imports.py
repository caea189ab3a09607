"""Start-up stays light: a command imports only the libraries it uses (bench/bench_startup.py times it)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("pyhanko", "reportlab", "SpiffWorkflow", "lxml", "holidays", "bagit", "cryptography")
"""Libraries of signing, rendering, workflow, model parsing and archives."""

_PROBE = """
import atexit, json, sys
atexit.register(lambda: print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})), file=sys.stderr))
from sopflow.cli.main import main
main(sys.argv[1:], prog_name="sopflow")
"""


def _loaded(*args: str) -> set[str]:
    """Top-level modules imported by running ``sopflow ARGS`` in a fresh interpreter."""
    result = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_help_and_version_load_no_heavy_library_nor_the_database() -> None:
    for args in (["--help"], ["--version"]):
        loaded = _loaded(*args)
        assert "click" in loaded  # the probe really ran the command
        assert not loaded & {*HEAVY, "sqlalchemy"}, (args, sorted(loaded & {*HEAVY, "sqlalchemy"}))
    assert not _loaded("task", "--help") & set(HEAVY)


def test_task_list_reads_the_database_without_the_toolkit(tmp_path: Path) -> None:
    """On an existing data directory ``task list`` is one SQLite query: no SQLAlchemy, no heavy library."""
    from sopflow.runner.cases import CaseService

    CaseService(tmp_path / "data").close()
    loaded = _loaded("task", "list", "--role", "Kepala", "--data-dir", str(tmp_path / "data"))
    assert "click" in loaded and "sqlite3" in loaded  # the probe really ran the command
    assert not loaded & {*HEAVY, "sqlalchemy"}, sorted(loaded & {*HEAVY, "sqlalchemy"})
