"""The SOP document of PermenPAN-RB 35/2012, rendered from a model.

Identity part (sections A–G on portrait pages), then H. Bagan Arus (landscape
when the roles do not fit a portrait page), then the "Disahkan oleh" block.
Every page carries the header block: unit, *Standard Operating Procedure*, the
title, Revisi, Nomor, Tanggal and "Halaman N dari M" (the document is laid
out twice so that M is known).
"""

from __future__ import annotations

import datetime
import io
import re
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from sopflow import messages
from sopflow.documents import FieldBox
from sopflow.errors import ModelError
from sopflow.model.forms import describe_code_point
from sopflow.model.profile import SopModel
from sopflow.sopdoc.content import Approval, SopContent, printed_texts, read_content
from sopflow.sopdoc.flowchart import BaganArusTable, PagePlan, SymbolCounts, plan_pages
from sopflow.sopdoc.layout import FlowchartLayout, layout_flowchart
from sopflow.sopdoc.procedure import procedure_items
from sopflow.sopdoc.styles import FONT, model_paragraph, register_fonts, style
from sopflow.sopdoc.table import columns_for, header_heights, paginate, row_heights
from sopflow.templates.fonts import draw_line, first_undrawable, text_width
from sopflow.templates.indonesian import parse_date_id

__all__ = ["PAPERS", "SopDocument", "build_sop_document", "render_sop", "APPROVAL_FIELD"]

PAPERS: dict[str, tuple[float, float]] = {"A4": A4, "F4": (215 * mm, 330 * mm)}
"""Paper sizes (portrait) by name; F4 is the Indonesian folio."""
APPROVAL_FIELD = "sop_approval"
"""Name of the signature field of the approving official."""
_LANDSCAPE_FROM_LANES = 4
"""From this many roles on, the Bagan Arus pages are landscape (the columns no longer fit portrait)."""
_MARGIN = 14 * mm
_HEADER_GAP = 6.0
_ITEM = re.compile(r"^\s*(\d+[.)]|[a-zA-Z][.)]|[-•])\s+(.*)$")
_TEXT, _BAGAN = "identitas", "bagan"


@dataclass(frozen=True)
class SopDocument:
    """A rendered SOP document."""

    pdf: bytes
    """The PDF."""
    pages: int
    """Number of pages."""
    symbols: SymbolCounts
    """Symbols drawn in the Bagan Arus, all pages together."""
    table_pages: tuple[int, ...]
    """One-based numbers of the pages holding the Bagan Arus table."""
    plans: tuple[PagePlan, ...]
    """What was drawn on each of those pages."""
    layout: FlowchartLayout
    """Rows and links of the Bagan Arus."""
    approval_field: FieldBox | None
    """Where the approving official's signature goes (``None`` without ``sop.approver``)."""


def render_sop(model: SopModel, *, paper: str = "A4") -> bytes:
    """The SOP document of ``model`` as PDF bytes.

    :raises ModelError: the model lacks what the document must print (number, title, lanes, elements).
    """
    return build_sop_document(model, paper=paper).pdf


def build_sop_document(model: SopModel, *, paper: str = "A4") -> SopDocument:
    """Render the SOP document and report what was drawn.

    :param paper: ``A4`` or ``F4``.
    :raises ModelError: the model lacks what the document must print (number, title, lanes, elements).
    """
    _require(model, paper)
    register_fonts()
    content = read_content(model)
    layout = layout_flowchart(model)
    portrait = PAPERS[paper]
    bagan_size = landscape(portrait) if len(layout.lanes) >= _LANDSCAPE_FROM_LANES else portrait
    header_h = _header_height(content, portrait[0]), _header_height(content, bagan_size[0])

    width = bagan_size[0] - 2 * _MARGIN
    frame_h = bagan_size[1] - 2 * _MARGIN - header_h[1] - _HEADER_GAP
    columns = columns_for(width, len(layout.lanes))
    head = header_heights(columns, layout.lanes)
    heights = row_heights(layout, columns)
    title = _bagan_heading(content)
    title_h = title.wrap(width, frame_h)[1] + float(title.style.spaceAfter)
    table_room = frame_h - sum(head)
    approval = _ApprovalBlock(content.approval) if content.approval is not None else None
    tail = approval.wrap(width, frame_h)[1] if approval is not None else 0.0
    pages = paginate(layout, heights, table_room - title_h, table_room, tail=tail)
    plans = plan_pages(layout, columns, heights, pages, head)

    def story() -> list[Flowable]:
        flow: list[Flowable] = _identity_story(content, procedure_items(model, layout))
        flow += [NextPageTemplate(_BAGAN), PageBreak(), _bagan_heading(content)]
        tables = [_TableMarker(plan, layout, columns) for plan in plans]
        for index, table in enumerate(tables):
            flow += [table] if index == 0 else [PageBreak(), table]
        if content.approval is not None:
            flow.append(_ApprovalBlock(content.approval))
        return flow

    first = _build(model, content, portrait, bagan_size, header_h, story(), total=0)
    second = _build(model, content, portrait, bagan_size, header_h, story(), total=first.pages)
    if second.pages != first.pages:
        raise AssertionError("page count changed between layout passes")
    symbols = sum((plan.counts for plan in plans), SymbolCounts())
    return SopDocument(
        pdf=second.pdf,
        pages=second.pages,
        symbols=symbols,
        table_pages=second.table_pages,
        plans=tuple(plans),
        layout=layout,
        approval_field=second.approval_field,
    )


