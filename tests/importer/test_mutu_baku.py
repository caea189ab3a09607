"""Mutu Baku (Kelengkapan, Waktu, Output) of Prosedur Kerja steps becomes task properties, every value reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from sopflow.importer.draft import import_sop
from sopflow.importer.mutu_baku import waktu_workdays
from sopflow.model.check import check_file
from sopflow.model.profile import load_model

HEAD = """KEMENTERIAN KEUANGAN REPUBLIK INDONESIA
Direktorat Jenderal Pajak Kantor Pelayanan Pajak Pratama Contoh
Standard Operating Procedure
TATA CARA PENERBITAN SURAT TUGAS PEMERIKSAAN
Nomor : SOP-MB/01
Jangka Waktu Penyelesaian: 3 (tiga) hari kerja
Pihak yang Terkait:
1. Kepala Kantor
2. Kepala Seksi Pemeriksaan
3. Pelaksana Seksi Pemeriksaan
Prosedur Kerja:
"""

TABLE = HEAD + """| No | Kegiatan | Kelengkapan | Waktu | Output | Keterangan |
|---|---|---|---|---|---|
| 1 | Pelaksana Seksi Pemeriksaan menyusun konsep surat tugas pemeriksaan. | Daftar wajib pajak | 2 jam | Konsep surat tugas | |
| 2 | Kepala Seksi Pemeriksaan memaraf konsep surat tugas pemeriksaan. | Konsep surat tugas | 30 menit | Konsep diparaf | |
| 3 | Kepala Kantor menandatangani surat tugas pemeriksaan. | Konsep diparaf | {waktu} | Surat tugas | |
| 4 | Pelaksana Seksi Pemeriksaan mengarsipkan surat tugas pemeriksaan. | Surat tugas | 15 menit | Arsip | |
"""

LINES = HEAD + """1. Pelaksana Seksi Pemeriksaan menyusun konsep surat tugas pemeriksaan.
Kelengkapan: Daftar wajib pajak; Waktu: 1 hari; Output: Konsep surat tugas
2. Kepala Kantor menandatangani surat tugas pemeriksaan.

Output: Surat tugas
Waktu: 1 jam 30 menit
"""


def _import(text: str, tmp_path: Path):
    source = tmp_path / "sop.md"
    source.write_text(text)
    result = import_sop(source, tmp_path / "draft.bpmn")
    assert [f for f in check_file(result.model) if f.severity in ("error", "warning")] == []
    return result, load_model(result.model)


def _props(model, action: str) -> dict[str, str]:
    task = next(t for t in model.tasks.values() if t.action == action)
    return model.elements[task.id].properties


def test_mutu_baku_table_sets_properties_on_the_tasks_of_each_step(tmp_path: Path):
    result, model = _import(TABLE.format(waktu="1 hari"), tmp_path)
    create, paraf, sign, file = (_props(model, a) for a in ("create", "paraf", "sign", "file"))
    assert create["completeness"] == "Daftar wajib pajak" and create["output"] == "Konsep surat tugas"
    assert create["durationWorkdays"] == "0.27"  # 2 jam of a 7.5-hour working day
    assert paraf["durationWorkdays"] == "0.07" and paraf["output"] == "Konsep diparaf"
    assert sign["durationWorkdays"] == "1" and sign["completeness"] == "Konsep diparaf"
    assert file["durationWorkdays"] == "0.03" and file["output"] == "Arsip"
    waktu = [i for i in result.inferences if i.phrase.split(": ", 1)[-1].startswith("Waktu:")]
    assert [(i.step, i.confidence) for i in waktu] == [(1, "sedang"), (2, "sedang"), (3, "tinggi"), (4, "sedang")]
    assert any(i.step == 1 and i.inferred == "kelengkapan 'Daftar wajib pajak'" for i in result.inferences)
    assert any(i.step == 4 and i.inferred == "output 'Arsip'" for i in result.inferences)
    assert not any(i.phrase == "Mutu Baku" for i in result.inferences)


def test_malformed_waktu_is_reported_and_falls_back_to_the_split(tmp_path: Path):
    result, model = _import(TABLE.format(waktu="sebentar"), tmp_path)
    share = 3 / len(model.tasks)
    sign = _props(model, "sign")
    assert sign["durationWorkdays"] == f"{round(share, 2):g}"
    assert sign["output"] == "Surat tugas"  # the other cells of the row are still read
    bad = [i for i in result.inferences if "sebentar" in i.phrase]
    assert len(bad) == 1 and bad[0].step == 3 and bad[0].confidence == "rendah"
    assert "tidak terbaca" in bad[0].inferred


def test_per_step_mutu_baku_lines_are_read_and_kept_out_of_the_sentence(tmp_path: Path):
    result, model = _import(LINES, tmp_path)
    create, sign = _props(model, "create"), _props(model, "sign")
    assert create["durationWorkdays"] == "1" and create["completeness"] == "Daftar wajib pajak"
    assert sign["durationWorkdays"] == "0.2" and sign["output"] == "Surat tugas"
    for task in model.tasks.values():
        assert "Waktu" not in task.documentation and "Kelengkapan" not in task.documentation


def test_table_without_subject_takes_actors_from_marked_pelaksana_columns(tmp_path: Path):
    text = HEAD + """| No | Kegiatan | Kepala Kantor | Pelaksana Seksi Pemeriksaan | Kelengkapan | Waktu | Output |
