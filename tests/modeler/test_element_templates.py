"""Element templates: valid against the official schema, in step with the profile, and usable in bpmn-js.

The browser test rebuilds every seed model the way an analyst would in Camunda
Modeler: the seed with all of its ``camunda:properties``, form keys and
``isExecutable`` stripped is opened in bpmn-js with the Camunda 7 properties
panel; each task and the process get their template, every field is typed
into the properties panel, and the saved XML must pass ``sopflow check`` and
read back as the original profile.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from lxml import etree

from sopflow.bpmn import seed_models
from sopflow.model.check import check_paths
from sopflow.model.profile import ACTIONS, BPMN_NS, CAMUNDA_NS, load_model
from sopflow.modeler import TEMPLATES_FILE, element_templates, templates_json
from sopflow.templates import known_types

from .conftest import ROOT

SCHEMA = ROOT / "node_modules" / "@camunda" / "element-templates-json-schema" / "resources" / "schema.json"
FORMS = ROOT / "forms"
_NS = {"bpmn": BPMN_NS, "camunda": CAMUNDA_NS}


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft7Validator:
    if not SCHEMA.exists():
        pytest.fail("npm packages are missing: run sh scripts/install-test-tools.sh (npm ci)")
    return jsonschema.Draft7Validator(json.loads(SCHEMA.read_text("utf-8")))


def test_shipped_file_is_what_the_profile_generates() -> None:
    assert TEMPLATES_FILE.read_text("utf-8") == templates_json(), "regenerate with: python -m sopflow.modeler"


def test_templates_validate_against_the_official_schema(validator: jsonschema.Draft7Validator) -> None:
    templates = json.loads(TEMPLATES_FILE.read_text("utf-8"))
    assert [e.message for e in validator.iter_errors(templates)] == []


def test_the_schema_check_catches_a_broken_template(validator: jsonschema.Draft7Validator) -> None:
    broken = element_templates()
    broken[0]["properties"][1]["type"] = "Text"  # camunda:property bindings take String/Hidden/Dropdown only
    del broken[1]["appliesTo"]
    assert not validator.is_valid(broken)
    assert [validator.is_valid(template) for template in broken[:3]] == [False, False, True]


def test_templates_cover_the_profile() -> None:
    templates = {t["id"]: t for t in element_templates()}
    for action in ACTIONS:
        hidden = [p for p in templates[f"sopflow.task.{action}"]["properties"] if p["type"] == "Hidden"]
        assert hidden == [{"type": "Hidden", "value": action, "binding": {"type": "camunda:property", "name": "action"}}]
    (dropdown,) = [p for p in templates["sopflow.task.create"]["properties"] if p["type"] == "Dropdown"]
    assert [c["value"] for c in dropdown["choices"]] == known_types()
    task_fields = {p["binding"]["name"] for p in templates["sopflow.task.create"]["properties"]}
    assert task_fields == {"action", "document", "template", "camunda:formKey", "durationWorkdays", "output",
                           "completeness"}
    for template_id in ("sopflow.process", "sopflow.pool"):
        names = {p["binding"]["name"] for p in templates[template_id]["properties"]}
        assert {"sop.number", "sop.title", "sop.unit", "sop.deadlineWorkdays", "sop.approver"} <= names


# -- in the browser ----------------------------------------------------------------------------------

def _strip(model: Path) -> str:
    """The model as an analyst starts it: no camunda:properties, no form keys, not executable."""
    tree = etree.parse(str(model))
    for props in tree.xpath("//camunda:properties", namespaces=_NS):
        extension = props.getparent()
        extension.remove(props)
        if len(extension) == 0:
            extension.getparent().remove(extension)
    for node in tree.xpath("//*[@camunda:formKey]", namespaces=_NS):
        del node.attrib[f"{{{CAMUNDA_NS}}}formKey"]
    if not tree.xpath("//bpmn:participant", namespaces=_NS):  # a pooled process keeps its Executable tick
        for node in tree.xpath("//bpmn:process", namespaces=_NS):
            node.attrib.pop("isExecutable", None)
    return etree.tostring(tree, encoding="unicode")


def _values(model_path: Path) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """Process properties, and per user task the values its template fields take."""
    model = load_model(model_path)
    tasks = {}
    for task in model.tasks.values():
        element = model.elements[task.id]
        tasks[task.id] = {**element.properties, "action": task.action, "camunda:formKey": task.form_key or ""}
    return dict(model.properties), tasks


def _open_group(page, label: str) -> None:
    header = page.locator("#panel .bio-properties-panel-group-header", has_text=label).first
    if "open" not in (header.get_attribute("class") or ""):
        header.click()


def _fill(page, template: dict, values: dict[str, str]) -> None:
    _open_group(page, "Custom properties")
    for index, prop in enumerate(template["properties"]):
        value = values.get(prop["binding"]["name"], "")
        if prop["type"] == "Hidden" or not value:
            continue
        field = page.locator(f'[id="bio-properties-panel-custom-entry-{template["id"]}-{index}"]')
        if prop["type"] == "Dropdown":
            field.select_option(value)
        else:
            field.fill(value.replace("\n", "\\n"))
            field.blur()


def _apply(page, element_id: str | None, template_id: str) -> None:
    page.evaluate(
        """([elementId, templateId]) => {
          const registry = modeler.get('elementRegistry');
          const templates = modeler.get('elementTemplates');
          const element = elementId ? registry.get(elementId) : modeler.get('canvas').getRootElement();
          const template = templates.getAll().find(t => t.id === templateId);
          const applied = templates.applyTemplate(element, template);
          modeler.get('selection').select(applied);
        }""",
        [element_id, template_id],
    )


@pytest.mark.parametrize("seed", seed_models(), ids=lambda p: p.stem.split("_")[0])
def test_seed_model_rebuilt_from_the_templates_passes_check(page, bundles: Path, tmp_path: Path, seed: Path) -> None:
    templates = {t["id"]: t for t in element_templates()}
    process_props, task_values = _values(seed)
    page.goto((bundles / "modeler.html").as_uri())
    page.evaluate("async ([xml, templates]) => { await createModeler('#canvas', '#panel', templates).importXML(xml); }",
                  [_strip(seed), list(templates.values())])

    pool = page.evaluate("() => (modeler.get('elementRegistry').filter(e => e.type === 'bpmn:Participant')[0] || {}).id")
    _apply(page, pool, "sopflow.pool" if pool else "sopflow.process")
    _fill(page, templates["sopflow.pool" if pool else "sopflow.process"], process_props)
    for task_id, values in task_values.items():
        template = templates[f"sopflow.task.{values['action']}"]
        _apply(page, task_id, template["id"])
        _fill(page, template, values)
    xml = page.evaluate("async () => (await modeler.saveXML({ format: true })).xml")

    folder = tmp_path / "bpmn"
    folder.mkdir()
    rebuilt = folder / seed.name
    rebuilt.write_text(xml, encoding="utf-8")
    shutil.copytree(FORMS, tmp_path / "forms")
    findings = check_paths([rebuilt])
    assert [f"{f.element} [{f.rule}] {f.message}" for f in findings] == []

    original, again = load_model(seed), load_model(rebuilt)

    def lines(props: dict[str, str]) -> dict[str, str]:
        return {key: value.replace("\\n", "\n") for key, value in props.items() if value}  # empty = absent

    assert lines(dict(again.properties)) == lines(dict(original.properties))
    assert dict(again.tasks) == {
        task_id: replace(task, line=again.tasks[task_id].line) for task_id, task in original.tasks.items()
    }


def test_the_properties_panel_refuses_a_bad_document_id(page, bundles: Path) -> None:
    seed = seed_models()[0]
    page.goto((bundles / "modeler.html").as_uri())
    page.evaluate("async ([xml, templates]) => { await createModeler('#canvas', '#panel', templates).importXML(xml); }",
                  [_strip(seed), element_templates()])
    task_id = next(iter(load_model(seed).tasks))
    _apply(page, task_id, "sopflow.task.sign")
    _open_group(page, "Custom properties")
    field = page.locator('[id="bio-properties-panel-custom-entry-sopflow.task.sign-1"]')
    field.fill("Laporan Akhir")
    field.blur()
    error = page.locator("#panel .bio-properties-panel-error").first
    assert "lower case letters" in error.inner_text()
