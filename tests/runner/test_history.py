"""Bounded history: loops never make a case unrunnable, and pruning changes no path or data."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest
from support import LOOP_SEED, complete, consistency_problems, seed

from sopflow.bpmn import seed_models
from sopflow.model.forms import FormSpec, load_form
from sopflow.model.profile import load_model
from sopflow.runner import engine as engine_module
from sopflow.runner.cases import CaseService
from sopflow.runner.engine import Engine

FORMS = Path(__file__).resolve().parents[2] / "forms"
RETURN = "kembalikan"


@cache
def _form(key: str) -> FormSpec:
    return load_form(FORMS / f"{key}.form")


def _returns(key: str | None) -> list[str]:
    """Fields of a form offering the return-for-revision decision."""
    if not key:
        return []
    raw = json.loads((FORMS / f"{key}.form").read_text(encoding="utf-8"))
    return [c["key"] for c in raw["components"]
            if any(v.get("value") == RETURN for v in c.get("values", []))]


def _run(path: Path, loops: int) -> tuple[list[str], dict, list[int]]:
    """Run a model to its end, returning every decision ``loops`` times; (path, final data, state sizes)."""
    model = load_model(path)
    engine = Engine(model)
    workflow = engine.start()
    visits: dict[str, int] = {}
    trail, sizes = [], []
    for _ in range(20 * (loops + 1) * len(model.tasks)):
        if workflow.is_completed():
            break
        task = engine.ready_tasks(workflow)[0]
        profile = model.tasks[task.spec_id]
        data = _form(profile.form_key).defaults() if profile.form_key else {}
        visits[task.spec_id] = visits.get(task.spec_id, 0) + 1
        if visits[task.spec_id] <= loops:
            data.update({key: RETURN for key in _returns(profile.form_key)})
        engine.complete(workflow, engine.find_task(workflow, task.id), data)
        state = engine.save(workflow)
        sizes.append(len(state))
        workflow = engine.restore(state)
        trail.append(task.spec_id)
    assert workflow.is_completed(), f"{path.name} did not finish"
    return trail, workflow.data, sizes


LOOPING = [p for p in seed_models() if any(_returns(t.form_key) for t in load_model(p).tasks.values())]


def test_some_seed_models_loop():
    assert any(LOOP_SEED in p.name for p in LOOPING)


@pytest.mark.parametrize("path", seed_models(), ids=lambda p: p.stem)
def test_pruning_changes_neither_path_nor_data(path, monkeypatch):
    pruned = _run(path, loops=3)
    monkeypatch.setattr(engine_module, "prune_history", lambda workflow: 0)
    unpruned = _run(path, loops=3)
    assert pruned[0] == unpruned[0]
    assert pruned[1] == unpruned[1]
    assert max(pruned[2]) <= max(unpruned[2])


@pytest.mark.parametrize("path", LOOPING, ids=lambda p: p.stem)
def test_three_hundred_returns_keep_the_state_bounded(path):
    trail, _data, sizes = _run(path, loops=300)
    _few_trail, _few_data, few = _run(path, loops=5)
    assert len(trail) > 600
    assert max(sizes) <= max(few) * 1.05, (max(sizes), max(few))


def test_a_looping_case_keeps_every_step_in_its_journal(tmp_path, roster):
    service = CaseService(tmp_path / "data")
    case_id = service.start_case(seed(LOOP_SEED), roster)
    sizes = {}
    returns = 0
    while views := service.ready_tasks(case_id):
        view = views[0]
        overrides = None
        if view.spec_id == "Task_TelitiLaporan" and returns < 12:
            overrides, returns = {"keputusan": RETURN}, returns + 1
            sizes[returns] = service.state_size(case_id)
        complete(service, roster, view, overrides)
    journal = service.journal(case_id)
    assert sum(1 for e in journal if e["task"]["spec"] == "Task_TelitiLaporan") == 13
    assert sum(1 for e in journal if e["task"]["spec"] == "Task_SusunLaporan") == 13
    assert consistency_problems(service, case_id) == []
    assert sizes[12] <= sizes[2] * 1.05, sizes
    # the re-drafted laporan kept its one letter number through every revision
    numbers = {e["nomor"] for e in journal if e["document"] == "laporan"}
    assert len(numbers) == 1 and None not in numbers
    service.close()
