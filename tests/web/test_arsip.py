"""The archivists' pages over HTTP: access, verifying uploads and cases, the reports, export, hostile uploads.

Real everything: a case completed with the seed PKI, the bag ``sopflow case
export`` writes, ``sopflow verify --json`` in a child process for comparison,
and zips built here for each class of hostile upload.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import stat
import subprocess
import sys
import time
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import bagit
import pytest
from pypdf import PdfReader
from starlette.testclient import TestClient
from test_app import client, logged_in
from web_support import Site, off_loop

from sopflow.archive.bag_zip import write_bag_zip
from sopflow.archive.export import export_case
from sopflow.archive.report import Kind, kind_label
from sopflow.messages import VERIFY_KIND_LABELS
from sopflow.signing import load_certificate, verify_pdf
from sopflow.web import WebConfig, create_app

LIMITS = dict(max_upload_bytes=2 * 1024**2, max_unpacked_bytes=4 * 1024**2, max_zip_entries=50, max_zip_ratio=100)
"""Small limits, so the bombs of these tests stay small."""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("scratch")


@pytest.fixture(scope="module")
def app(site: Site, scratch: Path):
    return create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path, scratch_dir=scratch))


@pytest.fixture(scope="module")
def small_app(site: Site, scratch: Path):
    """The app with :data:`LIMITS`."""
    return create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path, scratch_dir=scratch, **LIMITS))


def archivist_nip(site: Site) -> str:
    return next(nip for nip, staff in site.roster.staff.items() if "arsip" in staff.access)


@pytest.fixture(scope="module")
def exported(site: Site, finished_case: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The finished case as ``sopflow case export`` writes it."""
    return export_case(site.service, finished_case, tmp_path_factory.mktemp("export") / finished_case)


