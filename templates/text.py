"""User text made safe for reportlab paragraphs.

Form data is typed by people: it may hold markup (``<b>``, ``&``), any script,
or one endless word. All of it must print literally and never change the
layout, so every value passes through :func:`clean` and :func:`markup` before
it reaches a paragraph. Nothing is dropped: a character that cannot be printed
is refused (form validation refuses it first, with the field and position).
"""

from __future__ import annotations

import re
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from sopflow import messages
from sopflow.errors import ModelError
from sopflow.model.forms import LINE_BREAKS, describe_code_point
from sopflow.templates.fonts import FONT, first_undrawable, font_runs, has_rtl, text_width, visual_line

__all__ = ["clean", "markup", "paragraph", "lines", "columns", "is_blank"]

_BREAKS = re.compile("\r\n|[" + "".join(sorted(LINE_BREAKS - {"\n"})) + "]")
"""Line breaks a form keeps as typed (CR LF, CR, NEL, LS, PS): each prints as one line break."""


def clean(value: Any) -> str:
    """The value as plain text: every line break a line feed, tabs as spaces, outer whitespace trimmed."""
    if value is None:
        return ""
    return _BREAKS.sub("\n", str(value)).replace("\t", " ").strip()


def _checked(value: Any) -> str:
    text = clean(value)
    bad = first_undrawable(text)
    if bad is not None:
        raise ModelError(messages.DOCUMENT_TEXT_UNPRINTABLE.format(code_point=describe_code_point(text[bad]),
                                                                   context=text[max(0, bad - 20):bad + 20]),
                         hint=messages.HINT_DOCUMENT_TEXT_UNPRINTABLE)
    return text


def markup(value: Any, face: str = FONT) -> str:
    """:func:`clean` text as reportlab paragraph markup for a style whose font is ``face``.

    Escaped, line feeds as ``<br/>``, each line in drawing order (Arabic shaped, right-to-left runs
    reordered) and every run of characters the face lacks wrapped in the shipped font that has
    them. Words longer than a line are left to the paragraph's ``splitLongWords``.

    :raises ModelError: the text holds a character no shipped font can print (form data was
        checked by validation already, so this is text from the model or roster).
    """
    return "<br/>".join(_line_markup(visual_line(line), face) for line in _checked(value).split("\n"))


def _line_markup(visual: str, face: str) -> str:
    return "".join(escape(run) if font == face else f'<font face="{font}">{escape(run)}</font>'
                   for font, run in font_runs(visual, face))


def paragraph(value: Any, style: ParagraphStyle, **kwargs: Any) -> Paragraph:
    """A paragraph printing ``value`` literally (see :func:`markup`).

    Text with right-to-left characters is wrapped in reading order first and each printed line is
    then put in drawing order, so an Arabic passage longer than a line reads from the top down.
    """
    text = _checked(value)
    if has_rtl(text):
        return _BidiParagraph(None, style, logical=text, **kwargs)
    return Paragraph(markup(text, style.fontName), style, **kwargs)


class _BidiParagraph(Paragraph):
    """Wraps its logical text at the width it is given, then reorders every line for drawing."""

    def __init__(self, text: str | None, style: ParagraphStyle, bulletText: str | None = None,
                 frags: Any = None, logical: str | None = None, **kwargs: Any) -> None:
        self._logical, self._width = logical, -1.0
        if logical is not None:
            text = markup(logical, style.fontName)
        super().__init__(text, style, bulletText=bulletText, frags=frags, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._logical is not None and availWidth != self._width:
            self._width = availWidth
            width = availWidth - self.style.leftIndent - self.style.rightIndent
            printed = [_line_markup(visual_line(line), self.style.fontName)
                       for typed in self._logical.split("\n") for line in _wrapped(typed, width, self.style)]
            self._setup("<br/>".join(printed), self.style, self.bulletText, None, lambda text: text)
        return super().wrap(availWidth, availHeight)


def _wrapped(line: str, width: float, style: ParagraphStyle) -> list[str]:
    """``line`` cut at spaces into lines no wider than ``width`` as drawn (a longer word stands alone)."""
    def drawn(text: str) -> float:
        return text_width(text, style.fontName, style.fontSize)

    out: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if current and drawn(candidate) > width:
            out.append(current)
            candidate = word
        current = candidate
    out.append(current)
    return out


def is_blank(value: Any) -> bool:
    """Whether a form value prints as nothing."""
    return not clean(value)


def lines(value: Any) -> list[str]:
    """The non-empty lines of a "one item per line" value (lists are taken item by item)."""
    if isinstance(value, (list, tuple)):
        items = [clean(item) for item in value]
    else:
        items = clean(value).split("\n")
    return [item.strip() for item in items if item.strip()]


def columns(line: str, count: int) -> list[str]:
    """One line split on ``" | "`` into exactly ``count`` columns.

    Missing columns become ``"-"``; surplus ones are joined into the last column, so no typed
    text is lost.
    """
    parts = [part.strip() for part in line.split("|")]
    if len(parts) > count:
        parts = parts[: count - 1] + [" | ".join(parts[count - 1 :])]
    parts += ["-"] * (count - len(parts))
    return [part or "-" for part in parts]