def _require(model: SopModel, paper: str) -> None:
    """Refuse a model the document cannot print as written, naming file, line and element."""
    where = f"{model.source}:{model.process_line}"
    if paper not in PAPERS:
        raise ModelError(messages.SOP_PAPER_UNKNOWN.format(paper=paper), where=model.source,
                         hint=messages.HINT_SOP_PAPER.format(papers=", ".join(PAPERS)))
    missing = [key for key in ("sop.number", "sop.title") if not model.properties.get(key, "").strip()]
    if missing:
        raise ModelError(messages.SOP_NEEDS_PROPERTIES.format(keys=" dan ".join(missing)), where=where,
                         hint=messages.HINT_SOP_NEEDS_PROPERTIES)
    if not model.lanes:
        raise ModelError(messages.SOP_NO_LANES, where=where, hint=messages.HINT_SOP_NO_LANES)
    if not model.elements:
        raise ModelError(messages.SOP_NO_ELEMENTS, where=where, hint=messages.HINT_SOP_NO_ELEMENTS)
    for printed in printed_texts(model):
        bad = first_undrawable(printed.text)
        if bad is not None:
            context = printed.text[max(0, bad - 20):bad + 20]
            raise ModelError(messages.SOP_TEXT_UNPRINTABLE.format(
                what=printed.what, code_point=describe_code_point(printed.text[bad]), context=context),
                where=printed.where, hint=messages.HINT_TEXT_UNPRINTABLE)


# -- text ---------------------------------------------------------------------------------------

def _creation_date(content: SopContent) -> datetime.date:
    """The PDF creation date: the SOP's ``sop.date`` when it is a date, else today."""
    return parse_date_id(content.date) or datetime.date.today()


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _heading(letter: str, title: str) -> Paragraph:
    return model_paragraph(f"{letter}. {title} :", style("heading"))


def _body(paragraphs: tuple[str, ...] | list[str]) -> list[Flowable]:
    flow: list[Flowable] = []
    for text in paragraphs:
        item = _ITEM.match(text)
        if item:
            flow.append(model_paragraph(item[2], style("item"), bulletText=item[1]))
        else:
            flow.append(model_paragraph(text, style("indented")))
    return flow


def _identity_story(content: SopContent, procedure: list[tuple[str, str]]) -> list[Flowable]:
    flow: list[Flowable] = []
    letter = 0
    for section in content.sections:
        flow.append(_heading(_letter(letter), section.title))
        if section.key == "pihak":
            flow += _body([f"{n}. {role}" for n, role in enumerate(content.related_parties, start=1)])
        else:
            flow += _body(section.paragraphs)
        letter += 1
    flow.append(_heading(_letter(letter), "Prosedur Kerja"))
    flow += [model_paragraph(text, style("item"), bulletText=f"{label}.") for label, text in procedure]
    flow.append(Spacer(1, 6))
    flow.append(Paragraph("Jangka Waktu Penyelesaian:", style("heading")))
    flow.append(model_paragraph(content.deadline_text, style("indented")))
    return flow


def _bagan_heading(content: SopContent) -> Paragraph:
    letter = _letter(len(content.sections) + 1)
    return Paragraph(f"{letter}. Bagan Arus (<i>Flowchart</i>) :", style("heading"))


# -- header block -----------------------------------------------------------------------------

def _header_table(content: SopContent, width: float, page: int, total: int) -> Table:
    unit = model_paragraph("\n".join(content.unit_lines), style("header_unit"), emphasis=False)
    kind = Paragraph("Standard Operating Procedure", style("header_kind"))
    title = model_paragraph(content.title, style("header_title"))
    field = style("header_field")
    halaman = f": {page} dari {total}" if total else f": {page} dari {page}"
    rows = [
        [unit, "", [kind, title], ""],
        [Paragraph("Revisi", field), model_paragraph(f": {content.revision}", field),
         Paragraph("Nomor", field), model_paragraph(f": {content.number}", field)],
        [Paragraph("Tanggal", field), model_paragraph(f": {content.date}", field),
         Paragraph("Halaman", field), Paragraph(halaman, field)],
    ]
    widths = [width * f for f in (0.11, 0.29, 0.11, 0.49)]
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("SPAN", (0, 0), (1, 0)),
        ("SPAN", (2, 0), (3, 0)),
        ("BOX", (0, 0), (-1, -1), 0.8, "black"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, "black"),
        ("LINEAFTER", (1, 0), (1, 0), 0.6, "black"),
        ("LINEAFTER", (1, 1), (1, -1), 0.6, "black"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, 0), 5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
        ("TOPPADDING", (0, 1), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 1.5),
    ]))
    return table