@pytest.fixture(scope="module")
def case_zip(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bag_zip(exported, tmp_path_factory.mktemp("zip") / "kasus.zip", top=exported.name)


def upload(web: TestClient, csrf: str, name: str, data: bytes):
    return web.post("/arsip/unggah", data={"csrf": csrf}, files={"arsip": (name, data, "application/zip")})


def wait_for_report(web: TestClient, location: str) -> str:
    """Poll the result part (as the page's htmx does) until the run ends; returns the whole page."""
    deadline = time.monotonic() + 240
    while "Sedang diperiksa" in web.get(f"{location}/hasil").text:
        assert time.monotonic() < deadline, "the verification did not finish"
        time.sleep(0.5)
    return web.get(location).text


def cli_verify(bag: Path, trust: Path) -> dict:
    """``sopflow verify --json`` data, from the real command."""
    result = subprocess.run([sys.executable, "-m", "sopflow.cli.main", "verify", str(bag), "--trust", str(trust),
                             "--json"], capture_output=True, text=True, timeout=300, check=False)
    return json.loads(result.stdout)["data"]


def without_path(data: dict) -> dict:
    return {k: v for k, v in data.items() if k != "path"}


# -- access -------------------------------------------------------------------------------------------------------

def test_nav_link_shows_only_with_arsip_access(app, site: Site) -> None:
    archivist, _ = logged_in(app, archivist_nip(site))
    assert 'href="/arsip"' in archivist.get("/").text
    official, _ = logged_in(app, site.nip("Kepala Seksi Operasional"))
    assert 'href="/arsip"' not in official.get("/").text


def test_every_archive_route_refuses_who_lacks_arsip_access(app, site: Site, finished_case: str,
                                                            case_zip: Path) -> None:
    model_staff = next(nip for nip, staff in site.roster.staff.items() if "arsip" not in staff.access)
    for nip in (site.nip("Kepala Seksi Operasional"), model_staff):
        web, csrf = logged_in(app, nip)
        for path in ("/arsip", f"/arsip/kasus/{finished_case}/arsip.zip", "/arsip/laporan/" + "0" * 32,
                     "/arsip/laporan/" + "0" * 32 + "/laporan.json"):
            assert web.get(path).status_code == 403, path
        assert web.post(f"/arsip/kasus/{finished_case}/periksa", data={"csrf": csrf}).status_code == 403
        assert upload(web, csrf, "kasus.zip", case_zip.read_bytes()).status_code == 403
    anonymous = client(app)
    assert anonymous.get("/arsip").status_code == 303
    assert anonymous.post("/arsip/unggah", files={"arsip": ("a.zip", b"x")}).status_code == 401


def test_running_unknown_and_guessed_ids_answer_not_found(app, site: Site) -> None:
    running = site.start("lip10-0072")
    web, csrf = logged_in(app, archivist_nip(site))
    for case_id in (running, "LIP10-0072-9999", "x" * 300):
        assert web.get(f"/arsip/kasus/{case_id}/arsip.zip").status_code == 404
        assert web.post(f"/arsip/kasus/{case_id}/periksa", data={"csrf": csrf}).status_code == 404
    assert running not in web.get("/arsip").text
    for run_id in ("0" * 32, "a" * 31, "../../etc/passwd"):
        assert web.get(f"/arsip/laporan/{run_id}").status_code == 404


def test_a_cancelled_case_is_listed_verified_and_exported(app, site: Site) -> None:
    from sopflow.runner.cancel import cancel_case

    case_id = site.start("lip10-0072")
    off_loop(cancel_case, site.service, case_id, "Uji pembatalan")
    web, csrf = logged_in(app, archivist_nip(site))
    assert case_id in web.get("/arsip").text
    answer = web.post(f"/arsip/kasus/{case_id}/periksa", data={"csrf": csrf})
    page = wait_for_report(web, answer.headers["location"])
    assert 'class="verdict-word">LULUS<' in page and "dibatalkan, ditutup segel unit" in page
    assert web.get(f"/arsip/kasus/{case_id}/arsip.zip").status_code == 200


def test_checking_a_case_needs_the_csrf_token(app, site: Site, finished_case: str) -> None:
    web, _csrf = logged_in(app, archivist_nip(site))
    assert web.post(f"/arsip/kasus/{finished_case}/periksa", data={"csrf": "palsu"}).status_code == 403


# -- export and verification ---------------------------------------------------------------------------------------

def test_export_downloads_the_bag_case_export_writes(app, site: Site, finished_case: str, exported: Path,
                                                     scratch: Path) -> None:
    web, _ = logged_in(app, archivist_nip(site))
    assert finished_case in web.get("/arsip").text
    answer = web.get(f"/arsip/kasus/{finished_case}/arsip.zip")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert f'filename="{finished_case}.zip"' in answer.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        names = {n.removeprefix(f"{finished_case}/") for n in archive.namelist()}
        expected = {p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file()}
        assert names == expected
        for name in expected:
            if name.startswith("data/"):  # tag files carry the bagging date
                assert archive.read(f"{finished_case}/{name}") == (exported / name).read_bytes(), name
    assert list(scratch.iterdir()) == []


def test_upload_of_an_exported_case_passes_and_its_json_is_the_clis(app, site: Site, exported: Path,
                                                                    case_zip: Path, scratch: Path,
                                                                    finished_case: str) -> None:
    web, csrf = logged_in(app, archivist_nip(site))
    answer = upload(web, csrf, "kasus.zip", case_zip.read_bytes())
    assert answer.status_code == 303
    location = answer.headers["location"]
    page = wait_for_report(web, location)
    assert re.search(r'class="verdict-word">LULUS<', page)
    assert page.index("LULUS") < page.index("Dokumen dan tanda tangan") < page.index("Pemeriksaan kasus dan jurnal")
    signer = site.service.journal(finished_case)[0]["official"]
    assert signer["name"] in page and signer["nip"] in page and "WIB" in page and "tidak tercatat dicabut" in page
    assert list(scratch.iterdir()) == []  # the upload and its unpacked bag are gone
    data = web.get(f"{location}/laporan.json").json()
    assert data["path"] == "unggahan kasus.zip"
    assert without_path(data) == without_path(cli_verify(exported, site.roster.trust_roots[0]))

    pdf = web.get(f"{location}/laporan.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    report = verify_pdf(pdf.content, trust_roots=[load_certificate(site.roster.trust_roots[0])])
    assert report.ok and len(report.signatures) == 1
    seal = report.signatures[0]
    assert seal.signer_name == site.roster.seal.name and seal.signer_nip is None
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "LULUS" in text and data["case_id"] in text
    assert all(entry["official"]["nip"] in text for entry in site.service.journal(finished_case))


def test_a_case_of_this_server_is_verified_from_its_export(app, site: Site, finished_case: str) -> None:
    web, csrf = logged_in(app, archivist_nip(site))
    answer = web.post(f"/arsip/kasus/{finished_case}/periksa", data={"csrf": csrf})
    assert answer.status_code == 303
    page = wait_for_report(web, answer.headers["location"])
    assert 'class="verdict-word">LULUS<' in page and f"kasus {finished_case}" in page
    assert f"kasus {finished_case}" in web.get("/arsip").text  # listed among the archivist's runs


def test_a_forged_archive_fails_with_the_kind_the_cli_reports(app, site: Site, exported: Path,
                                                              tmp_path: Path) -> None:
    forged = tmp_path / exported.name
    shutil.copytree(exported, forged)
    model = next((forged / "data" / "model").glob("*.bpmn"))
    model.write_bytes(model.read_bytes() + b"\n<!-- direvisi -->\n")
    case_file = forged / "data" / "case.json"
    case = json.loads(case_file.read_text("utf-8"))
    case["sop_title"] += " \U0001f642 \u202e"  # nothing prints these: the PDF report must still be made
    case_file.write_text(json.dumps(case, ensure_ascii=False), "utf-8")
    bagit.Bag(str(forged)).save(manifests=True)
    cli = cli_verify(forged, site.roster.trust_roots[0])
    assert cli["kinds"] and Kind.MODEL_DIGEST.value in cli["kinds"]

    web, csrf = logged_in(app, archivist_nip(site))
    zipped = write_bag_zip(forged, tmp_path / "palsu.zip", top=forged.name)
    location = upload(web, csrf, "palsu.zip", zipped.read_bytes()).headers["location"]
    page = wait_for_report(web, location)
    assert 'class="verdict-word">GAGAL<' in page
    for kind in cli["kinds"]:
        assert f"<code>{kind}</code>" in page and kind_label(kind) in page
    data = web.get(f"{location}/laporan.json").json()
    assert data["kinds"] == cli["kinds"] and without_path(data) == without_path(cli)
    answer = web.get(f"{location}/laporan.pdf")
    assert answer.status_code == 200, answer.text
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(answer.content)).pages)
    assert "GAGAL" in text and "KEGAGALAN SISTEM ? ?" in " ".join(text.split())


