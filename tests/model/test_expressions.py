"""The condition sandbox: hostile expressions are refused and run nothing; normal ones work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from SpiffWorkflow.bpmn.exceptions import WorkflowTaskException
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.util.task import TaskState

from sopflow import messages
from sopflow.errors import ModelError
from sopflow.model.expressions import SandboxScriptEngine, evaluate, validate_expression
from sopflow.model.safe_xml import read_xml_file

HOSTILE = {
    '__import__("os").system("touch {marker}")': "__import__",
    '().__class__.__base__.__subclasses__()': "__subclasses__",
    'open("{marker}", "w")': "open()",
    'exec("open(\'{marker}\', \'w\')")': "exec()",
    'eval("1")': "eval()",
    'lambda: open("{marker}", "w")': "lambda",
    '[open("{marker}", "w") for x in (1,)]': "list comprehension",
    '{{x for x in (1,)}}': "set comprehension",
    '9**9**9': "**",
    'f"{{open(\'{marker}\', \'w\')}}"': "f-string",
    '(x := 1)': ":=",
    '__builtins__': "'__builtins__'",
    'keputusan.__class__': "attribute access",
    'keputusan[0]': "subscript",
    'len.__self__': "attribute access",
    'keputusan.format(1)': ".format()",
    'len(keputusan, 2)': "len()",
    'keputusan.lower(1)': ".lower()",
    '1 if x else 2': "conditional expression",
    '~1': "operator ~",
    'a % 2': "%",
    '{{"a": 1}}': "dict literal",
    'b"x"': "bytes",
}


@pytest.mark.parametrize("template,construct", list(HOSTILE.items()))
def test_hostile_expressions_are_refused_and_run_nothing(template: str, construct: str, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = template.format(marker=marker)
    with pytest.raises(ModelError) as info:
        validate_expression(text, where="model.bpmn:12: Flow_1")
    assert construct in info.value.message
    assert info.value.where == "model.bpmn:12: Flow_1"
    with pytest.raises(ModelError):
        evaluate(text, {"keputusan": "setuju", "x": 1})
    assert not marker.exists()


def test_overlong_and_deeply_nested_expressions_are_refused() -> None:
    with pytest.raises(ModelError, match=re.escape(messages.CONDITION_TOO_LONG.split("{length}")[0])):
        validate_expression("a == 1 or " * 200 + "a == 2", where="f")
    with pytest.raises(ModelError, match=messages.CONDITION_NESTING.split("{")[0]):
        validate_expression("-" * 50 + "1", where="f")
    with pytest.raises(ModelError):
        validate_expression("(" * 300 + "1" + ")" * 300, where="f")


@pytest.mark.parametrize("text", ["", "   ", "a ==", "keputusan = 'x'", "import os"])
def test_syntax_errors_are_model_errors(text: str) -> None:
    with pytest.raises(ModelError):
        validate_expression(text, where="f")


@pytest.mark.parametrize(
    "text,data,expected",
    [
        ('keputusan == "kembalikan"', {"keputusan": "kembalikan"}, True),
        ('keputusan == "kembalikan"', {"keputusan": "setuju"}, False),
        ('keputusan != "kembalikan"', {}, True),
        ("nilai >= 70 and not ulang", {"nilai": 75, "ulang": False}, True),
        ("nilai >= 70 and not ulang", {"nilai": 69, "ulang": False}, False),
        ("nilai >= 70 and not ulang", {"nilai": 90, "ulang": True}, False),
        ("(nilai1 + nilai2) / 2 >= 70", {"nilai1": 80, "nilai2": 61}, True),
        ("nilai * 2 - 1 < 0", {"nilai": -3}, True),
        ("-nilai == -5", {"nilai": 5}, True),
        ('sifat in ("segera", "sangat segera")', {"sifat": "segera"}, True),
        ('"direktur" not in tembusan', {"tembusan": ["kakanwil"]}, True),
        ('catatan.strip().lower() == "ok"', {"catatan": "  OK \n"}, True),
        ("len(tembusan) >= 2", {"tembusan": ["a", "b"]}, True),
        ("unknown is None", {}, True),
        ("1 < nilai <= 3", {"nilai": 3}, True),
        ("a or b", {"a": 0, "b": "x"}, "x"),
        ("[1, 2]", {}, [1, 2]),
    ],
)
def test_normal_conditions_evaluate(text: str, data: dict, expected: object) -> None:
    validate_expression(text, where="f")
    assert evaluate(text, data) == expected


@pytest.mark.parametrize(
    "text,data,problem",
    [
        ("nilai >= 70", {}, messages.CONDITION_INCOMPARABLE.format(left="NoneType", right="int")),
        ("nilai + 1", {"nilai": "7"}, messages.CONDITION_NEEDS_NUMBERS.format(symbol="+", kind="str")),
        ('"a" * 10', {}, messages.CONDITION_NEEDS_NUMBERS.format(symbol="*", kind="str")),
        ("nilai / 0", {"nilai": 1}, messages.CONDITION_DIVISION_BY_ZERO),
        ("catatan.lower()", {"catatan": 3}, messages.CONDITION_NEEDS_TEXT.format(method="lower", kind="int")),
        ("len(nilai)", {"nilai": 3}, "len() of int"),
    ],
)
def test_runtime_type_errors_are_model_errors(text: str, data: dict, problem: str) -> None:
    with pytest.raises(ModelError, match=re.escape(problem)):
        evaluate(text, data, where="Gw_1")


def _workflow(model: Path) -> BpmnWorkflow:
    _, tree = read_xml_file(model)
    parser = CamundaParser()
    parser.add_bpmn_xml(tree, filename=str(model))
    return BpmnWorkflow(parser.get_spec("Proc_Good"), script_engine=SandboxScriptEngine())


def _complete_ready(workflow: BpmnWorkflow, expected: str, **data: object) -> None:
    ready = workflow.get_tasks(state=TaskState.READY, manual=True)
    assert [t.task_spec.name for t in ready] == [expected]
    ready[0].data.update(data)
    ready[0].run()
    workflow.do_engine_steps()


def test_spiffworkflow_gateway_takes_the_right_branch_in_the_sandbox(good_model: Path) -> None:
    workflow = _workflow(good_model)
    workflow.do_engine_steps()
    _complete_ready(workflow, "Task_Konsep")
    _complete_ready(workflow, "Task_Periksa", keputusan="kembalikan")
    _complete_ready(workflow, "Task_Konsep")
    _complete_ready(workflow, "Task_Periksa", keputusan="setuju")
    _complete_ready(workflow, "Task_Ttd")
    _complete_ready(workflow, "Task_Terima")
    assert workflow.is_completed()


def test_spiffworkflow_hostile_condition_fails_without_effect(good_model: Path, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    hostile = f'__import__("os").system("touch {marker}") == 0'
    xml = good_model.read_text(encoding="utf-8").replace('keputusan == "kembalikan"', hostile.replace('"', "&quot;"))
    model = tmp_path / "hostile.bpmn"
    model.write_text(xml, encoding="utf-8")
    workflow = _workflow(model)
    workflow.do_engine_steps()
    _complete_ready(workflow, "Task_Konsep")
    with pytest.raises(WorkflowTaskException, match=messages.CONDITION_REFUSED.split("{")[1].split("}")[1]):
        _complete_ready(workflow, "Task_Periksa", keputusan="setuju")
    assert not marker.exists()


def test_script_engine_refuses_scripts(good_model: Path, tmp_path: Path) -> None:
    workflow = _workflow(good_model)
    workflow.do_engine_steps()
    task = workflow.get_tasks(state=TaskState.READY, manual=True)[0]
    marker = tmp_path / "pwned"
    with pytest.raises(WorkflowTaskException, match=messages.SCRIPT_REFUSED):
        workflow.script_engine.execute(task, f"open({str(marker)!r}, 'w')")
    with pytest.raises(ModelError, match=messages.SCRIPT_REFUSED):
        workflow.script_engine.environment.execute(f"open({str(marker)!r}, 'w')", {})
    assert not marker.exists()
    assert workflow.script_engine.environment.evaluate("a == 1", {"a": 1}) is True
