"""The attack suite of docs/threat-model.md: one row per attack class, each at the full-rewrite level.

The forger rewrites any file of an exported archive and then covers their
tracks as well as anyone without a private key can: the journal is re-chained
with the product's own hashing code, case.json's head, length and status are
made to agree, and the bag manifests are re-made. Each row asserts the exact
finding kind that must catch it; the untouched archive raises none.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader

from sopflow.archive.report import Kind
from sopflow.archive.verify import verify_case
from sopflow.signing import create_test_pki

from .conftest import DemoCases, read_journal, rebag, write_journal


def _case_json(bag: Path) -> dict:
    return json.loads((bag / "data" / "case.json").read_text("utf-8"))


def _write_case_json(bag: Path, case: dict) -> None:
    (bag / "data" / "case.json").write_text(json.dumps(case, ensure_ascii=False, indent=2), "utf-8")


def untouched(_bag: Path, _cases: DemoCases) -> None:
    pass


def roster_official_replaced(bag: Path, _cases: DemoCases) -> None:
    """case.json names another official (name and NIP) for a role, consistently with the journal."""
    case = _case_json(bag)
    role, person = next(iter(case["roster"]["officials"].items()))
    person.update(name="Orang Lain, S.E.", nip="199001012015011999")
    _write_case_json(bag, case)
    entries = read_journal(bag)
    for entry in entries:
        if entry["role"] == role:
            entry["official"].update(name=person["name"], nip=person["nip"])
    write_journal(bag, entries)
    rebag(bag)


def roster_level_lowered(bag: Path, _cases: DemoCases) -> None:
    case = _case_json(bag)
    case["roster"]["level"] = "B-LTA" if case["roster"]["level"] != "B-LTA" else "B-B"
    _write_case_json(bag, case)
    rebag(bag)


def trust_root_replaced(bag: Path, cases: DemoCases) -> None:
    """The archive's trust root and case.json's trust digest replaced by the forger's own CA."""
    from sopflow.runner.binding import certificate_digests

    foreign = create_test_pki(bag.parent / "forger-pki", []).root_pem
    for old in (bag / "data" / "certs").glob("*.pem"):
        old.unlink()
    (bag / "data" / "certs" / "trust-1.pem").write_bytes(foreign.read_bytes())
    case = _case_json(bag)
    case["roster"]["trust_sha256"] = certificate_digests([foreign.read_bytes()])
    _write_case_json(bag, case)
    rebag(bag)


def model_edited(bag: Path, _cases: DemoCases) -> None:
    """The archived BPMN gets an extra (harmless-looking) comment."""
    model = next((bag / "data" / "model").glob("*.bpmn"))
    model.write_bytes(model.read_bytes() + b"\n<!-- revised -->\n")
    rebag(bag)


def form_edited(bag: Path, _cases: DemoCases) -> None:
    form = next((bag / "data" / "forms").glob("*.form"))
    data = json.loads(form.read_text("utf-8"))
    data["id"] = data.get("id", "form") + "_revised"
    form.write_text(json.dumps(data), "utf-8")
    rebag(bag)


def journal_data_rewritten(bag: Path, _cases: DemoCases) -> None:
    """An early entry's form data edited, the chain re-sealed with the product's own code."""
    entries = read_journal(bag)
    entries[0]["data"] = {**entries[0].get("data", {}), "catatan_forger": "ditambahkan"}
    write_journal(bag, entries)
    rebag(bag)


def revocation_data_removed(bag: Path, _cases: DemoCases) -> None:
    """The archive's CRLs and OCSP responses deleted, so a revocation they record would not be seen."""
    import shutil

    for folder in ("crls", "ocsp"):
        shutil.rmtree(bag / "data" / "validation" / folder, ignore_errors=True)
    rebag(bag)


def seal_removed(bag: Path, _cases: DemoCases) -> None:
    """The Lembar Riwayat deleted; case.json still says completed."""
    (bag / "data" / "lembar-riwayat.pdf").unlink()
    rebag(bag)


def journal_cut_short(bag: Path, _cases: DemoCases) -> None:
    """The last step and its revision dropped, the chain re-sealed, case.json made "running"; the sheet kept."""
    *entries, last = read_journal(bag)
    (bag / "data" / "documents" / last["document"] / f"r{last['revision']}.pdf").unlink()
    write_journal(bag, entries)
    case = _case_json(bag)
    case.update(status="running", completed_at=None)
    _write_case_json(bag, case)
    rebag(bag)


