"""What every command shares: error-to-exit mapping, JSON output, the data directory."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from sopflow.errors import SopflowError

__all__ = ["errors_to_exit", "emit_json", "data_option", "json_option", "to_jsonable"]


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


def emit_json(value: Any) -> None:
    """Print a value as indented JSON."""
    click.echo(json.dumps(to_jsonable(value), ensure_ascii=False, indent=2, default=str))


@contextmanager
def errors_to_exit(*, as_json: bool = False, verbose: bool = False) -> Iterator[None]:
    """Turn our errors into exit status 1 with a located message (JSON with ``--json``)."""
    try:
        yield
    except SopflowError as exc:
        if verbose:
            raise
        if as_json:
            emit_json({"ok": False, **exc.to_dict()})
        else:
            click.echo(f"error: {exc}", err=True)
        sys.exit(1)


data_option = click.option(
    "--data-dir",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="SOPFLOW_DATA",
    default="sopflow-data",
    show_default=True,
    help="Data directory of the case database and documents (env SOPFLOW_DATA).",
)
database_option = click.option(
    "--database-url",
    envvar="SOPFLOW_DATABASE_URL",
    default=None,
    help="SQLAlchemy URL of a shared database, e.g. postgresql://... (default: SQLite in the data directory).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")
