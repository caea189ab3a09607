"""Analysts edit a library model in the browser: bpmn-js Modeler, properties panel, element templates, form-js editor.

Saving goes through the model library (``sopflow check`` first): a clean save is
a new version, which new cases use while running cases keep theirs; a save
with errors stores nothing and its findings are marked on the diagram.
Screenshots go to ``$SOPFLOW_SCREENSHOTS`` when set (else the test's temporary folder).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from test_app import client, logged_in
from web_support import Site, log_in

from sopflow.bpmn import resolve_model
from sopflow.model.profile import parse_model
from sopflow.runner.library import ModelLibrary
from sopflow.web import WebConfig, create_app

SEED = "lip10-0072"
FIRST_TASK = "Task_SampaikanLaporanKegagalan"
"""The seed's first task; the new task goes between it and the next one."""


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SOPFLOW_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def library(site: Site) -> ModelLibrary:
    return ModelLibrary(site.service.store)


def _analyst(site: Site) -> str:
    return next(nip for nip, staff in site.roster.staff.items() if "model" in staff.access)


def _add_model(library: ModelLibrary, name: str) -> int:
    path = resolve_model(SEED)
    assert path is not None
    version, _created = library.save_file(path, name=name)
    return version.version


def _open_editor(page, name: str) -> None:
    page.goto(f"/model/{name}/ubah")
    page.wait_for_selector("#modeller[data-ready=true]")


def _save(page) -> None:
    saves = int(page.get_attribute("#modeller", "data-saves") or 0)
    page.click("#save-button")
    page.wait_for_selector(f"#modeller[data-saves='{saves + 1}']")


def _new_task(page, *, connect: bool) -> str:
    """A new user task in the first task's lane, below it; spliced in after it when ``connect``."""
    return page.evaluate(
        """([firstId, connect]) => {
          const modeler = window.sopflowEditor.modeler;
          const registry = modeler.get('elementRegistry');
          const modeling = modeler.get('modeling');
          const first = registry.get(firstId);
          const position = { x: first.x + first.width / 2 + (connect ? 150 : 300), y: first.y + first.height / 2 };
          const task = modeling.createShape({ type: 'bpmn:UserTask' }, position, first.parent);
          modeling.updateLabel(task, 'Mencatat laporan masuk');
          if (connect) {
            const flow = first.outgoing[0];
            const next = flow.target;
            modeling.reconnectEnd(flow, task, { x: task.x, y: task.y + task.height / 2 });
            modeling.connect(task, next, { type: 'bpmn:SequenceFlow' });
          }
          return task.id;
        }""",
        [FIRST_TASK, connect],
    )


def _apply_template(page, element_id: str, template_id: str) -> None:
    page.evaluate(
        """([elementId, templateId]) => {
          const modeler = window.sopflowEditor.modeler;
          const templates = modeler.get('elementTemplates');
          const element = modeler.get('elementRegistry').get(elementId);
          const template = templates.getAll().find(t => t.id === templateId);
          modeler.get('selection').select(templates.applyTemplate(element, template));
        }""",
        [element_id, template_id],
    )


def _open_group(page, panel: str, label: str) -> None:
    header = page.locator(f"{panel} .bio-properties-panel-group-header", has_text=label).first
    if "open" not in (header.get_attribute("class") or ""):
        header.click()


def _choose_template(page, element_id: str, template_id: str, shot: Path | None = None) -> None:
    """Select the element, then the properties panel's "Pilih" and the template in the page's chooser."""
    page.evaluate("id => { const m = window.sopflowEditor.modeler; "
                  "m.get('selection').select(m.get('elementRegistry').get(id)); }", element_id)
    page.locator("#properties .bio-properties-panel-select-template-button").click()
    if shot:
        page.wait_for_selector("#template-chooser[open]")
        page.screenshot(path=shot)
    page.locator(f"#template-chooser button[data-template-id='{template_id}']").click()
    page.wait_for_selector("#template-chooser", state="hidden")
    header = page.locator("#properties .bio-properties-panel-group-header", has_text="Templat SOP")
    assert "Dipakai" in header.inner_text()


