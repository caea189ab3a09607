"""Numbers in Indonesian words."""

from __future__ import annotations

import pytest

from sopflow.templates import terbilang


@pytest.mark.parametrize(
    "number, words",
    [
        (0, "nol"), (1, "satu"), (5, "lima"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
        (19, "sembilan belas"), (20, "dua puluh"), (45, "empat puluh lima"), (100, "seratus"),
        (110, "seratus sepuluh"), (111, "seratus sebelas"), (250, "dua ratus lima puluh"), (1000, "seribu"),
        (1001, "seribu satu"), (2024, "dua ribu dua puluh empat"), (11000, "sebelas ribu"),
        (100000, "seratus ribu"), (1000000, "satu juta"), (2500000, "dua juta lima ratus ribu"),
    ],
)
def test_terbilang(number, words):
    assert terbilang(number) == words


def test_terbilang_rejects_negative():
    with pytest.raises(ValueError):
        terbilang(-1)
