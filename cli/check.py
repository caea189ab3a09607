"""``sopflow check``: lint SOP models against the BPMN profile."""

from __future__ import annotations

from pathlib import Path

import click

from sopflow import messages
from sopflow.cli.runtime import emit_verdict, errors_to_exit, forms_dir_option, json_option

__all__ = ["check"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@forms_dir_option("Folder of .form files, searched after forms/ beside the model and beside its folder.",
                  must_exist=True)
@json_option
def check(paths: tuple[Path, ...], forms_dir: Path | None, as_json: bool) -> None:
    """Check BPMN models (files, or folders of *.bpmn) against the SOP profile.

    Prints one finding per line as file:line: element: [rule] message.
    Exit status 1 when any finding is an error, or when a folder holds no model.
    """
    from sopflow.errors import ModelError
    from sopflow.model.check import check_paths

    with errors_to_exit(as_json=as_json):
        for path in paths:
            if path.is_dir() and next(path.rglob("*.bpmn"), None) is None:
                raise ModelError(messages.CHECK_NO_MODELS, where=str(path), hint=messages.HINT_CHECK_NO_MODELS)
        findings = check_paths(list(paths), forms_dir=forms_dir)
    errors = sum(f.severity == "error" for f in findings)
    if not as_json:
        for finding in findings:
            click.echo(f"{finding}" if finding.severity == "error" else f"{finding}{messages.CHECK_WARNING_SUFFIX}")
        click.echo(messages.CHECK_SUMMARY.format(errors=errors, warnings=len(findings) - errors), err=bool(errors))
    emit_verdict(not errors, findings, kind="check-failed", message=messages.CHECK_FAILED.format(errors=errors),
                 as_json=as_json)