def _fill_template_field(page, template_id: str, index: int, value: str) -> None:
    _open_group(page, "#properties", "Isian SOP")
    field = page.locator(f'[id="bio-properties-panel-custom-entry-{template_id}-{index}"]')
    field.fill(value)
    field.blur()


def _form_key_index(template_id: str) -> int:
    from sopflow.modeler import element_templates

    template = next(t for t in element_templates() if t["id"] == template_id)
    return next(i for i, p in enumerate(template["properties"]) if p["binding"]["name"] == "camunda:formKey")


def test_edit_a_model_and_save_a_version_that_new_cases_use(site: Site, library: ModelLibrary, open_page,
                                                               shots: Path) -> None:
    name = "lip10-0072-ubah"
    assert _add_model(library, name) == 1
    running = library.start_case(site.service, name, site.roster)

    page = open_page(width=1500, height=950)
    log_in(page, _analyst(site))
    _open_editor(page, name)
    assert page.locator("#version").inner_text() == "1"
    page.screenshot(path=shots / "modeller-open.png")

    # a new task in the flow, typed by an element template chosen in the properties panel, its form key filled in
    task_id = _new_task(page, connect=True)
    _choose_template(page, task_id, "sopflow.task.record", shots / "modeller-chooser.png")
    _fill_template_field(page, "sopflow.task.record", _form_key_index("sopflow.task.record"), "catat_laporan_masuk")
    page.screenshot(path=shots / "modeller-template.png")

    # its form scaffolded, and a label of an existing form changed, in the form-js editor
    page.click("#tab-forms-button")
    page.click("#form-list button[data-form-key='catat_laporan_masuk']")
    page.click("#scaffold-button")
    page.wait_for_selector("#modeller[data-open-form='catat_laporan_masuk']")
    page.click("#form-list button[data-form-key='lip10_0072_laporan_kegagalan']")
    page.wait_for_selector("#modeller[data-open-form='lip10_0072_laporan_kegagalan']")
    page.locator("#form-editor .fjs-editor-container .fjs-form-field").first.click()
    _open_group(page, "#form-editor", "General")
    label = page.locator("#form-editor [id='bio-properties-panel-label']")
    label.fill("Ringkasan laporan (diubah)")
    page.wait_for_selector("#form-editor .fjs-form-field label:has-text('Ringkasan laporan (diubah)')")
    page.screenshot(path=shots / "modeller-form.png")

    _save(page)
    status = page.locator("#save-status").inner_text()
    assert "versi 2" in status, status
    page.screenshot(path=shots / "modeller-saved.png")

    latest = library.version(name)
    assert latest.version == 2 and latest.author_nip == _analyst(site)
    files = library.files(latest)
    model = parse_model(files[f"model/{latest.model_file}"], source="saved.bpmn")
    assert model.tasks[task_id].action == "record"
    assert model.tasks[task_id].form_key == "catat_laporan_masuk"
    assert "forms/catat_laporan_masuk.form" in files
    assert "Ringkasan laporan (diubah)" in files["forms/lip10_0072_laporan_kegagalan.form"].decode()

    # the running case keeps version 1; a new case runs version 2 and reaches the new task
    assert task_id not in site.service.model_of(running).tasks
    site.complete(site.ready(running))
    assert all(v.spec_id != task_id for v in site.service.ready_tasks(running))
    fresh = library.start_case(site.service, name, site.roster)
    assert task_id in site.service.model_of(fresh).tasks
    assert site.drive_until(fresh, task_id).spec_id == task_id


