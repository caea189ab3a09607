"""Tampered archives are caught for the right reason; an untouched one raises no alarm.

Each tamper starts from a copy of a freshly exported case. A careful forger
re-seals the journal and re-makes the bag manifests, so the check named in
the table is the one that must catch the change.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from sopflow.archive.report import Kind
from sopflow.archive.verify import verify_case
from sopflow.signing import create_test_pki

from .conftest import DemoCases, read_journal, rebag, write_journal

LAPORAN_LAST = "documents/laporan/r4.pdf"
RECORD = "documents/catatan_Task_PerbaikiKegagalan_1/r1.pdf"


def _set_document(bag: Path, rel: str, data: bytes) -> None:
    """Replace a revision file and make the journal and bag agree with it."""
    (bag / "data" / rel).write_bytes(data)
    entries = read_journal(bag)
    document, revision = rel.split("/")[1], int(rel.split("/")[2][1:-4])
    for entry in entries:
        if entry["document"] == document and entry["revision"] == revision:
            entry["doc_sha256"] = hashlib.sha256(data).hexdigest()
    write_journal(bag, entries)
    rebag(bag)


def content_stream_added(bag: Path, _cases: DemoCases) -> None:
    pdf = (bag / "data" / LAPORAN_LAST).read_bytes()
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    font = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"),
        generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
    })
    resources = generic.DictionaryObject({generic.NameObject("/Font"): generic.DictionaryObject(
        {generic.NameObject("/FTamper"): writer.add_object(font)})})
    stream = generic.StreamObject(stream_data=b"BT /FTamper 28 Tf 60 420 Td (DIBATALKAN) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream), resources=resources)
    out = BytesIO()
    writer.write(out)
    _set_document(bag, LAPORAN_LAST, out.getvalue())


def overlay_annotation_added(bag: Path, _cases: DemoCases) -> None:
    pdf = (bag / "data" / LAPORAN_LAST).read_bytes()
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    annotation = writer.add_object(generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Annot"),
        generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
        generic.NameObject("/Rect"): generic.ArrayObject([generic.FloatObject(v) for v in (50, 400, 550, 460)]),
        generic.NameObject("/Contents"): generic.TextStringObject("Jumlah diubah menjadi Rp 0"),
        generic.NameObject("/DA"): generic.TextStringObject("/Helv 24 Tf 0 g"),
    }))
    annots = page.get("/Annots")
    if annots is None:
        page[generic.NameObject("/Annots")] = generic.ArrayObject([annotation])
    else:
        annots.get_object().append(annotation)
    writer.update_container(page)
    out = BytesIO()
    writer.write(out)
    _set_document(bag, LAPORAN_LAST, out.getvalue())


def last_signature_removed(bag: Path, _cases: DemoCases) -> None:
    previous = (bag / "data" / "documents/laporan/r3.pdf").read_bytes()
    _set_document(bag, LAPORAN_LAST, previous)


def revision_dropped(bag: Path, _cases: DemoCases) -> None:
    (bag / "data" / "documents/laporan/r2.pdf").unlink()
    entries = [e for e in read_journal(bag) if not (e["document"] == "laporan" and e["revision"] == 2)]
    write_journal(bag, entries)
    rebag(bag)


def revision_file_deleted(bag: Path, _cases: DemoCases) -> None:
    (bag / "data" / "documents/laporan/r2.pdf").unlink()
    rebag(bag)


def swapped_from_other_case(bag: Path, cases: DemoCases) -> None:
    _set_document(bag, RECORD, (cases.second / "data" / RECORD).read_bytes())


def journal_reordered(bag: Path, _cases: DemoCases) -> None:
    journal = bag / "data" / "journal.jsonl"
    lines = journal.read_text("utf-8").splitlines()
    lines[3], lines[4] = lines[4], lines[3]
    journal.write_text("\n".join(lines) + "\n", "utf-8")
    rebag(bag)


def journal_reordered_and_resealed(bag: Path, _cases: DemoCases) -> None:
    entries = read_journal(bag)
    entries[3], entries[4] = entries[4], entries[3]
    write_journal(bag, entries)
    rebag(bag)


def journal_time_moved(bag: Path, _cases: DemoCases) -> None:
    entries = read_journal(bag)
    entries[4]["time"] = "2019-01-02T03:04:05+00:00"
    write_journal(bag, entries)
    rebag(bag)


def manifest_edited(bag: Path, _cases: DemoCases) -> None:
    manifest = bag / "manifest-sha256.txt"
    lines = manifest.read_text("utf-8").splitlines()
    digest, name = lines[0].split(maxsplit=1)
    lines[0] = f"{'0' * len(digest)}  {name}"
    manifest.write_text("\n".join(lines) + "\n", "utf-8")


def foreign_trust_root(_bag: Path, _cases: DemoCases) -> None:
    """Nothing changes in the bag: it is verified against another PKI's root (see ``trust`` below)."""


def untouched(_bag: Path, _cases: DemoCases) -> None:
    """The archive as exported."""


@dataclass(frozen=True)
class Tamper:
    """One row of the expectations table."""

    make: Callable[[Path, DemoCases], None]
    """Alters the bag copy."""
    kinds: frozenset[Kind]
    """Finding kinds that must all be reported."""
    names: str | None = None
    """A payload path at least one of those findings must name."""
    foreign_root: bool = False
    """Verify against the root of an unrelated PKI."""