|---|---|---|---|---|---|---|
| 1 | Menyusun konsep surat tugas pemeriksaan | | X | Daftar wajib pajak | 1 hari | Konsep |
| 2 | Menandatangani surat tugas pemeriksaan | X | - | Konsep | 2 hari | Surat tugas |
"""
    _, model = _import(text, tmp_path)
    create = next(t for t in model.tasks.values() if t.action == "create")
    sign = next(t for t in model.tasks.values() if t.action == "sign")
    assert (create.lane, sign.lane) == ("Pelaksana Seksi Pemeriksaan", "Kepala Kantor")
    assert model.elements[sign.id].properties["durationWorkdays"] == "2"


def test_steps_without_mutu_baku_keep_the_even_split(tmp_path: Path):
    text = LINES.replace("Kelengkapan: Daftar wajib pajak; Waktu: 1 hari; Output: Konsep surat tugas\n", "")
    _, model = _import(text, tmp_path)
    assert _props(model, "create")["durationWorkdays"] == f"{round(3 / len(model.tasks), 2):g}"
    assert "output" not in _props(model, "create")


@pytest.mark.parametrize(("text", "days"), [
    ("1 hari", 1.0), ("2 jam", 2 / 7.5), ("15 menit", 0.25 / 7.5), ("1 jam 30 menit", 0.2), ("0,5 hari kerja", 0.5),
    ("sebentar", None), ("2 jam atau lebih", None), ("0 menit", None), ("", None),
])
def test_waktu_conversion(text: str, days: float | None):
    assert waktu_workdays(text) == pytest.approx(days) if days is not None else waktu_workdays(text) is None


# -- .docx tables and a separate Mutu Baku section ----------------------------------------------

STEPS = [
    ("1", "Pelaksana Seksi Pemeriksaan menyusun konsep surat tugas pemeriksaan.", "Daftar wajib pajak", "2 jam",
     "Konsep surat tugas"),
    ("2", "Kepala Seksi Pemeriksaan memaraf konsep surat tugas pemeriksaan.", "Konsep surat tugas", "30 menit",
     "Konsep diparaf"),
    ("3", "Kepala Kantor menandatangani surat tugas pemeriksaan.", "Konsep diparaf", "1 hari", "Surat tugas"),
    ("4", "Pelaksana Seksi Pemeriksaan mengarsipkan surat tugas pemeriksaan.", "Surat tugas", "15 menit", "Arsip"),
]
"""Step number, sentence and its Mutu Baku (Kelengkapan, Waktu, Output)."""


def _docx(tmp_path: Path, build) -> Path:
    """A real .docx written with python-docx: the head as paragraphs, then what ``build`` adds."""
    from docx import Document

    document = Document()
    for line in HEAD.splitlines():
        document.add_paragraph(line)
    build(document)
    path = tmp_path / "sop.docx"
    document.save(str(path))
    return path


def _table(document, rows: list[list[str]]) -> None:
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value


def _import_file(source: Path, tmp_path: Path):
    result = import_sop(source, tmp_path / "draft.bpmn")
    assert [f for f in check_file(result.model) if f.severity in ("error", "warning")] == []
    return result, load_model(result.model)


def _assert_mutu_of_every_step(model) -> None:
    create, paraf, sign, file = (_props(model, a) for a in ("create", "paraf", "sign", "file"))
    assert (create["completeness"], create["durationWorkdays"], create["output"]) == (
        "Daftar wajib pajak", "0.27", "Konsep surat tugas")
    assert (paraf["durationWorkdays"], paraf["output"]) == ("0.07", "Konsep diparaf")
    assert (sign["completeness"], sign["durationWorkdays"], sign["output"]) == ("Konsep diparaf", "1", "Surat tugas")
    assert (file["durationWorkdays"], file["output"]) == ("0.03", "Arsip")


def test_docx_prosedur_kerja_table_with_two_header_rows_is_read(tmp_path: Path):
    """A Word table as SOPs print it: a group row (Pelaksana, Mutu Baku), then lane names and the Mutu Baku columns;
    the Kegiatan is written without subject and the marked Pelaksana cell names the actor."""
    lanes = ["Kepala Kantor", "Kepala Seksi Pemeriksaan", "Pelaksana Seksi Pemeriksaan"]
    actor = {"1": 2, "2": 1, "3": 0, "4": 2}

    def build(document) -> None:
        rows = [["No", "Kegiatan", "Pelaksana", "Pelaksana", "Pelaksana", "Mutu Baku", "Mutu Baku", "Mutu Baku",
                 "Keterangan"],
                ["No", "Kegiatan", *lanes, "Kelengkapan", "Waktu", "Output", "Keterangan"]]
        for number, sentence, completeness, waktu, output in STEPS:
            kegiatan = sentence.split(" ", 3)[-1] if number != "3" else "Menandatangani surat tugas pemeriksaan."
            kegiatan = kegiatan[0].upper() + kegiatan[1:]
            marks = ["X" if i == actor[number] else "" for i in range(3)]
            rows.append([number, kegiatan, *marks, completeness, waktu, output, ""])
        _table(document, rows)

    source = _docx(tmp_path, build)
    result, model = _import_file(source, tmp_path)
    _assert_mutu_of_every_step(model)
    sign = next(t for t in model.tasks.values() if t.action == "sign")
    assert sign.lane == "Kepala Kantor"
    assert not any(i.phrase == "Mutu Baku" for i in result.inferences)


def test_docx_separate_mutu_baku_table_is_read_by_step_number(tmp_path: Path):
    def build(document) -> None:
        for number, sentence, *_ in STEPS:
            document.add_paragraph(f"{number}. {sentence}")
        document.add_paragraph("Mutu Baku:")
        _table(document, [["No", "Kelengkapan", "Waktu", "Output"],
                          *[[number, completeness, waktu, output] for number, _, completeness, waktu, output in STEPS]])

    _, model = _import_file(_docx(tmp_path, build), tmp_path)
    _assert_mutu_of_every_step(model)


SEPARATE = HEAD + "".join(f"{number}. {sentence}\n" for number, sentence, *_ in STEPS) + """
Mutu Baku:
| Langkah | Kelengkapan | Waktu | Output |
|---|---|---|---|
{rows}
"""


def test_text_sop_with_a_separate_mutu_baku_table(tmp_path: Path):
    rows = "\n".join(f"| {n} | {c} | {w} | {o} |" for n, _, c, w, o in STEPS)
    result, model = _import(SEPARATE.format(rows=rows + "\n| 9 | Berkas lain | 1 hari | Lain |"), tmp_path)
    _assert_mutu_of_every_step(model)
    waktu = [i for i in result.inferences if "Waktu: 2 jam" in i.phrase]
    line = SEPARATE.format(rows=rows).splitlines().index("| 1 | Daftar wajib pajak | 2 jam | Konsep surat tugas |") + 1
    assert [(i.step, i.phrase.split(":")[0]) for i in waktu] == [(1, f"baris {line}")]  # located in the section
    stray = [i for i in result.inferences if "Mutu Baku 9" in i.phrase]
    assert len(stray) == 1 and "tidak menunjuk langkah" in stray[0].inferred
    assert not any(i.phrase == "Mutu Baku" for i in result.inferences)


def test_separate_mutu_baku_lines_fill_only_what_the_steps_leave_open(tmp_path: Path):
    text = LINES + """
