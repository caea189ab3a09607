"""Fonts, text styles and printed text of the SOP document.

The SOP document prints with the fonts of the naskah dinas
(:mod:`sopflow.templates.fonts`): DejaVu Sans with Noto Naskh Arabic, each
character in the first shipped font that has it, Arabic shaped and laid out
right to left, so names and titles print exactly as the letters print them.
Text the model supplies is written with ``**bold**`` and ``*italic*`` as typed
in a modeller's documentation field; everything else prints literally.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from sopflow.templates.fonts import (
    FONT,
    FONT_BOLD,
    FONT_BOLD_ITALIC,
    FONT_ITALIC,
    face_of,
    font_runs,
    has_rtl,
    register_fonts,
    visual_line,
)
from sopflow.templates.text import paragraph as plain_paragraph

__all__ = ["FONT", "FONT_BOLD", "FONT_ITALIC", "FONT_BOLD_ITALIC", "register_fonts", "style", "model_markup",
           "model_paragraph"]

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

_EMPHASIS = re.compile(r"\*\*(?P<bold>.+?)\*\*|\*(?P<italic>.+?)\*")


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


def _plain(text: str) -> str:
    """``text`` without its emphasis marks."""
    return _EMPHASIS.sub(lambda m: m["bold"] or m["italic"], text)


def model_markup(text: str, face: str, *, emphasis: bool = True) -> str:
    """Paragraph markup of one left-to-right text from the model, for a style whose font is ``face``.

    Escaped; line feeds as ``<br/>``; ``**bold**`` and ``*italic*`` as typed (when ``emphasis``);
    every run of characters in the shipped font that prints it.

    :raises ValueError: a character no shipped font prints (the document checks the model first).
    """
    return "<br/>".join(_line_markup(line, face, emphasis) for line in text.split("\n"))


def _line_markup(line: str, face: str, emphasis: bool) -> str:
    parts: list[tuple[str, str]] = []
    last = 0
    for match in _EMPHASIS.finditer(line) if emphasis else ():
        parts.append((line[last:match.start()], face))
        parts.append((match["bold"] or match["italic"], face_of(face, bold=bool(match["bold"]),
                                                                 italic=bool(match["italic"]))))
        last = match.end()
    parts.append((line[last:], face))
    return "".join(escape(run) if font == face else f'<font face="{font}">{escape(run)}</font>'
                   for segment, segment_face in parts if segment
                   for font, run in font_runs(visual_line(segment), segment_face))


def model_paragraph(text: str, paragraph_style: ParagraphStyle, *, emphasis: bool = True, **kwargs: Any) -> Paragraph:
    """A paragraph of model text (see :func:`model_markup`).

    Text with right-to-left characters is wrapped in reading order by the naskah dinas paragraph
    and printed without emphasis, so an Arabic citation longer than a line reads from the top down.
    """
    if has_rtl(text):
        return plain_paragraph(_plain(text) if emphasis else text, paragraph_style, **kwargs)
    return Paragraph(model_markup(text, paragraph_style.fontName, emphasis=emphasis), paragraph_style, **kwargs)
