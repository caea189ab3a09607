"""Deadlines in working days with an injected clock, across Nyepi, Idul Fitri and Good Friday 2026."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from support import SEED, complete, ready, seed

from sopflow.errors import CaseError
from sopflow.runner.cases import CaseService
from sopflow.runner.clock import clock_from_env, fixed_clock, system_clock

# Hand-checked calendar, 2026: 18 Mar cuti bersama Nyepi, 19 Mar Nyepi, 20 Mar cuti bersama Idul Fitri,
# 21-22 Mar Idul Fitri (weekend), 23-24 Mar cuti bersama Idul Fitri, 3 Apr Good Friday.
STARTED = date(2026, 3, 17)            # Tuesday before the holidays
FIRST_TASK_DUE = date(2026, 3, 25)     # Task_HimpunUsulan: 1 working day -> first working day after the break
CASE_DUE = date(2026, 4, 8)            # 10 working days: 25 26 27 30 31 Mar, 1 2 6 7 8 Apr


def _service(data_dir, day: date) -> CaseService:
    return CaseService(data_dir, clock=fixed_clock(day))


def test_task_and_case_due_dates_skip_holidays(tmp_path, roster):
    data_dir = tmp_path / "data"
    service = _service(data_dir, STARTED)
    case_id = service.start_case(seed(SEED), roster)
    assert service.summary(case_id).due_date == CASE_DUE
    (first,) = service.ready_tasks(case_id)
    assert first.spec_id == "Task_HimpunUsulan"
    assert first.ready_at.date() == STARTED and first.due_date == FIRST_TASK_DUE
    service.close()

    # on the due day it is not overdue yet; the next day it is
    assert _service(data_dir, FIRST_TASK_DUE).overdue_tasks() == []
    late = _service(data_dir, date(2026, 3, 26)).overdue_tasks()
    assert [t.id for t in late] == [first.id] and late[0].overdue

    # completed late, the next task counts from the day it became ready
    service = _service(data_dir, date(2026, 3, 26))
    complete(service, roster, first)
    nxt = ready(service, case_id)
    assert nxt.ready_at.date() == date(2026, 3, 26) and nxt.due_date == date(2026, 3, 27)
    assert service.overdue_tasks(case_id) == []
    assert service.journal(case_id)[-1]["time"].startswith("2026-03-26")
    service.close()


def test_half_day_task_is_due_the_next_working_day(tmp_path, roster):
    # Friday 27 March 2026: Task_TelitiKonsepUsulan (0.5 day) is due Monday 30 March
    service = _service(tmp_path / "data", date(2026, 3, 27))
    case_id = service.start_case(seed(SEED), roster)
    complete(service, roster, ready(service, case_id))
    complete(service, roster, ready(service, case_id))
    view = ready(service, case_id, "Task_TelitiKonsepUsulan")
    assert view.due_date == date(2026, 3, 30)
    service.close()


def test_clock_from_environment():
    assert clock_from_env({}) is system_clock
    assert clock_from_env({"SOPFLOW_TODAY": "2026-03-26"})() == datetime(2026, 3, 26, 9, tzinfo=UTC)
    moment = clock_from_env({"SOPFLOW_TODAY": "2026-03-26T14:30:00+07:00"})()
    assert moment.isoformat() == "2026-03-26T14:30:00+07:00"
    with pytest.raises(CaseError, match="SOPFLOW_TODAY"):
        clock_from_env({"SOPFLOW_TODAY": "26/03/2026"})
