"""Opening a workspace database.

Contract: every connection has ``foreign_keys=ON``, a busy timeout and WAL journalling; the
schema is brought up to date with :mod:`annotator.storage.migrations`. A database whose
migrations include names this version does not know was written by a newer version: it is
refused with :class:`WorkspaceTooNew` *before* anything is written to it (the check runs on a
read-only connection, because even ``PRAGMA journal_mode=WAL`` writes the file header).

A ``Database`` belongs to the thread that opened it (sqlite3's default check); long work on
another thread opens its own connection with :func:`open_database`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from annotator.domain.errors import NotAWorkspace, WorkspaceError, WorkspaceTooNew
from annotator.storage.migrations import MIGRATIONS, unknown_migrations

BUSY_TIMEOUT_MS = 5000
_SQLITE_MAGIC = b"SQLite format 3\x00"


def _configure(db: Database) -> None:
    """Per-connection settings (they are not stored in the file, so every open repeats them)."""
    db.conn.execute("PRAGMA foreign_keys = ON")
    db.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # NORMAL is durable against application crashes in WAL mode and far faster than FULL;
    # only a power loss can cost the last committed transactions.
    db.conn.execute("PRAGMA synchronous = NORMAL")


def _check_not_newer(path: Path) -> None:
    """Refuse a database from a newer version without writing a byte to it."""
    # With no -wal file beside it, every committed change is in the main file: read it as
    # immutable, which creates no -wal/-shm files. Otherwise read-only, which sees the WAL.
    has_wal = Path(f"{path}-wal").exists()
    uri = f"{path.resolve().as_uri()}?{'mode=ro' if has_wal else 'immutable=1'}"
    try:
        conn = sqlite3.connect(uri, uri=True)
    except sqlite3.Error as exc:  # pragma: no cover - unreadable file, reported below
        raise WorkspaceError(f"cannot open workspace: {exc}", path=str(path)) from exc
    try:
        try:
            rows = conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                (MIGRATIONS.name,),
            ).fetchall()
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                # No schema record: a new, empty file is fine; another program's database
                # is not ours to add tables to.
                others = conn.execute(
                    "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
                ).fetchone()[0]
                if others:
                    raise NotAWorkspace(
                        "this SQLite database belongs to another program (it has tables but "
                        "no annotator schema); it was not changed", path=str(path)) from exc
                return
            if "not a database" in str(exc) or "file is not a database" in str(exc):
                raise NotAWorkspace("not a workspace database", path=str(path)) from exc
            raise WorkspaceError(f"cannot read workspace: {exc}", path=str(path)) from exc
        except sqlite3.DatabaseError as exc:
            raise NotAWorkspace("not a workspace database", path=str(path)) from exc
    finally:
        conn.close()
    newer = unknown_migrations({row[0] for row in rows})
    if newer:
        raise WorkspaceTooNew(
            "this workspace was written by a newer version of the annotator "
            f"(unknown schema steps: {', '.join(sorted(newer))}); upgrade the app to open it. "
            "The file was not changed.",
            path=str(path),
        )


def open_database(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the workspace at ``path`` and migrate it.

    ``":memory:"`` opens a private in-memory workspace (tests). Raises
    :class:`NotAWorkspace` for a file that is not SQLite and :class:`WorkspaceTooNew` for a
    newer schema; in both cases the file is left untouched.
    """
    if str(path) == ":memory:":
        db = Database(memory=True)
    else:
        path = Path(path)
        if path.exists():
            if path.is_dir():
                raise NotAWorkspace("is a directory, not a workspace file", path=str(path))
            with path.open("rb") as fh:
                head = fh.read(16)
            if head and head != _SQLITE_MAGIC:
                raise NotAWorkspace("not a workspace database (not SQLite)", path=str(path))
            if head:
                _check_not_newer(path)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = Database(path)
        except sqlite3.Error as exc:
            raise WorkspaceError(f"cannot open workspace: {exc}", path=str(path)) from exc
    _configure(db)
    if not db.memory:
        mode = db.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":  # pragma: no cover - e.g. a read-only medium
            raise WorkspaceError(f"cannot enable WAL journalling (got {mode})", path=str(path))
    if migrate:
        MIGRATIONS.apply(db)
    return db
