"""Cases: start, inspect and export. Task completion lives in :mod:`completion`.

A case keeps exact copies of the model and forms it started with under
``<data>/cases/<id>/`` (their digests recorded in the database), so editing
a model file later changes new cases only.
"""

from __future__ import annotations

import hashlib
import math
import json
import shutil
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from sopflow.errors import CaseError, ModelError, TaskAlreadyCompleted
from sopflow.model.forms import FormSpec, find_form, load_form
from sopflow.model.profile import SopModel, load_model
from sopflow.runner.binding import files_digest
from sopflow.runner.clock import Clock, system_clock
from sopflow.runner.engine import Engine, ReadyTask
from sopflow.runner.journal import GENESIS
from sopflow.runner.roster import Roster
from sopflow.runner.store import (
    CaseFileRow,
    CaseRow,
    CaseSealRow,
    DocumentRow,
    JournalRow,
    RevisionRow,
    Store,
    TaskRow,
)
from sopflow.runner.workdays import add_workdays

__all__ = ["Clock", "CaseSummary", "TaskView", "CaseService"]


@dataclass(frozen=True)
class CaseSummary:
    """A case as listed."""

    id: str
    """Case id (``LIP20-0013-0001``)."""
    sop_number: str
    """SOP number."""
    sop_title: str
    """SOP title."""
    status: str
    """``running`` or ``completed``."""
    created_at: datetime
    """Start time."""
    due_date: date | None
    """Case deadline (working days from start)."""
    journal_length: int
    """Completed tasks."""


@dataclass(frozen=True)
class TaskView:
    """A ready task as shown to officials."""

    case_id: str
    """Case the task belongs to."""
    id: str
    """Task id."""
    spec_id: str
    """BPMN element id."""
    name: str
    """Task name."""
    role: str | None
    """Role that must act."""
    action: str
    """Profile action."""
    document: str | None
    """Document acted on."""
    form_key: str | None
    """Form collecting the task's data."""
    ready_at: datetime | None
    """When it became ready."""
    due_date: date | None
    """When it is due (working days)."""
    overdue: bool = False
    """Whether the service's clock is past the due date."""


