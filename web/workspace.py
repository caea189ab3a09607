"""An official's view of the cases: their inbox, and which tasks and cases they may open.

Authorization lives here, in one place: an official may act on a ready task
when the *case's own roster* (the one it started with) names their NIP for
the task's role, and may open a case when it names them for one of the
case model's roles. Anything else answers "not found", whether or not it
exists, so ids cannot be probed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import date, datetime

from sqlalchemy import select

from sopflow.errors import TaskAlreadyCompleted
from sopflow.model.profile import SopModel
from sopflow.officials import Official
from sopflow.runner.cases import CaseService, TaskView
from sopflow.runner.roster import Roster
from sopflow.runner.store import CaseRow, TaskRow
from sopflow.runner.workdays import workdays_between
from sopflow.signing import SignerSpec

__all__ = ["NotFound", "InboxItem", "Workspace"]


class NotFound(Exception):
    """No such case or task for this official (it may exist for another)."""


@dataclass(frozen=True)
class InboxItem:
    """A ready task in an official's inbox."""

    case_id: str
    """The case."""
    task_id: str
    """The task."""
    sop_number: str
    """SOP number."""
    sop_title: str
    """SOP title."""
    step: str
    """Task name."""
    role: str
    """The role the official holds it in."""
    action: str
    """Profile action (``create``, ``paraf``, ``sign`` ...)."""
    ready_at: datetime
    """When it became ready."""
    due_date: date | None
    """Due date (working days)."""
    workdays_left: int | None
    """Working days until the due date (negative when overdue)."""
    overdue: bool
    """Past its due date."""


class Workspace:
    """The case service seen by officials, with the deployment's roster."""

    def __init__(self, service: CaseService, roster: Roster):
        self.service = service
        self.roster = roster
        self._nips: dict[str, dict[str, str]] = {}
        self._models: dict[str, SopModel] = {}

    # -- officials ---------------------------------------------------------------
    def official(self, nip: str) -> Official | None:
        """The rostered official with this NIP."""
        for entry in self.roster.entries.values():
            if entry.official.nip == nip:
                return entry.official
        return None

    def roles(self, nip: str) -> list[str]:
        """Roles the deployment's roster gives this NIP."""
        return [role for role, entry in self.roster.entries.items() if entry.official.nip == nip]

    def signer_spec(self, nip: str, role: str, secret: str) -> SignerSpec:
        """Where this official's key is, unlocked with the passphrase or PIN they typed (never stored).

        :raises NotFound: the roster names no key for this NIP.
        """
        entries = [e for e in self.roster.entries.values() if e.official.nip == nip]
        entries.sort(key=lambda e: e.role != role)
        if not entries:
            raise NotFound(nip)
        spec = entries[0].signer
        if spec.pkcs12 is not None:
            return replace(spec, passphrase=secret)
        assert spec.pkcs11 is not None
        return replace(spec, pkcs11=replace(spec.pkcs11, pin=secret))

    # -- inbox --------------------------------------------------------------------
    def inbox(self, nip: str) -> list[InboxItem]:
        """Ready tasks of running cases whose roster gives this NIP the task's role, oldest first."""
        with self.service.store.session() as db:
            rows = db.execute(
                select(TaskRow.case_id, TaskRow.task_id, TaskRow.spec_id, TaskRow.role, TaskRow.ready_at,
                       TaskRow.due_date, CaseRow.sop_number, CaseRow.sop_title, CaseRow.model_name,
                       CaseRow.model_sha256)
                .join(CaseRow, CaseRow.id == TaskRow.case_id)
                .where(TaskRow.completed_at.is_(None), CaseRow.status == "running")
                .order_by(TaskRow.ready_at, TaskRow.case_id)
            ).all()
        nips = self._roster_nips({row.case_id for row in rows})
        today = self.service.today()
        items = []
        for row in rows:
            if nips[row.case_id].get(row.role) != nip:
                continue
            profile = self._model(row.case_id, row.model_name, row.model_sha256).tasks.get(row.spec_id)
            left = None
            if row.due_date:
                left = workdays_between(today, row.due_date) if row.due_date >= today \
                    else -workdays_between(row.due_date, today)
            items.append(InboxItem(
                case_id=row.case_id, task_id=row.task_id, sop_number=row.sop_number, sop_title=row.sop_title,
                step=profile.name if profile else row.spec_id, role=row.role,
                action=profile.action if profile else "record", ready_at=row.ready_at, due_date=row.due_date,
                workdays_left=left, overdue=bool(row.due_date and row.due_date < today),
            ))
        return items

    def _roster_nips(self, case_ids: set[str]) -> dict[str, dict[str, str]]:
        """Role -> NIP of each case's roster; a case's roster never changes, so each is read once."""
        missing = [c for c in case_ids if c not in self._nips]
        if missing:
            with self.service.store.session() as db:
                for case_id, roster in db.execute(select(CaseRow.id, CaseRow.roster).where(CaseRow.id.in_(missing))):
                    self._nips[case_id] = {role: str(person.get("nip", ""))
                                           for role, person in json.loads(roster)["officials"].items()}
        return {c: self._nips.get(c, {}) for c in case_ids}

    def _holder_nip(self, case_id: str, role: str) -> str | None:
        return self._roster_nips({case_id})[case_id].get(role)

    def _model(self, case_id: str, model_name: str, model_sha256: str) -> SopModel:
        """A case model, parsed once per content (the cases of one SOP version share it)."""
        model = self._models.get(model_sha256)
        if model is None:
            model = self.service.model_of(case_id)
            self._models[model_sha256] = model
        return model

    # -- authorization ------------------------------------------------------------
    def task(self, nip: str, case_id: str, task_id: str) -> TaskView:
        """The ready task, if this official holds its role in the case.

        :raises NotFound: no such task, or not this official's.
        :raises TaskAlreadyCompleted: it was theirs and is done (a stale page).
        """
        if len(case_id) > 64 or len(task_id) > 64:
            raise NotFound(task_id)
        with self.service.store.session() as db:
            row = db.get(TaskRow, (case_id, task_id))
        if row is None or self._holder_nip(case_id, row.role) != nip:
            raise NotFound(task_id)
        if row.completed_at is not None:
            raise TaskAlreadyCompleted("tugas ini sudah diselesaikan")
        for view in self.service.ready_tasks(case_id):
            if view.id == task_id:
                return view
        raise NotFound(task_id)

    def case_roles(self, nip: str, case_id: str) -> list[str]:
        """Roles of the case's model this official holds in the case (empty: not theirs).

        :raises NotFound: no such case.
        """
        if len(case_id) > 64:
            raise NotFound(case_id)
        with self.service.store.session() as db:
            row = db.get(CaseRow, case_id)
        if row is None:
            raise NotFound(case_id)
        model = self._model(case_id, row.model_name, row.model_sha256)
        return [lane.name for lane in model.lanes if self._holder_nip(case_id, lane.name) == nip]

    def require_case(self, nip: str, case_id: str) -> list[str]:
        """:meth:`case_roles`, refusing cases this official has no role in.

        :raises NotFound: no such case, or none of its roles is theirs.
        """
        roles = self.case_roles(nip, case_id)
        if not roles:
            raise NotFound(case_id)
        return roles
