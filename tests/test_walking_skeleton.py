"""End to end: seed LIP20-0013 runs signed and verified; tampering is caught; the wrong key is refused."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopflow.cli.main import main
from sopflow.errors import RoleError
from sopflow.runner.cases import CaseService
from sopflow.runner.completion import complete_task
from sopflow.runner.roster import Roster
from sopflow.signing import open_signer


def _verify(archive: Path, trust: Path) -> tuple[int, dict]:
    result = CliRunner().invoke(main, ["verify", str(archive), "--trust", str(trust), "--json"])
    envelope = json.loads(result.output)
    assert envelope["ok"] is (result.exit_code == 0)
    return result.exit_code, envelope["data"]


def _all_problems(report: dict) -> list[str]:
    return [*report["problems"], *(p for r in report["revisions"] for p in r["problems"])]


def test_demo_case_completes_and_verifies(demo_run, trust_root):
    _out, results = demo_run
    (case,) = results
    assert case.report.ok, case.report.problems
    assert case.tasks >= 15 - 2  # one task may cover several SOP steps
    code, report = _verify(case.archive, trust_root)
    assert code == 0 and report["ok"] is True
    # every task produced one signed revision, each named in the journal
    journal = (case.archive / "data" / "journal.jsonl").read_text().splitlines()
    assert len(journal) == case.tasks == len(report["revisions"])
    # the laporan went through sign, receive and file on one document
    actions = [json.loads(line)["action"] for line in journal if json.loads(line)["document"] == "laporan"]
    assert actions[0] == "create" and {"sign", "receive", "file"} <= set(actions)


def test_pdfsig_lists_the_signatures(demo_run):
    _out, results = demo_run
    laporan = sorted((results[0].archive / "data" / "documents" / "laporan").glob("r*.pdf"))[-1]
    text = subprocess.run(["pdfsig", str(laporan)], capture_output=True, text=True).stdout
    assert text.count("Signature #") >= 4
    assert "ETSI.CAdES.detached" in text


def test_flipped_byte_in_signed_content_is_named(archive_copy, trust_root):
    doc = sorted((archive_copy / "data" / "documents" / "surat_tugas").glob("r*.pdf"))[-1]
    data = bytearray(doc.read_bytes())
    position = data.index(b"stream\n") + 20  # inside the first content stream, covered by every signature
    data[position] ^= 0x01
    doc.write_bytes(bytes(data))
    code, report = _verify(archive_copy, trust_root)
    assert code == 1
    named = [p for p in _all_problems(report) if doc.name in p and "surat_tugas" in p]
    assert named, _all_problems(report)


def test_deleted_document_is_reported_missing(archive_copy, trust_root):
    doc = sorted((archive_copy / "data" / "documents" / "laporan").glob("r*.pdf"))[0]
    doc.unlink()
    code, report = _verify(archive_copy, trust_root)
    assert code == 1
    findings = [f for r in report["revisions"] for f in r["findings"]]
    assert any(f["kind"] == "document-missing" and "laporan/r1.pdf" in f["message"] for f in findings), findings


def test_edited_journal_line_breaks_the_chain(archive_copy, trust_root):
    journal = archive_copy / "data" / "journal.jsonl"
    lines = journal.read_text().splitlines()
    entry = json.loads(lines[2])
    entry["official"]["name"] = "Orang Lain"
    lines[2] = json.dumps(entry, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    journal.write_text("\n".join(lines) + "\n")
    code, report = _verify(archive_copy, trust_root)
    assert code == 1
    assert any("journal line 3" in p for p in report["problems"])


def test_verify_without_bag_layout_fails_clearly(tmp_path, trust_root):
    result = CliRunner().invoke(main, ["verify", str(tmp_path), "--trust", str(trust_root)])
    assert result.exit_code == 1
    assert "case.json is missing" in result.output


def test_task_signed_with_another_roles_key_is_refused(demo_run, tmp_path):
    out, _ = demo_run
    roster = Roster.load(out / "setup" / "roster.toml")
    service = CaseService(tmp_path / "data")
    from sopflow.bpmn import resolve_model

    case_id = service.start_case(resolve_model("lip20-0013"), roster)
    (task,) = service.ready_tasks(case_id)[:1]
    other = next(e for role, e in roster.entries.items() if role != task.role)
    before = (service.state_size(case_id), service.journal(case_id), service.documents(case_id))
    form = service.form_of(case_id, task.form_key) if task.form_key else None
    with open_signer(other.signer) as signer, pytest.raises(RoleError) as refused:
        complete_task(service, case_id, task.id, form.defaults() if form else {}, signer)
    assert task.role in str(refused.value)
    after = (service.state_size(case_id), service.journal(case_id), service.documents(case_id))
    assert after == before
    assert [t.id for t in service.ready_tasks(case_id)][0] == task.id
    stored = {path.name for path in (tmp_path / "data" / "blobs").glob("*/*")}
    assert stored == set(service.case_files(case_id).values())  # the model and forms only: no document
