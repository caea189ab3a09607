"""The ``sopflow`` command group; each sub-command lives in its own module."""

from __future__ import annotations

import click

from sopflow import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sopflow")
def main() -> None:
    """Run Indonesian government SOPs as BPMN workflows of signed documents."""


def _register() -> None:
    """Attach every sub-command module's command to the group."""
    from sopflow.cli import commands

    for command in commands.ALL:
        main.add_command(command)


_register()


if __name__ == "__main__":
    main()
