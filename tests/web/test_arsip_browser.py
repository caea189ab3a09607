"""An archivist verifies an exported case in a real Chromium: upload, the waiting state, LULUS, the downloads.

Screenshots go to ``$SOPFLOW_SCREENSHOTS`` when set (else the test's temporary folder).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import bagit
from web_support import Site, log_in, off_loop

from sopflow.archive.bag_zip import write_bag_zip
from sopflow.archive.export import export_case
from sopflow.archive.report import Kind, kind_label
from sopflow.signing import load_certificate, verify_pdf


def test_archivist_uploads_an_exported_case_and_sees_it_pass(open_page, site: Site, finished_case: str,
                                                             tmp_path: Path) -> None:
    shots = Path(os.environ.get("SOPFLOW_SCREENSHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    bag = off_loop(export_case, site.service, finished_case, tmp_path / finished_case)
    zipped = write_bag_zip(bag, tmp_path / f"{finished_case}.zip", top=finished_case)
    archivist = next(nip for nip, staff in site.roster.staff.items() if "arsip" in staff.access)

    page = open_page()
    log_in(page, archivist)
    page.click("header nav a[href='/arsip']")
    page.wait_for_selector("h1:text('Arsip')")
    assert page.locator(f"text={finished_case}").count() >= 1
    page.screenshot(path=shots / "arsip.png", full_page=True)

    page.set_input_files("input[name=arsip]", str(zipped))
    page.click("button:text('Unggah dan periksa')")
    page.wait_for_selector("#arsip-result")
    page.wait_for_selector(".verdict-word")
    assert page.locator(".verdict-word").inner_text() == "LULUS"
    assert page.locator(".verdict.pass").count() == 1
    assert page.locator("table.signatures tr.bad").count() == 0
    page.screenshot(path=shots / "arsip-report.png", full_page=True)

    with page.expect_download() as download:
        page.click("a:text('Unduh laporan PDF (bersegel unit)')")
    pdf = Path(download.value.path()).read_bytes()
    root = load_certificate(site.roster.trust_roots[0])
    report = off_loop(lambda: verify_pdf(pdf, trust_roots=[root]))
    assert report.ok and report.signatures[0].signer_name == site.roster.seal.name

    forged = tmp_path / "palsu" / finished_case
    shutil.copytree(bag, forged)
    model = next((forged / "data" / "model").glob("*.bpmn"))
    model.write_bytes(model.read_bytes() + b"\n<!-- direvisi -->\n")
    bagit.Bag(str(forged)).save(manifests=True)
    page.goto("/arsip")
    page.set_input_files("input[name=arsip]", str(write_bag_zip(forged, tmp_path / "palsu.zip", top=finished_case)))
    page.click("button:text('Unggah dan periksa')")
    page.wait_for_selector(".verdict-word")
    assert page.locator(".verdict-word").inner_text() == "GAGAL"
    assert page.locator(f".verdict li:has-text('{kind_label(Kind.MODEL_DIGEST)}')").count() == 1
    page.screenshot(path=shots / "arsip-report-forged.png", full_page=True)

    phone = open_page(width=390, height=800)
    log_in(phone, archivist)
    phone.goto("/arsip")
    phone.screenshot(path=shots / "arsip-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.goto(page.url)
    phone.wait_for_selector(".verdict-word")
    phone.screenshot(path=shots / "arsip-report-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
