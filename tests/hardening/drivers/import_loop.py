"""Child process for the crash tests: imports a folder, acknowledging each commit.

Usage: ``python import_loop.py DB FOLDER COMMIT_EVERY``. The importer commits every
``COMMIT_EVERY`` files (one transaction per chunk, one savepoint per article); it calls
``progress(index, ...)`` just before reading file ``index``, that is just after the file
before it was ticked, so when ``index`` is a multiple of ``COMMIT_EVERY`` the files
``[0, index)`` are committed: the child then prints ``committed <index>`` and flushes.
Prints ``done <n outcomes>`` at the end (if it is not killed first).
"""

from __future__ import annotations

import sys

from annotator.services import importing
from annotator.services.workspace import Workspace


def main(argv: list[str]) -> int:
    path, folder, every = argv[0], argv[1], int(argv[2])
    importing.COMMIT_EVERY = every
    workspace = Workspace.open(path, editor_name="import driver", import_seeds=False)
    print("ready", flush=True)

    def progress(index: int, total: int, name: str) -> None:
        if index and index % every == 0:
            print(f"committed {index}", flush=True)

    outcomes = workspace.import_paths([folder], progress=progress)
    print(f"done {len(outcomes)}", flush=True)
    workspace.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
