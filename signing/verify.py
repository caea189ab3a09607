"""Offline verification of every signature and document timestamp in a PDF.

Nothing is dropped: each signature field with a signature, in every
revision, gets a :class:`SignatureReport`, also when it cannot be parsed.
Validation data comes from the document's own DSS plus what the caller
passes; the network is never used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from io import BytesIO

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.generic import parse_pdf_date
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel, SuspiciousModification
from pyhanko.sign.validation import validate_pdf_signature, validate_pdf_timestamp
from pyhanko.sign.validation.dss import DocumentSecurityStore, NoDSSFoundError
from pyhanko.sign.validation.generic_cms import extract_tst_data_iter
from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
from pyhanko.sign.validation.status import SignatureCoverageLevel, SignatureStatus

from sopflow.errors import VerificationError
from sopflow.signing.binding import read_binding
from sopflow.signing.pades import ValidationData
from sopflow.signing.strict import STRICT_DIFF_POLICY, strict_problems

__all__ = ["SignatureReport", "DocumentReport", "verify_pdf", "signer_identity"]

_MODIFIED = "modified-after-signing"
_ALLOWED_AFTER = ModificationLevel.FORM_FILLING
"""Changes allowed after a signature: new signatures, form filling, DSS and timestamps."""


@dataclass(frozen=True)
class SignatureReport:
    """The verdict on one signature or document timestamp."""

    field_name: str
    """Name of the signature field."""
    kind: str
    """``signature`` or ``doc_timestamp``."""
    revision: int
    """Zero-based index of the revision the signature was added in."""
    signer_name: str | None
    """Subject common name of the signing certificate."""
    signer_nip: str | None
    """Subject serialNumber of the signing certificate (the NIP)."""
    cert_sha256: str | None
    """SHA-256 of the signing certificate (hex)."""
    intact: bool
    """The signed bytes hash to the signed digest."""
    valid: bool
    """The cryptographic signature is correct."""
    trusted: bool
    """The certificate chains to a trust root and was neither expired nor revoked."""
    coverage: str | None
    """``ENTIRE_FILE``, ``ENTIRE_REVISION`` or ``CONTENTS_ONLY``."""
    modification_level: str | None
    """Worst change made after this signature (pyHanko ``ModificationLevel`` name)."""
    signing_time: datetime | None
    """Signing time claimed by the signer (signature timestamp time for document timestamps)."""
    timestamp_time: datetime | None
    """Time of the RFC 3161 timestamp on the signature, if any."""
    problems: tuple[str, ...]
    """Everything wrong, in plain sentences; empty when the signature is fine."""
    binding: dict[str, str] | None = None
    """What the signature commits to (case, task, journal link ...), read from its signed revision."""
    claimed_time: datetime | None = None
    """The signature dictionary's ``/M`` (a second signing time the signer claims), from its signed revision."""

    @property
    def ok(self) -> bool:
        """Intact, valid, trusted and followed by allowed changes only."""
        return not self.problems


@dataclass(frozen=True)
class DocumentReport:
    """The verdict on a whole document."""

    signatures: tuple[SignatureReport, ...]
    """Every signature and document timestamp, in revision order."""
    revisions: int
    """Number of revisions (incremental updates plus the original) in the file."""
    problems: tuple[str, ...]
    """Problems of the document as a whole (e.g. unsigned trailing content)."""
    problem_kinds: tuple[str, ...] = ()
    """The sort of each of :attr:`problems`, in the same order (``modified-after-signing``,
    ``pdf-structure``, ``active-content``: values of the archive report's finding kinds)."""

    @property
    def ok(self) -> bool:
        """Every signature ok, no document-level problem.

    The last signature must cover the whole file; only validation data (a
    DSS update, as B-LTA writes after its document timestamp) may follow it.
    """
        return bool(self.signatures) and not self.problems and all(s.ok for s in self.signatures)

    def all_problems(self) -> tuple[str, ...]:
        """Document problems, then each signature's, prefixed by the field name."""
        return self.problems + tuple(
            f"{s.field_name}: {p}" for s in self.signatures for p in s.problems
        )


def signer_identity(cert: asn1_x509.Certificate) -> tuple[str | None, str | None]:
    """``(name, nip)`` from a certificate subject's common name and serialNumber."""
    subject = cert.subject.native
    return subject.get("common_name"), subject.get("serial_number")


