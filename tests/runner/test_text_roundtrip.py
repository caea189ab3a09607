"""What an official types is what the journal keeps, the signed PDF shows and the archive verifies.

Real cases of a one-task SOP (a ``record`` task whose Catatan Kegiatan prints every field), real
signatures, real export and offline verification; the PDF text is read back with ``pdftotext``.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from support import complete, ready, snapshot

from sopflow.archive import export_case, verify_case
from sopflow.errors import FormDataError
from sopflow.runner.cases import CaseService

MODEL = Path(__file__).parent / "fixtures" / "catatan.bpmn"
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory):
    service = CaseService(tmp_path_factory.mktemp("text") / "data")
    yield service
    service.close()


_exports = itertools.count(1)


def _run(service: CaseService, roster, tmp: Path, data: dict) -> tuple[str, Path]:
    """Start a case, complete its one task with ``data``, export it; the case id and the bag."""
    case_id = service.start_case(MODEL, roster)
    complete(service, roster, ready(service, case_id), data)
    bag = export_case(service, case_id, tmp / f"bag-{next(_exports)}")
    return case_id, bag


def _pdf_text(bag: Path) -> str:
    (pdf,) = sorted((bag / "data" / "documents").rglob("r1.pdf"))
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True).stdout
    text = _BIDI_MARKS.sub("", out.decode("utf-8"))
    # Arabic is drawn in its contextual forms (presentation forms): read them back as letters
    return "".join(unicodedata.normalize("NFKC", ch) if 0xFB50 <= ord(ch) <= 0xFEFF else ch for ch in text)


def _flat(text: str) -> str:
    return " ".join(text.split())


ACCEPTED = {
    "indonesian": ("Ni Luh Putu Ayu Ṣalāḥ", "Rapat dibuka pukul 08.00 — «kutipan», Rp 5.000.000,- ± 5 %"),
    "latin": ("Nguyễn Thị Hương", "Łódź, Øystein, Çağrı, Ærøskøbing, naïve façade, Šťastný, Ḥadīth"),
    "arabic": ("محمد بن عبد الله", "عبد الرحمن الجزائري"),
    "greek": ("Αθηνά Παπαδοπούλου", "λόγος Ω ≈ 3,5 µm"),
    "symbols": ("Tanda ✓ ★", "€ © ® ™ § ¶ • → ← ↔ ½ ‰ № °C"),
    "separators": ("Budi", "baris satu\u2028baris dua\u2029baris tiga\x85baris empat\r\nbaris lima"),
}


@pytest.mark.parametrize("script", ACCEPTED)
def test_accepted_text_survives_journal_pdf_and_verify(service, roster, tmp_path, script: str) -> None:
    nama, uraian = ACCEPTED[script]
    case_id, bag = _run(service, roster, tmp_path, {"nama": nama, "uraian": uraian})
    report = verify_case(bag, [roster.trust_roots[0]], workers=1)
    assert report.ok, report.findings
    (entry,) = service.journal(case_id)
    assert entry["data"] == {"nama": nama, "uraian": uraian}
    text = _flat(_pdf_text(bag))
    assert _flat(nama) in text
    for line in re.split("\r\n|[\n\r\x85\u2028\u2029]", uraian):
        assert _flat(line) in text, (line, text)


@pytest.mark.parametrize(
    "field,value,code_point",
    [
        ("nama", "Li \u4e2d\u6587", "U+4E2D"),          # CJK: no shipped font
        ("uraian", "selesai \U0001F9E1", "U+1F9E1"),     # colour emoji: no shipped font
        ("uraian", "a\u200bb", "U+200B"),                # zero-width space: invisible
        ("uraian", "a\u202eb", "U+202E"),                # bidi override: would reorder what is read
        ("nama", "Budi\x07", "U+0007"),                  # control character
        ("uraian", "\ue000", "U+E000"),                  # private use
    ],
)
def test_unprintable_text_is_refused_naming_field_and_code_point(service, roster, field, value, code_point):
    case_id = service.start_case(MODEL, roster)
    before = snapshot(service, case_id)
    data = {"nama": "Budi", "uraian": "isi", field: value}
    with pytest.raises(FormDataError) as info:
        complete(service, roster, ready(service, case_id), data)
    assert info.value.where == field and code_point in info.value.message
    assert snapshot(service, case_id) == before


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(text=st.text(st.characters(codec="utf-8"), min_size=1, max_size=30))
@example(text="satu\u2028dua\u2029tiga\x85empat")
@example(text="\x1c\x1d\x1e\x0b\x0c")
def test_any_text_either_round_trips_or_is_refused_by_code_point(service, roster, tmp_path, text: str) -> None:
    case_id = service.start_case(MODEL, roster)
    try:
        complete(service, roster, ready(service, case_id), {"nama": "Uji", "uraian": text})
    except FormDataError as exc:
        assert exc.where == "uraian" and re.search(r"U\+[0-9A-F]{4}", exc.message), exc
        return
    bag = export_case(service, case_id, tmp_path / f"bag-{next(_exports)}")
    report = verify_case(bag, [roster.trust_roots[0]], workers=1)
    assert report.ok, report.findings
    (entry,) = service.journal(case_id)
    assert entry["data"].get("uraian", "") == text.strip()
    exported = (bag / "data" / "journal.jsonl").read_text("utf-8")
    assert exported.count("\n") == 1
