"""``sopflow verify``: check an exported case offline."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from sopflow.archive.verify import verify_case
from sopflow.cli.runtime import emit_json, errors_to_exit, json_option


@click.command()
@click.argument("archive", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--trust", "trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Trust root certificate (PEM/DER); repeatable. Default: the archive's own certs/ (weaker).")
@json_option
def verify(archive: Path, trust: tuple[Path, ...], as_json: bool) -> None:
    """Verify every document, signature and journal entry of a case archive.

    Exit status 0 only when everything holds.
    """
    with errors_to_exit(as_json=as_json):
        report = verify_case(archive, list(trust) or None)
    if as_json:
        emit_json(report.to_dict())
    else:
        click.echo(f"Kasus {report.case_id}  ({archive})")
        if not trust:
            click.echo("  catatan: trust root taken from the archive itself; pass --trust ROOT_PEM", err=True)
        for check in report.revisions:
            mark = "OK  " if check.ok else "FAIL"
            click.echo(f"  {mark} {check.journal_seq:3d}. {check.path}  {check.role}: {check.official}")
            for problem in check.problems:
                click.echo(f"         ! {problem}")
        for problem in report.problems:
            click.echo(f"  FAIL case: {problem}")
        verdict = "LULUS" if report.ok else "GAGAL"
        failed = sum(not c.ok for c in report.revisions) + len(report.problems)
        click.echo(f"Hasil: {verdict} ({len(report.revisions)} revisi diperiksa, {failed} masalah)")
    sys.exit(0 if report.ok else 1)
