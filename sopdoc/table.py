"""Geometry of the Bagan Arus table: column widths, row heights, and pages.

Columns follow PermenPAN-RB 35/2012: No | Kegiatan | one column per Pelaksana
| Mutu Baku (Kelengkapan, Waktu, Output) | Keterangan. Rows are as tall as
their wrapped texts, never shorter than their symbol needs. The rows are cut
into pages greedily; where a few cut points fit, the one crossed by the fewest
arrows wins, so that few off-page connectors are needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.platypus import Paragraph

from sopflow.sopdoc.layout import FlowchartLayout, Row, Symbol
from sopflow.sopdoc.styles import model_paragraph, style
from sopflow.templates.fonts import text_width

__all__ = ["Columns", "TablePage", "columns_for", "header_heights", "row_heights", "paginate", "cell_paragraph",
           "row_texts", "CELL_PAD", "STRIP_HEIGHT", "SYMBOL_HEIGHT", "GUTTER"]

CELL_PAD = 3.0
"""Padding inside every cell, points."""
STRIP_HEIGHT = 30.0
"""Height of the connector strip at the top or bottom of a continued table."""
GUTTER = 10.0
"""Room on each side of a Pelaksana cell for arrows routed along the side."""
SYMBOL_HEIGHT: dict[Symbol, float] = {Symbol.CAPSULE: 16.0, Symbol.RECTANGLE: 20.0, Symbol.DIAMOND: 26.0}
"""Symbol heights; small diamonds (parallel gateways) are half as tall."""
_CHANNEL = 9.0
"""Free space above and below a symbol for arrows entering and leaving."""
_MAX_LANE_WIDTH = 95.0


@dataclass(frozen=True)
class Columns:
    """Left edges of every column, and the table's right edge."""

    edges: tuple[float, ...]
    """x of: No, Kegiatan, each lane, Kelengkapan, Waktu, Output, Keterangan, and the right edge."""
    lanes: int
    """Number of Pelaksana columns."""

    def span(self, index: int) -> tuple[float, float]:
        """``(x0, x1)`` of column ``index`` counted over all columns."""
        return self.edges[index], self.edges[index + 1]

    def lane(self, column: int) -> tuple[float, float]:
        """``(x0, x1)`` of a Pelaksana column."""
        return self.span(2 + column)

    @property
    def mutu(self) -> tuple[int, int, int]:
        """Column indexes of Kelengkapan, Waktu, Output."""
        first = 2 + self.lanes
        return first, first + 1, first + 2

    @property
    def keterangan(self) -> int:
        """Column index of Keterangan."""
        return 5 + self.lanes

    @property
    def width(self) -> float:
        """Table width."""
        return self.edges[-1] - self.edges[0]


@dataclass(frozen=True)
class TablePage:
    """The part of the table printed on one page."""

    rows: tuple[int, ...]
    """Row (step) indexes on this page."""
    continued_from: bool
    """Rows precede this page: a connector strip under the column headings."""
    continues: bool
    """Rows follow this page: a connector strip under the last row."""


def columns_for(width: float, lanes: int) -> Columns:
    """Column edges for a table ``width`` points wide with ``lanes`` Pelaksana columns."""
    lanes = max(lanes, 1)
    fractions = [0.17, 0.08, 0.06, 0.08, 0.17]  # Kegiatan, Kelengkapan, Waktu, Output, Keterangan
    number = 20.0
    lane_width = (width * (1 - sum(fractions)) - number) / lanes
    if lane_width < 56:
        fractions = [0.14, 0.07, 0.05, 0.07, 0.14]
        lane_width = (width * (1 - sum(fractions)) - number) / lanes
    widths = [width * f for f in fractions]
    if lane_width > _MAX_LANE_WIDTH:
        spare = (lane_width - _MAX_LANE_WIDTH) * lanes
        lane_width = _MAX_LANE_WIDTH
        widths[0] += spare * 0.6
        widths[4] += spare * 0.4
    sizes = [number, widths[0], *([lane_width] * lanes), *widths[1:]]
    edges = [0.0]
    for size in sizes:
        edges.append(edges[-1] + size)
    return Columns(edges=tuple(edges), lanes=lanes)


