"""The Bagan Arus drawn: a plan of symbols and arrows per page, and the flowable that paints it.

Only the five symbols of PermenPAN-RB 35/2012 are drawn: capsule, rectangle,
diamond, arrow and the off-page connector (a pentagon pointing down). An arrow
whose ends fall on different pages is drawn as two arrows meeting a pair of
connectors with the same label: one at the bottom (or top) of the first page,
one at the top (or bottom) of the other, both in the same column. A row may
hold several symbols side by side (parallel branches). The label of an arrow
leaving a decision goes beside its first segments, where no line, symbol or
other label touches it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from sopflow.sopdoc.layout import FlowchartLayout, Symbol
from sopflow.sopdoc.routing import Box, Router
from sopflow.sopdoc.styles import FONT, FONT_BOLD, style
from sopflow.sopdoc.table import (
    CELL_PAD,
    GUTTER,
    STRIP_HEIGHT,
    SYMBOL_HEIGHT,
    Columns,
    TablePage,
    cell_paragraph,
    row_texts,
)
from sopflow.templates.fonts import draw_line, text_width

__all__ = ["SymbolCounts", "Shape", "Arrow", "PagePlan", "plan_pages", "BaganArusTable"]

CONNECTOR = "connector"
"""Shape kind of the off-page connector (the other kinds are :class:`Symbol` values)."""
_WIDTH = {Symbol.CAPSULE: 52.0, Symbol.RECTANGLE: 64.0, Symbol.DIAMOND: 40.0}
_CONNECTOR_SIZE = (15.0, 17.0)
_LINE = 0.6
_HEAD = 4.0
_LABEL_SIZE = 6.0
_LABEL_HEIGHT = 6.5


@dataclass(frozen=True)
class SymbolCounts:
    """How many of each symbol were drawn."""

    capsules: int = 0
    """Terminators (start and end events)."""
    rectangles: int = 0
    """Activities."""
    diamonds: int = 0
    """Decisions, and parallel gateways drawn as small diamonds."""
    arrows: int = 0
    """Arrows; an arrow continued on another page counts twice."""
    connectors: int = 0
    """Off-page connectors; always in pairs."""

    def __add__(self, other: SymbolCounts) -> SymbolCounts:
        return SymbolCounts(**{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)})

    def as_dict(self) -> dict[str, int]:
        """The counts by symbol name."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


@dataclass(frozen=True)
class Shape:
    """One symbol placed on a page."""

    kind: str
    """A :class:`Symbol` value or ``connector``."""
    box: Box
    """Where it is drawn."""
    label: str = ""
    """Connector label."""
    element_id: str = ""
    """The BPMN element it stands for (empty for connectors)."""


@dataclass(frozen=True)
class Arrow:
    """One arrow placed on a page."""

    points: tuple[tuple[float, float], ...]
    """Polyline, arrowhead at the end."""
    label: str
    """Ya / Tidak ... printed next to its start."""
    flow_id: str
    """The sequence flow it draws."""
    label_box: tuple[float, float, float, float] | None = None
    """Where the label is printed, ``(x0, top, x1, bottom)``: clear of every line and symbol when possible."""


@dataclass(frozen=True)
class PagePlan:
    """Everything drawn in the table on one page (coordinates top-down from the table's top)."""

    page: TablePage
    """Rows and strips of the page."""
    row_top: tuple[float, ...]
    """Top y of each row of the page, then the bottom of the last row."""
    head: tuple[float, float]
    """Heights of the two heading rows."""
    height: float
    """Total table height on this page."""
    shapes: tuple[Shape, ...]
    """Symbols and connectors."""
    arrows: tuple[Arrow, ...]
    """Arrows."""

    @property
    def counts(self) -> SymbolCounts:
        """Symbols drawn on this page."""
        kinds = [s.kind for s in self.shapes]
        return SymbolCounts(
            capsules=kinds.count(Symbol.CAPSULE),
            rectangles=kinds.count(Symbol.RECTANGLE),
            diamonds=kinds.count(Symbol.DIAMOND),
            arrows=len(self.arrows),
            connectors=kinds.count(CONNECTOR),
        )


def _connector_label(index: int) -> str:
    label = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        label = chr(ord("A") + rest) + label
    return label