class CaseService:
    """All case operations on one data directory."""

    def __init__(self, data_dir: Path, *, database_url: str | None = None, clock: Clock | None = None):
        self.data_dir = data_dir
        self.store = Store(data_dir, database_url=database_url)
        self.clock: Clock = clock or system_clock
        self._files_digests: dict[str, str] = {}

    def close(self) -> None:
        """Release the database."""
        self.store.close()

    # -- files of a case ----------------------------------------------------
    def case_dir(self, case_id: str) -> Path:
        """Where a case's model and form copies live."""
        return self.data_dir / "cases" / case_id

    def model_of(self, case_id: str) -> SopModel:
        """The exact model a case started with."""
        with self.store.session() as session:
            case = self.case_row(session, case_id)
        path = self.case_dir(case_id) / "model" / case.model_name
        model = load_model(path)
        if hashlib.sha256(model.xml).hexdigest() != case.model_sha256:
            raise CaseError(f"the model copy of case {case_id} was altered on disk", where=str(path))
        return model

    def form_of(self, case_id: str, form_key: str) -> FormSpec:
        """A form of the case, from the case's own copy."""
        path = self.case_dir(case_id) / "forms" / f"{form_key}.form"
        if not path.is_file():
            raise ModelError(f"form {form_key!r} is not part of case {case_id}", where=str(path))
        return load_form(path)

    def files_digest(self, case_id: str) -> str:
        """Digest of the exact model and forms the case started with (see :func:`binding.files_digest`)."""
        if case_id not in self._files_digests:
            with self.store.session() as session:
                rows = session.scalars(select(CaseFileRow).where(CaseFileRow.case_id == case_id)).all()
                self._files_digests[case_id] = files_digest({r.name: r.sha256 for r in rows})
        return self._files_digests[case_id]

    # -- start ----------------------------------------------------------------
    def start_case(self, model_path: Path, roster: Roster, *, forms_dir: Path | None = None) -> str:
        """Start a case of a model with a roster.

        :raises ModelError: the model cannot run or a form is missing.
        :raises RosterError: a lane has no official, or no unit seal is configured.
        """
        model = load_model(model_path)
        roster.require_roles([lane.name for lane in model.lanes], model=str(model_path))
        roster.require_seal()
        forms = {
            task.form_key: find_form(task.form_key, model_path, forms_dir)
            for task in model.tasks.values()
            if task.form_key
        }
        for path in forms.values():
            load_form(path)
        engine = Engine(model)
        workflow = engine.start()
        now = self.clock()
        due = add_workdays(now.date(), model.deadline_workdays) if model.deadline_workdays else None
        model_sha = hashlib.sha256(model.xml).hexdigest()
        for attempt in range(20):
            with self.store.session() as session, session.begin():
                count = session.scalar(select(func.count()).where(CaseRow.sop_number == model.number)) or 0
                case_id = f"{model.number or 'SOP'}-{count + 1 + attempt:04d}"
                target = self.case_dir(case_id)
                session.add(
                    CaseRow(
                        id=case_id, sop_number=model.number, sop_title=model.title,
                        model_name=model_path.name, model_sha256=model_sha, status="running",
                        state=engine.save(workflow), version=1,
                        roster=json.dumps(roster.public_dict()),
                        journal_head=GENESIS, journal_length=0, created_at=now, due_date=due,
                    )
                )
                try:
                    session.flush()
                except IntegrityError:
                    session.rollback()
                    continue
                session.add(CaseFileRow(case_id=case_id, name=f"model/{model_path.name}", sha256=model_sha))
                for key, path in forms.items():
                    session.add(CaseFileRow(case_id=case_id, name=f"forms/{key}.form",
                                            sha256=hashlib.sha256(path.read_bytes()).hexdigest()))
                self.record_ready(session, case_id, model, engine.ready_tasks(workflow), now)
                self._write_case_files(target, model_path, forms)
            return case_id
        raise CaseError("could not allocate a case id", hint="retry; another process is starting many cases")

    def _write_case_files(self, target: Path, model_path: Path, forms: dict[str, Path]) -> None:
        (target / "model").mkdir(parents=True, exist_ok=True)
        (target / "forms").mkdir(parents=True, exist_ok=True)
        shutil.copyfile(model_path, target / "model" / model_path.name)
        for key, path in forms.items():
            shutil.copyfile(path, target / "forms" / f"{key}.form")

    def record_ready(
        self, session: Any, case_id: str, model: SopModel, ready: list[ReadyTask], now: datetime
    ) -> None:
        """Remember when newly ready tasks became ready and when they are due."""
        known = set(session.scalars(select(TaskRow.task_id).where(TaskRow.case_id == case_id)))
        for task in ready:
            if task.id in known:
                continue
            profile = model.tasks.get(task.spec_id)
            days = _workdays(profile.duration_workdays) if profile else None
            due = add_workdays(now.date(), days) if days else None
            session.add(TaskRow(case_id=case_id, task_id=task.id, spec_id=task.spec_id,
                                role=task.lane or "", ready_at=now, due_date=due))

    # -- inspect --------------------------------------------------------------
    def case_row(self, session: Any, case_id: str) -> CaseRow:
        """The case's row in a session.

        :raises CaseError: no such case.
        """
        case = session.get(CaseRow, case_id)
        if case is None:
            raise CaseError(f"no case {case_id!r}", hint="list cases with `sopflow case list`")
        return case

    def list_cases(self) -> list[CaseSummary]:
        """Every case, newest first."""
        with self.store.session() as session:
            rows = session.scalars(select(CaseRow).order_by(CaseRow.created_at.desc())).all()
            return [self._summary(row) for row in rows]

    def summary(self, case_id: str) -> CaseSummary:
        """One case."""
        with self.store.session() as session:
            return self._summary(self.case_row(session, case_id))

    @staticmethod
    def _summary(row: CaseRow) -> CaseSummary:
        return CaseSummary(
            id=row.id, sop_number=row.sop_number, sop_title=row.sop_title, status=row.status,
            created_at=row.created_at, due_date=row.due_date, journal_length=row.journal_length,
        )

    def today(self) -> date:
        """The service clock's date."""
        return self.clock().date()

    def overdue_tasks(self, case_id: str | None = None) -> list[TaskView]:
        """Ready tasks whose due date has passed (a task is due by the end of its due day)."""
        return [view for view in self.ready_tasks(case_id) if view.overdue]

    def ready_tasks(self, case_id: str | None = None) -> list[TaskView]:
        """Ready user tasks of one case or of every running case."""
        with self.store.session() as session:
            query = select(CaseRow).where(CaseRow.status == "running")
            if case_id:
                query = query.where(CaseRow.id == case_id)
                self.case_row(session, case_id)
            cases = session.scalars(query.order_by(CaseRow.created_at)).all()
            rows = {(r.case_id, r.task_id): r for r in session.scalars(select(TaskRow)).all()}
        views: list[TaskView] = []
        today = self.today()
        for case in cases:
            model = self.model_of(case.id)
            engine = Engine(model)
            for task in engine.ready_tasks(engine.restore(case.state)):
                profile = model.tasks.get(task.spec_id)
                row = rows.get((case.id, task.id))
                views.append(
                    TaskView(
                        case_id=case.id, id=task.id, spec_id=task.spec_id, name=task.name, role=task.lane,
                        action=profile.action if profile else "record",
                        document=profile.document if profile else None,
                        form_key=profile.form_key if profile else None,
                        ready_at=row.ready_at if row else None, due_date=row.due_date if row else None,
                        overdue=bool(row and row.due_date and row.due_date < today),
                    )
                )
        return views

    def ready_task(self, task_id: str) -> TaskView:
        """One ready task, by id, from whichever case holds it.

        :raises TaskAlreadyCompleted: the task was completed.
        :raises CaseError: no ready task has this id.
        """
        with self.store.session() as session:
            row = session.scalar(select(TaskRow).where(TaskRow.task_id == task_id))
        if row is not None and row.completed_at is not None:
            raise TaskAlreadyCompleted(f"task {task_id} of case {row.case_id} is already completed",
                                       hint="list the ready tasks with `sopflow task list`")
        for view in self.ready_tasks(row.case_id if row is not None else None):
            if view.id == task_id:
                return view
        raise CaseError(f"no ready task {task_id}", hint="list the ready tasks with `sopflow task list`")

    def journal(self, case_id: str) -> list[dict[str, Any]]:
        """The case's journal entries in order."""
        with self.store.session() as session:
            self.case_row(session, case_id)
            rows = session.scalars(
                select(JournalRow).where(JournalRow.case_id == case_id).order_by(JournalRow.seq)
            ).all()
            return [json.loads(r.body) for r in rows]

    def documents(self, case_id: str) -> list[DocumentRow]:
        """The case's documents with their current revision."""
        with self.store.session() as session:
            self.case_row(session, case_id)
            return list(session.scalars(select(DocumentRow).where(DocumentRow.case_id == case_id)).all())

    def revisions(self, case_id: str) -> list[RevisionRow]:
        """Every revision of every document of the case."""
        with self.store.session() as session:
            return list(
                session.scalars(
                    select(RevisionRow)
                    .where(RevisionRow.case_id == case_id)
                    .order_by(RevisionRow.document_id, RevisionRow.revision)
                ).all()
            )

    def case_seal(self, case_id: str) -> CaseSealRow | None:
        """The sealed Lembar Riwayat that ended the case, if it has ended."""
        with self.store.session() as session:
            return session.get(CaseSealRow, case_id)

    def roster_of(self, case_id: str) -> dict[str, Any]:
        """The public roster the case started with."""
        with self.store.session() as session:
            return json.loads(self.case_row(session, case_id).roster)

    def state_size(self, case_id: str) -> int:
        """Bytes of serialized workflow state."""
        with self.store.session() as session:
            return len(self.case_row(session, case_id).state)


def _workdays(raw: str | None) -> int | None:
    """A duration in working days as a whole number of days (0.5 counts as 1)."""
    try:
        value = float(raw) if raw else 0.0
    except ValueError:
        return None
    return math.ceil(value) if value > 0 else None
