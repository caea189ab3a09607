"""A task: its form (form-js), the document to act on, the preview (pdf.js), and the signature.

Completing goes through :func:`sopflow.runner.completion.complete_task`, as on
the command line; the official's passphrase or PIN unlocks their key for that
one completion and is never stored or logged.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sopflow import messages
from sopflow.errors import CaseError, FormDataError, RoleError, SecretRejected, SigningError, TaskAlreadyCompleted
from sopflow.runner.cases import TaskView
from sopflow.runner.completion import complete_task
from sopflow.runner.preview import preview_task
from sopflow.signing import open_signer
from sopflow.web.accounts import security_log
from sopflow.web.render import User, client_address, error_page, render, require_csrf, require_user
from sopflow.web.workspace import Workspace

__all__ = ["task_page", "preview", "complete"]

MAX_SECRET_LENGTH = 1024
"""Longest passphrase or PIN accepted."""


def _stale(request: Request, case_id: str) -> Response:
    return error_page(request, 409, messages.WEB_STALE_TITLE, messages.WEB_STALE.format(case=case_id))


def task_page(request: Request) -> Response:
    """GET /kasus/{case_id}/tugas/{task_id}."""
    user = require_user(request)
    workspace: Workspace = request.app.state.workspace
    case_id, task_id = request.path_params["case_id"], request.path_params["task_id"]
    try:
        view = workspace.task(user.nip, case_id, task_id)
    except TaskAlreadyCompleted:
        return _stale(request, case_id)
    service = workspace.service
    journal = service.journal(case_id)
    schema = _form_schema(workspace, view)
    earlier = [e for e in journal if e["task"]["spec"] == view.spec_id]
    initial = earlier[-1]["data"] if earlier and schema else (
        service.form_of(case_id, view.form_key).defaults() if view.form_key else {})
    revisions = [e for e in journal if view.document and e["document"] == view.document]
    return render(request, "task.html", {
        "task": view, "case": service.summary(case_id), "schema": schema, "initial": initial,
        "revisions": revisions, "returned": bool(earlier), "zone": service.model_of(case_id).time_zone,
        "token": workspace.signs_with_token(user.nip, view.role or ""),
    })


def _form_schema(workspace: Workspace, view: TaskView) -> dict[str, Any] | None:
    """The case's own copy of the task's Camunda Form, as the form-js viewer reads it."""
    if not view.form_key:
        return None
    workspace.service.form_of(view.case_id, view.form_key)  # checks it parses under the profile's rules
    return json.loads(workspace.service.form_bytes(view.case_id, view.form_key).decode("utf-8-sig"))


async def _submission(request: Request) -> tuple[User, TaskView, dict[str, Any], dict[str, Any]] | Response:
    """The official, their task and the posted JSON, or the response refusing the request."""
    user = require_user(request)
    refused = require_csrf(request, user, None)
    if refused is not None:
        return refused
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return error_page(request, 415, messages.WEB_NOT_JSON_TYPE_TITLE, messages.WEB_NOT_JSON_TYPE)
    case_id, task_id = request.path_params["case_id"], request.path_params["task_id"]
    workspace: Workspace = request.app.state.workspace
    try:
        view = await run_in_threadpool(workspace.task, user.nip, case_id, task_id)
    except TaskAlreadyCompleted:
        return _stale(request, case_id)
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError):
        return error_page(request, 400, messages.WEB_UNREADABLE_TITLE, messages.WEB_NOT_JSON)
    data = body.get("data", {}) if isinstance(body, dict) else None
    if not isinstance(data, dict):
        return error_page(request, 400, messages.WEB_UNREADABLE_TITLE, messages.WEB_NOT_OBJECT)
    return user, view, data, body


def _field_error(exc: FormDataError) -> Response:
    return JSONResponse({"title": messages.WEB_FIELD_TITLE, "field": exc.where, "message": exc.message,
                         "hint": exc.hint}, status_code=422)


async def preview(request: Request) -> Response:
    """POST .../pratinjau: the PDF the signature will be added to, rendered from the posted form data."""
    got = await _submission(request)
    if isinstance(got, Response):
        return got
    _user, view, data, _body = got
    try:
        result = await run_in_threadpool(preview_task, request.app.state.workspace.service, view.case_id, view.id,
                                         data)
    except FormDataError as exc:
        return _field_error(exc)
    except TaskAlreadyCompleted:
        return _stale(request, view.case_id)
    except CaseError as exc:
        return error_page(request, 409, messages.WEB_PREVIEW_FAILED_TITLE, exc.message)
    return Response(result.pdf, media_type="application/pdf", headers={
        "content-disposition": f'inline; filename="{result.document}-r{result.revision}-pratinjau.pdf"',
        "x-sopflow-revision": str(result.revision),
    })


class _WrongSecret(Exception):
    """The passphrase or PIN did not unlock the key."""


async def complete(request: Request) -> Response:
    """POST .../selesaikan: unlock the official's key with their passphrase or PIN, sign, complete."""
    got = await _submission(request)
    if isinstance(got, Response):
        return got
    user, view, data, body = got
    secret = body.get("secret")
    if not isinstance(secret, str) or not secret or len(secret) > MAX_SECRET_LENGTH:
        return JSONResponse({"title": messages.WEB_SECRET_NEEDED_TITLE, "field": "secret",
                             "message": messages.WEB_SECRET_NEEDED}, status_code=422)
    accounts = request.app.state.accounts
    claim = await run_in_threadpool(accounts.claim_attempt, f"key:{user.nip}")
    if claim is None:
        security_log.warning("signing refused, too many wrong passphrases (NIP %s, from %s)", user.nip,
                             client_address(request))
        return error_page(request, 429, messages.WEB_SECRET_LOCKED_TITLE, messages.WEB_SECRET_LOCKED)
    try:
        response = await _sign(request, user, view, data, secret)
    except _WrongSecret:  # the claim stays: it is the failure
        security_log.warning("wrong key passphrase or PIN (NIP %s, task %s/%s, from %s)", user.nip, view.case_id,
                             view.id, client_address(request))
        return JSONResponse({"title": messages.WEB_SECRET_WRONG_TITLE, "field": "secret",
                             "message": messages.WEB_SECRET_WRONG}, status_code=422)
    except BaseException:
        accounts.withdraw(claim)
        raise
    accounts.withdraw(claim)  # no wrong secret (a success has cleared the key's failures already)
    return response


