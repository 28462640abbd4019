"""The SQL side of backups: consistent copies with SQLite's online backup API, integrity
checks, and the few facts about a file that deciding on a backup needs.

Contracts:

- Reading a workspace here never writes to it: sources are opened with ``mode=ro`` (which
  takes SQLite's ordinary shared locks, so a copy is a consistent snapshot even while the
  app writes), or with ``immutable=1`` when the file sits on a read-only disk or folder,
  where nobody can be writing.
- A copy is written to a temporary file beside its destination, made self-contained
  (rollback journal, no ``-wal``), checked, and only then renamed over the destination:
  a crash or a full disk leaves either the old destination or the new one, never half a
  file.
- Errors: ``sqlite3`` errors that are the environment's fault come out as the named errors
  of :func:`annotator.storage.db.classify_sqlite_error`; others as
  :class:`~annotator.domain.env_errors.BackupError`.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from annotator.domain.env_errors import BackupDamaged, BackupError
from annotator.domain.errors import WorkspaceError
from annotator.storage.db import BUSY_TIMEOUT_MS, classify_os_error, classify_sqlite_error

__all__ = [
    "copy_database",
    "integrity_problems",
    "is_blank_workspace",
    "restore_into",
    "schema_steps",
]

_SQLITE_MAGIC = b"SQLite format 3\x00"


def _raise_named(exc: sqlite3.Error, path: Path, what: str) -> NoReturn:
    named = classify_sqlite_error(exc, path=path)
    if named is not None:
        raise named from exc
    raise BackupError(f"{what}: {exc}", path=str(path)) from exc


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection to ``path`` that writes nothing to it (see module doc)."""
    uri = path.resolve().as_uri()
    writable_folder = os.access(path.parent, os.W_OK | os.X_OK)
    has_wal = Path(f"{path}-wal").exists()
    # mode=ro still needs to create the -shm file of a WAL database; on read-only media
    # without a -wal file every committed change is in the main file, read it as immutable.
    query = "mode=ro" if writable_folder or has_wal else "immutable=1"
    conn = sqlite3.connect(f"{uri}?{query}", uri=True, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        yield conn
    finally:
        conn.close()


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(16) == _SQLITE_MAGIC
    except OSError:
        return False


def integrity_problems(path: Path, *, quick: bool = False, limit: int = 20) -> list[str]:
    """What SQLite finds wrong with the database at ``path``: ``[]`` when it is sound.

    Runs ``PRAGMA integrity_check`` (``quick_check`` with ``quick``: skips index contents,
    several times faster) and ``PRAGMA foreign_key_check``; at most ``limit`` lines. A file
    that is not SQLite, or that SQLite cannot read at all, gives one line saying so. Never
    raises for a damaged file; raises :class:`WorkspaceError` when the file is missing."""
    if not path.is_file():
        raise WorkspaceError("no such workspace file", path=str(path))
    if not _looks_like_sqlite(path):
        return ["not an SQLite database (wrong file header)"]
    pragma = "quick_check" if quick else "integrity_check"
    try:
        with _read_only(path) as conn:
            rows = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}({int(limit)})")]
            if rows == ["ok"]:
                rows = []
            for table, rowid, parent, _ in conn.execute("PRAGMA foreign_key_check"):
                if len(rows) >= limit:
                    break
                rows.append(f"row {rowid} of {table} refers to a missing row of {parent}")
            return rows
    except sqlite3.DatabaseError as exc:
        named = classify_sqlite_error(exc, path=path)
        if named is not None and named.code in ("workspace_locked", "workspace_read_only"):
            raise named from exc
        return [f"SQLite cannot read it: {exc}"]


def schema_steps(path: Path) -> set[str] | None:
    """Names of the annotator migrations recorded in the file, or None when it has no
    annotator schema record (not one of our workspaces, or a brand-new empty file)."""
    try:
        with _read_only(path) as conn:
            rows = conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = 'annotator'"
            ).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        _raise_named(exc, path, "cannot read the schema")
    except sqlite3.DatabaseError as exc:
        _raise_named(exc, path, "cannot read the schema")
    return {str(row[0]) for row in rows}


