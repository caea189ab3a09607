"""Web fixtures: a data directory with accounts for every rostered official, the app, a live server, Chromium.

Everything is real: the seed roster's test PKI, SQLite, signed PDFs; the
server is uvicorn on a free loopback port, started and stopped by the
fixture; the browser is Debian's Chromium driven by Playwright (no browser
download).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import launched_chromium
from web_support import PASSWORD, WAIT_MS, Site, serving

from sopflow.runner.cases import CaseService
from sopflow.runner.roster import Roster
from sopflow.web import WebConfig, create_app
from sopflow.web.accounts import Accounts


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, roster_path: Path) -> Iterator[Site]:
    """The seed roster with an account (password :data:`PASSWORD`) for every official and staff member."""
    data_dir = tmp_path_factory.mktemp("web") / "data"
    roster = Roster.load(roster_path)
    service = CaseService(data_dir)
    accounts = Accounts(service.store.engine)
    for nip in {e.official.nip for e in roster.entries.values()} | set(roster.staff):
        accounts.set_password(nip, PASSWORD)
    yield Site(data_dir=data_dir, roster_path=roster_path, roster=roster, service=service)
    service.close()


@pytest.fixture(scope="session")
def server(site: Site) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port; yields its base URL."""
    with serving(create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path))) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright.

    Module-scoped: Playwright's sync API keeps an event loop running in this thread,
    and other modules' tests (signing with pyHanko, the modeller's own browser) need it gone.
    """
    with launched_chromium() as chromium:
        yield chromium


@pytest.fixture
def open_page(browser, server: str):
    """Opens a fresh browser context (own cookies) per official; JavaScript errors and CSP violations fail."""
    contexts = []
    problems: list[str] = []

    def opener(*, width: int = 1280, height: int = 900):
        context = browser.new_context(viewport={"width": width, "height": height}, base_url=server)
        context.set_default_timeout(WAIT_MS)
        page = context.new_page()
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        page.on("console", lambda msg: problems.append(f"console: {msg.text}")
                if msg.type == "error" and "Content Security Policy" in msg.text else None)
        contexts.append(context)
        return page

    yield opener
    for context in contexts:
        context.close()
    assert not problems, problems


@pytest.fixture(scope="session")
def finished_case(site: Site) -> str:
    """A case of seed LIP10-0072 completed in-process (every task signed, Lembar Riwayat sealed)."""
    case_id = site.start("lip10-0072")
    for _ in range(60):
        views = site.service.ready_tasks(case_id)
        if not views:
            break
        site.complete(views[0])
    assert site.service.summary(case_id).status == "completed"
    return case_id