def test_a_save_with_errors_marks_them_and_stores_nothing(site: Site, library: ModelLibrary, open_page,
                                                          shots: Path) -> None:
    name = "lip10-0072-galat"
    _add_model(library, name)
    page = open_page(width=1500, height=950)
    log_in(page, _analyst(site))
    _open_editor(page, name)

    stray = _new_task(page, connect=False)  # in a lane, but nothing leads to it and it leads nowhere
    _apply_template(page, stray, "sopflow.task.record")
    _save(page)

    assert "Tidak disimpan" in page.locator("#save-status").inner_text()
    marked = page.locator(f"g.djs-element[data-element-id='{stray}']")
    assert "sf-finding-error" in (marked.get_attribute("class") or "")
    assert page.locator(f".djs-overlay-container [data-element-id='{stray}'] .sf-finding-badge").count() == 1 or \
        page.locator(f".sf-finding-badge[data-element-id='{stray}']").count() == 1
    rules = page.locator(f"#findings-list li[data-element-id='{stray}']").all_inner_texts()
    assert any("[unreachable]" in r for r in rules) and any("[dead-end]" in r for r in rules), rules
    page.screenshot(path=shots / "modeller-findings.png")
    assert library.version(name).version == 1, "a rejected save stores nothing"

    # without the stray task the model is clean again: the marks go, the save is a version
    page.evaluate("id => { const m = window.sopflowEditor.modeler; "
                  "m.get('modeling').removeElements([m.get('elementRegistry').get(id)]); }", stray)
    _save(page)
    assert page.locator("#findings-list li.error").all_inner_texts() == []
    assert "sf-finding-error" not in (page.locator("g.djs-element.djs-shape").first.get_attribute("class") or "")
    assert "versi 2" in page.locator("#save-status").inner_text()
    assert library.version(name).version == 2


# -- without a browser -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def app(site: Site):
    return create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path))


def test_the_editor_needs_model_access_and_the_csrf_token(app, site: Site, library: ModelLibrary) -> None:
    name = "lip10-0072-akses"
    _add_model(library, name)
    official = site.nip(next(iter(site.roster.entries)))
    web, csrf = logged_in(app, official)
    assert web.get(f"/model/{name}/ubah").status_code == 403
    analyst, csrf = logged_in(app, _analyst(site))
    assert analyst.get(f"/model/{name}/ubah").status_code == 200
    assert analyst.get("/model/tidak-ada/ubah").status_code == 404
    body = json.dumps({"bpmn": "<x/>", "forms": {}})
    refused = analyst.post(f"/model/{name}/ubah", content=body, headers={"content-type": "application/json"})
    assert refused.status_code == 403
    anonymous = client(app)
    assert anonymous.post(f"/model/{name}/ubah", content=body,
                          headers={"content-type": "application/json"}).status_code == 401
    assert library.version(name).version == 1


def test_a_save_larger_than_a_page_form_is_taken_up_to_the_model_limit(app, site: Site,
                                                                         library: ModelLibrary) -> None:
    name = "lip10-0072-besar"
    _add_model(library, name)
    files = library.files(library.version(name))
    model = next(data for path, data in files.items() if path.endswith(".bpmn")).decode("utf-8")
    forms = {path[len("forms/"):-len(".form")]: json.loads(data) for path, data in files.items()
             if path.startswith("forms/")}
    padded = model.replace("?>", "?>\n<!-- " + "catatan analis " * 30_000 + "-->", 1)  # ~450 KB
    web, csrf = logged_in(app, _analyst(site))
    headers = {"content-type": "application/json", "x-csrf-token": csrf, "accept": "application/json"}
    saved = web.post(f"/model/{name}/ubah", content=json.dumps({"bpmn": padded, "forms": forms, "version": 1}),
                     headers=headers)
    assert saved.status_code == 200, saved.text[:300]
    assert library.version(name).version == 2
    huge = model.replace("?>", "?>\n<!-- " + "x" * 9 * 1024 * 1024 + "-->", 1)
    refused = web.post(f"/model/{name}/ubah", content=json.dumps({"bpmn": huge, "forms": forms}), headers=headers)
    assert refused.status_code == 413 and library.version(name).version == 2
    # other editor routes keep the pages' limit
    assert web.post(f"/model/{name}/ubah/kerangka-formulir", content=json.dumps({"bpmn": padded}),
                    headers=headers).status_code == 413


