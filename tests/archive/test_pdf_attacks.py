"""PDF-level attacks of docs/threat-model.md, each built by rewriting an exported archive's bytes.

The forger (no private key) appends to the last revision of a signed
document, or rewrites bytes no signature covers, then covers their tracks:
the journal records the new file's hash (re-chained) and the bag manifests
are re-made. The insider re-makes the last revision with their own key over
rewritten earlier bytes. Each row asserts the finding kind that must catch
it; the untouched archive raises none (``test_forgery.py``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from io import BytesIO
from pathlib import Path

import pytest
from asn1crypto import cms
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.generic import NameObject as N
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.fields import SigFieldSpec, append_signature_field

from sopflow.archive.report import Kind
from sopflow.archive.verify import verify_case

from .conftest import DemoCases, read_journal, rebag, write_journal
from .test_forgery import LAPORAN_LAST, _set_document, _update, insider_signs

EARLIER_FIELD = "receive_Task_TerimaLaporan"
"""A field signed before the laporan's last signature."""


def _last(bag: Path) -> bytes:
    return (bag / "data" / LAPORAN_LAST).read_bytes()


def _appended(rewrite: Callable[[bytes], bytes]) -> Callable[[Path, DemoCases], None]:
    """The forger rewrites the laporan's last revision file (no key: only what follows the last signature)."""

    def attack(bag: Path, _cases: DemoCases) -> None:
        _set_document(bag, LAPORAN_LAST, rewrite(_last(bag)))

    return attack


def _touch_root(writer: IncrementalPdfFileWriter) -> None:
    writer.update_root()


def _junk_then_update(junk: bytes) -> Callable[[bytes], bytes]:
    """``junk`` between the last revision's %%EOF and a new (harmless) update."""
    return lambda pdf: _update(pdf + junk, _touch_root)


def _trailer_refs(pdf: bytes) -> tuple[PdfFileReader, bytes]:
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    info = reader.trailer_view.raw_get("/Info")
    return reader, b"/Root %d 0 R /Info %d 0 R" % (reader.root_ref.idnum, info.idnum)


def _hand_update(pdf: bytes, objects: list[tuple[int, bytes]], *, listed: list[tuple[int, int]] | None = None,
                 trailer: bytes = b"", prev: int | None = None) -> bytes:
    """Append an update written by hand: ``objects`` (number, body), a table of ``listed`` (number, offset;
    by default every object at its place) and a trailer ending with ``trailer``."""
    reader, refs = _trailer_refs(pdf)
    xrefs = reader.xrefs
    last = xrefs.get_xref_container_info(xrefs.total_revisions - 1)
    out = bytearray(pdf)
    offsets = []
    for number, body in objects:
        offsets.append((number, len(out)))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    section = len(out)
    table = b"".join(b"%d 1\n%010d 00000 n \n" % pair for pair in (listed if listed is not None else offsets))
    size = max([last.size] + [n + 1 for n, _b in objects])
    out += (b"xref\n0 1\n0000000000 65535 f \n" + table + b"trailer\n<< /Size %d %s /Prev %d %s>>\nstartxref\n%d\n"
            b"%%%%EOF\n" % (size, refs, last.declared_startxref if prev is None else prev, trailer, section))
    return bytes(out)


# -- junk between revisions -----------------------------------------------------------------------------------

def _second_eof(pdf: bytes) -> bytes:
    """A second trailer, ``startxref`` and ``%%EOF`` after the last revision, then a new update."""
    reader, refs = _trailer_refs(pdf)
    last = reader.xrefs.get_xref_container_info(reader.xrefs.total_revisions - 1).declared_startxref
    fake = b"trailer\n<< /Size 1 %s >>\nstartxref\n%d\n%%%%EOF\n" % (refs, last)
    return _junk_then_update(fake)(pdf)


# -- structure tricks -----------------------------------------------------------------------------------------

def _duplicate_numbers(pdf: bytes) -> bytes:
    """One update lists object 60 twice: readers differ on which definition counts."""
    reader, _refs = _trailer_refs(pdf)
    size = reader.xrefs.get_xref_container_info(reader.xrefs.total_revisions - 1).size
    number = size + 1
    first_at = len(pdf)
    first = b"%d 0 obj\n(DISETUJUI)\nendobj\n" % number
    second_at = first_at + len(first)
    objects = [(number, b"(DISETUJUI)"), (number, b"(DITOLAK)")]
    return _hand_update(pdf, objects, listed=[(number, first_at), (number, second_at)])


