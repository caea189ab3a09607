"""Child of the fresh-data-directory test: wait until every sibling is up, then run ``sopflow case start``.

``BARRIER PARTIES ARGS...``: touches a file in BARRIER, waits until PARTIES
files are there, then runs the real command line with ARGS (exit status and
output are the command's own).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def main(barrier: str, parties: str, *args: str) -> None:
    from sopflow.cli.main import (
        main as sopflow,  # imported before the barrier: the race is on the data dir
    )

    folder = Path(barrier)
    (folder / str(os.getpid())).touch()
    deadline = time.monotonic() + 120
    while len(list(folder.iterdir())) < int(parties):
        if time.monotonic() > deadline:
            raise SystemExit("barrier timed out")
        time.sleep(0.005)
    sopflow(list(args), prog_name="sopflow")


if __name__ == "__main__":
    main(*sys.argv[1:])
