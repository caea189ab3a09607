"""``sopflow sop ...``: the SOP document of a model."""

from __future__ import annotations

from pathlib import Path

import click

from sopflow import messages
from sopflow.cli.runtime import (
    ask_secret,
    emit_json,
    errors_to_exit,
    forms_dir_option,
    json_option,
    out_file_option,
    resolve_sop,
    write_output,
)
from sopflow.model.profile import load_model
from sopflow.signing import SignerSpec, SigningContext, load_certificate, open_signer
from sopflow.sopdoc import PAPERS, build_sop_document
from sopflow.sopdoc.publish import sign_sop


@click.group()
def sop() -> None:
    """The SOP document (PermenPAN-RB 35/2012) drawn from a model."""


@sop.command("render")
@click.argument("bpmn")
@out_file_option("PDF to write (default: the model's name with .pdf, in the current folder).")
@click.option("--paper", type=click.Choice(sorted(PAPERS)), default="A4", show_default=True, help="Paper size.")
@click.option("--sign", "signer_p12", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Sign the rendered SOP as the approving official with this PKCS#12 file.")
@click.option("--passphrase", envvar="SOPFLOW_PASSPHRASE", help="Passphrase of --sign (env SOPFLOW_PASSPHRASE).")
@click.option("--trust", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Trust root the signature must verify against (required with --sign).")
@json_option
def render(bpmn: str, out: Path | None, paper: str, signer_p12: Path | None, passphrase: str | None,
           trust: Path | None, as_json: bool) -> None:
    """Render the SOP document of BPMN (a .bpmn file or a seed SOP number such as LIP20-0013).

    With --sign, the approving official signs the "Disahkan oleh" block (PAdES) and the
    signature is verified before the file is written.
    """
    with errors_to_exit(as_json=as_json):
        path = resolve_sop(bpmn)
        model = load_model(path)
        document = build_sop_document(model, paper=paper)
        pdf = document.pdf
        if signer_p12:
            if trust is None:
                raise click.UsageError(messages.SOP_SIGN_NEEDS_TRUST)
            spec = SignerSpec.from_config({"pkcs12": str(signer_p12),
                                           "passphrase": passphrase or ask_secret(
                                               messages.PASSPHRASE_PROMPT.format(signer=signer_p12.name),
                                               "frasa sandi")},
                                          where="--sign")
            context = SigningContext(trust_roots=(load_certificate(trust),))
            with open_signer(spec) as signer:
                pdf = sign_sop(document, signer, context, model=model)
        target = out or Path(f"{path.stem}.pdf")
        write_output(target, pdf)
    if as_json:
        emit_json({"pdf": target, "pages": document.pages, "symbols": document.symbols.as_dict(),
                   "signed": bool(signer_p12)})
    else:
        click.echo(messages.SOP_RENDERED.format(path=target, pages=document.pages,
                                                signed=messages.SOP_RENDERED_SIGNED if signer_p12 else ""))


@sop.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@out_file_option("BPMN draft to write (an existing file is replaced).", required=True)
@forms_dir_option("Folder for the scaffolded forms (default: forms/ beside --out).")
@json_option
def import_(source: Path, out: Path, forms_dir: Path | None, as_json: bool) -> None:
    """Draft a runnable BPMN model from SOURCE, an SOP (.txt, .md or .docx) in the PermenPAN-RB 35/2012 layout.

    Prints every inference (step, phrase, what was inferred, confidence) for the analyst to review;
    each task's documentation keeps the original sentence of its step.
    """
    from sopflow.importer.draft import import_sop

    with errors_to_exit(as_json=as_json):
        result = import_sop(source, out, forms_dir=forms_dir)
    if as_json:
        emit_json({"model": result.model, "forms": result.forms, "lanes": result.lanes, "tasks": result.tasks,
                   "inferences": [vars(i) for i in result.inferences]})
        return
    click.echo(messages.SOP_IMPORTED.format(model=result.model, lanes=result.lanes, tasks=result.tasks,
                                            forms=len(result.forms)))
    click.echo(messages.SOP_IMPORT_REVIEW.format(count=len(result.inferences)))
    for item in result.inferences:
        click.echo(messages.SOP_IMPORT_LINE.format(step=item.step or "-", phrase=item.phrase[:70],
                                                   inferred=item.inferred, confidence=item.confidence))
    click.echo(messages.SOP_IMPORT_NEXT.format(model=result.model))
