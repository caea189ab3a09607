"""The ASGI app: routes, middleware, templates and the shared objects every page uses."""

from __future__ import annotations

import logging
from http import HTTPStatus
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from sopflow import messages
from sopflow.demo.trial import TrialArea
from sopflow.logs import LIBRARY_LOGGERS
from sopflow.runner.cases import CaseService
from sopflow.runner.clock import clock_from_env
from sopflow.runner.library import ModelLibrary
from sopflow.runner.roster import Roster
from sopflow.web import formatting
from sopflow.web.accounts import Accounts
from sopflow.web.config import WebConfig
from sopflow.web.pages import arsip, auth, case, inbox, model, modeller, task, trial
from sopflow.web.render import LoginRequired, error_page, login_redirect
from sopflow.web.security import BodyLimit, SecurityHeaders
from sopflow.web.verifications import Verifications
from sopflow.web.workspace import NotFound, Workspace

__all__ = ["create_app", "worker_app", "configure_logging"]

HERE = Path(__file__).parent
TRIAL_FOLDER = "uji-coba"
"""Folder of the data directory holding trial cases (:class:`TrialArea`), apart from real cases."""
_FORM_OVERHEAD = 64 * 1024
"""Bytes of an upload form besides the file (boundaries, part headers, the CSRF field)."""


