"""Tables built one way: embedded font in every cell, top-aligned, tight padding, may split in a row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Table, TableStyle

from sopflow.templates.fonts import FONT

__all__ = ["table", "CELL_RIGHT_PADDING"]

CELL_RIGHT_PADDING = 4.0
"""Space (points) kept free at the right of every cell."""

_BASE = [
    ("FONTNAME", (0, 0), (-1, -1), FONT),
    ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ("RIGHTPADDING", (0, 0), (-1, -1), CELL_RIGHT_PADDING),
    ("TOPPADDING", (0, 0), (-1, -1), 0),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
]


def table(rows: Sequence[Sequence[Any]], widths: Sequence[float], *, style: Sequence[tuple[Any, ...]] = (),
          repeat_rows: int = 0, split_rows: bool = True) -> Table:
    """A left-aligned table; ``style`` commands apply after the base ones.

    ``split_rows``: a row may run over a page break (body text); off for blocks that must stay whole.

    The base font is set even for empty cells so that no unembedded standard font enters the PDF.
    """
    built = Table([list(row) for row in rows], colWidths=list(widths), hAlign="LEFT", splitInRow=int(split_rows),
                  repeatRows=repeat_rows)
    built.setStyle(TableStyle([*_BASE, *style]))
    return built
