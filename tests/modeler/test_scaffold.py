"""``sopflow forms scaffold``: forms that match their documents, open in form-js, and run a real case."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from sopflow.bpmn import seed_models
from sopflow.cli.main import main
from sopflow.model.check import check_paths
from sopflow.model.profile import load_model
from sopflow.modeler.scaffold import scaffold_forms
from sopflow.runner.cases import CaseService
from sopflow.runner.completion import complete_task
from sopflow.signing import open_signer
from sopflow.templates import document_keys

SEEDS = seed_models()


def _bare_copy(seed: Path, root: Path) -> Path:
    """The seed model alone in ``root/bpmn`` (no forms anywhere near it)."""
    (root / "bpmn").mkdir(parents=True)
    return Path(shutil.copy(seed, root / "bpmn" / seed.name))


def _form(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem.split("_")[0])
def test_scaffolded_forms_match_the_document_types_and_pass_check(tmp_path: Path, seed: Path) -> None:
    model_path = _bare_copy(seed, tmp_path)
    model = load_model(model_path)
    results = scaffold_forms(model, model_path)
    assert all(r.written for r in results) and {r.task_id for r in results} == set(model.tasks)
    assert [f"{f.element} [{f.rule}] {f.message}" for f in check_paths([model_path])] == []
    for result in results:
        task = model.tasks[result.task_id]
        components = {c["key"]: c for c in _form(result.path)["components"]}
        if task.action == "create":
            keys = document_keys(task.template)
            assert [k.key for k in keys] == [k for k in components if k != "keputusan"]
            for key in keys:
                assert components[key.key]["label"] == key.label
                assert components[key.key]["type"] == ("textarea" if key.multiline else "textfield")
                assert components[key.key]["validate"].get("required", False) == (key.required and not key.default)
        else:
            assert "catatan" in components
    decisions = [r for r in results if "keputusan" in r.fields]
    conditions = [f for f in model.flows if f.condition and "keputusan" in f.condition]
    assert len(decisions) == len({f.source for f in conditions})
    for result in decisions:
        decision = {c["key"]: c for c in _form(result.path)["components"]}["keputusan"]
        assert [v["value"] for v in decision["values"]] == ["setuju", "kembalikan"]
        assert decision["defaultValue"] == "setuju"


def test_existing_forms_are_never_overwritten(tmp_path: Path) -> None:
    seed = SEEDS[0]
    model_path = _bare_copy(seed, tmp_path)
    model = load_model(model_path)
    first, second = list(model.tasks.values())[:2]
    forms = tmp_path / "bpmn" / "forms"
    forms.mkdir()
    kept = forms / f"{first.form_key}.form"
    kept.write_text('{"components": []}', encoding="utf-8")
    outside = tmp_path / "outside.txt"
    outside.write_text("untouched", encoding="utf-8")
    (forms / f"{second.form_key}.form").symlink_to(outside)

    results = {r.task_id: r for r in scaffold_forms(model, model_path)}
    assert kept.read_text("utf-8") == '{"components": []}'
    assert outside.read_text("utf-8") == "untouched"
    assert not results[first.id].written and not results[second.id].written
    assert sum(r.written for r in results.values()) == len(model.tasks) - 2
    again = scaffold_forms(model, model_path)
    assert not any(r.written for r in again)


def test_a_task_without_form_key_gets_a_derived_key(tmp_path: Path) -> None:
    seed = next(p for p in SEEDS if "lip30-0006" in p.name)
    model_path = _bare_copy(seed, tmp_path)
    text = model_path.read_text("utf-8").replace(' camunda:formKey="lip30_0006_teliti_laporan"', "")
    model_path.write_text(text, encoding="utf-8")
    results = {r.task_id: r for r in scaffold_forms(load_model(model_path), model_path, tmp_path / "out")}
    derived = results["Task_TelitiLaporan"]
    assert derived.key_missing and derived.form_key == "lip30_0006_teliti_laporan"
    assert derived.path == tmp_path / "out" / "lip30_0006_teliti_laporan.form"
    assert not any(r.key_missing for r in results.values() if r.task_id != "Task_TelitiLaporan")


def _sample_data(form: dict[str, Any]) -> dict[str, Any]:
    """What an official types: every required field filled, selects on their default (the approve path)."""
    data: dict[str, Any] = {}
    for component in form["components"]:
        if "defaultValue" in component:
            data[component["key"]] = component["defaultValue"]
        elif component.get("validate", {}).get("required"):
            columns = component.get("description", "").partition(": ")[2]
            data[component["key"]] = (columns.replace("/", " ") if columns else f"Isian {component['label']}")
    return data


def test_scaffolded_forms_run_a_real_case_unchanged(tmp_path: Path, roster) -> None:
    seed = next(p for p in SEEDS if "lip30-0006" in p.name)  # parallel branches and a review loop
    model_path = _bare_copy(seed, tmp_path)
    scaffold_forms(load_model(model_path), model_path)
    service = CaseService(tmp_path / "data")
    try:
        case_id = service.start_case(model_path, roster)
        completed = 0
        while views := service.ready_tasks(case_id):
            view = views[0]
            form = _form(tmp_path / "bpmn" / "forms" / f"{view.form_key}.form")
            with open_signer(roster.for_role(view.role or "").signer) as signer:
                complete_task(service, case_id, view.id, _sample_data(form), signer)
            completed += 1
        assert completed == len(load_model(model_path).tasks)
        assert service.summary(case_id).status == "completed"
        assert len(service.journal(case_id)) == completed
        report = service.documents(case_id)
        assert {d.document_id for d in report} >= {"laporan"}
    finally:
        service.close()


def test_cli_scaffold_and_types(tmp_path: Path) -> None:
    model_path = _bare_copy(SEEDS[0], tmp_path)
    runner = CliRunner()
    first = runner.invoke(main, ["forms", "scaffold", str(model_path), "--out", str(tmp_path / "f"), "--json"])
    assert first.exit_code == 0, first.output
    forms = json.loads(first.output)["data"]["forms"]
    assert forms and all(f["written"] for f in forms)
    second = runner.invoke(main, ["forms", "scaffold", str(model_path), "--out", str(tmp_path / "f")])
    assert second.exit_code == 0 and "0 formulir ditulis" in second.output
    missing = runner.invoke(main, ["forms", "scaffold", str(tmp_path / "nope.bpmn")])
    assert missing.exit_code == 1 and "nope.bpmn" in missing.output

    listing = runner.invoke(main, ["types", "--json"])
    assert listing.exit_code == 0
    types = {t["type"]: t for t in json.loads(listing.output)["data"]}
    assert [k["key"] for k in types["nota_dinas"]["keys"]] == [k.key for k in document_keys("nota_dinas")]
    text = runner.invoke(main, ["types"]).output
    assert "surat_tugas" in text and "* menimbang" in text


def test_profile_documents_every_type_with_its_keys() -> None:
    from sopflow.templates import known_types

    text = (Path(__file__).resolve().parents[2] / "docs" / "profile.md").read_text("utf-8")
    rows = {line.split("|")[1].strip(" `"): line for line in text.splitlines() if line.startswith("| `")}
    for name in known_types():
        assert name in rows, f"docs/profile.md has no row for document type {name}"
        for key in document_keys(name):
            if key.key in ("atas_nama", "untuk_beliau", "tembusan"):
                continue
            marked = f"**`{key.key}`**" in rows[name]
            assert f"`{key.key}`" in rows[name], f"{name}: key {key.key} undocumented"
            assert marked == (key.required and not key.default), f"{name}: {key.key} required mark"


def test_a_form_key_with_a_path_is_refused_and_nothing_written(tmp_path: Path) -> None:
    model_path = _bare_copy(SEEDS[0], tmp_path)
    task = next(iter(load_model(model_path).tasks.values()))
    text = model_path.read_text("utf-8").replace(f'camunda:formKey="{task.form_key}"',
                                                 'camunda:formKey="../../escaped"', 1)
    model_path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["forms", "scaffold", str(model_path), "--json"])
    assert result.exit_code == 1
    error = json.loads(result.output)["error"]
    assert "../../escaped" in error["message"] and str(model_path) in error["location"]
    assert not (tmp_path / "escaped.form").exists() and not (tmp_path.parent / "escaped.form").exists()
    assert not (tmp_path / "bpmn" / "forms").exists()
