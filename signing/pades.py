"""PAdES signing: one incremental update per signature, with a visible appearance.

Levels (ETSI EN 319 142-1 baseline): B-B is a CAdES-detached CMS with the
signing-certificate-v2 attribute; B-T adds an RFC 3161 signature timestamp;
B-LT embeds certificates, CRLs and OCSP responses in the document's DSS;
B-LTA adds a document timestamp (:func:`add_archive_timestamp`).
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from pathlib import Path
from typing import Any

from asn1crypto import crl as asn1_crl
from asn1crypto import ocsp as asn1_ocsp
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as PyhankoSigningError
from pyhanko.sign.timestamps.api import TimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from sopflow import messages
from sopflow.documents import FieldBox
from sopflow.errors import SigningError
from sopflow.signing.appearance import Appearance, appearance_lines, stamp_style
from sopflow.signing.binding import BoundBuildProps
from sopflow.signing.pki import TestPki, load_pem_key, ocsp_responses
from sopflow.signing.signers import LoadedSigner
from sopflow.signing.tsa import LocalTimeStamper

__all__ = [
    "SigningLevel",
    "ValidationData",
    "SigningContext",
    "sign_pdf",
    "add_archive_timestamp",
    "context_for_test_pki",
    "load_certificate",
]

_MD = "sha256"
_TIMESTAMP_ALLOWANCE = 8192
"""DER bytes reserved for a timestamp token from a TSA whose certificates are unknown."""


class SigningLevel(enum.Enum):
    """PAdES baseline level; the value is the name used in rosters (``"B-LT"``)."""

    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"

    @property
    def timestamped(self) -> bool:
        """Whether the level needs a signature timestamp."""
        return self is not SigningLevel.B_B

    @property
    def long_term(self) -> bool:
        """Whether the level embeds validation data in the DSS."""
        return self in (SigningLevel.B_LT, SigningLevel.B_LTA)


@dataclass(frozen=True)
class ValidationData:
    """Certificates and revocation data available offline (for the DSS and for verification)."""

    certs: tuple[asn1_x509.Certificate, ...] = ()
    """Intermediate certificates (CA, TSA, OCSP responder)."""
    crls: tuple[asn1_crl.CertificateList, ...] = ()
    """Certificate revocation lists."""
    ocsps: tuple[asn1_ocsp.OCSPResponse, ...] = ()
    """OCSP responses."""

    def validation_context(
        self, trust_roots: Iterable[asn1_x509.Certificate], **kwargs: object
    ) -> ValidationContext:
        """A context that never goes to the network, with this data."""
        return ValidationContext(
            trust_roots=list(trust_roots), other_certs=list(self.certs), crls=list(self.crls),
            ocsps=list(self.ocsps), allow_fetching=False, **kwargs,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class SigningContext:
    """Everything about a signature that does not depend on the signer or the document."""

    trust_roots: tuple[asn1_x509.Certificate, ...]
    """Trust anchors signatures must chain to."""
    level: SigningLevel = SigningLevel.B_B
    """PAdES baseline level to produce."""
    timestamper: TimeStamper | None = None
    """Time-stamping authority; required from B-T up."""
    validation: ValidationData = field(default_factory=ValidationData)
    """Validation data to embed from B-LT up."""

    def __post_init__(self) -> None:
        if self.level.timestamped and self.timestamper is None:
            raise SigningError(f"PAdES {self.level.value} needs a time-stamping authority",
                               where="signing context", hint="configure a timestamper or sign at B-B")

    def validation_context(self) -> ValidationContext:
        """An offline validation context with the trust roots and validation data."""
        return self.validation.validation_context(self.trust_roots)

    def _timestamp_allowance(self) -> int:
        if self.timestamper is None:
            return 0
        if isinstance(self.timestamper, LocalTimeStamper):
            return self.timestamper.embedded_size
        return _TIMESTAMP_ALLOWANCE


def sign_pdf(
    pdf: bytes,
    signer: LoadedSigner,
    *,
    field: FieldBox,
    appearance: Appearance,
    reason: str,
    context: SigningContext,
    location: str | None = None,
    binding: Mapping[str, str] | None = None,
    signed_at: datetime | None = None,
) -> bytes:
    """Sign ``pdf`` in a new signature field with a visible appearance.

    Earlier revisions are kept byte for byte: the signature is appended as an
    incremental update (from B-LT up, followed by the DSS update; at B-LTA
    also by a document timestamp).

    :param field: the field to create (or fill, when it exists): name, page, box.
    :param appearance: what the visible block says.
    :param reason: the signature's /Reason.
    :param location: the signature's /Location (a place name).
    :param binding: what the signature commits to besides the document (case,
        task, journal link, digests), written into the signature dictionary
        (see :mod:`sopflow.signing.binding`).
    :param signed_at: the signing time the signature claims (``/M``); the system clock when ``None``.
        A timestamp (B-T and up) always carries the time-stamping authority's own time.
    :raises SigningError: the PDF cannot be read or the signature cannot be made.
    """
    level = context.level
    meta = signers.PdfSignatureMetadata(
        field_name=field.name,
        md_algorithm=_MD,
        reason=reason,
        location=location,
        name=appearance.name,
        subfilter=fields.SigSeedSubFilter.PADES,
        embed_validation_info=level.long_term,
        use_pades_lta=level is SigningLevel.B_LTA,
        validation_context=context.validation_context() if level.long_term else None,
        app_build_props=BoundBuildProps.of(binding) if binding else None,
    )
    spec = fields.SigFieldSpec(sig_field_name=field.name, on_page=field.page,
                               box=field.box)  # type: ignore[arg-type]  # pyHanko takes float points
    pdf_signer = _PdfSignerAt(meta, signer.signer, timestamper=context.timestamper,
                              stamp_style=stamp_style(), new_field_spec=spec)
    pdf_signer.signing_time = signed_at
    where = f"field {field.name}"
    try:
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        out = pdf_signer.sign_pdf(
            writer,
            bytes_reserved=signer.reserved_size(timestamp_certs=context._timestamp_allowance()),
            appearance_text_params={"body": "\n".join(appearance_lines(appearance))},
        )
    except TimestampRequestError as exc:
        raise _tsa_unreachable(context, exc) from None
    except (PdfError, PyhankoSigningError, PathBuildingError, PathValidationError, ValueError) as exc:
        raise SigningError(f"cannot sign: {exc}", where=where,
                           hint="check the document, the certificate and the signing level") from exc
    return out.getvalue()


class _PdfSignerAt(signers.PdfSigner):
    """pyHanko's PDF signer with the signing time set by the caller instead of read from the system clock."""

    signing_time: datetime | None = None

    def init_signing_session(self, pdf_out: Any, existing_fields_only: bool = False) -> Any:
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        if self.signing_time is not None:
            session.system_time = self.signing_time
        return session


