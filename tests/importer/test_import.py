"""``sopflow sop import``: the seed SOP texts become drafts that pass ``sopflow check`` and run with real signatures."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopflow.cli.main import main as cli
from sopflow.importer.draft import import_sop
from sopflow.model.check import check_file
from sopflow.model.profile import load_model

SEEDS = Path(__file__).parent / "sop_texts"
SEED_TEXTS = sorted(SEEDS.glob("*.txt"))

SAMPLE = {
    "pihak": "Budi Santoso | 198001012006041001 | Kepala Seksi",
    "petugas": "Budi Santoso | 198001012006041001 | Penata / III.c | Pelaksana",
    "jadwal": "Senin, 2 Maret 2026 | 09.00 | Agen Informasi | Ruang Rapat",
}


def test_seed_texts_are_present():
    assert len(SEED_TEXTS) == 5


@pytest.mark.parametrize("text", SEED_TEXTS, ids=lambda p: p.stem)
def test_seed_text_imports_to_a_draft_that_passes_check(text: Path, tmp_path: Path):
    result = import_sop(text, tmp_path / "draft.bpmn")
    errors = [f for f in check_file(result.model) if f.severity == "error"]
    assert errors == []
    model = load_model(result.model)
    assert len(model.lanes) == result.lanes >= 4
    assert len(model.tasks) == result.tasks >= 6
    assert len(result.forms) == result.tasks  # one scaffolded form per task
    for task in model.tasks.values():
        assert task.documentation.startswith("Langkah ")  # the original sentence of the step is kept
    assert all(i.confidence in ("tinggi", "sedang", "rendah") for i in result.inferences)


def test_identity_and_roles_are_read(tmp_path: Path):
    result = import_sop(SEEDS / "lip30-0006.txt", tmp_path / "draft.bpmn")
    model = load_model(result.model)
    assert model.properties["sop.number"] == "LIP30-0006"
    assert model.properties["sop.title"] == "TATA CARA PELAKSANAAN KALIBRASI PENILAIAN AGEN"
    assert model.properties["sop.revision"] == "1" and model.properties["sop.date"] == "24 November 2014"
    assert model.properties["sop.deadlineWorkdays"] == "5"
    assert model.properties["sop.approver"].endswith("NIP 196809261993101001")
    assert [lane.name for lane in model.lanes] == ["Kepala Seksi Penjaminan Kualitas Layanan", "Supervisor",
                                                  "Quality Assessor 1", "Quality Assessor 2"]
    actions = {(t.action, t.document) for t in model.tasks.values()}
    assert ("create", "laporan_hasil") in actions and ("sign", "laporan_hasil") in actions
    assert ("file", "laporan_hasil") in actions
    kinds = [e.kind for e in model.elements.values()]
    assert kinds.count("parallelGateway") == 2  # "masing-masing Quality Assessor": split and join


def test_loop_back_phrase_makes_an_exclusive_gateway(tmp_path: Path):
    text = (SEEDS / "lip30-0006.txt").read_text().replace(
        "7. Kepala Seksi Penjaminan Kualitas Layanan menyetujui dan menandatangani konsep laporan hasil "
        "pelaksanaan Kalibrasi.",
        "7. Kepala Seksi Penjaminan Kualitas Layanan meneliti konsep laporan hasil pelaksanaan Kalibrasi; "
        "apabila belum sesuai, kembali ke langkah 6.\n"
        "8. Kepala Seksi Penjaminan Kualitas Layanan menandatangani laporan hasil pelaksanaan Kalibrasi.")
    source = tmp_path / "loop.txt"
    source.write_text(text)
    result = import_sop(source, tmp_path / "draft.bpmn")
    assert [f for f in check_file(result.model) if f.severity == "error"] == []
    xml = result.model.read_text()
    assert 'keputusan == "kembalikan"' in xml
    assert any("kembali ke langkah 6" in i.inferred for i in result.inferences)
    forms = list((tmp_path / "forms").glob("*.form"))
    assert any("keputusan" in f.read_text() for f in forms)  # the scaffolded review form asks for the decision


def _run_trial_case(model: Path, tmp_path: Path, *, returns: int = 0) -> tuple[list[str], set[str]]:
    """Run a case of ``model`` with real signatures: (task ids completed in order, document ids).

    The first ``returns`` decisions answer ``kembalikan`` (send back for revision), the others ``setuju``.
    """
    from sopflow.demo.run import write_demo_setup
    from sopflow.runner.cases import CaseService
    from sopflow.runner.completion import complete_task
    from sopflow.runner.roster import Roster
    from sopflow.signing import open_signer

    roster = Roster.load(write_demo_setup(tmp_path / "setup", [load_model(model)]))
    service = CaseService(tmp_path / "data")
    case_id = service.start_case(model, roster)
    done: list[str] = []
    while views := service.ready_tasks(case_id):
        view = views[0]
        form = service.form_of(case_id, view.form_key)
        data = form.defaults()
        for field in form.fields:
            if field.choices:
                back = returns > 0 and any(c.value == "kembalikan" for c in field.choices)
                returns -= back
                data[field.key] = "kembalikan" if back else next(c.value for c in field.choices
                                                                 if c.value != "kembalikan")
            elif field.required and not data.get(field.key):
                data[field.key] = SAMPLE.get(field.key, f"Isian uji {field.label}")
        with open_signer(roster.for_role(view.role or "").signer) as signer:
            complete_task(service, case_id, view.id, data, signer)
        done.append(view.spec_id)
        assert len(done) < 200
    return done, {d.document_id for d in service.documents(case_id)}


@pytest.mark.parametrize("text", SEED_TEXTS, ids=lambda p: p.stem)
def test_draft_runs_as_a_trial_case_with_real_signatures(text: Path, tmp_path: Path):
    result = import_sop(text, tmp_path / "draft.bpmn")
    done, documents = _run_trial_case(result.model, tmp_path)
    model = load_model(result.model)
    assert sorted(done) == sorted(model.tasks)  # every task once, the reviews approving
    official = {d for d in documents if not d.startswith("catatan_")}  # records sign a Catatan Kegiatan each
    assert official == {t.document for t in model.tasks.values() if t.action == "create"}
    assert len(documents - official) == sum(t.action == "record" for t in model.tasks.values())
    if text.stem == "lip30-0005":
        assert official == {"jadwal_coaching", "berita_acara_coaching"}


def test_inferred_review_loop_sends_the_draft_back_to_its_author(tmp_path: Path):
    result = import_sop(SEEDS / "lip30-0006.txt", tmp_path / "draft.bpmn")
    assert any("tinjauan laporan_hasil" in i.inferred and i.confidence == "rendah" for i in result.inferences)
    done, documents = _run_trial_case(result.model, tmp_path, returns=1)
    model = load_model(result.model)
    creators = [t.id for t in model.tasks.values() if t.action == "create"]
    assert [done.count(c) for c in creators] == [2]  # drafted, sent back, drafted again
    assert len(done) > result.tasks
    assert "laporan_hasil" in documents


def test_cli_prints_located_inferences_and_json(tmp_path: Path):
    runner = CliRunner()
    out = tmp_path / "draft.bpmn"
    result = runner.invoke(cli, ["sop", "import", str(SEEDS / "lip20-0013.txt"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "langkah   6 |" in result.output and "| tinggi" in result.output
    result = runner.invoke(cli, ["sop", "import", str(SEEDS / "lip20-0013.txt"), "--out", str(out), "--json"])
    envelope = json.loads(result.output)
    assert envelope["ok"] is True
    assert envelope["data"]["tasks"] >= 10
    assert {"step", "phrase", "inferred", "confidence"} <= set(envelope["data"]["inferences"][0])


@pytest.mark.parametrize("content, expected", [
    (b"Judul saja\n\nDeskripsi:\nTidak ada langkah.\n", "Prosedur Kerja"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50, "biner"),
    ("Prosedur Kerja:\n1. Kepala menyetujui.\n".encode("utf-16"), "biner"),
    ("Prosedur Kerja:\n1. Kepala Seksi menyetujui naskah caf\u00e9.\n".encode("cp1252"), "UTF-8"),
    (b"PK\x03\x04" + b"\x00" * 100, "biner"),
], ids=["no-procedure", "binary", "utf16", "cp1252", "zip"])
def test_hostile_input_is_refused_with_a_clear_error(content: bytes, expected: str, tmp_path: Path):
    source = tmp_path / "sop.txt"
    source.write_bytes(content)
    out = tmp_path / "draft.bpmn"
    result = CliRunner().invoke(cli, ["sop", "import", str(source), "--out", str(out), "--json"])
    assert result.exit_code == 1
    envelope = json.loads(result.output)
    assert expected in envelope["error"]["message"] + (envelope["error"]["hint"] or "")
    assert not out.exists()


def test_ten_thousand_steps_are_refused_quickly(tmp_path: Path):
    header = (SEEDS / "lip30-0006.txt").read_text().split("G. Prosedur Kerja")[0]
    steps = "".join(f"{n}. Supervisor menyusun laporan hasil ke-{n}.\n" for n in range(1, 10_001))
    source = tmp_path / "sop.txt"
    source.write_text(header + "G. Prosedur Kerja :\n\n" + steps)
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["sop", "import", str(source), "--out", str(tmp_path / "d.bpmn"), "--json"])
    assert result.exit_code == 1
    assert "langkah" in json.loads(result.output)["error"]["message"]
    assert time.monotonic() - started < 20


def test_oversized_and_foreign_files_are_refused(tmp_path: Path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 2_000_000)
    docx = tmp_path / "sop.docx"
    docx.write_bytes(b"PK\x03\x04")
    for source in (big, docx):
        result = CliRunner().invoke(cli, ["sop", "import", str(source), "--out", str(tmp_path / "d.bpmn")])
        assert result.exit_code == 1
        assert "Traceback" not in result.output


def test_diagram_has_a_shape_inside_its_lane_for_every_element(tmp_path: Path):
    from lxml import etree

    result = import_sop(SEEDS / "lip30-0005.txt", tmp_path / "draft.bpmn")
    model = load_model(result.model)
    tree = etree.parse(str(result.model))
    ns = {"bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI", "dc": "http://www.omg.org/spec/DD/20100524/DC",
          "di": "http://www.omg.org/spec/DD/20100524/DI"}
    bounds = {s.get("bpmnElement"): s.find("dc:Bounds", ns) for s in tree.iterfind(".//bpmndi:BPMNShape", ns)}
    edges = {e.get("bpmnElement"): e.findall("di:waypoint", ns) for e in tree.iterfind(".//bpmndi:BPMNEdge", ns)}
    assert set(model.elements) <= set(bounds)
    assert {f.id for f in model.flows} == set(edges) and all(len(w) >= 2 for w in edges.values())
    lane_ids = {lane.name: lane.id for lane in model.lanes}
    for element_id, task in model.tasks.items():
        box, lane = bounds[element_id], bounds[lane_ids[task.lane]]
        top, height = float(box.get("y")), float(box.get("height"))
        assert float(lane.get("y")) <= top and top + height <= float(lane.get("y")) + float(lane.get("height"))
    assert any("lajur tanpa tugas" in i.inferred for i in result.inferences)  # Co Supervisor has no step here


def _docx_of(text: str, target: Path) -> Path:
    from docx import Document

    document = Document()
    for line in text.splitlines():
        if line.strip():
            document.add_paragraph(line.strip())
    document.save(str(target))
    return target


def test_docx_imports_like_its_text(tmp_path: Path):
    source = _docx_of((SEEDS / "lip30-0006.txt").read_text(), tmp_path / "sop.docx")
    result = import_sop(source, tmp_path / "draft.bpmn")
    assert [f for f in check_file(result.model) if f.severity == "error"] == []
    model = load_model(result.model)
    assert model.properties["sop.number"] == "LIP30-0006"
    assert [lane.name for lane in model.lanes][1:] == ["Supervisor", "Quality Assessor 1", "Quality Assessor 2"]
    assert sorted(t.action for t in model.tasks.values()) == sorted(
        t.action for t in load_model(import_sop(SEEDS / "lip30-0006.txt", tmp_path / "t.bpmn").model).tasks.values())


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path: Path):
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(60):  # 60 MiB of zeros, about 60 KiB packed
                member.write(chunk)
    assert bomb.stat().st_size < 1_000_000
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["sop", "import", str(bomb), "--out", str(tmp_path / "d.bpmn"), "--json"])
    assert result.exit_code == 1
    assert "bom zip" in json.loads(result.output)["error"]["hint"]
    assert time.monotonic() - started < 10
    assert not (tmp_path / "d.bpmn").exists()


def test_drafts_pass_bpmnlint(tmp_path: Path):
    import shutil
    import subprocess

    repo = Path(__file__).resolve().parents[2]
    local = repo / "node_modules" / ".bin" / "bpmnlint"
    lint = str(local) if local.exists() else shutil.which("bpmnlint")
    if lint is None:
        pytest.fail("bpmnlint is not installed: run `npm ci` at the repository root")
    drafts = [str(import_sop(text, tmp_path / text.stem / "draft.bpmn").model) for text in SEED_TEXTS]
    result = subprocess.run([lint, *drafts], cwd=repo, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