def plan_pages(
    layout: FlowchartLayout,
    columns: Columns,
    heights: list[float],
    pages: list[TablePage],
    head: tuple[float, float],
) -> list[PagePlan]:
    """Place every symbol, connector and arrow of the table on its page."""
    page_of = {row: n for n, page in enumerate(pages) for row in page.rows}
    step_page = [page_of[step.row] for step in layout.steps]
    lane_spans = [columns.lane(c) for c in range(columns.lanes)]
    tops: list[list[float]] = []
    boxes: list[dict[str, Box]] = []
    shapes: list[list[Shape]] = [[] for _ in pages]
    for n, page in enumerate(pages):
        y = head[0] + head[1] + (STRIP_HEIGHT if page.continued_from else 0.0)
        row_top = []
        placed: dict[str, Box] = {}
        for slot, row in enumerate(page.rows, start=1):
            for index in layout.rows[row].steps:
                step = layout.steps[index]
                x0, x1 = lane_spans[step.column]
                scale = 0.5 if step.small else 1.0
                w = min(x1 - x0 - 2 * GUTTER, _WIDTH[step.symbol]) * scale
                box = Box(slot, step.column, (x0 + x1) / 2, y + heights[row] / 2, w,
                          SYMBOL_HEIGHT[step.symbol] * scale)
                placed[f"step{index}"] = box
                shapes[n].append(Shape(step.symbol.value, box, element_id=step.element_id))
            row_top.append(y)
            y += heights[row]
        row_top.append(y)
        tops.append(row_top)
        boxes.append(placed)

    # Connectors: one pair per arrow whose ends are on different pages.
    pending: list[tuple[int, str, int, str, str]] = []  # page, strip, column, key, label
    ends: dict[int, tuple[str, str]] = {}
    crossing = sorted(
        (i for i, link in enumerate(layout.links) if step_page[link.source] != step_page[link.target]),
        key=lambda i: (min(layout.rows_of(layout.links[i])), layout.rows_of(layout.links[i])[0]),
    )
    for number, index in enumerate(crossing):
        link = layout.links[index]
        label = _connector_label(number)
        src_page, dst_page = step_page[link.source], step_page[link.target]
        dst_column = layout.steps[link.target].column
        if src_page < dst_page:  # both connectors of a pair stay in one column
            src_column = layout.steps[link.source].column
            out = (src_page, "bottom", src_column)
            into = (dst_page, "top", src_column)
        else:
            out = (src_page, "top", dst_column)
            into = (dst_page, "bottom", dst_column)
        pending.append((*out, f"out{index}", label))
        pending.append((*into, f"in{index}", label))
        ends[index] = (f"out{index}", f"in{index}")
    groups: dict[tuple[int, str, int], list[tuple[str, str]]] = {}
    for page_number, strip, column, key, label in pending:
        groups.setdefault((page_number, strip, column), []).append((key, label))
    for (page_number, strip, column), members in groups.items():
        page = pages[page_number]
        x0, x1 = lane_spans[column]
        if strip == "top":
            slot, cy = 0, head[0] + head[1] + STRIP_HEIGHT / 2
        else:
            slot, cy = len(page.rows) + 1, tops[page_number][-1] + STRIP_HEIGHT / 2
        spacing = min(20.0, (x1 - x0 - 4) / len(members))
        w, h = min(_CONNECTOR_SIZE[0], spacing - 2.5), _CONNECTOR_SIZE[1]
        for k, (key, label) in enumerate(members):
            cx = (x0 + x1) / 2 + (k - (len(members) - 1) / 2) * spacing
            box = Box(slot, column, cx, cy, w, h, strip=True)
            boxes[page_number][key] = box
            shapes[page_number].append(Shape(CONNECTOR, box, label=label))

    arrows: list[list[Arrow]] = [[] for _ in pages]
    routers = [Router(list(placed.values()), lane_spans) for placed in boxes]
    for index, link in enumerate(layout.links):
        src_page, dst_page = step_page[link.source], step_page[link.target]
        if index not in ends:
            legs = [(src_page, f"step{link.source}", f"step{link.target}")]
        else:
            out_key, in_key = ends[index]
            legs = [(src_page, f"step{link.source}", out_key), (dst_page, in_key, f"step{link.target}")]
        for leg, (page_number, a, b) in enumerate(legs):
            route = routers[page_number].route(boxes[page_number][a], boxes[page_number][b])
            arrows[page_number].append(Arrow(route.points, link.label if leg == 0 else "", link.flow_id))
    arrows = [_place_labels(page_arrows, shapes[n]) for n, page_arrows in enumerate(arrows)]

    plans = []
    for n, page in enumerate(pages):
        height = tops[n][-1] + (STRIP_HEIGHT if page.continues else 0.0)
        plans.append(PagePlan(page, tuple(tops[n]), head, height, tuple(shapes[n]), tuple(arrows[n])))
    return plans


