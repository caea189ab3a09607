"""Prosedur Kerja and the Bagan Arus number the steps as each seed's SOP text does."""

from __future__ import annotations

import re

import pytest

from sopflow.bpmn import seed_models
from sopflow.model.profile import TASK_KINDS, load_model, parse_model
from sopflow.sopdoc import build_sop_document, layout_flowchart
from sopflow.sopdoc.procedure import next_label, procedure_items, step_label, step_markers, step_notes
from tests.pdf_text import pdftotext

SOP_TEXT_STEPS: dict[str, list[tuple[str, str]]] = {
    "DJPK-HKK-001": [
        ("a", "Kabag HKK menugaskan Kasubbag MSKLIP untuk"),
        ("b", "Kasubbag MSKLIP menugaskan CSO untuk menyusun"),
        ("c", "CSO menyusun Laporan Layanan Informasi DJPK"),
        ("d", "Kasubbag MSKLIP memeriksa Laporan Layanan Informasi"),
        ("e", "Kabag HKK memeriksa Laporan Layanan Informasi"),
        ("f", "Sesditjen PK memeriksa dan menandatangani Laporan"),
    ],
    "LIP10-0072": [
        ("1", "Pihak Internal KLIP DJP menyampaikan laporan"),
        ("2", "Pelaksana Subbagian Tata Usaha dan Kepatuhan"),
        ("3", "Kepala Subbagian Tata Usaha dan Kepatuhan"),
        ("4", "Petugas Dukungan Sistem (Operator Console) melaksanakan"),
        ("5", "Kepala Subbagian Tata Usaha dan Kepatuhan"),
        ("6", "Pelaksana Tata Usaha dan Kepatuhan Internal"),
        ("7", "Kepala Subbagian Tata Usaha dan Kepatuhan"),
        ("8", "Kepala Subbagian Tata Usaha dan Kepatuhan"),
        ("9", "Pelaksana Subbagian Tata Usaha dan Kepatuhan"),
        ("10", "Proses selesai."),
    ],
    "LIP20-0013": [
        ("1", "Co Supervisor Operasional menghimpun berbagai usul,"),
        ("2", "Co Supervisor Operasional menyusun konsep usulan"),
        ("3", "Kepala Seksi Operasional meneliti dan mempelajari"),
        ("4", "Kepala Seksi Operasional memaraf konsep usulan"),
        ("5", "Kepala Seksi Operasional menyampaikan usulan Penentuan"),
        ("6", "Kepala Kantor meneliti, mempelajari dan menandatangani"),
        ("7", "Kepala Kantor mengembalikan Surat Tugas Penentuan"),
        ("8", "Kepala Seksi Operasional mendistribusikan pekerjaan sesuai"),
        ("9", "Co Supervisor Operasional melakukan pengawasan dan"),
        ("10", "Petugas Dukungan Sistem melaksanakan Penentuan Waktu"),
        ("11", "Co Supervisor Operasional melakukan Pengecekan dan"),
        ("12", "Co Supervisor Operasional menyusun Laporan Hasil"),
        ("13", "Kepala Seksi Operasional menerima laporan hasil"),
        ("14", "Kepala Kantor menerima Laporan Hasil Pelaksanaan"),
        ("15", "Pelaksana Seksi Operasional menatausahakan Laporan Hasil"),
        ("16", "Proses selesai."),
    ],
    "LIP30-0005": [
        ("1", "Kepala Kantor Layanan Informasi dan Pengaduan"),
        ("2", "Kepala Seksi Penjaminan Kualitas Layanan menugaskan"),
        ("3", "Penyaji Bahan Penilaian menerima penugasan untuk"),
        ("4", "Kepala Seksi Penjaminan Kualitas Layanan meneliti,"),
        ("5", "Berdasarkan Jadwal Coaching, Kepala Seksi Penjaminan"),
        ("6", "Selanjutnya Team Leader dan Agen Informasi"),
        ("7", "Setelah proses Coaching selesai dilaksanakan, Quality"),
        ("8", "Kepala Seksi Penjaminan Kualitas Layanan meneliti,"),
        ("9", "Kepala Kantor Layanan Informasi dan Pengaduan"),
        ("10", "Penyaji Bahan Penilaian menatausahakan Berita Acara"),
        ("11", "Proses selesai."),
    ],
    "LIP30-0006": [
        ("1", "Kepala Seksi Penjaminan Kualitas Layanan memberikan"),
        ("2", "Supervisor melakukan koordinasi dan menyiapkan jadwal"),
        ("3", "Masing-masing Quality Assessor menyiapkan sampel rekaman"),
        ("4", "Selanjutnya, setiap Quality Assessor mendengarkan dan"),
        ("5", "Quality Assessor melakukan pembahasan bersama atas"),
        ("6", "Supervisor membuat konsep laporan hasil pelaksanaan"),
        ("7", "Kepala Seksi Penjaminan Kualitas Layanan menyetujui"),
        ("8", "Supervisor menatausahakan Hasil Pelaksanaan Kalibrasi Penilaian"),
        ("9", "Proses selesai."),
    ],
}
"""Each seed SOP text's Prosedur Kerja: the step numbers and the words each step starts with (DJPK-HKK-001
has no closing "Proses selesai." step; the others do)."""


