"""A local test PKI: root and intermediate CA, officials, TSA, OCSP responder, CRLs.

Everything is generated offline with ``cryptography`` so tests and the demo
run without a network. It is test and demo tooling: the CA keys are stored
unencrypted beside the certificates. A deployment uses certificates from a
real PSrE (BSrE) instead.

Layout of a PKI directory::

    pki.json                      manifest (passphrase, creation time, issued certificates)
    root.pem / root-key.pem       root CA
    intermediate.pem / ...-key    intermediate CA (issues officials, TSA, OCSP responder)
    tsa.pem / tsa-key.pem         RFC 3161 time-stamping authority
    ocsp.pem / ocsp-key.pem       delegated OCSP responder
    root.crl / intermediate.crl   CRLs (DER)
    officials/<nip>.p12           one PKCS#12 per official
    seal.p12 / seal.pem           the unit's electronic seal (segel elektronik), when issued
    issued/<nip>-<serial>.p12     certificates issued on request (possibly bad)
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509 import ocsp
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from sopflow.errors import SigningError
from sopflow.officials import Official

__all__ = [
    "revoke_certificate",
    "ORGANISATION",
    "TestPki",
    "create_test_pki",
    "issue_certificate",
    "issue_seal_certificate",
    "ocsp_responses",
    "load_pem_certificate",
    "load_pem_key",
]

ORGANISATION = "Kementerian Keuangan"
"""``O`` of every certificate in the test PKI."""

_MANIFEST = "pki.json"
_BASE_URL = "http://pki.sopflow.test"
_DAY = timedelta(days=1)
_KEY_SIZE = 2048


@dataclass(frozen=True)
class TestPki:
    """Paths of a generated test PKI (see the module docstring for the layout)."""

    __test__ = False  # not a pytest test class

    directory: Path
    """The PKI directory."""
    passphrase: str
    """Passphrase of every PKCS#12 file."""
    created: datetime
    """Reference time the PKI was generated for (certificates start a day earlier)."""
    root_pem: Path
    """Root CA certificate (the trust anchor)."""
    root_key_pem: Path
    """Root CA private key (unencrypted PKCS#8 PEM)."""
    intermediate_pem: Path
    """Intermediate CA certificate."""
    intermediate_key_pem: Path
    """Intermediate CA private key."""
    p12_by_nip: Mapping[str, Path]
    """PKCS#12 file of each official created with the PKI, by NIP."""
    tsa_cert_pem: Path
    """Time-stamping authority certificate (extendedKeyUsage timeStamping)."""
    tsa_key_pem: Path
    """Time-stamping authority private key."""
    ocsp_cert_pem: Path
    """Delegated OCSP responder certificate (extendedKeyUsage OCSPSigning, ocsp-nocheck)."""
    ocsp_key_pem: Path
    """OCSP responder private key."""
    root_crl: Path
    """CRL of the root CA (DER), covering the intermediate."""
    intermediate_crl: Path
    """CRL of the intermediate CA (DER), covering officials, TSA and OCSP responder."""

    @property
    def crls(self) -> tuple[Path, ...]:
        """Every CRL of the PKI."""
        return (self.root_crl, self.intermediate_crl)

    @property
    def manifest(self) -> Path:
        """The manifest file."""
        return self.directory / _MANIFEST

    @classmethod
    def load(cls, out_dir: Path) -> TestPki:
        """Reopen a PKI made by :func:`create_test_pki`.

        :raises SigningError: the directory holds no test PKI.
        """
        out_dir = Path(out_dir)
        try:
            manifest = json.loads((out_dir / _MANIFEST).read_text("utf-8"))
        except FileNotFoundError:
            raise SigningError(
                "no test PKI here", where=str(out_dir), hint="create one with create_test_pki()"
            ) from None
        return cls._from_manifest(out_dir, manifest)

    @classmethod
    def _from_manifest(cls, d: Path, manifest: dict) -> TestPki:
        return cls(
            directory=d,
            passphrase=manifest["passphrase"],
            created=datetime.fromisoformat(manifest["created"]),
            root_pem=d / "root.pem",
            root_key_pem=d / "root-key.pem",
            intermediate_pem=d / "intermediate.pem",
            intermediate_key_pem=d / "intermediate-key.pem",
            p12_by_nip={nip: d / rel for nip, rel in manifest["officials"].items()},
            tsa_cert_pem=d / "tsa.pem",
            tsa_key_pem=d / "tsa-key.pem",
            ocsp_cert_pem=d / "ocsp.pem",
            ocsp_key_pem=d / "ocsp-key.pem",
            root_crl=d / "root.crl",
            intermediate_crl=d / "intermediate.crl",
        )

    def issued_certificates(self) -> tuple[tuple[x509.Certificate, bool], ...]:
        """Every end-entity certificate the intermediate issued, with its revoked flag."""
        manifest = self._read_manifest()
        return tuple(
            (load_pem_certificate(self.directory / item["cert"]), bool(item["revoked"]))
            for item in manifest["issued"]
            if item["issuer"] == "intermediate"
        )

    def _read_manifest(self) -> dict:
        return json.loads(self.manifest.read_text("utf-8"))


