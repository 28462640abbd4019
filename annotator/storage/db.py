"""Opening a workspace database, and sorting SQLite's errors at the storage boundary.

Contract: every connection has ``foreign_keys=ON``, a busy timeout and WAL journalling; the
schema is brought up to date with :mod:`annotator.storage.migrations`. A database whose
migrations include names this version does not know was written by a newer version: it is
refused with :class:`WorkspaceTooNew` *before* anything is written to it (the check runs on a
read-only connection, because even ``PRAGMA journal_mode=WAL`` writes the file header).

Environment faults are refused with a named error from :mod:`annotator.domain.env_errors`
(or :mod:`annotator.domain.errors`) and leave the file as it was: a file that is not SQLite
or is damaged, a read-only file or folder (checked before SQLite touches the file), a full
disk while creating a new workspace (the half-made new file is removed again).

Write transactions start with ``BEGIN IMMEDIATE`` (see :class:`WorkspaceDatabase`): a
deferred transaction that reads before it writes gets "database is locked" at once when
another connection is writing, without waiting for the busy timeout, so two writers (the
window and a CLI script, or the import thread) would fail instead of taking turns.

:func:`translate_sqlite_errors` turns the ``sqlite3`` errors that are the environment's
fault (locked, read-only, disk full, I/O error, damaged, not a database) into those named
errors; anything else (a constraint violation, a syntax error) is a bug and passes through
unchanged. Services and the CLI use it at their boundary; this module uses it itself.

A ``Database`` belongs to the thread that opened it (sqlite3's default check); long work on
another thread opens its own connection with :func:`open_database`.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlite_utils import Database

from annotator.domain.env_errors import (
    DiskFull,
    DiskIOError,
    WorkspaceCorrupt,
    WorkspaceLocked,
    WorkspaceReadOnly,
)
from annotator.domain.errors import NotAWorkspace, WorkspaceError, WorkspaceTooNew
from annotator.storage.migrations import MIGRATIONS, unknown_migrations

__all__ = [
    "BUSY_TIMEOUT_MS",
    "WorkspaceDatabase",
    "classify_os_error",
    "classify_sqlite_error",
    "open_database",
    "translate_sqlite_errors",
    "translate_sqlite_errors_in_methods",
]

BUSY_TIMEOUT_MS = 5000
_SQLITE_MAGIC = b"SQLite format 3\x00"

# Primary result codes (the low byte of sqlite3.Error.sqlite_errorcode).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_NOTADB = 26

# Fallback when an error carries no result code: SQLite's fixed English messages.
_MESSAGE_CODES = (
    ("database is locked", _SQLITE_BUSY),
    ("database table is locked", _SQLITE_LOCKED),
    ("readonly database", _SQLITE_READONLY),
    ("database or disk is full", _SQLITE_FULL),
    ("disk i/o error", _SQLITE_IOERR),
    ("database disk image is malformed", _SQLITE_CORRUPT),
    ("file is not a database", _SQLITE_NOTADB),
    ("unable to open database file", _SQLITE_CANTOPEN),
)


class WorkspaceDatabase(Database):
    """A sqlite-utils ``Database`` whose outermost ``atomic()`` block starts with
    ``BEGIN IMMEDIATE``: it takes the write lock first, waiting up to the busy timeout for
    another writer, so a transaction never fails half-way when it upgrades from reading to
    writing. Nested blocks are savepoints, as in sqlite-utils.

    sqlite-utils plugins are not run on its connections (``execute_plugins=False``): what
    happens to a workspace connection must not depend on which packages are installed, and
    looking the plugins up (every installed distribution's entry points) costs ~25 ms of
    the window's start-up.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("execute_plugins", False)
        super().__init__(*args, **kwargs)

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()  # a no-op when the error already ended the transaction
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


# --- error translation -----------------------------------------------------------------------


def _primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF
    text = str(exc).lower()
    for needle, found in _MESSAGE_CODES:
        if needle in text:
            return found
    return None


def _folder_is_writable(path: Path) -> bool:
    folder = path.parent if str(path.parent) else Path(".")
    return os.access(folder, os.W_OK | os.X_OK)


def _read_only_error(path: str | Path | None) -> WorkspaceReadOnly:
    return WorkspaceReadOnly(
        "the workspace cannot be written (read-only disk or folder, or no permission); "
        "nothing was changed. Copy it to a writable folder to work on it",
        path=None if path is None else str(path),
    )


def classify_sqlite_error(
    exc: sqlite3.Error, *, path: str | Path | None = None
) -> WorkspaceError | None:
    """The named error for an environment fault reported by SQLite, or None for anything
    else (constraint violations, SQL errors: bugs, to be reported as such).

    Mapping (by result code, else by SQLite's message): busy / locked -> WorkspaceLocked;
    readonly / permission -> WorkspaceReadOnly; full -> DiskFull; I/O error -> DiskIOError;
    corrupt ("malformed") -> WorkspaceCorrupt; not a database -> NotAWorkspace; cannot open
    -> WorkspaceReadOnly when the folder is not writable, else WorkspaceError. Messages are
    one line, name the condition and say what happened to the data.
    """
    where = None if path is None else str(path)
    code = _primary_code(exc)
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        seconds = BUSY_TIMEOUT_MS / 1000
        return WorkspaceLocked(
            f"the workspace is locked by another program (another annotator window, a "
            f"script or a sync tool) and stayed locked for {seconds:g} s; nothing was "
            "changed. Close the other program or try again",
            path=where,
        )
    if code in (_SQLITE_READONLY, _SQLITE_PERM):
        return _read_only_error(path)
    if code == _SQLITE_FULL:
        return DiskFull(
            "the disk holding the workspace is full; the change in progress was not saved "
            "and everything saved before it is intact. Free some space and try again",
            path=where,
        )
    if code == _SQLITE_IOERR:
        return DiskIOError(
            "the disk reported an input/output error; the change in progress was not saved. "
            "Check the disk or network share, then run: annotator check",
            path=where,
        )
    if code == _SQLITE_CORRUPT:
        return WorkspaceCorrupt(
            "the workspace file is damaged (SQLite: database disk image is malformed); "
            "nothing more was written to it. Restore a backup: annotator restore BACKUP "
            "--db PATH",
            path=where,
        )
    if code == _SQLITE_NOTADB:
        return NotAWorkspace(
            "not a workspace database (not SQLite, encrypted, or its header is damaged); "
            "it was not changed",
            path=where,
        )
    if code == _SQLITE_CANTOPEN:
        if path is not None and not _folder_is_writable(Path(path)):
            return _read_only_error(path)
        return WorkspaceError(
            "cannot open the workspace file (missing folder, no permission or too many open "
            "files); nothing was changed",
            path=where,
        )
    return None


def classify_os_error(exc: OSError, *, path: str | Path | None = None) -> WorkspaceError:
    """The named error for an ``OSError`` met while preparing a workspace file."""
    where = None if path is None else str(path)
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return _read_only_error(path)
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return DiskFull("the disk is full; nothing was written", path=where)
    return WorkspaceError(f"cannot prepare the workspace file: {exc.strerror or exc}",
                          path=where)


class translate_sqlite_errors(contextlib.ContextDecorator):
    """Context manager (and function decorator) that re-raises environment faults reported
    by ``sqlite3`` as the named errors of :func:`classify_sqlite_error`, chained to the
    original. Other exceptions, including other ``sqlite3`` errors, pass through unchanged.

    It translates only; rolling back is the job of the transaction the error escaped from
    (``db.atomic()`` does it). Usage::

        with translate_sqlite_errors(path):
            ...
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = path

    def __enter__(self) -> translate_sqlite_errors:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> bool:
        if isinstance(exc, sqlite3.Error):
            named = classify_sqlite_error(exc, path=self.path)
            if named is not None:
                raise named from exc
        return False


_T = TypeVar("_T")


def _translating(function: Callable[..., Any], *, kind: str) -> Callable[..., Any]:
    """``function`` inside :class:`translate_sqlite_errors`. ``kind``: "method" (the file is
    ``self.path``), "classmethod" or "staticmethod" (the file is the ``path`` argument, or
    the first argument after ``cls``, as in ``Workspace.open(path)``)."""
    first = {"classmethod": 1, "staticmethod": 0}.get(kind)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if first is None:
            path = getattr(args[0], "path", None) if args else None
        else:
            path = kwargs.get("path", args[first] if len(args) > first else None)
        with translate_sqlite_errors(path if isinstance(path, (str, Path)) else None):
            return function(*args, **kwargs)

    return wrapper


def translate_sqlite_errors_in_methods(cls: type[_T]) -> type[_T]:
    """Class decorator: every public method (classmethods included) of ``cls`` runs inside
    :func:`translate_sqlite_errors`, naming ``self.path`` (or a classmethod's first
    argument) as the file. Names starting with ``_`` are left alone."""
    for name, member in list(vars(cls).items()):
        if name.startswith("_"):
            continue
        if isinstance(member, classmethod):
            setattr(cls, name, classmethod(_translating(member.__func__, kind="classmethod")))
        elif isinstance(member, staticmethod):
            setattr(cls, name, staticmethod(_translating(member.__func__, kind="staticmethod")))
        elif callable(member):
            setattr(cls, name, _translating(member, kind="method"))
    return cls


# --- opening ---------------------------------------------------------------------------------


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
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:  # pragma: no cover - unreadable file
        raise classify_sqlite_error(exc, path=path) or WorkspaceError(
            f"cannot open workspace: {exc}", path=str(path)) from exc
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
            named = classify_sqlite_error(exc, path=path)
            if named is not None:
                raise named from exc
            raise WorkspaceError(f"cannot read workspace: {exc}", path=str(path)) from exc
        except sqlite3.DatabaseError as exc:
            named = classify_sqlite_error(exc, path=path)
            raise (named or NotAWorkspace("not a workspace database", path=str(path))) from exc
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


def _check_writable(path: Path) -> None:
    """Refuse a read-only file or folder before SQLite opens it: SQLite would silently
    open the file read-only and fail at the first change, and WAL needs to create the
    ``-wal`` and ``-shm`` files beside it. (As root, only a read-only file system fails
    ``os.access``; permission bits do not stop root.)"""
    if not os.access(path, os.W_OK) or not _folder_is_writable(path):
        raise _read_only_error(path)


def _remove_new_file(path: Path) -> None:
    """Remove a workspace file this open created, when creating it failed half-way."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def open_database(path: str | Path, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the workspace at ``path`` and migrate it.

    ``":memory:"`` opens a private in-memory workspace (tests). Raises, leaving the file as
    it was: :class:`NotAWorkspace` for a file that is not SQLite (or another program's
    database), :class:`WorkspaceTooNew` for a newer schema, :class:`WorkspaceCorrupt` for a
    damaged file, :class:`WorkspaceReadOnly` for a file or folder that cannot be written,
    :class:`WorkspaceLocked` when another program keeps it locked past the busy timeout,
    :class:`DiskFull` when a new workspace cannot be created (the partial file is removed).
    """
    if str(path) == ":memory:":
        db = WorkspaceDatabase(memory=True)
        _configure(db)
        if migrate:
            MIGRATIONS.apply(db)
        return db
    path = Path(path)
    created = False
    if path.exists():
        if path.is_dir():
            raise NotAWorkspace("is a directory, not a workspace file", path=str(path))
        try:
            with path.open("rb") as fh:
                head = fh.read(16)
        except OSError as exc:
            raise classify_os_error(exc, path=path) from exc
        if head and head != _SQLITE_MAGIC:
            raise NotAWorkspace("not a workspace database (not SQLite)", path=str(path))
        if head:
            _check_not_newer(path)
        _check_writable(path)
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise classify_os_error(exc, path=path) from exc
        if not _folder_is_writable(path):
            raise _read_only_error(path)
        created = True
    try:
        with translate_sqlite_errors(path):
            db = WorkspaceDatabase(path)
            try:
                _configure(db)
                mode = db.conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":  # pragma: no cover - e.g. a read-only medium
                    raise WorkspaceError(f"cannot enable WAL journalling (got {mode})",
                                         path=str(path))
                if migrate:
                    MIGRATIONS.apply(db)
            except BaseException:
                db.close()
                raise
    except BaseException:
        if created:
            _remove_new_file(path)
        raise
    return db