def test_every_finding_kind_has_an_indonesian_label() -> None:
    assert {k.value for k in Kind} <= set(VERIFY_KIND_LABELS)
    assert kind_label("kind-added-later") == "kind-added-later"


# -- hostile uploads --------------------------------------------------------------------------------------------

def _zip(*entries: tuple[str | zipfile.ZipInfo, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate names are the point of one test
        with zipfile.ZipFile(buffer, "w", compression=compression) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def _info(name: str, *, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


_BAG = ("kasus/bagit.txt", b"BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n")


def _non_utf8_name() -> bytes:
    return _zip(_BAG, ("kasus/data/XX.pdf", b"%PDF-1.7")).replace(b"XX.pdf", b"\xff\xfe.pdf")


def _padded_directory() -> bytes:
    """Few entries whose central directory records carry large comments (memory before any entry is read)."""
    entries = []
    for index in range(2):
        info = zipfile.ZipInfo(f"kasus/data/{index}.txt")
        info.comment = b"k" * 20_000
        entries.append((info, b"x"))
    return _zip(_BAG, *entries)


def _encrypted() -> bytes:
    """An entry flagged as encrypted (zipfile writes no encryption, so the flag is set in both headers)."""
    data = bytearray(_zip(_BAG, ("kasus/data/case.json", b"{}")))
    name = b"kasus/data/case.json"
    local = data.index(name) - 30
    central = data.index(b"PK\x01\x02", local + 30)
    central = data.index(name, central) - 46
    for offset in (local + 6, central + 8):
        data[offset] |= 0x01
    return bytes(data)


def _corrupt() -> bytes:
    data = bytearray(_zip(_BAG, ("kasus/data/case.json", b"{" + b'"a": 1, ' * 5000 + b"}")))
    middle = data.index(b"kasus/data/case.json") + 60
    data[middle:middle + 40] = b"\x00" * 40
    return bytes(data)


HOSTILE: dict[str, tuple[Callable[[], bytes], int, str]] = {
    "parent-dir": (lambda: _zip(_BAG, ("kasus/../../evil.txt", b"x")), 422, "zip-slip"),
    "absolute": (lambda: _zip(_BAG, ("/tmp/evil.txt", b"x")), 422, "jalur mutlak"),
    "drive-letter": (lambda: _zip(_BAG, ("C:/evil.txt", b"x")), 422, "huruf drive"),
    "backslash": (lambda: _zip(_BAG, ("kasus\\..\\evil.txt", b"x")), 422, "garis miring terbalik"),
    "symlink": (lambda: _zip(_BAG, (_info("kasus/data/case.json", mode=stat.S_IFLNK | 0o777), b"/etc/passwd")),
                422, "tautan simbolik"),
    "fifo": (lambda: _zip(_BAG, (_info("kasus/data/pipa", mode=stat.S_IFIFO | 0o600), b"")), 422,
             "bukan berkas biasa"),
    "nested-by-name": (lambda: _zip(_BAG, ("kasus/data/dalam.zip", _zip(_BAG))), 422, "arsip di dalam arsip"),
    "nested-by-content": (lambda: _zip(_BAG, ("kasus/data/catatan.txt", _zip(_BAG))), 422,
                          "arsip di dalam arsip"),
    "duplicate": (lambda: _zip(_BAG, ("kasus/data/case.json", b"{}"), ("kasus/data/case.json", b"{}")), 422,
                  "lebih dari sekali"),
    "file-and-folder": (lambda: _zip(_BAG, ("kasus/data", b"x"), ("kasus/data/case.json", b"{}")), 422,
                        "lebih dari sekali"),
    "non-utf8-name": (_non_utf8_name, 422, "bukan teks UTF-8"),
    "encrypted": (_encrypted, 422, "terenkripsi"),
    "directory-too-large": (_padded_directory, 422, "Daftar isi arsip zip"),
    "too-many-entries": (lambda: _zip(*[(f"kasus/data/{i}.txt", b"") for i in range(60)]), 422, "entri, lebih dari"),
    "unpacked-too-large": (lambda: _zip(*[(f"kasus/data/nol{i}.txt", b"\0" * 1024**2) for i in range(5)]), 422,
                           "mengembang"),
    "ratio-bomb": (lambda: _zip(_BAG, ("kasus/data/nol.txt", b"\0" * (3 * 1024**2))), 422, "dimampatkan"),
    "corrupt-entry": (_corrupt, 422, "isi rusak"),
    "not-a-zip": (lambda: b"ini bukan zip" * 100, 422, "not-a-zip.zip bukan arsip zip"),
    "no-bag": (lambda: _zip(("catatan.txt", b"halo")), 422, "tidak memuat bag"),
    "control-character": (lambda: _zip(_BAG, ("kasus/data/a\x07b.txt", b"x")), 422, "nama tidak aman"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_upload_is_refused_with_the_entry_named(name: str, small_app, site: Site, scratch: Path) -> None:
    build, status, words = HOSTILE[name]
    web, csrf = logged_in(small_app, archivist_nip(site))
    answer = upload(web, csrf, f"{name}.zip", build())
    assert answer.status_code == status, answer.text[-500:]
    assert words in answer.text
    if name in ("parent-dir", "symlink", "duplicate", "encrypted", "nested-by-name", "ratio-bomb"):
        assert "kasus/" in answer.text or "../" in answer.text  # the entry is named
    assert list(scratch.iterdir()) == []
    assert not (scratch.parent / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_upload_larger_than_the_limit_is_refused_while_streaming(small_app, site: Site, scratch: Path) -> None:
    web, csrf = logged_in(small_app, archivist_nip(site))
    answer = upload(web, csrf, "besar.zip", b"\0" * (LIMITS["max_upload_bytes"] + 1))
    assert answer.status_code == 413 and "lebih besar dari" in answer.text
    far_too_large = upload(web, csrf, "besar.zip", b"\0" * (LIMITS["max_upload_bytes"] + 128 * 1024))
    assert far_too_large.status_code == 413  # refused by the body limit before the page runs
    assert list(scratch.iterdir()) == []


def test_upload_without_csrf_token_or_file_writes_nothing(small_app, site: Site, scratch: Path,
                                                          case_zip: Path) -> None:
    web, _csrf = logged_in(small_app, archivist_nip(site))
    forged = web.post("/arsip/unggah", data={"csrf": "palsu"}, files={"arsip": ("k.zip", case_zip.read_bytes())})
    assert forged.status_code == 403
    nothing = web.post("/arsip/unggah", data={"csrf": _csrf}, files={"arsip": ("", b"")})
    assert nothing.status_code == 400 and "Pilih berkas zip" in nothing.text
    assert list(scratch.iterdir()) == []


def test_other_routes_keep_the_small_body_limit(small_app, site: Site, finished_case: str) -> None:
    web, csrf = logged_in(small_app, archivist_nip(site))
    big = web.post(f"/arsip/kasus/{finished_case}/periksa", data={"csrf": csrf, "isi": "x" * (300 * 1024)})
    assert big.status_code == 413
