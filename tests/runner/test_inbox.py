"""The inbox: ready tasks of every running case from the ready-task rows, never from workflow state."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import date

import pytest
from support import SEED, complete, ready, seed, workflow_ready

from sopflow.errors import CaseError, TaskAlreadyCompleted
from sopflow.runner.cases import CaseService
from sopflow.runner.clock import fixed_clock
from sopflow.runner.store import CaseRow

STARTED = date(2026, 3, 17)
FIRST_DUE = date(2026, 3, 25)  # one working day after the Nyepi / Idul Fitri break (see test_deadlines)


def _workflow_ids(service: CaseService, case_id: str) -> list[str]:
    with service.store.session() as session:
        return [task.id for task in workflow_ready(service, session.get(CaseRow, case_id))]


def test_inbox_filters_limits_and_follows_completions(tmp_path, roster):
    service = CaseService(tmp_path / "data", clock=fixed_clock(STARTED))
    cases = [service.start_case(seed(SEED), roster) for _ in range(3)]
    first = ready(service, cases[0])
    role = first.role or ""

    inbox = service.inbox(roles=[role])
    assert [t.case_id for t in inbox.tasks] == cases and not inbox.more
    assert all(t.name == first.name and t.form_key and t.due_date == FIRST_DUE for t in inbox.tasks)
    assert service.inbox(role_contains=role[3:].upper()).tasks == inbox.tasks
    assert service.inbox(roles=["Peran yang tidak ada"]).tasks == []
    assert service.inbox(role_contains="%").tasks == []  # LIKE wildcards are taken literally
    page = service.inbox(roles=[role], limit=2)
    assert page.tasks == inbox.tasks[:2] and page.more
    assert service.inbox(case_id=cases[1]).tasks == [inbox.tasks[1]]

    complete(service, roster, first)
    after = service.inbox()
    assert first.id not in [t.id for t in after.tasks]
    for case_id in cases:
        assert [t.id for t in after.tasks if t.case_id == case_id] == _workflow_ids(service, case_id)
    nxt = ready(service, cases[0])
    assert nxt.spec_id != first.spec_id and nxt.role and nxt.action
    with pytest.raises(TaskAlreadyCompleted):
        service.ready_task(first.id)
    assert service.ready_task(nxt.id) == nxt
    service.close()

    late = CaseService(tmp_path / "data", clock=fixed_clock(date(2026, 3, 26)))
    overdue = late.inbox(overdue=True).tasks
    assert {t.case_id for t in overdue} >= set(cases[1:]) and all(t.overdue for t in overdue)
    assert [t.id for t in overdue] == [t.id for t in after.tasks if t.due_date and t.due_date < date(2026, 3, 26)]
    assert CaseService(tmp_path / "data", clock=fixed_clock(STARTED)).inbox(overdue=True).tasks == []
    late.close()


def test_task_list_command_limits_the_list(tmp_path, roster):
    service = CaseService(tmp_path / "data", clock=fixed_clock(STARTED))
    cases = [service.start_case(seed(SEED), roster) for _ in range(3)]
    role = ready(service, cases[0]).role or ""
    service.close()
    command = [sys.executable, "-m", "sopflow.cli.main", "task", "list", "--role", role[:12].lower(),
               "--data-dir", str(tmp_path / "data"), "--json"]
    result = subprocess.run([*command, "--limit", "2"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    listed = listed["data"] if isinstance(listed, dict) else listed
    assert [t["case_id"] for t in listed] == cases[:2]
    assert "--limit 0" in result.stderr
    everything = subprocess.run([*command, "--limit", "0"], capture_output=True, text=True, timeout=120)
    listed = json.loads(everything.stdout)
    listed = listed["data"] if isinstance(listed, dict) else listed
    assert [t["case_id"] for t in listed] == cases and "--limit" not in everything.stderr


def test_database_without_ready_task_columns_is_backfilled(tmp_path, roster):
    """A data directory written before the ready-task columns existed gets them on first open."""
    data_dir = tmp_path / "data"
    service = CaseService(data_dir, clock=fixed_clock(STARTED))
    case_id = service.start_case(seed(SEED), roster)
    first = ready(service, case_id)
    complete(service, roster, first)
    expected = service.ready_tasks(case_id)
    service.close()

    with sqlite3.connect(data_dir / "sopflow.db") as db:  # back to the version-1 table
        db.execute("DROP INDEX ix_tasks_inbox")
        db.execute("DROP INDEX ix_tasks_task_id")
        for column in ("status", "name", "action", "document", "form_key", "rank"):
            db.execute(f'ALTER TABLE tasks DROP COLUMN "{column}"')

    listed = subprocess.run([sys.executable, "-m", "sopflow.cli.main", "task", "list", "--data-dir", str(data_dir),
                             "--json"], capture_output=True, text=True, timeout=120,
                            env={**os.environ, "SOPFLOW_TODAY": STARTED.isoformat()})
    assert listed.returncode == 0, listed.stderr
    body = json.loads(listed.stdout)
    assert [t["id"] for t in (body["data"] if isinstance(body, dict) else body)] == [t.id for t in expected]

    service = CaseService(data_dir, clock=fixed_clock(STARTED))
    assert service.backfill_ready_tasks() == 0  # the command above upgraded the database
    assert service.ready_tasks(case_id) == expected
    assert [t.id for t in expected] == _workflow_ids(service, case_id)
    with pytest.raises(TaskAlreadyCompleted):
        service.ready_task(first.id)
    service.close()


def test_ready_tasks_of_an_unknown_case(tmp_path):
    service = CaseService(tmp_path / "data")
    with pytest.raises(CaseError, match="no case"):
        service.ready_tasks("TIDAK-ADA-0001")
    service.close()


def test_one_cases_inbox_reads_the_zone_from_its_row(tmp_path, roster):
    service = CaseService(tmp_path / "data", clock=fixed_clock(STARTED))
    case_id = service.start_case(seed(SEED), roster)
    with service.store.session() as session:
        assert session.get(CaseRow, case_id).time_zone == service.model_of(case_id).time_zone
    expected = service.ready_tasks(case_id)
    model_blob = service.store.blobs.path(service.case_files(case_id)[f"model/{seed(SEED).name}"])
    hidden = model_blob.rename(tmp_path / "model-away")  # the model is not read for the zone
    assert service.ready_tasks(case_id) == expected
    hidden.rename(model_blob)
    with service.store.session() as session, session.begin():
        session.get(CaseRow, case_id).time_zone = None  # a case started before rows kept the zone
    assert service.ready_tasks(case_id) == expected and service.time_zone_of(case_id) == "Asia/Jakarta"