TAMPERS: dict[str, Tamper] = {
    "untouched": Tamper(untouched, frozenset()),
    "content stream added after signing": Tamper(content_stream_added, frozenset({Kind.MODIFIED_AFTER_SIGNING}),
                                                 LAPORAN_LAST),
    "overlay annotation added after signing": Tamper(overlay_annotation_added,
                                                     frozenset({Kind.MODIFIED_AFTER_SIGNING}), LAPORAN_LAST),
    "last signature removed": Tamper(last_signature_removed, frozenset({Kind.SIGNATURE_COUNT}), LAPORAN_LAST),
    "revision and its journal entry dropped": Tamper(revision_dropped, frozenset({Kind.REPLAY,
                                                                                  Kind.SIGNATURE_COUNT})),
    "revision file deleted": Tamper(revision_file_deleted, frozenset({Kind.DOCUMENT_MISSING}),
                                    "documents/laporan/r2.pdf"),
    "document swapped in from another case": Tamper(swapped_from_other_case, frozenset({Kind.DOCUMENT_SWAPPED}),
                                                    RECORD),
    "journal entries reordered": Tamper(journal_reordered, frozenset({Kind.JOURNAL_CHAIN})),
    "journal entries reordered and re-sealed": Tamper(journal_reordered_and_resealed,
                                                      frozenset({Kind.REPLAY, Kind.JOURNAL_LINK})),
    "journal time moved outside the case period": Tamper(journal_time_moved,
                                                         frozenset({Kind.TIME_OUTSIDE_PERIOD, Kind.TIME_ORDER})),
    "bag manifest edited": Tamper(manifest_edited, frozenset({Kind.BAG_FIXITY})),
    "certificate not from the trust root": Tamper(foreign_trust_root, frozenset({Kind.CERTIFICATE_UNTRUSTED}),
                                                  LAPORAN_LAST, foreign_root=True),
}
"""What each tamper must be caught as."""


@pytest.fixture(scope="module")
def foreign_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return create_test_pki(tmp_path_factory.mktemp("foreign-pki"), []).root_pem


@pytest.mark.parametrize("name", list(TAMPERS))
def test_tamper_is_caught_for_the_right_reason(name, bag, lip10_cases, foreign_root):
    tamper = TAMPERS[name]
    tamper.make(bag, lip10_cases)
    trust = foreign_root if tamper.foreign_root else lip10_cases.trust_root
    report = verify_case(bag, [trust], workers=1)
    if not tamper.kinds:
        assert report.ok and not report.findings, report.findings
        return
    assert not report.ok
    missing = tamper.kinds - report.kinds
    assert not missing, f"{name}: expected {sorted(k.value for k in missing)}, got {report.findings}"
    if tamper.names:
        assert any(tamper.names in f.message for f in report.findings if f.kind in tamper.kinds), report.findings
    if name not in ("bag manifest edited",):
        assert Kind.BAG_FIXITY not in report.kinds, "the forger re-made the manifests; fixity must hold"


def test_parallel_verification_equals_serial(bag, lip10_cases):
    overlay_annotation_added(bag, lip10_cases)
    serial = verify_case(bag, [lip10_cases.trust_root], workers=1)
    parallel = verify_case(bag, [lip10_cases.trust_root], workers=2)
    assert parallel == serial
    assert not parallel.ok


def test_report_json_names_kinds(bag, lip10_cases):
    last_signature_removed(bag, lip10_cases)
    data = verify_case(bag, [lip10_cases.trust_root], workers=1).to_dict()
    json.dumps(data)  # JSON-ready
    assert data["ok"] is False and "signature-count" in data["kinds"]
    revision = next(r for r in data["revisions"] if r["path"] == LAPORAN_LAST)
    assert {f["kind"] for f in revision["findings"]} == {"signature-count"}
    assert any("journal entry 9" in p for p in revision["problems"])
    assert len(revision["signatures"]) == 3


def test_unbagged_payload_is_reported(bag, lip10_cases, tmp_path):
    payload = tmp_path / "payload"
    shutil.copytree(bag / "data", payload)
    report = verify_case(payload, [lip10_cases.trust_root], workers=1)
    assert report.kinds == {Kind.NOT_A_BAG}


def test_cli_report_reads_for_an_archivist(bag, lip10_cases):
    from click.testing import CliRunner

    from sopflow.cli.main import main

    good = CliRunner().invoke(main, ["verify", str(bag), "--trust", str(lip10_cases.trust_root)])
    assert good.exit_code == 0, good.output
    assert "Hasil: LULUS" in good.output and "Dokumen laporan" in good.output
    assert "jejak tugas sesuai model BPMN" in good.output
    content_stream_added(bag, lip10_cases)
    bad = CliRunner().invoke(main, ["verify", str(bag), "--trust", str(lip10_cases.trust_root)])
    assert bad.exit_code == 1
    assert "Hasil: GAGAL" in bad.output
    assert "[TIDAK] file_Task_TatausahakanLaporan" in bad.output
    assert "modification level OTHER" in bad.output and "Traceback" not in bad.output


def test_a_threaded_process_verifies_through_a_fork_server(bag, lip10_cases):
    """The web server verifies from a thread: its workers must not be forked from a threaded process."""
    import threading

    from sopflow.archive.signatures import _worker_context

    overlay_annotation_added(bag, lip10_cases)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert _worker_context().get_start_method() == "forkserver"
        threaded = verify_case(bag, [lip10_cases.trust_root], workers=2)
    finally:
        stop.set()
        other.join()
    assert threaded == verify_case(bag, [lip10_cases.trust_root], workers=2)
    assert not threaded.ok
