"""The end of a document: place and date, signature blocks, paraf boxes, receipt stamps,
tembusan and the verification QR code.

Every slot of the request gets a :class:`FieldSpot`, so every task that will sign
finds its field, whatever the document type.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Spacer, Table

from sopflow.templates.fieldspot import FieldSpot
from sopflow.templates.fonts import FONT
from sopflow.templates.indonesian import format_date_id
from sopflow.templates.keeping import keep_heading
from sopflow.templates.request import SignatureSlot
from sopflow.templates.sheet import Sheet
from sopflow.templates.tables import CELL_RIGHT_PADDING, table
from sopflow.templates.text import clean, lines

__all__ = ["build_closing", "PLACES", "STAMP_LABELS"]

PLACES = {"sign": "signature", "record": "signature", "seal": "signature", "create": "paraf", "paraf": "paraf",
          "receive": "stamp", "file": "stamp"}
"""Where each action's field goes; any other action gets a stamp box."""
STAMP_LABELS = {"receive": "Diterima", "file": "Ditatausahakan"}
"""Caption of a stamp box per action."""
SIGNATURE_COLUMN = 235.0
"""Width of one signature block."""
PARAF_COLUMNS = 3
"""Paraf boxes per row (TND: at most three paraf beside the signature)."""

def _grid(cells: list[Any], per_row: int, width: float, *, valign: str = "TOP") -> Table:
    """Cells in rows of ``per_row``; ``valign="BOTTOM"`` lines up what ends the cells (signers' names)."""
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    rows[-1] = rows[-1] + [""] * (per_row - len(rows[-1]))
    return table(rows, [width] * per_row, split_rows=False,
                 style=[("BOTTOMPADDING", (0, 0), (-1, -1), 4), ("VALIGN", (0, 0), (-1, -1), valign)])


def _signature(sheet: Sheet, slot: SignatureSlot, *, main: bool) -> list[Flowable]:
    """Place/date (main block), "a.n."/"u.b." lines, (Plt./Plh.) jabatan, the blank field, name, NIP."""
    request = sheet.request
    width, height = sheet.look.box("signature")
    out: list[Flowable] = []
    if main and sheet.doctype.date_at == "signature":
        when = format_date_id(request.date, with_day=False)
        out.append(sheet.para(f"{clean(request.place)}, {when}" if clean(request.place) else when, "sign"))
    if slot.action == "record":
        out.append(sheet.para("Yang mencatat,", "sign"))
    atas_nama = clean(request.data.get("atas_nama"))
    if main and atas_nama and slot.action == "sign" and atas_nama != clean(slot.official.jabatan):
        out.append(sheet.para(f"a.n. {atas_nama}", "sign"))
        untuk_beliau = clean(request.data.get("untuk_beliau"))
        if untuk_beliau:
            out.append(sheet.para(f"u.b. {untuk_beliau}", "sign"))
    if slot.action == "seal":  # the unit's electronic seal: an institution, no person and no NIP
        return [*out, sheet.para("Segel elektronik", "sign"),
                FieldSpot(slot.field_name, width, height, sheet.spots, framed=False),
                sheet.para(slot.official.name, "sign_name")]
    out.append(sheet.para(f"{clean(slot.official.printed_jabatan) or clean(slot.role)},", "sign"))
    out += [Spacer(1, 3), FieldSpot(slot.field_name, width, height, sheet.spots, framed=False), Spacer(1, 3)]
    out.append(sheet.para(slot.official.name, "sign_name"))
    out.append(sheet.para(f"NIP {clean(slot.official.nip)}", "sign"))
    return out


def _paraf(sheet: Sheet, slot: SignatureSlot) -> list[Flowable]:
    width, height = sheet.look.box("paraf")
    label = "Konseptor" if slot.action == "create" else "Paraf"
    return [FieldSpot(slot.field_name, width, height, sheet.spots, framed=True), Spacer(1, 2),
            sheet.para(f"{label}: {clean(slot.role)}", "small_left")]


def _stamp(sheet: Sheet, slot: SignatureSlot) -> list[Flowable]:
    width, height = sheet.look.box("stamp")
    label = STAMP_LABELS.get(slot.action, clean(slot.action).capitalize())
    return [sheet.para(label, "small_left"),
            FieldSpot(slot.field_name, width, height, sheet.spots, framed=True), Spacer(1, 2),
            sheet.para(f"{clean(slot.role)} ({clean(slot.official.name)})", "small_left")]


