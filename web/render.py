"""What every page shares: the logged-in official, rendering templates, error pages, CSRF checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from sopflow import messages
from sopflow.officials import Official
from sopflow.web.accounts import LoginSession, security_log
from sopflow.web.security import csrf_ok

__all__ = ["SESSION_COOKIE", "User", "LoginRequired", "current_user", "require_user", "require_access",
           "refused_post", "render", "error_page", "login_redirect", "require_csrf", "client_address"]

SESSION_COOKIE = "sopflow_session"
"""Name of the session cookie (HttpOnly, SameSite=Strict)."""


@dataclass(frozen=True)
class User:
    """The logged-in official."""

    nip: str
    """NIP."""
    official: Official
    """Name and jabatan from the deployment's roster."""
    session: LoginSession
    """The login session (with its CSRF token)."""
    access: frozenset[str] = frozenset()
    """Web access beyond the task workspace ("arsip", "model"; see the roster)."""

    def can(self, access: str) -> bool:
        """Whether the roster grants this access (templates show links by it)."""
        return access in self.access


class LoginRequired(Exception):
    """The request needs a logged-in official."""


def current_user(request: Request) -> User | None:
    """The logged-in official, if any."""
    if "user" in request.scope:
        return request.scope["user"]
    session = request.app.state.accounts.session(request.cookies.get(SESSION_COOKIE))
    user = None
    if session is not None:
        official = request.app.state.workspace.official(session.nip)
        if official is not None:
            user = User(nip=session.nip, official=official, session=session,
                        access=request.app.state.workspace.access(session.nip))
    request.scope["user"] = user
    return user


def require_user(request: Request) -> User:
    """The logged-in official.

    :raises LoginRequired: nobody is logged in (pages redirect to the login form).
    """
    user = current_user(request)
    if user is None:
        raise LoginRequired()
    return user


def require_access(request: Request, access: str) -> User:
    """The logged-in user, if the roster grants them ``access`` ("arsip" or "model").

    :raises LoginRequired: nobody is logged in.
    :raises HTTPException: 403, the user lacks the access (logged).
    """
    user = require_user(request)
    if not user.can(access):
        security_log.warning("page needing %r access refused: %s (NIP %s, from %s)",
                             access, request.url.path, user.nip, client_address(request))
        raise HTTPException(403, messages.WEB_NO_ACCESS)
    return user


def require_csrf(request: Request, user: User, given: str | None) -> Response | None:
    """A 403 response when a state-changing request lacks the session's CSRF token, else ``None``."""
    given = given or request.headers.get("x-csrf-token")
    if csrf_ok(request, user.session.csrf, given):
        return None
    security_log.warning("request without valid CSRF token refused: %s %s (NIP %s, from %s)",
                         request.method, request.url.path, user.nip, client_address(request))
    return error_page(request, 403, messages.WEB_CSRF_TITLE, messages.WEB_CSRF)


async def refused_post(request: Request, access: str) -> Response | None:
    """A refusal of a button's POST (no access, or no CSRF token in its form), else ``None``.

    :raises LoginRequired: nobody is logged in.
    :raises HTTPException: 403, the user lacks ``access``.
    """
    user = require_access(request, access)
    csrf = (await request.form()).get("csrf")
    return require_csrf(request, user, csrf if isinstance(csrf, str) else None)


def client_address(request: Request) -> str:
    """The client's address: the direct peer, or the one a trusted proxy forwarded
    (``WebConfig.forwarded_allow_ips``; the app's first middleware puts it in the scope)."""
    return request.client.host if request.client else "-"


def render(request: Request, template: str, context: dict[str, Any], *, status: int = 200) -> HTMLResponse:
    """A page from a template, with the user and CSRF token in its context."""
    user = current_user(request)
    env = request.app.state.templates
    html = env.get_template(template).render(
        request=request, user=user, csrf=user.session.csrf if user else "", **context)
    return HTMLResponse(html, status_code=status)


def wants_json(request: Request) -> bool:
    """Whether the client asked for JSON (the task page's scripts do)."""
    return "application/json" in request.headers.get("accept", "")


def error_page(request: Request, status: int, title: str, message: str) -> Response:
    """An error as a page, or as JSON for scripts."""
    if wants_json(request):
        return JSONResponse({"title": title, "message": message}, status_code=status)
    return render(request, "error.html", {"title": title, "message": message}, status=status)


def login_redirect(request: Request) -> Response:
    """To the login form, coming back here afterwards (pages), or 401 (scripts and posts)."""
    if request.method != "GET" or wants_json(request):
        return error_page(request, 401, messages.WEB_LOGGED_OUT_TITLE, messages.WEB_LOGGED_OUT)
    return RedirectResponse(f"/masuk?lanjut={quote(request.url.path)}", status_code=303)