def load_pem_certificate(path: Path) -> x509.Certificate:
    """Read one PEM certificate."""
    return x509.load_pem_x509_certificate(Path(path).read_bytes())


def load_pem_key(path: Path) -> rsa.RSAPrivateKey:
    """Read an unencrypted PEM private key of the test PKI."""
    key = serialization.load_pem_private_key(Path(path).read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    return key


def create_test_pki(
    out_dir: Path,
    officials: Sequence[Official],
    *,
    passphrase: str = "rahasia",
    now: datetime | None = None,
) -> TestPki:
    """Generate a complete offline PKI with one PKCS#12 per official.

    :param out_dir: directory to create (may exist; existing PKI files are overwritten).
    :param officials: who gets a signing certificate (subject CN = name,
        serialNumber = NIP, title = jabatan).
    :param passphrase: passphrase of every PKCS#12 file.
    :param now: reference time; certificates are valid from a day before.
    :return: the paths of the new PKI.
    """
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    d = Path(out_dir)
    (d / "officials").mkdir(parents=True, exist_ok=True)

    root_key = _new_key()
    root_name = _ca_name("Sopflow Test Root CA")
    root = _ca_certificate(root_name, root_key, root_name, root_key, now, years=20, path_length=1)
    inter_key = _new_key()
    inter_name = _ca_name("Sopflow Test Intermediate CA")
    inter = _ca_certificate(inter_name, inter_key, root_name, root_key, now, years=10, path_length=0,
                            issuer_cert=root, crl_url=f"{_BASE_URL}/root.crl")
    _write_cert(d / "root.pem", root)
    _write_key(d / "root-key.pem", root_key)
    _write_cert(d / "intermediate.pem", inter)
    _write_key(d / "intermediate-key.pem", inter_key)

    manifest: dict = {
        "passphrase": passphrase,
        "created": now.isoformat(),
        "officials": {},
        "issued": [],
    }
    for name, ekus, file in (
        ("Sopflow Test TSA", [ExtendedKeyUsageOID.TIME_STAMPING], "tsa"),
        ("Sopflow Test OCSP Responder", [ExtendedKeyUsageOID.OCSP_SIGNING], "ocsp"),
    ):
        key = _new_key()
        builder = _leaf_builder(_ca_name(name), key, inter, now, now - _DAY, now + timedelta(days=3650))
        builder = builder.add_extension(x509.ExtendedKeyUsage(ekus), critical=True)
        if file == "ocsp":
            builder = builder.add_extension(x509.OCSPNoCheck(), critical=False)
        cert = builder.sign(inter_key, hashes.SHA256())
        _write_cert(d / f"{file}.pem", cert)
        _write_key(d / f"{file}-key.pem", key)
        manifest["issued"].append(_issued_entry(cert, f"{file}.pem", "intermediate", revoked=False))

    _write_crl(d / "root.crl", root, root_key, [], now)
    (d / _MANIFEST).write_text(json.dumps(manifest, indent=2), "utf-8")
    pki = TestPki._from_manifest(d, manifest)
    for official in officials:
        p12 = _issue(pki, official, folder="officials", stem=official.nip)
        manifest = pki._read_manifest()
        manifest["officials"][official.nip] = str(p12.relative_to(d))
        pki.manifest.write_text(json.dumps(manifest, indent=2), "utf-8")
    _refresh_crl(pki)
    return TestPki.load(d)


def issue_certificate(
    pki: TestPki,
    official: Official,
    *,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    revoked: bool = False,
    issuer: Literal["intermediate", "untrusted"] = "intermediate",
) -> Path:
    """Issue one more certificate for ``official``, possibly a deliberately bad one.

    :param not_before: start of validity (default: a day before the PKI's creation).
    :param not_after: end of validity (default: ten years after creation).
    :param revoked: list the certificate as revoked (key compromise, at its
        ``not_before``) in the intermediate's CRL and OCSP data.
    :param issuer: ``"intermediate"`` or ``"untrusted"``: a separate
        self-signed root that no verifier trusts.
    :return: the new PKCS#12 file (same passphrase as the PKI).
    """
    if issuer not in ("intermediate", "untrusted"):
        raise SigningError(f"unknown issuer {issuer!r}", where="issue_certificate",
                           hint="use 'intermediate' or 'untrusted'")
    if revoked and issuer != "intermediate":
        raise SigningError("only certificates of the intermediate CA can be revoked",
                           where="issue_certificate")
    path = _issue(pki, official, folder="issued", stem=None, not_before=not_before,
                  not_after=not_after, revoked=revoked, issuer=issuer)
    if revoked:
        _refresh_crl(pki)
    return path


def issue_seal_certificate(pki: TestPki, unit: str) -> Path:
    """Issue the unit's electronic seal (segel elektronik) certificate: an institution, not a person.

    Its subject names the unit (``CN``) and the organisation, with no
    ``serialNumber``: no NIP, so it can never pass for an official.

    :return: ``seal.p12`` in the PKI directory (same passphrase as the PKI).
    """
    ca_cert = load_pem_certificate(pki.intermediate_pem)
    key = _new_key()
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, unit),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
    ])
    builder = _leaf_builder(subject, key, ca_cert, pki.created, pki.created - _DAY,
                            pki.created + timedelta(days=3650))
    builder = builder.add_extension(
        x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                      data_encipherment=False, key_agreement=False, key_cert_sign=False,
                      crl_sign=False, encipher_only=False, decipher_only=False),
        critical=True,
    )
    cert = builder.sign(load_pem_key(pki.intermediate_key_pem), hashes.SHA256())
    p12 = pki.directory / "seal.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        unit.encode("utf-8"), key, cert, [ca_cert, load_pem_certificate(pki.root_pem)],
        serialization.BestAvailableEncryption(pki.passphrase.encode("utf-8")),
    ))
    _write_cert(pki.directory / "seal.pem", cert)
    manifest = pki._read_manifest()
    manifest["issued"].append(_issued_entry(cert, "seal.pem", "intermediate", revoked=False))
    manifest["seal"] = "seal.p12"
    pki.manifest.write_text(json.dumps(manifest, indent=2), "utf-8")
    return p12