def _qr(sheet: Sheet, width: float) -> Table:
    side = float(sheet.look.boxes["qr"])
    widget = QrCodeWidget(clean(sheet.request.verify_payload) or sheet.request.case_id, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(side, side, transform=[side / (x2 - x1), 0, 0, side / (y2 - y1), 0, 0],
                      initialFontName=FONT)
    drawing.add(widget)
    caption_width = width - side - 14
    caption = [
        sheet.para("Dokumen ini ditandatangani secara elektronik. Keaslian dan keutuhannya dapat "
                   "diperiksa dengan memindai kode QR ini atau memverifikasi tanda tangan elektronik "
                   "pada berkas PDF.", "small_left"),
        *_token_lines(sheet, sheet.request.verify_payload, caption_width - CELL_RIGHT_PADDING - 1),
    ]
    return table([[drawing, caption]], [side + 8, caption_width], split_rows=False)


def _token_lines(sheet: Sheet, text: str, width: float) -> list[Flowable]:
    """``text`` in lines broken only after a colon, a part too wide for a line set smaller to fit.

    A verification code broken inside a case id, document id or letter number could not be typed back.
    """
    base = sheet.style("small_left")

    def measure(line: str) -> float:
        return stringWidth(line, base.fontName, base.fontSize)

    packed: list[str] = []
    for part in re.findall(r"[^:]+:?|:", clean(text)):
        if packed and measure(packed[-1] + part) <= width:
            packed[-1] += part
        else:
            packed.append(part)
    out: list[Flowable] = []
    for line in packed:
        style = base
        if measure(line) > width:
            size = base.fontSize * width / measure(line)
            style = base.clone("small_left_fit", fontSize=size, leading=size * base.leading / base.fontSize)
        out.append(sheet.para(line, style))
    return out


def _tembusan(sheet: Sheet) -> list[Flowable]:
    items = lines(sheet.request.data.get("tembusan"))
    if not items:
        return []
    style = sheet.style("tembusan")
    item_style = style.clone("tembusan_item", leftIndent=16, bulletIndent=0)
    listed = [sheet.para(item, item_style, bulletText=f"{n}.") for n, item in enumerate(items, start=1)]
    width = sheet.look.page.frame_width
    return [Spacer(1, 8), *keep_heading([sheet.para("Tembusan:", "tembusan")], listed, width), *listed]


def build_closing(sheet: Sheet) -> list[Flowable]:
    """Everything after the body, with a field spot for every slot of the request.

    The engine keeps all of it together, on the page of the body's last lines.
    """
    frame = sheet.look.page.frame_width
    slots = sheet.request.slots
    signers = [s for s in slots if PLACES.get(s.action) == "signature"]
    parafs = [_paraf(sheet, s) for s in slots if PLACES.get(s.action) == "paraf"]
    stamps = [_stamp(sheet, s) for s in slots if PLACES.get(s.action, "stamp") == "stamp"]
    main = next((s for s in reversed(signers) if s.action == "sign"), signers[-1] if signers else None)
    blocks = [_signature(sheet, s, main=s is main) for s in signers]

    paraf_width = sheet.look.box("paraf")[0] + 8
    left = frame - SIGNATURE_COLUMN
    side: list[Flowable] = [_qr(sheet, left)]
    if parafs:
        side += [Spacer(1, 10), _grid(parafs, PARAF_COLUMNS, paraf_width)]
    out: list[Flowable] = [Spacer(1, 14)]
    if len(blocks) <= 1:
        row = table([[side, blocks[0] if blocks else ""]], [frame - SIGNATURE_COLUMN, SIGNATURE_COLUMN],
                    style=[("VALIGN", (0, 0), (0, 0), "BOTTOM")], split_rows=False)
        out.append(row)
    else:
        out += [_grid(blocks, 2, frame / 2, valign="BOTTOM"), Spacer(1, 6), *side]
    out += _tembusan(sheet)
    if stamps:
        out += [Spacer(1, 10), _grid(stamps, 2, frame / 2)]
    return out