def test_hostile_saves_are_refused_and_store_nothing(app, site: Site, library: ModelLibrary) -> None:
    name = "lip10-0072-rusak"
    _add_model(library, name)
    web, csrf = logged_in(app, _analyst(site))
    headers = {"content-type": "application/json", "x-csrf-token": csrf, "accept": "application/json"}

    def post(payload: object) -> tuple[int, dict]:
        response = web.post(f"/model/{name}/ubah", content=payload if isinstance(payload, str)
                            else json.dumps(payload), headers=headers)
        return response.status_code, response.json()

    entity = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]>'
              '<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">&a;</definitions>')
    status, body = post({"bpmn": entity, "forms": {}})
    assert status == 422 and body["ok"] is False and body["findings"], body
    assert {f["rule"] for f in body["findings"]} == {"xml-hostile"}
    status, body = post({"bpmn": "<definitions", "forms": {"../../etc/passwd": {}}})
    assert status == 400 and "formKey" in body["message"]
    status, body = post({"bpmn": 5})
    assert status == 400
    status, body = post("[" * 100_000 + "]" * 100_000)
    assert status in (400, 413)
    status, body = post({"bpmn": "x", "forms": [], "version": 1})
    assert status == 400
    status, body = post('{"bpmn": "\\ud800", "forms": {}}')  # valid JSON, no UTF-8
    assert status == 400
    deep = '{"components": [' * 490 + "{}" + "]}" * 490  # as deep as the JSON parser goes
    status, body = post('{"bpmn": "x", "forms": {"dalam": ' + deep + "}}")
    assert status in (400, 422), body
    status, body = post({"bpmn": "x", "forms": {}, "version": 99})
    assert status == 409 and "versi 1" in body["message"]
    assert library.version(name).version == 1


def test_the_editor_page_allows_inline_style_but_no_inline_script(app, site: Site, library: ModelLibrary) -> None:
    name = "lip10-0072-csp"
    _add_model(library, name)
    web, _csrf = logged_in(app, _analyst(site))
    page = web.get(f"/model/{name}/ubah")
    policy = dict(part.strip().split(" ", 1) for part in page.headers["content-security-policy"].split(";"))
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self' 'unsafe-inline'"
    assert "<script>" not in page.text and "window.SopflowModeler" not in page.text
    assert "unsafe-inline" not in web.get("/").headers["content-security-policy"]


def test_scaffolding_a_form_reads_the_diagram_being_edited(app, site: Site, library: ModelLibrary) -> None:
    name = "lip10-0072-kerangka"
    _add_model(library, name)
    web, csrf = logged_in(app, _analyst(site))
    headers = {"content-type": "application/json", "x-csrf-token": csrf, "accept": "application/json"}
    url = f"/model/{name}/ubah/kerangka-formulir"
    bpmn = resolve_model(SEED).read_text("utf-8")
    answer = web.post(url, content=json.dumps({"bpmn": bpmn, "task": FIRST_TASK}), headers=headers)
    assert answer.status_code == 200
    keys = [c["key"] for c in answer.json()["form"]["components"] if "key" in c]
    assert keys and all(isinstance(k, str) for k in keys)
    missing = web.post(url, content=json.dumps({"bpmn": bpmn, "task": "Task_TidakAda"}), headers=headers)
    assert missing.status_code == 422 and "Task_TidakAda" in missing.json()["message"]
    broken = web.post(url, content=json.dumps({"bpmn": "<definitions", "task": FIRST_TASK}), headers=headers)
    assert broken.status_code == 422 and broken.json()["message"].startswith("Kerangka formulir tidak dapat dibuat")
    assert web.post(url, content=json.dumps({"bpmn": bpmn, "task": FIRST_TASK}),
                    headers={"content-type": "application/json"}).status_code == 403


def test_a_model_stored_in_another_encoding_opens_as_text(app, site: Site, library: ModelLibrary) -> None:
    seed = resolve_model(SEED)
    text = seed.read_text("utf-8").replace("encoding='UTF-8'", "encoding='ISO-8859-1'", 1)
    text = text.replace("Menerima laporan\"", "Menerima laporan (é)\"", 1)
    assert "ISO-8859-1" in text and "(é)" in text
    latin = site.data_dir.parent / "latin" / "bpmn" / seed.name
    latin.parent.mkdir(parents=True)
    latin.write_bytes(text.encode("latin-1"))
    shutil.copytree(seed.parent.parent / "forms", latin.parent.parent / "forms")
    library.save_file(latin, name="lip10-0072-latin")
    web, _csrf = logged_in(app, _analyst(site))
    page = web.get("/model/lip10-0072-latin/ubah")
    assert page.status_code == 200
    data = json.loads(re.search(r'id="modeller-data">(.*?)</script>', page.text, re.S).group(1))
    assert "Menerima laporan (é)" in data["bpmn"]
