"""Fonts and text styles of the SOP document.

The Bitstream Vera TrueType family shipped with reportlab is embedded, so the
document looks the same in every viewer and text extraction works.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

import reportlab
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

__all__ = ["FONT", "FONT_BOLD", "FONT_ITALIC", "FONT_BOLD_ITALIC", "register_fonts", "style"]

FONT = "SopSans"
FONT_BOLD = "SopSans-Bold"
FONT_ITALIC = "SopSans-Italic"
FONT_BOLD_ITALIC = "SopSans-BoldItalic"

_FILES = {FONT: "Vera.ttf", FONT_BOLD: "VeraBd.ttf", FONT_ITALIC: "VeraIt.ttf", FONT_BOLD_ITALIC: "VeraBI.ttf"}


@lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the embedded font family once per process."""
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)


_STYLES: dict[str, dict[str, object]] = {
    "body": {"fontSize": 10, "leading": 13.5},
    "heading": {"fontName": FONT_BOLD, "fontSize": 10, "leading": 13.5, "spaceBefore": 8, "spaceAfter": 3},
    "item": {"fontSize": 10, "leading": 13.5, "leftIndent": 34, "firstLineIndent": -16},
    "indented": {"fontSize": 10, "leading": 13.5, "leftIndent": 18},
    "header_unit": {"fontName": FONT_BOLD, "fontSize": 9, "leading": 11.5, "alignment": TA_CENTER},
    "header_kind": {"fontName": FONT_ITALIC, "fontSize": 9, "leading": 11.5, "alignment": TA_CENTER},
    "header_title": {"fontName": FONT_BOLD, "fontSize": 10, "leading": 12.5, "alignment": TA_CENTER},
    "header_field": {"fontSize": 8.5, "leading": 10.5},
    "cell": {"fontSize": 6.5, "leading": 7.8},
    "cell_center": {"fontSize": 6.5, "leading": 7.8, "alignment": TA_CENTER},
    "cell_head": {"fontName": FONT_BOLD, "fontSize": 7, "leading": 8.4, "alignment": TA_CENTER},
    "approval": {"fontSize": 10, "leading": 13.5, "alignment": TA_LEFT},
}


@cache
def style(name: str, font_size: float | None = None) -> ParagraphStyle:
    """A named paragraph style, optionally at another font size (leading scaled along)."""
    register_fonts()
    spec: dict[str, object] = {"fontName": FONT, "bulletFontName": FONT, **_STYLES[name]}
    if font_size is not None:
        ratio = font_size / float(spec["fontSize"])  # type: ignore[arg-type]
        spec["leading"] = float(spec["leading"]) * ratio  # type: ignore[arg-type]
        spec["fontSize"] = font_size
    return ParagraphStyle(f"sop-{name}-{font_size}", **spec)