async def _sign(request: Request, user: User, view: TaskView, data: dict[str, Any], secret: str) -> Response:
    """Unlock the key and complete the task; raises :class:`_WrongSecret`."""
    workspace: Workspace = request.app.state.workspace
    accounts = request.app.state.accounts
    keys = (f"key:{user.nip}",)
    spec = workspace.signer_spec(user.nip, view.role or "", secret)

    def run() -> Any:
        with ExitStack() as stack:
            try:
                signer = stack.enter_context(open_signer(spec))
            except SecretRejected:
                raise _WrongSecret() from None
            return complete_task(workspace.service, view.case_id, view.id, data, signer)

    try:
        done = await run_in_threadpool(run)
    except FormDataError as exc:
        return _field_error(exc)
    except TaskAlreadyCompleted:
        return _stale(request, view.case_id)
    except RoleError as exc:
        security_log.warning("signer does not hold the role (NIP %s, task %s/%s)", user.nip, view.case_id, view.id)
        return error_page(request, 403, messages.WEB_WRONG_OFFICIAL_TITLE, exc.message)
    except (CaseError, SigningError) as exc:
        return error_page(request, 409, messages.WEB_COMPLETE_FAILED_TITLE, exc.message)
    accounts.clear_failures(*keys)
    security_log.info("task completed (NIP %s, task %s/%s, %s r%d)", user.nip, view.case_id, view.id, done.document,
                      done.revision)
    return JSONResponse({"ok": True, "redirect": f"/?selesai={done.case_id}", "document": done.document,
                         "revision": done.revision, "nomor": done.nomor, "case_completed": done.case_completed})
