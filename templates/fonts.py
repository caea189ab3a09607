"""The embedded font family of naskah dinas.

Bitstream Vera ships inside reportlab (``reportlab/fonts``), so documents
render on a fresh install without system fonts; every glyph used is
embedded as a TrueType subset.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import reportlab
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["FONT", "FONT_BOLD", "FONT_ITALIC", "FONT_BOLD_ITALIC", "MISSING", "register_fonts", "printable"]

FONT = "NaskahSans"
"""Regular face; bold/italic follow from ``<b>``/``<i>`` through the registered family."""
FONT_BOLD = "NaskahSans-Bold"
FONT_ITALIC = "NaskahSans-Italic"
FONT_BOLD_ITALIC = "NaskahSans-BoldItalic"

MISSING = "?"
"""Printed instead of a character the family has no glyph for."""

_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf", FONT_BOLD_ITALIC: "VeraBI.ttf"}


@cache
def register_fonts() -> None:
    """Register the family with reportlab, once per process."""
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )


@cache
def _covered() -> frozenset[int]:
    register_fonts()
    sets = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in _FILES]
    return frozenset(set.intersection(*sets))


def printable(text: str) -> str:
    """``text`` with every character the family cannot draw replaced by :data:`MISSING`.

    Without this, such characters would print as empty boxes and extract as NUL characters.
    """
    covered = _covered()
    return "".join(ch if ch == "\n" or ord(ch) in covered else MISSING for ch in text)
