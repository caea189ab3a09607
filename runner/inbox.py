"""The inbox: ready tasks of running cases, one indexed query over the ``tasks`` rows.

A case's ready tasks are written to ``tasks`` in the transaction that starts
the case or records a completion (:meth:`CaseService.record_ready`), so
listing them never restores workflow state and costs the same with ten or
ten thousand open cases. The query is plain SQL run either through
:class:`CaseService` (any database) or, by :func:`read_inbox`, straight on the
embedded SQLite file with the standard library, which keeps
``sopflow task list`` free of the database toolkit's start-up cost.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sopflow.errors import CaseError

__all__ = ["DATABASE_FILE", "Inbox", "InboxQuery", "TaskView", "read_inbox"]

DATABASE_FILE = "sopflow.db"
"""The embedded database's file name in a data directory."""


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


@dataclass(frozen=True)
class Inbox:
    """Ready tasks as an official's work list, oldest first."""

    tasks: list[TaskView]
    """The tasks, at most the limit asked for."""
    more: bool
    """Whether more tasks match than the limit let through."""


_SELECT = (
    "SELECT t.case_id, t.task_id, t.spec_id, t.name, t.role, t.action, t.document, t.form_key, t.ready_at,"
    " t.due_date FROM tasks t JOIN cases c ON c.id = t.case_id"
)


@dataclass(frozen=True)
class InboxQuery:
    """Which ready tasks to list.

    ``roles`` keeps exact lane names, ``role_contains`` a substring of the
    role in any letter case, ``overdue`` tasks whose due date is before
    ``today``; ``limit`` caps the list (``None``: all).
    """

    today: date
    roles: Sequence[str] | None = None
    role_contains: str | None = None
    case_id: str | None = None
    overdue: bool = False
    limit: int | None = None

    def sql(self) -> tuple[str, dict[str, Any]]:
        """The statement with ``:name`` parameters (dates as ISO strings) and their values."""
        where = ["t.status = 'ready'", "c.status = 'running'"]
        params: dict[str, Any] = {}
        if self.roles is not None:
            names = {f"role{i}": role for i, role in enumerate(self.roles)}
            where.append(f"t.role IN ({', '.join(':' + n for n in names)})" if names else "1 = 0")
            params.update(names)
        if self.role_contains:
            escaped = self.role_contains.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            where.append("lower(t.role) LIKE :pattern ESCAPE '\\'")
            params["pattern"] = f"%{escaped}%"
        if self.case_id:
            where.append("t.case_id = :case_id")
            params["case_id"] = self.case_id
        if self.overdue:
            where.append("t.due_date < :today")
            params["today"] = self.today.isoformat()
        sql = f"{_SELECT} WHERE {' AND '.join(where)} ORDER BY t.ready_at, t.case_id, t.rank"
        if self.limit is not None:
            sql += " LIMIT :limit"
            params["limit"] = self.limit + 1
        return sql, params

    def result(self, rows: Sequence[Sequence[Any]]) -> Inbox:
        """The inbox from the statement's rows."""
        shown = rows if self.limit is None else rows[: self.limit]
        return Inbox(tasks=[self._view(row) for row in shown], more=len(shown) < len(rows))

    def _view(self, row: Sequence[Any]) -> TaskView:
        case_id, task_id, spec_id, name, role, action, document, form_key, ready_at, due = row
        due_date = _as_date(due)
        return TaskView(
            case_id=case_id, id=task_id, spec_id=spec_id, name=name or spec_id, role=role or None,
            action=action or "record", document=document, form_key=form_key,
            ready_at=datetime.fromisoformat(ready_at) if isinstance(ready_at, str) else ready_at,
            due_date=due_date, overdue=bool(due_date and due_date < self.today),
        )


def _as_date(value: Any) -> date | None:
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(value, datetime):
        return value.date()
    return value


def read_inbox(data_dir: Path, query: InboxQuery) -> Inbox | None:
    """The inbox read straight from a data directory's embedded SQLite database.

    Returns ``None`` when that is not possible: no database yet, or one of an
    earlier schema that :class:`CaseService` must upgrade first.

    :raises CaseError: ``query.case_id`` names no case.
    """
    path = data_dir / DATABASE_FILE
    if not path.is_file():
        return None
    connection = sqlite3.connect(path, timeout=30)
    try:
        connection.execute("PRAGMA query_only = ON")
        if connection.execute("SELECT 1 FROM tasks WHERE status IS NULL LIMIT 1").fetchone():
            return None  # written before the ready-task columns were filled
        sql, params = query.sql()
        rows = connection.execute(sql, params).fetchall()
        if query.case_id and not rows and not connection.execute(
            "SELECT 1 FROM cases WHERE id = ?", (query.case_id,)
        ).fetchone():
            raise CaseError(f"no case {query.case_id!r}", hint="list cases with `sopflow case list`")
    except sqlite3.DatabaseError:
        return None  # an earlier schema, or not a sopflow database: the full service upgrades or reports it
    finally:
        connection.close()
    return query.result(rows)
