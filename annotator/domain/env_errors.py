"""Errors that are the environment's fault, not the editor's and not a bug.

The disk is full, the file is locked by another program, the folder is read-only, the file
is damaged: each has its own class (and stable ``code``) so the CLI prints one clear line,
the window shows a message instead of a crash report, and scripts can tell them apart.

Contract shared by every class here: when one is raised, the change in progress was rolled
back as a whole and everything saved before it is intact; nothing was written to a file
found damaged, locked or read-only. Storage raises them (see
``annotator.storage.db.translate_sqlite_errors``); nothing else needs to know about sqlite3.

Standard library only, like the rest of ``annotator.domain``.
"""

from __future__ import annotations

from annotator.domain.errors import WorkspaceError

__all__ = [
    "BackupDamaged",
    "BackupError",
    "DiskFull",
    "DiskIOError",
    "RestoreRefused",
    "WorkspaceCorrupt",
    "WorkspaceLocked",
    "WorkspaceReadOnly",
]


class WorkspaceLocked(WorkspaceError):
    """Another connection (another window, a script, a sync tool) kept the workspace locked
    for longer than the busy timeout. Nothing was changed; trying again later may work."""

    code = "workspace_locked"


class WorkspaceReadOnly(WorkspaceError):
    """The workspace file or its folder cannot be written (read-only disk or folder, no
    permission). Nothing was changed."""

    code = "workspace_read_only"


class DiskFull(WorkspaceError):
    """The disk (or a size limit) is full: the change in progress was rolled back."""

    code = "disk_full"


class DiskIOError(WorkspaceError):
    """The operating system reported an input/output error (failing disk, network share
    gone). The change in progress was rolled back."""

    code = "disk_io_error"


class WorkspaceCorrupt(WorkspaceError):
    """The workspace file is damaged (SQLite reports a malformed database image). Nothing
    more is written to it; restore a backup (``annotator restore``)."""

    code = "workspace_corrupt"


class BackupError(WorkspaceError):
    """A backup or restore could not be made; the workspace itself was not changed."""

    code = "backup_failed"


class BackupDamaged(BackupError):
    """A backup file is not a usable workspace (fails the integrity check, not SQLite, not
    an annotator workspace, or from a newer version); it was not restored."""

    code = "backup_damaged"


class RestoreRefused(BackupError):
    """Restoring would overwrite an existing workspace and ``force`` was not given."""

    code = "restore_refused"
