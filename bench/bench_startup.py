"""Start-up time of the ``sopflow`` command against a bare interpreter, in one run.

Usage: ``python bench/bench_startup.py [RUNS]`` (default 7). Prints the median
wall time of ``python -c pass``, ``sopflow --version``, ``sopflow --help`` and
``sopflow task list --role R`` on a data directory with one open case of every
seed SOP, each with its difference to the bare interpreter. Targets on the
reference machine: --version and --help <= 0.15 s, task list <= 0.35 s.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

from open_cases import OpenCases, median_wall

TARGETS = {"--version": 0.15, "--help": 0.15, "task list": 0.35}


def main(runs: int) -> None:
    sopflow = shutil.which("sopflow") or sys.exit("sopflow is not installed (pip install -e .)")
    with tempfile.TemporaryDirectory() as tmp:
        cases = OpenCases(Path(tmp))
        role = cases.first_role()
        cases.close()
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "--version": [sopflow, "--version"],
            "--help": [sopflow, "--help"],
            "task list": [sopflow, "task", "list", "--role", role, "--data-dir", str(cases.data_dir)],
        }
        times = {name: median_wall(command, runs) for name, command in commands.items()}
    base = times["python -c pass"]
    print(f"median wall of {runs} runs (s)")
    print(f"{'command':16} {'wall':>7} {'- python':>9} {'ratio':>6} {'target':>7}")
    for name, wall in times.items():
        target = f"{TARGETS[name]:.2f}" if name in TARGETS else ""
        mark = "" if name not in TARGETS else ("  ok" if wall <= TARGETS[name] else "  OVER")
        print(f"{name:16} {wall:7.3f} {wall - base:9.3f} {wall / base:6.1f} {target:>7}{mark}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 7)
