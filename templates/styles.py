"""Page geometry, box sizes and paragraph styles, read from ``styles.toml``."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle

from sopflow.errors import ModelError
from sopflow.templates.fonts import FONT, FONT_BOLD, FONT_ITALIC, register_fonts

__all__ = ["Page", "Look", "look"]

_FONTS = {"regular": FONT, "bold": FONT_BOLD, "italic": FONT_ITALIC}
_ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}
_STYLE_KEYS = {"font", "size", "leading", "align", "space_before", "space_after", "left_indent"}


@dataclass(frozen=True)
class Page:
    """Page size and margins, in points."""

    width: float
    """Page width."""
    height: float
    """Page height."""
    margin_left: float
    """Left margin (binding side)."""
    margin_right: float
    """Right margin."""
    margin_top: float
    """Top margin."""
    margin_bottom: float
    """Bottom margin, holding the footer line."""
    footer_size: float
    """Font size of the footer line."""

    @property
    def frame_width(self) -> float:
        """Width available to the text."""
        return self.width - self.margin_left - self.margin_right


@dataclass(frozen=True)
class Look:
    """Everything visual that is not document content."""

    page: Page
    """Page geometry."""
    boxes: Mapping[str, Any]
    """Box sizes: ``signature``, ``paraf``, ``stamp`` as ``[width, height]``, ``qr`` as a side."""
    styles: Mapping[str, ParagraphStyle]
    """Paragraph styles by name."""

    def box(self, kind: str) -> tuple[float, float]:
        """``(width, height)`` of a box kind."""
        width, height = self.boxes[kind]
        return float(width), float(height)


def _style(name: str, spec: Mapping[str, Any]) -> ParagraphStyle:
    unknown = set(spec) - _STYLE_KEYS
    if unknown:
        raise ModelError(f"unknown style keys {sorted(unknown)}", where=f"styles.toml [styles.{name}]",
                         hint=f"use only {sorted(_STYLE_KEYS)}")
    return ParagraphStyle(
        name,
        fontName=_FONTS[spec.get("font", "regular")],
        bulletFontName=_FONTS[spec.get("font", "regular")],
        bulletFontSize=spec.get("size", 11),
        fontSize=spec.get("size", 11),
        leading=spec.get("leading", 14),
        alignment=_ALIGN[spec.get("align", "left")],
        spaceBefore=spec.get("space_before", 0),
        spaceAfter=spec.get("space_after", 0),
        leftIndent=spec.get("left_indent", 0),
        splitLongWords=1,
        allowWidows=0,
        allowOrphans=0,
    )


@cache
def look() -> Look:
    """The house style, loaded once."""
    register_fonts()
    raw = tomllib.loads(resources.files("sopflow.templates").joinpath("styles.toml").read_text("utf-8"))
    styles = {name: _style(name, spec) for name, spec in raw["styles"].items()}
    return Look(page=Page(**raw["page"]), boxes=dict(raw["boxes"]), styles=styles)
