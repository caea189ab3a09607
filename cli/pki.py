"""``sopflow pki ...``: test keys for trying a SOP without Python."""

from __future__ import annotations

from pathlib import Path

import click

from sopflow import messages
from sopflow.cli.runtime import emit_json, errors_to_exit, json_option, out_dir_option, roster_option
from sopflow.runner.roster import LEVELS

__all__ = ["pki"]


@click.group()
def pki() -> None:
    """Test keys for trying a SOP (real deployments use PSrE certificates: docs/roster.md)."""


@pki.command("init")
@roster_option("the officials (role, name, nip, jabatan); signers may be missing", required=True)
@out_dir_option("New or empty folder for pki/, roster.toml and passphrase.txt.", required=True)
@click.option("--level", type=click.Choice(LEVELS), default=None,
              help="PAdES level of the roster copy (default: the roster's own, else B-B).")
@json_option
def init(roster_path: Path, out_dir: Path, level: str | None, as_json: bool) -> None:
    """Create a test PKI with a key for every official of a roster, and a roster copy that uses them.

    OUT/roster.toml is the roster with trust, test_pki and each official's signer
    set; OUT/passphrase.txt holds the keys' passphrase (for --passphrase-file).
    The test PKI brings its own time-stamping authority and revocation data, so
    every PAdES level works offline.
    """
    from sopflow.demo.trial import init_trial_pki

    with errors_to_exit(as_json=as_json):
        made = init_trial_pki(roster_path, out_dir, level=level)
    if as_json:
        emit_json(made)
        return
    click.echo(messages.PKI_CREATED.format(pki=made.pki, root=made.root, count=len(made.signers),
                                           passphrase_file=made.passphrase_file))
    click.echo(messages.PKI_ROSTER_WRITTEN.format(roster=made.roster))
    for role, p12 in made.signers.items():
        click.echo(messages.PKI_OFFICIAL_LINE.format(role=role, p12=p12))
    click.echo(messages.PKI_TEST_ONLY)
