"""``sopflow task list --role R`` against the number of open cases, in one run.

Usage: ``python bench/bench_task_list.py [RUNS]`` (default 5). Grows one data
directory to 10, 100, 1,000 and 10,000 open cases (see :mod:`open_cases`)
and prints, at each size, the median wall time of the command next to
``python -c pass`` and the in-process time of :meth:`CaseService.inbox`.
Target on the reference machine: <= 0.35 s at 1,000 cases, flat from 10 to
10,000.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from open_cases import OpenCases, median_wall

SIZES = (10, 100, 1_000, 10_000)


def main(runs: int) -> None:
    sopflow = shutil.which("sopflow") or sys.exit("sopflow is not installed (pip install -e .)")
    base = median_wall([sys.executable, "-c", "pass"], runs)
    print(f"python -c pass: {base:.3f} s (median of {runs})")
    print(f"{'open cases':>10} {'ready rows':>10} {'listed':>7} {'wall s':>7} {'- python':>9} {'inbox() ms':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        cases = OpenCases(Path(tmp))
        role = cases.first_role()
        command = [sopflow, "task", "list", "--role", role, "--data-dir", str(cases.data_dir)]
        for size in SIZES:
            cases.grow_to(size)
            inbox_times = []
            for _ in range(runs):
                start = time.perf_counter()
                inbox = cases.service.inbox(role_contains=role, limit=50)
                inbox_times.append(time.perf_counter() - start)
            ready = len(cases.service.inbox().tasks)
            wall = median_wall(command, runs)
            print(f"{size:10,d} {ready:10,d} {len(inbox.tasks):7d} {wall:7.3f} {wall - base:9.3f}"
                  f" {statistics.median(inbox_times) * 1000:11.1f}")
        cases.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