def cell_paragraph(text: str, width: float, name: str = "cell") -> Paragraph:
    """A table cell's text, shrunk until its longest word fits the cell (no word is ever split)."""
    size = float(style(name).fontSize)
    font = style(name).fontName
    longest = max((text_width(w, font, size) for w in text.split()), default=0.0)
    inner = width - 2 * CELL_PAD
    while longest > inner and size > 4.5:
        size -= 0.5
        longest = max(text_width(w, font, size) for w in text.split())
    return model_paragraph(text, style(name, size if size != style(name).fontSize else None), emphasis=False)


def header_heights(columns: Columns, lanes: tuple[str, ...]) -> tuple[float, float]:
    """Heights of the two heading rows (group titles; lane names and Mutu Baku titles)."""
    first = 2 * CELL_PAD + float(style("cell_head").leading)
    texts = [(name or "-", columns.lane(i)) for i, name in enumerate(lanes)]
    texts += [(title, columns.span(i)) for title, i in zip(("Kelengkapan", "Waktu", "Output"), columns.mutu)]
    second = max(_height(cell_paragraph(text, x1 - x0, "cell_head"), x1 - x0) for text, (x0, x1) in texts)
    return first, max(second, first)


def _height(paragraph: Paragraph, width: float) -> float:
    return paragraph.wrap(width - 2 * CELL_PAD, 10_000)[1] + 2 * CELL_PAD


def row_texts(row: Row) -> tuple[str, str, str, str, str]:
    """Kegiatan, Kelengkapan, Waktu, Output, Keterangan of a row."""
    return row.activity, row.completeness, row.duration, row.output, row.remarks


def row_heights(layout: FlowchartLayout, columns: Columns) -> list[float]:
    """Height of every row: its tallest text, or what its tallest symbol needs."""
    text_columns = (1, *columns.mutu, columns.keterangan)
    heights = []
    for row in layout.rows:
        steps = [layout.steps[i] for i in row.steps]
        symbol = max(SYMBOL_HEIGHT[s.symbol] / (2 if s.small else 1) for s in steps)
        need = symbol + 2 * _CHANNEL
        for text, index in zip(row_texts(row), text_columns):
            if text:
                x0, x1 = columns.span(index)
                need = max(need, _height(cell_paragraph(text, x1 - x0), x1 - x0))
        heights.append(need)
    return heights


def _crossings(layout: FlowchartLayout, cut: int) -> int:
    """Arrows crossing a cut placed before row ``cut``."""
    return sum(min(layout.rows_of(link)) < cut <= max(layout.rows_of(link)) for link in layout.links)


def paginate(layout: FlowchartLayout, heights: list[float], first: float, then: float, *,
             tail: float = 0.0) -> list[TablePage]:
    """Cut the rows into pages.

    :param first: body height available on the first table page (under the headings).
    :param then: body height available on every later page (under the headings).
    :param tail: height of what must follow the last row on its page (the "Disahkan oleh"
        block): the last page keeps at least one row with it, so it is never alone.
    """
    pages: list[TablePage] = []
    start, count = 0, len(heights)
    while start < count:
        room = (first if not pages else then) - (STRIP_HEIGHT if pages else 0.0)
        if sum(heights[start:]) <= room - tail:
            pages.append(TablePage(tuple(range(start, count)), continued_from=bool(pages), continues=False))
            break
        used, end = 0.0, start
        while end < count and used + heights[end] <= room - (STRIP_HEIGHT if end + 1 < count else 0.0):
            used += heights[end]
            end += 1
        if end == count:  # the rows fit, the tail does not: the last row moves on with it
            end -= 1
        end = max(end, start + 1)  # a row taller than a page still gets a page of its own
        if end < count:
            candidates = range(max(start + 1, end - 2), end + 1)
            end = min(candidates, key=lambda cut: (_crossings(layout, cut), -cut))
        pages.append(TablePage(tuple(range(start, end)), continued_from=bool(pages), continues=end < count))
        start = end
    return pages
