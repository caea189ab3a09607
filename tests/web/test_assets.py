"""The browser assets shipped in the package are the npm packages pinned in package.json, byte for byte."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "web" / "static" / "vendor"
MANIFEST = json.loads((VENDOR / "versions.json").read_text())
PINS = json.loads((ROOT / "package.json").read_text())["devDependencies"]


@pytest.mark.parametrize("package", sorted(MANIFEST))
def test_shipped_version_is_the_pinned_one(package: str) -> None:
    assert MANIFEST[package]["version"] == PINS[package], "run: npm ci && sh scripts/refresh-web-assets.sh"


@pytest.mark.parametrize("package", sorted(MANIFEST))
def test_shipped_files_are_the_packages_files(package: str) -> None:
    installed = ROOT / "node_modules" / package
    if not (installed / "package.json").is_file():
        pytest.fail("npm packages are missing: run sh scripts/install-test-tools.sh (npm ci)")
    assert json.loads((installed / "package.json").read_text())["version"] == PINS[package], "run npm ci"
    shipped = {str(p.relative_to(VENDOR)) for p in (VENDOR / MANIFEST[package]["folder"]).rglob("*") if p.is_file()}
    assert shipped == set(MANIFEST[package]["files"]), "versions.json lists exactly the shipped files"
    for name, digest in MANIFEST[package]["files"].items():
        data = (VENDOR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, name
        assert any(p.read_bytes() == data for p in installed.rglob(Path(name).name)), f"{name} is not from {package}"


def test_every_web_file_is_package_data() -> None:
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["sopflow.web"]
    web = ROOT / "web"
    files = [str(p.relative_to(web)) for p in web.rglob("*")
             if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts]
    missing = [f for f in files if not any(fnmatch.fnmatch(f, g) and f.count("/") == g.count("/") for g in globs)]
    assert files and not missing, f"not installed with the package: {missing}"
