"""Helpers of the web tests: the site under test, logging in, running pyHanko beside Playwright.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sopflow.bpmn import resolve_model
from sopflow.runner.cases import CaseService, TaskView
from sopflow.runner.completion import complete_task
from sopflow.runner.roster import Roster
from sopflow.signing import open_signer

T = TypeVar("T")

PASSWORD = "kata-sandi-uji-123"
"""Login password of every test account."""

WAIT_MS = 60_000
"""Longest wait for anything in the browser (generous: the test machine may be busy)."""


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port in a thread; yields its base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", proxy_headers=False))
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


def log_in(page, nip: str, password: str = PASSWORD) -> None:
    """Log in through the login form and wait for the inbox."""
    page.goto("/masuk")
    page.fill("input[name=nip]", nip)
    page.fill("input[name=password]", password)
    page.click("form.stack button[type=submit]")
    page.wait_for_selector("h1:text('Kotak Masuk')")
