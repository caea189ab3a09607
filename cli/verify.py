"""``sopflow verify``: check an exported case offline."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from sopflow.archive.report import render_text
from sopflow.archive.verify import verify_case
from sopflow.cli.runtime import emit_json, errors_to_exit, json_option


@click.command()
@click.argument("archive", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--trust", "trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Trust root certificate (PEM/DER); repeatable. Default: the archive's own certs/ (weaker).")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Processes verifying signatures (default: one per core).")
@json_option
def verify(archive: Path, trust: tuple[Path, ...], workers: int | None, as_json: bool) -> None:
    """Verify every document, signature and journal entry of a case archive.

    Exit status 0 only when everything holds.
    """
    for noisy in ("pyhanko", "pyhanko_certvalidator"):  # their findings are in the report, not in log tracebacks
        logging.getLogger(noisy).setLevel(logging.CRITICAL)
    with errors_to_exit(as_json=as_json):
        report = verify_case(archive, list(trust) or None, workers=workers)
    if as_json:
        emit_json(report.to_dict())
    else:
        if not trust:
            click.echo("catatan: akar tepercaya diambil dari arsip itu sendiri; berikan --trust ROOT_PEM "
                       "(trust root taken from the archive itself)", err=True)
        click.echo(render_text(report))
    sys.exit(0 if report.ok else 1)
