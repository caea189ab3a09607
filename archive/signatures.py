"""Signature verification of many PDF files at once, on every core, each in a bounded worker.

Each file is verified on its own (:func:`sopflow.signing.verify_pdf`) in a
worker process, so the work spreads over the cores and a hostile PDF cannot
take the verifier down with it: a worker reads its file through
:class:`~sopflow.archive.bag_files.BagFiles`, refuses a file with more than
:data:`MAX_PDF_OBJECTS` objects or :data:`MAX_PDF_REVISIONS` revisions before
parsing it, runs under an address-space limit of :data:`WORKER_MEMORY`
bytes, and is killed after :data:`PDF_SECONDS`; all files together get
:data:`TOTAL_SECONDS` plus :data:`SECONDS_PER_FILE` for each file per worker
(time grows with the number of revisions, as for any archive, never
without bound). Whatever goes wrong in a worker (an exception of the PDF
parser, a recursion or memory error, a killed worker) becomes that
file's verdict, never an exception of the verifier.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import resource
import threading
import time
from collections.abc import Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509
from pebble import ProcessExpired, ProcessPool

from sopflow.archive.bag_files import LIMITS, BagFileError, BagFiles
from sopflow.archive.report import Finding, Kind
from sopflow.archive.validation import from_der
from sopflow.errors import VerificationError
from sopflow.signing import DocumentReport, SignatureReport, verify_pdf

__all__ = ["MAX_PDF_OBJECTS", "MAX_PDF_REVISIONS", "PDF_SECONDS", "SECONDS_PER_FILE", "TOTAL_SECONDS",
           "WORKER_MEMORY", "FileVerdict", "verify_files", "reason_kind", "document_findings"]

MAX_PDF_OBJECTS = 50_000
"""Most ``obj`` definitions a PDF may hold (a signed naskah dinas holds a few hundred)."""
MAX_PDF_REVISIONS = 1_000
"""Most revisions (``startxref`` sections) a PDF may hold (one or two per signature)."""
PDF_SECONDS = 15.0
"""Time allowed to verify one PDF."""
TOTAL_SECONDS = 20.0
"""Time allowed to verify the PDFs of an archive, besides :data:`SECONDS_PER_FILE`; files still
waiting then are not verified."""
SECONDS_PER_FILE = 3.0
"""Time added to :data:`TOTAL_SECONDS` for each file per worker (a busy machine verifies a
signed revision in well under a second)."""
WORKER_MEMORY = 768 * 1024**2
"""Address space of a verifying worker (``RLIMIT_AS``); its resident memory stays far below."""

_Der = tuple[tuple[bytes, ...], tuple[bytes, ...], tuple[bytes, ...]]
_OBJECT = re.compile(rb"\sobj\b")


@dataclass(frozen=True)
class FileVerdict:
    """The signature report of one file, or why it could not be verified."""

    report: DocumentReport | None
    """Every signature in the file; ``None`` when the file is not a readable PDF."""
    error: str | None
    """Why the file could not be verified at all."""
    kind: Kind = Kind.UNREADABLE
    """The sort of problem when ``error`` is set (``unreadable``, ``unsafe-file``, ``too-large``,
    ``resource-limit`` ...)."""


def _limit_memory(limit: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = limit if soft == resource.RLIM_INFINITY else min(soft, limit)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))


def _structure_problem(data: bytes) -> str | None:
    objects = sum(1 for _ in _OBJECT.finditer(data))
    if objects > MAX_PDF_OBJECTS:
        return f"the PDF defines {objects} objects, more than the {MAX_PDF_OBJECTS} verified"
    revisions = data.count(b"startxref")
    if revisions > MAX_PDF_REVISIONS:
        return f"the PDF has {revisions} revisions, more than the {MAX_PDF_REVISIONS} verified"
    return None


def _verify_one(root: str, name: str, roots_der: tuple[bytes, ...], validation: _Der) -> FileVerdict:
    try:
        data = BagFiles(Path(root)).read(name, limit=LIMITS["pdf"])
    except BagFileError as exc:
        return FileVerdict(report=None, error=exc.message, kind=exc.kind)
    problem = _structure_problem(data)
    if problem:
        return FileVerdict(report=None, error=problem, kind=Kind.TOO_LARGE)
    try:
        roots = [x509.Certificate.load(der) for der in roots_der]
        report = verify_pdf(data, trust_roots=roots, validation=from_der(validation), strict=True)
        return FileVerdict(report=report, error=None)
    except VerificationError as exc:
        return FileVerdict(report=None, error=str(exc))
    except MemoryError:
        return FileVerdict(report=None, error=f"verifying the PDF needs more than {WORKER_MEMORY} bytes of "
                                              f"memory", kind=Kind.RESOURCE_LIMIT)
    except RecursionError:
        return FileVerdict(report=None, error="the PDF is nested too deeply to be read", kind=Kind.RESOURCE_LIMIT)
    except Exception as exc:  # noqa: BLE001 - whatever a hostile PDF makes the parser raise is a verdict
        return FileVerdict(report=None, error=f"the PDF cannot be read ({type(exc).__name__}: {exc})")


def verify_files(
    bag: BagFiles,
    names: Sequence[str],
    roots: Sequence[x509.Certificate],
    *,
    validation: _Der = ((), (), ()),
    workers: int | None = None,
) -> dict[str, FileVerdict]:
    """Verify every file (payload-relative ``names``) against ``roots``.

    :param validation: DER certificates, CRLs and OCSP responses for revocation
        checks (see :func:`sopflow.archive.validation.validation_der`).
    :param workers: worker processes; ``None`` means one per core.
    """
    if not names:
        return {}
    roots_der = tuple(root.dump() for root in roots)
    workers = min(workers or os.cpu_count() or 1, len(names))
    budget = TOTAL_SECONDS + SECONDS_PER_FILE * len(names) / workers
    deadline = time.monotonic() + budget
    verdicts: dict[str, FileVerdict] = {}
    pool = ProcessPool(max_workers=workers, initializer=_limit_memory, initargs=(WORKER_MEMORY,),
                       context=_worker_context())
    try:
        futures = {name: pool.submit(_verify_one, PDF_SECONDS, str(bag.root), name, roots_der, validation)
                   for name in names}
        for name, future in futures.items():
            try:
                verdicts[name] = future.result(timeout=max(0.0, deadline - time.monotonic()))
            except FutureTimeout:
                what = (f"verifying the PDF took longer than {PDF_SECONDS:g} s" if future.done() else
                        f"not verified: verifying the archive's PDFs took longer than {budget:.0f} s")
                verdicts[name] = FileVerdict(report=None, error=what, kind=Kind.RESOURCE_LIMIT)
                future.cancel()
            except ProcessExpired as exc:
                verdicts[name] = FileVerdict(report=None, error=f"the verifying process died ({exc}); the PDF "
                                                                f"exhausts a resource limit", kind=Kind.RESOURCE_LIMIT)
    finally:
        pool.stop()
        pool.join()
    return verdicts


def _worker_context() -> multiprocessing.context.BaseContext:
    """How workers start: forked from a single-threaded process (the CLI), else from a fork server.

    Forking a process with other threads (the web server, a test run driving a browser) can hand the
    worker a lock another thread held; a fork server is a clean single-threaded parent, started once,
    with the verifier already imported.
    """
    if threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])
    return context


def problem_kind(report: DocumentReport, index: int) -> Kind:
    """The kind of the document problem ``report.problems[index]`` (``modified-after-signing`` by default)."""
    try:
        return Kind(report.problem_kinds[index])
    except (IndexError, ValueError):
        return Kind.MODIFIED_AFTER_SIGNING


def document_findings(report: DocumentReport, rel: str) -> list[Finding]:
    """The problems of the document as a whole, as findings naming the file ``rel``."""
    return [Finding(problem_kind(report, i), f"{rel}: {p}") for i, p in enumerate(report.problems)]


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
