"""Officials take cases through the web workspace in a real Chromium.

Paths done in the browser go through the same completion as the command
line; steps not under test are completed in-process. Screenshots go to
``$SOPFLOW_SCREENSHOTS`` when set (else the test's temporary folder).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from web_support import WAIT_MS, Site, log_in, off_loop

from sopflow.signing import load_certificate, verify_pdf

PASSPHRASE = "demo-rahasia"
"""Passphrase of the test PKI's keys."""
MARKUP = '<b>Tebal</b> <img src=x id="injected"> <script>window.injected = 1</script>'
"""Form text that must stay text everywhere."""


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("SOPFLOW_SCREENSHOTS", tmp_path))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def field(page, key: str):
    """The input of a form-js field by its key's component id."""
    return page.locator(f"#form [id$='-Field_{key}']")


def choose(page, key: str, label: str) -> None:
    """Pick an option of a form-js select."""
    holder = page.locator(".fjs-form-field").filter(has=page.locator(f"[id$='-Field_{key}']"))
    holder.locator(".fjs-input-group").first.click()
    page.locator(".fjs-dropdownlist-item", has_text=label).first.click()


def open_task(page, case_id: str, task_id: str) -> None:
    """Open a task from the inbox."""
    page.goto("/")
    page.locator(f"a[href='/kasus/{case_id}/tugas/{task_id}']").click()
    page.wait_for_selector("#task")
    if page.locator("#form-schema").count():
        page.wait_for_selector("#task[data-form-ready=true]")


def preview(page) -> None:
    """Preview the document; fail with the page's message when it shows one instead."""
    page.click("#preview-button")
    page.wait_for_selector("#preview-status:has-text('siap'), #form-message:not([hidden])")
    assert page.locator("#form-message").is_hidden(), page.locator("#form-message").inner_text()
    assert page.locator("#preview canvas.pdf-page").count() >= 1


def preview_and_sign(page, passphrase: str = PASSPHRASE) -> None:
    """Preview the document, then sign with the passphrase; wait for the inbox."""
    preview(page)
    page.fill("#secret", passphrase)
    page.click("#sign-button")
    page.wait_for_url("**/?selesai=*", timeout=WAIT_MS)


def test_create_paraf_and_sign_a_nota_dinas(site: Site, open_page, shots: Path) -> None:
    case_id = site.start("djpk-hkk-001")
    draft = site.drive_until(case_id, "Task_SusunNotaDinasKabag")

    cso = open_page()
    cso.on("dialog", lambda d: pytest.fail(f"a script from form data ran: {d.message}"))
    log_in(cso, site.nip(draft.role))
    cso.screenshot(path=shots / "inbox.png", full_page=True)
    open_task(cso, case_id, draft.id)
    field(cso, "hal").fill(MARKUP)
    field(cso, "isi").fill("")
    cso.click("#preview-button")
    cso.wait_for_selector(".fjs-form-field-error, #form-message:not([hidden])")
    assert "Wajib diisi." in cso.locator(".fjs-form-field-error").first.inner_text()
    assert cso.locator("#preview canvas").count() == 0, "no preview while a required field is empty"
    field(cso, "isi").fill("Dengan hormat, bersama ini kami sampaikan laporan layanan informasi.")
    preview(cso)
    assert "revisi 1" in cso.locator("#preview-status").inner_text()
    cso.screenshot(path=shots / "task-preview.png", full_page=True)
    cso.fill("#secret", "bukan-frasa-sandinya")
    cso.click("#sign-button")
    cso.wait_for_selector("#secret-error:not([hidden])")
    assert "tidak membuka kunci" in cso.locator("#secret-error").inner_text()
    assert not [e for e in site.service.journal(case_id) if e["task"]["id"] == draft.id], "nothing signed"
    cso.fill("#secret", PASSPHRASE)
    cso.click("#sign-button")
    cso.wait_for_url("**/?selesai=*")
    assert cso.locator(".notice").is_visible()
    assert cso.evaluate("window.injected") is None and cso.locator("#injected").count() == 0

    paraf = site.drive_until(case_id, "Task_ParafNotaDinasKabagKasubbag")
    kasubbag = open_page()
    log_in(kasubbag, site.nip(paraf.role))
    open_task(kasubbag, case_id, paraf.id)
    assert site.roster.for_role(draft.role).official.name in kasubbag.locator("ol.revisions").inner_text()
    kasubbag.locator("ol.revisions button[data-pdf-src]").first.click()
    kasubbag.wait_for_selector("#revision-view canvas.pdf-page")
    preview_and_sign(kasubbag)

    sign = site.drive_until(case_id, "Task_TandatanganiNotaDinasKabag")
    kabag = open_page()
    log_in(kabag, site.nip(sign.role))
    open_task(kabag, case_id, sign.id)
    preview_and_sign(kabag)

    trail = [(e["action"], e["official"]["nip"]) for e in site.service.journal(case_id)
             if e["document"] == "nota_dinas_kabag"]
    assert trail == [("create", site.nip(draft.role)), ("paraf", site.nip(paraf.role)), ("sign", site.nip(sign.role))]
    head = max((r for r in site.service.revisions(case_id) if r.document_id == "nota_dinas_kabag"),
               key=lambda r: r.revision)
    report = off_loop(lambda: verify_pdf(site.service.store.blobs.get(head.sha256),
                                         trust_roots=tuple(load_certificate(p) for p in site.roster.trust_roots)))
    assert report.ok and len(report.signatures) == 3
    assert sign.id not in [t.id for t in site.service.ready_tasks(case_id)], "the case advanced"

    kabag.goto(f"/kasus/{case_id}")
    kabag.wait_for_selector("#diagram[data-ready=true]")
    assert kabag.locator(".sf-done").count() >= 3 and kabag.locator(".sf-active").count() >= 1
    for details in kabag.locator("ol.timeline details").all():
        details.locator("summary").click()
    assert kabag.get_by_text(MARKUP, exact=True).count() == 1, "form markup is shown as text"
    assert kabag.locator("dl.data b, #injected").count() == 0
    documents = " ".join(kabag.locator("ol.revisions").all_inner_texts())
    assert "Revisi 3: Tanda tangan oleh " + site.roster.for_role(sign.role).official.name in documents
    kabag.screenshot(path=shots / "case.png", full_page=True)


