"""Cases: start, inspect and export. Task completion lives in :mod:`completion`.

A case keeps exact copies of the model and forms it started with in the
blob store (their digests recorded in the database), so editing a model
file later changes new cases only.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Date, bindparam, func, select, text, update
from sqlalchemy.exc import IntegrityError

from sopflow import messages
from sopflow.errors import CaseError, ModelError, TaskAlreadyCompleted
from sopflow.localtime import DEFAULT_ZONE, unit_date, utc
from sopflow.runner.blobs import BlobCorrupt, BlobMissing
from sopflow.runner.clock import Clock, system_clock
from sopflow.runner.inbox import Inbox, InboxQuery, TaskView
from sopflow.runner.journal import GENESIS
from sopflow.runner.store import (
    TASKS_COUNTER,
    CaseFileRow,
    CaseRow,
    CaseSealRow,
    DocumentRow,
    JournalRow,
    RevisionRow,
    Store,
    TaskRow,
    bump_counter,
)

if TYPE_CHECKING:  # the workflow engine, models and forms are loaded only where a case moves
    from sopflow.model.forms import FormSpec
    from sopflow.model.profile import SopModel
    from sopflow.runner.admission import AdmittedModel
    from sopflow.runner.engine import ReadyTask
    from sopflow.runner.roster import Roster

__all__ = ["Clock", "CaseSummary", "TaskView", "Inbox", "CaseService"]


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


_START_ATTEMPTS = 100
"""Tries at taking the next case id while other processes start cases of the same SOP."""


class CaseService:
    """All case operations on one data directory."""

    def __init__(self, data_dir: Path, *, database_url: str | None = None, clock: Clock | None = None):
        self.data_dir = data_dir
        self.store = Store(data_dir, database_url=database_url)
        self.clock: Clock = clock or system_clock
        self._files_digests: dict[str, str] = {}
        self.backfill_ready_tasks()

    def close(self) -> None:
        """Release the database."""
        self.store.close()

    # -- files of a case ----------------------------------------------------
    def case_dir(self, case_id: str) -> Path:
        """Where earlier versions kept a case's model and form copies (read when its blobs are absent)."""
        return self.data_dir / "cases" / case_id

    def case_files(self, case_id: str) -> dict[str, str]:
        """The case's files (``model/<name>``, ``forms/<key>.form``) and their SHA-256."""
        with self.store.session() as session:
            rows = session.scalars(select(CaseFileRow).where(CaseFileRow.case_id == case_id)).all()
        return {row.name: row.sha256 for row in rows}

    def case_file(self, case_id: str, name: str, sha256: str) -> bytes:
        """The exact bytes of a case file, from the blob store.

        :raises CaseError: the stored copy is missing or was altered.
        """
        try:
            return self.store.blobs.get(sha256)
        except BlobMissing:
            legacy = self.case_dir(case_id) / name  # a case started before case files were blobs
            if not legacy.is_file():
                raise CaseError(f"the copy of {name} of case {case_id} is missing",
                                where=self.store.blobs.location) from None
            data = legacy.read_bytes()
            if hashlib.sha256(data).hexdigest() != sha256:
                raise CaseError(f"the {name} copy of case {case_id} was altered on disk", where=str(legacy)) from None
            return data
        except BlobCorrupt:
            raise CaseError(f"the {name} copy of case {case_id} was altered in the store",
                            where=self.store.blobs.location) from None

    def model_of(self, case_id: str) -> SopModel:
        """The exact model a case started with."""
        from sopflow.model.profile import parse_model

        with self.store.session() as session:
            case = self.case_row(session, case_id)
        name = f"model/{case.model_name}"
        return parse_model(self.case_file(case_id, name, case.model_sha256), source=f"{case_id}/{name}")

    def form_bytes(self, case_id: str, form_key: str) -> bytes:
        """The exact bytes of a form of the case.

        :raises ModelError: the case has no such form.
        """
        name = f"forms/{form_key}.form"
        sha256 = self.case_files(case_id).get(name)
        if sha256 is None:
            raise ModelError(f"form {form_key!r} is not part of case {case_id}", where=f"{case_id}/{name}")
        return self.case_file(case_id, name, sha256)

    def form_of(self, case_id: str, form_key: str) -> FormSpec:
        """A form of the case, from the case's own copy."""
        from sopflow.model.forms import parse_form

        return parse_form(self.form_bytes(case_id, form_key), source=f"{case_id}/forms/{form_key}.form")

    def files_digest(self, case_id: str) -> str:
        """Digest of the exact model and forms the case started with (see :func:`binding.files_digest`)."""
        from sopflow.runner.binding import files_digest

        if case_id not in self._files_digests:
            self._files_digests[case_id] = files_digest(self.case_files(case_id))
        return self._files_digests[case_id]

    # -- start ----------------------------------------------------------------
    def start_case(self, model_path: Path, roster: Roster, *, forms_dir: Path | None = None) -> str:
        """Start a case of a model with a roster.

        :raises ModelRejected: ``sopflow check`` finds errors in the model (see :func:`admit_model`).
        :raises ModelError: the model or a form cannot be read.
        :raises RosterError: a lane has no official, or no unit seal is configured.
        """
        from sopflow.runner.admission import admit_model

        return self.start_admitted(admit_model(model_path, forms_dir=forms_dir), roster)

    def start_admitted(self, admitted: AdmittedModel, roster: Roster) -> str:
        """Start a case of a model :func:`admit_model` accepted; the case keeps the checked bytes."""
        from sopflow.runner.engine import Engine
        from sopflow.runner.workdays import add_workdays

        model, model_path, forms = admitted.model, admitted.path, admitted.forms
        roster.require_roles([lane.name for lane in model.lanes], model=str(model_path))
        roster.require_seal()
        engine = Engine(model)
        workflow = engine.start()
        now = utc(self.clock())
        start_day = unit_date(now, model.time_zone)
        due = add_workdays(start_day, model.deadline_workdays) if model.deadline_workdays else None
        model_sha = self.store.blobs.put(model.xml)  # before the transaction that refers to them
        form_shas = {key: self.store.blobs.put(data) for key, data in forms.items()}
        for _attempt in range(_START_ATTEMPTS):
            with self.store.session() as session, session.begin():
                count = session.scalar(select(func.count()).where(CaseRow.sop_number == model.number)) or 0
                case_id = f"{model.number or 'SOP'}-{count + 1:04d}"  # taken by another process: count again
                session.add(
                    CaseRow(
                        id=case_id, sop_number=model.number, sop_title=model.title,
                        model_name=model_path.name, model_sha256=model_sha, status="running",
                        state=engine.save(workflow), version=1,
                        roster=json.dumps(roster.public_dict()),
                        journal_head=GENESIS, journal_length=0, created_at=now, due_date=due,
                        time_zone=model.time_zone,
                    )
                )
                try:
                    session.flush()
                except IntegrityError:
                    session.rollback()
                    continue
                session.add(CaseFileRow(case_id=case_id, name=f"model/{model_path.name}", sha256=model_sha))
                for key, digest in form_shas.items():
                    session.add(CaseFileRow(case_id=case_id, name=f"forms/{key}.form", sha256=digest))
                self.record_ready(session, case_id, model, engine.ready_tasks(workflow), now)
            return case_id
        raise CaseError("could not allocate a case id", hint="retry; another process is starting many cases")

    def record_ready(
        self, session: Any, case_id: str, model: SopModel, ready: list[ReadyTask], now: datetime
    ) -> None:
        """Bring the case's ready-task rows in line with the workflow's ready tasks.

        Newly ready tasks get a row with their due date (working days from now);
        tasks no longer ready and not completed are withdrawn. Runs inside the
        transaction that starts the case, records a completion or cancels it, and bumps
        :data:`TASKS_COUNTER` there (what inbox caches check).
        """
        from sopflow.runner.workdays import add_workdays

        rows = {r.task_id: r for r in session.scalars(select(TaskRow).where(TaskRow.case_id == case_id))}
        ready_ids = {task.id for task in ready}
        for row in rows.values():
            if row.status == "ready" and row.task_id not in ready_ids:
                row.status = "withdrawn"
        for rank, task in enumerate(ready):
            profile = model.tasks.get(task.spec_id)
            row = rows.get(task.id)
            if row is None:
                days = _workdays(profile.duration_workdays) if profile else None
                row = TaskRow(case_id=case_id, task_id=task.id, spec_id=task.spec_id, role=task.lane or "",
                              ready_at=now, rank=rank,
                              due_date=add_workdays(unit_date(now, model.time_zone), days) if days else None)
                session.add(row)
            elif row.completed_at is not None:
                continue
            row.status, row.name = "ready", task.name
            row.action = profile.action if profile else "record"
            row.document = profile.document if profile else None
            row.form_key = profile.form_key if profile else None
        bump_counter(session, TASKS_COUNTER)

    def backfill_ready_tasks(self) -> int:
        """Fill the ready-task rows of a database written before they existed; returns the cases filled.

        A no-op (one indexed query) once every row has a status.
        """
        with self.store.session() as session:
            if session.scalar(select(TaskRow.task_id).where(TaskRow.status.is_(None)).limit(1)) is None:
                return 0
        from sopflow.runner.engine import Engine

        filled = 0
        with self.store.session() as session, session.begin():
            session.execute(update(TaskRow).where(TaskRow.status.is_(None), TaskRow.completed_at.is_not(None))
                            .values(status="completed"))
            session.execute(update(TaskRow).where(TaskRow.status.is_(None)).values(status="withdrawn"))
            for case in session.scalars(select(CaseRow).where(CaseRow.status == "running")).all():
                model = self.model_of(case.id)
                engine = Engine(model)
                self.record_ready(session, case.id, model, engine.ready_tasks(engine.restore(case.state)),
                                  case.created_at)
                filled += 1
        return filled

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

    def time_zone_of(self, case_id: str) -> str:
        """The time zone of the case's unit (from its row; from its model for cases started before).

        :raises CaseError: no such case.
        """
        with self.store.session() as session:
            zone = self.case_row(session, case_id).time_zone
        return zone or self.model_of(case_id).time_zone

    def tasks_version(self) -> int:
        """Changes whenever a transaction changes ready tasks or case statuses: a cache of inboxes built at
        one value is current while the value stays the same (whichever process made the change)."""
        return self.store.counter(TASKS_COUNTER)

    def today(self, zone: str = DEFAULT_ZONE) -> date:
        """The service clock's date in a unit's zone."""
        return unit_date(self.clock(), zone)

    def overdue_tasks(self, case_id: str | None = None) -> list[TaskView]:
        """Ready tasks whose due date has passed (a task is due by the end of its due day)."""
        return self.inbox(case_id=case_id, overdue=True).tasks

    def ready_tasks(self, case_id: str | None = None) -> list[TaskView]:
        """Ready user tasks of one case or of every running case.

        :raises CaseError: no such case.
        """
        return self.inbox(case_id=case_id).tasks

    def inbox(
        self,
        *,
        roles: Sequence[str] | None = None,
        role_contains: str | None = None,
        case_id: str | None = None,
        overdue: bool = False,
        limit: int | None = None,
    ) -> Inbox:
        """Ready tasks of running cases, oldest first: one indexed query, whatever the number of cases.

        :param roles: only tasks of these roles (exact lane names).
        :param role_contains: only tasks whose role contains this text (any letter case).
        :param case_id: only this case.
        :param overdue: only tasks past their due date (working days) on the service's clock: the
            local day of the case's unit for one case, of Jakarta (WIB) across cases.
        :param limit: at most this many tasks; :attr:`Inbox.more` tells whether more wait.
        """
        today = self.today(self.time_zone_of(case_id)) if case_id else self.today()
        return self.query_inbox(InboxQuery(today=today, roles=roles, role_contains=role_contains,
                                           case_id=case_id, overdue=overdue, limit=limit))

    def query_inbox(self, query: InboxQuery) -> Inbox:
        """Run an inbox query on this service's database.

        :raises CaseError: ``query.case_id`` names no case.
        """
        if query.case_id:
            self.summary(query.case_id)
        sql, params = query.sql()
        statement = text(sql)
        if "today" in params:  # a typed date, as each database stores it
            statement = statement.bindparams(bindparam("today", type_=Date))
            params["today"] = query.today
        with self.store.engine.connect() as connection:
            rows = connection.execute(statement, params).all()
        return query.result(rows)

    def ready_task(self, task_id: str) -> TaskView:
        """One ready task, by id, from whichever case holds it.

        :raises TaskAlreadyCompleted: the task was completed.
        :raises CaseError: no ready task has this id.
        """
        with self.store.session() as session:
            row = session.scalar(select(TaskRow).where(TaskRow.task_id == task_id))
        if row is not None and row.completed_at is not None:
            raise TaskAlreadyCompleted(messages.TASK_ALREADY_COMPLETED.format(task=task_id, case=row.case_id),
                                       hint=messages.HINT_LIST_TASKS)
        if row is not None:
            for view in self.inbox(case_id=row.case_id).tasks:
                if view.id == task_id:
                    return view
        raise CaseError(messages.TASK_NOT_FOUND.format(task=task_id), hint=messages.HINT_LIST_TASKS)

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
