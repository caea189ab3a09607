"""A corpus of hostile archives, made from one real exported case: one archive per attack.

Each attack copies the clean bag, breaks it the way an attacker who rewrites
files would (symlinks out of the bag, FIFOs and device files, names with
``..`` or absolute paths, malformed or huge JSON, PDFs with xref loops,
compression bombs, deep nesting, huge object or revision counts), re-makes
the bag manifests when the attack leaves files a BagIt tool can hash, and
names the finding kind the verifier must report. Used by
``tests/archive/test_hostile_archives.py`` and ``bench/bench_hostile_archives.py``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

import bagit
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from sopflow.runner.journal import GENESIS, canonical_json, seal

__all__ = ["ATTACKS", "Attack", "build"]

DOCUMENT = "documents/laporan/r1.pdf"
"""The revision most attacks replace (the first of a document signed four times)."""
LAST = "documents/laporan/r4.pdf"
"""Its last revision."""


@dataclass(frozen=True)
class Attack:
    """One hostile archive: how to make it from a clean bag and what verify must report."""

    name: str
    """Short id, used as the folder name."""
    kind: str
    """The finding kind (``--json`` value) verify must report."""
    make: Callable[[Path, Path], None]
    """Breaks the bag at the first path; the second is a scratch folder outside the bag."""
    rebag: bool = True
    """Re-make the manifests after the attack (fixity holds, a deeper check must catch it)."""
    needs_mknod: bool = False
    """The attack creates a device file (skipped where mknod is not allowed)."""


# -- helpers ------------------------------------------------------------------------------------------------------
def _data(bag: Path) -> Path:
    return bag / "data"


def _case(bag: Path) -> dict[str, Any]:
    return json.loads((_data(bag) / "case.json").read_text("utf-8"))


def _write_case(bag: Path, case: Any) -> None:
    (_data(bag) / "case.json").write_text(json.dumps(case, ensure_ascii=False), "utf-8")


def _journal(bag: Path) -> list[dict[str, Any]]:
    lines = (_data(bag) / "journal.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _write_journal(bag: Path, entries: list[dict[str, Any]]) -> None:
    """Re-chain ``entries`` with the product's own hashing and update case.json, as a careful forger would."""
    prev, sealed = GENESIS, []
    for seq, entry in enumerate(entries, start=1):
        body = {k: v for k, v in entry.items() if k not in ("v", "prev", "hash")}
        body["seq"] = seq
        sealed.append(seal(body, prev=prev))
        prev = sealed[-1]["hash"]
    (_data(bag) / "journal.jsonl").write_text("".join(canonical_json(e) + "\n" for e in sealed), "utf-8")
    case = _case(bag)
    case["journal_head"], case["journal_length"] = prev, len(sealed)
    _write_case(bag, case)


def _sparse(path: Path, size: int) -> None:
    """A file of ``size`` bytes that takes no disk space."""
    path.unlink(missing_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)


def _startxref(pdf: bytes) -> int:
    return int(re.findall(rb"startxref\s+(\d+)", pdf)[-1])


def _update(pdf: bytes, objects: dict[int, bytes], trailer_extra: bytes = b"") -> bytes:
    """``pdf`` plus one incremental update (classic xref) defining ``objects``."""
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n" + b"".join(b"%d 1\n%010d 00000 n \n" % (n, o) for n, o in sorted(offsets.items()))
    size = max([int(s) for s in re.findall(rb"/Size (\d+)", pdf)] + [max(objects, default=0) + 1])
    root = re.findall(rb"/Root (\d+ \d+ R)", pdf)[-1]
    out += b"trailer\n<< /Size %d /Root %s /Prev %d %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        size, root, _startxref(pdf), trailer_extra, xref)
    return bytes(out)


@lru_cache(maxsize=2)
def _bomb(megabytes: int) -> bytes:
    """Zeros that inflate to ``megabytes`` MiB (about 1000:1)."""
    packer = zlib.compressobj(9)
    zeros = b"\0" * (1 << 20)
    return b"".join(packer.compress(zeros) for _ in range(megabytes)) + packer.flush()


