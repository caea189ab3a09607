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
