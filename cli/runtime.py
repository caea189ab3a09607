"""What every command shares: the JSON envelope, error mapping, the data directory, input files.

Every ``--json`` output is one envelope (docs/cli.md)::

    {"ok": true, "data": ...}
    {"ok": false, "error": {"kind": ..., "message": ..., "hint": ..., "location": ...}}

A command whose work ran but whose verdict is negative (``verify``, ``check``,
``demo``) prints ``ok: false`` with its report still under ``data``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from sopflow import messages
from sopflow.errors import DataDirError, InputError, SopflowError

if TYPE_CHECKING:
    from sopflow.runner.cases import CaseService

__all__ = [
    "DATA_DIR_VARIABLE",
    "MAX_JSON_BYTES",
    "MAX_JSON_DEPTH",
    "errors_to_exit",
    "emit_json",
    "emit_error",
    "emit_verdict",
    "fail",
    "data_option",
    "database_option",
    "json_option",
    "roster_option",
    "out_file_option",
    "out_dir_option",
    "forms_dir_option",
    "to_jsonable",
    "read_json_file",
    "read_input_file",
    "ask_secret",
    "write_output",
    "open_service",
    "resolve_sop",
]

DATA_DIR_VARIABLE = "SOPFLOW_DATA_DIR"
"""Environment variable naming the data directory when ``--data-dir`` is not given."""

DEFAULT_DATA_DIR = "sopflow-data"
"""The data directory when neither ``--data-dir`` nor :data:`DATA_DIR_VARIABLE` is given."""

MAX_JSON_BYTES = 4 * 1024 * 1024
"""Largest JSON input file (form data) accepted."""

MAX_JSON_DEPTH = 32
"""Deepest nesting of arrays and objects accepted in a JSON input file."""

F = TypeVar("F", bound=Callable[..., Any])

USAGE_EXIT = 2
"""Exit status of a usage error (bad option, missing file), as click uses."""


def to_jsonable(value: Any) -> Any:
    """Dataclasses, paths and dates as JSON-ready values."""
    if is_dataclass(value) and not isinstance(value, type):
        return to_jsonable(asdict(value))
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    return value


def _print(envelope: dict[str, Any]) -> None:
    click.echo(json.dumps(to_jsonable(envelope), ensure_ascii=False, indent=2, default=str))


def emit_json(value: Any) -> None:
    """Print a successful command's result in the envelope: ``{"ok": true, "data": value}``."""
    _print({"ok": True, "data": value})


def emit_error(error: dict[str, Any], *, data: Any = None) -> None:
    """Print a failure envelope; ``data`` carries a report a negative verdict still has."""
    envelope: dict[str, Any] = {"ok": False, "error": error}
    if data is not None:
        envelope["data"] = data
    _print(envelope)


def emit_verdict(ok: bool, data: Any, *, kind: str, message: str, as_json: bool) -> None:
    """End a command that ran to a verdict: exit 0 when ``ok``, else 1 (with the failure envelope)."""
    if as_json:
        if ok:
            emit_json(data)
        else:
            emit_error({"kind": kind, "message": message, "hint": None, "location": None}, data=data)
    sys.exit(0 if ok else 1)


def fail(error: dict[str, Any], *, as_json: bool, code: int = 1, data: Any = None) -> NoReturn:
    """Report an error (envelope or one ``error:`` line on stderr) and exit with ``code``.

    :param data: what else the error carries (the envelope's ``data``); a list of
        check findings is also printed, one per line, without ``--json``.
    """
    if as_json:
        emit_error(error, data=data)
    else:
        text = f"{error['location']}: {error['message']}" if error.get("location") else error["message"]
        click.echo(f"{messages.ERROR_PREFIX}: {text}", err=True)
        for finding in data if isinstance(data, list) else ():
            click.echo(f"  {finding['file']}:{finding['line']}: {finding['element_id'] or '-'}: "
                       f"[{finding['rule']}] {finding['message']}", err=True)
        if error.get("hint"):
            click.echo(f"  {messages.HINT_PREFIX}: {error['hint']}", err=True)
    sys.exit(code)


@contextmanager
def errors_to_exit(*, as_json: bool = False) -> Iterator[None]:
    """Turn our errors into exit status 1 with a located message (the envelope with ``--json``)."""
    try:
        yield
    except SopflowError as exc:
        fail(exc.to_dict(), as_json=as_json, data=exc.details())


def ask_secret(text: str, what: str) -> str:
    """A passphrase or PIN from a hidden prompt; an error, not a hang, when there is no terminal.

    :raises SigningError: standard input is not a terminal.
    """
    from sopflow.errors import SigningError

    if not sys.stdin.isatty():
        raise SigningError(messages.SECRET_NOT_INTERACTIVE.format(what=what), hint=messages.HINT_SECRET)
    return str(click.prompt(text, hide_input=True))


def read_input_file(path: Path, *, what: str, limit: int) -> bytes:
    """A regular file named on the command line, at most ``limit`` bytes (a FIFO or device is refused).

    :raises InputError: missing, not a regular file, unreadable or too large.
    """
    from sopflow.files import FileRefused, read_regular_file

    try:
        return read_regular_file(path, limit=limit)
    except FileRefused as exc:
        raise InputError(messages.FILE_UNREADABLE.format(what=what, reason=exc.detail), where=str(path)) from None


