"""The README's worked example runs as written: a newcomer's shell session, command for command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).parents[2] / "README.md"


def worked_example() -> str:
    """The shell block under the README's "A worked example" heading."""
    section = README.read_text(encoding="utf-8").split("## A worked example", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "README has no ```sh block in its worked example"
    return match.group(1)


def test_the_worked_example_runs_to_a_verified_archive(tmp_path):
    script = worked_example()
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOPFLOW_")}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    result = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    folder = tmp_path / "coba"
    assert (folder / "draft.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "laporan.pdf").read_bytes().startswith(b"%PDF")
    assert (folder / "arsip" / "bagit.txt").is_file()
    assert "Hasil: LULUS" in result.stdout and "Traceback" not in result.stderr
    assert "selesai" in result.stdout  # the last completion ends the case
