"""Logging in and out: NIP + password, rate-limited and logged failures, a fresh session per login."""

from __future__ import annotations

import secrets
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sopflow import messages
from sopflow.web.accounts import MIN_PASSWORD_LENGTH, LinkRefused, security_log
from sopflow.web.render import SESSION_COOKIE, client_address, current_user, error_page, render
from sopflow.web.security import csrf_ok

__all__ = ["login_form", "login", "logout", "link_form", "use_link"]

LOGIN_CSRF_COOKIE = "sopflow_login"
"""Double-submit token of the login form (there is no session yet to hold it)."""


def _next(request: Request, raw: str | None) -> str:
    """Where to go after logging in: a local path only."""
    target = raw or "/"
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _form(request: Request, *, nip: str = "", error: str = "", status: int = 200) -> Response:
    return _with_login_csrf(request, "login.html", {
        "nip": nip, "error": error, "next": _next(request, request.query_params.get("lanjut")),
    }, status=status)


def _with_login_csrf(request: Request, template: str, context: dict[str, Any], *, status: int = 200) -> Response:
    """A page of a form posted before any session exists, with a fresh double-submit token."""
    token = secrets.token_urlsafe(32)
    response = render(request, template, {**context, "login_csrf": token}, status=status)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/masuk",
                        secure=request.app.state.config.secure_cookies)
    return response


async def login_form(request: Request) -> Response:
    """GET /masuk."""
    if current_user(request) is not None:
        return RedirectResponse("/", status_code=303)
    return _form(request)


async def login(request: Request) -> Response:
    """POST /masuk: check the password; five failures per NIP or address lock them for a while."""
    form = await request.form()
    nip = str(form.get("nip", "")).strip()[:32]
    password = str(form.get("password", ""))[:1024]
    if not csrf_ok(request, request.cookies.get(LOGIN_CSRF_COOKIE), str(form.get("csrf", ""))):
        security_log.warning("login without valid CSRF token refused (NIP %r, from %s)", nip, client_address(request))
        return _form(request, nip=nip, error=messages.WEB_FORM_EXPIRED, status=403)
    accounts = request.app.state.accounts
    keys = (f"login:{nip}", f"ip:{client_address(request)}")
    claim = await run_in_threadpool(accounts.claim_attempt, *keys)
    if claim is None:
        security_log.warning("login refused, too many failures (NIP %r, from %s)", nip, client_address(request))
        return _form(request, nip=nip, status=429,
                     error=messages.WEB_LOGIN_LOCKED)
    official = request.app.state.workspace.official(nip)
    if official is None or not await run_in_threadpool(accounts.check_password, nip, password):
        security_log.warning("wrong NIP or password (NIP %r, from %s)", nip, client_address(request))
        return _form(request, nip=nip, error=messages.WEB_LOGIN_WRONG, status=401)
    accounts.clear_failures(keys[0])
    accounts.withdraw(claim)
    security_log.info("login (NIP %s, from %s)", nip, client_address(request))
    return _logged_in(request, nip, _next(request, str(form.get("next", ""))))


def _logged_in(request: Request, nip: str, target: str) -> Response:
    """A new session for the official, and on to ``target``."""
    token, _session = request.app.state.accounts.open_session(nip)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=request.app.state.config.secure_cookies,
                        max_age=int(request.app.state.config.session_lifetime.total_seconds()))
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/masuk")
    return response


async def logout(request: Request) -> Response:
    """POST /keluar (with the session's CSRF token)."""
    user = current_user(request)
    if user is not None:
        form = await request.form()
        if csrf_ok(request, user.session.csrf, str(form.get("csrf", ""))):
            request.app.state.accounts.close_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/masuk", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _link_nip(request: Request) -> str:
    """The NIP of the request's usable login link, who must still be in the roster.

    :raises LinkRefused: the link is unknown, used or expired, or its NIP left the roster.
    """
    nip = request.app.state.accounts.link_nip(request.path_params["token"])
    if request.app.state.workspace.official(nip) is None:
        raise LinkRefused(messages.WEB_LINK_UNKNOWN, "not rostered")
    return nip


def _link_page(request: Request, nip: str, *, error: str = "", status: int = 200) -> Response:
    return _with_login_csrf(request, "login_link.html", {
        "nip": nip, "name": request.app.state.workspace.official(nip).name, "error": error,
        "token": request.path_params["token"], "min_length": MIN_PASSWORD_LENGTH,
    }, status=status)


def _link_refused(request: Request, exc: LinkRefused) -> Response:
    security_log.warning("login link refused: %s (from %s)", exc.reason, client_address(request))
    return error_page(request, 410, messages.WEB_LINK_TITLE, str(exc))


async def link_form(request: Request) -> Response:
    """GET /masuk/tautan/{token}: a one-time login link asks for the official's new password."""
    try:
        nip = _link_nip(request)
    except LinkRefused as exc:
        return _link_refused(request, exc)
    return _link_page(request, nip)


async def use_link(request: Request) -> Response:
    """POST /masuk/tautan/{token}: set the password, use up the link, log in."""
    form = await request.form()
    accounts = request.app.state.accounts
    try:
        nip = _link_nip(request)
    except LinkRefused as exc:
        return _link_refused(request, exc)
    if not csrf_ok(request, request.cookies.get(LOGIN_CSRF_COOKIE), str(form.get("csrf", ""))):
        security_log.warning("login link post without valid CSRF token refused (NIP %s, from %s)",
                             nip, client_address(request))
        return _link_page(request, nip, error=messages.WEB_FORM_EXPIRED, status=403)
    password = str(form.get("password", ""))[:1024]
    if password != str(form.get("password2", ""))[:1024]:
        return _link_page(request, nip, error=messages.WEB_PASSWORDS_DIFFER, status=422)
    try:
        await run_in_threadpool(accounts.redeem_login_link, request.path_params["token"], password)
    except LinkRefused as exc:
        return _link_refused(request, exc)
    except ValueError as exc:
        return _link_page(request, nip, error=str(exc).capitalize() + ".", status=422)
    security_log.info("login link used, password set (NIP %s, from %s)", nip, client_address(request))
    return _logged_in(request, nip, "/")
