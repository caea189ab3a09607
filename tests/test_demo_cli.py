"""`sopflow demo` as a newcomer runs it: a passing verdict, JSON for scripts, safe about folders."""

from __future__ import annotations

import json

from click.testing import CliRunner

from sopflow.cli.main import main


def test_demo_passes_and_can_be_rerun(tmp_path):
    out = tmp_path / "demo"
    first = CliRunner().invoke(main, ["demo", "--out", str(out), "--sop", "LIP10-0072"])
    assert first.exit_code == 0, first.output
    assert "LULUS verifikasi" in first.output
    assert (out / "LIP10-0072-0001" / "bagit.txt").is_file()
    again = CliRunner().invoke(main, ["demo", "--out", str(out), "--sop", "LIP10-0072", "--json"])
    assert again.exit_code == 0
    envelope = json.loads(again.output)
    assert envelope["ok"] is True
    assert [c["case"] for c in envelope["data"]["cases"]] == ["LIP10-0072-0001"]


def test_demo_refuses_a_foreign_folder(tmp_path):
    (tmp_path / "notes.txt").write_text("keep me")
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert (tmp_path / "notes.txt").read_text() == "keep me"


def test_demo_unknown_sop_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "d"), "--sop", "XYZ-9999"])
    assert result.exit_code == 2
    assert "XYZ-9999" in result.output