def verify_pdf(
    pdf: bytes,
    *,
    trust_roots: Sequence[asn1_x509.Certificate],
    at: datetime | None = None,
    validation: ValidationData | None = None,
    strict: bool = False,
) -> DocumentReport:
    """Verify every signature and document timestamp of ``pdf``, offline.

    :param trust_roots: certificates a signer must chain to.
    :param at: validation time for every signature; by default the time of
        the signature's timestamp when it has one, else now.
    :param validation: extra certificates, CRLs and OCSP responses, added to
        those in the document's DSS.
    :param strict: apply the strict modification policy (:mod:`sopflow.signing.strict`): its
        difference policy for every signature, and every byte accounted for, no metadata rewritten,
        no unreferenced objects and no active content; and require revocation data for every
        signer's chain (a signer is not trusted when it is missing: hard-fail).
    :raises VerificationError: the bytes are not a readable PDF.
    """
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        embedded = sorted(reader.embedded_signatures, key=lambda e: e.signed_revision)
        revisions = reader.xrefs.total_revisions
    except (PdfError, ValueError, KeyError) as exc:
        raise VerificationError(f"not a readable PDF: {exc}", hint="is the file truncated?") from exc
    data = _merge(_dss_data(reader), validation or ValidationData())
    reports = []
    for index, sig in enumerate(embedded):
        reports.append(_verify_one(sig, trust_roots, data, at, last=index == len(embedded) - 1, strict=strict))
    problems: list[tuple[str, str]] = []
    if not reports:
        problems.append((_MODIFIED, "the document holds no signature"))
    elif strict:
        try:
            problems += [(p.kind, p.message) for p in strict_problems(reader, pdf, embedded)]
        except (PdfError, ValueError, KeyError, TypeError) as exc:
            problems.append((_MODIFIED, f"the updates after the first signature cannot be analysed: {exc}"))
    return DocumentReport(signatures=tuple(reports), revisions=revisions,
                          problems=tuple(m for _k, m in problems), problem_kinds=tuple(k for k, _m in problems))


def _verify_one(
    sig: EmbeddedPdfSignature,
    trust_roots: Sequence[asn1_x509.Certificate],
    data: ValidationData,
    at: datetime | None,
    *,
    last: bool,
    strict: bool = False,
) -> SignatureReport:
    is_ts = sig.sig_object_type == "/DocTimeStamp"
    kind = "doc_timestamp" if is_ts else "signature"
    try:
        cert = sig.signer_cert
    except Exception:  # a malformed CMS still gets its report
        cert = None
    name, nip = signer_identity(cert) if cert is not None else (None, None)
    base = dict(
        field_name=sig.field_name, kind=kind, revision=sig.signed_revision, signer_name=name,
        signer_nip=nip, cert_sha256=sha256(cert.dump()).hexdigest() if cert is not None else None,
        binding=read_binding(sig), claimed_time=_claimed_time(sig),
    )
    try:
        moment = at or _timestamp_time(sig) or datetime.now(UTC)
        policy = STRICT_DIFF_POLICY if strict else None
        vc = data.validation_context(trust_roots, moment=moment,
                                     **({"revocation_mode": "hard-fail"} if strict and not is_ts else {}))
        if is_ts:
            status: SignatureStatus = validate_pdf_timestamp(sig, validation_context=vc, diff_policy=policy)
        else:
            ts_vc = data.validation_context(trust_roots)
            status = validate_pdf_signature(sig, signer_validation_context=vc, ts_validation_context=ts_vc,
                                            diff_policy=policy)
    except Exception as exc:  # noqa: BLE001 - any failure must still be reported
        return SignatureReport(
            **base, intact=False, valid=False, trusted=False, coverage=None, modification_level=None,
            signing_time=None, timestamp_time=None,
            problems=(f"the signature cannot be validated: {exc}",),
        )
    coverage = getattr(status, "coverage", None)
    level = getattr(status, "modification_level", None)
    ts_status = getattr(status, "timestamp_validity", None)
    stamped = getattr(status, "timestamp", None)  # a document timestamp's own time
    timestamp_time = stamped if is_ts else (ts_status.timestamp if ts_status else None)
    signing_time = stamped if is_ts else getattr(status, "signer_reported_dt", None)
    problems = _problems(status, moment, coverage, level, ts_status, last=last, is_ts=is_ts)
    return SignatureReport(
        **base, intact=status.intact, valid=status.valid, trusted=status.trusted,
        coverage=coverage.name if coverage is not None else None,
        modification_level=level.name if level is not None else None,
        signing_time=signing_time, timestamp_time=timestamp_time, problems=tuple(problems),
    )


