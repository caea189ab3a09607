"""The clock a case service reads: the system's, or a fixed one for tests and what-if reports.

``SOPFLOW_TODAY`` (an ISO date ``2026-03-30`` or date-time
``2026-03-30T09:00:00+07:00``) makes every ``sopflow`` command run as of that
moment: task readiness, due dates and ``task list --overdue`` use it.

One clock rules a completion: its moment is the journal time, the document
date and the signing time the signature claims, so an archive made on a
fixed clock verifies. A time-stamping authority's time cannot follow a fixed
clock, so from PAdES B-T up a clock that is not the system's is refused for
signing (:data:`CLOCK_SKEW` apart).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, time, timedelta

from sopflow.errors import CaseError

__all__ = ["Clock", "CLOCK_SKEW", "TODAY_VARIABLE", "system_clock", "fixed_clock", "clock_from_env", "is_system_time"]

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware."""

TODAY_VARIABLE = "SOPFLOW_TODAY"
"""Environment variable fixing the clock of the command line."""

CLOCK_SKEW = timedelta(minutes=5)
"""Allowance between the clocks of the runner, the signers and the time-stamping authority."""


def system_clock() -> datetime:
    """The current UTC time."""
    return datetime.now(UTC)


def fixed_clock(moment: datetime | date) -> Clock:
    """A clock that always reads ``moment`` (a date reads as 09:00 UTC that day)."""
    if not isinstance(moment, datetime):
        moment = datetime.combine(moment, time(9, 0), tzinfo=UTC)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    fixed = moment
    return lambda: fixed


def clock_from_env(environ: Mapping[str, str] | None = None) -> Clock:
    """:data:`TODAY_VARIABLE` as a fixed clock, else the system clock.

    :raises CaseError: the variable is not an ISO date or date-time.
    """
    raw = (os.environ if environ is None else environ).get(TODAY_VARIABLE, "").strip()
    if not raw:
        return system_clock
    try:
        return fixed_clock(datetime.fromisoformat(raw) if "T" in raw else date.fromisoformat(raw))
    except ValueError:
        raise CaseError(f"{TODAY_VARIABLE}={raw!r} is not an ISO date",
                        hint="use e.g. 2026-03-30 or 2026-03-30T09:00:00+07:00, or unset it") from None


def is_system_time(moment: datetime) -> bool:
    """Whether ``moment`` is now by the system clock, within :data:`CLOCK_SKEW`."""
    return abs(system_clock() - moment) <= CLOCK_SKEW
