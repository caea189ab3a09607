"""The model pages (roster access "model"): the model library, uploading a version, `check` findings on
the diagram, the SOP document with its Bagan Arus, and starting a trial case.

Uploads are hostile input: the body is limited (:class:`~sopflow.web.security.BodyLimit`), the model is
read only by the hardened parser inside ``sopflow check``, and a refused model stores nothing.
"""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import NoMatchFound

from sopflow import messages
from sopflow.errors import ModelError, ModelRejected, SopflowError
from sopflow.runner.library import MAX_FORMS, ModelLibrary, ModelVersion, model_name_for
from sopflow.web.render import error_page, refused_post, render, require_access, require_csrf
from sopflow.web.workspace import NotFound

__all__ = ["models_page", "upload", "version_page", "version_xml", "version_form", "sop_pdf", "start_trial"]

UPLOAD_PATH = "/model"
"""Where models are uploaded (the one model page with a larger body limit)."""

UNREADABLE_RULES = frozenset({"xml-hostile", "xml-syntax", "not-bpmn", "file-unreadable"})
"""Findings after which the uploaded file is not shown as a diagram."""


def library(request: Request) -> ModelLibrary:
    """The app's model library."""
    return request.app.state.library


def models_page(request: Request) -> Response:
    """GET /model: every model with its latest version, and the upload form."""
    require_access(request, "model")
    return render(request, "models.html", {"models": library(request).list_models(), "max_forms": MAX_FORMS})


async def upload(request: Request) -> Response:
    """POST /model (multipart: ``model`` .bpmn, ``forms`` .form files, optional ``name``): save a new version."""
    user = require_access(request, "model")
    try:
        async with request.form(max_files=MAX_FORMS + 1, max_fields=8) as form:
            csrf = form.get("csrf")
            refused = require_csrf(request, user, csrf if isinstance(csrf, str) else None)
            if refused is not None:
                return refused
            model_file = form.get("model")
            if not isinstance(model_file, UploadFile) or not model_file.filename:
                return _upload_refused(request, messages.WEB_MODEL_FILE_MISSING, status=400)
            model = await model_file.read()
            forms = {}
            for item in form.getlist("forms"):
                if isinstance(item, UploadFile) and item.filename:
                    forms[_base_name(item.filename)] = await item.read()
            given = form.get("name")
            name = given.strip() if isinstance(given, str) and given.strip() else model_name_for(
                _base_name(model_file.filename))
    except HTTPException as exc:  # the multipart body does not parse, or brings too many files
        return _upload_refused(request, messages.WEB_UPLOAD_UNREADABLE.format(reason=exc.detail), status=400)
    try:
        version, _new = await run_in_threadpool(library(request).save, name, model, forms, author_nip=user.nip)
    except ModelRejected as exc:
        return _rejected(request, name, model, exc)
    except ModelError as exc:
        return _upload_refused(request, str(exc), status=400)
    return RedirectResponse(f"/model/{version.name}/v/{version.version}", status_code=303)


def _base_name(file_name: str) -> str:
    """A client's file name without any folder it names (browsers differ)."""
    return file_name.replace("\\", "/").rsplit("/", 1)[-1][:255]


def _upload_refused(request: Request, message: str, *, status: int) -> Response:
    return render(request, "models.html", {"models": library(request).list_models(), "max_forms": MAX_FORMS,
                                           "upload_error": message}, status=status)


def _rejected(request: Request, name: str, model: bytes, exc: ModelRejected) -> Response:
    """The refused upload: every finding, marked on the uploaded diagram when it can be drawn."""
    from sopflow.model.safe_xml import decode_xml

    findings = [_finding(f) for f in exc.details()]
    xml = None
    if not any(f["rule"] in UNREADABLE_RULES for f in findings):
        try:
            xml = decode_xml(model, source=f"{name}.bpmn")
        except SopflowError:
            xml = None
    return render(request, "model.html", {
        "name": name, "version": None, "versions": _versions_or_none(request, name), "findings": findings,
        "diagram_xml": xml, "refused": str(exc.message), "trials": [],
    }, status=422)