def _edit_pdf(bag: Path, edit: Callable[[bytes], bytes], name: str = DOCUMENT) -> None:
    path = _data(bag) / name
    path.write_bytes(edit(path.read_bytes()))


def _replace_with_link(path: Path, target: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()
    path.symlink_to(target)


# -- attacks ------------------------------------------------------------------------------------------------------
def _link_document_outside(bag: Path, scratch: Path) -> None:
    secret = scratch / "secret.pdf"
    shutil.copyfile(_data(bag) / DOCUMENT, secret)
    _replace_with_link(_data(bag) / DOCUMENT, secret)


def _link_folder_outside(bag: Path, scratch: Path) -> None:
    folder = scratch / "laporan"
    shutil.copytree(_data(bag) / "documents" / "laporan", folder)
    _replace_with_link(_data(bag) / "documents" / "laporan", folder)


def _link_case_json(bag: Path, scratch: Path) -> None:
    copy = scratch / "case.json"
    shutil.copyfile(_data(bag) / "case.json", copy)
    _replace_with_link(_data(bag) / "case.json", copy)


def _link_payload_folder(bag: Path, scratch: Path) -> None:
    shutil.copytree(_data(bag), scratch / "data")
    _replace_with_link(_data(bag), scratch / "data")


def _link_to_dev_zero(bag: Path, _scratch: Path) -> None:
    _replace_with_link(_data(bag) / "journal.jsonl", Path("/dev/zero"))


def _fifo_document(bag: Path, _scratch: Path) -> None:
    path = _data(bag) / DOCUMENT
    path.unlink()
    os.mkfifo(path)


def _device_document(bag: Path, _scratch: Path) -> None:
    path = _data(bag) / DOCUMENT
    path.unlink()
    os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))  # /dev/zero's numbers


def _model_absolute(bag: Path, _scratch: Path) -> None:
    case = _case(bag)
    case["model"] = "/etc/passwd"
    _write_case(bag, case)


def _model_dotdot(bag: Path, _scratch: Path) -> None:
    case = _case(bag)
    case["model"] = "model/../../../../../../etc/passwd"
    _write_case(bag, case)


def _journal_document_dotdot(bag: Path, _scratch: Path) -> None:
    entries = _journal(bag)
    entries[0]["document"] = "../../../../../../etc"
    _write_journal(bag, entries)


def _journal_document_nul(bag: Path, _scratch: Path) -> None:
    entries = _journal(bag)
    entries[0]["document"] = "laporan\x00.pdf"
    _write_journal(bag, entries)


def _stamps_dotdot(bag: Path, _scratch: Path) -> None:
    listed = {"version": 1, "timestamps": [{"document": "laporan", "revision": 4, "base": LAST,
                                            "path": "../../../../etc/passwd", "sha256": "0" * 64}]}
    (_data(bag) / "archive-timestamps.json").write_text(json.dumps(listed), "utf-8")


def _case_not_json(bag: Path, _scratch: Path) -> None:
    (_data(bag) / "case.json").write_bytes(b"{\"case\": \"LIP10\", \xff\xfe garbage")


def _case_wrong_types(bag: Path, _scratch: Path) -> None:
    case = _case(bag)
    case["roster"] = ["not", "an", "object"]
    case["journal_length"] = "9"
    _write_case(bag, case)


def _case_official_wrong_type(bag: Path, _scratch: Path) -> None:
    case = _case(bag)
    role = next(iter(case["roster"]["officials"]))
    case["roster"]["officials"][role] = "Kepala Kantor"
    _write_case(bag, case)


def _case_deep_nesting(bag: Path, _scratch: Path) -> None:
    (_data(bag) / "case.json").write_text('{"case": ' + "[" * 200_000 + "]" * 200_000 + "}", "utf-8")


def _case_huge(bag: Path, _scratch: Path) -> None:
    _sparse(_data(bag) / "case.json", 512 * 1024**2)


def _journal_bad_line(bag: Path, _scratch: Path) -> None:
    with (_data(bag) / "journal.jsonl").open("ab") as handle:
        handle.write(b"{this is not json\n")