def _rollback_pointer(pdf: bytes) -> bytes:
    """An update points the page back at its unsigned first definition (before any signature widget)."""
    reader, _refs = _trailer_refs(pdf)
    page = reader.root["/Pages"]["/Kids"].raw_get(0).reference
    original = reader.xrefs.get_historical_ref(page, 0)
    return _hand_update(pdf, [], listed=[(page.idnum, original)])


def _prev_elsewhere(pdf: bytes) -> bytes:
    """A new update whose /Prev skips the last two revisions (and with them the last signatures)."""
    reader, _refs = _trailer_refs(pdf)
    earlier = reader.xrefs.get_xref_container_info(reader.xrefs.total_revisions - 3).declared_startxref
    return _hand_update(pdf, [], prev=earlier)


def _hybrid_reference(pdf: bytes) -> bytes:
    """A hybrid-reference update: its table lists nothing, its /XRefStm redefines the page content for readers
    that read hybrid files."""
    reader, _refs = _trailer_refs(pdf)
    size = reader.xrefs.get_xref_container_info(reader.xrefs.total_revisions - 1).size
    content = reader.root["/Pages"]["/Kids"][0].raw_get("/Contents")
    body = b"BT /F1 28 Tf 60 420 Td (DIBATALKAN) Tj ET"
    shadow = b"%d 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj\n" % (content.idnum, len(body), body)
    shadow_at = len(pdf)
    entry = bytes([1]) + shadow_at.to_bytes(4, "big") + bytes([0])
    stream_at = shadow_at + len(shadow)
    xref_stream = (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 1] /Index [%d 1] /Length %d >>\nstream\n%s\nendstream"
                   b"\nendobj\n" % (size, size + 1, content.idnum, len(entry), entry))
    out = pdf + shadow + xref_stream
    return _hand_tail(pdf, out, trailer=b"/XRefStm %d " % stream_at)


def _hand_tail(pdf: bytes, body: bytes, *, trailer: bytes) -> bytes:
    """``body`` (``pdf`` plus objects no table lists) closed by an empty table and a trailer."""
    reader, refs = _trailer_refs(pdf)
    last = reader.xrefs.get_xref_container_info(reader.xrefs.total_revisions - 1)
    section = len(body)
    return body + (b"xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size %d %s /Prev %d %s>>\nstartxref\n%d\n%%%%EOF\n"
                   % (last.size + 1, refs, last.declared_startxref, trailer, section))


def _object_stream_hiding_an_object(pdf: bytes) -> bytes:
    """An update with a cross-reference stream whose object stream holds one object more than it lists."""
    reader, refs = _trailer_refs(pdf)
    last = reader.xrefs.get_xref_container_info(reader.xrefs.total_revisions - 1)
    listed, hidden, holder, section = last.size, last.size + 1, last.size + 2, last.size + 3
    head = b"%d 0 %d 12 " % (listed, hidden)
    body = head + b"(DISETUJUI) (DIBATALKAN)"
    holder_at = len(pdf)
    holder_obj = (b"%d 0 obj\n<< /Type /ObjStm /N 2 /First %d /Length %d >>\nstream\n%s\nendstream\nendobj\n"
                  % (holder, len(head), len(body), body))
    section_at = holder_at + len(holder_obj)
    rows = [(listed, 2, holder, 0), (holder, 1, holder_at, 0), (section, 1, section_at, 0)]
    data = b"".join(bytes([kind]) + a.to_bytes(4, "big") + b.to_bytes(2, "big") for _n, kind, a, b in rows)
    index = b" ".join(b"%d 1" % row[0] for row in rows)
    section_obj = (b"%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 2] /Index [%s] %s /Prev %d /Length %d >>\nstream\n"
                   b"%s\nendstream\nendobj\n" % (section, section + 1, index, refs, last.declared_startxref,
                                                   len(data), data))
    return pdf + holder_obj + section_obj + b"startxref\n%d\n%%%%EOF\n" % section_at


