"""`check_paths`: the seed models are clean; each broken model yields exactly its finding."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from sopflow import messages
from sopflow.model.check import Finding, check_paths
from sopflow.model.profile import ACTIONS
from sopflow.model.safe_xml import MAX_MODEL_BYTES

REPO = Path(__file__).resolve().parents[2]
BROKEN = Path(__file__).parent / "broken"

EXPECTED: dict[str, set[tuple[str, str]]] = {
    # file in broken/            {(rule, element id)} of every error finding
    "xxe": {("xml-hostile", "")},
    "billion_laughs": {("xml-hostile", "")},
    "xml_syntax": {("xml-syntax", "")},
    "xsd_invalid": {("xsd", "Ev_Mulai")},
    "missing_number": {("process-property", "Proc_Good")},
    "bad_deadline": {("process-property", "Proc_Good")},
    "not_executable": {("process-executable", "Proc_Good")},
    "task_no_lane": {("lane-missing", "Task_Periksa")},
    "task_two_lanes": {("lane-multiple", "Task_Periksa")},
    "bad_action": {("task-action", "Task_Terima")},
    "missing_document": {("task-document", "Task_Terima")},
    "unknown_template": {("template-unknown", "Task_Konsep")},
    "missing_form": {("form-missing", "Task_Periksa")},
    "invalid_form": {("form-invalid", "Task_Periksa")},
    "unsafe_condition": {("condition-unsafe", "Flow_Kembali")},
    "condition_syntax": {("condition-syntax", "Flow_Kembali")},
    "gateway_unconditioned": {("gateway-default", "Flow_Kembali")},
    "unsigned_document": {("document-unsigned", "Task_Konsep")},
    "dead_end": {("dead-end", "Task_Arsip")},
    "unreachable_task": {("unreachable", "Task_Lupa")},
    "reserved_id": {("reserved-id", "End")},
    "script_task": {("script-task", "Task_Periksa")},
    "script_listener": {("script-task", "Task_Periksa")},
    "task_split": {("flow-split", "Task_Terima")},
}


def _errors(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule, f.element_id) for f in findings if f.severity == "error"}


def test_corpus_and_table_agree() -> None:
    assert {p.stem for p in BROKEN.glob("*.bpmn")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_model_yields_exactly_its_finding(name: str) -> None:
    path = BROKEN / f"{name}.bpmn"
    findings = check_paths([path])
    errors = sorted((f.rule, f.element_id) for f in findings if f.severity == "error")
    assert errors == sorted(EXPECTED[name]), "\n".join(map(str, findings))
    for finding in findings:
        assert finding.file == str(path)
        assert finding.message
        if finding.rule not in ("xml-hostile", "xml-syntax"):
            assert finding.line > 0


_ENGLISH = re.compile(r"\b(the|is not|must|needs?|add|remove|cannot|never|no such)\b")
_LIBRARY_DETAIL = frozenset({"xsd", "spiff-parse", "xml-syntax"})
"""Rules whose message quotes a library's own (English) diagnosis after sopflow's Indonesian words."""


def test_findings_speak_indonesian_and_keep_english_rule_ids() -> None:
    findings = check_paths([BROKEN])
    assert len(findings) >= len(EXPECTED)
    for finding in findings:
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", finding.rule), finding.rule
        if finding.rule not in _LIBRARY_DETAIL:
            assert not _ENGLISH.search(finding.message), str(finding)
    action = next(f for f in findings if f.rule == "task-action")
    assert action.message == messages.CHECK_ACTION.format(action="terima", actions=", ".join(ACTIONS))


def test_hostile_xml_has_no_side_effect(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    secret = tmp_path / "secret.txt"
    secret.write_text("RAHASIA")
    text = (BROKEN / "xxe.bpmn").read_text().replace("file:///etc/passwd", secret.as_uri())
    model = tmp_path / "xxe.bpmn"
    model.write_text(text)
    findings = check_paths([model])
    assert _errors(findings) == {("xml-hostile", "")}
    assert all("RAHASIA" not in f.message for f in findings)
    unsafe = (BROKEN / "unsafe_condition.bpmn").read_text().replace("/tmp/pwned", str(marker))
    (tmp_path / "unsafe.bpmn").write_text(unsafe)
    assert _errors(check_paths([tmp_path / "unsafe.bpmn"], forms_dir=Path(__file__).parent / "forms")) == {
        ("condition-unsafe", "Flow_Kembali")}
    assert not marker.exists()


def test_huge_model_is_refused(tmp_path: Path) -> None:
    good = (Path(__file__).parent / "fixtures" / "good.bpmn").read_text()
    padding = "<!-- " + "x" * (MAX_MODEL_BYTES + 10) + " -->\n"
    huge = tmp_path / "huge.bpmn"
    huge.write_text(good.replace("<bpmn:process ", padding + "<bpmn:process ", 1))
    assert _errors(check_paths([huge])) == {("xml-hostile", "")}


def test_good_model_is_clean(good_model: Path) -> None:
    assert check_paths([good_model], forms_dir=None) == []


def test_every_finding_is_reported_not_only_the_first(tmp_path: Path) -> None:
    text = (BROKEN / "task_no_lane.bpmn").read_text()
    text = text.replace('value="TST99-0001"', 'value=""').replace('value="receive"', 'value="terima"')
    path = tmp_path / "many.bpmn"
    path.write_text(text)
    shutil.copytree(Path(__file__).parent / "forms", tmp_path / "forms")
    assert _errors(check_paths([path])) == {
        ("process-property", "Proc_Good"), ("lane-missing", "Task_Periksa"), ("task-action", "Task_Terima")}


def test_parallel_branch_signing_counts(tmp_path: Path) -> None:
    """A document signed on one branch of a parallel split is signed on every path through the join."""
    text = (Path(__file__).parent / "fixtures" / "good.bpmn").read_text()
    text = text.replace('<bpmn:sequenceFlow id="Flow_4" sourceRef="Task_Ttd" targetRef="Task_Terima" />', "")
    text = text.replace('<bpmn:sequenceFlow id="Flow_Setuju" name="Ya" sourceRef="Gw_Keputusan" targetRef="Task_Ttd" />', """
    <bpmn:sequenceFlow id="Flow_Setuju" name="Ya" sourceRef="Gw_Keputusan" targetRef="Gw_Bagi" />
    <bpmn:parallelGateway id="Gw_Bagi"><bpmn:incoming>Flow_Setuju</bpmn:incoming><bpmn:outgoing>Flow_A</bpmn:outgoing><bpmn:outgoing>Flow_B</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:userTask id="Task_Catat" name="Mencatat"><bpmn:incoming>Flow_B</bpmn:incoming><bpmn:outgoing>Flow_C</bpmn:outgoing></bpmn:userTask>
    <bpmn:parallelGateway id="Gw_Gabung"><bpmn:incoming>Flow_4</bpmn:incoming><bpmn:incoming>Flow_C</bpmn:incoming><bpmn:outgoing>Flow_D</bpmn:outgoing></bpmn:parallelGateway>
    <bpmn:sequenceFlow id="Flow_A" sourceRef="Gw_Bagi" targetRef="Task_Ttd" />
    <bpmn:sequenceFlow id="Flow_B" sourceRef="Gw_Bagi" targetRef="Task_Catat" />
    <bpmn:sequenceFlow id="Flow_C" sourceRef="Task_Catat" targetRef="Gw_Gabung" />
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_Ttd" targetRef="Gw_Gabung" />
    <bpmn:sequenceFlow id="Flow_D" sourceRef="Gw_Gabung" targetRef="Task_Terima" />""")
    text = text.replace("<bpmn:flowNodeRef>Task_Ttd</bpmn:flowNodeRef>",
                        "<bpmn:flowNodeRef>Task_Ttd</bpmn:flowNodeRef><bpmn:flowNodeRef>Task_Catat</bpmn:flowNodeRef>")
    path = tmp_path / "parallel.bpmn"
    path.write_text(text)
    shutil.copytree(Path(__file__).parent / "forms", tmp_path / "forms")
    assert _errors(check_paths([path])) == set()
    unsigned = tmp_path / "parallel_unsigned.bpmn"
    unsigned.write_text(text.replace('value="sign"', 'value="paraf"'))
    assert ("document-unsigned", "Task_Konsep") in _errors(check_paths([unsigned]))


def test_seed_models_pass_without_errors() -> None:
    models = sorted((REPO / "bpmn").glob("*.bpmn"))
    assert models, "no seed models in bpmn/"
    findings = check_paths([REPO / "bpmn"])
    assert _errors(findings) == set(), "\n".join(map(str, findings))
    assert {f.file for f in findings} <= {str(m) for m in models}


def test_directories_are_searched_for_models(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    shutil.copy(BROKEN / "bad_action.bpmn", tmp_path / "sub" / "a.bpmn")
    shutil.copy(BROKEN / "reserved_id.bpmn", tmp_path / "b.bpmn")
    (tmp_path / "notes.txt").write_text("x")
    rules = {f.rule for f in check_paths([tmp_path]) if f.severity == "error"}
    assert {"task-action", "reserved-id"} <= rules
    missing = check_paths([tmp_path / "nope.bpmn"])
    assert [(f.rule, f.severity) for f in missing] == [("file-unreadable", "error")]
    assert os.fspath(tmp_path / "nope.bpmn") == missing[0].file


def _with_form(tmp_path: Path, form: dict, *, template: str = "laporan") -> Path:
    """The good model in ``tmp_path`` with its create task's form replaced by ``form``."""
    shutil.copytree(Path(__file__).parent / "forms", tmp_path / "forms")
    (tmp_path / "forms" / "laporan_uji.form").write_text(json.dumps({"id": "laporan_uji", "components": form}))
    path = tmp_path / "m.bpmn"
    text = (Path(__file__).parent / "fixtures" / "good.bpmn").read_text()
    path.write_text(text.replace('name="template" value="laporan"', f'name="template" value="{template}"'))
    return path


