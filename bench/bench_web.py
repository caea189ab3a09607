"""Web workspace speed, measured in one run against a real server on loopback.

Usage: ``python bench/bench_web.py [--cases 1000] [--seconds 10] [--completions 10]``. Prints:

1. Inbox: CASES open cases (the seed SOPs in turn, each waiting at its first
   task), 20 officials logged in; each official's connection asks for its
   Kotak Masuk again as soon as the last answer arrived, all 20 at once (a
   closed loop, no think time) for SECONDS, then the same officials' requests
   one at a time. p50 / p95 / max latency of a request (target: p95 <=
   100 ms), their ratio, and the server's CPU time per request. The load
   comes from wrk (``bench/inbox_load.lua``; Debian package ``wrk``), a C
   client that leaves the cores to the server, so the figures are the
   server's; every answer must be 200 (a lost session would show as a
   redirect and fail the run).
2. Completion: the first task of LIP20-0013 (a signed activity record)
   completed COMPLETIONS times in-process as the command line does
   (``open_signer`` + ``complete_task``) and COMPLETIONS times through the
   web (``POST .../selesaikan`` with the passphrase), each on a fresh case;
   medians and their ratio (target: web <= 1.2x in-process).

The server is ``sopflow serve`` in its own process (one uvicorn worker).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
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
from sopflow.web.render import SESSION_COOKIE

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


def wrk_load(base: str, cookies: list[str], seconds: int, *, together: bool) -> dict[str, int]:
    """Latency figures (microseconds) of wrk asking for the officials' inboxes: one connection per
    official all at once (``together``), else one connection sending the officials' requests in turn."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise SystemExit("the inbox load needs wrk (Debian: apt-get install wrk)")
    connections = len(cookies) if together else 1
    answer = subprocess.run(
        [wrk, f"--threads={connections}", f"--connections={connections}", f"--duration={seconds}s",
         "--timeout=30s", f"--script={Path(__file__).with_name('inbox_load.lua')}", f"{base}/"],
        capture_output=True, text=True, check=True,
        env={**os.environ, "BENCH_COOKIES": " ".join(cookies), "BENCH_ROTATE": "0" if together else "1"},
    )
    line = next(x for x in answer.stdout.splitlines() if x.startswith("RESULT "))
    figures = {k: int(v) for k, v in (field.split("=") for field in line.split()[1:])}
    if figures["not_ok"] or figures["errors"]:
        raise SystemExit(f"the inbox load failed: {line}")
    return figures


def latency(figures: dict[str, int]) -> str:
    return (f"p50 {figures['p50_us'] / 1000:6.1f} ms   p95 {figures['p95_us'] / 1000:6.1f} ms   "
            f"max {figures['max_us'] / 1000:6.1f} ms   ({figures['requests']} requests)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seconds", type=int, default=10, help="Length of each inbox load.")
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
        cookies = [f"{SESSION_COOKIE}={client.cookies[SESSION_COOKIE]}" for client, _ in sessions]
        used = cpu_seconds(server.pid)
        together = wrk_load(base, cookies, args.seconds, together=True)
        used = cpu_seconds(server.pid) - used
        alone = wrk_load(base, cookies, args.seconds, together=False)
        print(f"inbox, {len(sessions)} officials at once:  {latency(together)}")
        print(f"inbox, one request at a time: {latency(alone)}")
        print(f"p95 at once / p95 one at a time: {together['p95_us'] / alone['p95_us']:.1f}x "
              f"(target: p95 at once <= 100 ms)")
        print(f"server CPU per inbox request: {used / together['requests'] * 1000:.2f} ms "
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
