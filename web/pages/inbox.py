"""Kotak Masuk: the ready tasks of the roles an official holds, with filters and counts."""

from __future__ import annotations

import re
from collections import Counter

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from sopflow import messages
from sopflow.web.render import render, require_user

__all__ = ["inbox_page"]

FILTERS = {"semua": messages.WEB_FILTER_ALL, "terlambat": messages.WEB_FILTER_OVERDUE,
           "hari-ini": messages.WEB_FILTER_TODAY}
"""Deadline filters of the inbox."""

PAGE = 25
"""Tasks shown at first; more are loaded on request."""

_CASE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


async def inbox_page(request: Request) -> Response:
    """GET /: the inbox; with htmx (``HX-Request``) only its rows, for the filters.

    Served on the event loop: the session and the tasks counter are primary-key reads and the
    official's inbox is usually current in memory; building it anew runs in a worker thread.
    """
    user = require_user(request)
    workspace = request.app.state.workspace
    stamp = workspace.inbox_stamp()
    items = workspace.cached_inbox(user.nip, stamp)
    if items is None:
        items = await run_in_threadpool(workspace.inbox, user.nip, stamp)
    sop = request.query_params.get("sop", "")
    when = request.query_params.get("tenggat", "semua")
    query = request.query_params.get("cari", "").strip()[:100].lower()
    shown = [
        i for i in items
        if (not sop or i.sop_number == sop)
        and (when != "terlambat" or i.overdue)
        and (when != "hari-ini" or i.workdays_left == 0)
        and (not query or query in i.case_id.lower() or query in i.step.lower() or query in i.sop_title.lower())
    ]
    per_sop = Counter(i.sop_number for i in items)
    limit = _limit(request.query_params.get("batas", ""))
    context = {
        "items": shown[:limit], "matching": len(shown), "limit": limit, "page": PAGE, "total": len(items),
        "overdue": sum(i.overdue for i in items),
        "sops": sorted({(i.sop_number, i.sop_title) for i in items}), "per_sop": per_sop,
        "filters": FILTERS, "sop": sop, "when": when if when in FILTERS else "semua", "query": query,
        "done_case": done if _CASE_ID.fullmatch(done := request.query_params.get("selesai", "")) else "",
    }
    if request.headers.get("hx-request") == "true" and request.headers.get("hx-target") == "inbox-rows":
        return render(request, "_inbox_rows.html", context)
    return render(request, "inbox.html", context)


def _limit(raw: str) -> int:
    """How many tasks to show: a multiple of :data:`PAGE`."""
    return max(PAGE, min(int(raw), 100_000) // PAGE * PAGE) if raw.isdigit() else PAGE