def revoke_certificate(pki: TestPki, nip: str, *, at: datetime | None = None) -> int:
    """Revoke every certificate the intermediate issued to an official (a compromised key).

    The CRL is rewritten and OCSP responses built afterwards report the
    revocation from ``at`` (default: now).

    :returns: how many certificates were revoked.
    :raises SigningError: the PKI issued no certificate to that NIP.
    """
    manifest = pki._read_manifest()
    moment = (at or datetime.now(UTC)).isoformat()
    count = 0
    for item in manifest["issued"]:
        cert = load_pem_certificate(pki.directory / item["cert"])
        holder = cert.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
        if item["issuer"] == "intermediate" and holder and holder[0].value == nip and not item["revoked"]:
            item["revoked"], item["revoked_at"] = True, moment
            count += 1
    if not count:
        raise SigningError(f"the test PKI issued no unrevoked certificate to NIP {nip}", where=str(pki.directory))
    pki.manifest.write_text(json.dumps(manifest, indent=2), "utf-8")
    _refresh_crl(pki)
    return count


def ocsp_responses(pki: TestPki, *, at: datetime | None = None) -> tuple[bytes, ...]:
    """OCSP responses (DER) from the PKI's responder for every certificate the intermediate issued.

    :param at: the responses' ``thisUpdate`` (default: now); they stay fresh for a year.
    """
    at = (at or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    issuer = load_pem_certificate(pki.intermediate_pem)
    responder = load_pem_certificate(pki.ocsp_cert_pem)
    responder_key = load_pem_key(pki.ocsp_key_pem)
    manifest = pki._read_manifest()
    responses = []
    for item in manifest["issued"]:
        if item["issuer"] != "intermediate" or item["cert"] == "ocsp.pem":
            continue
        cert = load_pem_certificate(pki.directory / item["cert"])
        revoked_at = datetime.fromisoformat(item["revoked_at"]) if item["revoked"] else None
        builder = ocsp.OCSPResponseBuilder().add_response(
            cert=cert, issuer=issuer, algorithm=hashes.SHA1(),
            cert_status=ocsp.OCSPCertStatus.REVOKED if revoked_at else ocsp.OCSPCertStatus.GOOD,
            this_update=at - timedelta(minutes=1), next_update=at + timedelta(days=365),
            revocation_time=revoked_at,
            revocation_reason=x509.ReasonFlags.key_compromise if revoked_at else None,
        ).responder_id(ocsp.OCSPResponderEncoding.HASH, responder).certificates([responder])
        response = builder.sign(responder_key, hashes.SHA256())
        responses.append(response.public_bytes(serialization.Encoding.DER))
    return tuple(responses)


def _issue(
    pki: TestPki,
    official: Official,
    *,
    folder: str,
    stem: str | None,
    not_before: datetime | None = None,
    not_after: datetime | None = None,
    revoked: bool = False,
    issuer: str = "intermediate",
) -> Path:
    now = pki.created
    if issuer == "intermediate":
        ca_cert = load_pem_certificate(pki.intermediate_pem)
        ca_key = load_pem_key(pki.intermediate_key_pem)
        chain = [ca_cert, load_pem_certificate(pki.root_pem)]
    else:
        ca_cert, ca_key = _untrusted_root(pki)
        chain = [ca_cert]
    key = _new_key()
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, official.name),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, official.nip),
        x509.NameAttribute(NameOID.TITLE, official.jabatan),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
    ])
    start = not_before or now - _DAY
    end = not_after or now + timedelta(days=3650)
    builder = _leaf_builder(subject, key, ca_cert, now, start, end)
    builder = builder.add_extension(
        x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                      data_encipherment=False, key_agreement=False, key_cert_sign=False,
                      crl_sign=False, encipher_only=False, decipher_only=False),
        critical=True,
    )
    cert = builder.sign(ca_key, hashes.SHA256())
    target_dir = pki.directory / folder
    target_dir.mkdir(exist_ok=True)
    name = stem or f"{official.nip}-{cert.serial_number:x}"[:40]
    p12 = target_dir / f"{name}.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(
        official.name.encode("utf-8"), key, cert, chain,
        serialization.BestAvailableEncryption(pki.passphrase.encode("utf-8")),
    ))
    cert_file = target_dir / f"{name}.pem"
    _write_cert(cert_file, cert)
    manifest = pki._read_manifest()
    manifest["issued"].append(
        _issued_entry(cert, str(cert_file.relative_to(pki.directory)), issuer, revoked=revoked)
    )
    pki.manifest.write_text(json.dumps(manifest, indent=2), "utf-8")
    return p12


