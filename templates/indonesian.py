"""Dates and numbers written the Indonesian way."""

from __future__ import annotations

import datetime

from babel.dates import format_date, get_month_names
from num2words import num2words

__all__ = ["format_date_id", "format_form_date", "parse_date_id", "terbilang", "date_in_words"]

LOCALE = "id"
"""Babel locale of every printed date."""


def format_date_id(d: datetime.date, with_day: bool = True) -> str:
    """``Senin, 23 November 2026`` (``with_day``) or ``23 November 2026``."""
    return format_date(d, "EEEE, d MMMM y" if with_day else "d MMMM y", locale=LOCALE)


def terbilang(n: int) -> str:
    """A whole number in Indonesian words: ``terbilang(2026) == "dua ribu dua puluh enam"``.

    :raises ValueError: for a negative number.
    """
    if n < 0:
        raise ValueError(f"terbilang needs a number of zero or more, not {n}")
    return str(num2words(n, lang=LOCALE))


def date_in_words(d: datetime.date) -> dict[str, str]:
    """The parts of "Pada hari ini <hari> tanggal <tanggal> bulan <bulan> tahun <tahun>".

    :returns: ``hari`` (``Senin``), ``tanggal`` and ``tahun`` in words, ``bulan`` by name.
    """
    return {
        "hari": format_date(d, "EEEE", locale=LOCALE),
        "tanggal": terbilang(d.day),
        "bulan": format_date(d, "MMMM", locale=LOCALE),
        "tahun": terbilang(d.year),
    }


def format_form_date(text: str, subtype: str | None) -> str:
    """A form's ISO date/time value as printed: ``23 November 2026``, ``09.30`` or
    ``23 November 2026 pukul 09.30``; text that does not parse is returned unchanged."""
    try:
        if subtype == "date":
            return format_date_id(datetime.date.fromisoformat(text), with_day=False)
        if subtype == "time":
            return datetime.time.fromisoformat(text).strftime("%H.%M")
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    return f"{format_date_id(moment.date(), with_day=False)} pukul {moment:%H.%M}"


def parse_date_id(text: str) -> datetime.date | None:
    """The date of ``21 Juni 2013`` (Indonesian month name, any case) or ``2013-06-21``; ``None``
    for anything else."""
    words = text.split()
    if len(words) == 3 and words[0].isdigit() and words[2].isdigit():
        months = {name.lower(): number for number, name in get_month_names("wide", locale=LOCALE).items()}
        month = months.get(words[1].lower())
        if month:
            try:
                return datetime.date(int(words[2]), month, int(words[0]))
            except ValueError:
                return None
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None
