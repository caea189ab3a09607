"""``sopflow case`` and ``sopflow task`` end to end: real PKI, real signatures, JSON and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sopflow.cli.main import main

SEED = "lip20-0013"
FIRST_ROLE = "Co Supervisor Operasional"


class Cli:
    """``sopflow`` on one data directory, in process."""

    def __init__(self, data_dir: Path, roster_path: Path, roster):
        self.data_dir, self.roster_path, self.roster = data_dir, roster_path, roster

    def __call__(self, *args: str, today: str | None = None):
        env = {"SOPFLOW_TODAY": today} if today else {"SOPFLOW_TODAY": ""}
        return CliRunner().invoke(main, [*args, "--data-dir", str(self.data_dir)], env=env, catch_exceptions=False)

    def json(self, *args: str, code: int = 0, today: str | None = None):
        """The ``data`` of a successful command's envelope, or a failed command's ``error``."""
        result = self(*args, "--json", today=today)
        assert result.exit_code == code, result.output
        envelope = json.loads(result.stdout)
        assert envelope["ok"] is (code == 0)
        return envelope["data"] if code == 0 else envelope["error"]

    def signer_args(self, role: str) -> list[str]:
        spec = self.roster.for_role(role).signer
        return ["--signer", str(spec.pkcs12), "--passphrase", spec.passphrase]


@pytest.fixture(scope="module")
def started(tmp_path_factory, roster_path, roster):
    """A case started on Tuesday 17 March 2026 (its first task is due 25 March, after Idul Fitri)."""
    cli = Cli(tmp_path_factory.mktemp("cli") / "data", roster_path, roster)
    out = cli.json("case", "start", SEED, "--roster", str(roster_path), today="2026-03-17")
    return cli, out


def test_case_start_and_list(started):
    cli, out = started
    case_id = out["case"]["id"]
    assert case_id.startswith("LIP20-0013-") and out["case"]["due_date"] == "2026-04-08"
    assert [t["role"] for t in out["ready"]] == [FIRST_ROLE]
    listed = cli.json("case", "list")
    assert [c["id"] for c in listed] == [case_id]
    text = cli("case", "list")
    assert case_id in text.output and text.exit_code == 0


def test_task_list_by_role_and_overdue(started):
    cli, out = started
    assert len(cli.json("task", "list", "--role", "co supervisor")) == 1
    assert cli.json("task", "list", "--role", "Kepala Kantor") == []
    assert cli.json("task", "list", "--overdue", today="2026-03-25") == []
    late = cli.json("task", "list", "--overdue", today="2026-03-26")
    assert [t["id"] for t in late] == [out["ready"][0]["id"]] and late[0]["due_date"] == "2026-03-25"
    text = cli("task", "list", "--overdue", today="2026-03-26").output
    assert "TERLAMBAT" in text
    bad = cli("task", "list", "--json", today="26/03/2026")
    assert bad.exit_code == 1 and "SOPFLOW_TODAY" in json.loads(bad.stdout)["error"]["message"]


def test_task_show_names_the_form_fields(started):
    cli, out = started
    shown = cli.json("task", "show", out["ready"][0]["id"])
    assert shown["task"]["role"] == FIRST_ROLE
    assert {f["key"] for f in shown["fields"]} == {"sumber_masukan", "uraian"}
    assert all(f["required"] for f in shown["fields"])


def test_form_data_error_names_the_field(started, tmp_path):
    cli, out = started
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"sumber_masukan": "Survei", "uraian": "x" * 5000}), encoding="utf-8")
    refused = cli.json("task", "complete", out["ready"][0]["id"], "--data", str(data),
                       *cli.signer_args(FIRST_ROLE), code=1)
    assert refused["kind"] == "form-data"
    assert "uraian" in (refused["location"] or "") + refused["message"]
    assert len(cli.json("case", "show", out["case"]["id"])["journal"]) == 0


def test_wrong_role_signer_is_refused_in_indonesian(started, tmp_path):
    cli, out = started
    refused = cli.json("task", "complete", out["ready"][0]["id"], *cli.signer_args("Kepala Seksi Operasional"),
                       code=1)
    assert refused["kind"] == "role"
    assert "bukan pejabat yang ditetapkan" in refused["message"] and FIRST_ROLE in refused["message"]
    text = cli("task", "complete", out["ready"][0]["id"], *cli.signer_args("Kepala Seksi Operasional"))
    assert text.exit_code == 1 and "bukan pejabat" in text.output


def test_complete_then_complete_again(started, tmp_path):
    cli, out = started
    task_id = out["ready"][0]["id"]
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"sumber_masukan": "Survei pelanggan", "uraian": "Usulan jam layanan"}))
    done = cli.json("task", "complete", task_id, "--data", str(data), *cli.signer_args(FIRST_ROLE),
                    today="2026-03-26")
    assert done["journal_seq"] == 1
    again = cli.json("task", "complete", task_id, *cli.signer_args(FIRST_ROLE), code=1)
    assert again["kind"] == "task-already-completed" and "sudah selesai" in again["message"]
    shown = cli.json("case", "show", out["case"]["id"])
    assert shown["journal"][0]["data"]["uraian"] == "Usulan jam layanan"
    assert shown["journal"][0]["time"].startswith("2026-03-26")
    assert shown["ready"][0]["due_date"] == "2026-03-27"


def _sopflow(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from sopflow.cli.main import main; main()", *args],
                          capture_output=True, text=True, timeout=300)


def test_two_cli_processes_complete_one_task(tmp_path, roster_path, roster):
    cli = Cli(tmp_path / "data", roster_path, roster)
    out = cli.json("case", "start", SEED, "--roster", str(roster_path))
    task_id = out["ready"][0]["id"]
    command = ["task", "complete", task_id, *cli.signer_args(FIRST_ROLE), "--data-dir", str(cli.data_dir), "--json"]
    children = [subprocess.Popen([sys.executable, "-c", "from sopflow.cli.main import main; main()", *command],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(c.wait(timeout=300), json.loads(c.stdout.read())) for c in children]
    assert sorted(code for code, _ in results) == [0, 1], results
    loser = next(body for code, body in results if code == 1)
    assert loser["error"]["kind"] == "task-already-completed" and "sudah selesai" in loser["error"]["message"]
    assert len(cli.json("case", "show", out["case"]["id"])["journal"]) == 1


def test_finished_case_export_verify_and_sweep(tmp_path, roster_path, roster):
    cli = Cli(tmp_path / "data", roster_path, roster)
    case_id = cli.json("case", "start", SEED, "--roster", str(roster_path))["case"]["id"]
    while ready := cli.json("task", "list", "--case", case_id):
        done = cli.json("task", "complete", ready[0]["id"], *cli.signer_args(ready[0]["role"]))
        assert done["task_id"] == ready[0]["id"]
    shown = cli.json("case", "show", case_id)
    assert shown["case"]["status"] == "completed" and shown["ready"] == []
    assert {d["document"] for d in shown["documents"]} >= {"surat_tugas", "nota_dinas", "laporan"}
    exported = cli.json("case", "export", case_id, "--out", str(tmp_path / "bag"))
    assert (Path(exported["archive"]) / "bagit.txt").is_file()
    trust = roster.trust_roots[0]
    verified = CliRunner().invoke(main, ["verify", exported["archive"], "--trust", str(trust), "--json"])
    assert verified.exit_code == 0, verified.output
    stray = cli.data_dir / "blobs" / "ab" / ("ab" * 32)
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"left by an interrupted completion")
    swept = cli.json("case", "sweep-blobs", "--grace-hours", "0")
    # referenced: every revision of the journal, the case's sealed Lembar Riwayat, its model and forms
    case_files = len(list((Path(exported["archive"]) / "data" / "model").iterdir())) + len(
        list((Path(exported["archive"]) / "data" / "forms").iterdir()))
    assert swept["removed"] == ["ab" * 32] and swept["referenced"] == len(shown["journal"]) + 1 + case_files
    assert not stray.exists()
