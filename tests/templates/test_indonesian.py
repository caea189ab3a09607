"""Indonesian dates and numbers in words."""

from __future__ import annotations

import datetime

import pytest

from sopflow.templates import date_in_words, format_date_id, terbilang


def test_date_with_day() -> None:
    assert format_date_id(datetime.date(2026, 11, 23)) == "Senin, 23 November 2026"


def test_date_without_day() -> None:
    assert format_date_id(datetime.date(2026, 8, 17), with_day=False) == "17 Agustus 2026"


@pytest.mark.parametrize(("n", "words"), [
    (0, "nol"), (1, "satu"), (11, "sebelas"), (23, "dua puluh tiga"), (100, "seratus"),
    (1000, "seribu"), (2026, "dua ribu dua puluh enam"), (1_250_000, "satu juta dua ratus lima puluh ribu"),
])
def test_terbilang(n: int, words: str) -> None:
    assert terbilang(n) == words


def test_terbilang_rejects_negative() -> None:
    with pytest.raises(ValueError):
        terbilang(-1)


def test_date_in_words_for_berita_acara() -> None:
    assert date_in_words(datetime.date(2026, 11, 23)) == {
        "hari": "Senin", "tanggal": "dua puluh tiga", "bulan": "November", "tahun": "dua ribu dua puluh enam",
    }


def test_form_dates_print_the_indonesian_way() -> None:
    from sopflow.templates.indonesian import format_form_date

    assert format_form_date("2026-08-17", "date") == "17 Agustus 2026"
    assert format_form_date("2026-08-17T09:05", "datetime") == "17 Agustus 2026 pukul 09.05"
    assert format_form_date("09:05", "time") == "09.05"
    assert format_form_date("bukan tanggal", "date") == "bukan tanggal"