def test_return_for_revision_loop(site: Site, open_page, shots: Path) -> None:
    case_id = site.start("lip30-0006")
    review = site.drive_until(case_id, "Task_TelitiLaporan")
    kasi = open_page()
    log_in(kasi, site.nip(review.role))
    open_task(kasi, case_id, review.id)
    choose(kasi, "keputusan", "Kembalikan")
    field(kasi, "catatan").fill("Lengkapi bagian simpulan.")
    preview_and_sign(kasi)

    again = site.ready(case_id)
    assert again.spec_id == "Task_SusunLaporan"
    spv = open_page()
    log_in(spv, site.nip(again.role))
    open_task(spv, case_id, again.id)
    assert "dikembalikan untuk perbaikan" in spv.locator(".notice").inner_text()
    field(spv, "simpulan").fill("Kalibrasi menyamakan persepsi penilaian; simpulan dilengkapi.")
    spv.screenshot(path=shots / "task-returned.png", full_page=True)
    preview_and_sign(spv)

    back = site.ready(case_id)
    assert back.spec_id == "Task_TelitiLaporan"
    laporan = [e for e in site.service.journal(case_id) if e["document"] == "laporan"]
    assert [e["revision"] for e in laporan] == [1, 2] and laporan[-1]["data"]["simpulan"].endswith("dilengkapi.")


def test_other_officials_tasks_are_invisible_and_unreachable(site: Site, open_page) -> None:
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    other = open_page()
    log_in(other, site.nip("Petugas Dukungan Sistem"))  # holds a later role of this SOP, not this task's
    assert other.locator(f"a[href='/kasus/{case_id}/tugas/{task.id}']").count() == 0
    assert other.goto(f"/kasus/{case_id}/tugas/{task.id}").status == 404
    assert other.goto(f"/kasus/{case_id}").status == 200
    foreign = site.start("lip30-0005")
    assert other.goto(f"/kasus/{foreign}").status in (403, 404)
    assert other.goto(f"/kasus/{foreign}/model.bpmn").status in (403, 404)
    refused = other.request.post(f"/kasus/{case_id}/tugas/{task.id}/selesaikan",
                                 data={"data": {}, "secret": PASSPHRASE})
    assert refused.status == 403
    owner = open_page()
    log_in(owner, site.nip(task.role))
    forged = owner.request.post(f"/kasus/{case_id}/tugas/{task.id}/selesaikan",
                                data={"data": {}, "secret": PASSPHRASE})
    assert forged.status == 403, "a POST without the CSRF token is refused"
    assert site.ready(case_id).id == task.id and not site.service.journal(case_id)


def test_phone_width(site: Site, open_page, shots: Path) -> None:
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    phone = open_page(width=390, height=844)
    log_in(phone, site.nip(task.role))
    phone.screenshot(path=shots / "phone-inbox.png", full_page=True)
    open_task(phone, case_id, task.id)
    preview(phone)
    phone.screenshot(path=shots / "phone-task.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scrolling"


def test_server_findings_show_on_the_field(site: Site, open_page) -> None:
    case_id = site.start("lip20-0013")
    task = site.ready(case_id)
    required = next(f for f in site.service.form_of(case_id, task.form_key).fields if f.required)
    page = open_page()
    log_in(page, site.nip(task.role))
    open_task(page, case_id, task.id)

    def blank_the_field(route) -> None:  # what a browser that skipped form-js's checks would send
        body = json.loads(route.request.post_data)
        body["data"][required.key] = ""
        route.continue_(post_data=json.dumps(body))

    page.route("**/pratinjau", blank_the_field)
    page.click("#preview-button")
    holder = page.locator(".fjs-form-field").filter(has=page.locator(f"[id$='-Field_{required.key}']"))
    error = holder.locator(".fjs-form-field-error")
    error.wait_for()
    assert required.label in error.inner_text()
    assert page.locator("#preview canvas").count() == 0 and page.locator("#sign-button").is_disabled()
