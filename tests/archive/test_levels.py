"""Every PAdES level runs, exports and verifies; B-LTA archives carry verified document timestamps."""

from __future__ import annotations

import json
import shutil

import pytest

from sopflow.archive.export import ARCHIVE_TIMESTAMPS
from sopflow.archive.report import Kind
from sopflow.archive.verify import verify_case
from sopflow.bpmn import resolve_model
from sopflow.signing import load_certificate, verify_pdf

from .conftest import rebag

LEVELS = ("B-B", "B-T", "B-LT", "B-LTA")


@pytest.fixture(scope="module")
def run_at(tmp_path_factory):
    """Runs seed LIP10-0072 once per level, on demand: level -> (level, case, trust root)."""
    from sopflow.demo.run import run_demo

    cases: dict[str, tuple] = {}

    def run(level: str):
        if level not in cases:
            out = tmp_path_factory.mktemp(f"level-{level}")
            (case,) = run_demo(out, [resolve_model("lip10-0072")], level=level)
            cases[level] = (level, case, out / "setup" / "pki" / "root.pem")
        return cases[level]

    return run


@pytest.fixture(params=LEVELS)
def level_case(request, run_at):
    return run_at(request.param)


@pytest.fixture
def lta_case(run_at):
    return run_at("B-LTA")


def test_case_verifies_at_every_level(level_case):
    level, case, root = level_case
    report = verify_case(case.archive, [root], workers=1)
    assert report.ok, report.findings
    assert report.level == level
    newest = [r.signatures[-1] for r in report.revisions]
    if level == "B-B":
        assert all(s.timestamp_time is None for s in newest)
    else:
        assert all(s.timestamp_time is not None for s in newest)
    stamps = case.archive / "data" / ARCHIVE_TIMESTAMPS
    assert stamps.is_file() == (level == "B-LTA")


def test_b_lta_copies_end_with_a_valid_document_timestamp(lta_case):
    _level, case, root = lta_case
    listed = json.loads((case.archive / "data" / ARCHIVE_TIMESTAMPS).read_text())["timestamps"]
    documents = {r.document for r in verify_case(case.archive, [root], workers=1).revisions}
    assert {s["document"] for s in listed} == documents
    for stamp in listed:
        data = (case.archive / "data" / stamp["path"]).read_bytes()
        assert data.startswith((case.archive / "data" / stamp["base"]).read_bytes())
        report = verify_pdf(data, trust_roots=[load_certificate(root)])
        assert report.ok and report.signatures[-1].kind == "doc_timestamp"


def test_b_lta_missing_archive_timestamp_is_caught(lta_case, tmp_path):
    _level, case, root = lta_case
    bag = tmp_path / "bag"
    shutil.copytree(case.archive, bag)
    index = bag / "data" / ARCHIVE_TIMESTAMPS
    listed = json.loads(index.read_text())
    dropped = listed["timestamps"].pop()
    (bag / "data" / dropped["path"]).unlink()
    index.write_text(json.dumps(listed))
    rebag(bag)
    report = verify_case(bag, [root], workers=1)
    assert Kind.ARCHIVE_TIMESTAMP in report.kinds
    assert any(dropped["document"] in f.message for f in report.findings if f.kind is Kind.ARCHIVE_TIMESTAMP)


def test_signature_timestamp_stripped_from_the_cms_is_caught(run_at, tmp_path):
    """At B-T the forger removes the timestamp token from the last signature's unsigned CMS attributes
    (the signature stays valid) and pads /Contents back with zeros: the level requires the timestamp."""
    import re

    from asn1crypto import cms

    from .test_forgery import LAPORAN_LAST, _set_document

    _level, case, root = run_at("B-T")
    bag = tmp_path / "bag"
    shutil.copytree(case.archive, bag)
    pdf = (bag / "data" / LAPORAN_LAST).read_bytes()
    start, end = (int(v) for v in list(re.finditer(rb"/ByteRange \[0 (\d+) (\d+)", pdf))[-1].groups())
    info = cms.ContentInfo.load(bytes.fromhex(pdf[start + 1:end - 1].decode()))
    signer = info["content"]["signer_infos"][0]
    kept = [a for a in signer["unsigned_attrs"] if a["type"].native != "signature_time_stamp_token"]
    fields = {key: signer[key] for key in ("version", "sid", "digest_algorithm", "signed_attrs",
                                           "signature_algorithm", "signature")}
    if kept:
        fields["unsigned_attrs"] = cms.CMSAttributes(kept)
    info["content"]["signer_infos"] = cms.SignerInfos([cms.SignerInfo(fields)])
    stripped = info.dump(force=True).hex().encode()
    assert len(stripped) < end - start - 2
    _set_document(bag, LAPORAN_LAST, pdf[:start + 1] + stripped.ljust(end - start - 2, b"0") + pdf[end - 1:])
    report = verify_case(bag, [root], workers=1)
    assert any(f.kind is Kind.TIMESTAMP_UNTRUSTED and "no signature timestamp" in f.message
               for f in report.findings), report.findings