def _finding(raw: dict[str, Any]) -> dict[str, Any]:
    return {k: raw[k] for k in ("file", "line", "element_id", "rule", "severity", "message")}


def _versions_or_none(request: Request, name: str) -> list[ModelVersion]:
    try:
        return library(request).versions(name)
    except ModelError:
        return []


def _version(request: Request) -> ModelVersion:
    """The version a path names (``/model/{name}`` is the latest).

    :raises NotFound: no such model or version.
    """
    name = request.path_params["name"]
    number = request.path_params.get("number")
    try:
        return library(request).version(name, number)
    except ModelError:
        raise NotFound(name) from None


def version_page(request: Request) -> Response:
    """GET /model/{name} and /model/{name}/v/{number}: a version, its findings on the diagram, its versions."""
    require_access(request, "model")
    version = _version(request)
    trials = request.app.state.trials.cases_of(version.sha256)
    authors = {v.author_nip: request.app.state.workspace.official(v.author_nip)
               for v in library(request).versions(version.name) if v.author_nip}
    return render(request, "model.html", {
        "name": version.name, "version": version, "versions": library(request).versions(version.name),
        "findings": [_finding(w) for w in version.warnings], "diagram_xml": None, "refused": None,
        "trials": trials, "authors": authors, "editor_url": _editor_url(request, version.name),
    })


def _editor_url(request: Request, name: str) -> str | None:
    """The in-browser modeller's page for a model, when the app has one (route ``model_editor``)."""
    try:
        return str(request.app.url_path_for("model_editor", name=name))
    except NoMatchFound:
        return None


def version_xml(request: Request) -> Response:
    """GET /model/{name}/v/{number}/model.bpmn: the version's model file (``?unduh=1`` to download)."""
    require_access(request, "model")
    version = _version(request)
    data = library(request).files(version)[f"model/{version.model_file}"]
    return _file(request, data, "application/xml", f"{version.name}-v{version.version}.bpmn")


def version_form(request: Request) -> Response:
    """GET /model/{name}/v/{number}/formulir/{key}.form: one of the version's forms."""
    require_access(request, "model")
    version = _version(request)
    path = f"forms/{request.path_params['key']}.form"
    if path not in version.files:
        raise NotFound(path)
    return _file(request, library(request).files(version)[path], "application/json", path.split("/")[1])


def sop_pdf(request: Request) -> Response:
    """GET /model/{name}/v/{number}/sop.pdf: the SOP document with its Bagan Arus, as `sopflow sop render`."""
    from sopflow.model.profile import parse_model
    from sopflow.sopdoc import build_sop_document

    require_access(request, "model")
    version = _version(request)
    xml = library(request).files(version)[f"model/{version.model_file}"]
    try:
        pdf = build_sop_document(parse_model(xml, source=version.model_file)).pdf
    except SopflowError as exc:
        return error_page(request, 422, messages.WEB_SOP_RENDER_FAILED_TITLE, str(exc))
    return _file(request, pdf, "application/pdf", f"SOP-{version.name}-v{version.version}.pdf")


def _file(request: Request, data: bytes, media_type: str, file_name: str) -> Response:
    disposition = "attachment" if request.query_params.get("unduh") else "inline"
    return Response(data, media_type=media_type,
                    headers={"content-disposition": f'{disposition}; filename="{file_name}"'})


async def start_trial(request: Request) -> Response:
    """POST /model/{name}/v/{number}/uji-coba: start a trial case of the version with test keys."""
    refused = await refused_post(request, "model")
    if refused is not None:
        return refused
    version = _version(request)
    try:
        case_id = await run_in_threadpool(request.app.state.trials.start, library(request), version.name,
                                          version.version)
    except SopflowError as exc:
        return error_page(request, 422, messages.WEB_TRIAL_FAILED_TITLE, str(exc))
    return RedirectResponse(f"/uji-coba/{case_id}", status_code=303)
