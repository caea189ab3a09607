"""A published SOP is signed by its approving official and verifies; anyone else is refused."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from sopflow.bpmn import resolve_model
from sopflow.cli.main import main
from sopflow.errors import RoleError
from sopflow.model.profile import load_model
from sopflow.officials import Official
from sopflow.signing import SignerSpec, SigningContext, create_test_pki, load_certificate, open_signer, verify_pdf
from sopflow.sopdoc import build_sop_document
from sopflow.sopdoc.publish import approver_nip, sign_sop


@pytest.fixture(scope="module")
def setup(tmp_path_factory):
    model = load_model(resolve_model("lip20-0013"))
    nip = approver_nip(model)
    assert nip, "seed LIP20-0013 names its approver's NIP"
    approver = Official(name="Dedi Rudaedi", nip=nip, jabatan="Sekretaris Direktorat Jenderal")
    other = Official(name="Orang Lain", nip="199001012015011001", jabatan="Pelaksana")
    pki = create_test_pki(tmp_path_factory.mktemp("pki"), [approver, other], passphrase="x")
    return model, pki, approver, other


def _spec(pki, official):
    return SignerSpec.from_config({"pkcs12": str(pki.p12_by_nip[official.nip]), "passphrase": "x"}, where="test")


def test_approver_signature_verifies(setup):
    model, pki, approver, _ = setup
    document = build_sop_document(model)
    context = SigningContext(trust_roots=(load_certificate(pki.root_pem),))
    with open_signer(_spec(pki, approver)) as signer:
        signed = sign_sop(document, signer, context, model=model)
    report = verify_pdf(signed, trust_roots=context.trust_roots)
    assert report.ok
    assert [s.field_name for s in report.signatures] == ["sop_approval"]
    assert report.signatures[0].signer_nip == approver.nip


def test_other_official_is_refused(setup):
    model, pki, _, other = setup
    context = SigningContext(trust_roots=(load_certificate(pki.root_pem),))
    with open_signer(_spec(pki, other)) as signer, pytest.raises(RoleError, match="mengesahkan"):
        sign_sop(build_sop_document(model), signer, context, model=model)


def test_cli_sign(setup, tmp_path):
    _, pki, approver, _ = setup
    out = tmp_path / "sop.pdf"
    result = CliRunner().invoke(main, [
        "sop", "render", "lip20-0013", "--out", str(out), "--sign", str(pki.p12_by_nip[approver.nip]),
        "--passphrase", "x", "--trust", str(pki.root_pem)])
    assert result.exit_code == 0, result.output
    assert "terverifikasi" in result.output
    assert verify_pdf(out.read_bytes(), trust_roots=(load_certificate(pki.root_pem),)).ok
