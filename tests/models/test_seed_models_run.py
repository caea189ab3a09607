"""Every seed model in ``bpmn/`` is valid BPMN 2.0, follows the SOP profile and runs to its end.

Each model runs in SpiffWorkflow with every user task completed by its form's
default values (the approve path); every return-for-revision gateway is also
run once with the decision "kembalikan" before approving. Nothing here knows
a particular SOP: the checks read the models and forms.
"""

from __future__ import annotations

import ast
import json
from collections import Counter, deque
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import SpiffWorkflow
from lxml import etree
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.camunda.parser.CamundaParser import CamundaParser
from SpiffWorkflow.util.task import TaskState

from sopflow.model.expressions import SandboxScriptEngine, validate_expression
from sopflow.model.forms import FormSpec, load_form
from sopflow.model.profile import ACTIONS, SopModel, load_model

ROOT = Path(__file__).resolve().parents[2]
BPMN_DIR = ROOT / "bpmn"
FORMS_DIR = ROOT / "forms"
MODELS = sorted(BPMN_DIR.glob("*.bpmn"))
SCHEMA = Path(SpiffWorkflow.__file__).parent / "bpmn" / "parser" / "schema" / "BPMN20.xsd"
NS = {
    "bpmn": "http://www.omg.org/spec/BPMN/20100524/MODEL",
    "bpmndi": "http://www.omg.org/spec/BPMN/20100524/DI",
    "di": "http://www.omg.org/spec/DD/20100524/DI",
}
RETURN = "kembalikan"
"""The decision value that sends a document back for revision."""
MAX_STEPS = 200
"""A run completing more user tasks than this is looping."""

def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


@cache
def _model(path: Path) -> SopModel:
    return load_model(path)


@cache
def _form_json(key: str) -> dict[str, Any]:
    return json.loads((FORMS_DIR / f"{key}.form").read_text(encoding="utf-8"))


@cache
def _form(key: str) -> FormSpec:
    return load_form(FORMS_DIR / f"{key}.form")


def _defaults(form_key: str | None) -> dict[str, Any]:
    """What the demo submits for a task: its form's defaults, as the form validates them."""
    if not form_key:
        return {}
    form = _form(form_key)
    return form.validate(form.defaults())


def _return_gateways(model: SopModel) -> list[tuple[str, str, str]]:
    """``(gateway, decision key, review task)`` for every flow taken on "kembalikan"."""
    found = []
    for flow in model.flows:
        if not flow.condition or f'"{RETURN}"' not in flow.condition:
            continue
        names = [n.id for n in ast.walk(ast.parse(flow.condition, mode="eval")) if isinstance(n, ast.Name)]
        (incoming,) = model.incoming(flow.source)
        found.append((flow.source, names[0], incoming.source))
    return found


def _loop_target(model: SopModel, gateway: str) -> str:
    """The first task the "kembalikan" flow of ``gateway`` leads back to."""
    flow = next(f for f in model.outgoing(gateway) if f.condition and f'"{RETURN}"' in f.condition)
    node = flow.target
    while node not in model.tasks:
        (nxt,) = model.outgoing(node)
        node = nxt.target
    return node


def _run(path: Path, answer: Callable[[str, int], Mapping[str, Any]]) -> Counter[str]:
    """Run a model to its end; ``answer(task id, times it ran before)`` overrides form defaults.

    Returns how often each user task ran.
    """
    model = _model(path)
    parser = CamundaParser()
    parser.add_bpmn_file(str(path))
    workflow = BpmnWorkflow(parser.get_spec(model.process_id), parser.get_subprocess_specs(model.process_id),
                            script_engine=SandboxScriptEngine())
    workflow.do_engine_steps()
    ran: Counter[str] = Counter()
    while not workflow.is_completed():
        ready = workflow.get_tasks(state=TaskState.READY, manual=True)
        assert ready, f"{path.name}: no ready user task but the workflow is not completed"
        task = ready[0]
        spec_id = task.task_spec.name
        profile = model.tasks[spec_id]
        assert task.task_spec.lane == profile.lane, f"{path.name}: {spec_id} runs outside its lane"
        data = {**_defaults(profile.form_key), **answer(spec_id, ran[spec_id])}
        task.data.update(_form(profile.form_key).validate(data) if profile.form_key else data)
        task.run()
        ran[spec_id] += 1
        assert sum(ran.values()) <= MAX_STEPS, f"{path.name}: endless loop, ran {ran.most_common(3)}"
        workflow.do_engine_steps()
    return ran


