"""A verifier no archive can break: every archive of the hostile corpus fails with a named finding.

Each archive is verified by the real ``sopflow verify`` in a child process
under an address-space limit of 500 MiB and a timeout, so a hang, a crash or a
memory blow-up fails the test instead of the machine. Time and resident
memory per archive are measured by ``bench/bench_hostile_archives.py``.
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from .hostile_corpus import ATTACKS, Attack, build

MEMORY = 500 * 1024**2
"""Address space allowed to the verifier and each of its workers."""
TIMEOUT = 180
"""Seconds before a verify run counts as hung (far above its 30 s budget, for busy test machines)."""


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def run_verify(bag: Path, trust: Path) -> subprocess.CompletedProcess[str]:
    """``sopflow verify --json`` on ``bag`` in a child process with the memory limit and timeout."""
    command = [sys.executable, "-m", "sopflow.cli.main", "verify", str(bag), "--trust", str(trust), "--json"]
    return subprocess.run(command, check=False, capture_output=True, text=True, timeout=TIMEOUT,
                          preexec_fn=_limits)


def _mknod_allowed(tmp_path: Path) -> bool:
    try:
        os.mknod(tmp_path / "probe", stat.S_IFCHR | 0o600, os.makedev(1, 5))
    except OSError:
        return False
    (tmp_path / "probe").unlink()
    return True


def test_untouched_archive_passes_under_the_limits(lip10_cases):
    result = run_verify(lip10_cases.first, lip10_cases.trust_root)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert json.loads(result.stdout)["data"]["kinds"] == []


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_hostile_archive_fails_with_a_named_finding(attack: Attack, lip10_cases, tmp_path):
    if attack.needs_mknod and not _mknod_allowed(tmp_path):
        pytest.skip("creating a device file needs CAP_MKNOD")
    bag = build(lip10_cases.first, attack, tmp_path)
    result = run_verify(bag, lip10_cases.trust_root)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1, result.stdout[-2000:] + result.stderr[-2000:]
    envelope = json.loads(result.stdout)
    assert envelope["ok"] is False
    assert attack.kind in envelope["data"]["kinds"], envelope["data"]["kinds"]
