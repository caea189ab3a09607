"""A department server: two ``sopflow serve`` processes on one PostgreSQL database, no shared disk.

Server A runs two worker processes, server B one; each has a data directory
of its own (empty: documents, models and forms live in the database).
Officials log in and complete tasks over HTTP with their session's CSRF
token, as the browser does. Checked: exactly one completion per task when
both servers race for it, gap-free letter numbers, archives exported from a
third machine verify, sessions, the inbox and failure counts agree across
servers and workers.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx2 as httpx
import pytest
from serve_process import Server
from sqlalchemy import select

from sopflow.bpmn import resolve_model
from sopflow.demo.run import PASSPHRASE
from sopflow.runner.blobs import BlobRow, DatabaseBlobStore
from sopflow.runner.cases import CaseService
from sopflow.runner.roster import Roster
from sopflow.runner.store import LetterNumberRow, RevisionRow
from sopflow.web.accounts import Accounts

PASSWORD = "kata-sandi-departemen"
SEED = "lip20-0013"
CASES = 3
"""Cases driven to their end at once, each step through the other server."""
RACES = 3
"""Tasks both servers are asked to complete at the same moment."""


@dataclass
class Department:
    """The shared database, the two servers and an observer service on the same database."""

    url: str
    roster_path: Path
    roster: Roster
    service: CaseService
    servers: list[Server]
    sessions: dict[tuple[int, str], tuple[httpx.Client, str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> str:
        model = resolve_model(SEED)
        assert model is not None
        return self.service.start_case(model, self.roster)

    def client(self, server: int, nip: str) -> tuple[httpx.Client, str]:
        """A logged-in client of ``nip`` on a server and its CSRF token (one per official and server)."""
        with self.lock:
            if (server, nip) not in self.sessions:
                self.sessions[(server, nip)] = log_in(self.servers[server].base, nip)
            return self.sessions[(server, nip)]

    def complete(self, server: int, case_id: str, task_id: str, role: str, form_key: str | None) -> httpx.Response:
        """POST the task's completion (form defaults, the official's passphrase) to a server."""
        web, csrf = self.client(server, self.roster.for_role(role).official.nip)
        data = self.service.form_of(case_id, form_key).defaults() if form_key else {}
        return web.post(f"/kasus/{case_id}/tugas/{task_id}/selesaikan", json={"data": data, "secret": PASSPHRASE},
                        headers={"x-csrf-token": csrf, "accept": "application/json"})


def log_in(base: str, nip: str, password: str = PASSWORD) -> tuple[httpx.Client, str]:
    """A client with a fresh session on ``base``, and the session's CSRF token."""
    web = httpx.Client(base_url=base, timeout=300, follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', web.get("/masuk").text).group(1)
    answer = web.post("/masuk", data={"csrf": token, "nip": nip, "password": password, "next": "/"})
    assert answer.status_code == 303, answer.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', web.get("/").text).group(1)
    return web, csrf


@pytest.fixture(scope="module")
def department(postgres_cluster, roster_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Department]:
    root = tmp_path_factory.mktemp("department")
    url = postgres_cluster.create_database("department")
    roster = Roster.load(roster_path)
    service = CaseService(root / "observer", database_url=url)
    accounts = Accounts(service.store.engine)
    for nip in {e.official.nip for e in roster.entries.values()}:
        accounts.set_password(nip, PASSWORD)
    servers: list[Server] = []
    try:
        servers.append(Server.start(root / "server-a", url, roster_path, workers=2))
        servers.append(Server.start(root / "server-b", url, roster_path, workers=1))
        assert [server.workers() for server in servers] == [2, 0]  # one worker runs in the server's own process
        site = Department(url=url, roster_path=roster_path, roster=roster, service=service, servers=servers)
        yield site
        for web, _ in site.sessions.values():
            web.close()
    finally:
        for server in servers:
            server.stop()
        service.close()


def test_officials_finish_cases_through_both_servers_and_the_archives_verify(department: Department, tmp_path: Path):
    cases = [department.start() for _ in range(CASES)]
    failures: list[str] = []

    def drive(case_id: str, first_server: int) -> None:
        step = first_server
        while views := department.service.ready_tasks(case_id):
            view = views[0]
            answer = department.complete(step % 2, case_id, view.id, view.role or "", view.form_key)
            if answer.status_code != 200:
                failures.append(f"{case_id} {view.spec_id} on server {step % 2}: {answer.status_code} {answer.text}")
                return
            step += 1

    threads = [threading.Thread(target=drive, args=(case_id, index)) for index, case_id in enumerate(cases)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=1800)
    assert failures == []
    assert all(department.service.summary(c).status == "completed" for c in cases)

    # letter numbers: one per numbered document, gap-free per unit, type and year
    with department.service.store.session() as session:
        numbers = session.scalars(select(LetterNumberRow)).all()
    by_counter: dict[tuple[str, str, int], list[int]] = defaultdict(list)
    for row in numbers:
        by_counter[(row.unit_code, row.type_code, row.year)].append(row.seq)
    assert by_counter and all(sorted(s) == list(range(1, len(s) + 1)) for s in by_counter.values()), by_counter
    assert len({(row.case_id, row.document_id) for row in numbers}) == len(numbers)

    # a third machine with an empty data directory exports the cases; the archives verify
    trust = department.roster.trust_roots[0]
    for case_id in cases:
        journal = department.service.journal(case_id)
        assert [e["seq"] for e in journal] == list(range(1, len(journal) + 1))
        out = tmp_path / case_id
        exported = _cli("case", "export", case_id, "--out", str(out), "--data-dir", str(tmp_path / "third"),
                        "--database-url", department.url)
        assert exported.returncode == 0, exported.stdout + exported.stderr
        verified = _cli("verify", str(out), "--trust", str(trust), "--require-complete")
        assert verified.returncode == 0, verified.stdout + verified.stderr
    assert not (tmp_path / "third" / "blobs").exists()


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sopflow.cli.main", *args], capture_output=True, text=True,
                          timeout=600)


