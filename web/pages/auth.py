"""Logging in and out: NIP + password, rate-limited and logged failures, a fresh session per login."""

from __future__ import annotations

import secrets

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from sopflow import messages
from sopflow.web.accounts import security_log
from sopflow.web.render import SESSION_COOKIE, client_address, current_user, render
from sopflow.web.security import csrf_ok

__all__ = ["login_form", "login", "logout"]

LOGIN_CSRF_COOKIE = "sopflow_login"
"""Double-submit token of the login form (there is no session yet to hold it)."""


def _next(request: Request, raw: str | None) -> str:
    """Where to go after logging in: a local path only."""
    target = raw or "/"
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def _form(request: Request, *, nip: str = "", error: str = "", status: int = 200) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", {
        "login_csrf": token, "nip": nip, "error": error, "next": _next(request, request.query_params.get("lanjut")),
    }, status=status)
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
    if accounts.locked(*keys):
        security_log.warning("login refused, too many failures (NIP %r, from %s)", nip, client_address(request))
        return _form(request, nip=nip, status=429,
                     error=messages.WEB_LOGIN_LOCKED)
    official = request.app.state.workspace.official(nip)
    if official is None or not await run_in_threadpool(accounts.check_password, nip, password):
        accounts.record_failure(*keys)
        security_log.warning("wrong NIP or password (NIP %r, from %s)", nip, client_address(request))
        return _form(request, nip=nip, error=messages.WEB_LOGIN_WRONG, status=401)
    accounts.clear_failures(keys[0])
    token, _session = accounts.open_session(nip)
    security_log.info("login (NIP %s, from %s)", nip, client_address(request))
    response = RedirectResponse(_next(request, str(form.get("next", ""))), status_code=303)
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
