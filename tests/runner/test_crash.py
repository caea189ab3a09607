"""Crash safety: a completion SIGKILLed at any step leaves a consistent case that can go on.

A child process completes the task that takes a letter number and is killed
after render, sign, verify, the blob write, mid-commit (rows flushed, no
COMMIT) or right after COMMIT. The parent then checks journal chain,
revisions, documents, letter numbers and task rows, and completes the task.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from support import (
    NUMBERED_TASK,
    SEED,
    complete,
    consistency_problems,
    drive_until,
    ready,
    seed,
    snapshot,
    taken_numbers,
)

from sopflow.errors import TaskAlreadyCompleted
from sopflow.runner.blobs import FileBlobStore
from sopflow.runner.cases import CaseService
from sopflow.runner.completion import complete_task
from sopflow.runner.maintenance import sweep_blobs, unreferenced_blobs
from sopflow.signing import open_signer

CHILD = Path(__file__).parent / "crash_child.py"
BEFORE_COMMIT = ["render", "sign", "verify", "blob", "flush"]


@pytest.fixture(scope="module")
def prepared(backend, roster, roster_path):
    """A data set where case 1 holds ST number 1 and case 2 waits at the numbered task."""
    data_dir, url = backend.fresh("crash-base")
    service = CaseService(data_dir, database_url=url)
    first = service.start_case(seed(SEED), roster)
    complete(service, roster, drive_until(service, roster, first, NUMBERED_TASK))
    second = service.start_case(seed(SEED), roster)
    view = drive_until(service, roster, second, NUMBERED_TASK)
    service.close()
    return data_dir, url, second, view.id, view.role


def _run_child(data_dir: Path, url: str | None, roster_path: Path, case_id: str, task_id: str, point: str):
    return subprocess.run(
        [sys.executable, str(CHILD), str(data_dir), url or "-", str(roster_path), case_id, task_id, point],
        capture_output=True, text=True, timeout=120,
    )


def _st_numbers(service: CaseService) -> list[int]:
    return next(seqs for (_unit, code, _year), seqs in taken_numbers(service).items() if code == "ST")


@pytest.mark.parametrize("point", BEFORE_COMMIT)
def test_kill_before_commit_changes_nothing(point, prepared, backend, roster, roster_path):
    data_dir, url = backend.copy(prepared[0], prepared[1], f"crash-{point}")
    case_id, task_id = prepared[2], prepared[3]
    service = CaseService(data_dir, database_url=url)
    before = snapshot(service, case_id)
    blobs_before = set(service.store.blobs.digests())
    result = _run_child(data_dir, url, roster_path, case_id, task_id, point)
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr
    assert snapshot(service, case_id) == before
    assert consistency_problems(service, case_id) == []
    orphans = set(unreferenced_blobs(service.store))
    assert orphans == set(service.store.blobs.digests()) - blobs_before
    assert len(orphans) == (1 if point in ("blob", "flush") else 0)
    # the official completes the task again: next number, chain intact
    done = complete(service, roster, ready(service, case_id, NUMBERED_TASK))
    assert done.nomor and done.nomor.startswith("ST-2/")
    assert _st_numbers(service) == [1, 2]
    assert consistency_problems(service, case_id) == []
    assert len(service.journal(case_id)) == len(before["journal"]) + 1
    # the orphan is swept, the referenced revisions are not
    swept = sweep_blobs(service.store, grace=timedelta(0))
    assert set(swept.removed) == orphans - {done.sha256}
    assert unreferenced_blobs(service.store) == [] and consistency_problems(service, case_id) == []
    service.close()


def test_kill_right_after_commit_keeps_the_completion(prepared, backend, roster, roster_path):
    data_dir, url = backend.copy(prepared[0], prepared[1], "crash-commit")
    case_id, task_id = prepared[2], prepared[3]
    service = CaseService(data_dir, database_url=url)
    before = snapshot(service, case_id)
    result = _run_child(data_dir, url, roster_path, case_id, task_id, "commit")
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr
    after = snapshot(service, case_id)
    assert len(after["journal"]) == len(before["journal"]) + 1
    assert after["journal"][-1]["task"]["id"] == task_id
    assert task_id not in after["ready"] and after["version"] == before["version"] + 1
    assert consistency_problems(service, case_id) == []
    assert _st_numbers(service) == [1, 2]
    assert unreferenced_blobs(service.store) == []
    with pytest.raises(TaskAlreadyCompleted, match="sudah selesai"):
        with open_signer(roster.for_role(prepared[4]).signer) as signer:
            complete_task(service, case_id, task_id, {}, signer)
    # the case goes on
    nxt = ready(service, case_id)
    complete(service, roster, nxt)
    assert consistency_problems(service, case_id) == []
    service.close()


def test_child_without_kill_completes(prepared, backend, roster_path):
    data_dir, url = backend.copy(prepared[0], prepared[1], "crash-none")
    result = _run_child(data_dir, url, roster_path, prepared[2], prepared[3], "none")
    assert result.returncode == 0, result.stderr
    service = CaseService(data_dir, database_url=url)
    assert consistency_problems(service, prepared[2]) == []
    service.close()


def test_kill_during_a_blob_write_leaves_at_most_a_temp_file_sweep_blobs_removes(prepared, backend, roster_path):
    data_dir, url = backend.copy(prepared[0], prepared[1], "crash-blob-write")
    service = CaseService(data_dir, database_url=url)
    before = set(service.store.blobs.digests())
    service.close()
    result = _run_child(data_dir, url, roster_path, prepared[2], prepared[3], "blob-write")
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr
    service = CaseService(data_dir, database_url=url)
    blobs = service.store.blobs
    if isinstance(blobs, FileBlobStore):
        left = blobs.temp_files()
        assert len(left) == 1 and left[0].parent == data_dir / "blobs" / "tmp" and left[0].stat().st_size > 0
    else:  # in the database, the blob's uncommitted INSERT is rolled back: nothing is left at all
        left = []
        assert set(blobs.digests()) == before and not (data_dir / "blobs").exists()
    assert consistency_problems(service, prepared[2]) == []
    service.close()
    command = [sys.executable, "-m", "sopflow.cli.main", "case", "sweep-blobs", "--grace-hours", "0",
               "--data-dir", str(data_dir), "--json"]
    if url:
        command += ["--database-url", url]
    swept = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120)
    assert swept.returncode == 0, swept.stdout + swept.stderr
    assert json.loads(swept.stdout)["data"]["removed_temp"] == [path.name for path in left]
    assert not any(path.exists() for path in left)
