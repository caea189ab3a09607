"""A department server on PostgreSQL: completions per minute with 1, 2 and 4 workers, and storage per case.

Usage: ``python bench/bench_department.py [--officials 40] [--seconds 60] [--warmup 15] [--workers 1 2 4]``.

A throwaway PostgreSQL cluster (``initdb`` + ``pg_ctl`` in a temporary
directory, Unix socket, fsync on as on a real server) holds everything:
cases, documents, accounts, sessions. Prints:

1. Baseline, measured in the same run: the same completions in-process, one
   at a time, as the command line does (``open_signer`` + ``complete_task``),
   while driving cases of every seed SOP to their end: completions per minute
   and median latency.
2. Storage per finished case, from those cases: workflow state, journal,
   documents (every signed revision and the sealed Lembar Riwayat), the
   shared model and form copies, and the database's growth on disk.
3. For each worker count: ``sopflow serve --workers N`` on a fresh
   database; OFFICIALS concurrent clients on loopback, each driving its own
   case of a seed SOP task by task through ``POST .../selesaikan`` (the
   session of the task's official, its CSRF token, the key's passphrase), in
   a closed loop: a client sends its next request when the previous one is
   answered (no think time), so at most OFFICIALS requests are in flight.
   Completions per minute over SECONDS after WARMUP, p50 / p95 latency,
   and the ratio to the in-process baseline.

The machine's cores bound the figures: a completion renders, signs and
verifies a PDF, so more workers than cores add no throughput.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx
from sqlalchemy import func, select, text

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from postgres_cluster import PostgresCluster  # noqa: E402  (the throwaway cluster the tests use)

from sopflow.bpmn import seed_models  # noqa: E402
from sopflow.demo.run import PASSPHRASE, write_demo_setup  # noqa: E402
from sopflow.model.profile import load_model  # noqa: E402
from sopflow.runner.blobs import BlobRow  # noqa: E402
from sopflow.runner.cases import CaseService  # noqa: E402
from sopflow.runner.completion import complete_task  # noqa: E402
from sopflow.runner.roster import Roster  # noqa: E402
from sopflow.runner.store import CaseRow, CaseSealRow, JournalRow, RevisionRow  # noqa: E402
from sopflow.signing import open_signer  # noqa: E402
from sopflow.web.accounts import Accounts  # noqa: E402

PASSWORD = "bench-kata-sandi"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(url: str, roster: Path, data_dir: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "sopflow.cli.main", "serve", "--data-dir", str(data_dir), "--database-url", url,
         "--roster", str(roster), "--port", str(port), "--workers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/masuk", timeout=5).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.3)
    stop_server(server)
    raise SystemExit("the server did not start")


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=60)


def log_in(base: str, nip: str) -> tuple[dict[str, str], str]:
    """A session of ``nip``: its cookies and CSRF token (shared by every client acting as that official)."""
    with httpx.Client(base_url=base, timeout=120, follow_redirects=False) as client:
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/masuk").text).group(1)
        answer = client.post("/masuk", data={"csrf": token, "nip": nip, "password": PASSWORD, "next": "/"})
        assert answer.status_code == 303, answer.text
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)
        return dict(client.cookies), csrf


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, int(round(share * len(ordered))) - 1))]


@dataclass
class Department:
    cluster: PostgresCluster
    roster_path: Path
    roster: Roster
    models: list[Path]
    work: Path

    def database(self, label: str) -> tuple[CaseService, str]:
        url = self.cluster.create_database(label)
        service = CaseService(self.work / label, database_url=url)
        accounts = Accounts(service.store.engine)
        for nip in {e.official.nip for e in self.roster.entries.values()}:
            accounts.set_password(nip, PASSWORD)
        return service, url


def form_data(service: CaseService, view) -> dict:
    return service.form_of(view.case_id, view.form_key).defaults() if view.form_key else {}


def database_size(service: CaseService) -> int:
    with service.store.engine.connect() as connection:
        return connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()


def baseline(site: Department, cases: int) -> tuple[list[float], CaseService, list[str], int]:
    """Drive ``cases`` cases (the seeds in turn) to their end in-process; latency of every completion,
    and the database's size before the first case."""
    service, _url = site.database("baseline")
    empty = database_size(service)
    started = [service.start_case(site.models[i % len(site.models)], site.roster) for i in range(cases)]
    times = []
    for case_id in started:
        while views := service.ready_tasks(case_id):
            view = views[0]
            data = form_data(service, view)
            start = time.perf_counter()
            with open_signer(site.roster.for_role(view.role or "").signer) as signer:
                complete_task(service, case_id, view.id, data, signer)
            times.append(time.perf_counter() - start)
    return times, service, started, empty


def storage(service: CaseService, case_ids: list[str], empty: int) -> dict[str, float]:
    """Bytes per finished case: state, journal, documents, the database's growth; shared case files."""
    with service.store.session() as session:
        state = session.scalar(select(func.sum(func.length(CaseRow.state))).where(CaseRow.id.in_(case_ids))) or 0
        journal = session.scalar(select(func.sum(func.length(JournalRow.body)))
                                 .where(JournalRow.case_id.in_(case_ids))) or 0
        documents = set(session.scalars(select(RevisionRow.sha256).where(RevisionRow.case_id.in_(case_ids))))
        documents |= set(session.scalars(select(CaseSealRow.sha256).where(CaseSealRow.case_id.in_(case_ids))))
        files = {d for c in case_ids for d in service.case_files(c).values()}
        sizes = dict(session.execute(select(BlobRow.sha256, func.length(BlobRow.data))).all())
        revisions = session.scalar(select(func.count()).select_from(RevisionRow)
                                   .where(RevisionRow.case_id.in_(case_ids))) or 0
    count = len(case_ids)
    return {"state": state / count, "journal": journal / count, "revisions": revisions / count,
            "documents": sum(sizes[d] for d in documents) / count, "case_files": sum(sizes[d] for d in files),
            "database": (database_size(service) - empty) / count}