def _issued_entry(cert: x509.Certificate, rel: str, issuer: str, *, revoked: bool) -> dict:
    return {
        "serial": f"{cert.serial_number:x}",
        "cert": rel,
        "issuer": issuer,
        "revoked": revoked,
        "revoked_at": cert.not_valid_before_utc.isoformat() if revoked else None,
    }


def _refresh_crl(pki: TestPki) -> None:
    manifest = pki._read_manifest()
    revoked = [
        (int(item["serial"], 16), datetime.fromisoformat(item["revoked_at"]))
        for item in manifest["issued"]
        if item["revoked"] and item["issuer"] == "intermediate"
    ]
    _write_crl(pki.intermediate_crl, load_pem_certificate(pki.intermediate_pem),
               load_pem_key(pki.intermediate_key_pem), revoked, pki.created)


def _write_crl(
    path: Path,
    issuer: x509.Certificate,
    key: rsa.RSAPrivateKey,
    revoked: list[tuple[int, datetime]],
    now: datetime,
) -> None:
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(now - _DAY)
        .next_update(now + timedelta(days=3650))
        .add_extension(x509.CRLNumber(len(revoked) + 1), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()), critical=False
        )
    )
    for serial, when in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(when)
            .add_extension(x509.CRLReason(x509.ReasonFlags.key_compromise), critical=False)
            .build()
        )
    path.write_bytes(builder.sign(key, hashes.SHA256()).public_bytes(serialization.Encoding.DER))


