"""``sopflow check``: lint SOP models against the BPMN profile."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sopflow.cli.runtime import emit_json, json_option
from sopflow.model.check import check_paths

__all__ = ["check"]


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--forms", "forms_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of .form files, searched after forms/ beside the model and beside its folder.")
@json_option
def check(paths: tuple[Path, ...], forms_dir: Path | None, as_json: bool) -> None:
    """Check BPMN models (files, or folders of *.bpmn) against the SOP profile.

    Prints one finding per line as file:line: element: [rule] message.
    Exit status 1 when any finding is an error.
    """
    findings = check_paths(list(paths), forms_dir=forms_dir)
    errors = sum(f.severity == "error" for f in findings)
    if as_json:
        emit_json(findings)
    else:
        for finding in findings:
            click.echo(f"{finding}" if finding.severity == "error" else f"{finding} (warning)")
        warnings = len(findings) - errors
        click.echo(f"{errors} error(s), {warnings} warning(s)", err=bool(errors))
    sys.exit(1 if errors else 0)
