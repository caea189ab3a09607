"""The kop (unit letterhead with its double rule), the title and the nomor."""

from __future__ import annotations

from reportlab.lib.colors import black
from reportlab.platypus import Flowable, HRFlowable

from sopflow.templates.doctype import DocType
from sopflow.templates.request import DocumentRequest
from sopflow.templates.sheet import Sheet
from sopflow.templates.text import clean


def document_title(request: DocumentRequest, doctype: DocType) -> str:
    """The title as printed: the type's title, then the ``title_key`` value in capitals
    (``@activity``: the name of the task that renders the document).

    A value that already begins with the title ("Laporan Hasil ...") is printed alone.
    """
    key = doctype.title_key
    extra = clean(request.activity if key == "@activity" else request.data.get(key) if key else "").upper()
    if extra.startswith(doctype.title):
        return extra
    return f"{doctype.title} {extra}" if extra else doctype.title

__all__ = ["build_letterhead", "document_title"]


def build_letterhead(sheet: Sheet) -> list[Flowable]:
    """Kop lines (the first one larger), a thick and a thin rule, the title, and ``NOMOR`` when given."""
    out: list[Flowable] = []
    for index, line in enumerate(sheet.request.unit_lines):
        out.append(sheet.para(clean(line).upper(), "kop_first" if index == 0 else "kop"))
    out.append(HRFlowable(width="100%", thickness=2, color=black, spaceBefore=4, spaceAfter=1.2))
    out.append(HRFlowable(width="100%", thickness=0.6, color=black, spaceBefore=0, spaceAfter=6))
    out.append(sheet.para(document_title(sheet.request, sheet.doctype), "title"))
    if sheet.request.nomor:
        out.append(sheet.para(f"NOMOR {sheet.request.nomor}", "nomor"))
    else:
        out[-1].style = sheet.style("title").clone("title_alone", spaceAfter=12)
    return out