def _journal_wrong_types(bag: Path, _scratch: Path) -> None:
    entries = _journal(bag)
    entries[1]["task"] = "Task_SusunLaporan"
    entries[2]["official"] = ["x"]
    entries[3]["revision"] = "2"
    _write_journal(bag, entries)


def _journal_deep_data(bag: Path, _scratch: Path) -> None:
    entries = _journal(bag)
    nested: Any = "x"
    for _ in range(200):
        nested = {"a": nested}
    entries[0]["data"] = {"deep": nested}
    _write_journal(bag, entries)


def _journal_huge(bag: Path, _scratch: Path) -> None:
    _sparse(_data(bag) / "journal.jsonl", 3 * 1024**3)


def _pdf_huge(bag: Path, _scratch: Path) -> None:
    _sparse(_data(bag) / DOCUMENT, 3 * 1024**3)


def _pdf_xref_loop(bag: Path, _scratch: Path) -> None:
    def loop(pdf: bytes) -> bytes:
        here = len(pdf)
        return pdf + b"xref\n0 0\ntrailer\n<< /Size 200 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (here, here)
    _edit_pdf(bag, loop)


def _pdf_flate_bomb_dss(bag: Path, _scratch: Path) -> None:
    """A 2 GiB FlateDecode bomb as a DSS certificate stream, which verification decodes."""
    def bomb(pdf: bytes) -> bytes:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        catalog = generic.DictionaryObject(dict(reader.root))
        catalog[generic.NameObject("/DSS")] = generic.IndirectObject(9001, 0, reader)
        written = BytesIO()
        catalog.write_to_stream(written, None)
        inflated = _bomb(2048)
        stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(inflated), inflated)
        root = reader.trailer.raw_get("/Root").idnum
        return _update(pdf, {root: written.getvalue(), 9001: b"<< /Certs [9002 0 R] >>", 9002: stream})
    _edit_pdf(bag, bomb, LAST)


def _pdf_flate_bomb_page(bag: Path, _scratch: Path) -> None:
    """The page content stream replaced by a 2 GiB FlateDecode bomb."""
    def bomb(pdf: bytes) -> bytes:
        number = int(re.findall(rb"/Contents (\d+) 0 R", pdf)[0])
        inflated = _bomb(2048)
        return _update(pdf, {number: b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream"
                                     % (len(inflated), inflated)})
    _edit_pdf(bag, bomb, LAST)


def _pdf_deep_nesting(bag: Path, _scratch: Path) -> None:
    _edit_pdf(bag, lambda pdf: _update(pdf, {9001: b"<< /A 1 >>"}, b"/X " + b"[" * 100_000 + b"]" * 100_000))


def _pdf_many_objects(bag: Path, _scratch: Path) -> None:
    _edit_pdf(bag, lambda pdf: _update(pdf, {9001 + i: b"<< /A 1 >>" for i in range(60_000)}))


def _pdf_many_revisions(bag: Path, _scratch: Path) -> None:
    def revisions(pdf: bytes) -> bytes:
        for index in range(1_100):
            pdf = _update(pdf, {9001: b"<< /N %d >>" % index})
        return pdf
    _edit_pdf(bag, revisions)


def _pdf_not_pdf(bag: Path, _scratch: Path) -> None:
    (_data(bag) / DOCUMENT).write_bytes(os.urandom(4096))


def _too_many_files(bag: Path, _scratch: Path) -> None:
    folder = _data(bag) / "documents" / "spam"
    folder.mkdir()
    for index in range(10_001):
        (folder / f"r{index}.pdf").write_bytes(b"")


def _validation_garbage(bag: Path, _scratch: Path) -> None:
    (_data(bag) / "validation" / "crls" / "1.crl").write_bytes(b"\x30\x82\xff\xff" + os.urandom(64))


def _manifest_dotdot(bag: Path, _scratch: Path) -> None:
    manifest = bag / "manifest-sha256.txt"
    manifest.write_text(manifest.read_text("utf-8") + "0" * 64 + "  ../../../../etc/passwd\n", "utf-8")


