"""Web fixtures: a data directory with accounts for every rostered official, the app, a live server, Chromium.

Everything is real: the seed roster's test PKI, SQLite, signed PDFs; the
server is uvicorn on a free loopback port, started and stopped by the
fixture; the browser is Debian's Chromium driven by Playwright (no browser
download).
"""

from __future__ import annotations

import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator, TypeVar

import pytest

from sopflow.bpmn import resolve_model
from sopflow.runner.cases import CaseService, TaskView
from sopflow.runner.completion import complete_task
from sopflow.runner.roster import Roster
from sopflow.signing import open_signer
from sopflow.web import WebConfig, create_app
from sopflow.web.accounts import Accounts

T = TypeVar("T")

PASSWORD = "kata-sandi-uji-123"
"""Login password of every test account."""

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
WAIT_MS = 60_000
"""Longest wait for anything in the browser (generous: the test machine may be busy)."""


def off_loop(function: Callable[..., T], *args: Any) -> T:
    """Run in a worker thread: pyHanko starts its own event loop, which Playwright's thread already has."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function, *args).result()


@dataclass
class Site:
    """A data directory served by the app, and an in-process service on it for set-up and checks."""

    data_dir: Path
    roster_path: Path
    roster: Roster
    service: CaseService

    def nip(self, role: str) -> str:
        """NIP of the official holding a role."""
        return self.roster.for_role(role).official.nip

    def start(self, seed: str) -> str:
        """A new case of a seed SOP."""
        path = resolve_model(seed)
        assert path is not None
        return self.service.start_case(path, self.roster)

    def ready(self, case_id: str, spec_id: str | None = None) -> TaskView:
        """A ready task of the case (of one BPMN element, when given)."""
        views = [v for v in self.service.ready_tasks(case_id) if spec_id is None or v.spec_id == spec_id]
        assert views, f"no ready task {spec_id or ''} in {case_id}"
        return views[0]

    def complete(self, view: TaskView, overrides: dict | None = None) -> None:
        """Complete a task in-process (as the CLI does) with its form's defaults."""
        data = self.service.form_of(view.case_id, view.form_key).defaults() if view.form_key else {}

        def run() -> None:
            with open_signer(self.roster.for_role(view.role or "").signer) as signer:
                complete_task(self.service, view.case_id, view.id, {**data, **(overrides or {})}, signer)

        off_loop(run)

    def drive_until(self, case_id: str, spec_id: str) -> TaskView:
        """Complete ready tasks in-process until ``spec_id`` is ready."""
        for _ in range(60):
            views = self.service.ready_tasks(case_id)
            hit = [v for v in views if v.spec_id == spec_id]
            if hit:
                return hit[0]
            assert views, f"{case_id} ended before {spec_id}"
            self.complete(views[0])
        raise AssertionError(f"{spec_id} never became ready")


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, roster_path: Path) -> Iterator[Site]:
    """The seed roster with an account (password :data:`PASSWORD`) for every official."""
    data_dir = tmp_path_factory.mktemp("web") / "data"
    roster = Roster.load(roster_path)
    service = CaseService(data_dir)
    accounts = Accounts(service.store.engine)
    for nip in {e.official.nip for e in roster.entries.values()}:
        accounts.set_password(nip, PASSWORD)
    yield Site(data_dir=data_dir, roster_path=roster_path, roster=roster, service=service)
    service.close()


@pytest.fixture(scope="session")
def server(site: Site) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port; yields its base URL."""
    import uvicorn

    app = create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=60)
        sock.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright."""
    if not CHROMIUM.exists():
        pytest.fail("Chromium is missing: run sh scripts/install-test-tools.sh")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


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


def log_in(page, nip: str, password: str = PASSWORD) -> None:
    """Log in through the login form and wait for the inbox."""
    page.goto("/masuk")
    page.fill("input[name=nip]", nip)
    page.fill("input[name=password]", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("h1:text('Kotak Masuk')")