def _field(key: str, *, required: bool = True, **more: object) -> dict:
    return {"type": "textarea", "key": key, "label": key.capitalize(), "validate": {"required": required}, **more}


def test_create_form_lacking_required_keys_is_an_error_at_the_task(tmp_path: Path) -> None:
    path = _with_form(tmp_path, [_field("judul"), _field("isi")], template="nota_dinas")
    findings = [f for f in check_paths([path]) if f.rule == "form-keys"]
    errors = [f for f in findings if f.severity == "error"]
    assert [(f.element_id, f.line) for f in errors] == [("Task_Konsep", 31)]
    assert "yth (Yth.), hal (Hal)" in errors[0].message and "nota_dinas" in errors[0].message
    assert not re.search(r"\b(dari|sifat)\b", errors[0].message)  # the type has defaults for them
    unused = [f for f in findings if f.severity == "warning"]
    assert len(unused) == 1 and re.search(r"\bjudul\b", unused[0].message)
    assert not re.search(r"\bisi\b", unused[0].message)


def test_form_keys_read_by_conditions_are_not_unused(tmp_path: Path) -> None:
    keys = [_field("judul"), _field("kegiatan"), _field("hasil"), _field("keputusan"), _field("hal")]
    findings = [f for f in check_paths([_with_form(tmp_path, keys)]) if f.rule == "form-keys"]
    assert [(f.severity, "hal" in f.message, "keputusan" in f.message) for f in findings] == [
        ("warning", True, False)]


