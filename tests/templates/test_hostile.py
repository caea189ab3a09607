"""Typed text prints literally and never breaks the layout or the PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from sopflow.errors import ModelError
from sopflow.templates import known_types, render_document
from sopflow.templates.text import clean, columns, markup
from tests.templates.conftest import flat, pdf_text
from tests.templates.samples import DATA, sample_request

MARKUP = '<b>tebal</b> <font color="red">merah</font> A & B <script>alert(1)</script> <para>'
LONG_WORD = "X" * 5000


def test_markup_is_escaped() -> None:
    assert markup("<b>a</b> & c") == "&lt;b&gt;a&lt;/b&gt; &amp; c"


def test_every_line_break_prints_as_one_and_nothing_is_dropped() -> None:
    assert clean("baris\r\ndua\tkolom\u2028tiga\u2029empat\x85lima\renam") == \
        "baris\ndua kolom\ntiga\nempat\nlima\nenam"
    assert clean("a\u200bb") == "a\u200bb"


def test_columns_keep_extra_text_in_the_last_column() -> None:
    assert columns("A | B", 3) == ["A", "B", "-"]
    assert columns("A | B | C | D", 3) == ["A", "B", "C | D"]


@pytest.mark.parametrize("doc_type", known_types())
def test_markup_prints_literally_in_every_type(doc_type: str) -> None:
    data = {key: MARKUP for key in DATA[doc_type]}
    data["pihak"] = data["petugas"] = data["jadwal"] = f"{MARKUP} | 1 | 2 | 3"
    document = render_document(sample_request(doc_type, data=data))
    text = flat(pdf_text(document.pdf))
    assert "<b>tebal</b>" in text
    assert "<script>alert(1)</script>" in text
    assert "A & B" in text


@pytest.mark.parametrize("hostile", ["awal\x00akhir", "\x1b[31m", "a\u202eb", "a\u200bb", "a\ue000b", "\u4e2d\u6587"])
def test_unprintable_characters_stop_the_render_by_code_point(hostile: str) -> None:
    data = dict(DATA["nota_dinas"], isi=f"teks {hostile}")
    with pytest.raises(ModelError, match=r"U\+[0-9A-F]{4}"):
        render_document(sample_request("nota_dinas", data=data))


def test_a_5000_character_word_wraps_inside_the_frame() -> None:
    data = dict(DATA["surat_tugas"], untuk=LONG_WORD, petugas=f"{LONG_WORD} | 1 | 2 | 3", menimbang=LONG_WORD)
    document = render_document(sample_request("surat_tugas", data=data))
    reader = PdfReader(io.BytesIO(document.pdf))
    assert pdf_text(document.pdf).count("X") == 3 * len(LONG_WORD)
    assert len(reader.pages) > 1
    for page in reader.pages:
        found: list[float] = []
        page.extract_text(visitor_text=lambda t, cm, tm, font, size, found=found: found.append(cm[4] + tm[4]) if t.strip() else None)
        assert min(found) >= 56 and max(found) < float(page.mediabox.width) - 56


def test_a_long_body_flows_onto_numbered_pages() -> None:
    paragraph = "Kegiatan pelayanan dilaksanakan sesuai prosedur yang berlaku dan dicatat. " * 12
    data = dict(DATA["laporan"], kegiatan="\n".join([paragraph] * 25))
    document = render_document(sample_request("laporan", data=data))
    pages = pdf_text(document.pdf).split("\f")
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        assert f"Halaman {number} dari {len(pages)}" in page
    assert "KEMENTERIAN KEUANGAN" in pages[0] and "KEMENTERIAN KEUANGAN" not in pages[1]
    last = max(field.page for field in document.fields.values())
    assert document.fields["sign_Task_Approve"].page == last == len(pages) - 1


def test_a_long_table_repeats_its_header() -> None:
    rows = "\n".join(f"Hari {i} | 09.00 | Peserta {i} | Ruang {i}" for i in range(80))
    document = render_document(sample_request("jadwal_coaching", data={"judul": "Panjang", "jadwal": rows}))
    pages = pdf_text(document.pdf).split("\f")
    assert len(pages) >= 2
    assert all("Hari/Tanggal" in page for page in pages[:2])
    assert "Peserta 79" in pages[-1] or "Peserta 79" in pages[-2]
    assert "Peserta 1" in pages[0], "the table starts on the first page"
    sign_page = pages[document.fields["sign_Task_Approve"].page]
    assert "Jakarta, 23 November 2026" in sign_page and "NIP 197005052000031002" in sign_page