def test_there_are_seed_models():
    assert len(MODELS) >= 5


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA)))


@pytest.mark.parametrize("path", MODELS, ids=_ids(MODELS))
def test_model_validates_against_the_bpmn_schema(path: Path, schema: etree.XMLSchema):
    document = etree.parse(str(path))
    assert schema.validate(document), f"{path.name}: {schema.error_log.last_error}"


@pytest.mark.parametrize("path", MODELS, ids=_ids(MODELS))
def test_model_follows_the_sop_profile(path: Path):
    model = _model(path)
    assert model.is_executable
    for key in ("sop.number", "sop.title", "sop.unit", "sop.deadlineWorkdays", "sop.place"):
        assert model.properties.get(key, "").strip(), f"{path.name}: process property {key} missing"
    assert model.deadline_workdays, f"{path.name}: sop.deadlineWorkdays is not a number of days"
    assert len(model.unit_lines) >= 2
    assert "Deskripsi:" in model.documentation and "Dasar Hukum:" in model.documentation
    assert not {"Start", "End"} & set(model.elements), "ids Start/End collide with SpiffWorkflow internals"
    lane_names = [lane.name for lane in model.lanes]
    assert len(set(lane_names)) == len(lane_names) and all(lane_names)
    assert model.tasks, f"{path.name}: no user tasks"
    for task in model.tasks.values():
        where = f"{path.name}: {task.id}"
        element = model.elements[task.id]
        assert element.kind == "userTask", where
        assert task.lane in lane_names and len(element.lanes) == 1, f"{where} lies in no single lane"
        assert element.properties.get("action") in ACTIONS, f"{where} has no valid action"
        assert task.documentation.startswith("Langkah "), f"{where} names no SOP step"
        assert task.form_key and (FORMS_DIR / f"{task.form_key}.form").is_file(), f"{where}: form missing"
        if task.action != "record":
            assert task.document and task.document == task.document.lower(), f"{where}: document id"
        if task.action == "create":
            assert task.template, f"{where}: create needs a template"
        if task.duration_workdays is not None:
            assert float(task.duration_workdays) > 0, where
    for element in model.elements.values():
        if element.kind in ("userTask", "startEvent", "intermediateCatchEvent"):
            assert len(model.outgoing(element.id)) <= 1, f"{path.name}: {element.id} forks without a gateway"
        if element.kind == "exclusiveGateway" and len(model.outgoing(element.id)) > 1:
            assert element.default_flow in {f.id for f in model.outgoing(element.id)}, (
                f"{path.name}: {element.id} has no default flow"
            )


@pytest.mark.parametrize("path", MODELS, ids=_ids(MODELS))
def test_forms_carry_realistic_defaults(path: Path):
    for task in _model(path).tasks.values():
        form = _form_json(str(task.form_key))
        assert form["id"] == task.form_key and form["type"] == "default" and form["schemaVersion"] >= 16
        assert _form(str(task.form_key)).defaults(), f"{task.form_key}.form collects nothing"
        for component in form["components"]:
            where = f"{task.form_key}.form: {component.get('key')}"
            assert component.get("defaultValue") not in (None, ""), f"{where} has no default value"
            if component["type"] == "select":
                values = [v["value"] for v in component["values"]]
                assert component["defaultValue"] in values, where
                if component["key"] == "keputusan":
                    assert values == ["setuju", RETURN] and component["defaultValue"] == "setuju", where


@pytest.mark.parametrize("path", MODELS, ids=_ids(MODELS))
def test_conditions_stay_in_the_small_language(path: Path):
    for flow in _model(path).flows:
        if flow.condition is not None:
            validate_expression(flow.condition, where=f"{path.name}:{flow.line}: {flow.id}")


