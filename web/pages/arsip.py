"""Arsip: archivists verify an uploaded or a finished case, download the report (JSON, sealed PDF) and export cases.

Every page needs the roster's "arsip" access. Only ended cases (completed or
cancelled) can be picked or exported; any other id answers 404 like an unknown
one. An upload is streamed into a per-request scratch folder, unpacked there
with :func:`sopflow.archive.bag_zip.extract_bag_zip`, and verified off the
event loop (:class:`~sopflow.web.verifications.Verifications`); the folder is
removed when the run ends. Trust roots are the deployment roster's, never the
archive's own.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from sqlalchemy import select
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response

from sopflow import messages
from sopflow.archive.bag_zip import ArchiveUploadError, ZipLimits, extract_bag_zip, write_bag_zip
from sopflow.archive.export import export_case
from sopflow.archive.report_pdf import sealed_report_pdf
from sopflow.archive.report_view import report_view
from sopflow.archive.verify import verify_case
from sopflow.errors import SopflowError
from sopflow.runner.cases import CaseService
from sopflow.runner.store import CaseRow
from sopflow.web.accounts import security_log
from sopflow.web.config import WebConfig
from sopflow.web.render import client_address, error_page, render, require_access, require_csrf
from sopflow.web.security import csrf_ok
from sopflow.web.uploads import UploadRefused, receive_upload
from sopflow.web.verifications import Verification, Verifications
from sopflow.web.workspace import NotFound, Workspace

__all__ = ["UPLOAD_PATH", "arsip_page", "upload", "check_case", "report_page", "report_status", "report_json",
           "report_pdf", "export_zip"]

UPLOAD_PATH = "/arsip/unggah"
"""The one route that takes an upload (its body limit is ``WebConfig.max_upload_bytes``)."""
ENDED = ("completed", "cancelled")
"""Case statuses an archivist can verify and export."""
LISTED = 50
"""Ended cases listed on the page (newest first; the search narrows them)."""


def _scratch(config: WebConfig) -> Path:
    return Path(tempfile.mkdtemp(prefix="sopflow-arsip-", dir=config.scratch_dir))


def _ended_case(workspace: Workspace, case_id: str) -> CaseRow:
    """The case, if it has ended.

    :raises NotFound: no such case, or still running.
    """
    if len(case_id) > 64:
        raise NotFound(case_id)
    with workspace.service.store.session() as db:
        row = db.get(CaseRow, case_id)
    if row is None or row.status not in ENDED:
        raise NotFound(case_id)
    return row


def arsip_page(request: Request) -> Response:
    """GET /arsip: upload form, the ended cases of this server, the archivist's recent runs."""
    user = require_access(request, "arsip")
    workspace: Workspace = request.app.state.workspace
    query = request.query_params.get("cari", "").strip()[:64]
    statement = select(CaseRow.id, CaseRow.sop_number, CaseRow.sop_title, CaseRow.status, CaseRow.completed_at,
                       CaseRow.journal_length).where(CaseRow.status.in_(ENDED))
    if query:
        statement = statement.where(CaseRow.id.contains(query, autoescape=True))
    with workspace.service.store.session() as db:
        cases = db.execute(statement.order_by(CaseRow.completed_at.desc()).limit(LISTED)).all()
    return render(request, "arsip.html", {
        "cases": cases, "query": query, "runs": request.app.state.verifications.recent(user.nip),
        "limit_mib": request.app.state.config.max_upload_bytes // 1024**2,
    })


def _busy(request: Request, nip: str) -> Response | None:
    runs: Verifications = request.app.state.verifications
    count = runs.running(nip)
    if count >= runs.per_user:
        return error_page(request, 429, messages.ARSIP_REPORT_TITLE, messages.ARSIP_UPLOAD_BUSY.format(count=count))
    return None


def _verified(archive: Path, trust: list[Path], source: str) -> dict[str, Any]:
    """The report's JSON data, naming what was verified instead of the scratch folder."""
    data = verify_case(archive, trust).to_dict()
    data["path"] = source
    return data


def _exported_and_verified(service: CaseService, case_id: str, scratch: Path, trust: list[Path],
                           source: str) -> dict[str, Any]:
    return _verified(export_case(service, case_id, scratch / case_id), trust, source)


