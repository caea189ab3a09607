"""Verification runs of the archivists' pages: started by a request, run off the event loop, kept in the database.

A run verifies one archive (an uploaded bag, or a case of this server exported
for the purpose) in a worker thread of this process; the verifier itself
spreads the signature checks over bounded worker processes. The run's row
(owner, what was verified, status, the report's JSON data) lives in the case
database, so any server process sharing it answers the page's polling and the
downloads. A run whose process ended before it finished reads as lost.
"""

from __future__ import annotations

import json
import logging
import secrets
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import DateTime, String, Text, delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

from sopflow import messages
from sopflow.errors import SopflowError
from sopflow.runner.store import create_tables

__all__ = ["Verification", "Verifications", "RUN_ID_LENGTH"]

log = logging.getLogger("sopflow.web.verifications")

RUN_ID_LENGTH = 32
"""Hex characters of a run id (128 random bits: ids cannot be guessed)."""


class _Base(DeclarativeBase):
    """Tables of the archivists' pages."""


class VerificationRow(_Base):
    """One verification run."""

    __tablename__ = "web_verifications"
    id: Mapped[str] = mapped_column(String(RUN_ID_LENGTH), primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), index=True)
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    report: Mapped[str | None] = mapped_column(Text, nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


@dataclass(frozen=True)
class Verification:
    """A run as the pages show it."""

    id: str
    source: str
    """What was verified: an uploaded file's name or a case of this server."""
    status: str
    """``running``, ``done``, ``failed`` or ``lost``."""
    started_at: datetime
    finished_at: datetime | None
    report: dict[str, Any] | None
    """The report's JSON data (``sopflow verify --json``), once done."""
    error: str | None
    """Why the run stopped, when it failed."""

    @property
    def running(self) -> bool:
        """Still waiting for its result."""
        return self.status == "running"


class Verifications:
    """Start runs and read them back, one owner (NIP) at a time."""

    def __init__(self, engine: Engine, *, workers: int = 1, per_user: int = 2, keep: timedelta = timedelta(days=7),
                 lost_after: timedelta = timedelta(minutes=30)):
        create_tables(engine, _Base.metadata)  # other servers sharing the database may create it at once
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sopflow-verify")
        self.per_user = per_user
        self.keep = keep
        self.lost_after = lost_after

    def running(self, nip: str) -> int:
        """Runs of this owner still waiting."""
        with self._sessions() as db:
            since = _now() - self.lost_after
            return db.scalar(select(func.count()).select_from(VerificationRow).where(
                VerificationRow.nip == nip, VerificationRow.status == "running",
                VerificationRow.started_at > since)) or 0

    def start(self, nip: str, source: str, work: Callable[[], dict[str, Any]], *, scratch: Path) -> str:
        """Record a run and queue ``work`` (returning the report's JSON data); ``scratch`` is removed after it."""
        run_id = secrets.token_hex(RUN_ID_LENGTH // 2)
        with self._sessions.begin() as db:
            db.execute(delete(VerificationRow).where(VerificationRow.started_at < _now() - self.keep))
            db.add(VerificationRow(id=run_id, nip=nip, source=source, status="running", started_at=_now()))
        self._pool.submit(self._run, run_id, work, scratch)
        return run_id

    def _run(self, run_id: str, work: Callable[[], dict[str, Any]], scratch: Path) -> None:
        report, error = None, None
        try:
            report = json.dumps(work(), ensure_ascii=False)
        except SopflowError as exc:
            error = messages.ARSIP_VERIFY_STOPPED.format(reason=exc)
        except Exception as exc:  # noqa: BLE001 - a run ends with a message, never an unhandled thread error
            log.exception("verification run %s failed", run_id)
            error = messages.ARSIP_VERIFY_STOPPED.format(reason=type(exc).__name__)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        with self._sessions.begin() as db:
            row = db.get(VerificationRow, run_id)
            if row is not None:
                row.status, row.finished_at = ("done" if error is None else "failed"), _now()
                row.report, row.error = report, error

    def get(self, nip: str, run_id: str) -> Verification | None:
        """The run, if it is this owner's."""
        if len(run_id) != RUN_ID_LENGTH:
            return None
        with self._sessions() as db:
            row = db.get(VerificationRow, run_id)
            return _view(row, self.lost_after) if row is not None and row.nip == nip else None

    def recent(self, nip: str, limit: int = 10) -> list[Verification]:
        """This owner's latest runs, newest first (reports not loaded)."""
        with self._sessions() as db:
            rows = db.scalars(select(VerificationRow).where(VerificationRow.nip == nip)
                              .order_by(VerificationRow.started_at.desc()).limit(limit)).all()
            return [_view(row, self.lost_after, with_report=False) for row in rows]

    def close(self) -> None:
        """Wait for queued runs to end."""
        self._pool.shutdown(wait=True)


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _view(row: VerificationRow, lost_after: timedelta, *, with_report: bool = True) -> Verification:
    status, error = row.status, row.error
    if status == "running" and _aware(row.started_at) < _now() - lost_after:
        status, error = "lost", messages.ARSIP_VERIFY_LOST
    return Verification(id=row.id, source=row.source, status=status, started_at=_aware(row.started_at),
                        finished_at=_aware(row.finished_at) if row.finished_at else None,
                        report=json.loads(row.report) if with_report and row.report else None, error=error)
