"""Web access beyond the task workspace: the roster grants "arsip" and "model"; pages needing it refuse others."""

from __future__ import annotations

import logging

import pytest
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from test_app import client, logged_in
from web_support import Site

from sopflow.web import WebConfig, create_app
from sopflow.web.render import require_access


async def _archive_only(request: Request) -> PlainTextResponse:
    user = require_access(request, "arsip")
    return PlainTextResponse(f"arsip untuk {user.nip}")


@pytest.fixture(scope="module")
def app(site: Site):
    """The app with one extra page that needs "arsip" access (the real archivist pages use the same helper)."""
    app = create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path))
    app.router.routes.insert(0, Route("/uji-akses", _archive_only))
    return app


def _staff(site: Site, access: str) -> str:
    return next(nip for nip, staff in site.roster.staff.items() if access in staff.access)


def test_staff_log_in_and_hold_no_tasks(app, site: Site) -> None:
    web, _csrf = logged_in(app, _staff(site, "arsip"))
    inbox = web.get("/")
    assert inbox.status_code == 200
    assert site.roster.staff[_staff(site, "arsip")].person.name in inbox.text
    assert "/tugas/" not in inbox.text


def test_a_page_needing_access_admits_only_whom_the_roster_grants_it(app, site: Site,
                                                                     caplog: pytest.LogCaptureFixture) -> None:
    archivist, _ = logged_in(app, _staff(site, "arsip"))
    assert archivist.get("/uji-akses").text == f"arsip untuk {_staff(site, 'arsip')}"
    official_nip = site.nip("Kepala Seksi Operasional")
    for nip in (official_nip, _staff(site, "model")):
        web, _ = logged_in(app, nip)
        with caplog.at_level(logging.WARNING, logger="sopflow.web.security"):
            refused = web.get("/uji-akses")
        assert refused.status_code == 403
        assert "akses" in refused.text and "arsip" in refused.text
        assert any(nip in r.getMessage() and "/uji-akses" in r.getMessage() for r in caplog.records)
    assert client(app).get("/uji-akses").status_code == 303  # to the login form
