"""``sopflow forms ...``: task forms of a model."""

from __future__ import annotations

from pathlib import Path

import click

from sopflow import messages
from sopflow.cli.runtime import emit_json, errors_to_exit, forms_dir_option, json_option, out_dir_option, resolve_sop
from sopflow.model.profile import load_model
from sopflow.modeler.scaffold import scaffold_forms

__all__ = ["forms"]


@click.group()
def forms() -> None:
    """Task forms (Camunda Forms JSON) of a model."""


@forms.command("scaffold")
@click.argument("model")
@out_dir_option("Folder for the new forms (default: the model's forms/ folder, or the one beside its folder).")
@forms_dir_option("Further folder searched for existing forms, as in sopflow check.", must_exist=True)
@json_option
def scaffold(model: str, out_dir: Path | None, forms_dir: Path | None, as_json: bool) -> None:
    """Write a form for every task of MODEL (a .bpmn file or seed SOP number) that has none.

    Create tasks get the fields their document type reads, tasks before a decision
    a select field for it, the others a Catatan field. Existing forms are never
    overwritten. Tasks without camunda:formKey are listed with the key to set.
    """
    with errors_to_exit(as_json=as_json):
        path = resolve_sop(model)
        results = scaffold_forms(load_model(path), path, out_dir, forms_dir=forms_dir)
    if as_json:
        emit_json({"forms": results})
        return
    for result in results:
        state = messages.FORM_WRITTEN if result.written else messages.FORM_KEPT
        click.echo(messages.FORM_LINE.format(task=result.task_id, path=result.path, state=state))
        if result.key_missing:
            click.echo(messages.FORM_KEY_MISSING.format(key=result.form_key, task=result.task_id, model=path))
    written = sum(r.written for r in results)
    click.echo(messages.FORMS_SUMMARY.format(written=written, kept=len(results) - written))
