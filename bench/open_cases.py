"""Data directories full of open cases, for the start-up and task-list benchmarks.

One case of every seed SOP is started through :meth:`CaseService.start_case`
(test PKI, real roster, real rows); more cases are then cloned from those in
one transaction: the same case, case-file and ready-task rows under new case
and task ids, one second apart, as starting them one by one would have
written them (without copying the model files, which listing never reads).
"""

from __future__ import annotations

import statistics
import subprocess
import time
import uuid
from datetime import timedelta
from pathlib import Path

from sqlalchemy import insert, select

from sopflow.bpmn import seed_models
from sopflow.demo.run import write_demo_setup
from sopflow.model.profile import load_model
from sopflow.runner.cases import CaseService
from sopflow.runner.roster import Roster
from sopflow.runner.store import CaseFileRow, CaseRow, TaskRow

__all__ = ["OpenCases", "median_wall"]


class OpenCases:
    """A data directory whose number of open cases can be grown."""

    def __init__(self, root: Path):
        self.data_dir = root / "data"
        models = seed_models()
        roster = Roster.load(write_demo_setup(root / "setup", [load_model(m) for m in models]))
        self.service = CaseService(self.data_dir)
        self.templates = [self.service.start_case(model, roster) for model in models]
        self.count = len(self.templates)

    def first_role(self) -> str:
        """The role of the first task of the first seed SOP."""
        return self.service.ready_tasks(self.templates[0])[0].role or ""

    def grow_to(self, total: int) -> None:
        """Clone template cases until ``total`` cases are open."""
        with self.service.store.session() as session, session.begin():
            rows = {table: [_values(r) for r in session.scalars(select(table).where(table.case_id.in_(self.templates)))]
                    for table in (CaseFileRow, TaskRow)}
            cases = {c.id: _values(c) for c in session.scalars(select(CaseRow).where(CaseRow.id.in_(self.templates)))}
            new: dict[type, list[dict]] = {CaseRow: [], CaseFileRow: [], TaskRow: []}
            while self.count < total:
                template = self.templates[self.count % len(self.templates)]
                self.count += 1
                case_id = f"BENCH-{self.count:06d}"
                later = timedelta(seconds=self.count)  # started one after another, like real cases
                new[CaseRow].append({**cases[template], "id": case_id,
                                     "created_at": cases[template]["created_at"] + later})
                new[CaseFileRow] += [{**f, "case_id": case_id} for f in rows[CaseFileRow] if f["case_id"] == template]
                new[TaskRow] += [{**t, "case_id": case_id, "task_id": str(uuid.uuid4()),
                                  "ready_at": t["ready_at"] + later} for t in rows[TaskRow] if t["case_id"] == template]
            for table, values in new.items():  # parents first
                if values:
                    session.execute(insert(table), values)

    def close(self) -> None:
        self.service.close()


def _values(row: object) -> dict:
    return {column.key: getattr(row, column.key) for column in type(row).__table__.columns}  # type: ignore[attr-defined]


def median_wall(command: list[str], runs: int = 7) -> float:
    """Median wall time of a command in seconds (it must succeed)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)
