"""Camunda Forms scaffolded from a model, so that a task's form cannot mismatch its document.

For every task a person performs that has no form yet:

- a ``create`` task gets one field per form key its document type reads
  (:func:`sopflow.templates.document_keys`): the type's label, required as the
  type requires, a text area for long or one-per-line values;
- a task followed by a decision (an exclusive gateway whose conditions compare
  form data with constants, ``keputusan == "kembalikan"``) gets a select field
  per name compared, offering those constants and, for the default flow,
  ``setuju``;
- every task that renders no document of its own gets an optional ``catatan``.

Existing forms are never overwritten: a task whose ``camunda:formKey`` already
resolves to a form file is left alone, and a file is only ever created, never
replaced.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sopflow import __version__
from sopflow.errors import ModelError
from sopflow.model.expressions import compared_values
from sopflow.model.forms import find_form, is_form_key
from sopflow.model.profile import SopModel, TaskProfile
from sopflow.templates import document_keys, load_type

__all__ = ["ScaffoldedForm", "default_forms_dir", "form_key_for", "form_for_task", "scaffold_forms"]

APPROVE = "setuju"
"""The decision value taking a gateway's default flow."""
_CHOICE_LABELS = {"setuju": "Setuju", "kembalikan": "Kembalikan untuk perbaikan", "tolak": "Tolak"}
_TEXT_MAX, _LINE_MAX = 4000, 250
_NOTE = {"label": "Catatan", "type": "textarea", "id": "Field_catatan", "key": "catatan",
         "validate": {"maxLength": _TEXT_MAX}}


@dataclass(frozen=True)
class ScaffoldedForm:
    """What scaffolding did for one task."""

    task_id: str
    """The task."""
    form_key: str
    """Its form key (derived from the task id when the task had none)."""
    path: Path
    """The form file written, or the existing one."""
    written: bool
    """Whether the file was written now (``False``: a form existed and was kept)."""
    key_missing: bool
    """The task has no ``camunda:formKey`` yet: set it to :attr:`form_key` in the model."""
    fields: tuple[str, ...]
    """Keys of the form's fields."""


def default_forms_dir(model_path: Path) -> Path:
    """Where forms of a model go: its ``forms/`` folder, else the one beside its folder, else a new ``forms/``."""
    for candidate in (model_path.parent / "forms", model_path.parent.parent / "forms"):
        if candidate.is_dir():
            return candidate
    return model_path.parent / "forms"


def _snake(text: str) -> str:
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", text)
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def form_key_for(model: SopModel, task: TaskProfile) -> str:
    """The task's form key, or one derived from the SOP number and task id (``lip20_0013_teliti_laporan``)."""
    if task.form_key:
        return task.form_key
    name = _snake(re.sub(r"^(?:Task|Activity|UserTask)_", "", task.id)) or "task"
    prefix = _snake(model.number)
    return f"{prefix}_{name}" if prefix else name


def _document_fields(template: str) -> list[dict[str, Any]]:
    fields = []
    for key in document_keys(template):
        component: dict[str, Any] = {
            "label": key.label,
            "type": "textarea" if key.multiline else "textfield",
            "id": f"Field_{key.key}",
            "key": key.key,
            "validate": {"maxLength": _TEXT_MAX if key.multiline else _LINE_MAX},
        }
        if key.required and key.default is None:
            component["validate"]["required"] = True
        if key.columns:
            component["description"] = f"Satu baris per entri: {' | '.join(key.columns)}"
        fields.append(component)
    return fields


def _decisions(model: SopModel, task: TaskProfile) -> dict[str, list[str]]:
    """Names the decision after a task compares, with their values (the default flow's ``setuju`` first)."""
    found: dict[str, list[str]] = {}
    for flow in model.outgoing(task.id):
        gateway = model.elements.get(flow.target)
        if gateway is None or gateway.kind != "exclusiveGateway" or len(model.outgoing(gateway.id)) < 2:
            continue
        for branch in model.outgoing(gateway.id):
            if not branch.condition:
                continue
            try:
                compared = compared_values(branch.condition, where=f"{model.source}: {branch.id}")
            except ModelError:
                continue  # `sopflow check` reports the condition
            for name, values in compared.items():
                known = found.setdefault(name, [APPROVE] if gateway.default_flow else [])
                known += [v for v in values if v not in known]
    return found


