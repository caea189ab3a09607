"""The page canvas: footer with "Halaman N dari M" on every page, and the PDF Info dictionary."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from reportlab.lib.colors import Color
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas

from sopflow.templates.fonts import FONT
from sopflow.templates.styles import Page

__all__ = ["PageFooter", "canvas_class"]

_GREY = Color(0.35, 0.35, 0.35)


class _Info(PDFInfo):
    """Info dictionary with the standard keys plus sopflow's own (``/SopflowCase`` ...)."""

    def __init__(self, extra: Mapping[str, str], date: datetime.date) -> None:
        super().__init__()
        self.extra = dict(extra)
        self.date = date

    def format(self, document: Any) -> bytes:
        stamp = PDFString(f"D:{self.date:%Y%m%d}000000")
        entries: dict[str, Any] = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "CreationDate": stamp,
            "ModDate": stamp,
            "Trapped": PDFName(self.trapped),
        }
        entries.update({key: PDFString(value) for key, value in self.extra.items()})
        return PDFDictionary(entries).format(document)


class PageFooter:
    """Draws the footer line: left text, and "Halaman N dari M" at the right.

    :param left: the left part (SOP number and case id).
    :param page: page geometry.
    """

    def __init__(self, left: str, page: Page) -> None:
        self.left = left
        self.page = page

    def draw(self, canv: Canvas, number: int, total: int) -> None:
        """Draw on the current page of ``canv``."""
        page = self.page
        y = page.margin_bottom / 2
        canv.saveState()
        canv.setStrokeColor(_GREY)
        canv.setLineWidth(0.4)
        canv.line(page.margin_left, y + page.footer_size + 2, page.width - page.margin_right,
                  y + page.footer_size + 2)
        canv.setFillColor(_GREY)
        canv.setFont(FONT, page.footer_size)
        canv.drawString(page.margin_left, y, self.left)
        canv.drawRightString(page.width - page.margin_right, y, f"Halaman {number} dari {total}")
        canv.restoreState()


def canvas_class(footer: PageFooter, info: Mapping[str, str], date: datetime.date) -> type[Canvas]:
    """A canvas class that holds pages back until the page count is known, then adds footers.

    :param footer: the footer drawn on every page.
    :param info: custom Info keys (without slash) and their text values.
    :param date: the creation date written to the Info dictionary.
    """

    class NaskahCanvas(Canvas):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._held: list[dict[str, Any]] = []
            self._doc.info = _Info(info, date)

        def showPage(self) -> None:
            self._held.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._held)
            for number, state in enumerate(self._held, start=1):
                self.__dict__.update(state)
                footer.draw(self, number, total)
                Canvas.showPage(self)
            Canvas.save(self)

    return NaskahCanvas