def journal_cut_short_and_unsealed(bag: Path, cases: DemoCases) -> None:
    """As above, and the sheet removed too: the archive now claims a case still running."""
    journal_cut_short(bag, cases)
    (bag / "data" / "lembar-riwayat.pdf").unlink()
    rebag(bag)


def status_flipped(bag: Path, _cases: DemoCases) -> None:
    case = _case_json(bag)
    case["status"] = "cancelled"
    _write_case_json(bag, case)
    rebag(bag)


def sealed_with_official_key(bag: Path, cases: DemoCases) -> None:
    """An official re-makes the Lembar Riwayat over a rewritten journal and signs it with their own key."""
    from datetime import datetime

    from sopflow.model.profile import load_model
    from sopflow.runner.binding import bound_roster
    from sopflow.runner.roster import Roster
    from sopflow.runner.sealing import seal_case_history
    from sopflow.signing import open_signer

    roster = Roster.load(cases.out / "setup" / "roster.toml")
    entries = read_journal(bag)
    entries[0]["data"] = {**entries[0].get("data", {}), "catatan": "diubah"}
    write_journal(bag, entries)
    case = _case_json(bag)
    public = {**roster.public_dict(), **bound_roster(case["roster"])}
    model = load_model(next((bag / "data" / "model").glob("*.bpmn")))
    insider = roster.for_role(entries[-1]["role"])
    with open_signer(insider.signer) as key:
        sheet = seal_case_history(case_id=case["case"], model=model, roster=public, files_digest="0" * 64,
                                  journal=read_journal(bag), outcome="completed", reason=None,
                                  started=datetime.now(UTC), now=datetime.now(UTC), seal=key)
    (bag / "data" / "lembar-riwayat.pdf").write_bytes(sheet)
    rebag(bag)


LAPORAN_LAST = "documents/laporan/r4.pdf"


def _set_document(bag: Path, rel: str, data: bytes) -> None:
    """Replace a revision file; make the journal (re-chained) and the bag agree with it."""
    import hashlib

    (bag / "data" / rel).write_bytes(data)
    entries = read_journal(bag)
    document, revision = rel.split("/")[1], int(rel.split("/")[2][1:-4])
    for entry in entries:
        if entry.get("document") == document and entry.get("revision") == revision:
            entry["doc_sha256"] = hashlib.sha256(data).hexdigest()
    write_journal(bag, entries)
    rebag(bag)


def _update(pdf: bytes, change: Callable[[IncrementalPdfFileWriter], None]) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    change(writer)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _rewrite_info(writer: IncrementalPdfFileWriter) -> None:
    info = writer.trailer["/Info"]
    info[generic.NameObject("/Title")] = generic.TextStringObject("LAPORAN YANG DIUBAH")
    writer.mark_update(writer.trailer.raw_get("/Info"))


def _hidden_object(writer: IncrementalPdfFileWriter) -> None:
    writer.add_object(generic.StreamObject(stream_data=b"BT /F1 28 Tf 60 420 Td (DIBATALKAN) Tj ET"))


def _visible_text(writer: IncrementalPdfFileWriter) -> None:
    font = generic.DictionaryObject({
        generic.NameObject("/Type"): generic.NameObject("/Font"),
        generic.NameObject("/Subtype"): generic.NameObject("/Type1"),
        generic.NameObject("/BaseFont"): generic.NameObject("/Helvetica"),
    })
    resources = generic.DictionaryObject({generic.NameObject("/Font"): generic.DictionaryObject(
        {generic.NameObject("/FShadow"): writer.add_object(font)})})
    stream = generic.StreamObject(stream_data=b"BT /FShadow 28 Tf 60 420 Td (DIBATALKAN) Tj ET")
    writer.add_stream_to_page(0, writer.add_object(stream), resources=resources)


def info_rewritten(bag: Path, _cases: DemoCases) -> None:
    _set_document(bag, LAPORAN_LAST, _update((bag / "data" / LAPORAN_LAST).read_bytes(), _rewrite_info))


