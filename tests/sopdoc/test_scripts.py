"""The SOP document prints the characters the letters print, with the same fonts; the rest is refused, located."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from sopflow.bpmn import seed_models
from sopflow.cli.main import main
from sopflow.errors import ModelError
from sopflow.model.profile import parse_model
from sopflow.sopdoc import build_sop_document
from tests.pdf_text import pdffonts, pdftotext

SEED = next(p for p in seed_models() if "lip30-0006" in p.name)

TYPED = {
    # sop.title: Latin Extended and smart quotes
    "TATA CARA PELAKSANAAN KALIBRASI PENILAIAN AGEN": "TATA CARA KALİBRASİ “ŞİRKET” – AGEN",
    # sop.approver: an Arabic name and a Vietnamese one
    "Awan Nurmawan Nuh": "عبد الرحمن الجزائري",
    "Sekretaris Direktorat Jenderal": "Sekretaris Nguyễn Thị Hương",
    # a lane (Pelaksana column and Pihak yang Terkait)
    'name="Supervisor"': 'name="Şupervisor Łódź"',
    # a step's text in Prosedur Kerja
    "Langkah 1: Kepala Seksi Penjaminan Kualitas Layanan memberikan pengarahan":
        "Langkah 1: Kepala Seksi Penjaminan Kualitas Layanan memberikan ‘pengarahan’ ± €",
    # a flow name on an arrow of the Bagan Arus
    'name="setuju"': 'name="setuju ✓"',
}


def _model(replacements: dict[str, str]):
    xml = SEED.read_bytes()
    for old, new in replacements.items():
        assert old.encode() in xml, old
        xml = xml.replace(old.encode(), new.encode())
    return parse_model(xml, source="kalibrasi.bpmn")


def test_names_and_titles_outside_latin_1_print_as_typed():
    document = build_sop_document(_model(TYPED))
    text = " ".join(pdftotext(document.pdf).split())
    for typed in ("TATA CARA KALİBRASİ “ŞİRKET” – AGEN", "عبد الرحمن الجزائري", "Sekretaris Nguyễn Thị Hương",
                  "Şupervisor Łódź", "memberikan ‘pengarahan’ ± €", "setuju ✓"):
        assert typed in text, typed
    fonts = pdffonts(document.pdf)
    assert "DejaVuSans" in fonts and "NotoNaskhArabic" in fonts
    assert "Vera" not in fonts, "the SOP document uses the naskah dinas fonts, not reportlab's Vera"


@pytest.mark.parametrize(
    "old,new,where,what",
    [
        ('name="Supervisor"', 'name="Supervisor \U0001F9E1"', "kalibrasi.bpmn:", "nama lajur Lane_Supervisor"),
        ("Menyiapkan sampel rekaman percakapan Agen", "Menyiapkan sampel \u4e2d",
         "kalibrasi.bpmn:113", "nama elemen Task_SiapkanSampelQA1"),
        ("TATA CARA PELAKSANAAN KALIBRASI PENILAIAN AGEN", "TATA CARA\u200bKALIBRASI",
         "kalibrasi.bpmn:3", "properti proses sop.title"),
    ],
)
def test_what_no_shipped_font_prints_is_refused_with_its_place(old, new, where, what):
    model = _model({old: new})
    with pytest.raises(ModelError) as refused:
        build_sop_document(model)
    assert refused.value.where.startswith(where)
    assert what in refused.value.message and "U+" in refused.value.message


def test_the_command_refuses_with_a_located_json_error_and_writes_nothing(tmp_path):
    model = tmp_path / "kalibrasi.bpmn"
    model.write_bytes(SEED.read_bytes().replace(b'name="setuju"', 'name="setuju \U0001F9E1"'.encode()))
    out = tmp_path / "sop.pdf"
    result = CliRunner().invoke(main, ["sop", "render", str(model), "--out", str(out), "--json"])
    assert result.exit_code == 1, result.output
    error = json.loads(result.stdout)["error"]
    assert error["location"].startswith(f"{model}:") and "nama alur Flow_17" in error["message"]
    assert "U+1F9E1" in error["message"] and error["hint"]
    assert not out.exists()
