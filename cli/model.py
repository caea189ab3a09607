"""``sopflow model ...``: the model library, named SOP models saved as checked versions."""

from __future__ import annotations

from pathlib import Path

import click

from sopflow import messages
from sopflow.cli.runtime import data_option, database_option, emit_json, errors_to_exit, json_option, open_service

__all__ = ["model"]


@click.group()
def model() -> None:
    """The model library: SOP models saved as checked versions."""


@model.command("add")
@click.argument("model_path", metavar="MODEL", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--name", help="Library name (default: from the file name, e.g. lip20-0013_online).")
@click.option("--forms", "forms_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder of .form files, when they are not beside the model.")
@click.option("--author", "author_nip", help="NIP of the analyst saving this version.")
@data_option
@database_option
@json_option
def add(model_path: Path, name: str | None, forms_dir: Path | None, author_nip: str | None, data_dir: Path,
        database_url: str | None, as_json: bool) -> None:
    """Save MODEL (a .bpmn file) and its forms as the next version of a library model.

    Runs `sopflow check` first: a model with errors is refused with every
    finding and nothing is stored (exit 1). Saving the same files as the
    latest version again adds no version. New versions apply to new cases only.
    """
    from sopflow.runner.library import ModelLibrary

    with errors_to_exit(as_json=as_json):
        service = open_service(data_dir, database_url, create=True)
        try:
            version, new = ModelLibrary(service.store, clock=service.clock).save_file(
                model_path, name=name, forms_dir=forms_dir, author_nip=author_nip)
        finally:
            service.close()
    if as_json:
        emit_json({**version.to_dict(), "new": new})
        return
    line = messages.LIBRARY_SAVED if new else messages.LIBRARY_UNCHANGED
    click.echo(line.format(name=version.name, version=version.version, number=version.sop_number,
                           title=version.sop_title, warnings=len(version.warnings)))


@model.command("list")
@click.argument("name", required=False)
@data_option
@database_option
@json_option
def list_models(name: str | None, data_dir: Path, database_url: str | None, as_json: bool) -> None:
    """List the library's models with their latest version, or every version of model NAME."""
    from sopflow.runner.library import ModelLibrary

    with errors_to_exit(as_json=as_json):
        service = open_service(data_dir, database_url)
        try:
            library = ModelLibrary(service.store)
            versions = library.versions(name) if name else [s.latest for s in library.list_models()]
        finally:
            service.close()
    if as_json:
        emit_json([v.to_dict() for v in versions])
        return
    if not versions:
        click.echo(messages.LIBRARY_EMPTY)
    for version in versions:
        click.echo(messages.LIBRARY_LINE.format(name=version.name, version=version.version,
                                                number=version.sop_number, title=version.sop_title))