def bytes_after_eof(bag: Path, _cases: DemoCases) -> None:
    data = (bag / "data" / LAPORAN_LAST).read_bytes() + b"\n4 0 obj (DIBATALKAN) endobj\n"
    _set_document(bag, LAPORAN_LAST, data)


def unreferenced_object(bag: Path, _cases: DemoCases) -> None:
    _set_document(bag, LAPORAN_LAST, _update((bag / "data" / LAPORAN_LAST).read_bytes(), _hidden_object))


def _insider_signs_over(change: Callable[[IncrementalPdfFileWriter], None]) -> Callable[[Path, DemoCases], None]:
    """The last official of the laporan, with their own key, signs a revision that first changes the
    earlier signers' document (content, metadata or hidden objects), copying the genuine binding."""
    return insider_signs(lambda pdf: _update(pdf, change))


def reserved_widget(pdf: bytes, name: str) -> tuple[int, tuple[float, float, float, float]]:
    """Page index and rectangle of the widget of signature field ``name`` in ``pdf``."""
    reader = PdfFileReader(BytesIO(pdf))
    for index in range(len(reader.root["/Pages"]["/Kids"])):
        page = reader.root["/Pages"]["/Kids"][index]
        for annot in page.get("/Annots", []):
            widget = annot.get_object()
            if widget.get("/T") == name:
                x1, y1, x2, y2 = (float(v) for v in widget["/Rect"])
                return index, (x1, y1, x2, y2)
    raise AssertionError(f"no widget of {name}")


def insider_signs(
    rewrite: Callable[[bytes], bytes], *, page: int | None = None,
    box: tuple[float, float, float, float] | None = None, signed_at: datetime | None = None,
) -> Callable[[Path, DemoCases], None]:
    """The last official of the laporan re-makes its last revision with their own key: the earlier
    signers' bytes are first rewritten by ``rewrite``, then signed in ``box`` on ``page`` (the genuine widget's
    reserved place by default) at ``signed_at`` (now by default) with the genuine binding copied."""

    def attack(bag: Path, cases: DemoCases) -> None:
        from sopflow.documents import FieldBox
        from sopflow.runner.roster import Roster
        from sopflow.signing import Appearance, SigningContext, load_certificate, open_signer, sign_pdf, verify_pdf

        root = load_certificate(cases.trust_root)
        genuine = verify_pdf((bag / "data" / LAPORAN_LAST).read_bytes(), trust_roots=[root]).signatures[-1]
        earlier = (bag / "data" / "documents" / "laporan" / "r3.pdf").read_bytes()
        entry = next(e for e in read_journal(bag) if e.get("document") == "laporan" and e.get("revision") == 4)
        holder = Roster.load(cases.out / "setup" / "roster.toml").for_role(entry["role"])
        when = signed_at or datetime.now(UTC)
        reserved_page, reserved_box = reserved_widget((bag / "data" / LAPORAN_LAST).read_bytes(), genuine.field_name)
        with open_signer(holder.signer) as key:
            signed = sign_pdf(
                rewrite(earlier), key, field=FieldBox(name=genuine.field_name, page=reserved_page if page is None else page,
                                                       box=box or reserved_box),
                appearance=Appearance(action=entry["action"], jabatan=holder.official.jabatan,
                                      name=holder.official.name, nip=holder.official.nip, signed_at=when),
                reason="Ditatausahakan", context=SigningContext(trust_roots=(root,)), binding=genuine.binding,
                signed_at=when,
            )
        _set_document(bag, LAPORAN_LAST, signed)

    return attack


@dataclass(frozen=True)
class Attack:
    """One attack class and the finding kind that must catch it."""

    make: Callable[[Path, DemoCases], None]
    """Rewrites the archive."""
    kind: Kind | None
    """The finding kind that must be reported (``None``: the archive must pass)."""
    names: str | None = None
    """A fragment a finding of that kind must contain (the file or entry named)."""
    require_complete: bool = False
    """Verify with ``--require-complete``."""