async def upload(request: Request) -> Response:
    """POST /arsip/unggah: an exported case as a zip (field ``arsip``) -> a verification run."""
    user = require_access(request, "arsip")
    config: WebConfig = request.app.state.config
    busy = _busy(request, user.nip)
    if busy:
        return busy
    scratch = _scratch(config)

    def accept(fields: dict[str, str]) -> bool:
        return csrf_ok(request, user.session.csrf, fields.get("csrf") or request.headers.get("x-csrf-token"))

    try:
        received = await receive_upload(request, scratch / "unggahan.zip", file_field="arsip",
                                        limit=config.max_upload_bytes, accept=accept)
        if not accept(received.fields):
            raise UploadRefused(403, messages.WEB_CSRF)
        if not received.filename or not received.size:
            raise UploadRefused(400, messages.ARSIP_UPLOAD_MISSING)
        (scratch / "bag").mkdir()
        limits = ZipLimits(max_entries=config.max_zip_entries, max_unpacked=config.max_unpacked_bytes,
                           max_ratio=config.max_zip_ratio)
        bag = await run_in_threadpool(partial(extract_bag_zip, scratch / "unggahan.zip", scratch / "bag", limits,
                                              name=received.filename))
        (scratch / "unggahan.zip").unlink()
    except UploadRefused as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        if exc.status == 403:
            security_log.warning("upload without valid CSRF token refused: %s (NIP %s, from %s)",
                                 request.url.path, user.nip, client_address(request))
        title = messages.WEB_CSRF_TITLE if exc.status == 403 else messages.WEB_BAD_REQUEST_TITLE
        return error_page(request, exc.status, title, exc.message)
    except ArchiveUploadError as exc:
        shutil.rmtree(scratch, ignore_errors=True)
        return error_page(request, 422, messages.WEB_BAD_REQUEST_TITLE, exc.message)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    source = f"unggahan {received.filename}"
    trust = list(request.app.state.workspace.roster.trust_roots)
    run_id = request.app.state.verifications.start(user.nip, source, partial(_verified, bag, trust, source),
                                                   scratch=scratch)
    return RedirectResponse(f"/arsip/laporan/{run_id}", status_code=303)


async def check_case(request: Request) -> Response:
    """POST /arsip/kasus/{case_id}/periksa: verify an ended case of this server, exported as it would be."""
    user = require_access(request, "arsip")
    form = await request.form()
    refused = require_csrf(request, user, str(form.get("csrf") or ""))
    if refused:
        return refused
    workspace: Workspace = request.app.state.workspace
    case_id = request.path_params["case_id"]
    _ended_case(workspace, case_id)
    busy = _busy(request, user.nip)
    if busy:
        return busy
    scratch = _scratch(request.app.state.config)
    source = f"kasus {case_id}"
    work = partial(_exported_and_verified, workspace.service, case_id, scratch, list(workspace.roster.trust_roots),
                   source)
    run_id = request.app.state.verifications.start(user.nip, source, work, scratch=scratch)
    return RedirectResponse(f"/arsip/laporan/{run_id}", status_code=303)


def _run(request: Request) -> Verification:
    user = require_access(request, "arsip")
    run = request.app.state.verifications.get(user.nip, request.path_params["run_id"])
    if run is None:
        raise NotFound(request.path_params["run_id"])
    return run


def _context(run: Verification) -> dict[str, Any]:
    elapsed = int((datetime.now(UTC) - run.started_at).total_seconds())
    return {"run": run, "view": report_view(run.report) if run.report else None, "elapsed": max(0, elapsed)}


def report_page(request: Request) -> Response:
    """GET /arsip/laporan/{run_id}: the report, or a waiting state that polls for it."""
    return render(request, "arsip_report.html", _context(_run(request)))


def report_status(request: Request) -> Response:
    """GET /arsip/laporan/{run_id}/hasil: the result part of the page (htmx polls it while the run waits)."""
    return render(request, "_arsip_result.html", _context(_run(request)))


def _finished(run: Verification) -> dict[str, Any]:
    if run.report is None:
        raise NotFound(run.id)
    return run.report


def report_json(request: Request) -> Response:
    """GET /arsip/laporan/{run_id}/laporan.json: the report's data, as ``sopflow verify --json`` gives it."""
    run = _run(request)
    data = _finished(run)
    return JSONResponse(data, headers={
        "content-disposition": f'attachment; filename="verifikasi-{_file_part(data)}.json"'})


async def report_pdf(request: Request) -> Response:
    """GET /arsip/laporan/{run_id}/laporan.pdf: the report sealed with the unit's seal."""
    run = _run(request)
    data = _finished(run)
    try:
        pdf = await run_in_threadpool(sealed_report_pdf, data, roster=request.app.state.workspace.roster,
                                      source=run.source, checked_at=run.finished_at or run.started_at)
    except SopflowError as exc:
        return error_page(request, 503, messages.ARSIP_REPORT_TITLE, exc.message)
    return Response(pdf, media_type="application/pdf", headers={
        "content-disposition": f'attachment; filename="verifikasi-{_file_part(data)}.pdf"'})


def _file_part(data: dict[str, Any]) -> str:
    case_id = str(data.get("case_id") or "arsip")
    return "".join(c for c in case_id if c.isascii() and (c.isalnum() or c in "-_."))[:64] or "arsip"


async def export_zip(request: Request) -> Response:
    """GET /arsip/kasus/{case_id}/arsip.zip: an ended case as a zip of its bag (as ``sopflow case export``)."""
    require_access(request, "arsip")
    workspace: Workspace = request.app.state.workspace
    case_id = request.path_params["case_id"]
    _ended_case(workspace, case_id)
    scratch = _scratch(request.app.state.config)
    try:
        zipped = await run_in_threadpool(_export_zip, workspace.service, case_id, scratch)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return FileResponse(zipped, media_type="application/zip", filename=f"{case_id}.zip",
                        background=BackgroundTask(shutil.rmtree, scratch, ignore_errors=True))


def _export_zip(service: CaseService, case_id: str, scratch: Path) -> Path:
    bag = export_case(service, case_id, scratch / case_id)
    return write_bag_zip(bag, scratch / f"{case_id}.zip", top=case_id)
