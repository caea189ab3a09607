"""Numbers in Indonesian words (terbilang), as printed in "10 (sepuluh) hari kerja"."""

from __future__ import annotations

__all__ = ["terbilang"]

_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")
_SCALES = ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"), (10**3, "ribu"))


def _below_thousand(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words.append("seratus" if hundreds == 1 else f"{_UNITS[hundreds]} ratus")
    tens, unit = divmod(rest, 10)
    if tens == 1:
        words.append({0: "sepuluh", 1: "sebelas"}.get(unit, f"{_UNITS[unit]} belas"))
    else:
        if tens:
            words.append(f"{_UNITS[tens]} puluh")
        if unit:
            words.append(_UNITS[unit])
    return words


def terbilang(number: int) -> str:
    """The Indonesian words for a whole number: ``terbilang(1_250) == "seribu dua ratus lima puluh"``.

    :raises ValueError: negative numbers or numbers of a thousand trillion and more.
    """
    if number < 0 or number >= 10**15:
        raise ValueError(f"terbilang supports 0 to 10**15 - 1, not {number}")
    if number == 0:
        return _UNITS[0]
    words: list[str] = []
    rest = number
    for scale, name in _SCALES:
        count, rest = divmod(rest, scale)
        if count:
            words.append("seribu" if scale == 1000 and count == 1 else " ".join(_below_thousand(count) + [name]))
    words += _below_thousand(rest)
    return " ".join(words)
