"""Several processes starting cases on one fresh data directory at once (real processes, SQLite)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CHILD = Path(__file__).parent / "start_child.py"
PROCESSES = 6


def test_processes_starting_cases_on_a_fresh_data_dir_get_contiguous_ids(roster_path, tmp_path):
    data_dir, barrier = tmp_path / "data", tmp_path / "barrier"
    barrier.mkdir()
    children = [subprocess.Popen([sys.executable, str(CHILD), str(barrier), str(PROCESSES), "case", "start",
                                  "LIP20-0013", "--roster", str(roster_path), "--data-dir", str(data_dir), "--json"],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for _ in range(PROCESSES)]
    results = [child.communicate(timeout=600) + (child.returncode,) for child in children]
    for out, err, status in results:
        assert "Traceback" not in err, err[-3000:]
        assert status == 0, out[-2000:] + err[-2000:]
    ids = sorted(json.loads(out)["data"]["case"]["id"] for out, _err, _status in results)
    assert ids == [f"LIP20-0013-{n:04d}" for n in range(1, PROCESSES + 1)]
