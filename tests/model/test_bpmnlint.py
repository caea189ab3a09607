"""The seed models pass bpmnlint's recommended rules (the modelling community's baseline)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _bpmnlint() -> str:
    local = REPO / "node_modules" / ".bin" / "bpmnlint"
    if local.exists():
        return str(local)
    found = shutil.which("bpmnlint")
    if found is None:
        pytest.fail("bpmnlint is not installed: run `npm ci` at the repository root")
    return found


def test_seed_models_pass_bpmnlint() -> None:
    models = sorted((REPO / "bpmn").glob("*.bpmn"))
    assert models, "no seed models in bpmn/"
    result = subprocess.run([_bpmnlint(), *map(str, models)], cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert " error " not in result.stdout


def test_bpmnlint_catches_a_model_without_diagram(tmp_path: Path) -> None:
    """The lint really runs: a model without diagram interchange fails it."""
    model = tmp_path / "good.bpmn"
    shutil.copy(Path(__file__).parent / "fixtures" / "good.bpmn", model)
    shutil.copy(REPO / ".bpmnlintrc", tmp_path / ".bpmnlintrc")
    result = subprocess.run([_bpmnlint(), str(model)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "no-bpmndi" in result.stdout
