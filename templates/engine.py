"""``render_document``: a :class:`DocumentRequest` in, a PDF with a field box per slot out."""

from __future__ import annotations

import io

from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Indenter,
    KeepTogether,
    PageTemplate,
    Spacer,
)

from sopflow.errors import ModelError
from sopflow.templates.blocks import build_blocks
from sopflow.templates.closing import build_closing
from sopflow.templates.doctype import DocType, load_type
from sopflow.templates.fonts import FONT
from sopflow.templates.keeping import KeepWithTail, is_heading
from sopflow.templates.letterhead import build_letterhead, document_title
from sopflow.templates.page import PageFooter, canvas_class
from sopflow.templates.request import DocumentRequest, RenderedDocument
from sopflow.templates.sheet import Sheet
from sopflow.templates.styles import look
from sopflow.templates.text import clean

__all__ = ["render_document", "CREATOR"]

CREATOR = "sopflow"
"""The PDF ``/Creator``."""


def _check_slots(request: DocumentRequest) -> None:
    names = [slot.field_name for slot in request.slots]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ModelError(f"signature field names {duplicates} are used by more than one slot",
                         where=f"document {request.document_id}",
                         hint="give every task acting on a document its own field name")


def _with_closing(body: list[Flowable], closing: list[Flowable]) -> list[Flowable]:
    """Body then closing, the closing whole and on a page with the last lines of the body.

    Tata Naskah Dinas: a signature never stands on a page without text of the document, and
    neither does a QR code, a paraf or a stamp box.
    """
    split = len(body)
    while split and isinstance(body[split - 1], (Indenter, Spacer)):
        split -= 1
    if not split:
        return [KeepTogether(closing)]
    start = split - 1
    while start and (is_heading(body[start - 1]) or isinstance(body[start - 1], (Indenter, Spacer))):
        start -= 1
    while start < split - 1 and not is_heading(body[start]):  # leading spacers stay in the body
        start += 1
    return [*body[:start], KeepWithTail(body[start:split - 1], body[split - 1], [*body[split:], *closing])]


def _author(request: DocumentRequest) -> str:
    konseptor = [slot for slot in request.slots if slot.action in ("create", "record")]
    chosen = konseptor[:1] or request.slots[:1]
    return clean(chosen[0].official.name) if chosen else ""


def render_document(request: DocumentRequest, doctype: DocType | None = None) -> RenderedDocument:
    """Lay out one naskah dinas.

    :param request: the document's type, content and signing slots.
    :param doctype: the type to lay out, when it is not one of ``templates/types`` (documents the
        product itself issues, such as the Lembar Riwayat); default: ``request.doc_type``.
    :returns: the PDF and, per slot field name, the box its signature appearance will fill.
    :raises ModelError: for an unknown document type or duplicate slot field names.
    """
    doctype = doctype or load_type(request.doc_type)
    _check_slots(request)
    style = look()
    page = style.page
    sheet = Sheet(request=request, doctype=doctype, look=style)
    story = [*build_letterhead(sheet), *_with_closing(build_blocks(sheet), build_closing(sheet))]

    title = document_title(request, doctype)
    if request.nomor:
        title = f"{title} Nomor {request.nomor}"
    footer = PageFooter(
        f"SOP {clean(request.sop_number)}  ·  Kasus {clean(request.case_id)}  ·  Dokumen "
        f"{clean(request.document_id)}", page)
    info = {
        "SopflowCase": request.case_id,
        "SopflowDocument": request.document_id,
        "SopflowTask": request.task_id,
        "SopflowPrevJournal": request.prev_journal_hash,
        "SopflowType": request.doc_type,
    }
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=(page.width, page.height),
        leftMargin=page.margin_left, rightMargin=page.margin_right,
        topMargin=page.margin_top, bottomMargin=page.margin_bottom,
        title=title, author=_author(request), subject=f"{clean(request.sop_number)} {clean(request.sop_title)}",
        creator=CREATOR, invariant=1, lang="id", initialFontName=FONT,
    )
    frame = Frame(page.margin_left, page.margin_bottom, page.frame_width,
                  page.height - page.margin_top - page.margin_bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    template.addPageTemplates([PageTemplate(id="naskah", frames=[frame])])
    template.build(story, canvasmaker=canvas_class(footer, info, request.date))
    missing = [slot.field_name for slot in request.slots if slot.field_name not in sheet.spots]
    if missing:
        raise AssertionError(f"slots {missing} were laid out but never drawn")
    return RenderedDocument(pdf=buffer.getvalue(), fields=dict(sheet.spots), text="\n".join(sheet.text))
