"""The browser assets shipped in the package are the npm packages pinned in package.json, byte for byte.

Copied files are found in their package; the modeller bundle is rebuilt from the
pinned packages and must come out identical.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "web" / "static" / "vendor"
MANIFEST = json.loads((VENDOR / "versions.json").read_text())
PINS = json.loads((ROOT / "package.json").read_text())["devDependencies"]
COPIED = {name: entry for name, entry in MANIFEST.items() if "version" in entry}
BUNDLE = MANIFEST["sopflow-modeler"]


@pytest.mark.parametrize("package", sorted(COPIED))
def test_shipped_version_is_the_pinned_one(package: str) -> None:
    assert COPIED[package]["version"] == PINS[package], "run: npm ci && sh scripts/refresh-web-assets.sh"


@pytest.mark.parametrize("package", sorted(COPIED))
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


def _files(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in folder.rglob("*") if p.is_file()}


def test_modeller_bundle_is_built_from_the_pinned_packages(tmp_path: Path) -> None:
    assert BUNDLE["built_from"] == {name: PINS[name] for name in BUNDLE["built_from"]}
    assert {"bpmn-js", "bpmn-js-properties-panel", "bpmn-js-element-templates", "camunda-bpmn-moddle",
            "@bpmn-io/form-js-editor"} <= set(BUNDLE["built_from"])
    shipped = VENDOR / BUNDLE["folder"]
    assert {f"{BUNDLE['folder']}/{name}": digest for name, digest in _files(shipped).items()} == BUNDLE["files"]
    if not (ROOT / "node_modules" / ".bin" / "esbuild").exists():
        pytest.fail("npm packages are missing: run sh scripts/install-test-tools.sh (npm ci)")
    for name in BUNDLE["built_from"]:
        installed = json.loads((ROOT / "node_modules" / name / "package.json").read_text())["version"]
        assert installed == PINS[name], "run npm ci"
    subprocess.run(["sh", str(ROOT / "scripts" / "build-modeler-bundle.sh"), str(tmp_path)], check=True,
                   capture_output=True, timeout=300)
    assert _files(tmp_path) == _files(shipped), "rebuild it: sh scripts/refresh-web-assets.sh"


def test_modeller_bundle_is_minified_and_bounded() -> None:
    script = VENDOR / BUNDLE["folder"] / "sopflow-modeler.min.js"
    data = script.read_bytes()
    assert len(data) / (data.count(b"\n") + 1) > 500, "minified (only template strings keep line breaks)"
    assert script.stat().st_size < 4_000_000, "the modeller bundle grew past 4 MB: look at what it pulls in"


def test_every_web_file_is_package_data() -> None:
    globs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["sopflow.web"]
    web = ROOT / "web"
    files = [str(p.relative_to(web)) for p in web.rglob("*")
             if p.is_file() and p.suffix != ".py" and "__pycache__" not in p.parts]
    missing = [f for f in files if not any(fnmatch.fnmatch(f, g) and f.count("/") == g.count("/") for g in globs)]
    assert files and not missing, f"not installed with the package: {missing}"