def _last_signature_gap(pdf: bytes) -> tuple[int, int, re.Match[bytes]]:
    match = list(re.finditer(rb"/ByteRange \[0 (\d+) (\d+) (\d+)\]", pdf))[-1]
    return int(match[1]), int(match[2]), match


def _byte_range_widened(pdf: bytes) -> bytes:
    """The last signature's /ByteRange rewritten (same width) to leave two more bytes out."""
    start, _end, match = _last_signature_gap(pdf)
    wider = str(start - 2).encode().rjust(len(match[1]), b"0")
    return pdf[:match.start(1)] + wider + pdf[match.end(1):]


def _contents_padding(pdf: bytes) -> bytes:
    """Text hidden in the zero padding of the last signature's /Contents (no signature covers it)."""
    start, end, _match = _last_signature_gap(pdf)
    payload = b"DIBATALKAN OLEH KEPALA KANTOR".hex().encode()
    return pdf[:end - 1 - len(payload)] + payload + pdf[end - 1:]


def _certificate_swapped(pdf: bytes) -> bytes:
    """The certificates inside the last signature's CMS (an unsigned part) replaced by those of another
    official's signature in the same file, padded back to the same length."""
    ranges = [(int(m[1]), int(m[2])) for m in re.finditer(rb"/ByteRange \[0 (\d+) (\d+)", pdf)]
    (other_start, other_end), (start, end) = ranges[1], ranges[-1]
    info = cms.ContentInfo.load(bytes.fromhex(pdf[start + 1:end - 1].decode()))
    other = cms.ContentInfo.load(bytes.fromhex(pdf[other_start + 1:other_end - 1].decode()))
    signed = info["content"]
    signed["certificates"] = other["content"]["certificates"]
    forged = cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump(force=True).hex().encode()
    assert len(forged) <= end - start - 2
    return pdf[:start + 1] + forged.ljust(end - start - 2, b"0") + pdf[end - 1:]


# -- fields, widgets, appearances -------------------------------------------------------------------------------

def _field(writer: IncrementalPdfFileWriter, name: str) -> generic.DictionaryObject:
    for ref in writer.root["/AcroForm"]["/Fields"]:
        if ref.get_object().get("/T") == name:
            return ref.get_object()
    raise AssertionError(name)


def _widget_moved(writer: IncrementalPdfFileWriter) -> None:
    field = _field(writer, EARLIER_FIELD)
    field[N("/Rect")] = generic.ArrayObject([generic.FloatObject(v) for v in (70, 380, 220, 440)])
    writer.update_container(field)


def _appearance_replaced(writer: IncrementalPdfFileWriter) -> None:
    field = _field(writer, EARLIER_FIELD)
    box = generic.StreamObject({N("/Type"): N("/XObject"), N("/Subtype"): N("/Form"),
                                N("/BBox"): generic.ArrayObject([generic.NumberObject(v) for v in (0, 0, 150, 60)])},
                               stream_data=b"1 1 1 rg 0 0 150 60 re f")
    field[N("/AP")] = generic.DictionaryObject({N("/N"): writer.add_object(box)})
    writer.update_container(field)


def _appearance_rewritten_in_place(pdf: bytes) -> bytes:
    """The earlier signer's appearance stream object redefined under its own number."""
    reader = PdfFileReader(BytesIO(pdf), strict=False)
    field = next(f.get_object() for f in reader.root["/AcroForm"]["/Fields"] if f.get_object()["/T"] == EARLIER_FIELD)
    stream = field["/AP"].raw_get("/N")
    body = b"1 1 1 rg 0 0 150 60 re f"
    return _hand_update(pdf, [(stream.idnum, b"<< /Type /XObject /Subtype /Form /BBox [0 0 150 60] /Length %d >>\n"
                                             b"stream\n%s\nendstream" % (len(body), body))])


def _empty_field_overlay(writer: IncrementalPdfFileWriter) -> None:
    """A new, unsigned signature field whose widget covers the body text."""
    append_signature_field(writer, SigFieldSpec("sign_Task_TandatanganiLaporan_2", on_page=0,
                                                box=(60, 300, 540, 460)))


