"""User text made safe for reportlab paragraphs.

Form data is typed by people: it may hold markup (``<b>``, ``&``), control
characters, bidi overrides, zero-width characters or one endless word. All of
it must print literally and never change the layout, so every value passes
through :func:`clean` and :func:`markup` before it reaches a paragraph.
"""

from __future__ import annotations

import unicodedata
from typing import Any
from xml.sax.saxutils import escape

__all__ = ["clean", "markup", "lines", "columns", "is_blank"]

_KEEP = {"\n", "\t"}


def clean(value: Any) -> str:
    """The value as plain text: line ends normalised, control and invisible format characters dropped.

    Drops Unicode categories Cc (controls, but line feed; tabs become spaces), Cf (zero-width and
    bidi overrides, which could reorder what an official reads), Cs (lone surrogates) and Co.
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return "".join(
        ch for ch in text if ch in _KEEP or unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co")
    ).strip()


def markup(value: Any) -> str:
    """:func:`clean` text escaped for a reportlab Paragraph; line feeds become ``<br/>``.

    Words longer than a line are left to the paragraph's ``splitLongWords``.
    """
    return "<br/>".join(escape(line) for line in clean(value).split("\n"))


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
