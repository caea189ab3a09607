"""An analyst uses the model pages in a real Chromium: a finding marked on its element, a corrected
version, its SOP document downloaded, a trial case stepped through.

Screenshots go to ``$SOPFLOW_SCREENSHOTS`` when set (else the test's temporary folder).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from web_support import Site, log_in

from sopflow.bpmn import resolve_model

SEED = "lip30-0006"
NAME = "kalibrasi-peramban"
"""A model name no other web test uses (the browser tests share one data directory)."""


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SOPFLOW_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _files() -> tuple[bytes, list[dict]]:
    model = resolve_model(SEED)
    assert model is not None
    forms = [{"name": f.name, "mimeType": "application/json", "buffer": f.read_bytes()}
             for f in sorted((model.parent.parent / "forms").glob("lip30_0006_*.form"))]
    return model.read_bytes(), forms


def _broken(xml: bytes) -> tuple[bytes, str]:
    """The model with the first create task's action misspelt, and that task's id."""
    match = re.search(rb'<bpmn:userTask id="([^"]+)"(?:(?!</bpmn:userTask>).)*?name="action" value="create"',
                      xml, re.S)
    assert match, "the seed has a create task"
    start = match.end() - len(b'value="create"')
    return xml[:start] + b'value="buat"' + xml[match.end():], match.group(1).decode()


def _upload(page, model: bytes, forms: list[dict], *, name: str | None) -> None:
    form = page.locator("form.upload")
    if name is not None:
        form.locator("input[name=name]").fill(name)
    form.locator("input[name=model]").set_input_files({"name": f"{NAME}.bpmn", "mimeType": "application/xml",
                                                        "buffer": model})
    form.locator("input[name=forms]").set_input_files(forms)
    form.locator("button[type=submit]").click()


def test_analyst_sees_a_finding_on_its_element_then_saves_and_downloads_the_sop(
        site: Site, open_page, shots: Path, tmp_path: Path) -> None:
    analyst = next(nip for nip, staff in site.roster.staff.items() if "model" in staff.access)
    page = open_page(width=1400, height=1000)
    log_in(page, analyst)
    page.click("header nav a[href='/model']")
    page.wait_for_selector("h1:text('Pustaka Model')")

    xml, forms = _files()
    broken, task_id = _broken(xml)
    _upload(page, broken, forms, name=NAME)
    page.wait_for_selector("#diagram[data-ready=true]")
    assert page.locator("h1").inner_text() == f"Model {NAME} ditolak"
    assert task_id in page.locator("#diagram").get_attribute("data-marked").split()
    shape = page.locator(f"#diagram g.djs-element[data-element-id='{task_id}']")
    assert "sf-error" in shape.get_attribute("class")
    badge = page.locator(f".djs-overlays[data-container-id='{task_id}'] .sf-finding-badge")
    assert badge.inner_text() == "1" and "[task-action]" in badge.get_attribute("title")
    row = page.locator(f"li.finding[data-element-id='{task_id}'][data-rule='task-action']")
    assert "on-diagram" in row.get_attribute("class")
    row.click()
    assert "sf-focus" in shape.get_attribute("class")
    page.screenshot(path=str(shots / "model-refused.png"), full_page=True)

    # the corrected model, uploaded from the refused page's form (the name is kept)
    _upload(page, xml, forms, name=None)
    page.wait_for_url(f"**/model/{NAME}/v/1")
    page.wait_for_selector("#diagram[data-ready=true]")
    assert page.locator(".notice").inner_text().startswith("Tidak ada temuan")
    assert page.locator("#diagram g.djs-element.sf-error").count() == 0

    page.click("button[data-pdf-src$='/sop.pdf']")
    page.wait_for_selector("#sop-view canvas.pdf-page")
    page.screenshot(path=str(shots / "model-version.png"), full_page=True)
    with page.expect_download() as download:
        page.click("#sop-download")
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == f"SOP-{NAME}-v1.pdf" and saved.read_bytes().startswith(b"%PDF-")
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, text=True, check=True).stdout
    assert "LIP30-0006" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "2", str(saved), str(shots / "model-sop")],
                   check=True)

    # a trial case on the version, one step taken
    page.click("form[action$='/uji-coba'] button")
    page.wait_for_selector(".trial-banner")
    page.wait_for_selector("#diagram[data-ready=true]")
    page.click("#trial-step")
    page.wait_for_selector("ol.timeline li strong")
    assert "(UJI COBA)" in page.locator("ol.timeline").inner_text()
    page.wait_for_selector("#diagram[data-ready=true]")
    page.screenshot(path=str(shots / "model-trial.png"), full_page=True)
    page.goto("/model")
    page.wait_for_selector(f"a[href='/model/{NAME}']")
    page.screenshot(path=str(shots / "model-list.png"), full_page=True)
