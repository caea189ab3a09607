"""Signature verification of many PDF files at once, on every core.

Each file is verified on its own (:func:`sopflow.signing.verify_pdf`), so the
work spreads over a process pool; the results are the same as verifying the
files one after the other.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509

from sopflow.archive.report import Kind
from sopflow.archive.validation import from_der
from sopflow.errors import VerificationError
from sopflow.signing import DocumentReport, SignatureReport, verify_pdf

__all__ = ["FileVerdict", "verify_files", "reason_kind"]

_Der = tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]]


@dataclass(frozen=True)
class FileVerdict:
    """The signature report of one file, or why it could not be verified."""

    report: DocumentReport | None
    """Every signature in the file; ``None`` when the file is not a readable PDF."""
    error: str | None
    """Why the file could not be verified at all."""


def _verify_one(path: str, roots_der: tuple[bytes, ...], validation: _Der) -> FileVerdict:
    roots = [x509.Certificate.load(der) for der in roots_der]
    try:
        report = verify_pdf(Path(path).read_bytes(), trust_roots=roots, validation=from_der(validation))
        return FileVerdict(report=report, error=None)
    except (OSError, VerificationError) as exc:
        return FileVerdict(report=None, error=str(exc))


def verify_files(
    paths: Sequence[Path],
    roots: Sequence[x509.Certificate],
    *,
    validation: _Der = ((), (), ()),
    workers: int | None = None,
) -> dict[Path, FileVerdict]:
    """Verify every file against ``roots``.

    :param validation: DER certificates, CRLs and OCSP responses for revocation
        checks (see :func:`sopflow.archive.validation.validation_der`).
    :param workers: processes to use; ``None`` means one per core, ``1``
        verifies in this process.
    """
    roots_der = tuple(root.dump() for root in roots)
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(paths) <= 1:
        return {path: _verify_one(str(path), roots_der, validation) for path in paths}
    with ProcessPoolExecutor(max_workers=min(workers, len(paths))) as pool:
        verdicts = pool.map(_verify_one, [str(p) for p in paths], [roots_der] * len(paths),
                            [validation] * len(paths), chunksize=max(1, len(paths) // (4 * workers)))
        return dict(zip(paths, verdicts))


def reason_kind(signature: SignatureReport, reason: str) -> Kind:
    """The kind of one problem the signature verifier reported."""
    text = reason.lower()
    if "timestamp" in text and "document timestamp" not in text:
        return Kind.TIMESTAMP_UNTRUSTED
    if not signature.intact or "altered" in text:
        return Kind.SIGNATURE_ALTERED
    if "cryptographically invalid" in text or "cannot be validated" in text:
        return Kind.SIGNATURE_INVALID
    if "modification level" in text or "permissions" in text:
        return Kind.MODIFIED_AFTER_SIGNING
    if "cover" in text:
        return Kind.SIGNATURE_COVERAGE
    if not signature.trusted:
        return Kind.CERTIFICATE_UNTRUSTED
    return Kind.SIGNATURE_INVALID