Rect = tuple[float, float, float, float]


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _segment_rect(p: tuple[float, float], q: tuple[float, float]) -> Rect:
    return min(p[0], q[0]) - 0.4, min(p[1], q[1]) - 0.4, max(p[0], q[0]) + 0.4, max(p[1], q[1]) + 0.4


def _label_candidates(arrow: Arrow, width: float) -> list[Rect]:
    """Boxes for an arrow's label beside its first segments, nearest to its start first, on both sides."""
    h = _LABEL_HEIGHT
    found = []
    for (x0, y0), (x1, y1) in list(zip(arrow.points, arrow.points[1:]))[:3]:
        length = max(abs(x1 - x0), abs(y1 - y0), 1e-6)
        ux, uy = (x1 - x0) / length, (y1 - y0) / length
        for along in (2.0, 6.0, 10.0, 16.0, 24.0, 36.0):
            if along > length and along > 2.0:
                break
            ax, ay = x0 + ux * along, y0 + uy * along
            if abs(uy) < 0.5:  # sideways: above, then below the line
                left = ax if ux > 0 else ax - width
                found += [(left, ay - 1.5 - h, left + width, ay - 1.5), (left, ay + 1.5, left + width, ay + 1.5 + h)]
            else:  # up or down: right, then left of the line
                top = ay if uy > 0 else ay - h
                found += [(ax + 2.0, top, ax + 2.0 + width, top + h), (ax - 2.0 - width, top, ax - 2.0, top + h)]
    return found


def _place_labels(arrows: list[Arrow], shapes: list[Shape]) -> list[Arrow]:
    """Give every labelled arrow a label box that no line, symbol or other label touches."""
    blocked = [_segment_rect(p, q) for arrow in arrows for p, q in zip(arrow.points, arrow.points[1:])]
    blocked += [(s.box.cx - s.box.w / 2, s.box.top, s.box.cx + s.box.w / 2, s.box.bottom) for s in shapes]
    placed = []
    for arrow in arrows:
        if not arrow.label:
            placed.append(arrow)
            continue
        width = text_width(arrow.label, FONT, _LABEL_SIZE) + 1.0
        candidates = _label_candidates(arrow, width)
        box = next((c for c in candidates if not any(_overlaps(c, b) for b in blocked)), candidates[0])
        blocked.append(box)
        placed.append(Arrow(arrow.points, arrow.label, arrow.flow_id, box))
    return placed


