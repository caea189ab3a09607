"""The local time of a unit: Indonesia's three zones, WIB, WITA and WIT.

Moments are stored in UTC (journal, database); every date or time a person
reads (letter dates, signature and stamp times, deadlines, reports) is the
unit's local time from :func:`unit_time`, printed with its zone name.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo

from sopflow import messages
from sopflow.errors import ModelError

__all__ = ["ZONES", "DEFAULT_ZONE", "check_zone", "unit_time", "unit_date", "zone_name", "utc", "format_time"]

ZONES = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}
"""IANA zones of Indonesia and the name printed with a local time."""

DEFAULT_ZONE = "Asia/Jakarta"
"""Zone of a unit whose model names none."""


def check_zone(zone: str, *, where: str) -> str:
    """``zone`` if it is one of :data:`ZONES`.

    :raises ModelError: naming ``where`` and the zones allowed.
    """
    if zone not in ZONES:
        raise ModelError(messages.MODEL_TIME_ZONE.format(zone=zone), where=where,
                         hint=messages.HINT_MODEL_TIME_ZONE.format(zones=", ".join(ZONES)))
    return zone


@cache
def _info(zone: str) -> ZoneInfo:
    return ZoneInfo(check_zone(zone, where="time zone"))


def unit_time(moment: datetime, zone: str = DEFAULT_ZONE) -> datetime:
    """``moment`` (aware; naive reads as UTC) as the local time of a unit in ``zone``."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(_info(zone))


def unit_date(moment: datetime, zone: str = DEFAULT_ZONE) -> date:
    """The unit's local calendar day at ``moment``."""
    return unit_time(moment, zone).date()


def zone_name(zone: str) -> str:
    """``WIB``, ``WITA`` or ``WIT``."""
    return ZONES[check_zone(zone, where="time zone")]


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC (naive reads as UTC): what the journal and database store."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_time(moment: datetime, zone: str = DEFAULT_ZONE) -> str:
    """``23/11/2026 06:30 WIB``: a moment as the unit reads it."""
    local = unit_time(moment, zone)
    return f"{local:%d/%m/%Y %H:%M} {ZONES[zone]}"
