"""A flowable that reserves a signature field's rectangle and reports where it landed."""

from __future__ import annotations

from collections.abc import MutableMapping

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable

from sopflow.documents import FieldBox

__all__ = ["FieldSpot", "FRAME_WIDTH"]

_FRAME = Color(0.55, 0.55, 0.55)
FRAME_WIDTH = 0.5
"""Line width of the dashed frame of an unsigned paraf or stamp box, drawn inside the box."""


class FieldSpot(Flowable):
    """Empty space of a fixed size; on drawing, records its page rectangle as a :class:`FieldBox`.

    :param name: the signature field name.
    :param width: box width in points.
    :param height: box height in points.
    :param sink: where the drawn box is recorded, by name.
    :param framed: draw a thin grey frame (paraf and stamp boxes), or leave it blank (signature).
    """

    def __init__(self, name: str, width: float, height: float, sink: MutableMapping[str, FieldBox],
                 *, framed: bool) -> None:
        super().__init__()
        self.name = name
        self.width = width
        self.height = height
        self.sink = sink
        self.framed = framed

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        page = self.canv.getPageNumber() - 1
        self.sink[self.name] = FieldBox(name=self.name, page=page,
                                        box=(round(x, 2), round(y, 2), round(x + self.width, 2),
                                             round(y + self.height, 2)))
        if self.framed:  # inside the box, so the signature's own border covers it entirely
            inset = FRAME_WIDTH / 2
            self.canv.saveState()
            self.canv.setStrokeColor(_FRAME)
            self.canv.setLineWidth(FRAME_WIDTH)
            self.canv.setDash(2, 2)
            self.canv.rect(inset, inset, self.width - FRAME_WIDTH, self.height - FRAME_WIDTH)
            self.canv.restoreState()
