"""Indonesian working days (hari kerja): no weekends, national holidays or cuti bersama.

Holidays come from the maintained ``holidays`` library: category ``public``
(libur nasional) plus ``government`` (cuti bersama).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

__all__ = ["is_workday", "add_workdays", "workdays_between", "holiday_name"]


@lru_cache(maxsize=64)
def _calendar(year: int) -> holidays.HolidayBase:
    return holidays.Indonesia(years=year, categories=("public", "government"), language="id")


def holiday_name(day: date) -> str | None:
    """Name of the holiday or cuti bersama on ``day``, if any."""
    return _calendar(day.year).get(day)


def is_workday(day: date) -> bool:
    """Monday–Friday and not a holiday or cuti bersama."""
    return day.weekday() < 5 and day not in _calendar(day.year)


def add_workdays(start: date, count: int) -> date:
    """The date ``count`` working days after ``start`` (the start day itself not counted).

    A task that becomes ready on ``start`` with a duration of ``count`` days is
    due at the end of the returned day.
    """
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def workdays_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if ``end <= start``)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        count += is_workday(day)
    return count
