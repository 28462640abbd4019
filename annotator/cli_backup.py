"""``annotator backup``, ``restore``, ``backups`` and ``check``: keeping a workspace safe.

Kept apart from :mod:`annotator.cli`, which wires it in with :func:`register` (parser) and
:func:`run` (commands). These commands work on the workspace *file*: they never open it as
a :class:`~annotator.services.workspace.Workspace` (no migration, no seed import, no
automatic backup), so they also work on a damaged, read-only or newer workspace.

Restoring, step by step (also in ``annotator restore --help``):

1. ``annotator backups`` lists the automatic backups (``backups/`` beside the workspace);
2. ``annotator restore backups/annotations-20250301T081500Z.db --db annotations.db``
   checks the backup in full and refuses to overwrite the workspace;
3. add ``--force`` to replace it; the replaced workspace is first copied to
   ``backups/annotations-<now>-before-restore.db``, so a restore can itself be undone.

Exit status: 0 on success; 1 when the command was refused or failed (one line on stderr
saying why; ``check`` also exits 1 for a damaged workspace); 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from annotator.domain.errors import AnnotatorError
from annotator.services import backup

EXIT_OK = 0
EXIT_FAILED = 1

COMMANDS = frozenset({"backup", "restore", "backups", "check"})


def register(subparsers: Any, common: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``backup``, ``restore``, ``backups`` and ``check`` to ``subparsers`` (the CLI's
    ``add_subparsers`` object); ``common(json_flag)`` is the CLI's parent-parser factory."""
    p = subparsers.add_parser(
        "backup", parents=[common(json_flag=False)],
        help="write a consistent copy of the workspace",
        description="Write a consistent copy of the workspace to DEST with SQLite's backup "
        "API: safe while the app is open and writing. DEST is a file, or a folder to put a "
        "copy named with the UTC time in. The copy is a single self-contained file and is "
        "checked with PRAGMA integrity_check; a damaged workspace is reported, not copied. "
        "Besides these copies, the app keeps the last 7 daily copies in backups/ beside "
        "the workspace (set ANNOTATOR_AUTO_BACKUP=0 to turn that off).",
    )
    p.add_argument("dest", metavar="DEST", type=Path, help="file or folder to write to")
    p.add_argument("--force", action="store_true", help="replace DEST if it exists")

    p = subparsers.add_parser(
        "restore", parents=[common(json_flag=False)],
        help="replace the workspace with a backup",
        description="Replace the workspace (--db) with BACKUP. The backup is checked first "
        "(PRAGMA integrity_check, an annotator schema this version knows); an existing "
        "workspace is replaced only with --force, after a copy of it is kept in backups/ "
        "(NAME-TIME-before-restore.db). Close other windows on the workspace first if its "
        "file is damaged.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Steps: 1. annotator backups   2. annotator restore BACKUP --db PATH   "
        "3. the same with --force",
    )
    p.add_argument("backup", metavar="BACKUP", type=Path, help="backup file to restore")
    p.add_argument("--force", action="store_true", help="replace an existing workspace")

    subparsers.add_parser(
        "backups", parents=[common(json_flag=True)],
        help="list the workspace's automatic backups",
        description="List the automatic backups in backups/ beside the workspace, newest "
        "first: UTC time, size, path.",
    )
    subparsers.add_parser(
        "check", parents=[common(json_flag=True)],
        help="check the workspace file for damage",
        description="Run SQLite's integrity and foreign-key checks on the workspace (read "
        "only). Exit status 1 and the problems on stderr when it is damaged.",
    )


def run(args: argparse.Namespace, db_path: str | Path, out: TextIO, err: TextIO) -> int:
    """Run one of :data:`COMMANDS` on the workspace file ``db_path``; the exit status."""
    try:
        if args.command == "backup":
            dest = backup.backup_workspace(db_path, args.dest, force=args.force)
            out.write(f"{dest}\n")
            return EXIT_OK
        if args.command == "restore":
            result = backup.restore_workspace(args.backup, db_path, force=args.force)
            out.write(f"restored {args.backup} -> {result.restored}\n")
            if result.previous_copy is not None:
                out.write(f"the replaced workspace is kept as {result.previous_copy}\n")
            return EXIT_OK
        if args.command == "backups":
            return _list_backups(db_path, getattr(args, "json", False), out)
        if args.command == "check":
            return _check(db_path, getattr(args, "json", False), out, err)
    except AnnotatorError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_FAILED
    raise ValueError(f"not a backup command: {args.command}")  # pragma: no cover


def _list_backups(db_path: str | Path, as_json: bool, out: TextIO) -> int:
    rows = [
        {"time": when.strftime("%Y-%m-%dT%H:%M:%SZ"), "size": path.stat().st_size,
         "path": str(path)}
        for when, path in reversed(backup.auto_backups(db_path))
    ]
    if as_json:
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        for row in rows:
            out.write(f"{row['time']}  {row['size']:>12,}  {row['path']}\n")
    return EXIT_OK


def _check(db_path: str | Path, as_json: bool, out: TextIO, err: TextIO) -> int:
    problems = backup.check_workspace(db_path)
    if as_json:
        json.dump({"ok": not problems, "problems": problems}, out, ensure_ascii=False,
                  indent=2)
        out.write("\n")
    elif not problems:
        out.write(f"{db_path}: ok\n")
    if problems and not as_json:
        err.write(f"error: {db_path}: the workspace is damaged ({len(problems)} problem(s), "
                  f"first: {problems[0]}); restore a backup: annotator backups, then "
                  "annotator restore BACKUP --db PATH\n")
    return EXIT_FAILED if problems else EXIT_OK