def _untrusted_root(pki: TestPki) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    cert_path = pki.directory / "untrusted-root.pem"
    key_path = pki.directory / "untrusted-root-key.pem"
    if cert_path.exists():
        return load_pem_certificate(cert_path), load_pem_key(key_path)
    key = _new_key()
    name = _ca_name("Sopflow Untrusted Root CA")
    cert = _ca_certificate(name, key, name, key, pki.created, years=20, path_length=0)
    _write_cert(cert_path, cert)
    _write_key(key_path, key)
    return cert, key


def _new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=_KEY_SIZE)


def _ca_name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
    ])


def _ca_certificate(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    issuer: x509.Name,
    issuer_key: rsa.RSAPrivateKey,
    now: datetime,
    *,
    years: int,
    path_length: int,
    issuer_cert: x509.Certificate | None = None,
    crl_url: str | None = None,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - _DAY)
        .not_valid_after(now + timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=True, path_length=path_length), critical=True)
        .add_extension(
            x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=True,
                          crl_sign=True, encipher_only=False, decipher_only=False),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False
        )
    )
    if crl_url:
        builder = builder.add_extension(_crl_points(crl_url), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def _leaf_builder(
    subject: x509.Name,
    key: rsa.RSAPrivateKey,
    ca_cert: x509.Certificate,
    now: datetime,
    not_before: datetime,
    not_after: datetime,
) -> x509.CertificateBuilder:
    ca_key_id = x509.SubjectKeyIdentifier.from_public_key(ca_cert.public_key())
    return (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_key_id), critical=False
        )
        .add_extension(_crl_points(f"{_BASE_URL}/intermediate.crl"), critical=False)
        .add_extension(
            x509.AuthorityInformationAccess([
                x509.AccessDescription(x509.AuthorityInformationAccessOID.OCSP,
                                       x509.UniformResourceIdentifier(f"{_BASE_URL}/ocsp")),
            ]),
            critical=False,
        )
    )


def _crl_points(url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints([
        x509.DistributionPoint(full_name=[x509.UniformResourceIdentifier(url)], relative_name=None,
                               reasons=None, crl_issuer=None),
    ])


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _write_key(path: Path, key: rsa.RSAPrivateKey) -> None:
    path.write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ))