Mutu Baku:
1. Waktu: 3 hari; Output: Konsep lain
2. Kelengkapan: Konsep surat tugas
Waktu: 1 hari
tanpa label apa pun
"""
    result, model = _import(text, tmp_path)
    create, sign = _props(model, "create"), _props(model, "sign")
    assert create["durationWorkdays"] == "1" and create["output"] == "Konsep surat tugas"  # the step's own values win
    assert sign["completeness"] == "Konsep surat tugas" and sign["durationWorkdays"] == "0.2"
    assert any("tanpa label" in i.phrase and "tidak terbaca" in i.inferred for i in result.inferences)


def test_the_sops_closing_step_documents_the_end_event(tmp_path: Path):
    """"5. Proses selesai." is no task: it becomes the end event's step, so the SOP document prints it as written."""
    from sopflow.sopdoc import layout_flowchart
    from sopflow.sopdoc.procedure import procedure_items

    _, model = _import(LINES + "3. Proses selesai.\n", tmp_path)
    end = next(e for e in model.elements.values() if e.kind == "endEvent")
    assert end.documentation == "Langkah 3: Proses selesai."
    assert procedure_items(model, layout_flowchart(model))[-1] == ("3", "Proses selesai.")
    (tmp_path / "bare").mkdir()
    _, bare = _import(LINES, tmp_path / "bare")
    assert all(text != "Proses selesai." for _, text in procedure_items(bare, layout_flowchart(bare)))
