"""Working days against a hand-checked 2026 calendar (Idul Fitri and cuti bersama)."""

from __future__ import annotations

from datetime import date

import pytest

from sopflow.runner.workdays import add_workdays, holiday_name, is_workday, workdays_between


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 3, 17), True),   # Selasa biasa
        (date(2026, 3, 18), False),  # cuti bersama Nyepi
        (date(2026, 3, 19), False),  # Hari Suci Nyepi
        (date(2026, 3, 20), False),  # cuti bersama Idul Fitri
        (date(2026, 3, 23), False),  # cuti bersama Idul Fitri (Senin)
        (date(2026, 3, 24), False),  # cuti bersama Idul Fitri (Selasa)
        (date(2026, 3, 25), True),   # kembali bekerja
        (date(2026, 11, 21), False),  # Sabtu
        (date(2026, 11, 23), True),  # Senin
        (date(2026, 12, 24), False),  # cuti bersama Natal
    ],
)
def test_is_workday(day, expected):
    assert is_workday(day) is expected


def test_ten_workdays_across_idul_fitri():
    # Ready Mon 16 March 2026. Workdays after: 17, 25, 26, 27, 30, 31 Mar, 1, 2 Apr, (3 Apr Good Friday), 6, 7 Apr.
    assert add_workdays(date(2026, 3, 16), 10) == date(2026, 4, 7)


def test_workdays_between_matches_add():
    start = date(2026, 3, 16)
    assert workdays_between(start, add_workdays(start, 10)) == 10


def test_holiday_names_are_indonesian():
    assert "Idul Fitri" in (holiday_name(date(2026, 3, 21)) or "")