class BaganArusTable(Flowable):
    """One page of the Bagan Arus table: grid, headings, texts, symbols and arrows.

    :param plan: what to draw.
    :param layout: the rows' texts.
    :param columns: column edges.
    """

    def __init__(self, plan: PagePlan, layout: FlowchartLayout, columns: Columns):
        super().__init__()
        self.plan = plan
        self.layout = layout
        self.columns = columns

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.columns.width, self.plan.height

    # -- helpers in top-down coordinates -------------------------------------------------
    def _y(self, y: float) -> float:
        return self.plan.height - y

    def _text(self, paragraph: Paragraph, x0: float, x1: float, top: float, bottom: float, *,
              middle: bool = False) -> None:
        _, h = paragraph.wrap(x1 - x0 - 2 * CELL_PAD, 10_000)
        y = (top + bottom) / 2 + h / 2 if middle else top + CELL_PAD + h
        paragraph.drawOn(self.canv, x0 + CELL_PAD, self._y(y))

    def _line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        self.canv.line(x0, self._y(y0), x1, self._y(y1))

    # -- drawing ----------------------------------------------------------------------------
    def draw(self) -> None:
        canvas: Canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(_LINE)
        self._draw_grid()
        self._draw_texts()
        canvas.setLineWidth(0.8)
        for arrow in self.plan.arrows:
            self._draw_arrow(arrow)
        for shape in self.plan.shapes:
            self._draw_shape(shape)
        canvas.restoreState()

    def _draw_grid(self) -> None:
        cols, plan = self.columns, self.plan
        h1, h2 = plan.head
        head = h1 + h2
        width, edges = cols.width, cols.edges
        first_lane, after_lanes = 2, 2 + cols.lanes
        mutu = cols.mutu
        canvas = self.canv
        canvas.rect(0, 0, width, plan.height)
        self._line(edges[first_lane], h1, edges[after_lanes + 3], h1)
        self._line(0, head, width, head)
        for index, x in enumerate(edges[1:-1], start=1):
            inside_group = first_lane < index < after_lanes or mutu[0] < index <= mutu[2]
            self._line(x, h1 if inside_group else 0, x, plan.height)
        body_top = head + (STRIP_HEIGHT if plan.page.continued_from else 0.0)
        if plan.page.continued_from:
            self._line(0, body_top, width, body_top)
        for y in plan.row_top[1:]:
            self._line(0, y, width, y)
        heads = [("No", 0, 0, head), ("Kegiatan", 1, 0, head), ("Keterangan", cols.keterangan, 0, head)]
        for text, index, top, bottom in heads:
            x0, x1 = cols.span(index)
            self._text(cell_paragraph(text, x1 - x0, "cell_head"), x0, x1, top, bottom, middle=True)
        self._text(Paragraph("Pelaksana", style("cell_head")), edges[first_lane], edges[after_lanes], 0, h1,
                   middle=True)
        self._text(Paragraph("Mutu Baku", style("cell_head")), edges[mutu[0]], edges[mutu[2] + 1], 0, h1,
                   middle=True)
        for column, name in enumerate(self.layout.lanes):
            x0, x1 = cols.lane(column)
            self._text(cell_paragraph(name or "-", x1 - x0, "cell_head"), x0, x1, h1, head, middle=True)
        for title, index in zip(("Kelengkapan", "Waktu", "Output"), mutu):
            x0, x1 = cols.span(index)
            self._text(cell_paragraph(title, x1 - x0, "cell_head"), x0, x1, h1, head, middle=True)

    def _draw_texts(self) -> None:
        cols, plan = self.columns, self.plan
        text_columns = (1, *cols.mutu, cols.keterangan)
        for position, row_index in enumerate(plan.page.rows):
            row = self.layout.rows[row_index]
            top, bottom = plan.row_top[position], plan.row_top[position + 1]
            if row.number is not None:
                x0, x1 = cols.span(0)
                self._text(cell_paragraph(f"{row.number}.", x1 - x0, "cell_center"), x0, x1, top, bottom)
            for text, index in zip(row_texts(row), text_columns):
                if text:
                    x0, x1 = cols.span(index)
                    self._text(cell_paragraph(text, x1 - x0), x0, x1, top, bottom)

    def _draw_shape(self, shape: Shape) -> None:
        canvas, box = self.canv, shape.box
        x0, x1 = box.cx - box.w / 2, box.cx + box.w / 2
        top, bottom = self._y(box.top), self._y(box.bottom)
        canvas.setFillGray(1)
        if shape.kind == Symbol.CAPSULE:
            canvas.roundRect(x0, bottom, box.w, box.h, box.h / 2, stroke=1, fill=1)
        elif shape.kind == Symbol.RECTANGLE:
            canvas.rect(x0, bottom, box.w, box.h, stroke=1, fill=1)
        elif shape.kind == Symbol.DIAMOND:
            cy = self._y(box.cy)
            self._polygon([(box.cx, top), (x1, cy), (box.cx, bottom), (x0, cy)])
        else:
            shoulder = bottom + box.h * 0.35
            self._polygon([(x0, top), (x1, top), (x1, shoulder), (box.cx, bottom), (x0, shoulder)])
            canvas.setFillGray(0)
            draw_line(canvas, box.cx, top - 8, shape.label, FONT_BOLD, 7, centred=True)
        canvas.setFillGray(0)

    def _polygon(self, points: list[tuple[float, float]]) -> None:
        path = self.canv.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        path.close()
        self.canv.drawPath(path, stroke=1, fill=1)

    def _draw_arrow(self, arrow: Arrow) -> None:
        canvas = self.canv
        points = [(x, self._y(y)) for x, y in arrow.points]
        path = canvas.beginPath()
        path.moveTo(*points[0])
        for point in points[1:]:
            path.lineTo(*point)
        canvas.drawPath(path, stroke=1, fill=0)
        (xa, ya), (xb, yb) = points[-2], points[-1]
        dx, dy = xb - xa, yb - ya
        length = max((dx * dx + dy * dy) ** 0.5, 1e-6)
        ux, uy = dx / length, dy / length
        left = (xb - ux * _HEAD - uy * _HEAD * 0.55, yb - uy * _HEAD + ux * _HEAD * 0.55)
        right = (xb - ux * _HEAD + uy * _HEAD * 0.55, yb - uy * _HEAD - ux * _HEAD * 0.55)
        canvas.setFillGray(0)
        self._polygon([(xb, yb), left, right])
        if arrow.label and arrow.label_box:
            x0, _, _, bottom = arrow.label_box
            draw_line(canvas, x0 + 0.5, self._y(bottom) + 1.3, arrow.label, FONT, _LABEL_SIZE)
