"""Case and task ids from an unambiguous prefix, as git resolves commit ids."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from sopflow import messages
from sopflow.errors import CaseError
from sopflow.runner.cases import CaseService
from sopflow.runner.store import CaseRow, TaskRow

__all__ = ["resolve_case_id", "resolve_task_id"]

_SHOWN = 10
"""Candidates listed when a prefix is ambiguous."""


def resolve_task_id(service: CaseService, prefix: str) -> str:
    """The full id of the one task (ready or done) whose id starts with ``prefix``.

    :raises CaseError: no task, or several, match; the message lists candidates.
    """
    with service.store.session() as session:
        ids = list(session.scalars(select(TaskRow.task_id).where(_starts(TaskRow.task_id, prefix))
                                   .order_by(TaskRow.task_id).limit(_SHOWN + 1)).all())
    return _one(prefix, ids, messages.WHAT_TASK, messages.HINT_LIST_TASKS)


def resolve_case_id(service: CaseService, prefix: str) -> str:
    """The full id of the one case whose id is ``prefix`` or starts with it.

    :raises CaseError: no case, or several, match.
    """
    with service.store.session() as session:
        exact = session.scalar(select(CaseRow.id).where(CaseRow.id == prefix))
        if exact is not None:
            return exact
        ids = list(session.scalars(select(CaseRow.id).where(_starts(CaseRow.id, prefix))
                                   .order_by(CaseRow.id).limit(_SHOWN + 1)).all())
    return _one(prefix, ids, messages.WHAT_CASE, messages.HINT_LIST_CASES)


def _starts(column: Any, prefix: str) -> Any:
    escaped = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"{escaped}%", escape="\\")


def _one(prefix: str, ids: list[str], what: str, hint: str) -> str:
    if prefix in ids:
        return prefix
    if len(ids) == 1 and prefix:
        return ids[0]
    if not ids or not prefix:
        raise CaseError(messages.ID_NOT_FOUND.format(what=what, prefix=prefix), where=prefix, hint=hint)
    shown = ", ".join(ids[:_SHOWN]) + (", ..." if len(ids) > _SHOWN else "")
    raise CaseError(messages.ID_AMBIGUOUS.format(prefix=prefix, what=what, candidates=shown), where=prefix,
                    hint=messages.HINT_ID_AMBIGUOUS)
