"""Scaffolded forms open in the form-js editor (the Camunda Forms editor of Camunda Modeler)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from sopflow.bpmn import seed_models
from sopflow.model.profile import load_model
from sopflow.modeler.scaffold import scaffold_forms


def test_form_js_editor_imports_every_scaffolded_form(page, bundles: Path, tmp_path: Path) -> None:
    paths = []
    for seed in seed_models():
        (tmp_path / seed.stem).mkdir()
        model_path = Path(shutil.copy(seed, tmp_path / seed.stem / seed.name))
        paths += [r.path for r in scaffold_forms(load_model(model_path), model_path)]
    page.goto((bundles / "formeditor.html").as_uri())
    for path in paths:
        form = json.loads(path.read_text("utf-8"))
        result = page.evaluate("schema => importForm(document.getElementById('editor'), schema)", form)
        assert result == {"ok": True, "warnings": [], "components": len(form["components"])}, path.name
    broken = {"type": "default", "components": [{"type": "no_such_field", "key": "x", "id": "Field_x"}]}
    result = page.evaluate("schema => importForm(document.getElementById('editor'), schema)", broken)
    assert result["ok"] is False, "the editor check must be able to fail"
