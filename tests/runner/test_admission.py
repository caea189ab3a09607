"""``case start`` refuses every model ``sopflow check`` rejects, with check's own findings, writing nothing.

One model per class of what must never run (hostile XML, unsafe conditions,
script tasks and listeners, timer expressions, pre-scripts, input/output
mappings, code attributes, missing forms), each made from the valid test
model by one edit.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select

from sopflow.cli.main import main
from sopflow.errors import ModelRejected
from sopflow.model.check import check_file
from sopflow.runner.cases import CaseService
from sopflow.runner.store import Base

MODELS = Path(__file__).parents[1] / "model"
GOOD = (MODELS / "fixtures" / "good.bpmn").read_text("utf-8")
PERIKSA = '<bpmn:userTask id="Task_Periksa" name="Memeriksa konsep laporan" camunda:formKey="periksa">'
MARKER = "/tmp/sopflow-admission-marker"


def _in_periksa(extension: str) -> str:
    return GOOD.replace(PERIKSA, f"{PERIKSA}\n<bpmn:extensionElements>{extension}</bpmn:extensionElements>")


def _timer(expression: str) -> str:
    timer = (f'<bpmn:intermediateCatchEvent id="Ev_Tunggu"><bpmn:incoming>Flow_3</bpmn:incoming>'
             f'<bpmn:outgoing>Flow_3b</bpmn:outgoing><bpmn:timerEventDefinition id="Td_Tunggu">'
             f'<bpmn:timeDuration>{expression}</bpmn:timeDuration></bpmn:timerEventDefinition>'
             f'</bpmn:intermediateCatchEvent>\n<bpmn:sequenceFlow id="Flow_3b" sourceRef="Ev_Tunggu" '
             f'targetRef="Gw_Keputusan" />\n')
    text = GOOD.replace('<bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Periksa" targetRef="Gw_Keputusan" />',
                        '<bpmn:sequenceFlow id="Flow_3" sourceRef="Task_Periksa" targetRef="Ev_Tunggu" />\n' + timer)
    return text.replace("<bpmn:incoming>Flow_3</bpmn:incoming>\n      <bpmn:outgoing>Flow_Setuju",
                        "<bpmn:incoming>Flow_3b</bpmn:incoming>\n      <bpmn:outgoing>Flow_Setuju")


def _doctype(text: str) -> str:
    return text.replace("?>", '?>\n<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', 1)


VARIANTS: dict[str, tuple[str | bytes, str]] = {
    "doctype": (_doctype(GOOD), "xml-hostile"),
    "doctype-utf16": (_doctype(GOOD.replace('encoding="UTF-8"', 'encoding="UTF-16"')).encode("utf-16"),
                      "xml-hostile"),
    "unsafe-condition": (GOOD.replace('keputusan == "kembalikan"',
                                      f'__import__(&quot;os&quot;).system(&quot;touch {MARKER}&quot;) == 0'),
                         "condition-unsafe"),
    "script-task": (GOOD.replace(PERIKSA, '<bpmn:scriptTask id="Task_Periksa" name="Memeriksa" scriptFormat='
                                          f'"python"><bpmn:script>open("{MARKER}", "w")</bpmn:script>')
                    .replace("<bpmn:outgoing>Flow_3</bpmn:outgoing>\n    </bpmn:userTask>",
                             "<bpmn:outgoing>Flow_3</bpmn:outgoing>\n    </bpmn:scriptTask>"), "script-task"),
    "script-listener": (_in_periksa('<camunda:executionListener event="start"><camunda:script scriptFormat="python">'
                                    f'open("{MARKER}", "w")</camunda:script></camunda:executionListener>'),
                        "script-task"),
    "timer-expression": (_timer(f'__import__("os").system("touch {MARKER}")'), "timer-expression"),
    "timer-name": (_timer("tenggat"), "timer-expression"),
    "pre-script": (_in_periksa('<spiffworkflow:preScript xmlns:spiffworkflow="http://spiffworkflow.org/bpmn/'
                               f'schema/1.0/core">open("{MARKER}", "w")</spiffworkflow:preScript>'),
                   "pre-post-script"),
    "input-parameter": (_in_periksa('<camunda:inputOutput><camunda:inputParameter name="x">${execution.getVariable'
                                    '("y")}</camunda:inputParameter></camunda:inputOutput>'), "io-mapping"),
    "code-attribute": (GOOD.replace(PERIKSA, PERIKSA.replace(">", ' camunda:expression="${runtime.exec()}">')),
                       "code-attribute"),
    "missing-form": (GOOD.replace('camunda:formKey="periksa"', 'camunda:formKey="tidak_ada"'), "form-missing"),
}


def _model(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "model"
    shutil.copytree(MODELS / "forms", tmp_path / "forms")
    folder.mkdir()
    text, _rule = VARIANTS[name]
    path = folder / f"{name}.bpmn"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file but the database's own (SQLite touches its WAL files on any read)."""
    return {str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file() and not p.name.startswith("sopflow.db")}


def _rows(service: CaseService) -> dict[str, int]:
    with service.store.session() as session:
        return {table.name: session.scalar(select(func.count()).select_from(table))
                for table in Base.metadata.sorted_tables}


@pytest.mark.parametrize("name", VARIANTS)
def test_case_start_refuses_what_check_rejects_and_creates_no_data_dir(name, roster_path, tmp_path):
    model = _model(tmp_path, name)
    errors = [f for f in check_file(model) if f.severity == "error"]
    assert VARIANTS[name][1] in {f.rule for f in errors}
    data_dir = tmp_path / "data"
    result = CliRunner().invoke(main, ["case", "start", str(model), "--roster", str(roster_path),
                                       "--data-dir", str(data_dir), "--json"])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    envelope = json.loads(result.stdout)
    assert envelope["error"]["kind"] == "model-rejected"
    assert [(f["rule"], f["line"], f["element_id"]) for f in envelope["data"]] == [
        (f.rule, f.line, f.element_id) for f in errors]
    assert not data_dir.exists()
    assert not os.path.exists(MARKER)


@pytest.mark.parametrize("name", VARIANTS)
def test_case_start_changes_nothing_in_an_existing_data_dir(name, roster, tmp_path):
    from sopflow.bpmn import resolve_model

    service = CaseService(tmp_path / "data")
    service.start_case(resolve_model("lip20-0013"), roster)
    files, rows = _snapshot(tmp_path / "data"), _rows(service)
    model = _model(tmp_path, name)
    with pytest.raises(ModelRejected) as refused:
        service.start_case(model, roster)
    assert refused.value.findings == [f for f in check_file(model) if f.severity == "error"]
    assert _rows(service) == rows and rows["cases"] == 1
    assert _snapshot(tmp_path / "data") == files
    service.close()