def _need_appearances(writer: IncrementalPdfFileWriter) -> None:
    form = writer.root["/AcroForm"]
    form[N("/NeedAppearances")] = generic.BooleanObject(True)
    if isinstance(writer.root.raw_get("/AcroForm"), generic.IndirectObject):
        writer.update_container(form)
    else:
        writer.update_root()


def _javascript(writer: IncrementalPdfFileWriter) -> generic.IndirectObject:
    return writer.add_object(generic.DictionaryObject({
        N("/Type"): N("/Action"), N("/S"): N("/JavaScript"),
        N("/JS"): generic.TextStringObject("this.getField('x').display = display.hidden;"),
    }))


def _open_action(writer: IncrementalPdfFileWriter) -> None:
    writer.root[N("/OpenAction")] = _javascript(writer)
    writer.update_root()


def _page_action(writer: IncrementalPdfFileWriter) -> None:
    page_ref, _resources = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    page[N("/AA")] = generic.DictionaryObject({N("/O"): _javascript(writer)})
    writer.update_container(page)


def _embedded_file(writer: IncrementalPdfFileWriter) -> None:
    data = writer.add_object(generic.StreamObject({N("/Type"): N("/EmbeddedFile")}, stream_data=b"isi lain"))
    spec = writer.add_object(generic.DictionaryObject({
        N("/Type"): N("/Filespec"), N("/F"): generic.TextStringObject("lampiran.txt"),
        N("/EF"): generic.DictionaryObject({N("/F"): data}),
    }))
    writer.root[N("/Names")] = generic.DictionaryObject({N("/EmbeddedFiles"): generic.DictionaryObject(
        {N("/Names"): generic.ArrayObject([generic.TextStringObject("lampiran.txt"), spec])})})
    writer.update_root()


def _optional_content(writer: IncrementalPdfFileWriter) -> None:
    group = writer.add_object(generic.DictionaryObject({N("/Type"): N("/OCG"),
                                                        N("/Name"): generic.TextStringObject("tersembunyi")}))
    writer.root[N("/OCProperties")] = generic.DictionaryObject({
        N("/OCGs"): generic.ArrayObject([group]),
        N("/D"): generic.DictionaryObject({N("/OFF"): generic.ArrayObject([group])}),
    })
    writer.update_root()


# -- times --------------------------------------------------------------------------------------------------

def _case_json(bag: Path) -> dict:
    return json.loads((bag / "data" / "case.json").read_text("utf-8"))


def last_entry_after_seal(bag: Path, _cases: DemoCases) -> None:
    """The last journal entry's time moved an hour after the Lembar Riwayat was sealed (re-chained)."""
    entries = read_journal(bag)
    entries[-1]["time"] = (datetime.fromisoformat(entries[-1]["time"]) + timedelta(hours=1)).isoformat()
    write_journal(bag, entries)
    rebag(bag)


def cancel_out_of_order(bag: Path, _cases: DemoCases) -> None:
    """A cancellation appended to the journal, dated before the step it follows (re-chained)."""
    entries = read_journal(bag)
    last = entries[-1]
    entries.append({"action": "cancel", "case": last["case"], "reason": "Permohonan ditarik",
                    "time": (datetime.fromisoformat(last["time"]) - timedelta(days=1)).isoformat()})
    write_journal(bag, entries)
    case = _case_json(bag)
    case["status"] = "cancelled"
    (bag / "data" / "case.json").write_text(json.dumps(case, ensure_ascii=False, indent=2), "utf-8")
    rebag(bag)


@dataclass(frozen=True)
class Attack:
    """One PDF attack and the finding kind that must catch it."""

    make: Callable[[Path, DemoCases], None]
    kind: Kind
    names: str | None = None
    """A fragment a finding of that kind must contain."""


