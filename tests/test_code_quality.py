"""The code base passes ruff and mypy (configured in pyproject.toml)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> list[str]:
    if shutil.which(name, path=str(Path(sys.executable).parent)) is None:
        pytest.fail(f"{name} is not installed; install the test extra: pip install -c constraints.txt -e '.[test]'")
    return [sys.executable, "-m", name]


def test_ruff_is_clean() -> None:
    result = subprocess.run([*_tool("ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _package_tree() -> Path:
    """A ``sopflow`` package of symlinks laid out as pyproject's package-dir says, for mypy to read.

    The source folders (``runner/``, ``cli/`` ...) are installed as ``sopflow.runner`` etc.;
    mypy needs them under one ``sopflow/`` directory to resolve ``sopflow.*`` imports.
    """
    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    tree = ROOT / ".mypy_cache" / "package-tree"
    package = tree / "sopflow"
    if package.exists():
        shutil.rmtree(package)
    package.mkdir(parents=True)
    for module in (ROOT / "sopflow").glob("*.py"):
        (package / module.name).symlink_to(module)
    for name, folder in mapping.items():
        if name.count(".") == 1:  # sopflow.runner -> runner/ (deeper packages lie inside their parent's folder)
            (package / name.removeprefix("sopflow.")).symlink_to(ROOT / folder, target_is_directory=True)
    return tree


def test_mypy_is_clean() -> None:
    tree = _package_tree()
    result = subprocess.run(
        [*_tool("mypy"), "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(ROOT / ".mypy_cache"), "-p", "sopflow"],
        cwd=tree, capture_output=True, text=True, env={**os.environ, "MYPY_FORCE_COLOR": "0"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
