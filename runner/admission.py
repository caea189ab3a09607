"""Which models may start a case: exactly those ``sopflow check`` accepts.

:func:`admit_model` runs the checker (:func:`sopflow.model.check.check_file`)
on the model and its forms and refuses the model with every error finding
(:class:`~sopflow.errors.ModelRejected`): hostile XML, unsafe conditions,
script tasks, timer expressions, pre/post-scripts, input/output mappings,
missing forms ... There is no second list of rules: what ``check`` rejects
never runs. Nothing is written; the admitted model carries the exact bytes
of the model and forms that were checked, which the case then keeps.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sopflow import messages
from sopflow.errors import ModelError, ModelRejected
from sopflow.files import FileRefused, read_regular_file
from sopflow.model.check import Finding, check_file
from sopflow.model.forms import MAX_FORM_BYTES, find_form, parse_form
from sopflow.model.profile import SopModel, parse_model
from sopflow.model.safe_xml import MAX_MODEL_BYTES

__all__ = ["AdmittedModel", "admit_model"]


@dataclass(frozen=True)
class AdmittedModel:
    """A model ``sopflow check`` accepts, with the bytes of its forms."""

    path: Path
    """The model file."""
    model: SopModel
    """The parsed model; ``model.xml`` are the exact bytes checked."""
    forms: Mapping[str, bytes]
    """Each form key the model uses and the exact bytes of its ``.form`` file."""
    warnings: tuple[Finding, ...]
    """Warnings of the checker (they do not stop a case)."""


def admit_model(model_path: Path, *, forms_dir: Path | None = None) -> AdmittedModel:
    """Check a model as ``sopflow check`` does and load it.

    :raises ModelRejected: the checker finds errors (all of them are in ``findings``).
    :raises ModelError: the model or a form cannot be read.
    """
    findings = check_file(model_path, forms_dir=forms_dir)
    errors = [f for f in findings if f.severity == "error"]
    if errors:
        raise ModelRejected(messages.CASE_MODEL_REJECTED.format(errors=len(errors)), findings=errors,
                            where=str(model_path), hint=messages.HINT_CASE_MODEL_REJECTED)
    model = parse_model(_read(model_path, MAX_MODEL_BYTES), source=str(model_path))
    forms = {}
    for task in model.tasks.values():
        if task.form_key and task.form_key not in forms:
            path = find_form(task.form_key, model_path, forms_dir)
            forms[task.form_key] = _read(path, MAX_FORM_BYTES)
            parse_form(forms[task.form_key], source=str(path))
    return AdmittedModel(path=model_path, model=model, forms=forms,
                         warnings=tuple(f for f in findings if f.severity != "error"))


def _read(path: Path, limit: int) -> bytes:
    try:
        return read_regular_file(path, limit=limit)
    except FileRefused as exc:
        raise ModelError(exc.detail, where=str(path)) from None
