"""Concurrency: one winner per task, parallel cases, gap-free letter numbers across cases."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import NUMBERED_TASK, SEED, complete, consistency_problems, drive_until, ready, seed, taken_numbers

from sopflow.errors import RoleError, SigningError
from sopflow.runner import completion
from sopflow.runner.cases import CaseService

CHILD = Path(__file__).parent / "race_child.py"
PROCESSES = 4
CASES_EACH = 2


def _spawn(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, str(CHILD), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _result(process: subprocess.Popen[str]) -> dict:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err[-3000:]
    return json.loads(out.strip().splitlines()[-1])


def test_two_processes_complete_the_same_task(backend, roster, roster_path, tmp_path):
    data_dir, url = backend.fresh("race-same")
    service = CaseService(data_dir, database_url=url)
    case_id = service.start_case(seed(SEED), roster)
    view = drive_until(service, roster, case_id, NUMBERED_TASK)
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    children = [_spawn("same", data_dir, url or "-", roster_path, case_id, view.id, barrier, 2) for _ in range(2)]
    results = [_result(c) for c in children]
    winners = [r for r in results if r["ok"]]
    losers = [r for r in results if not r["ok"]]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0]["error"]["kind"] == "task-already-completed"
    assert "sudah selesai" in losers[0]["error"]["message"]
    assert winners[0]["nomor"].startswith("ST-1/")
    journal = service.journal(case_id)
    assert [e["task"]["id"] for e in journal].count(view.id) == 1
    assert consistency_problems(service, case_id) == []
    assert taken_numbers(service)[next(k for k in taken_numbers(service) if k[1] == "ST")] == [1]
    service.close()


def test_parallel_cases_take_gap_free_numbers(backend, roster, roster_path, tmp_path):
    data_dir, url = backend.fresh("race-cases")
    CaseService(data_dir, database_url=url).close()  # tables exist before the children race
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    children = [_spawn("cases", data_dir, url or "-", roster_path, barrier, PROCESSES, CASES_EACH)
                for _ in range(PROCESSES)]
    cases = [c for child in children for c in _result(child)["cases"]]
    total = PROCESSES * CASES_EACH
    assert len(set(cases)) == total
    service = CaseService(data_dir, database_url=url)
    assert all(service.summary(c).status == "completed" for c in cases)
    for case_id in cases:
        assert consistency_problems(service, case_id) == [], case_id
    numbers = taken_numbers(service)
    assert sorted(code for (_unit, code, _year) in numbers) == ["LAP", "ND", "ST"]
    for key, seqs in numbers.items():
        assert seqs == list(range(1, total + 1)), (key, seqs)
    steps = sum(len(service.journal(c)) for c in cases)
    assert service.tasks_version() == total + steps  # one bump per start and per completion, none lost
    service.close()


def test_failed_signing_burns_no_number(backend, roster, tmp_path, monkeypatch):
    data_dir, url = backend.fresh("no-burn")
    service = CaseService(data_dir, database_url=url)
    case_id = service.start_case(seed(SEED), roster)
    view = drive_until(service, roster, case_id, NUMBERED_TASK)
    other_role = next(role for role in roster.entries if role != view.role)
    wrong = ready(service, case_id, NUMBERED_TASK)
    with pytest.raises(RoleError):
        complete(service, roster, type(wrong)(**{**wrong.__dict__, "role": other_role}))

    def broken_sign(*_args, **_kwargs):
        raise SigningError("token removed")

    with monkeypatch.context() as patch:
        patch.setattr(completion, "sign_pdf", broken_sign)
        with pytest.raises(SigningError):
            complete(service, roster, view)
    assert taken_numbers(service) == {}
    done = complete(service, roster, ready(service, case_id, NUMBERED_TASK))
    assert done.nomor.startswith("ST-1/")
    second = service.start_case(seed(SEED), roster)
    again = complete(service, roster, drive_until(service, roster, second, NUMBERED_TASK))
    assert again.nomor.startswith("ST-2/")
    assert consistency_problems(service, case_id) == [] and consistency_problems(service, second) == []
    service.close()