def _decision_field(name: str, values: list[str]) -> dict[str, Any]:
    field: dict[str, Any] = {
        "label": name.replace("_", " ").capitalize(),
        "type": "select",
        "id": f"Field_{name}",
        "key": name,
        "validate": {"required": True},
        "values": [{"label": _CHOICE_LABELS.get(v, v.replace("_", " ").capitalize()), "value": v} for v in values],
    }
    if APPROVE in values:
        field["defaultValue"] = APPROVE
    return field


def form_for_task(model: SopModel, task: TaskProfile) -> dict[str, Any]:
    """The Camunda Form (as Camunda Modeler writes it) for one task.

    :raises ModelError: a ``create`` task names an unknown document type.
    """
    components: list[dict[str, Any]] = []
    renders = task.action == "create" and task.template
    if renders:
        components += _document_fields(str(task.template))
    for name, values in _decisions(model, task).items():
        if all(c["key"] != name for c in components):
            components.append(_decision_field(name, values))
    if not renders or load_type(task.template).prints_form:
        components.append(dict(_NOTE))
    return {
        "type": "default",
        "id": form_key_for(model, task),
        "components": components,
        "executionPlatform": "Camunda Platform",
        "executionPlatformVersion": "7.21.0",
        "schemaVersion": 16,
        "exporter": {"name": "sopflow", "version": __version__},
    }


def _create(path: Path, text: str) -> bool:
    """Write a new file; ``False`` when anything (a file, a link) already has the name."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)
    return True


def scaffold_forms(model: SopModel, model_path: Path, out_dir: Path | None = None, *,
                   forms_dir: Path | None = None) -> list[ScaffoldedForm]:
    """Write a form for every task of ``model`` that has none; never overwrite one.

    :param model_path: the model file (forms are looked up beside it as the runner does).
    :param out_dir: where new forms go (default :func:`default_forms_dir`).
    :param forms_dir: the ``--forms`` folder also searched for existing forms.
    :raises ModelError: the output folder cannot be created or written, or a document type is unknown.
    """
    target = out_dir or default_forms_dir(model_path)
    for task in model.tasks.values():  # refuse bad input before writing anything
        if not is_form_key(form_key_for(model, task)):
            raise ModelError(f"task {task.id}: form key {form_key_for(model, task)!r} is not a plain form id",
                             where=f"{model.source}:{task.line}",
                             hint="set camunda:formKey to letters, digits, '_', '.', '-' (no folders)")
    forms = {task.id: form_for_task(model, task) for task in model.tasks.values()}
    results: list[ScaffoldedForm] = []
    for task in model.tasks.values():
        key = form_key_for(model, task)
        form = forms[task.id]
        fields = tuple(c["key"] for c in form["components"])
        existing = _existing(key, model_path, forms_dir, target) if task.form_key else None
        if existing is not None:
            results.append(ScaffoldedForm(task.id, key, existing, False, False, fields))
            continue
        path = target / f"{key}.form"
        try:
            target.mkdir(parents=True, exist_ok=True)
            written = _create(path, json.dumps(form, indent=2, ensure_ascii=False) + "\n")
        except OSError as exc:
            raise ModelError(f"cannot write the form: {exc.strerror}", where=str(path),
                             hint="choose a writable folder with --out") from exc
        results.append(ScaffoldedForm(task.id, key, path, written, task.form_key is None, fields))
    return results


def _existing(key: str, model_path: Path, forms_dir: Path | None, target: Path) -> Path | None:
    if (target / f"{key}.form").exists():
        return target / f"{key}.form"
    try:
        return find_form(key, model_path, forms_dir)
    except ModelError:
        return None