def _header_height(content: SopContent, page_width: float) -> float:
    width = page_width - 2 * _MARGIN
    return _header_table(content, width, 999, 999).wrap(width, 10_000)[1]


# -- flowables that remember where they were drawn --------------------------------------------

class _TableMarker(BaganArusTable):
    """A Bagan Arus page that records the page number it lands on."""

    def draw(self) -> None:
        super().draw()
        self.canv._sop_table_pages.append(self.canv.getPageNumber())


class _ApprovalBlock(Flowable):
    """"Disahkan oleh" with the approver's jabatan, signature space, name and NIP, on the right."""

    _WIDTH = 250.0
    _SIGNATURE_SPACE = 56.0

    def __init__(self, approval: Approval):
        super().__init__()
        self.approval = approval
        self._lines_before = ["Disahkan oleh :", *approval.jabatan]
        self._lines_after = [approval.name, *approval.after_name] if approval.name else list(approval.after_name)
        self._leading = float(style("approval").leading)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        approval_style = style("approval")
        longest = max(text_width(line, approval_style.fontName, approval_style.fontSize)
                      for line in [*self._lines_before, *self._lines_after])
        self._width = min(max(self._WIDTH, longest + 4), available_width)
        self._offset = available_width - self._width
        lines = len(self._lines_before) + len(self._lines_after)
        self._height = 14 + lines * self._leading + self._SIGNATURE_SPACE
        return available_width, self._height

    def draw(self) -> None:
        canvas: Canvas = self.canv
        approval_style = style("approval")
        y = self._height - 14
        for line in self._lines_before:
            y -= self._leading
            draw_line(canvas, self._offset, y + 3, line, approval_style.fontName, approval_style.fontSize)
        top = y - 2
        y -= self._SIGNATURE_SPACE
        bottom = y + 2 + self._leading
        for line in self._lines_after:
            y -= self._leading
            draw_line(canvas, self._offset, y + 3, line, approval_style.fontName, approval_style.fontSize)
        x0, y0 = canvas.absolutePosition(self._offset, bottom)
        x1, y1 = canvas.absolutePosition(self._offset + self._width - 20, top)
        canvas._sop_approval = FieldBox(
            APPROVAL_FIELD, canvas.getPageNumber() - 1, (x0, y0, x1, y1)
        )


@dataclass(frozen=True)
class _Pass:
    pdf: bytes
    pages: int
    table_pages: tuple[int, ...]
    approval_field: FieldBox | None


def _build(
    model: SopModel,
    content: SopContent,
    portrait: tuple[float, float],
    bagan_size: tuple[float, float],
    header_h: tuple[float, float],
    story: list[Flowable],
    *,
    total: int,
) -> _Pass:
    buffer = io.BytesIO()
    pages: list[int] = []
    created: list[Canvas] = []

    stamp = f"D:{_creation_date(content):%Y%m%d}000000"

    def on_page(canvas: Canvas, doc: BaseDocTemplate) -> None:
        if not created:
            created.append(canvas)
            canvas.setDateFormatter(lambda *_: stamp)
            canvas._sop_table_pages = []
            canvas._sop_approval = None
        page_width, page_height = canvas._pagesize
        width = page_width - 2 * _MARGIN
        table = _header_table(content, width, canvas.getPageNumber(), total)
        _, h = table.wrap(width, page_height)
        table.drawOn(canvas, _MARGIN, page_height - _MARGIN - h)
        pages.append(canvas.getPageNumber())

    templates = []
    for name, size, head in ((_TEXT, portrait, header_h[0]), (_BAGAN, bagan_size, header_h[1])):
        frame = Frame(
            _MARGIN, _MARGIN, size[0] - 2 * _MARGIN, size[1] - 2 * _MARGIN - head - _HEADER_GAP,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=name,
        )
        templates.append(PageTemplate(id=name, frames=[frame], onPage=on_page, pagesize=size))
    doc = BaseDocTemplate(
        buffer,
        pagesize=portrait,
        pageTemplates=templates,
        title=f"SOP {content.number} {content.title}",
        author="; ".join(content.unit_lines),
        subject=f"Standard Operating Procedure {content.number}",
        creator="sopflow",
        invariant=1,
        initialFontName=FONT,
    )
    doc.build(story)
    canvas = created[0]
    return _Pass(
        pdf=buffer.getvalue(),
        pages=len(pages),
        table_pages=tuple(canvas._sop_table_pages),
        approval_field=canvas._sop_approval,
    )
