"""``sopflow user set-password`` and ``sopflow serve`` on the command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from web_support import Site

from sopflow.runner.store import Store
from sopflow.web.accounts import Accounts


def sopflow(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sopflow.cli.main", *args], input=stdin, capture_output=True,
                          text=True, timeout=300)


def test_set_password_for_a_rostered_official(site: Site, tmp_path: Path) -> None:
    nip = site.nip("Kepala Seksi Operasional")
    data = tmp_path / "data"
    done = sopflow("user", "set-password", nip, "--roster", str(site.roster_path), "--data-dir", str(data),
                   "--password-stdin", stdin="sandi-yang-panjang\n")
    assert done.returncode == 0, done.stderr
    store = Store(data)
    try:
        accounts = Accounts(store.engine)
        assert accounts.check_password(nip, "sandi-yang-panjang")
        assert not accounts.check_password(nip, "sandi-yang-lain")
    finally:
        store.close()


def test_set_password_refuses_strangers_and_short_passwords(site: Site, tmp_path: Path) -> None:
    data = tmp_path / "data"
    stranger = sopflow("user", "set-password", "199901012020011001", "--roster", str(site.roster_path),
                       "--data-dir", str(data), "--password-stdin", stdin="sandi-yang-panjang\n")
    assert stranger.returncode == 1 and "tidak ada dalam roster" in stranger.stderr
    short = sopflow("user", "set-password", site.nip("Kepala Seksi Operasional"), "--roster", str(site.roster_path),
                    "--data-dir", str(data), "--password-stdin", stdin="pendek\n")
    assert short.returncode != 0 and "minimal 10" in short.stderr


def test_serve_needs_a_roster() -> None:
    done = sopflow("serve", "--data-dir", "unused")
    assert done.returncode == 2 and "--roster" in done.stderr
    assert "--demo" in sopflow("serve", "--help").stdout
