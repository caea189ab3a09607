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
from typing import Any

from sqlalchemy import func, select

from sopflow.errors import TaskAlreadyCompleted
from sopflow.localtime import ZONES
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
    ready_at: datetime | None
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
        self._roles: dict[str, set[str]] = {}
        self._sops: dict[str, tuple[str, str, str]] = {}
        """SOP number and title and the unit's time zone of each case."""
        self._inboxes: dict[str, tuple[tuple, list[InboxItem]]] = {}
        self._models: dict[str, SopModel] = {}

    # -- officials ---------------------------------------------------------------
    def official(self, nip: str) -> Official | None:
        """The rostered official or staff member with this NIP (who may log in)."""
        return self.roster.person(nip)

    def access(self, nip: str) -> frozenset[str]:
        """Web access beyond the task workspace the roster grants this NIP."""
        return self.roster.access_of(nip)

    def roles(self, nip: str) -> list[str]:
        """Roles the deployment's roster gives this NIP."""
        return [role for role, entry in self.roster.entries.items() if entry.official.nip == nip]

    def signer_spec(self, nip: str, role: str, secret: str) -> SignerSpec:
        """Where this official's key is, unlocked with the passphrase or PIN they typed (never stored).

        :raises NotFound: the roster names no key for this NIP.
        """
        spec = self._signer(nip, role)
        if spec.pkcs12 is not None:
            return replace(spec, passphrase=secret)
        assert spec.pkcs11 is not None
        return replace(spec, pkcs11=replace(spec.pkcs11, pin=secret))

    def signs_with_token(self, nip: str, role: str) -> bool:
        """Whether this official's key is on a PKCS#11 token (asks a PIN) rather than a PKCS#12 file.

        :raises NotFound: the roster names no key for this NIP.
        """
        return self._signer(nip, role).pkcs11 is not None

    def _signer(self, nip: str, role: str) -> SignerSpec:
        """The roster's signer of this NIP, the one of ``role`` first."""
        entries = [e for e in self.roster.entries.values() if e.official.nip == nip]
        entries.sort(key=lambda e: e.role != role)
        if not entries:
            raise NotFound(nip)
        return entries[0].signer

    # -- inbox --------------------------------------------------------------------
    def inbox_stamp(self) -> tuple[int, tuple[date, ...]]:
        """What an inbox depends on besides rosters (which never change): the database's tasks counter,
        bumped by every start, completion and cancellation in any process, and each unit's local day."""
        return self.service.tasks_version(), tuple(self.service.today(zone) for zone in ZONES)

    def cached_inbox(self, nip: str, stamp: tuple[int, tuple[date, ...]]) -> list[InboxItem] | None:
        """The official's inbox as last built, if it was built at this stamp (else ``None``)."""
        cached = self._inboxes.get(nip)
        return cached[1] if cached is not None and cached[0] == stamp else None

    def inbox(self, nip: str, stamp: tuple[int, tuple[date, ...]] | None = None) -> list[InboxItem]:
        """Ready tasks of running cases whose roster gives this NIP the task's role, oldest first.

        The runner's inbox query (``CaseService.inbox``) by the roles this NIP holds in any case's
        roster, then each case's own roster. The list is kept per official while :meth:`inbox_stamp`
        stays the same; ``stamp`` is one read before the call (never after: a change committed
        meanwhile must not be labelled as seen).
        """
        stamp = stamp or self.inbox_stamp()
        cached = self.cached_inbox(nip, stamp)
        if cached is not None:
            return cached
        today_in = dict(zip(ZONES, stamp[1], strict=True))
        with self.service.store.session() as db:
            self._learn_rosters(db)
        roles = self._roles.get(nip)
        tasks = self.service.inbox(roles=sorted(roles)).tasks if roles else []
        left_by_due: dict[tuple[date, date], int] = {}
        items = []
        for task in tasks:
            if self._nips.get(task.case_id, {}).get(task.role or "") != nip:
                continue
            number, title, zone = self._sops[task.case_id]
            today = today_in[zone]
            left = None
            if task.due_date:
                left = left_by_due.get((today, task.due_date))
                if left is None:
                    left = left_by_due[(today, task.due_date)] = (
                        workdays_between(today, task.due_date) if task.due_date >= today
                        else -workdays_between(task.due_date, today))
            items.append(InboxItem(
                case_id=task.case_id, task_id=task.id, sop_number=number, sop_title=title, step=task.name,
                role=task.role or "", action=task.action, ready_at=task.ready_at, due_date=task.due_date,
                workdays_left=left, overdue=bool(task.due_date and task.due_date < today),
            ))
        if len(self._inboxes) > 10_000:
            self._inboxes.clear()
        self._inboxes[nip] = (stamp, items)
        return items

    def _learn_rosters(self, db: Any) -> None:
        """Read the rosters of cases not seen yet (a case's roster never changes, so each is read once)."""
        known = len(self._nips)
        count = db.scalar(select(func.count()).select_from(CaseRow)) or 0
        if count == known:
            return
        ids = set(db.scalars(select(CaseRow.id)))
        self._remember(db, [c for c in ids if c not in self._nips])

    def _remember(self, db: Any, case_ids: list[str]) -> None:
        for start in range(0, len(case_ids), 500):
            chunk = case_ids[start:start + 500]
            found = db.execute(select(CaseRow.id, CaseRow.roster, CaseRow.sop_number, CaseRow.sop_title,
                                      CaseRow.model_name, CaseRow.model_sha256, CaseRow.time_zone)
                               .where(CaseRow.id.in_(chunk)))
            for case_id, roster, number, title, model_name, model_sha256, zone in found:
                nips = {role: str(person.get("nip", "")) for role, person in json.loads(roster)["officials"].items()}
                zone = zone or self._model(case_id, model_name, model_sha256).time_zone  # cases started before
                self._sops[case_id] = (number, title, zone)
                self._nips[case_id] = nips
                for role, holder in nips.items():
                    self._roles.setdefault(holder, set()).add(role)

    def _holder_nip(self, case_id: str, role: str) -> str | None:
        """The NIP the case's own roster gives a role."""
        if case_id not in self._nips:
            with self.service.store.session() as db:
                self._remember(db, [case_id])
        return self._nips.get(case_id, {}).get(role)

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
            found = db.execute(
                select(TaskRow, CaseRow.status, CaseRow.model_name, CaseRow.model_sha256)
                .join(CaseRow, CaseRow.id == TaskRow.case_id)
                .where(TaskRow.case_id == case_id, TaskRow.task_id == task_id)
            ).first()
        if found is None or self._holder_nip(case_id, found[0].role) != nip:
            raise NotFound(task_id)
        row, status, model_name, model_sha256 = found
        if row.completed_at is not None:
            raise TaskAlreadyCompleted("tugas ini sudah diselesaikan")
        model = self._model(case_id, model_name, model_sha256)
        profile = model.tasks.get(row.spec_id)
        if row.status != "ready" or status != "running" or profile is None:
            raise NotFound(task_id)
        today = self.service.today(model.time_zone)
        return TaskView(
            case_id=case_id, id=task_id, spec_id=row.spec_id, name=profile.name, role=row.role,
            action=profile.action, document=profile.document, form_key=profile.form_key, ready_at=row.ready_at,
            due_date=row.due_date, overdue=bool(row.due_date and row.due_date < today),
        )

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