def is_blank_workspace(path: Path) -> bool:
    """True when the workspace holds nothing worth a backup: no articles and no audit
    entries (a file just created and migrated). A file without our tables is blank too."""
    try:
        with _read_only(path) as conn:
            articles = conn.execute("SELECT EXISTS (SELECT 1 FROM articles)").fetchone()[0]
            audited = conn.execute("SELECT EXISTS (SELECT 1 FROM audit_log)").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return True
        _raise_named(exc, path, "cannot read the workspace")
    except sqlite3.DatabaseError as exc:
        _raise_named(exc, path, "cannot read the workspace")
    return not articles and not audited


_BUSY_CODES = (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED


def _give_up_when_busy(status: int, remaining: int, total: int) -> None:
    """Backup progress callback. Python's ``Connection.backup`` retries a busy step for
    ever; the busy timeout has already been waited for inside the step, so stop."""
    if status in _BUSY_CODES:
        raise sqlite3.OperationalError("database is locked")


def _temporary_beside(dest: Path) -> Path:
    return dest.with_name(f".{dest.name}.{os.getpid()}.partial")


def _discard(path: Path) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def copy_database(source: Path, dest: Path, *, verify: str = "quick") -> None:
    """Copy the database at ``source`` to ``dest`` with the online backup API, in one
    step (one consistent snapshot, even while another connection writes), then make the
    copy self-contained (``journal_mode=DELETE``), check it and rename it into place.

    ``verify``: "quick" (``quick_check``), "full" (``integrity_check``) or "none". A copy
    that fails the check is deleted and :class:`BackupDamaged` is raised (the source is
    damaged); ``dest`` is then left as it was. Replaces an existing ``dest``."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = _temporary_beside(dest)
    _discard(partial)
    try:
        with _read_only(source) as src:
            target = sqlite3.connect(partial, isolation_level=None)
            try:
                src.backup(target, progress=_give_up_when_busy)
                target.execute("PRAGMA journal_mode = DELETE")
            finally:
                target.close()
        if verify != "none":
            problems = integrity_problems(partial, quick=verify == "quick", limit=5)
            if problems:
                raise BackupDamaged(
                    "the workspace fails SQLite's integrity check, so no backup was written "
                    f"({'; '.join(problems)}). Run: annotator check",
                    path=str(source),
                )
        os.replace(partial, dest)
    except sqlite3.Error as exc:
        _discard(partial)
        _raise_named(exc, source, "cannot copy the workspace")
    except OSError as exc:
        _discard(partial)
        raise classify_os_error(exc, path=dest) from exc
    except BaseException:
        _discard(partial)
        raise


def restore_into(backup: Path, target: Path) -> None:
    """Overwrite the database at ``target`` (which exists) with the content of ``backup``.

    Uses the backup API into ``target``: SQLite locks it for writing while it copies, so a
    window that has it open sees the restored content on its next read instead of a file
    swapped under its feet. When ``target`` cannot be opened as a database at all (its
    header is damaged), the file is replaced instead: a fresh copy is written beside it and
    renamed over it, and its stale ``-wal`` / ``-shm`` files are removed (a stale WAL would
    be replayed onto the restored pages). Raises the named errors of
    :func:`classify_sqlite_error` (locked, read-only, disk full) or :class:`BackupError`.
    """
    try:
        with _read_only(backup) as src:
            dst = sqlite3.connect(target, isolation_level=None)
            try:
                dst.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                src.backup(dst, progress=_give_up_when_busy)
                return
            finally:
                dst.close()
    except sqlite3.DatabaseError as exc:
        named = classify_sqlite_error(exc, path=target)
        if named is None or named.code not in ("not_a_workspace", "workspace_corrupt"):
            _raise_named(exc, target, "cannot restore")
    # The target is beyond SQLite's reach: replace the file.
    copy = target.with_name(f".{target.name}.{os.getpid()}.restored")
    copy_database(backup, copy, verify="none")
    try:
        for suffix in ("-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{target}{suffix}").unlink()
        os.replace(copy, target)
    except OSError as exc:
        _discard(copy)
        raise classify_os_error(exc, path=target) from exc
