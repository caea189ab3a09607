"""Child process of the crash tests: complete one task and die by SIGKILL at a chosen point.

Usage: ``python crash_child.py DATA_DIR DATABASE_URL|- ROSTER CASE_ID TASK_ID POINT``. The kill is
injected from outside the product by wrapping the functions the completion calls (or SQLAlchemy
session events), so no production code knows about it.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).parent))

import support  # noqa: E402

from sopflow.runner import completion  # noqa: E402
from sopflow.runner.blobs import FileBlobStore  # noqa: E402
from sopflow.runner.cases import CaseService  # noqa: E402
from sopflow.runner.roster import Roster  # noqa: E402


def _die(*_args: Any, **_kwargs: Any) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _then_die(function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        function(*args, **kwargs)
        _die()

    return wrapped


def main(data_dir: str, url: str, roster_path: str, case_id: str, task_id: str, point: str) -> None:
    if point == "render":
        completion.render_document = _then_die(completion.render_document)
    elif point == "sign":
        completion.sign_pdf = _then_die(completion.sign_pdf)
    elif point == "verify":
        completion.verify_pdf = _then_die(completion.verify_pdf)
    elif point == "flush":  # rows sent to the database, COMMIT not yet issued
        event.listen(Session, "after_flush", _die)
    elif point == "commit":  # right after COMMIT returned
        event.listen(Session, "after_commit", _die)
    elif point not in ("none", "blob", "blob-write"):
        raise SystemExit(f"unknown kill point {point}")
    service = CaseService(Path(data_dir), database_url=None if url == "-" else url)
    store = type(service.store.blobs)
    if point == "blob":
        store.put = _then_die(store.put)  # type: ignore[method-assign]
    elif point == "blob-write" and store is FileBlobStore:  # temporary file written, not yet renamed into place
        os.replace = _die  # type: ignore[assignment]
    elif point == "blob-write":  # the blob's INSERT sent to the database, its COMMIT not yet issued
        event.listen(service.store.engine, "after_cursor_execute",
                     lambda *args, **_: _die() if args[2].lstrip().upper().startswith("INSERT INTO BLOBS") else None)
    roster = Roster.load(Path(roster_path))
    view = next(v for v in service.ready_tasks(case_id) if v.id == task_id)
    support.complete(service, roster, view)
    print("completed without being killed")


if __name__ == "__main__":
    main(*sys.argv[1:])
