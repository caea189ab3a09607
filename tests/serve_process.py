"""A ``sopflow serve`` process (and its workers) for tests that need a server of its own."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx2 as httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """One ``sopflow serve`` process (and its workers) on its own port and data directory."""

    process: subprocess.Popen
    base: str
    data_dir: Path
    log: Path

    @classmethod
    def start(cls, data_dir: Path, url: str | None, roster: Path, workers: int = 1,
              env: dict[str, str] | None = None) -> Server:
        """Start it and wait until it answers (``env`` adds to this process's environment)."""
        data_dir.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        log = data_dir.parent / f"{data_dir.name}.log"
        database = ["--database-url", url] if url else []
        with log.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "sopflow.cli.main", "serve", "--data-dir", str(data_dir), *database,
                 "--roster", str(roster), "--port", str(port), "--workers", str(workers)],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **(env or {})})
        server = cls(process=process, base=f"http://127.0.0.1:{port}", data_dir=data_dir, log=log)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, server.log.read_text(errors="replace")
            try:
                if httpx.get(f"{server.base}/masuk", timeout=5).status_code == 200:
                    return server
            except httpx.TransportError:
                time.sleep(0.2)
        server.stop()
        raise AssertionError(f"the server did not start: {log.read_text(errors='replace')}")

    def workers(self) -> int:
        """Worker processes serving requests (children uvicorn spawned)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return sum("spawn_main" in Path(f"/proc/{child}/cmdline").read_text(errors="replace") for child in children)

    def stop(self) -> None:
        """Stop the server and its workers (the process group it leads)."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
