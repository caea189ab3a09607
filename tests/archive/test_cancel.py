"""Cancelling a case: journaled, ended, sealed as cancelled, exported and verified as cancelled."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import select

from sopflow.archive.report import Kind
from sopflow.archive.verify import verify_case
from sopflow.cli.main import main
from sopflow.runner.cases import CaseService
from sopflow.runner.store import TaskRow

SEED = "LIP20-0013"


def _run(*args: str) -> tuple[int, dict]:
    result = CliRunner().invoke(main, [*args, "--json"], env={"SOPFLOW_TODAY": ""})
    return result.exit_code, json.loads(result.stdout)


def test_a_cancelled_case_is_sealed_exported_and_verified_as_cancelled(tmp_path: Path, roster_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    code, started = _run("case", "start", SEED, "--roster", str(roster_path), *data)
    assert code == 0, started
    case_id, first = started["data"]["case"]["id"], started["data"]["ready"][0]["id"]
    code, done = _run("task", "complete", first, "--roster", str(roster_path), *data)
    assert code == 0, done

    code, cancelled = _run("case", "cancel", case_id, "--reason", "Permohonan  ditarik\npemohon", *data)
    assert code == 0, cancelled
    assert cancelled["data"]["journal_seq"] == 2 and cancelled["data"]["reason"] == "Permohonan ditarik pemohon"

    code, shown = _run("case", "show", case_id, *data)
    assert shown["data"]["case"]["status"] == "cancelled"
    assert shown["data"]["journal"][-1]["action"] == "cancel"
    text = CliRunner().invoke(main, ["case", "show", case_id, *data]).output
    assert "kasus dibatalkan: Permohonan ditarik pemohon" in text
    service = CaseService(tmp_path / "data")
    with service.store.session() as session:
        waiting = session.scalars(select(TaskRow).where(TaskRow.case_id == case_id, TaskRow.status == "ready"))
        assert list(waiting) == []  # the cancelled case's waiting task was withdrawn with it
    service.close()
    code, again = _run("case", "cancel", case_id, "--reason", "lagi", *data)
    assert code == 1 and "cancelled" in again["error"]["message"]

    code, exported = _run("case", "export", case_id, "--out", str(tmp_path / "bag"), *data)
    assert code == 0, exported
    bag = Path(exported["data"]["archive"])
    trust = roster_path.parent / "pki" / "root.pem"
    report = verify_case(bag, [trust], workers=1)
    assert report.ok, report.findings
    assert report.outcome == "cancelled"
    strict = verify_case(bag, [trust], workers=1, require_complete=True)
    assert strict.kinds == {Kind.NOT_COMPLETE}
    sheet = (bag / "data" / "lembar-riwayat.pdf").read_bytes()
    from io import BytesIO

    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(sheet)).pages)
    assert "DIBATALKAN" in text and "Permohonan ditarik pemohon" in text and case_id in text

    code, cli_verify = _run("verify", str(bag), "--trust", str(trust), "--require-complete")
    assert code == 1 and "not-complete" in json.dumps(cli_verify)


def test_cancel_needs_a_reason_and_a_known_case(tmp_path: Path) -> None:
    data = ["--data-dir", str(tmp_path / "data")]
    result = CliRunner().invoke(main, ["case", "cancel", "X-0001", *data])
    assert result.exit_code == 2 and "--reason" in result.output
    code, unknown = _run("case", "cancel", "X-0001", "--reason", "salah", *data)
    assert code == 1 and unknown["ok"] is False
