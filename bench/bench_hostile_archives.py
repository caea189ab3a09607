"""Time and peak memory of ``sopflow verify`` on every archive of the hostile corpus.

Usage: ``python bench/bench_hostile_archives.py [--workers N]``. Runs the demo
once (seed LIP10-0072, 9 signed steps), builds the corpus of
``tests/archive/hostile_corpus.py`` from its exported case, then verifies the
untouched archive and each hostile one with ``sopflow verify --json`` in a
child process under a 500 MiB address-space limit (``prlimit``). Prints per archive: the
wall time, the peak resident memory of the verifier or its largest worker
(GNU ``time``), both as a ratio to the untouched archive verified in the same run,
whether the expected finding was reported, and the exit status. Targets:
under 30 s and 500 MB on every archive.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "archive"))

from hostile_corpus import ATTACKS, build

from sopflow.bpmn import resolve_model

MEMORY = 500 * 1024**2


def measure(bag: Path, trust: Path, workers: int | None) -> tuple[float, float, int, list[str]]:
    """Wall seconds, peak RSS in MiB, exit status and finding kinds of one verify run.

    The verifier runs under ``prlimit`` (the address-space limit) and GNU ``time``, which
    reports the peak RSS of the verifier or its largest worker. (``wait4`` here would report
    at least this process's own peak: a process inherits its parent's peak RSS when forked.)
    """
    with tempfile.TemporaryDirectory() as tmp:
        out, peak = Path(tmp) / "out.json", Path(tmp) / "peak"
        command = ["prlimit", f"--as={MEMORY}", "/usr/bin/time", "-f", "%M", "-o", str(peak),
                   sys.executable, "-m", "sopflow.cli.main", "verify", str(bag), "--trust", str(trust), "--json"]
        if workers:
            command += ["--workers", str(workers)]
        start = time.perf_counter()
        with out.open("wb") as handle:
            status = subprocess.run(command, stdout=handle, stderr=subprocess.DEVNULL, check=False).returncode
        seconds = time.perf_counter() - start
        try:
            kinds = json.loads(out.read_text("utf-8"))["data"]["kinds"]
        except (ValueError, KeyError):
            kinds = ["<no JSON report>"]
        rss = int(peak.read_text().split()[-1]) / 1024
    return seconds, rss, status, kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=None, help="verify workers (default: one per core)")
    args = parser.parse_args()
    from sopflow.demo.run import run_demo

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (case,) = run_demo(root / "demo", [resolve_model("lip10-0072")])
        trust = root / "demo" / "setup" / "pki" / "root.pem"
        base_time, base_rss, base_status, _kinds = measure(case.archive, trust, args.workers)
        print(f"untouched archive: {base_time:.2f} s, peak RSS {base_rss:.0f} MiB, exit {base_status}")
        print(f"{'archive':32} {'time s':>7} {'x':>5} {'RSS MiB':>8} {'x':>5}  exit  expected finding")
        worst_time = worst_rss = 0.0
        for attack in ATTACKS:
            try:
                bag = build(case.archive, attack, root / "corpus")
            except OSError as exc:
                print(f"{attack.name:32} skipped: {exc.strerror}")
                continue
            seconds, rss, status, kinds = measure(bag, trust, args.workers)
            worst_time, worst_rss = max(worst_time, seconds), max(worst_rss, rss)
            found = "yes" if attack.kind in kinds else f"NO ({', '.join(kinds)})"
            print(f"{attack.name:32} {seconds:7.2f} {seconds / base_time:5.2f} {rss:8.0f} {rss / base_rss:5.2f}"
                  f"  {status:4d}  {attack.kind}: {found}")
        print(f"worst: {worst_time:.2f} s (target < 30 s), {worst_rss:.0f} MiB (target < 500 MB)")


if __name__ == "__main__":
    main()
