"""Child process of the concurrency tests; prints one JSON line with what it did.

``same DATA URL ROSTER CASE TASK BARRIER N``: complete one task, but only after all N
children have signed and verified it (a file barrier wrapped around verification).
``cases DATA URL ROSTER BARRIER N COUNT``: after all N children are up, start COUNT cases
of the seed model and run each to its end.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import support  # noqa: E402

from sopflow.errors import SopflowError  # noqa: E402
from sopflow.runner import completion  # noqa: E402
from sopflow.runner.cases import CaseService  # noqa: E402
from sopflow.runner.roster import Roster  # noqa: E402


def _barrier(directory: Path, parties: int) -> None:
    (directory / str(os.getpid())).touch()
    deadline = time.monotonic() + 60
    while len(list(directory.iterdir())) < parties:
        if time.monotonic() > deadline:
            raise SystemExit("barrier timed out")
        time.sleep(0.01)


def _after_barrier(function: Callable[..., Any], directory: Path, parties: int) -> Callable[..., Any]:
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        _barrier(directory, parties)
        return result

    return wrapped


def main(mode: str, data_dir: str, url: str, roster_path: str, *rest: str) -> None:
    service = CaseService(Path(data_dir), database_url=None if url == "-" else url)
    roster = Roster.load(Path(roster_path))
    if mode == "same":
        case_id, task_id, barrier, parties = rest
        completion.verify_pdf = _after_barrier(completion.verify_pdf, Path(barrier), int(parties))
        view = next(v for v in service.ready_tasks(case_id) if v.id == task_id)
        try:
            done = support.complete(service, roster, view)
        except SopflowError as exc:
            print(json.dumps({"ok": False, "error": exc.to_dict()}))
            return
        print(json.dumps({"ok": True, "nomor": done.nomor, "seq": done.journal_seq}))
    elif mode == "cases":
        barrier, parties, count = rest
        _barrier(Path(barrier), int(parties))
        cases = []
        for _ in range(int(count)):
            case_id = service.start_case(support.seed(support.SEED), roster)
            support.drive_to_end(service, roster, case_id)
            cases.append(case_id)
        print(json.dumps({"ok": True, "cases": cases}))


if __name__ == "__main__":
    main(*sys.argv[1:])