def test_both_servers_racing_for_a_task_complete_it_once(department: Department):
    cases = [department.start() for _ in range(RACES)]
    for case_id in cases:
        view = department.service.ready_tasks(case_id)[0]
        for server in (0, 1):  # both sessions open before the race
            department.client(server, department.roster.for_role(view.role or "").official.nip)
        barrier = threading.Barrier(2)
        answers: list[httpx.Response] = []

        def race(server: int, view=view, case_id=case_id, barrier=barrier, answers=answers) -> None:
            barrier.wait()
            answers.append(department.complete(server, case_id, view.id, view.role or "", view.form_key))

        threads = [threading.Thread(target=race, args=(server,)) for server in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        assert "sudah diselesaikan" in next(a for a in answers if a.status_code == 409).text
        journal = department.service.journal(case_id)
        assert len(journal) == 1 and journal[0]["task"]["id"] == view.id
        assert view.id not in {v.id for v in department.service.ready_tasks(case_id)}


def test_documents_live_in_the_database_and_either_server_serves_them(department: Department):
    case_id = department.start()
    view = department.service.ready_tasks(case_id)[0]
    assert department.complete(0, case_id, view.id, view.role or "", view.form_key).status_code == 200
    assert isinstance(department.service.store.blobs, DatabaseBlobStore)
    (revision,) = department.service.revisions(case_id)
    web, _ = department.client(1, department.roster.for_role(view.role or "").official.nip)
    pdf = web.get(f"/kasus/{case_id}/dokumen/{revision.document_id}/{revision.revision}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with department.service.store.session() as session:
        stored = session.get(BlobRow, revision.sha256)
        referenced = set(session.scalars(select(RevisionRow.sha256)))
        blob_digests = set(session.scalars(select(BlobRow.sha256)))
    assert stored is not None and bytes(stored.data) == pdf.content
    assert referenced | set(department.service.case_files(case_id).values()) <= blob_digests
    model = web.get(f"/kasus/{case_id}/model.bpmn")
    assert model.status_code == 200 and model.content == department.service.model_of(case_id).xml
    for server in department.servers:  # nothing on either server's disk
        assert sorted(p.name for p in server.data_dir.iterdir()) == []


def test_inbox_and_sessions_agree_across_servers(department: Department):
    case_id = department.start()
    view = department.service.ready_tasks(case_id)[0]
    nip = department.roster.for_role(view.role or "").official.nip
    on_b, _ = department.client(1, nip)
    assert view.id in on_b.get("/").text  # server B has this official's inbox cached now
    assert department.complete(0, case_id, view.id, view.role or "", view.form_key).status_code == 200
    for _ in range(3):  # whichever worker answers: the task completed on A is gone from B's inbox
        assert view.id not in on_b.get("/").text
    # a session opened on one server is valid on the other (a load balancer may send any request anywhere)
    on_a = httpx.Client(base_url=department.servers[0].base, cookies=dict(on_b.cookies), follow_redirects=False)
    assert on_a.get("/").status_code == 200
    on_b.post("/keluar", data={"csrf": re.search(r'name="csrf" value="([^"]+)"', on_b.get("/").text).group(1)})
    assert on_a.get("/").status_code == 303  # logged out everywhere
    on_a.close()
    del department.sessions[(1, nip)]


def test_failed_logins_count_across_servers(department: Department):
    """Runs after the other tests on the department: it locks the loopback address out of its logins."""
    nip = next(iter(department.roster.entries.values())).official.nip
    for attempt in range(5):
        server = department.servers[attempt % 2]
        web = httpx.Client(base_url=server.base, follow_redirects=False)
        token = re.search(r'name="csrf" value="([^"]+)"', web.get("/masuk").text).group(1)
        answer = web.post("/masuk", data={"csrf": token, "nip": nip, "password": "salah-sekali-lagi"})
        assert answer.status_code == 401
        web.close()
    for server in department.servers:
        web = httpx.Client(base_url=server.base, follow_redirects=False)
        token = re.search(r'name="csrf" value="([^"]+)"', web.get("/masuk").text).group(1)
        answer = web.post("/masuk", data={"csrf": token, "nip": nip, "password": PASSWORD})
        assert answer.status_code == 429
        web.close()


def test_the_whole_configuration_reaches_the_workers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    from datetime import timedelta

    from sopflow.web.config import WebConfig

    config = WebConfig(data_dir=tmp_path / "data", roster=tmp_path / "roster.toml", database_url="postgresql://x@/y",
                       secure_cookies=True, session_lifetime=timedelta(minutes=30), max_body_bytes=1000,
                       scratch_dir=tmp_path / "scratch", max_failures=3, failure_window=timedelta(seconds=90),
                       forwarded_allow_ips=("10.0.0.10", "192.0.2.0/24"))
    for name, value in config.to_environment().items():
        monkeypatch.setenv(name, value)
    assert WebConfig.from_environment() == config
    monkeypatch.setenv(*next(iter(WebConfig(data_dir=tmp_path, roster=tmp_path).to_environment().items())))
    assert WebConfig.from_environment() == WebConfig(data_dir=tmp_path, roster=tmp_path)


def test_sqlite_workers_share_one_machines_database(roster_path: Path, tmp_path: Path):
    """Several workers on the embedded SQLite file: allowed on one machine, writes queue, one completion per task."""
    roster = Roster.load(roster_path)
    service = CaseService(tmp_path / "data")
    accounts = Accounts(service.store.engine)
    model = resolve_model(SEED)
    assert model is not None
    case_id = service.start_case(model, roster)
    view = service.ready_tasks(case_id)[0]
    nip = roster.for_role(view.role or "").official.nip
    accounts.set_password(nip, PASSWORD)
    server = Server.start(tmp_path / "data", None, roster_path, workers=2)
    try:
        assert server.workers() == 2
        clients = [log_in(server.base, nip) for _ in range(2)]
        data = service.form_of(case_id, view.form_key).defaults() if view.form_key else {}
        barrier = threading.Barrier(2)
        answers: list[httpx.Response] = []

        def race(web: httpx.Client, csrf: str) -> None:
            barrier.wait()
            answers.append(web.post(f"/kasus/{case_id}/tugas/{view.id}/selesaikan",
                                    json={"data": data, "secret": PASSPHRASE},
                                    headers={"x-csrf-token": csrf, "accept": "application/json"}))

        threads = [threading.Thread(target=race, args=client) for client in clients]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=600)
        assert sorted(a.status_code for a in answers) == [200, 409], [a.text for a in answers]
        assert len(service.journal(case_id)) == 1
        assert (tmp_path / "data" / "blobs").is_dir()  # SQLite keeps documents on disk
        for web, _ in clients:
            web.close()
    finally:
        server.stop()
        service.close()