def read_json_file(path: Path, *, what: str = "JSON") -> Any:
    """A JSON file given on the command line, bounded in size and depth.

    :raises InputError: unreadable, too large, not UTF-8, not JSON, or nested
        deeper than :data:`MAX_JSON_DEPTH`; the message names the file and line.
    """
    raw = read_input_file(path, what=what, limit=MAX_JSON_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(messages.FILE_NOT_UTF8.format(what=what, offset=exc.start), where=f"{path}:{line}",
                         hint=messages.HINT_SAVE_UTF8) from None
    depth_line = _too_deep(text)
    if depth_line:
        raise InputError(messages.JSON_TOO_DEEP.format(limit=MAX_JSON_DEPTH), where=f"{path}:{depth_line}")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(messages.JSON_INVALID.format(reason=exc.msg, column=exc.colno),
                         where=f"{path}:{exc.lineno}") from None


def _too_deep(text: str) -> int | None:
    """The line where nesting passes :data:`MAX_JSON_DEPTH` (brackets in strings skipped), else ``None``."""
    depth, line, in_string, escaped = 0, 1, False, False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return line
        elif char in "]}":
            depth -= 1
        if char == "\n":
            line += 1
    return None


def write_output(path: Path, data: bytes) -> None:
    """Write a file the user asked for (``--out``, ``--template``).

    :raises InputError: the file cannot be written; nothing is left half-written.
    """
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except OSError as exc:
        with suppress(OSError):
            tmp.unlink()
        raise InputError(messages.WRITE_FAILED.format(reason=exc.strerror), where=str(path),
                         hint=messages.HINT_WRITE) from None


def resolve_sop(sop: str) -> Path:
    """A model file, or the seed model a SOP number names.

    :raises ModelError: neither; the hint lists the seed SOP numbers.
    """
    from sopflow.bpmn import resolve_model, seed_models
    from sopflow.errors import ModelError

    path = resolve_model(sop)
    if path is None:
        seeds = ", ".join(s.name.split("_")[0].upper() for s in seed_models())
        raise ModelError(messages.SOP_UNKNOWN.format(sop=sop), where=sop,
                         hint=messages.HINT_SOP_UNKNOWN.format(seeds=seeds))
    return path


def open_service(data_dir: Path, database_url: str | None, *, create: bool = False) -> CaseService:
    """The case service of the data directory, on the clock ``SOPFLOW_TODAY`` may fix.

    Only commands that record something (``create``) make a new data
    directory; the others say the directory is missing or empty instead.

    :raises DataDirError: missing or empty data directory, or a file in its place.
    :raises DatabaseError: the database URL is malformed, its driver missing or the server unreachable.
    """
    from sopflow.runner.cases import CaseService
    from sopflow.runner.clock import clock_from_env

    if data_dir.exists() and not data_dir.is_dir():
        raise DataDirError(messages.DATA_DIR_NOT_A_DIRECTORY, where=str(data_dir), hint=messages.HINT_DATA_DIR)
    if not create and database_url is None:
        if not data_dir.is_dir():
            raise DataDirError(messages.DATA_DIR_MISSING, where=str(data_dir), hint=messages.HINT_DATA_DIR)
        if not (data_dir / "sopflow.db").is_file():
            raise DataDirError(messages.DATA_DIR_EMPTY, where=str(data_dir), hint=messages.HINT_DATA_DIR)
    return CaseService(data_dir, database_url=database_url, clock=clock_from_env())


data_option = click.option(
    "--data-dir",
    "data_dir",
    type=click.Path(path_type=Path),
    envvar=DATA_DIR_VARIABLE,
    default=DEFAULT_DATA_DIR,
    show_default=True,
    help=f"Data directory of the case database and documents (env {DATA_DIR_VARIABLE}).",
)
database_option = click.option(
    "--database-url",
    envvar="SOPFLOW_DATABASE_URL",
    default=None,
    help="SQLAlchemy URL of a shared database, e.g. postgresql://... (env SOPFLOW_DATABASE_URL; "
         "default: SQLite in the data directory).",
)
json_option = click.option("--json", "as_json", is_flag=True,
                           help='Print one JSON envelope: {"ok": true, "data": ...} or {"ok": false, "error": ...}.')

ROSTER_VARIABLE = "SOPFLOW_ROSTER"
"""Environment variable naming the roster when ``--roster`` is not given."""


def roster_option(what: str, *, required: bool = False) -> Callable[[F], F]:
    """The ``--roster`` option (parameter ``roster_path``, env :data:`ROSTER_VARIABLE`); ``what`` says what the
    command reads from it."""
    return click.option("--roster", "roster_path", required=required, envvar=ROSTER_VARIABLE,
                        type=click.Path(dir_okay=False, path_type=Path),
                        help=f"Roster TOML: {what} (env {ROSTER_VARIABLE}).")


def wants_json(argv: list[str]) -> bool:
    """Whether ``--json`` is among the options (before a ``--`` separator)."""
    return "--json" in argv[: argv.index("--")] if "--" in argv else "--json" in argv


def debug_enabled() -> bool:
    """``SOPFLOW_DEBUG=1`` shows tracebacks and library logs (for developers)."""
    return os.environ.get("SOPFLOW_DEBUG", "") not in ("", "0")


def out_file_option(help: str, *, required: bool = False) -> Callable[[F], F]:
    """``--out FILE`` (parameter ``out``): the file a command writes."""
    return click.option("--out", "out", required=required, type=click.Path(dir_okay=False, path_type=Path), help=help)


def out_dir_option(help: str, *, required: bool = False, default: str | None = None) -> Callable[[F], F]:
    """``--out DIRECTORY`` (parameter ``out_dir``): the folder a command writes into."""
    return click.option("--out", "out_dir", required=required, default=default, show_default=default is not None,
                        type=click.Path(file_okay=False, path_type=Path), help=help)


def forms_dir_option(help: str, *, must_exist: bool = False) -> Callable[[F], F]:
    """``--forms DIRECTORY`` (parameter ``forms_dir``): a folder of ``.form`` files."""
    return click.option("--forms", "forms_dir", type=click.Path(exists=must_exist, file_okay=False, path_type=Path),
                        help=help)
