"""The fonts of naskah dinas and the one answer to "can this text be printed".

The package ships its fonts (``templates/fonts``, licences beside them), so a
document looks the same on every install:

- DejaVu Sans in four faces: Latin with every diacritic, Greek, Cyrillic and
  common symbols (currency, arrows, mathematical and technical signs);
- Noto Naskh Arabic, regular and bold: Arabic script for names and citations.

Each character is drawn with the first font of its face's chain that has a
glyph for it (:func:`font_runs`); Arabic is shaped (contextual forms and
lam-alef ligatures, ``arabic-reshaper``) and laid out right to left
(``python-bidi``) line by line. :func:`first_undrawable` is the single test
of printability: form validation refuses what it rejects, and the renderer
raises on it, so nothing is ever printed as ``?`` or an empty box.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import arabic_reshaper
from bidi import get_display
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

__all__ = [
    "FONT",
    "FONT_BOLD",
    "FONT_ITALIC",
    "FONT_BOLD_ITALIC",
    "LINE_BREAKS",
    "register_fonts",
    "first_undrawable",
    "visual_line",
    "has_rtl",
    "font_runs",
    "face_of",
    "text_width",
    "draw_line",
]

FONT = "NaskahSans"
"""Regular face; bold/italic follow from ``<b>``/``<i>`` through the registered family."""
FONT_BOLD = "NaskahSans-Bold"
FONT_ITALIC = "NaskahSans-Italic"
FONT_BOLD_ITALIC = "NaskahSans-BoldItalic"
_ARABIC = "NaskahArabic"
_ARABIC_BOLD = "NaskahArabic-Bold"

_FILES = {
    FONT: "DejaVuSans.ttf",
    FONT_BOLD: "DejaVuSans-Bold.ttf",
    FONT_ITALIC: "DejaVuSans-Oblique.ttf",
    FONT_BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
    _ARABIC: "NotoNaskhArabic-Regular.ttf",
    _ARABIC_BOLD: "NotoNaskhArabic-Bold.ttf",
}

_CHAINS = {
    FONT: (FONT, _ARABIC),
    FONT_BOLD: (FONT_BOLD, _ARABIC_BOLD),
    FONT_ITALIC: (FONT_ITALIC, _ARABIC, FONT),
    FONT_BOLD_ITALIC: (FONT_BOLD_ITALIC, _ARABIC_BOLD, FONT_BOLD),
}
"""Per face, the fonts tried in order for each character.

Every chain covers the same characters (an oblique face falls back to its
upright face), so printability does not depend on the style.
"""

LINE_BREAKS = frozenset("\n\r\x85\u2028\u2029")
"""Characters printed as a line break (LF, CR, NEL, line and paragraph separator)."""
_SPACES = frozenset("\t")
"""Printed as a space."""
_TATWEEL = "\u0640"
_RESHAPER = arabic_reshaper.ArabicReshaper(
    configuration={"delete_harakat": False, "support_ligatures": True, "support_zwj": False}
)
_REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
"""Controls, invisible format characters (zero-width, bidi overrides), surrogates, private use,
unassigned: none prints as a visible mark, so none can be shown as typed."""


@cache
def register_fonts() -> None:
    """Register the shipped fonts with reportlab, once per process."""
    folder = resources.files("sopflow.templates").joinpath("fonts")
    for name, file in _FILES.items():
        with resources.as_file(folder.joinpath(file)) as path:
            pdfmetrics.registerFont(TTFont(name, str(path)))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC
    )
    pdfmetrics.registerFontFamily(
        _ARABIC, normal=_ARABIC, bold=_ARABIC_BOLD, italic=_ARABIC, boldItalic=_ARABIC_BOLD
    )


@cache
def _cmap(font: str) -> frozenset[int]:
    register_fonts()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)


_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))


@cache
def _font_for(ch: str, face: str) -> str | None:
    chain = _CHAINS[face]
    if any(low <= ord(ch) <= high for low, high in _ARABIC_BLOCKS):
        chain = (_ARABIC_BOLD if "Bold" in face else _ARABIC, *chain)
    for font in chain:
        if ord(ch) in _cmap(font):
            return font
    return None


def _is_arabic(ch: str) -> bool:
    return unicodedata.bidirectional(ch) == "AL"


@cache
def _drawable(ch: str) -> bool:
    if ch in LINE_BREAKS or ch in _SPACES:
        return True
    if unicodedata.category(ch) in _REFUSED_CATEGORIES or _font_for(ch, FONT) is None:
        return False
    if _is_arabic(ch) and unicodedata.category(ch) == "Lo":
        # every contextual form the shaper may choose must have a glyph too
        for context in (ch, ch + _TATWEEL, _TATWEEL + ch + _TATWEEL, _TATWEEL + ch):
            if any(_font_for(form, FONT) is None for form in _RESHAPER.reshape(context)):
                return False
    return True


def first_undrawable(text: str) -> int | None:
    """Index of the first character of ``text`` no shipped font can print correctly, else ``None``.

    Refused: control and invisible format characters (line breaks and tab excepted), surrogates,
    private-use and unassigned code points, and any character (or, for Arabic letters, any
    contextual form of it) for which no shipped font has a glyph: CJK, emoji and rare scripts.
    """
    for index, ch in enumerate(text):
        if not _drawable(ch):
            return index
    return None


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds right-to-left characters (Arabic, Hebrew)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def visual_line(line: str) -> str:
    """One line of text in drawing order: Arabic shaped and right-to-left runs reordered.

    The line's base direction is left to right, the direction of the document's language, so a
    mixed line reads the same whatever script it starts with. Lines without right-to-left
    characters are returned unchanged.
    """
    if not has_rtl(line):
        return line
    return str(get_display(_RESHAPER.reshape(line), base_dir="L"))


def font_runs(line: str, face: str = FONT) -> Iterator[tuple[str, str]]:
    """``(font, text)`` runs of one line already in drawing order, each char in the first font that has it.

    :raises ValueError: a character no font of the chain has (check with :func:`first_undrawable` first).
    """
    if face not in _CHAINS:
        face = FONT
    run_font = ""
    run: list[str] = []
    for ch in line:
        font = _font_for(ch, face) if ch != " " else (run_font or face)
        if font is None:
            raise ValueError(f"no shipped font prints U+{ord(ch):04X}")
        if font != run_font and run:
            yield run_font, "".join(run)
            run = []
        run_font = font
        run.append(ch)
    if run:
        yield run_font, "".join(run)


_FACES = {(False, False): FONT, (True, False): FONT_BOLD, (False, True): FONT_ITALIC, (True, True): FONT_BOLD_ITALIC}


def face_of(face: str, *, bold: bool = False, italic: bool = False) -> str:
    """The face of the shipped family that adds ``bold`` and/or ``italic`` to ``face``."""
    return _FACES[(bold or face in (FONT_BOLD, FONT_BOLD_ITALIC), italic or face in (FONT_ITALIC, FONT_BOLD_ITALIC))]


def text_width(text: str, face: str, size: float) -> float:
    """Width of one line of text as drawn: in drawing order, each run in the font that prints it."""
    return sum(stringWidth(run, font, size) for font, run in font_runs(visual_line(text), face))


def draw_line(canvas: Canvas, x: float, y: float, text: str, face: str, size: float, *,
              centred: bool = False) -> None:
    """Draw one line of text from ``x`` (or centred on it) with the per-character fallback of :func:`font_runs`.

    :raises ValueError: a character no shipped font prints (check with :func:`first_undrawable` first).
    """
    if centred:
        x -= text_width(text, face, size) / 2
    for font, run in font_runs(visual_line(text), face):
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, font, size)
