"""The model editor: bpmn-js Modeler, Camunda properties panel, sopflow's element templates, form-js editor.

Saving hands the edited BPMN and forms to the model library, which runs
``sopflow check`` and keeps a new version only when it finds no error; the
findings come back to be marked on the diagram. A rejected save stores
nothing. Cases snapshot their model when they start, so a version applies to
new cases only. Analysts need the roster's ``model`` access.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from sopflow import messages
from sopflow.errors import ModelError, ModelRejected
from sopflow.model.check import Finding
from sopflow.model.forms import MAX_FORM_BYTES, is_form_key
from sopflow.model.profile import parse_model
from sopflow.model.safe_xml import MAX_MODEL_BYTES, decode_xml
from sopflow.modeler import element_templates
from sopflow.modeler.scaffold import form_for_task
from sopflow.runner.library import ModelLibrary, ModelVersion
from sopflow.web.render import error_page, render, require_access, require_csrf
from sopflow.web.security import EDITOR_CSP
from sopflow.web.workspace import NotFound

SAVE_PATH = "/model/{name}/ubah"
"""Where the editor saves (POST); its body limit is the model upload's, not the pages' 256 KiB."""

__all__ = ["editor_page", "save", "scaffold_form"]

ACCESS = "model"
"""The roster access the editor needs."""


def _finding(finding: Finding) -> dict[str, Any]:
    return {"element_id": finding.element_id, "severity": finding.severity, "rule": finding.rule,
            "message": finding.message, "line": finding.line, "file": PurePosixPath(finding.file).name}


def editor_page(request: Request) -> Response:
    """GET /model/{name}/ubah: the latest version in the editor."""
    user = require_access(request, ACCESS)
    name = request.path_params["name"]
    opened = _open(request, name)
    latest = opened.version
    data = {
        "bpmn": decode_xml(opened.bpmn, source=f"{name}.bpmn").lstrip("\ufeff"),  # as the checker read it
        "forms": {key: json.loads(raw.decode("utf-8-sig")) for key, raw in opened.forms.items()},
        "templates": element_templates(),
        "version": latest.version,
        "findings": list(latest.warnings),
        "csrf": user.session.csrf,
        "saveUrl": f"/model/{name}/ubah",
        "scaffoldUrl": f"/model/{name}/ubah/kerangka-formulir",
        "versionUrl": f"/model/{name}/v/",
    }
    page = render(request, "modeller.html", {
        "name": name, "version": latest.version, "sop_number": latest.sop_number, "sop_title": latest.sop_title,
        "model_url": f"/model/{name}", "data": data,
    })
    page.headers["content-security-policy"] = EDITOR_CSP
    return page


async def _json_body(request: Request) -> dict[str, Any] | Response:
    """The posted JSON object, or the response refusing the request (CSRF, content type, syntax)."""
    user = require_access(request, ACCESS)
    refused = require_csrf(request, user, None)
    if refused is not None:
        return refused
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return error_page(request, 415, messages.WEB_NOT_JSON_TYPE_TITLE, messages.WEB_NOT_JSON_TYPE)
    try:
        body = json.loads(await request.body())
    except (ValueError, RecursionError):
        return error_page(request, 400, messages.WEB_UNREADABLE_TITLE, messages.WEB_NOT_JSON)
    if not isinstance(body, dict) or not isinstance(body.get("bpmn"), str):
        return _refused(400, messages.EDITOR_BAD_REQUEST)
    return body


def _refused(status: int, message: str, findings: list[dict[str, Any]] | None = None) -> JSONResponse:
    return JSONResponse({"ok": False, "message": message, "findings": findings or []}, status_code=status)


def _files(body: dict[str, Any]) -> tuple[bytes, dict[str, bytes]] | JSONResponse:
    """The model's bytes and each form's bytes, as the library stores them, or the refusal."""
    forms = body.get("forms", {})
    if not isinstance(forms, dict) or not all(isinstance(f, dict) for f in forms.values()):
        return _refused(400, messages.EDITOR_BAD_REQUEST)
    bad_key = next((key for key in forms if not is_form_key(key)), None)
    if bad_key is not None:
        return _refused(400, messages.EDITOR_BAD_FORM_KEY.format(key=bad_key[:80]))
    try:  # a lone surrogate ("\ud800") is valid JSON but no UTF-8; nesting deep enough stops the encoder
        bpmn = body["bpmn"].encode("utf-8")
        encoded = {key: (json.dumps(schema, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
                   for key, schema in forms.items()}
    except (UnicodeEncodeError, RecursionError):
        return _refused(400, messages.EDITOR_BAD_REQUEST)
    if len(bpmn) > MAX_MODEL_BYTES or any(len(data) > MAX_FORM_BYTES for data in encoded.values()):
        return _refused(413, messages.WEB_TOO_LARGE)
    return bpmn, encoded


async def save(request: Request) -> Response:
    """POST /model/{name}/ubah: check the edited model and forms; a new version when check finds no error."""
    user = require_access(request, ACCESS)  # before the body is read: the save's body limit is large
    body = await _json_body(request)
    if isinstance(body, Response):
        return body
    files = _files(body)
    if isinstance(files, Response):
        return files
    bpmn, forms = files
    name = request.path_params["name"]
    latest = await run_in_threadpool(_latest_number, request, name)
    opened = body.get("version")
    if isinstance(opened, int) and opened != latest:
        return _refused(409, messages.EDITOR_STALE.format(latest=latest, opened=opened))
    library = _library(request)
    try:
        saved, created = await run_in_threadpool(
            lambda: library.save(name, bpmn, {f"{key}.form": data for key, data in forms.items()},
                                 author_nip=user.nip))
    except ModelRejected as exc:
        findings = [_finding(f) for f in exc.findings]
        errors = sum(1 for f in exc.findings if f.severity == "error")
        return _refused(422, messages.EDITOR_REJECTED.format(errors=errors, version=latest), findings)
    except ModelError as exc:
        return _refused(422, messages.EDITOR_UNREADABLE.format(detail=exc.message))
    message = (messages.EDITOR_SAVED if created else messages.EDITOR_UNCHANGED).format(version=saved.version)
    return JSONResponse({"ok": True, "version": saved.version, "created": created, "message": message,
                         "findings": list(saved.warnings)})


async def scaffold_form(request: Request) -> Response:
    """POST /model/{name}/ubah/kerangka-formulir: a task's form scaffolded from the diagram being edited."""
    body = await _json_body(request)
    if isinstance(body, Response):
        return body
    task_id = body.get("task")
    bpmn = body["bpmn"].encode("utf-8", errors="replace")  # the checker reports what a save would refuse
    if not isinstance(task_id, str) or len(bpmn) > MAX_MODEL_BYTES:
        return _refused(400, messages.EDITOR_BAD_REQUEST)
    try:
        model = await run_in_threadpool(parse_model, bpmn, source=f"{request.path_params['name']}.bpmn")
    except ModelError as exc:
        return _refused(422, messages.EDITOR_SCAFFOLD_FAILED.format(detail=exc.message))
    task = model.tasks.get(task_id)
    if task is None:
        return _refused(422, messages.EDITOR_NO_TASK.format(task=task_id[:80]))
    return JSONResponse({"ok": True, "form": form_for_task(model, task)})


# -- the model library --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Opened:
    """A version as the editor opens it."""

    version: ModelVersion
    bpmn: bytes
    forms: dict[str, bytes]


def _library(request: Request) -> ModelLibrary:
    service = request.app.state.workspace.service
    return ModelLibrary(service.store, clock=service.clock)


def _open(request: Request, name: str) -> _Opened:
    """The latest version of a library model with its files.

    :raises NotFound: no such model.
    """
    library = _library(request)
    try:
        latest = library.version(name)
    except ModelError:
        raise NotFound(name) from None
    files = library.files(latest)
    forms = {path[len("forms/"):-len(".form")]: data for path, data in files.items() if path.startswith("forms/")}
    return _Opened(latest, files[f"model/{latest.model_file}"], forms)


def _latest_number(request: Request, name: str) -> int:
    try:
        return _library(request).version(name).version
    except ModelError:
        raise NotFound(name) from None
