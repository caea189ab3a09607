"""Request hardening: security headers, body size limit, CSRF checks.

Pure ASGI middleware (no request buffering of their own).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from starlette.requests import Request

from sopflow import messages

__all__ = ["CSP", "EDITOR_CSP", "SecurityHeaders", "BodyLimit", "csrf_ok"]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
"""Content Security Policy of every page: no inline script, no framing, same-origin only."""

EDITOR_CSP = CSP.replace("style-src 'self';", "style-src 'self' 'unsafe-inline';")
"""The model editor's policy: :data:`CSP` with inline styles allowed (scripts stay same-origin only).

CodeMirror, inside the properties panels of bpmn-js and form-js, injects its base theme
as ``<style>`` elements, and the bpmn-js properties panel builds its container from
markup with a ``style`` attribute; neither lets the page hand them a nonce.
"""

_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), payment=()"),
]

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class SecurityHeaders:
    """Adds the security headers to every response; pages (not static files) are never cached."""

    def __init__(self, app: App, *, hsts: bool = False):
        self.app = app
        self.hsts = hsts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(k, v) for k, v in _HEADERS if k not in present]
                if not static and b"cache-control" not in present:
                    headers.append((b"cache-control", b"no-store"))
                if self.hsts:
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses request bodies larger than ``limit`` bytes with 413, whether announced or streamed.

    ``uploads`` maps the paths that take an upload (method POST; a ``{name}`` part matches one path
    segment, as in the routes) to their own, larger limit.
    """

    def __init__(self, app: App, *, limit: int, uploads: Mapping[str, int] | None = None):
        self.app = app
        self.limit = limit
        self.uploads = [(re.compile(re.sub(r"\\\{[^/]*?\\\}", "[^/]+", re.escape(path))), size)
                        for path, size in (uploads or {}).items()]

    def _limit(self, scope: Scope) -> int:
        if scope["method"] == "POST":
            for pattern, size in self.uploads:
                if pattern.fullmatch(scope["path"]):
                    return size
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self._limit(scope)
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _too_large(send)
            return
        seen = 0

        async def counted() -> dict[str, Any]:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge()
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await _too_large(send)


class _TooLarge(Exception):
    pass


async def _too_large(send: Send) -> None:
    body = messages.WEB_TOO_LARGE.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()), *_HEADERS]})
    await send({"type": "http.response.body", "body": body})


def csrf_ok(request: Request, expected: str | None, given: str | None) -> bool:
    """Whether a state-changing request carries the expected token and, when it says, comes from this site."""
    origin = request.headers.get("origin")
    if origin is not None and origin != f"{request.url.scheme}://{request.url.netloc}":
        return False
    return bool(expected) and bool(given) and secrets.compare_digest(str(expected), str(given))
