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

from sopflow.signing import ValidationData

__all__ = ["VALIDATION_DIR", "write_validation", "read_validation", "validation_der", "from_der"]

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


def validation_der(folder: Path) -> tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]]:
    """The DER bytes of certificates, CRLs and OCSP responses under ``folder`` (empty when absent)."""
    return tuple(  # type: ignore[return-value]
        tuple(p.read_bytes() for p in sorted((folder / name).glob(f"*{suffix}"))) for name, suffix in _PARTS
    )


def from_der(der: tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]]) -> ValidationData:
    """Parse what :func:`validation_der` read."""
    certs, crls, ocsps = der
    return ValidationData(
        certs=tuple(x509.Certificate.load(d) for d in certs),
        crls=tuple(crl.CertificateList.load(d) for d in crls),
        ocsps=tuple(ocsp.OCSPResponse.load(d) for d in ocsps),
    )


def read_validation(folder: Path) -> ValidationData:
    """Validation data of an archive (empty when it carries none)."""
    return from_der(validation_der(folder))
