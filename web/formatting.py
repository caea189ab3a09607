"""How pages write dates, times, actions and deadlines, in Indonesian."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from jinja2 import Environment

from sopflow.localtime import DEFAULT_ZONE, unit_time, zone_name
from sopflow.templates.indonesian import format_date_id

__all__ = ["ACTION_NAMES", "tanggal", "waktu", "tenggat", "install"]

ACTION_NAMES = {
    "create": "Membuat konsep",
    "paraf": "Paraf",
    "sign": "Tanda tangan",
    "receive": "Menerima",
    "file": "Menatausahakan",
    "record": "Mencatat",
}
"""What each profile action is called on the pages."""

ACTION_VERBS = {
    "create": "Paraf konsep",
    "paraf": "Paraf",
    "sign": "Tanda tangani",
    "receive": "Tanda terima",
    "file": "Tatausahakan",
    "record": "Catat dan tanda tangani",
}
"""The label of the button that signs, per action."""


def tanggal(value: date | datetime | None) -> str:
    """``23 November 2026``; ``-`` for nothing."""
    if value is None:
        return "-"
    if isinstance(value, datetime):
        value = value.date()
    return _long_date(value)


@lru_cache(maxsize=4096)
def _long_date(value: date) -> str:
    return format_date_id(value, with_day=False)


def waktu(value: datetime | str | None, zone: str = DEFAULT_ZONE) -> str:
    """``23 November 2026 09.30 WIT``: a moment in the time zone (``Asia/Jayapura``) of the case's unit."""
    if value is None:
        return "-"
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    local = unit_time(value, zone)
    return f"{_long_date(local.date())} {local:%H.%M} {zone_name(zone)}"


def tenggat(workdays_left: int | None) -> str:
    """A deadline in working days: ``3 hari kerja lagi``, ``hari ini``, ``terlambat 2 hari kerja``."""
    if workdays_left is None:
        return "tanpa batas waktu"
    if workdays_left > 0:
        return f"{workdays_left} hari kerja lagi"
    if workdays_left == 0:
        return "hari ini"
    return f"terlambat {-workdays_left} hari kerja"


def install(env: Environment) -> None:
    """Make these available as template filters and globals."""
    env.filters.update(tanggal=tanggal, waktu=waktu, tenggat=tenggat)
    env.globals.update(ACTION_NAMES=ACTION_NAMES, ACTION_VERBS=ACTION_VERBS)
