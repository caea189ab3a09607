from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sopflow.signing import TestPki, issue_certificate
from sopflow.signing.pki import load_pem_certificate


def test_official_certificate_carries_identity(pki: TestPki, officials, passphrase):
    official = officials[1]
    key, cert, chain = pkcs12.load_key_and_certificates(pki.p12_by_nip[official.nip].read_bytes(),
                                                        passphrase.encode())
    subject = cert.subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == official.name
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == official.nip
    assert subject.get_attributes_for_oid(NameOID.TITLE)[0].value == official.jabatan
    assert subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Kementerian Keuangan"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    assert key.key_size == 2048
    inter = load_pem_certificate(pki.intermediate_pem)
    root = load_pem_certificate(pki.root_pem)
    assert cert.issuer == inter.subject and inter.issuer == root.subject
    cert.verify_directly_issued_by(inter)
    inter.verify_directly_issued_by(root)
    assert [c.subject for c in chain] == [inter.subject, root.subject]


def test_tsa_and_ocsp_certificates(pki: TestPki):
    tsa = load_pem_certificate(pki.tsa_cert_pem)
    eku = tsa.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    assert list(eku) == [ExtendedKeyUsageOID.TIME_STAMPING]
    ocsp = load_pem_certificate(pki.ocsp_cert_pem)
    assert ExtendedKeyUsageOID.OCSP_SIGNING in ocsp.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value


def test_reload_and_revocation_in_crl(pki: TestPki, officials, passphrase):
    assert TestPki.load(pki.directory) == pki
    p12 = issue_certificate(pki, officials[0], revoked=True)
    _, cert, _ = pkcs12.load_key_and_certificates(p12.read_bytes(), passphrase.encode())
    crl = x509.load_der_x509_crl(pki.intermediate_crl.read_bytes())
    assert crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None
    assert crl.is_signature_valid(load_pem_certificate(pki.intermediate_pem).public_key())


def test_untrusted_issuer_is_a_separate_root(pki: TestPki, officials, passphrase):
    p12 = issue_certificate(pki, officials[0], issuer="untrusted")
    _, cert, chain = pkcs12.load_key_and_certificates(p12.read_bytes(), passphrase.encode())
    assert cert.issuer != load_pem_certificate(pki.intermediate_pem).subject
    assert chain[0].subject == chain[0].issuer == cert.issuer
