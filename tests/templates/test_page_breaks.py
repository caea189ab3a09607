"""Page breaks and details a careful reader sees, checked on the laid-out PDF (poppler text, pixels).

Headings stay with their first lines, long sections split instead of leaving half a page empty,
the closing (signature, QR code, paraf and stamp boxes, tembusan) is never alone on a page, the
QR caption is never broken inside an id, and the dashed frame of a box lies inside the box.
"""

from __future__ import annotations

import io
import re
import subprocess

import pytest
from PIL import Image

from sopflow.templates import render_document
from sopflow.templates.fieldspot import FRAME_WIDTH
from tests.templates.samples import DATA, sample_request

HEADING = re.compile(r"^(?:[IVX]+\. [A-Z ]+|[A-Z]\. [A-Z][a-z ]+|Tembusan:)$")
CLOSING = ("Dokumen ini ditandatangani", "Konseptor:", "Tembusan:", "Diterima", "Ditatausahakan")


def pages(pdf: bytes) -> list[list[str]]:
    """Per page, its text lines (poppler layout mode) without blank lines and the footer."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    out = []
    for page in text.decode("utf-8").split("\f")[:-1]:
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        out.append([line for line in lines if not line.startswith("SOP ")])
    return out


def _sentences(count: int, word: str = "Kalimat") -> str:
    return " ".join(f"{word} nomor {n} menguraikan pelaksanaan kegiatan dengan cukup rinci." for n in range(count))


def _laporan(umum: int, kegiatan: int = 3) -> bytes:
    data = {**DATA["laporan"], "umum": _sentences(umum, "Umum"), "kegiatan": _sentences(kegiatan)}
    return render_document(sample_request("laporan", data=data)).pdf


def _nota_dinas(isi: int) -> bytes:
    return render_document(sample_request("nota_dinas", data={**DATA["nota_dinas"], "isi": _sentences(isi)})).pdf


@pytest.mark.parametrize("umum", range(4, 40, 2))
def test_a_heading_is_never_the_last_line_of_a_page(umum: int) -> None:
    laid_out = pages(_laporan(umum))
    for number, lines in enumerate(laid_out[:-1], start=1):
        assert not HEADING.match(lines[-1]), f"page {number} ends with heading {lines[-1]!r}"


@pytest.mark.parametrize("words", range(30, 120, 3))
def test_tembusan_is_never_the_last_line_of_a_page(words: int) -> None:
    data = {**DATA["surat_tugas"], "untuk": " ".join(_sentences(20).split()[:words]),
            "tembusan": "\n".join(["Kepala Seksi Operasional Kantor Layanan Informasi"] * 3)}
    laid_out = pages(render_document(sample_request("surat_tugas", data=data)).pdf)
    for number, lines in enumerate(laid_out[:-1], start=1):
        assert lines[-1] != "Tembusan:", f"page {number} ends with Tembusan:"


def test_a_long_section_splits_instead_of_leaving_the_page_half_empty() -> None:
    first, second = pages(_laporan(umum=2, kegiatan=40))[:2]
    text = " ".join(first)
    assert "II. KEGIATAN YANG DILAKSANAKAN" in text and "Kalimat nomor 0 " in text
    assert "Kalimat nomor 39" in " ".join(second) and "Kalimat nomor 39" not in text
    assert len(first) >= 40, f"page 1 holds only {len(first)} lines"


@pytest.mark.parametrize("isi", [*range(10, 40, 3), 66, 90, 120, 150, 170])
def test_the_closing_is_whole_and_never_without_body_text(isi: int) -> None:
    laid_out = pages(_nota_dinas(isi))
    holding = [n for n, lines in enumerate(laid_out) if any(CLOSING[0] in line for line in lines)]
    assert len(holding) == 1
    page = " ".join(laid_out[holding[0]])
    for part in CLOSING:
        assert part in page, f"{part!r} is not on the page of the QR code"
    assert "Kalimat nomor" in page, "the closing stands on a page without body text"
    for lines in laid_out:
        assert any("Kalimat nomor" in line or "NOTA DINAS" in line for line in lines)


def test_qr_caption_breaks_only_after_a_colon_and_has_no_trailing_colon() -> None:
    document = "catatan_Task_IkutiCoachingTeamLeader_1"
    request = sample_request("catatan_kegiatan", document_id=document,
                             verify_payload=f"sopflow:LIP30-0005-0001:{document}")
    lines = pages(render_document(request).pdf)[0]
    caption = lines[lines.index("sopflow:LIP30-0005-0001:"):]
    assert any(line.split(" ")[0] == document for line in caption[1:3]), caption[:3]  # whole, no colon after


def test_laporan_and_nota_dinas_are_unchanged_when_short() -> None:
    """The rules above do not push a one-page document onto two pages."""
    assert len(pages(render_document(sample_request("nota_dinas")).pdf)) == 1
    assert len(pages(render_document(sample_request("surat_tugas")).pdf)) == 1


def test_dashed_frame_of_paraf_and_stamp_boxes_lies_inside_the_box() -> None:
    """A signature appearance draws its border on the box edge; nothing of the frame may show outside."""
    rendered = render_document(sample_request("surat_tugas"))
    dpi = 600
    scale = dpi / 72
    for name in ("paraf_Task_Review", "receive_Task_Receive"):
        box = rendered.fields[name]
        x0, y0, x1, y1 = box.box
        height = 842  # A4 page height in points
        top = int((height - y1) * scale)
        png = subprocess.run(
            ["pdftoppm", "-png", "-gray", "-r", str(dpi), "-f", str(box.page + 1), "-l", str(box.page + 1),
             "-x", str(int(x1 * scale) + 1), "-y", str(top + 10), "-W", "4", "-H", str(int((y1 - y0) * scale) - 20),
             "-"], input=rendered.pdf, capture_output=True, check=True).stdout
        darkest, _ = Image.open(io.BytesIO(png)).convert("L").getextrema()
        assert darkest > 230, f"the frame of {name} shows outside its box"
    assert FRAME_WIDTH > 0


@pytest.mark.parametrize("kegiatan", [10, 31, 46, 70, 100])
def test_laporan_closing_stays_whole_with_the_penutup(kegiatan: int) -> None:
    last = " ".join(pages(_laporan(umum=2, kegiatan=kegiatan))[-1])
    assert "V. PENUTUP" in last and "Demikian laporan" in last
    for part in ("Dokumen ini ditandatangani", "Konseptor:", "Diterima", "Ditatausahakan"):
        assert part in last, part