def test_optional_field_for_a_required_key_is_a_warning(tmp_path: Path) -> None:
    keys = [_field("judul"), _field("kegiatan", required=False), _field("hasil")]
    findings = [f for f in check_paths([_with_form(tmp_path, keys)]) if f.rule == "form-keys"]
    assert [(f.severity, "kegiatan" in f.message) for f in findings] == [("warning", True)]


def test_create_task_without_a_form_cannot_supply_its_document(tmp_path: Path) -> None:
    path = _with_form(tmp_path, [])
    path.write_text(path.read_text().replace(' camunda:formKey="laporan_uji"', ""))
    errors = [f for f in check_paths([path]) if f.severity == "error"]
    assert [(f.rule, f.element_id) for f in errors] == [("form-keys", "Task_Konsep")]
    assert errors[0].message.startswith(messages.CHECK_FORM_KEYS_NO_FORM.split("{")[0])
    assert re.search(r"\bjudul\b", errors[0].message)


def test_required_fields_without_defaults_are_valid(tmp_path: Path) -> None:
    """Camunda Modeler writes no defaultValue; only a default failing its own field is an error."""
    keys = [_field("judul"), _field("kegiatan"), _field("hasil", defaultValue="Selesai.")]
    assert check_paths([_with_form(tmp_path, keys)]) == []


def test_a_default_failing_its_own_field_is_an_error(tmp_path: Path) -> None:
    keys = [_field("judul"), _field("kegiatan", defaultValue="terlalu panjang", validate={"maxLength": 3}),
            _field("hasil")]
    errors = [f for f in check_paths([_with_form(tmp_path, keys)]) if f.severity == "error"]
    assert [(f.rule, f.element_id) for f in errors] == [("form-invalid", "Task_Konsep")]
    assert "'kegiatan'" in errors[0].message and "lebih dari 3" in errors[0].message
