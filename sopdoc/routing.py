"""Orthogonal arrow routes between symbols on one page of the Bagan Arus.

Coordinates here run top-down (``y`` grows towards the bottom of the page).
A route is tried in this order, taking the first whose vertical segment
crosses no other symbol:

1. straight down, symbol above symbol in one column;
2. out of the side, across, then down into the target's top (an elbow), unless
   a symbol beside it in its row (a parallel branch) is in the way;
3. down, across just above the target, then down into it;
4. along the side of the target's column (a *gutter*): out of the source's
   side, along the gutter, into the target's side. Loops back up always go
   this way — on the left of the column when source and target share it.

Parallel segments in one gutter get separate tracks so they stay apart.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Box", "Route", "Router"]

Point = tuple[float, float]

_TRACK = 3.5
"""Distance between parallel segments in one gutter."""
_GUTTER_INSET = 3.0
"""Distance of the first gutter track from the cell border."""
_ENTRY = 6.0
"""Length of the last segment before an arrowhead entering from above."""


@dataclass(frozen=True)
class Box:
    """A symbol's place on the page."""

    slot: int
    """Vertical slot: 0 the top connector strip, 1.. the rows, last the bottom strip."""
    column: int
    """Pelaksana column."""
    cx: float
    """Centre x."""
    cy: float
    """Centre y (top-down)."""
    w: float
    """Width."""
    h: float
    """Height."""
    strip: bool = False
    """An off-page connector in a strip: arrows meet it at its top or bottom, never its sides."""

    @property
    def top(self) -> float:
        """Upper edge y."""
        return self.cy - self.h / 2

    @property
    def bottom(self) -> float:
        """Lower edge y."""
        return self.cy + self.h / 2

    def side(self, towards_x: float) -> Point:
        """The middle of the side facing ``towards_x``."""
        return (self.cx + self.w / 2, self.cy) if towards_x >= self.cx else (self.cx - self.w / 2, self.cy)


@dataclass(frozen=True)
class Route:
    """An arrow's polyline, the arrowhead at the last point."""

    points: tuple[Point, ...]
    """Corner points from source to target."""
    kind: str
    """Which rule produced it: ``straight``, ``elbow``, ``channel`` or ``gutter``."""


class Router:
    """Routes arrows among the symbols of one page.

    :param boxes: every symbol on the page.
    :param lane_spans: ``(x0, x1)`` of each Pelaksana column.
    """

    def __init__(self, boxes: list[Box], lane_spans: list[tuple[float, float]]):
        self._boxes = boxes
        self._lanes = lane_spans
        self._tracks: dict[tuple[int, str], list[list[tuple[float, float]]]] = {}

    def _clear(self, column: int, first_slot: int, last_slot: int, *, ignore: tuple[Box, ...]) -> bool:
        return not any(
            b.column == column and first_slot <= b.slot <= last_slot and b not in ignore for b in self._boxes
        )

    def _row_clear(self, box: Box, towards_x: float) -> bool:
        """Whether a line leaving ``box`` sideways towards ``towards_x`` meets no symbol of its row."""
        start = box.side(towards_x)[0]
        low, high = min(start, towards_x), max(start, towards_x)
        return not any(
            b is not box and b.slot == box.slot and b.cx - b.w / 2 < high and b.cx + b.w / 2 > low
            for b in self._boxes
        )

    def _gutter_x(self, column: int, side: str, y0: float, y1: float) -> float:
        low, high = min(y0, y1), max(y0, y1)
        tracks = self._tracks.setdefault((column, side), [])
        for spans in tracks:
            if all(high < a - 2 or low > b + 2 for a, b in spans):
                spans.append((low, high))
                break
        else:
            index = len(tracks)
            tracks.append([(low, high)])
        x0, x1 = self._lanes[column]
        offset = _GUTTER_INSET + index * _TRACK
        return x0 + offset if side == "left" else x1 - offset

    def route(self, src: Box, dst: Box) -> Route:
        """The route of one arrow from ``src`` to ``dst``."""
        ends = (src, dst)
        if dst.slot > src.slot:
            if src.column == dst.column and self._clear(src.column, src.slot + 1, dst.slot - 1, ignore=ends):
                return Route(((src.cx, src.bottom), (dst.cx, dst.top)), "straight")
            if (src.column != dst.column and self._clear(dst.column, src.slot, dst.slot - 1, ignore=ends)
                    and self._row_clear(src, dst.cx)):
                start = src.side(dst.cx)
                return Route((start, (dst.cx, start[1]), (dst.cx, dst.top)), "elbow")
            if src.column != dst.column and self._clear(src.column, src.slot + 1, dst.slot, ignore=ends):
                channel = dst.top - _ENTRY
                return Route(
                    ((src.cx, src.bottom), (src.cx, channel), (dst.cx, channel), (dst.cx, dst.top)), "channel"
                )
        if src.column == dst.column:
            side = "right" if dst.slot > src.slot else "left"
        else:
            side = "left" if src.column < dst.column else "right"
        x = self._gutter_x(dst.column, side, src.cy, dst.cy)
        points = [*self._port(src, x), *reversed(self._port(dst, x))]
        return Route(tuple(points), "gutter")

    @staticmethod
    def _port(box: Box, gutter_x: float) -> list[Point]:
        """Points from a box to its turn into the gutter (or back, reversed, for the target)."""
        if not box.strip:
            start = box.side(gutter_x)
            return [start, (gutter_x, start[1])]
        going_up = box.slot > 0  # a bottom-strip connector is left or entered through its top
        edge = box.top if going_up else box.bottom
        turn = edge - _ENTRY if going_up else edge + _ENTRY
        return [(box.cx, edge), (box.cx, turn), (gutter_x, turn)]
