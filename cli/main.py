"""The ``sopflow`` command group; each sub-command lives in its own module, imported when used."""

from __future__ import annotations

import importlib

import click

from sopflow import __version__
from sopflow.cli.commands import COMMANDS


class LazyGroup(click.Group):
    """A group that imports a sub-command's module only when that command runs.

    ``sopflow --help`` and ``--version`` therefore load neither SpiffWorkflow,
    pyHanko, reportlab nor the database layer.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        entry = COMMANDS[cmd_name]
        command = getattr(importlib.import_module(entry.module), entry.attribute)
        self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                summary = self.commands[name].get_short_help_str(limit)
            else:
                summary = click.Command(name, help=COMMANDS[name].summary).get_short_help_str(limit)
            rows.append((name, summary))
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sopflow")
def main() -> None:
    """Run Indonesian government SOPs as BPMN workflows of signed documents."""


if __name__ == "__main__":
    main()