ATTACKS: dict[str, Attack] = {
    # 1. every byte accounted for
    "junk: comment between revisions": Attack(_appended(_junk_then_update(b"% catatan\n")),
                                              Kind.MODIFIED_AFTER_SIGNING, "not accounted for"),
    "junk: garbage between revisions": Attack(_appended(_junk_then_update(b"\x89\x00garbage\xff\n")),
                                              Kind.MODIFIED_AFTER_SIGNING, "not accounted for"),
    "junk: object no cross-reference lists, between revisions": Attack(
        _appended(_junk_then_update(b"99 0 obj\n(DIBATALKAN)\nendobj\n")), Kind.MODIFIED_AFTER_SIGNING,
        "not accounted for"),
    "junk: a second trailer and %%EOF between revisions": Attack(_appended(_second_eof),
                                                                 Kind.MODIFIED_AFTER_SIGNING, "not accounted for"),
    "junk: whitespace beyond an end-of-line after the last %%EOF": Attack(
        _appended(lambda pdf: pdf + b"\n" * 40), Kind.MODIFIED_AFTER_SIGNING, "%%EOF"),
    "insider: official signs over junk between revisions": Attack(
        insider_signs(lambda pdf: pdf + b"% disetujui tanpa syarat\n"), Kind.MODIFIED_AFTER_SIGNING,
        "not accounted for"),
    # 4. structure tricks
    "structure: object number listed twice in one update": Attack(_appended(_duplicate_numbers), Kind.PDF_STRUCTURE,
                                                                  "more than once"),
    "structure: entry points back at an older definition": Attack(_appended(_rollback_pointer), Kind.PDF_STRUCTURE,
                                                                  "outside its own update"),
    "structure: /Prev skips the last revisions": Attack(_appended(_prev_elsewhere), Kind.MODIFIED_AFTER_SIGNING,
                                                        "not accounted for"),
    "structure: object stream holding an object its section does not list": Attack(
        _appended(_object_stream_hiding_an_object), Kind.PDF_STRUCTURE, "object stream"),
    "structure: hybrid-reference update (/XRefStm)": Attack(_appended(_hybrid_reference), Kind.PDF_STRUCTURE,
                                                            "hybrid"),
    "signature: /ByteRange widened": Attack(_appended(_byte_range_widened), Kind.PDF_STRUCTURE, "/ByteRange"),
    "signature: data in the /Contents padding": Attack(_appended(_contents_padding), Kind.MODIFIED_AFTER_SIGNING,
                                                       "padding"),
    "signature: signer certificate swapped inside the CMS": Attack(_appended(_certificate_swapped),
                                                                   Kind.SIGNATURE_ALTERED, "certificate"),
    # 2. fields, widgets, appearances, active content
    "field: earlier signature widget moved": Attack(_appended(lambda p: _update(p, _widget_moved)),
                                                    Kind.MODIFIED_AFTER_SIGNING, "modification level"),
    "field: earlier signature appearance replaced": Attack(_appended(lambda p: _update(p, _appearance_replaced)),
                                                           Kind.MODIFIED_AFTER_SIGNING, "modification level"),
    "field: earlier appearance stream rewritten in place": Attack(_appended(_appearance_rewritten_in_place),
                                                                  Kind.MODIFIED_AFTER_SIGNING, "modification level"),
    "field: empty signature field over the body (sneaky signature)": Attack(
        _appended(lambda p: _update(p, _empty_field_overlay)), Kind.MODIFIED_AFTER_SIGNING, "without a signature"),
    "field: /NeedAppearances switched on": Attack(_appended(lambda p: _update(p, _need_appearances)),
                                                  Kind.MODIFIED_AFTER_SIGNING, "modification level"),
    "insider: own signature widget laid over an earlier signature": Attack(
        insider_signs(lambda pdf: pdf, page=1, box=(80, 500, 230, 560)), Kind.MODIFIED_AFTER_SIGNING, "overlaps"),
    "insider: own signature widget moved off its reserved box, over body text": Attack(
        insider_signs(lambda pdf: pdf, page=0, box=(70, 330, 300, 370)), Kind.MODIFIED_AFTER_SIGNING,
        "not in the box reserved for it"),
    "insider: official signs over /NeedAppearances": Attack(
        insider_signs(lambda pdf: _update(pdf, _need_appearances)), Kind.MODIFIED_AFTER_SIGNING,
        "modification level"),
    "active: JavaScript /OpenAction": Attack(_appended(lambda p: _update(p, _open_action)), Kind.ACTIVE_CONTENT,
                                             "/JS"),
    "active: page /AA action": Attack(_appended(lambda p: _update(p, _page_action)), Kind.ACTIVE_CONTENT, "/AA"),
    "active: embedded file": Attack(_appended(lambda p: _update(p, _embedded_file)), Kind.ACTIVE_CONTENT,
                                    "embedded"),
    "active: optional content hides a layer": Attack(_appended(lambda p: _update(p, _optional_content)),
                                                     Kind.ACTIVE_CONTENT, "optional content"),
    "insider: official signs over a JavaScript /OpenAction": Attack(
        insider_signs(lambda pdf: _update(pdf, _open_action)), Kind.ACTIVE_CONTENT, "/JS"),
    # 3. time order of cancellation and seal
    "time: last journal entry after the seal": Attack(last_entry_after_seal, Kind.TIME_ORDER, "lembar-riwayat.pdf"),
    "time: cancellation dated before the step it follows": Attack(cancel_out_of_order, Kind.TIME_ORDER,
                                                                   "cancellation"),
    "time: insider signs after the case was sealed": Attack(
        insider_signs(lambda pdf: pdf, signed_at=datetime.now(UTC) + timedelta(hours=2)), Kind.TIME_ORDER,
        "lembar-riwayat.pdf"),
    "time: insider back-dates their signature": Attack(
        insider_signs(lambda pdf: pdf, signed_at=datetime.now(UTC) - timedelta(days=3)), Kind.TIME_ORDER),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_pdf_attack_fails_with_its_finding(name: str, bag: Path, lip10_cases: DemoCases) -> None:
    attack = ATTACKS[name]
    attack.make(bag, lip10_cases)
    report = verify_case(bag, [lip10_cases.trust_root], workers=1)
    assert not report.ok
    assert attack.kind in report.kinds, f"{name}: expected {attack.kind.value}, got {report.findings}"
    if attack.names:
        assert any(attack.names in f.message for f in report.findings if f.kind is attack.kind), report.findings
    assert Kind.BAG_FIXITY not in report.kinds and Kind.MALFORMED not in report.kinds, report.findings


def test_untouched_documents_commit_their_reserved_boxes(bag: Path, lip10_cases: DemoCases) -> None:
    """Every document's creating signature names the template's boxes, and the untouched archive is clean."""
    from sopflow.signing import load_certificate, verify_pdf
    from sopflow.signing.binding import read_boxes

    root = load_certificate(lip10_cases.trust_root)
    for path in sorted((bag / "data" / "documents").rglob("r*.pdf")):
        report = verify_pdf(path.read_bytes(), trust_roots=[root], strict=True)
        assert report.problems == (), (path, report.problems)
        boxes = read_boxes(report.signatures[0].binding or {})
        assert boxes is not None and report.signatures[0].field_name in boxes, path
    assert verify_case(bag, [lip10_cases.trust_root], workers=1).ok


def test_a_return_for_revision_loop_still_verifies(tmp_path: Path) -> None:
    """A case sent back once re-draws and re-signs its document; the exported archive verifies."""
    from sopflow.archive.export import export_case
    from sopflow.bpmn import resolve_model
    from sopflow.demo.run import write_demo_setup
    from sopflow.model.profile import load_model
    from sopflow.runner.cases import CaseService
    from sopflow.runner.completion import complete_task
    from sopflow.runner.roster import Roster
    from sopflow.signing import open_signer

    model = resolve_model("lip30-0006")
    assert model is not None
    roster = Roster.load(write_demo_setup(tmp_path / "setup", [load_model(model)]))
    service = CaseService(tmp_path / "data")
    try:
        case_id = service.start_case(model, roster)
        returned = False
        while ready := service.ready_tasks(case_id):
            task = ready[0]
            form = service.form_of(case_id, task.form_key) if task.form_key else None
            data = form.defaults() if form else {}
            if task.spec_id == "Task_TelitiLaporan" and not returned:
                data, returned = {**data, "keputusan": "kembalikan"}, True
            with open_signer(roster.for_role(task.role or "").signer) as signer:
                complete_task(service, case_id, task.id, data, signer)
        archive = export_case(service, case_id, tmp_path / "archive")
    finally:
        service.close()
    assert returned
    report = verify_case(archive, list(roster.trust_roots), workers=1)
    assert report.ok, report.findings
    signed = [s.field_name for r in report.revisions for s in r.signatures]
    assert sum(name.startswith("create_Task_SusunLaporan") for name in signed) >= 2, signed