def add_archive_timestamp(pdf: bytes, context: SigningContext) -> bytes:
    """Make a signed document PAdES B-LTA: embed validation data, then a document timestamp.

    Each call adds a DSS update and a document timestamp over it; calling it
    again before the last timestamp's certificate expires renews the chain.

    :raises SigningError: no time-stamping authority, or the PDF cannot be timestamped.
    """
    if context.timestamper is None:
        raise SigningError("an archive timestamp needs a time-stamping authority", where="signing context")
    from pyhanko.sign.validation import add_validation_info

    vc = context.validation_context()
    try:
        buffer = BytesIO(pdf)
        count = len(PdfFileReader(buffer, strict=False).embedded_regular_signatures)
        for index in range(count):
            # each DSS update changes the file: read the signature anew from the latest bytes
            embedded = PdfFileReader(buffer, strict=False).embedded_regular_signatures[index]
            buffer = add_validation_info(embedded, vc, output=BytesIO(), in_place=False)
        timestamper = signers.PdfTimeStamper(context.timestamper)
        out = timestamper.timestamp_pdf(
            IncrementalPdfFileWriter(BytesIO(buffer.getvalue()), strict=False), _MD,
            validation_context=vc,
            bytes_reserved=2 * (context._timestamp_allowance() + 4096),
        )
    except TimestampRequestError as exc:
        raise _tsa_unreachable(context, exc) from None
    except (PdfError, PyhankoSigningError, PathBuildingError, PathValidationError, ValueError) as exc:
        raise SigningError(f"cannot add the archive timestamp: {exc}", where="B-LTA") from exc
    return out.getvalue()


def _tsa_unreachable(context: SigningContext, exc: TimestampRequestError) -> SigningError:
    """The time-stamping authority did not answer (or answered with an error): nothing was signed."""
    url = getattr(context.timestamper, "url", None)
    cause = exc.__cause__ or exc
    return SigningError(messages.TSA_UNREACHABLE.format(reason=f"{type(cause).__name__}: {cause}"),
                        where=str(url) if url else "tsa_url", hint=messages.HINT_TSA)


def load_certificate(path: Path) -> asn1_x509.Certificate:
    """Read a certificate (PEM or DER) as an asn1crypto object.

    :raises SigningError: the file is missing or not a certificate.
    """
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SigningError(f"cannot read certificate: {exc.strerror}", where=str(path)) from None
    from asn1crypto import pem

    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    try:
        cert = asn1_x509.Certificate.load(data)
        cert.native  # noqa: B018  (forces parsing)
    except ValueError:
        raise SigningError("not an X.509 certificate", where=str(path),
                           hint="give a PEM or DER certificate file") from None
    return cert


def context_for_test_pki(pki: TestPki, level: SigningLevel | str = SigningLevel.B_B) -> SigningContext:
    """A signing context trusting the test PKI's root, with its TSA and offline validation data.

    :param level: a :class:`SigningLevel` or its name (``"B-LT"``).
    """
    level = SigningLevel(level) if isinstance(level, str) else level
    root = load_certificate(pki.root_pem)
    intermediate = load_certificate(pki.intermediate_pem)
    timestamper = None
    if level.timestamped:
        timestamper = LocalTimeStamper(
            load_certificate(pki.tsa_cert_pem), load_pem_key(pki.tsa_key_pem), chain=(intermediate, root)
        )
    # revocation data is always at hand (the post-sign check uses it); it is embedded only from B-LT up
    validation = ValidationData(
        certs=(intermediate, load_certificate(pki.ocsp_cert_pem)),
        crls=tuple(asn1_crl.CertificateList.load(p.read_bytes()) for p in pki.crls),
        ocsps=tuple(asn1_ocsp.OCSPResponse.load(der) for der in ocsp_responses(pki)),
    )
    return SigningContext(trust_roots=(root,), level=level, timestamper=timestamper, validation=validation)