@pytest.mark.parametrize("path", MODELS, ids=_ids(MODELS))
def test_diagram_covers_every_element(path: Path):
    root = etree.parse(str(path)).getroot()
    model = _model(path)
    shapes = {s.get("bpmnElement"): s for s in root.iterfind(".//bpmndi:BPMNShape", NS)}
    edges = {e.get("bpmnElement"): e for e in root.iterfind(".//bpmndi:BPMNEdge", NS)}
    expected = [*model.elements, *(lane.id for lane in model.lanes)]
    expected += root.xpath("./bpmn:collaboration/bpmn:participant/@id", namespaces=NS)
    assert not [e for e in expected if e not in shapes], f"{path.name}: elements without a shape"
    for flow in model.flows:
        assert flow.id in edges, f"{path.name}: {flow.id} has no edge"
        assert len(edges[flow.id].findall("di:waypoint", NS)) >= 2, f"{path.name}: {flow.id} waypoints"


@pytest.mark.parametrize("path", MODELS, ids=_ids(MODELS))
def test_every_created_document_is_signed_on_every_path(path: Path):
    model = _model(path)
    for task in model.tasks.values():
        if task.action != "create":
            continue
        signers = {t.id for t in model.tasks_on_document(str(task.document)) if t.action == "sign"}
        assert signers, f"{path.name}: {task.document} is never signed"
        queue, seen = deque(f.target for f in model.outgoing(task.id)), set()
        while queue:
            node = queue.popleft()
            if node in seen or node in signers:
                continue
            seen.add(node)
            assert model.elements[node].kind != "endEvent", (
                f"{path.name}: a path from {task.id} ends at {node} without signing {task.document}"
            )
            queue.extend(f.target for f in model.outgoing(node))


@pytest.mark.parametrize("path", MODELS, ids=_ids(MODELS))
def test_parallel_branches_write_distinct_keys(path: Path):
    model = _model(path)
    for split in model.elements.values():
        if split.kind != "parallelGateway" or len(model.outgoing(split.id)) < 2:
            continue
        owners: dict[str, str] = {}
        for flow in model.outgoing(split.id):
            node = flow.target
            while not (model.elements[node].kind == "parallelGateway" and len(model.incoming(node)) > 1):
                for key in _defaults(model.tasks[node].form_key if node in model.tasks else None):
                    assert owners.setdefault(key, flow.id) == flow.id, f"{path.name}: {key} written twice"
                (nxt,) = model.outgoing(node)
                node = nxt.target


@pytest.mark.parametrize("path", MODELS, ids=_ids(MODELS))
def test_approve_path_runs_to_the_end_within_the_deadline(path: Path):
    model = _model(path)
    ran = _run(path, lambda _task, _before: {})
    assert set(ran) == set(model.tasks), f"{path.name}: tasks never reached"
    assert all(count == 1 for count in ran.values()), f"{path.name}: a task ran twice on the approve path"
    assert _critical_path_days(model) <= float(model.deadline_workdays or 0)


def _critical_path_days(model: SopModel) -> float:
    """Longest sum of task durations from a start to an end, return flows left out."""
    forward = [f for f in model.flows if not (f.condition and f'"{RETURN}"' in f.condition)]
    indegree = Counter(f.target for f in forward)
    days: dict[str, float] = {}
    queue = deque(e for e in model.elements if indegree[e] == 0)
    longest: dict[str, float] = {e: 0.0 for e in queue}
    while queue:
        node = queue.popleft()
        task = model.tasks.get(node)
        days[node] = longest[node] + (float(task.duration_workdays or 0) if task else 0.0)
        for flow in forward:
            if flow.source == node:
                longest[flow.target] = max(longest.get(flow.target, 0.0), days[node])
                indegree[flow.target] -= 1
                if indegree[flow.target] == 0:
                    queue.append(flow.target)
    assert len(days) == len(model.elements), "the model without return flows still has a cycle"
    return max(days.values())


RETURN_CASES = [
    pytest.param(path, gateway, key, review, id=f"{path.stem}-{gateway}")
    for path in MODELS
    for gateway, key, review in _return_gateways(_model(path))
]


@pytest.mark.parametrize("path, gateway, key, review", RETURN_CASES)
def test_return_for_revision_loops_once_then_approves(path: Path, gateway: str, key: str, review: str):
    model = _model(path)
    target = _loop_target(model, gateway)

    def answer(task: str, before: int) -> dict[str, Any]:
        return {key: RETURN} if task == review and before == 0 else {}

    ran = _run(path, answer)
    assert ran[review] == 2, f"{path.name}: {review} did not run again after the return"
    assert ran[target] == 2, f"{path.name}: {target} was not redone after {gateway} returned it"
