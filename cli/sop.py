"""``sopflow sop ...``: the SOP document of a model."""

from __future__ import annotations

from pathlib import Path

import click

from sopflow.bpmn import resolve_model
from sopflow.cli.runtime import emit_json, errors_to_exit, json_option
from sopflow.errors import ModelError
from sopflow.model.profile import load_model
from sopflow.sopdoc import PAPERS, build_sop_document


@click.group()
def sop() -> None:
    """The SOP document (PermenPAN-RB 35/2012) drawn from a model."""


@sop.command("render")
@click.argument("bpmn")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path),
              help="PDF to write (default: the model's name with .pdf, in the current folder).")
@click.option("--paper", type=click.Choice(sorted(PAPERS)), default="A4", show_default=True, help="Paper size.")
@json_option
def render(bpmn: str, out: Path | None, paper: str, as_json: bool) -> None:
    """Render the SOP document of BPMN (a .bpmn file or a seed SOP number such as LIP20-0013)."""
    with errors_to_exit(as_json=as_json):
        path = resolve_model(bpmn)
        if path is None:
            raise ModelError(f"{bpmn!r} is neither a model file nor a seed SOP number", where=bpmn,
                             hint="give the path of a .bpmn file")
        document = build_sop_document(load_model(path), paper=paper)
        target = out or Path(f"{path.stem}.pdf")
        try:
            target.write_bytes(document.pdf)
        except OSError as exc:
            raise ModelError(f"cannot write the PDF: {exc.strerror}", where=str(target),
                             hint="choose a writable --out path") from exc
    if as_json:
        emit_json({"pdf": target, "pages": document.pages, "symbols": document.symbols.as_dict()})
    else:
        click.echo(f"{target}  ({document.pages} halaman)")
