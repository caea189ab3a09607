"""Page-break rules a careful reader expects: headings stay with their first lines, and the
closing (signature, QR code, paraf and stamp boxes, tembusan) stays whole beside the last lines
of the body."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import CondPageBreak, Flowable, FrameBreak, Indenter, KeepTogether, Spacer

__all__ = ["KeepWithTail", "is_heading", "keep_heading", "TAIL_HEIGHT", "FIRST_LINES"]

TAIL_HEIGHT = 45.0
"""Height (points, about three lines) of the body's end that goes to the page of the closing."""
FIRST_LINES = 2
"""Lines of text that must follow a heading on its page."""


_HEADING = "_sopflow_heading"


def is_heading(flowable: Flowable) -> bool:
    """Whether ``flowable`` is a heading placed by :func:`keep_heading` (or its page-break guard)."""
    return isinstance(flowable, CondPageBreak) or bool(getattr(flowable, _HEADING, False))


def _height(flowable: Flowable, width: float) -> float:
    height = flowable.wrap(width, 100_000)[1]
    return height + flowable.getSpaceBefore() + flowable.getSpaceAfter()


def keep_heading(heading: Sequence[Flowable], following: Sequence[Flowable], width: float) -> list[Flowable]:
    """``heading`` preceded by a conditional page break: it starts a new page unless it and the
    first :data:`FIRST_LINES` lines of ``following`` fit on the current one.

    :param heading: the heading flowables (a section title and a part title).
    :param following: what comes after them; the first flowable with a height counts.
    :param width: the frame width the heading is laid out in.
    """
    needed = sum(_height(f, width) for f in heading)
    for flowable in following:
        if isinstance(flowable, (Indenter, Spacer)):
            continue
        leading = getattr(getattr(flowable, "style", None), "leading", None)
        first = _height(flowable, width)
        needed += min(first, FIRST_LINES * leading + flowable.getSpaceBefore()) if leading else first
        break
    for flowable in heading:
        setattr(flowable, _HEADING, True)
    return [CondPageBreak(needed + 1), *heading]


class KeepWithTail(KeepTogether):
    """The last body flowable and the closing after it.

    Laid out whole when it fits. Otherwise the body flowable is split so that its beginning fills
    the current page and the rest, at least :data:`TAIL_HEIGHT` of it, goes on with the closing
    (page after page for a long one); a flowable that cannot be split moves with the closing.

    :param lead: headings of the last body flowable; they always stay with it.
    :param last: the last body flowable (paragraph or table).
    :param closing: the flowables after it, kept together.
    """

    def __init__(self, lead: Sequence[Flowable], last: Flowable, closing: Sequence[Flowable]) -> None:
        super().__init__([*lead, last, *closing])
        self._lead = list(lead)
        self._last = last
        self._closing = list(closing)

    def split(self, aW: float, aH: float) -> list[Flowable]:
        self.wrap(aW, aH)
        frame = getattr(self, "_frame", None)
        at_top = frame is None or getattr(frame, "_atTop", True)
        space = 0.0 if at_top else next(  # the frame adds it; the measured height leaves it out
            (f.getSpaceBefore() for f in self._content if not isinstance(f, (CondPageBreak, Indenter))), 0.0)
        if self._H + space <= aH:
            return list(self._content)
        lead = sum(_height(f, aW) for f in self._lead if not isinstance(f, (CondPageBreak, Indenter)))
        width = aW - sum(f.left + f.right for f in self._lead if isinstance(f, Indenter))
        height = self._last.wrap(width, aH)[1]
        room = min(aH - lead - space, height - TAIL_HEIGHT)
        if room > 0:
            parts = self._last.split(width, room)
            if len(parts) == 2:
                return [*self._lead, parts[0], KeepWithTail([], parts[1], self._closing)]
        if not at_top:
            return [FrameBreak(), KeepWithTail(self._lead, self._last, self._closing)]
        return super().split(aW, aH)  # at the top of a page and still too tall: let it flow