ATTACKS: dict[str, Attack] = {
    "untouched archive": Attack(untouched, None),
    "roster: an official replaced in case.json": Attack(roster_official_replaced, Kind.ROSTER_DIGEST),
    "roster: PAdES level changed in case.json": Attack(roster_level_lowered, Kind.ROSTER_DIGEST),
    "roster: trust root replaced with the forger's CA": Attack(trust_root_replaced, Kind.ROSTER_DIGEST, "documents/"),
    "model: archived BPMN edited": Attack(model_edited, Kind.MODEL_DIGEST, "documents/"),
    "model: archived form edited": Attack(form_edited, Kind.MODEL_DIGEST, "documents/"),
    "journal: entry data rewritten and re-chained": Attack(journal_data_rewritten, Kind.JOURNAL_LINK,
                                                           "previous journal hash"),
    "pdf: /Info rewritten in a later update": Attack(info_rewritten, Kind.MODIFIED_AFTER_SIGNING, "/Info"),
    "pdf: bytes after the last %%EOF": Attack(bytes_after_eof, Kind.MODIFIED_AFTER_SIGNING, "%%EOF"),
    "pdf: unreferenced object in an update": Attack(unreferenced_object, Kind.MODIFIED_AFTER_SIGNING,
                                                   "nothing refers to"),
    "insider: official signs over page content added to earlier signers' document": Attack(
        _insider_signs_over(_visible_text), Kind.MODIFIED_AFTER_SIGNING, LAPORAN_LAST),
    "insider: official signs over rewritten metadata (shadow)": Attack(
        _insider_signs_over(_rewrite_info), Kind.MODIFIED_AFTER_SIGNING, "/Info"),
    "insider: official signs over hidden objects (shadow)": Attack(
        _insider_signs_over(_hidden_object), Kind.MODIFIED_AFTER_SIGNING, "nothing refers to"),
    "validation: CRLs and OCSP responses removed": Attack(revocation_data_removed, Kind.CERTIFICATE_UNTRUSTED,
                                                          "revocation data"),
    "seal: Lembar Riwayat removed from a completed case": Attack(seal_removed, Kind.SEAL_MISSING),
    "seal: journal cut short under the seal": Attack(journal_cut_short, Kind.SEAL_MISMATCH, "journal head"),
    "seal: journal cut short, seal removed, case claims running": Attack(
        journal_cut_short_and_unsealed, Kind.NOT_COMPLETE, require_complete=True),
    "seal: case.json status changed": Attack(status_flipped, Kind.SEAL_MISMATCH),
    "seal: sheet re-made and sealed with an official's key": Attack(sealed_with_official_key, Kind.SEAL_INVALID,
                                                                    "not by the unit seal"),
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_forgery_fails_with_its_finding(name: str, bag: Path, lip10_cases: DemoCases) -> None:
    attack = ATTACKS[name]
    attack.make(bag, lip10_cases)
    report = verify_case(bag, [lip10_cases.trust_root], workers=1, require_complete=attack.require_complete)
    if attack.kind is None:
        assert report.ok and not report.findings, report.findings
        return
    assert not report.ok
    assert attack.kind in report.kinds, f"{name}: expected {attack.kind.value}, got {report.findings}"
    if attack.names:
        assert any(attack.names in f.message for f in report.findings if f.kind is attack.kind), report.findings
    assert Kind.BAG_FIXITY not in report.kinds, "the forger re-made the manifests; fixity must hold"


def test_a_truncated_running_case_passes_only_without_require_complete(bag: Path, lip10_cases: DemoCases) -> None:
    """A case cut short and claiming to run is indistinguishable from a running case: only
    ``--require-complete`` (what an archivist accepting a finished case uses) refuses it."""
    journal_cut_short_and_unsealed(bag, lip10_cases)
    lenient = verify_case(bag, [lip10_cases.trust_root], workers=1)
    assert lenient.ok, lenient.findings
    strict = verify_case(bag, [lip10_cases.trust_root], workers=1, require_complete=True)
    assert strict.kinds == {Kind.NOT_COMPLETE} and strict.outcome is None


def test_untouched_archive_is_sealed_as_completed_and_reports_its_trust_source(
        bag: Path, lip10_cases: DemoCases) -> None:
    given = verify_case(bag, [lip10_cases.trust_root], workers=1, require_complete=True)
    assert given.ok and given.outcome == "completed" and not given.trust_from_archive
    own = verify_case(bag, None, workers=1).to_dict()
    assert own["ok"] and own["trust_from_archive"] is True and own["outcome"] == "completed"
