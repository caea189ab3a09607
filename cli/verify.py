"""``sopflow verify``: check an exported case offline."""

from __future__ import annotations

from pathlib import Path

import click

from sopflow import messages
from sopflow.cli.runtime import emit_verdict, errors_to_exit, json_option


@click.command()
@click.argument("archive", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--trust", "trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Trust root certificate (PEM/DER); repeatable. Default: the archive's own certs/ (weaker).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes verifying signatures (default: one per core).")
@click.option("--require-complete", is_flag=True,
              help="Fail any case not closed by a valid unit seal as completed (running, cut short, cancelled).")
@json_option
def verify(archive: Path, trust: tuple[Path, ...], workers: int | None, require_complete: bool,
           as_json: bool) -> None:
    """Verify every document, signature and journal entry of a case archive.

    Also checks the sealed Lembar Riwayat of a case that has ended. The report
    says whether the trust roots were given (--trust) or taken from the
    archive itself. Exit status 0 only when everything holds.
    """
    from sopflow.archive.report import render_text
    from sopflow.archive.verify import verify_case

    with errors_to_exit(as_json=as_json):
        report = verify_case(archive, list(trust) or None, workers=workers, require_complete=require_complete)
    if not as_json:
        if not trust:
            click.echo(messages.VERIFY_SELF_TRUST, err=True)
        click.echo(render_text(report))
    emit_verdict(report.ok, report.to_dict(), kind="verification-failed", message=messages.VERIFY_FAILED,
                 as_json=as_json)
