from __future__ import annotations

import io
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from sopflow.signing import (
    SignerSpec,
    SigningLevel,
    TestPki,
    context_for_test_pki,
    issue_certificate,
    open_signer,
    sign_pdf,
    verify_pdf,
)
from sopflow.signing.pades import ValidationData


@pytest.fixture(scope="module")
def context(pki: TestPki):
    return context_for_test_pki(pki, SigningLevel.B_B)


@pytest.fixture(scope="module")
def signed(pdf, signers, officials, context, make_appearance, make_box) -> bytes:
    return sign_pdf(pdf, signers[officials[1].nip], field=make_box("sign_T1"),
                    appearance=make_appearance(officials[1]), reason="Tanda tangan", context=context)


def test_flipped_byte_is_not_intact(signed, context):
    data = bytearray(signed)
    index = data.index(b"ReportLab Generated")  # inside the first signed byte range
    data[index] ^= 0x01
    report = verify_pdf(bytes(data), trust_roots=context.trust_roots)
    assert not report.ok
    assert not report.signatures[0].intact
    assert "altered" in report.signatures[0].problems[0]


def test_content_change_after_signing_is_flagged(signed, context):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    page = page_ref.get_object()
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 72 600 Td (DIBATALKAN) Tj ET")
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust_roots=context.trust_roots)
    assert not report.ok
    sig = report.signatures[0]
    assert sig.intact and sig.trusted
    assert sig.modification_level == "OTHER"
    assert any("content was changed" in p for p in sig.problems)


def test_unsigned_trailing_update_is_flagged(signed, context):
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    writer.root["/Foo"] = generic.NameObject("/Bar")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    report = verify_pdf(out.getvalue(), trust_roots=context.trust_roots)
    assert not report.ok


def _sign_with(p12, pki, official, make_appearance, make_box, pdf, context):
    with open_signer(SignerSpec(pkcs12=p12, passphrase=pki.passphrase)) as signer:
        return sign_pdf(pdf, signer, field=make_box("sign_T1"), appearance=make_appearance(official),
                        reason="x", context=context)


@pytest.mark.parametrize("kind, message", [
    ("expired", "expired"),
    ("not_yet_valid", "valid only from"),
    ("revoked", "revoked"),
    ("untrusted", "does not chain to a trusted root"),
])
def test_bad_certificates_are_not_trusted(kind, message, pki, officials, pdf, context, make_appearance, make_box):
    official = officials[0]
    t = pki.created
    kwargs = {
        "expired": dict(not_before=t - timedelta(days=30), not_after=t - timedelta(days=2)),
        "not_yet_valid": dict(not_before=t + timedelta(days=30)),
        "revoked": dict(revoked=True),
        "untrusted": dict(issuer="untrusted"),
    }[kind]
    p12 = issue_certificate(pki, official, **kwargs)
    signed = _sign_with(p12, pki, official, make_appearance, make_box, pdf, context)
    validation = context_for_test_pki(pki, SigningLevel.B_LT).validation
    report = verify_pdf(signed, trust_roots=context.trust_roots, validation=validation)
    sig = report.signatures[0]
    assert sig.intact and sig.valid and not sig.trusted and not report.ok
    assert any(message in p for p in sig.problems), sig.problems


def test_untrusted_root_is_reported_without_extra_data(pki, officials, pdf, context, make_appearance, make_box):
    p12 = issue_certificate(pki, officials[2], issuer="untrusted")
    signed = _sign_with(p12, pki, officials[2], make_appearance, make_box, pdf, context)
    report = verify_pdf(signed, trust_roots=context.trust_roots, validation=ValidationData())
    assert not report.signatures[0].trusted


def test_pkcs11_token_signs(softhsm_token, pdf, officials, context, make_appearance, make_box):
    with open_signer(softhsm_token.spec) as signer:
        assert signer.certificate.subject.native["serial_number"] == officials[0].nip
        signed = sign_pdf(pdf, signer, field=make_box("sign_T1"), appearance=make_appearance(officials[0]),
                          reason="x", context=context)
    report = verify_pdf(signed, trust_roots=context.trust_roots)
    assert report.ok, report.all_problems()
    assert report.signatures[0].signer_nip == officials[0].nip


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) is not installed")
def test_pdfsig_lists_every_signature(tmp_path, pdf, signers, officials, make_appearance, make_box, pki):
    context = context_for_test_pki(pki, SigningLevel.B_T)
    current = pdf
    for slot, official in enumerate(officials):
        current = sign_pdf(current, signers[official.nip], field=make_box(f"paraf_T{slot}", slot),
                           appearance=make_appearance(official, "paraf"), reason="x", context=context)
    path = tmp_path / "signed.pdf"
    path.write_bytes(current)
    text = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert len(re.findall(r"^Signature #\d+:", text, flags=re.M)) == 3
    for official in officials:
        assert f"serialNumber={official.nip}" in text
    assert text.count("Signature is Valid.") == 3
    assert "ETSI.CAdES.detached" in text
