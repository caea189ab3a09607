"""The inbox each server process keeps per official is never stale, whichever process moved a case.

Two apps stand for two server workers: each has its own case service (own database connections)
and its own inbox cache, on one database. Changes come from a third service (the command line),
from the other worker's completion page, and from a cancellation; the next request to either
worker shows them.
"""

from __future__ import annotations

import re

from starlette.testclient import TestClient
from web_support import PASSWORD, Site, off_loop

from sopflow.runner.cancel import cancel_case
from sopflow.runner.cases import CaseService
from sopflow.web import WebConfig, create_app

CO_SPV = "Co Supervisor Operasional"
"""Holds the first two tasks of LIP20-0013."""


def worker(site: Site) -> tuple[TestClient, CaseService]:
    """One server process: its own service and app, logged in as the Co Supervisor."""
    service = CaseService(site.data_dir)
    app = create_app(WebConfig(data_dir=site.data_dir, roster=site.roster_path), service=service)
    web = TestClient(app, follow_redirects=False, client=("192.0.2.30", 50000))
    token = re.search(r'name="csrf" value="([^"]+)"', web.get("/masuk").text).group(1)
    answer = web.post("/masuk", data={"csrf": token, "nip": site.nip(CO_SPV), "password": PASSWORD, "next": "/"})
    assert answer.status_code == 303
    return web, service


def task_links(web: TestClient, case_id: str) -> set[str]:
    """The task ids of a case in the official's inbox, as the page links them."""
    page = web.get(f"/?cari={case_id}&batas=100000")
    assert page.status_code == 200
    return set(re.findall(rf'href="/kasus/{re.escape(case_id)}/tugas/([^"]+)"', page.text))


def test_every_change_shows_on_the_next_request_of_every_worker(site: Site) -> None:
    first, first_service = worker(site)
    second, second_service = worker(site)
    case_id = site.start("lip20-0013")
    gather = site.ready(case_id)
    assert gather.role == CO_SPV
    assert task_links(first, case_id) == task_links(second, case_id) == {gather.id}  # both caches warm

    site.complete(gather)  # the command line's service: neither worker's
    draft = site.ready(case_id)
    assert draft.role == CO_SPV and draft.id != gather.id
    assert task_links(first, case_id) == task_links(second, case_id) == {draft.id}

    csrf = re.search(r'name="csrf" value="([^"]+)"', first.get("/").text).group(1)
    data = site.service.form_of(case_id, draft.form_key).defaults()
    done = off_loop(lambda: first.post(f"/kasus/{case_id}/tugas/{draft.id}/selesaikan",
                                       json={"data": data, "secret": "demo-rahasia"},
                                       headers={"x-csrf-token": csrf, "accept": "application/json"}))
    assert done.status_code == 200, done.text
    assert task_links(second, case_id) == set()  # the next step is the Kepala Seksi's
    assert site.ready(case_id).role != CO_SPV

    another = site.start("lip20-0013")
    assert task_links(second, another) == {site.ready(another).id}
    off_loop(lambda: cancel_case(site.service, another, "diajukan dua kali"))
    assert task_links(first, another) == task_links(second, another) == set()
    first_service.close()
    second_service.close()


def test_the_tasks_counter_moves_with_each_committed_change(site: Site) -> None:
    before = site.service.tasks_version()
    case_id = site.start("lip20-0013")
    started = site.service.tasks_version()
    assert started > before
    site.complete(site.ready(case_id))
    assert site.service.tasks_version() > started
    assert CaseService(site.data_dir).tasks_version() == site.service.tasks_version()  # read from the database
