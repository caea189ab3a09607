"""Body builders: one function per block kind of the type files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, HRFlowable, Indenter, Spacer, Table

from sopflow.templates.doctype import Block
from sopflow.templates.keeping import keep_heading
from sopflow.templates.sheet import BLANK, Sheet, labelled_values
from sopflow.templates.tables import table
from sopflow.templates.text import columns

__all__ = ["build_blocks"]

LABEL_WIDTH = 100.0
"""Width of the label column of "Label : content" rows."""
COLON_WIDTH = 12.0
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GRID = Color(0.2, 0.2, 0.2)


def _labelled(sheet: Sheet, label: str, content: list[Flowable], width: float) -> Table:
    """A "Label : content" row whose content may run over pages."""
    row = [sheet.para(label, "cell"), sheet.para(":", "cell"), content]
    return table([row], [LABEL_WIDTH, COLON_WIDTH, width - LABEL_WIDTH - COLON_WIDTH])


def _numbered(sheet: Sheet, items: list[str], style: str = "cell") -> list[Flowable]:
    """Numbered items with a hanging indent."""
    base = sheet.style(style)
    out: list[Flowable] = []
    for number, item in enumerate(items, start=1):
        para = sheet.para(item, base.clone(f"{base.name}_item", leftIndent=base.leftIndent + 18,
                                           bulletIndent=base.leftIndent, spaceAfter=2),
                          bulletText=f"{number}.")
        out.append(para)
    return out


def _content(sheet: Sheet, block: Block, width: float) -> list[Flowable]:
    """The flowables of a key-based block, without its label or title; empty when blank."""
    if block.kind == "text":
        text = sheet.string(block.key or "")
        return [] if text == BLANK else [sheet.para(text, "body" if block.label is None else "cell")]
    if block.kind == "list":
        return _numbered(sheet, sheet.lines(block.key or ""))
    if block.kind == "paragraph":
        return [sheet.para(sheet.fill(block.text or ""), "body")]
    if block.kind == "table":
        return _table(sheet, block, width)
    if block.kind == "people":
        return _people(sheet, block, width)
    raise AssertionError(f"block kind {block.kind} has no content builder")


def _table(sheet: Sheet, block: Block, width: float) -> list[Flowable]:
    rows = sheet.lines(block.key or "")
    if not rows:
        return []
    count = len(block.columns)
    head = [sheet.para("No.", "table_head")] + [sheet.para(c, "table_head") for c in block.columns]
    body = [
        [sheet.para(f"{n}.", "table_cell")] + [sheet.para(cell, "table_cell") for cell in columns(row, count)]
        for n, row in enumerate(rows, start=1)
    ]
    weights = block.widths or (1.0,) * count
    number_width = 26.0
    share = (width - number_width) / sum(weights)
    return [table([head, *body], [number_width] + [w * share for w in weights], repeat_rows=1, style=[
        ("GRID", (0, 0), (-1, -1), 0.5, _GRID),
        ("BACKGROUND", (0, 0), (-1, 0), Color(0.92, 0.92, 0.92)),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
    ])]


def _people(sheet: Sheet, block: Block, width: float) -> list[Flowable]:
    rows = sheet.lines(block.key or "")
    data: list[list[Any]] = []
    for n, row in enumerate(rows, start=1):
        for i, (name, cell) in enumerate(zip(block.columns, columns(row, len(block.columns)))):
            style = "sign_name" if i == 0 else "cell"
            data.append([sheet.para(f"{n}." if i == 0 else "", "cell"), sheet.para(name, "cell"),
                         sheet.para(":", "cell"), sheet.para(cell, style)])
    if not data:
        return []
    return [table(data, [22, LABEL_WIDTH - 22, COLON_WIDTH, width - LABEL_WIDTH - COLON_WIDTH]), Spacer(1, 4)]


def _keyed(sheet: Sheet, block: Block, width: float) -> list[Flowable]:
    if block.label is None:
        return _content(sheet, block, width)
    indent = LABEL_WIDTH + COLON_WIDTH
    if block.kind == "table":
        content = _content(sheet, block, width)
        if not content:
            return [_labelled(sheet, block.label, [sheet.para(BLANK, "cell")], width)]
        return [*keep_heading([_labelled(sheet, block.label, [], width)], content, width), *content, Spacer(1, 6)]
    content = _content(sheet, block, width - indent)
    return [_labelled(sheet, block.label, content or [sheet.para(BLANK, "cell")], width)]


def _fields(sheet: Sheet, block: Block, width: float) -> list[Flowable]:
    rows = [_labelled(sheet, label, [sheet.para(sheet.string(key), "cell")], width)
            for label, key in block.rows]
    return [*rows, HRFlowable(width="100%", thickness=0.8, color=_GRID, spaceBefore=2, spaceAfter=10)]


def _centered(sheet: Sheet, block: Block, width: float) -> list[Flowable]:
    return [sheet.para(sheet.fill(block.text or ""), "centered")]


def _section(sheet: Sheet, block: Block, width: float, number: int) -> list[Flowable]:
    """A numbered section; empty when nothing in it has content.

    The section may run over pages; each heading stays with the first lines under it.
    """
    indent = sheet.style("indented").leftIndent
    parts: list[tuple[list[Flowable], list[Flowable]]] = []  # (headings, content)
    if block.key:
        text = sheet.string(block.key)
        if text != BLANK:
            parts.append(([], [sheet.para(text, "indented")]))
    letter = 0
    for part in block.parts:
        content = _content(sheet, part, width - indent)
        if not content:
            continue
        titles: list[Flowable] = []
        if part.title:
            titles.append(sheet.para(f"{_LETTERS[letter]}. {part.title}", "subheading"))
            letter += 1
        parts.append((titles, [Indenter(left=indent), *content, Indenter(left=-indent)]))
    if not parts:
        return []
    heading = sheet.para(f"{_ROMAN[number - 1]}. {(block.title or '').upper()}", "heading")
    out: list[Flowable] = []
    for index, (titles, content) in enumerate(parts):
        titles = [heading, *titles] if index == 0 else titles
        out += keep_heading(titles, content, width - indent) if titles else []
        out += content
    return out


def _form(sheet: Sheet, block: Block, width: float) -> list[Flowable]:
    """Every form field with its label, in form order, values as the official saw them."""
    shown = labelled_values(sheet.request.form, sheet.request.data)
    out: list[Flowable] = []
    if block.title:
        out.append(sheet.para(block.title, "heading"))
    for label, text in shown:
        out.append(_labelled(sheet, label, [sheet.para(text, "cell")], width))
    if not shown:
        out.append(sheet.para("Tidak ada data isian.", "body"))
    return out


_BUILDERS: dict[str, Callable[[Sheet, Block, float], list[Flowable]]] = {
    "text": _keyed,
    "list": _keyed,
    "table": _keyed,
    "people": _keyed,
    "paragraph": _keyed,
    "fields": _fields,
    "centered": _centered,
    "form": _form,
}


def build_blocks(sheet: Sheet) -> list[Flowable]:
    """The body of the document, block by block, sections numbered among those printed."""
    width = sheet.look.page.frame_width
    out: list[Flowable] = []
    sections = 0
    for block in sheet.doctype.blocks:
        if block.kind == "section":
            built = _section(sheet, block, width, sections + 1)
            sections += bool(built)
            out.extend(built)
        else:
            out.extend(_BUILDERS[block.kind](sheet, block, width))
    return out
