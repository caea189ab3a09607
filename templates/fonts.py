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

__all__ = ["FONT", "FONT_BOLD", "FONT_ITALIC", "FONT_BOLD_ITALIC", "register_fonts"]

FONT = "NaskahSans"
"""Regular face; bold/italic follow from ``<b>``/``<i>`` through the registered family."""
FONT_BOLD = "NaskahSans-Bold"
FONT_ITALIC = "NaskahSans-Italic"
FONT_BOLD_ITALIC = "NaskahSans-BoldItalic"

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
