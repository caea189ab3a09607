"""A task completed with a key on a PKCS#11 token (SoftHSM) verifies in the exported archive."""

from __future__ import annotations

import hashlib

import pytest

from sopflow.archive.export import export_case
from sopflow.archive.verify import verify_case
from sopflow.bpmn import resolve_model
from sopflow.demo.run import PASSPHRASE, write_demo_setup
from sopflow.model.profile import load_model
from sopflow.runner.cases import CaseService
from sopflow.runner.completion import complete_task
from sopflow.runner.roster import Roster
from sopflow.signing import open_signer
from sopflow.signing.softhsm import make_softhsm_token, softhsm_available

pytestmark = pytest.mark.skipif(not softhsm_available(), reason="SoftHSM and OpenSC are not installed")


def test_token_signed_task_verifies_in_the_archive(tmp_path, monkeypatch):
    monkeypatch.setenv("SOFTHSM2_CONF", "")  # restored after the test; the token tooling sets it
    model = resolve_model("lip10-0072")
    roster = Roster.load(write_demo_setup(tmp_path / "setup", [load_model(model)]))
    service = CaseService(tmp_path / "data")
    try:
        case_id = service.start_case(model, roster)
        first = service.ready_tasks(case_id)[0]
        entry = roster.for_role(first.role or "")
        assert entry.signer.pkcs12 is not None
        token = make_softhsm_token(tmp_path / "token", entry.signer.pkcs12, PASSPHRASE)
        token_cert = None
        while ready := service.ready_tasks(case_id):
            task = ready[0]
            form = service.form_of(case_id, task.form_key) if task.form_key else None
            spec = token.spec if task.id == first.id else roster.for_role(task.role or "").signer
            with open_signer(spec) as signer:
                if task.id == first.id:
                    assert signer.spec.pkcs11 is not None
                    token_cert = hashlib.sha256(signer.certificate.dump()).hexdigest()
                complete_task(service, case_id, task.id, form.defaults() if form else {}, signer)
        archive = export_case(service, case_id, tmp_path / "archive")
    finally:
        service.close()
    report = verify_case(archive, list(roster.trust_roots), workers=1)
    assert report.ok, report.findings
    signed_on_token = report.revisions[0]
    assert signed_on_token.signatures[-1].cert_sha256 == token_cert
    assert signed_on_token.role == first.role
