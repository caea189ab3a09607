"""The ``sopflow`` command group; each sub-command lives in its own module.

The group runs every command in one place that turns anything going wrong
into a located message and a non-zero exit status, never a traceback: our
errors (exit 1), click's usage errors (exit 2), an interrupted prompt, and
as a last resort any other exception (exit 1, ``kind`` ``internal``). With
``--json`` all of them print the error envelope of docs/cli.md.

Sub-commands are loaded lazily (:class:`LazyGroup`): ``sopflow --help`` and
``--version`` import neither the workflow engine, pyHanko, reportlab nor the
database toolkit, and a command imports only what it uses.
"""

from __future__ import annotations

import importlib
import logging
import sys
from typing import Any, NoReturn

import click

from sopflow import __version__, messages
from sopflow.cli.commands import COMMANDS
from sopflow.cli.runtime import USAGE_EXIT, debug_enabled, fail, wants_json
from sopflow.errors import SopflowError
from sopflow.logs import LIBRARY_LOGGERS


class LazyGroup(click.Group):
    """A group that imports a sub-command's module only when that command runs (see :mod:`commands`)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands or cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        entry = COMMANDS[cmd_name]
        command: click.Command = getattr(importlib.import_module(entry.module), entry.attribute)
        self.add_command(command, cmd_name)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max((len(name) for name in names), default=0)
        rows = []
        for name in names:
            if name in self.commands:
                summary = self.commands[name].get_short_help_str(limit)
            else:
                summary = click.Command(name, help=COMMANDS[name].summary).get_short_help_str(limit)
            rows.append((name, summary))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


class SopflowGroup(LazyGroup):
    """A click group that reports every failure as a message or JSON envelope."""

    def main(self, args: Any = None, prog_name: str | None = None, complete_var: str | None = None,
             standalone_mode: bool = True, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        if not standalone_mode:
            return super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        as_json = wants_json(argv)
        _quiet_library_logs()
        try:
            code = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except SopflowError as exc:
            fail(exc.to_dict(), as_json=as_json, data=exc.details())
        except click.ClickException as exc:
            _usage_error(exc, as_json=as_json)
        except (click.Abort, EOFError, KeyboardInterrupt):
            fail({"kind": "aborted", "message": messages.ABORTED, "hint": None, "location": None},
                 as_json=as_json, code=130)
        except Exception as exc:  # the last resort: a bug must still not print a traceback
            if debug_enabled():
                raise
            if _is_database_error(exc):
                fail({"kind": "database", "message": messages.DATABASE_FAILED.format(error=str(exc).splitlines()[0]),
                      "hint": messages.HINT_DATABASE, "location": None}, as_json=as_json)
            fail({"kind": "internal", "message": messages.INTERNAL_ERROR.format(error=f"{type(exc).__name__}: {exc}"),
                  "hint": messages.HINT_INTERNAL, "location": None}, as_json=as_json)
        sys.exit(code if isinstance(code, int) else 0)


def _usage_error(exc: click.ClickException, *, as_json: bool) -> NoReturn:
    """Click's own message (with the usage line) as text, or the envelope with ``kind`` ``usage``."""
    code = exc.exit_code if isinstance(exc, click.UsageError) else USAGE_EXIT
    if not as_json:
        exc.show()
        sys.exit(code)
    location = None
    if isinstance(exc, click.UsageError) and exc.ctx is not None:
        location = exc.ctx.command_path
    if isinstance(exc, click.BadParameter) and exc.param is not None:
        location = f"{location} {exc.param.get_error_hint(exc.ctx) if exc.ctx else exc.param.name}".strip()
    hint = messages.HINT_USAGE.format(command=exc.ctx.command_path) \
        if isinstance(exc, click.UsageError) and exc.ctx is not None else None
    fail({"kind": "usage", "message": exc.format_message(), "hint": hint, "location": location},
         as_json=True, code=code)


def _is_database_error(exc: Exception) -> bool:
    """A database failure after connecting (server gone, disk full, locked too long)."""
    if "sqlalchemy" not in sys.modules:
        return False
    from sqlalchemy.exc import DBAPIError

    return isinstance(exc, DBAPIError)


def _quiet_library_logs() -> None:
    """Keep library log records off the terminal unless ``SOPFLOW_DEBUG`` is set."""
    if debug_enabled():
        logging.basicConfig(level=logging.DEBUG)
        return
    for name in LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
        logger.propagate = False


@click.group("sopflow", cls=SopflowGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sopflow")
def main() -> None:
    """Run Indonesian government SOPs as BPMN workflows of signed documents.

    Every command takes --help, and --json for one JSON envelope (docs/cli.md).
    The data directory is --data-dir, else SOPFLOW_DATA_DIR, else ./sopflow-data.
    """


if __name__ == "__main__":
    main()