def _problems(
    status: SignatureStatus,
    moment: datetime,
    coverage: SignatureCoverageLevel | None,
    level: ModificationLevel | None,
    ts_status: SignatureStatus | None,
    *,
    last: bool,
    is_ts: bool,
) -> list[str]:
    what = "the document timestamp" if is_ts else "the signature"
    problems = []
    if not status.intact:
        problems.append(f"{what} does not match the signed content: the document was altered after signing")
    elif not status.valid:
        problems.append(f"{what} is cryptographically invalid for its certificate")
    if status.intact and status.valid and not status.trusted:
        problems.append(_trust_problem(status, moment))
    if ts_status is not None and not ts_status.trusted:
        problems.append("the signature timestamp is not valid or not from a trusted time-stamping authority")
    if coverage is None or coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        problems.append(f"{what} does not cover a whole revision of the file")
    elif last and coverage != SignatureCoverageLevel.ENTIRE_FILE and (
        level is None or level > ModificationLevel.LTA_UPDATES
    ):
        problems.append("content was appended after the last signature and no signature covers it")
    if level is not None and level > _ALLOWED_AFTER:
        kind = "annotations were added" if level == ModificationLevel.ANNOTATIONS else "the content was changed"
        refused = getattr(status, "diff_result", None)
        why = f": {refused}" if isinstance(refused, SuspiciousModification) else ""
        problems.append(f"after {what}, {kind} (modification level {level.name}){why}")
    if getattr(status, "docmdp_ok", None) is False:
        problems.append(f"changes after {what} break its document modification permissions")
    return problems


def _trust_problem(status: SignatureStatus, moment: datetime) -> str:
    cert = status.signing_cert
    when = moment.strftime("%Y-%m-%d %H:%M %Z").strip()
    details = status.revocation_details
    if details is not None:
        return f"the signer's certificate was revoked on {details.revocation_date:%Y-%m-%d}"
    if cert.not_valid_after < moment:
        return f"the signer's certificate expired on {cert.not_valid_after:%Y-%m-%d}, before {when}"
    if cert.not_valid_before > moment:
        return f"the signer's certificate is valid only from {cert.not_valid_before:%Y-%m-%d}, after {when}"
    indication = getattr(status.trust_problem_indic, "name", None)
    if indication == "CERTIFICATE_CHAIN_GENERAL_FAILURE":
        return ("the signer's certificate chain fails validation (CERTIFICATE_CHAIN_GENERAL_FAILURE): revocation "
                "data (CRL or OCSP) for it is missing, or the chain is broken")
    if status.validation_path is None or indication is None or indication in (
        "NO_CERTIFICATE_CHAIN_FOUND", "CHAIN_CONSTRAINTS_FAILURE"
    ):
        return "the signer's certificate does not chain to a trusted root"
    return f"the signer's certificate is not trusted ({indication})"


def _claimed_time(sig: EmbeddedPdfSignature) -> datetime | None:
    """``/M`` of the signature dictionary as written in the revision the signature was made in."""
    try:
        resolver = sig.reader.get_historical_resolver(sig.signed_revision)
        value = resolver.get_object(sig.sig_field.raw_get("/V").reference).get("/M")
        return parse_pdf_date(value) if value is not None else None
    except (KeyError, AttributeError, TypeError, ValueError, PdfError):
        return None


def _timestamp_time(sig: EmbeddedPdfSignature) -> datetime | None:
    """Time of the document timestamp, or of the signature's first timestamp token."""
    try:
        if sig.sig_object_type == "/DocTimeStamp":
            signed = sig.signed_data
        else:
            tokens = list(extract_tst_data_iter(sig.signer_info, signed=False))
            if not tokens:
                return None
            signed = tokens[0]
        return signed["encap_content_info"]["content"].parsed["gen_time"].native
    except (KeyError, ValueError, AttributeError, TypeError):
        return None


def _dss_data(reader: PdfFileReader) -> ValidationData:
    try:
        dss = DocumentSecurityStore.read_dss(reader)
    except NoDSSFoundError:
        return ValidationData()
    vc = dss.as_validation_context({"trust_roots": [], "allow_fetching": False})
    return ValidationData(
        certs=tuple(dss.load_certs()), crls=tuple(vc.crls), ocsps=tuple(vc.ocsps),
    )


def _merge(a: ValidationData, b: ValidationData) -> ValidationData:
    return ValidationData(certs=a.certs + b.certs, crls=a.crls + b.crls, ocsps=a.ocsps + b.ocsps)
