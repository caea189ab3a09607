"""Every script the shipped fonts cover prints as typed; the rest is refused, never replaced."""

from __future__ import annotations

import pytest

from sopflow.templates import first_undrawable, render_document
from sopflow.templates.text import markup
from tests.pdf_text import pdffonts as _fonts
from tests.pdf_text import pdftotext as _pdftotext
from tests.templates.samples import DATA, sample_request

PASSAGE = ("قال رسول الله صلى الله عليه وسلم إنما الأعمال بالنيات وإنما لكل امرئ ما نوى فمن كانت هجرته إلى "
           "الله ورسوله فهجرته إلى الله ورسوله ومن كانت هجرته لدنيا يصيبها أو امرأة ينكحها فهجرته إلى ما "
           "هاجر إليه")


SAMPLES = [
    "Ṣalāḥ al-Dīn, Nguyễn Thị Hương, Łódź, Øystein, Çağrı, Šťastný, naïve",
    "Αθηνά Παπαδοπούλου, λόγος",
    "Иван Петрович",
    "€ 1.000 © ® ™ § ¶ • → ← ↔ ✓ ★ ½ ‰ № °C ± ≈ ≤ ≥",
    "محمد بن عبد الله",
    "عبد الرحمن الجزائري",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_the_pdf_text_equals_the_typed_text(text: str) -> None:
    assert first_undrawable(text) is None
    document = render_document(sample_request("nota_dinas", data=dict(DATA["nota_dinas"], isi=text)))
    lines = [line.strip() for line in _pdftotext(document.pdf).splitlines()]
    assert text in lines


def test_a_long_arabic_passage_reads_from_the_top_line_down() -> None:
    typed = f"Hadis pertama berbunyi: {PASSAGE} (HR. Bukhari dan Muslim)."
    document = render_document(sample_request("nota_dinas", data=dict(DATA["nota_dinas"], isi=typed)))
    lines = [" ".join(line.split()) for line in _pdftotext(document.pdf).splitlines()]
    first = next(i for i, line in enumerate(lines) if "Hadis pertama" in line)
    last = next(i for i, line in enumerate(lines) if "HR. Bukhari" in line)
    assert last > first, "the passage wraps over several lines"
    assert "قال رسول الله" in lines[first] and "إليه" in lines[last]
    assert "إليه" not in lines[first], "reordered as a whole before wrapping, the end would print first"


def test_bold_and_italic_text_fall_back_to_the_arabic_faces() -> None:
    data = dict(DATA["laporan"], judul="Laporan kunjungan محمد بن عبد الله")
    document = render_document(sample_request("laporan", data=data))
    fonts = _fonts(document.pdf)
    assert "NotoNaskhArabic-Bold" in fonts and "DejaVuSans-Bold" in fonts
    assert "LAPORAN KUNJUNGAN محمد بن عبد الله" in _pdftotext(document.pdf)
    assert 'face="NaskahArabic-Bold"' in markup("Ali علي", "NaskahSans-BoldItalic")
    assert markup("Ω", "NaskahSans-BoldItalic") == "Ω", "a character the face has stays in the face"


@pytest.mark.parametrize(
    "text,index",
    [("Li \u4e2d", 3), ("\U0001F9E1", 0), ("a\u200bb", 1), ("a\u202eb", 1), ("\ue000", 0), ("a\x07", 1),
     ("\u0e01", 0), ("\u0378", 0)],
)
def test_what_no_font_prints_is_named_never_replaced(text: str, index: int) -> None:
    assert first_undrawable(text) == index