async def load(base: str, service: CaseService, sessions: dict[str, tuple[dict[str, str], str]],
               roster: Roster, cases: list[str], seconds: float, warmup: float) -> tuple[list[float], list[str]]:
    """Closed loop: one client per case, each completing its case's next task until time is up.

    Returns the latencies of completions started after the warm-up and answered within the window,
    and the status and title of every refused answer.
    """
    limits = httpx.Limits(max_connections=len(cases), max_keepalive_connections=len(cases))
    counted: list[float] = []
    refused: list[str] = []
    began = time.monotonic()
    window = (began + warmup, began + warmup + seconds)
    forms: dict[tuple[str, str], dict] = {}

    async with httpx.AsyncClient(base_url=base, timeout=600, limits=limits) as client:

        async def official(case_id: str) -> None:
            while time.monotonic() < window[1]:
                views = await asyncio.to_thread(service.ready_tasks, case_id)
                if not views:
                    return
                view = views[0]
                key = (case_id, view.form_key or "")
                if key not in forms:
                    forms[key] = await asyncio.to_thread(form_data, service, view)
                cookies, csrf = sessions[roster.for_role(view.role or "").official.nip]
                start = time.monotonic()
                answer = await client.post(f"/kasus/{case_id}/tugas/{view.id}/selesaikan",
                                           json={"data": forms[key], "secret": PASSPHRASE}, cookies=cookies,
                                           headers={"x-csrf-token": csrf, "accept": "application/json"})
                end = time.monotonic()
                if answer.status_code != 200:
                    title = re.search(r"<title>([^<]*)</title>", answer.text)
                    refused.append(f"{answer.status_code} {title.group(1) if title else answer.text[:80]}")
                    continue
                if start >= window[0] and end <= window[1]:
                    counted.append(end - start)

        await asyncio.gather(*(official(case_id) for case_id in cases))
    return counted, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officials", type=int, default=40, help="concurrent clients (closed loop)")
    parser.add_argument("--seconds", type=float, default=60, help="measured window per worker count")
    parser.add_argument("--warmup", type=float, default=15, help="load before the window (not counted)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--baseline-cases", type=int, default=5, help="cases driven to their end in-process")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-department-"))
    models = seed_models()
    roster_path = write_demo_setup(work / "setup", [load_model(p) for p in models])
    roster = Roster.load(roster_path)
    cluster = PostgresCluster.start(max_connections=300, durable=True)
    site = Department(cluster=cluster, roster_path=roster_path, roster=roster, models=models, work=work)
    officials = len({e.official.nip for e in roster.entries.values()})
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start; "
          f"roster of {officials} officials, seeds {', '.join(p.stem for p in models)}")
    try:
        times, service, finished, empty = baseline(site, args.baseline_cases)
        base_rate = 60 / statistics.mean(times)
        print(f"baseline in-process, one at a time: {len(times)} completions, {base_rate:6.1f} per minute, "
              f"median {statistics.median(times) * 1000:6.0f} ms, p95 {percentile(times, 0.95) * 1000:6.0f} ms")
        with service.store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text("CHECKPOINT"))  # dirty pages written: the files show their size
        used = storage(service, finished, empty)
        print(f"storage per finished case ({len(finished)} cases, {used['revisions']:.1f} signed revisions each): "
              f"workflow state {used['state'] / 1024:.1f} KiB, journal {used['journal'] / 1024:.1f} KiB, "
              f"documents {used['documents'] / 1024:.1f} KiB; database growth on disk "
              f"{used['database'] / 1024:.0f} KiB per case; model and form copies "
              f"{used['case_files'] / 1024:.1f} KiB stored once for all cases of the seeds")
        service.close()

        for workers in args.workers:
            service, url = site.database(f"workers_{workers}")
            cases = [service.start_case(models[i % len(models)], roster) for i in range(args.officials)]
            server, base = start_server(url, roster_path, work / f"server-{workers}", workers)
            try:
                sessions = {nip: log_in(base, nip) for nip in {e.official.nip for e in roster.entries.values()}}
                latencies, refused = asyncio.run(load(base, service, sessions, roster, cases, args.seconds,
                                                         args.warmup))
            finally:
                stop_server(server)
                service.close()
            rate = len(latencies) / args.seconds * 60
            print(f"{workers} worker{'s' if workers > 1 else ' '}, {args.officials} concurrent officials: "
                  f"{rate:6.1f} completions per minute ({rate / base_rate:.2f}x baseline), "
                  f"p50 {statistics.median(latencies) * 1000:6.0f} ms, p95 {percentile(latencies, 0.95) * 1000:6.0f} ms"
                  f" ({len(latencies)} completions in {args.seconds:.0f} s, {len(refused)} refused)")
            for reason, times in sorted(Counter(refused).items()):
                print(f"    refused {times}x: {reason}")
        print(f"load average {os.getloadavg()[0]:.1f} at the end")
    finally:
        cluster.stop()


if __name__ == "__main__":
    main()
