"""An archive carries validation data, so a signer revoked later is caught offline even at B-B."""

from __future__ import annotations

import json
import shutil

import bagit

from sopflow.archive.export import export_case
from sopflow.archive.report import Kind
from sopflow.archive.verify import verify_case
from sopflow.bpmn import resolve_model
from sopflow.demo.run import run_demo
from sopflow.runner.cases import CaseService
from sopflow.signing import TestPki, revoke_certificate


def test_revoked_signer_is_reported_from_the_archives_own_validation_data(tmp_path):
    out = tmp_path / "demo"
    (case,) = run_demo(out, [resolve_model("lip10-0072")])
    root = out / "setup" / "pki" / "root.pem"
    assert verify_case(case.archive, [root], workers=1).ok
    assert list((case.archive / "data" / "validation" / "crls").glob("*.crl"))

    first = json.loads((case.archive / "data" / "journal.jsonl").read_text().splitlines()[0])
    revoke_certificate(TestPki.load(out / "setup" / "pki"), first["official"]["nip"])
    service = CaseService(out / "data")
    try:
        again = export_case(service, case.case_id, tmp_path / "after-revocation")
    finally:
        service.close()
    report = verify_case(again, [root], workers=1)
    assert not report.ok
    revoked = [f for f in report.findings if f.kind is Kind.CERTIFICATE_UNTRUSTED and "revoked" in f.message]
    assert revoked, report.findings
    assert all(first["official"]["nip"] in f.message or "r1.pdf" in f.message for f in revoked)

    # A forger removes the revocation data that names the revoked signer (and re-makes the manifests):
    # missing revocation data is itself a failure, never a pass.
    for folder in ("crls", "ocsp"):
        shutil.rmtree(again / "data" / "validation" / folder, ignore_errors=True)
    bagit.Bag(str(again)).save(manifests=True)
    hidden = verify_case(again, [root], workers=1)
    assert not hidden.ok and Kind.BAG_FIXITY not in hidden.kinds
    assert any(f.kind is Kind.CERTIFICATE_UNTRUSTED and "revocation data" in f.message for f in hidden.findings), \
        hidden.findings