def _manifest_huge(bag: Path, _scratch: Path) -> None:
    _sparse(bag / "manifest-sha256.txt", 3 * 1024**3)


def _model_doctype(bag: Path, _scratch: Path) -> None:
    model = _data(bag) / _case(bag)["model"]
    laughs = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
              + b"".join(b'<!ENTITY lol%d "%s">' % (i, b"&lol%d;" % (i - 1) * 10 if i > 1 else b"&lol;" * 10)
                         for i in range(1, 10))
              + b"]>\n")
    model.write_bytes(laughs + model.read_bytes().split(b"?>", 1)[1])


ATTACKS: tuple[Attack, ...] = (
    Attack("link-document-outside", "unsafe-file", _link_document_outside, rebag=False),
    Attack("link-folder-outside", "unsafe-file", _link_folder_outside, rebag=False),
    Attack("link-case-json", "unsafe-file", _link_case_json, rebag=False),
    Attack("link-payload-folder", "unsafe-file", _link_payload_folder, rebag=False),
    Attack("link-journal-dev-zero", "unsafe-file", _link_to_dev_zero, rebag=False),
    Attack("fifo-document", "unsafe-file", _fifo_document, rebag=False),
    Attack("device-document", "unsafe-file", _device_document, rebag=False, needs_mknod=True),
    Attack("model-absolute-path", "unsafe-name", _model_absolute),
    Attack("model-dotdot-path", "unsafe-name", _model_dotdot),
    Attack("journal-document-dotdot", "unsafe-name", _journal_document_dotdot),
    Attack("journal-document-nul", "unsafe-name", _journal_document_nul),
    Attack("timestamps-dotdot-path", "unsafe-name", _stamps_dotdot),
    Attack("case-json-not-json", "malformed", _case_not_json),
    Attack("case-json-wrong-types", "malformed", _case_wrong_types),
    Attack("case-json-official-wrong-type", "malformed", _case_official_wrong_type),
    Attack("case-json-deep-nesting", "malformed", _case_deep_nesting),
    Attack("case-json-huge", "too-large", _case_huge, rebag=False),
    Attack("journal-bad-line", "malformed", _journal_bad_line),
    Attack("journal-wrong-types", "malformed", _journal_wrong_types),
    Attack("journal-deep-data", "malformed", _journal_deep_data),
    Attack("journal-huge", "too-large", _journal_huge, rebag=False),
    Attack("pdf-huge", "too-large", _pdf_huge, rebag=False),
    Attack("pdf-not-a-pdf", "unreadable", _pdf_not_pdf),
    Attack("pdf-xref-loop", "unreadable", _pdf_xref_loop),
    Attack("pdf-flate-bomb-dss", "unreadable", _pdf_flate_bomb_dss),
    Attack("pdf-flate-bomb-page", "modified-after-signing", _pdf_flate_bomb_page),
    Attack("pdf-deep-nesting", "resource-limit", _pdf_deep_nesting),
    Attack("pdf-many-objects", "too-large", _pdf_many_objects),
    Attack("pdf-many-revisions", "too-large", _pdf_many_revisions),
    Attack("too-many-files", "too-large", _too_many_files, rebag=False),
    Attack("validation-garbage", "unreadable", _validation_garbage),
    Attack("manifest-dotdot-path", "not-a-bag", _manifest_dotdot, rebag=False),
    Attack("manifest-huge", "too-large", _manifest_huge, rebag=False),
    Attack("model-entity-bomb", "replay", _model_doctype),
)
"""Every attack of the corpus."""


def build(clean: Path, attack: Attack, out: Path) -> Path:
    """Make the hostile archive of ``attack`` from the clean bag under ``out``; returns the bag."""
    bag, scratch = out / attack.name, out / f"{attack.name}-outside"
    shutil.copytree(clean, bag)
    scratch.mkdir()
    attack.make(bag, scratch)
    if attack.rebag:
        bagit.Bag(str(bag)).save(manifests=True)
    return bag
