"""Validation data carried in an archive: CA and responder certificates, CRLs, OCSP responses.

With it an archivist checks revocation offline at every PAdES level, not
only for B-LT/B-LTA documents that embed it themselves. Layout under the
payload root::

    validation/certs/<N>.der   intermediate CA, OCSP responder, TSA ...
    validation/crls/<N>.crl    certificate revocation lists (DER)
    validation/ocsp/<N>.der    OCSP responses (DER)
"""

from __future__ import annotations

from pathlib import Path

from asn1crypto import crl, ocsp, x509

from sopflow.archive.bag_files import LIMITS, BagFileError, BagFiles
from sopflow.archive.report import Finding, Kind
from sopflow.signing import ValidationData

__all__ = ["VALIDATION_DIR", "MAX_VALIDATION_FILES", "write_validation", "validation_der", "from_der"]

MAX_VALIDATION_FILES = 1_000
"""Most certificate, CRL and OCSP files read from an archive's ``validation/`` folder."""

VALIDATION_DIR = "validation"
"""Folder of the validation data, relative to the payload root."""

_PARTS = (("certs", ".der"), ("crls", ".crl"), ("ocsp", ".der"))


def write_validation(folder: Path, data: ValidationData) -> None:
    """Write every item of ``data`` as a DER file."""
    for (name, suffix), items in zip(_PARTS, (data.certs, data.crls, data.ocsps), strict=True):
        if items:
            (folder / name).mkdir(parents=True, exist_ok=True)
        for index, item in enumerate(items, start=1):
            (folder / name / f"{index}{suffix}").write_bytes(item.dump())


def validation_der(
    bag: BagFiles,
) -> tuple[tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]], list[Finding]]:
    """The DER bytes of certificates, CRLs and OCSP responses of an archive (empty when absent).

    Only regular files are read, each size-limited; an unreadable or
    unparsable item is left out and reported as a finding.
    """
    parsers = (x509.Certificate.load, crl.CertificateList.load, ocsp.OCSPResponse.load)
    parts: list[tuple[bytes, ...]] = []
    findings: list[Finding] = []
    for (name, suffix), parse in zip(_PARTS, parsers, strict=True):
        items = []
        names = [n for n in bag.files(f"{VALIDATION_DIR}/{name}") if n.endswith(suffix)][:MAX_VALIDATION_FILES]
        for file_name in names:
            try:
                der = bag.read(file_name, limit=LIMITS["certificate"])
                _ = parse(der).native  # parse fully now: a bad item must not break every signature check
            except BagFileError as exc:
                findings.append(exc.finding())
                continue
            except Exception as exc:  # noqa: BLE001 - asn1crypto raises many types on malformed DER
                findings.append(Finding(Kind.UNREADABLE, f"{file_name}: not a valid DER item ({type(exc).__name__})"))
                continue
            items.append(der)
        parts.append(tuple(items))
    return (parts[0], parts[1], parts[2]), findings


def from_der(der: tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]]) -> ValidationData:
    """Parse what :func:`validation_der` read."""
    certs, crls, ocsps = der
    return ValidationData(
        certs=tuple(x509.Certificate.load(d) for d in certs),
        crls=tuple(crl.CertificateList.load(d) for d in crls),
        ocsps=tuple(ocsp.OCSPResponse.load(d) for d in ocsps),
    )
