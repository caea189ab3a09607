"""`sopflow check` end to end through click."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from sopflow.cli.check import check

HERE = Path(__file__).parent
REPO = HERE.parents[1]


def test_clean_models_exit_zero() -> None:
    result = CliRunner().invoke(check, [str(REPO / "bpmn"), str(HERE / "fixtures" / "good.bpmn")])
    assert result.exit_code == 0, result.output
    assert "0 galat" in result.output


def test_findings_are_printed_located_and_exit_one() -> None:
    path = HERE / "broken" / "bad_action.bpmn"
    result = CliRunner().invoke(check, [str(path)])
    assert result.exit_code == 1
    assert f"{path}:62: Task_Terima: [task-action] action 'terima'" in result.output
    assert "1 galat, 0 peringatan" in result.output


def test_json_output_lists_findings() -> None:
    result = CliRunner().invoke(check, [str(HERE / "broken"), "--json"])
    assert result.exit_code == 1
    envelope = json.loads(result.output)
    assert envelope["ok"] is False and envelope["error"]["kind"] == "check-failed"
    findings = envelope["data"]
    assert {"file", "line", "element_id", "rule", "severity", "message"} == set(findings[0])
    assert {"task-action", "xml-hostile", "condition-unsafe", "dead-end"} <= {f["rule"] for f in findings}


def test_forms_option_is_searched_last(tmp_path: Path) -> None:
    model = tmp_path / "m.bpmn"
    model.write_text((HERE / "fixtures" / "good.bpmn").read_text())
    bare = CliRunner().invoke(check, [str(model), "--json"])
    assert bare.exit_code == 1
    assert {f["rule"] for f in json.loads(bare.output)["data"]} == {"form-missing"}
    with_forms = CliRunner().invoke(check, [str(model), "--forms", str(HERE / "forms")])
    assert with_forms.exit_code == 0, with_forms.output


def test_no_argument_is_a_usage_error() -> None:
    assert CliRunner().invoke(check, []).exit_code == 2
