"""Web workspace speed, measured in one run against a real server on loopback.

Usage: ``python bench/bench_web.py [--cases 1000] [--requests 25] [--completions 10]``. Prints:

1. Inbox: CASES open cases (the seed SOPs in turn, each waiting at its first
   task), 20 officials logged in; every official's client requests its
   Kotak Masuk REQUESTS times, all 20 at once (a bounded loop, no think
   time), then the same requests one at a time. p50 / p95 / max latency of
   a request (target: p95 <= 100 ms), and the server's CPU time per request.
2. Completion: the first task of LIP20-0013 (a signed activity record)
   completed COMPLETIONS times in-process as the command line does
   (``open_signer`` + ``complete_task``) and COMPLETIONS times through the
   web (``POST .../selesaikan`` with the passphrase), each on a fresh case;
   medians and their ratio (target: web <= 1.2x in-process).

The server is ``sopflow serve`` in its own process (one uvicorn worker).
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
from pathlib import Path

import httpx2 as httpx

from sopflow.bpmn import resolve_model, seed_models
from sopflow.demo.run import PASSPHRASE, write_demo_setup
from sopflow.model.profile import load_model
from sopflow.runner.cases import CaseService
from sopflow.runner.completion import complete_task
from sopflow.runner.roster import Roster
from sopflow.signing import open_signer
from sopflow.web.accounts import Accounts
from sopflow.web.pages.inbox import PAGE

PASSWORD = "bench-kata-sandi"
OFFICIALS = 20


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(data_dir: Path, roster: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "sopflow.cli.main", "serve", "--data-dir", str(data_dir), "--roster", str(roster),
         "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/masuk", timeout=2)
            return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def log_in(base: str, nip: str) -> tuple[httpx.Client, str]:
    """A client with a session, and the session's CSRF token."""
    client = httpx.Client(base_url=base, timeout=120, follow_redirects=False)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/masuk").text).group(1)
    answer = client.post("/masuk", data={"csrf": token, "nip": nip, "password": PASSWORD, "next": "/"})
    assert answer.status_code == 303, answer.text
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/").text).group(1)
    return client, csrf


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far (Linux ``/proc``)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed_get(client: httpx.Client, path: str) -> float:
    start = time.perf_counter()
    answer = client.get(path)
    elapsed = time.perf_counter() - start
    assert answer.status_code == 200, answer.status_code
    return elapsed


async def all_at_once(base: str, cookies: list[dict[str, str]], requests: int) -> list[float]:
    """Every official's client asks for its inbox ``requests`` times, all clients at once."""

    async def official(jar: dict[str, str]) -> list[float]:
        async with httpx.AsyncClient(base_url=base, cookies=jar, timeout=120) as client:
            times = []
            for _ in range(requests):
                start = time.perf_counter()
                answer = await client.get("/")
                times.append(time.perf_counter() - start)
                assert answer.status_code == 200, answer.status_code
            return times

    return [t for times in await asyncio.gather(*(official(jar) for jar in cookies)) for t in times]


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return (f"p50 {statistics.median(ordered) * 1000:6.1f} ms   p95 {p95 * 1000:6.1f} ms   "
            f"max {ordered[-1] * 1000:6.1f} ms   ({len(ordered)} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=25)
    parser.add_argument("--completions", type=int, default=10)
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-web-"))
    models = seed_models()
    roster_path = write_demo_setup(work / "setup", [load_model(p) for p in models])
    roster = Roster.load(roster_path)
    service = CaseService(work / "data")
    started = time.perf_counter()
    for index in range(args.cases):
        service.start_case(models[index % len(models)], roster)
    print(f"set-up: {args.cases} open cases started in {time.perf_counter() - started:.1f} s")
    nips = list(dict.fromkeys(e.official.nip for e in roster.entries.values()))[:OFFICIALS]
    accounts = Accounts(service.store.engine)
    for nip in nips:
        accounts.set_password(nip, PASSWORD)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(work / "data", roster_path, port)
    try:
        sessions = [log_in(base, nip) for nip in nips]
        sizes = sorted((int(re.search(r"<strong>(\d+)</strong> tugas menunggu", c.get("/").text).group(1))
                        for c, _ in sessions), reverse=True)
        print(f"inbox sizes of the {len(sessions)} officials: {sizes} (the first {PAGE} rows rendered, "
              "more on request)")
        used = cpu_seconds(server.pid)
        together = asyncio.run(all_at_once(base, [dict(c.cookies) for c, _ in sessions], args.requests))
        used = cpu_seconds(server.pid) - used
        alone = [timed_get(client, "/") for _ in range(args.requests) for client, _ in sessions]
        print(f"inbox, {len(sessions)} officials at once:  {percentiles(together)}")
        print(f"inbox, one request at a time: {percentiles(alone)}")
        print(f"server CPU per inbox request: {used / len(together) * 1000:.1f} ms "
              "(independent of the load other processes put on the machine)")

        seed = resolve_model("lip20-0013")
        assert seed is not None
        role = load_model(seed).tasks["Task_HimpunUsulan"].lane or ""
        entry = roster.for_role(role)
        web_client, csrf = next(s for s, nip in zip(sessions, nips, strict=True) if nip == entry.official.nip)

        def in_process() -> float:
            case_id = service.start_case(seed, roster)
            task = service.ready_tasks(case_id)[0]
            data = service.form_of(case_id, task.form_key).defaults()
            start = time.perf_counter()
            with open_signer(entry.signer) as signer:
                complete_task(service, case_id, task.id, data, signer)
            return time.perf_counter() - start

        def through_web() -> float:
            case_id = service.start_case(seed, roster)
            task = service.ready_tasks(case_id)[0]
            data = service.form_of(case_id, task.form_key).defaults()
            start = time.perf_counter()
            answer = web_client.post(f"/kasus/{case_id}/tugas/{task.id}/selesaikan",
                                     json={"data": data, "secret": PASSPHRASE},
                                     headers={"x-csrf-token": csrf, "accept": "application/json"})
            elapsed = time.perf_counter() - start
            assert answer.status_code == 200, answer.text
            return elapsed

        in_process(), through_web()  # warm both paths
        local, web = [], []
        for _ in range(args.completions):
            local.append(in_process())
            web.append(through_web())
        ratio = statistics.median(web) / statistics.median(local)
        print(f"completion in-process: median {statistics.median(local) * 1000:6.1f} ms")
        print(f"completion via web:    median {statistics.median(web) * 1000:6.1f} ms")
        print(f"web / in-process: {ratio:.2f}x (target <= 1.2x)")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        service.close()


if __name__ == "__main__":
    main()