def _covered(label: str) -> list[str]:
    """The steps a row number stands for: ``4–5`` is 4 and 5."""
    first, _, last = label.partition("–")
    if not last:
        return [first]
    if first.isdigit():
        return [str(n) for n in range(int(first), int(last) + 1)]
    return [chr(c) for c in range(ord(first), ord(last) + 1)]


def _model_steps(model) -> list[str]:
    """The steps the model writes: every ``Langkah N`` of any element's documentation, and one per task
    without one."""
    labels: list[str] = []
    for element in model.flow_order():
        written = [label for label, _ in step_markers(element.documentation)]
        if not written and element.kind in TASK_KINDS:
            written = [element.id]
        labels += [label for label in written if label not in labels]
    return labels


def _printed_items(pdf: bytes) -> list[str]:
    """The item labels the rendered PDF prints under Prosedur Kerja (pdftotext)."""
    section = pdftotext(pdf, layout=True).split("Prosedur Kerja", 1)[1].split("Jangka Waktu", 1)[0]
    return re.findall(r"^(\w{1,3}(?:–\w{1,3})?)\. ", section, re.MULTILINE)


@pytest.mark.parametrize("path", seed_models(), ids=lambda p: p.stem.split("_")[0])
def test_seed_steps_match_the_sop_text(path):
    model = load_model(path)
    layout = layout_flowchart(model)
    expected = SOP_TEXT_STEPS[model.number]
    items = procedure_items(model, layout)
    assert [label for label, _ in items] == [label for label, _ in expected]
    for (label, text), (_, words) in zip(items, expected):
        assert text.startswith(words), (label, text)
    # The Bagan Arus rows cover the same steps, in the same order, none skipped.
    covered: list[str] = []
    for row in layout.rows:
        for label in (row.number or "").split(", "):
            covered += [step for step in _covered(label) if label and step not in covered]
    assert covered == [label for label, _ in expected]


@pytest.mark.parametrize("path", seed_models(), ids=lambda p: p.stem.split("_")[0])
def test_printed_prosedur_kerja_is_the_models_steps(path):
    """Every item printed is a step the model writes, each once, in order: nothing added for end events,
    gateways or the process end, nothing dropped."""
    model = load_model(path)
    items = procedure_items(model, layout_flowchart(model))
    assert [label for label, _ in items] == _model_steps(model)
    assert _printed_items(build_sop_document(model).pdf) == [label for label, _ in items]


def test_an_end_event_is_a_step_only_when_its_documentation_says_so():
    path = next(p for p in seed_models() if "lip10-0072" in p.name)
    xml = path.read_bytes()
    assert b"<bpmn:documentation>Langkah 10: Proses selesai.</bpmn:documentation>" in xml
    model = load_model(path)
    assert procedure_items(model, layout_flowchart(model))[-1] == ("10", "Proses selesai.")
    bare = parse_model(xml.replace(b"<bpmn:documentation>Langkah 10: Proses selesai.</bpmn:documentation>", b""),
                       source=path.name)
    items = procedure_items(bare, layout_flowchart(bare))
    assert items[-1][0] == "9" and all("selesai." != text.split()[-1] for _, text in items)
    assert layout_flowchart(bare).steps[-1].number is None  # the end event row has no number


def test_step_markers_keep_conditions_and_ranges():
    doc = "Langkah 3: Kepala Seksi meneliti konsep. Apabila belum sesuai, kembali ke langkah 2.\n" \
          "Langkah 4 – 5: Kepala Seksi memaraf dan menyampaikan konsep."
    assert step_markers(doc) == [
        ("3", "Kepala Seksi meneliti konsep. Apabila belum sesuai, kembali ke langkah 2."),
        ("4–5", "Kepala Seksi memaraf dan menyampaikan konsep."),
    ]
    assert step_label(doc) == "3–5"
    assert step_label("Langkah 6a: Team Leader mengikuti coaching.") == "6a"
    assert step_label("Catatan tanpa nomor langkah; langkah 2 disebut di tengah kalimat.") is None
    assert [next_label(x) for x in (None, "6", "6b", "4–5", "f")] == ["1", "7", "7", "6", "g"]


def test_procedure_merges_parallel_and_review_texts():
    model = load_model(next(p for p in seed_models() if "lip30-0006" in p.name))
    items = dict(procedure_items(model, layout_flowchart(model)))
    assert items["3"].count("menyiapkan sampel") == 1  # two parallel tasks, one sentence
    assert items["7"].endswith("Apabila konsep laporan belum sesuai, kembali ke langkah 6.")  # the review's condition


def test_keterangan_keeps_notes_but_not_the_step_texts():
    doc = "Konsep Surat Tugas disusun bersama usulan.\nLangkah 4: Kepala Seksi memaraf konsep usulan."
    assert step_notes(doc) == "Konsep Surat Tugas disusun bersama usulan."
    assert step_notes("Catatan saja.") == "Catatan saja."
    model = load_model(next(p for p in seed_models() if "lip30-0006" in p.name))
    layout = layout_flowchart(model)
    step = next(s for s in layout.steps if s.element_id == "Task_TelitiLaporan")
    assert step.remarks == ""  # its whole documentation is step 7, printed in Prosedur Kerja