def create_app(config: WebConfig, *, service: CaseService | None = None) -> Starlette:
    """The web app of one data directory and roster (``service`` overrides the case service, e.g. its clock)."""
    service = service or CaseService(config.data_dir, database_url=config.database_url, clock=clock_from_env())
    routes = [
        Route("/", inbox.inbox_page, name="inbox"),
        Route("/masuk", auth.login_form, methods=["GET"], name="login"),
        Route("/masuk", auth.login, methods=["POST"]),
        Route("/masuk/tautan/{token}", auth.link_form, methods=["GET"], name="login_link"),
        Route("/masuk/tautan/{token}", auth.use_link, methods=["POST"]),
        Route("/keluar", auth.logout, methods=["POST"], name="logout"),
        Route("/kasus/{case_id}", case.case_page, name="case"),
        Route("/kasus/{case_id}/model.bpmn", case.model_xml, name="case_model"),
        Route("/kasus/{case_id}/dokumen/{document_id}/{revision:int}.pdf", case.revision_pdf, name="revision_pdf"),
        Route("/kasus/{case_id}/tugas/{task_id}", task.task_page, name="task"),
        Route("/kasus/{case_id}/tugas/{task_id}/pratinjau", task.preview, methods=["POST"], name="task_preview"),
        Route("/kasus/{case_id}/tugas/{task_id}/selesaikan", task.complete, methods=["POST"], name="task_complete"),
        Route("/model", model.models_page, methods=["GET"], name="models"),
        Route("/model", model.upload, methods=["POST"], name="model_upload"),
        Route("/model/{name}", model.version_page, name="model"),
        Route("/model/{name}/v/{number:int}", model.version_page, name="model_version"),
        Route("/model/{name}/v/{number:int}/model.bpmn", model.version_xml, name="model_xml"),
        Route("/model/{name}/v/{number:int}/formulir/{key}.form", model.version_form, name="model_form"),
        Route("/model/{name}/v/{number:int}/sop.pdf", model.sop_pdf, name="model_sop"),
        Route("/model/{name}/v/{number:int}/uji-coba", model.start_trial, methods=["POST"], name="model_trial"),
        Route("/uji-coba/{case_id}", trial.trial_page, name="trial"),
        Route("/uji-coba/{case_id}/langkah", trial.trial_step, methods=["POST"], name="trial_step"),
        Route("/uji-coba/{case_id}/model.bpmn", trial.trial_xml, name="trial_model"),
        Route("/uji-coba/{case_id}/dokumen/{document_id}/{revision:int}.pdf", trial.trial_pdf, name="trial_pdf"),
        Route("/arsip", arsip.arsip_page, name="arsip"),
        Route(arsip.UPLOAD_PATH, arsip.upload, methods=["POST"], name="arsip_upload"),
        Route("/arsip/kasus/{case_id}/periksa", arsip.check_case, methods=["POST"], name="arsip_check"),
        Route("/arsip/kasus/{case_id}/arsip.zip", arsip.export_zip, name="arsip_export"),
        Route("/arsip/laporan/{run_id}", arsip.report_page, name="arsip_report"),
        Route("/arsip/laporan/{run_id}/hasil", arsip.report_status, name="arsip_result"),
        Route("/arsip/laporan/{run_id}/laporan.json", arsip.report_json, name="arsip_json"),
        Route("/arsip/laporan/{run_id}/laporan.pdf", arsip.report_pdf, name="arsip_pdf"),
        Route("/model/{name}/ubah", modeller.editor_page, methods=["GET"], name="model_editor"),
        Route("/model/{name}/ubah", modeller.save, methods=["POST"], name="model_save"),
        Route("/model/{name}/ubah/kerangka-formulir", modeller.scaffold_form, methods=["POST"],
              name="model_scaffold_form"),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    proxies = [Middleware(ProxyHeadersMiddleware, trusted_hosts=list(config.forwarded_allow_ips))]
    app = Starlette(
        routes=routes,
        middleware=[
            *(proxies if config.forwarded_allow_ips else []),  # first: the client address the others see
            Middleware(SecurityHeaders, hsts=config.secure_cookies),
            Middleware(BodyLimit, limit=config.max_body_bytes,
                       uploads={arsip.UPLOAD_PATH: config.max_upload_bytes + _FORM_OVERHEAD,
                                model.UPLOAD_PATH: config.max_model_upload_bytes,
                                modeller.SAVE_PATH: config.max_model_upload_bytes}),
        ],
        exception_handlers={
            NotFound: _not_found, HTTPException: _http_error, LoginRequired: _login_required,
        },
    )
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    formatting.install(env)
    app.state.config = config
    app.state.templates = env
    app.state.workspace = Workspace(service, Roster.load(config.roster))
    app.state.library = ModelLibrary(service.store, clock=service.clock)
    app.state.trials = TrialArea(config.data_dir / TRIAL_FOLDER)
    app.state.verifications = Verifications(service.store.engine)
    app.state.accounts = Accounts(service.store.engine, lifetime=config.session_lifetime,
                                  max_failures=config.max_failures, window=config.failure_window)
    return app


def worker_app() -> Starlette:
    """The app of one worker process of ``sopflow serve --workers N`` (an ASGI factory).

    Every worker opens its own connections to the shared database; no state a
    request depends on lives in a worker alone (sessions, failure counts and the
    cases are in the database, the inbox cache is checked against it).
    """
    configure_logging()
    return create_app(WebConfig.from_environment())


def configure_logging() -> None:
    """Log security events and errors of the server to standard error, one line each."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for name in LIBRARY_LOGGERS:  # their problems reach the log as sopflow's own records
        logging.getLogger(name).setLevel(logging.WARNING)


async def _not_found(request: Request, _exc: Exception) -> Response:
    return error_page(request, 404, messages.WEB_NOT_FOUND_TITLE, messages.WEB_NOT_FOUND)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    titles = {404: messages.WEB_NOT_FOUND_TITLE, 405: messages.WEB_METHOD_TITLE, 403: messages.WEB_REFUSED_TITLE}
    detail = str(exc.detail)
    if exc.status_code in titles and detail == HTTPStatus(exc.status_code).phrase:
        detail = ""  # Starlette's English default; the title says it
    return error_page(request, exc.status_code, titles.get(exc.status_code, messages.WEB_BAD_REQUEST_TITLE), detail)


async def _login_required(request: Request, _exc: Exception) -> Response:
    return login_redirect(request)
