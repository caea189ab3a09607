"""A task completed with a key on a PKCS#11 token (SoftHSM) verifies in the exported archive.

The token signs in a separate ``sopflow task complete`` process: SoftHSM reads
its configuration once per process, when the module is loaded, so a token made
for this test must not be loaded into the test process (other tests use their
own tokens). This also covers the CLI's PKCS#11 options.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys

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
    monkeypatch.setenv("SOFTHSM2_CONF", os.environ.get("SOFTHSM2_CONF", ""))  # the token tooling sets it
    model = resolve_model("lip10-0072")
    roster = Roster.load(write_demo_setup(tmp_path / "setup", [load_model(model)]))
    data_dir = tmp_path / "data"
    service = CaseService(data_dir)
    try:
        case_id = service.start_case(model, roster)
        first = service.ready_tasks(case_id)[0]
        entry = roster.for_role(first.role or "")
        assert entry.signer.pkcs12 is not None
        token = make_softhsm_token(tmp_path / "token", entry.signer.pkcs12, PASSPHRASE, label="archive-test")
        p11 = token.spec.pkcs11
        assert p11 is not None
        done = subprocess.run(
            [sys.executable, "-m", "sopflow.cli.main", "task", "complete", first.id, "--data-dir", str(data_dir),
             "--pkcs11-module", str(p11.module), "--token-label", p11.token_label, "--key-label",
             p11.key_label, "--pin", p11.pin, "--json"],
            capture_output=True, text=True, env={**os.environ, "SOFTHSM2_CONF": str(token.config)}, check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert json.loads(done.stdout)["ok"] is True
        while ready := service.ready_tasks(case_id):
            task = ready[0]
            form = service.form_of(case_id, task.form_key) if task.form_key else None
            with open_signer(roster.for_role(task.role or "").signer) as signer:
                complete_task(service, case_id, task.id, form.defaults() if form else {}, signer)
        archive = export_case(service, case_id, tmp_path / "archive")
    finally:
        service.close()
    report = verify_case(archive, list(roster.trust_roots), workers=1)
    assert report.ok, report.findings
    signed_on_token = report.revisions[0]
    # the key on the token belongs to the rostered official: same certificate as the PKCS#12 file
    with open_signer(entry.signer) as p12_signer:
        expected = hashlib.sha256(p12_signer.certificate.dump()).hexdigest()
    assert signed_on_token.signatures[-1].cert_sha256 == expected
    assert signed_on_token.role == first.role


def test_unit_seal_on_a_token_seals_the_case_history(tmp_path):
    """The roster's [seal] may name a PKCS#11 key: the Lembar Riwayat is sealed on the token and verifies."""
    import tomllib

    import tomli_w

    model = resolve_model("lip10-0072")
    roster_path = write_demo_setup(tmp_path / "setup", [load_model(model)])
    config = tomllib.loads(roster_path.read_text(encoding="utf-8"))
    seal_p12 = roster_path.parent / config["seal"]["signer"]["pkcs12"]
    token = make_softhsm_token(tmp_path / "token", seal_p12, PASSPHRASE, label="seal-test", key_label="seal")
    p11 = token.spec.pkcs11
    assert p11 is not None
    config["seal"]["signer"] = {"pkcs11": {"module": str(p11.module), "token_label": p11.token_label,
                                           "key_label": p11.key_label}}  # the PIN comes from the environment
    roster_path.write_text(tomli_w.dumps(config), encoding="utf-8")
    data = ["--data-dir", str(tmp_path / "data")]
    env = {**os.environ, "SOFTHSM2_CONF": str(token.config), "SOPFLOW_SEAL_PIN": p11.pin, "SOPFLOW_TODAY": ""}

    def sopflow(*args: str) -> dict:
        done = subprocess.run([sys.executable, "-m", "sopflow.cli.main", *args, *data, "--json"],
                              capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
        return json.loads(done.stdout)["data"]

    case_id = sopflow("case", "start", str(model), "--roster", str(roster_path))["case"]["id"]
    sopflow("case", "cancel", case_id, "--reason", "Uji segel pada token")
    service = CaseService(tmp_path / "data")
    try:
        archive = export_case(service, case_id, tmp_path / "archive")
    finally:
        service.close()
    report = verify_case(archive, list(Roster.load(roster_path).trust_roots), workers=1)
    assert report.ok, report.findings
    assert report.outcome == "cancelled"
