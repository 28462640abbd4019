"""File > New workspace…, Open workspace…, Open Recent: switching the window's workspace.

GUI thread only. A switch opens the new :class:`Workspace` first; only when that succeeded is
it handed to the window (``window.set_workspace(new)``) and the old one closed, so a refused
file (written by a newer version, not a workspace, unreadable) leaves the current workspace
open and shown, and the editor gets a message saying why.

The daily automatic backup of the workspace switched to, when due, is taken on a worker
thread (:class:`~annotator.services.backup.BackgroundBackup`) after the switch, as at start-up:
the window never waits for the copy. Copies still running when the application quits are
waited for (never cut off half-way).

Switching is refused while a file import runs (its worker writes to the current workspace's
file and its results refer to that workspace).

The recent list lives in the preferences (QSettings, organisation ``arabic-news-annotator``,
application ``Arabic News Annotator``) as a JSON list of absolute paths, newest first, at most
:data:`MAX_RECENT`; files that no longer exist are pruned whenever it is read.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QMessageBox

from annotator.domain.errors import AnnotatorError, NotAWorkspace, WorkspaceTooNew
from annotator.services.backup import BackgroundBackup
from annotator.services.workspace import Workspace
from annotator.ui import settings as S
from annotator.ui.messages import show_plain_message

__all__ = [
    "MAX_RECENT",
    "RECENT_WORKSPACES",
    "WORKSPACE_SUFFIX",
    "RecentWorkspaces",
    "WorkspaceController",
    "install_workspace_actions",
]

log = logging.getLogger(__name__)

#: Declared here next to its only user; belongs in ``settings.ALL_SETTINGS``.
RECENT_WORKSPACES = S.RECENT_WORKSPACES
MAX_RECENT = 8
WORKSPACE_SUFFIX = ".db"

_CONTEXT = "Workspaces"

Opener = Callable[..., Workspace]


def _absolute(path: str | Path) -> str:
    """Absolute, user-expanded, symlinks kept (the path the editor chose)."""
    return os.path.abspath(os.path.expanduser(str(path)))


def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return _absolute(a) == _absolute(b)


def _elide_middle(text: str, limit: int = 80) -> str:
    if len(text) <= limit:
        return text
    keep = (limit - 1) // 2
    return text[:keep] + "…" + text[-(limit - 1 - keep) :]


class RecentWorkspaces:
    """The Open Recent list over the preferences. GUI thread."""

    def __init__(self, preferences: S.Preferences | None = None) -> None:
        self.preferences = preferences or S.Preferences()

    def _read(self) -> list[str]:
        try:
            data = json.loads(str(self.preferences.get(RECENT_WORKSPACES)))
        except ValueError:
            return []
        return [str(p) for p in data if isinstance(p, str) and p] if isinstance(data, list) else []

    def _write(self, paths: list[str]) -> None:
        self.preferences.set(RECENT_WORKSPACES, json.dumps(paths[:MAX_RECENT], ensure_ascii=False))

    def paths(self) -> list[str]:
        """Existing workspace files, newest first; missing ones are dropped for good."""
        stored = self._read()
        present = [p for p in stored if Path(p).is_file()][:MAX_RECENT]
        if present != stored:
            self._write(present)
        return present

    def add(self, path: str | Path) -> None:
        """Put ``path`` first (once), keeping at most :data:`MAX_RECENT`."""
        path = _absolute(path)
        self._write([path, *(p for p in self.paths() if not _same_file(p, path))])

    def remove(self, path: str | Path) -> None:
        path = _absolute(path)
        self._write([p for p in self._read() if _absolute(p) != path])

    def clear(self) -> None:
        self._write([])


class WorkspaceController(QObject):
    """New / Open / Open Recent for one window. GUI thread only.

    The window must provide ``workspace`` and ``set_workspace(workspace)`` (show an already
    open workspace; this controller closes the previous one afterwards).

    Signals:
        switched(object): the window now shows this (new) :class:`Workspace`.
    """

    switched = Signal(object)

    def __init__(
        self,
        window: QMainWindow,
        *,
        preferences: S.Preferences | None = None,
        busy: Callable[[], bool] | None = None,
        opener: Opener = Workspace.open,
    ) -> None:
        super().__init__(window)
        self._window = window
        self.recent = RecentWorkspaces(preferences)
        self._busy = busy or (lambda: False)
        self._opener = opener
        self.message_box: QMessageBox | None = None
        # Daily backups of workspaces switched to, taken on worker threads.
        self.backups: list[BackgroundBackup] = []
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.finish_backups)

        self.new_action = QAction(
            QCoreApplication.translate("Workspaces", "&New workspace…"), window
        )
        self.new_action.setStatusTip(
            QCoreApplication.translate(
                "Workspaces", "Create an empty workspace file and switch to it"
            )
        )
        self.new_action.triggered.connect(self._new_triggered)
        self.open_action = QAction(
            QCoreApplication.translate("Workspaces", "&Open workspace…"), window
        )
        self.open_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Open))
        self.open_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.open_action.setStatusTip(
            QCoreApplication.translate("Workspaces", "Switch to another workspace file")
        )
        self.open_action.triggered.connect(self._open_triggered)
        self.recent_menu = QMenu(QCoreApplication.translate("Workspaces", "Open &recent"), window)
        self.recent_menu.aboutToShow.connect(self.rebuild_recent_menu)
        self.clear_recent_action = QAction(
            QCoreApplication.translate("Workspaces", "&Clear the list"), window
        )
        self.clear_recent_action.triggered.connect(self._clear_recent)
        current = getattr(window, "workspace", None)
        if current is not None and Path(current.path).is_file():
            self.recent.add(current.path)
        self.rebuild_recent_menu()

    # --- menu --------------------------------------------------------------------------------
    @Slot()
    def rebuild_recent_menu(self) -> None:
        """Fill Open Recent from the (pruned) list; called before the menu shows."""
        menu = self.recent_menu
        menu.clear()
        paths = self.recent.paths()
        for number, path in enumerate(paths, start=1):
            label = _elide_middle(path).replace("&", "&&")  # a path is not a mnemonic
            action = menu.addAction(f"&{number}  {label}" if number < 10 else label)
            action.setData(path)
            action.setStatusTip(path)
            action.triggered.connect(lambda checked=False, p=path: self.open_workspace_at(p))
        if not paths:
            empty = menu.addAction(QCoreApplication.translate("Workspaces", "No recent workspaces"))
            empty.setEnabled(False)
        menu.addSeparator()
        menu.addAction(self.clear_recent_action)
        self.clear_recent_action.setEnabled(bool(paths))

    def recent_actions(self) -> list[QAction]:
        """The actions that open a recent workspace (after :meth:`rebuild_recent_menu`)."""
        return [a for a in self.recent_menu.actions() if isinstance(a.data(), str) and a.data()]

    @Slot()
    def _clear_recent(self) -> None:
        self.recent.clear()
        self.rebuild_recent_menu()

    def set_enabled(self, enabled: bool) -> None:
        """Off while an import runs (connect to the import controller's ``running``)."""
        for action in (self.new_action, self.open_action):
            action.setEnabled(enabled)
        self.recent_menu.setEnabled(enabled)

    @Slot(bool)
    def _on_import_running(self, running: bool) -> None:
        self.set_enabled(not running)

    # --- dialogs -----------------------------------------------------------------------------
    def _start_directory(self) -> str:
        current = getattr(self._window, "workspace", None)
        if current is not None and current.path != ":memory:":
            return str(Path(current.path).parent)
        return ""

    @Slot()
    def _new_triggered(self) -> None:
        self.new_workspace()

    @Slot()
    def _open_triggered(self) -> None:
        self.open_workspace()

    def new_workspace(self) -> bool:
        """Ask where to create a workspace (save dialog), create it, switch to it."""
        path, _filter = QFileDialog.getSaveFileName(
            self._window,
            QCoreApplication.translate("Workspaces", "New workspace"),
            self._start_directory(),
            QCoreApplication.translate("Workspaces", "Workspaces (*.db)"),
            "",
            # An existing file is refused below, not replaced: don't ask "replace it?".
            QFileDialog.Option.DontConfirmOverwrite,
        )
        return bool(path) and self.create_workspace_at(path)

    def open_workspace(self) -> bool:
        """Ask for an existing workspace file (open dialog) and switch to it."""
        path, _filter = QFileDialog.getOpenFileName(
            self._window,
            QCoreApplication.translate("Workspaces", "Open workspace"),
            self._start_directory(),
            QCoreApplication.translate("Workspaces", "Workspaces (*.db);;All files (*)"),
        )
        return bool(path) and self.open_workspace_at(path)

    # --- logic (no dialogs) ------------------------------------------------------------------
    def create_workspace_at(self, path: str | Path) -> bool:
        """Create an empty workspace at ``path`` (``.db`` added when there is no suffix) and
        switch to it. Refuses an existing file: a new workspace never replaces one."""
        target = Path(_absolute(path))
        if not target.suffix:
            target = target.with_suffix(WORKSPACE_SUFFIX)
        if self._refuse_while_busy():
            return False
        if target.exists():
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("Workspaces", "Workspace not created"),
                QCoreApplication.translate(
                    "Workspaces",
                    "A file with this name already exists. Choose another name, or open it "
                    "with Open workspace.",
                ),
                str(target),
            )
            return False
        return self._switch(target, create=True)

    def open_workspace_at(self, path: str | Path) -> bool:
        """Switch to the existing workspace at ``path``. True when the window shows it (also
        when it already did); False, with a message, when it was refused."""
        target = Path(_absolute(path))
        if self._refuse_while_busy():
            return False
        if not target.is_file():
            self.recent.remove(target)
            self.rebuild_recent_menu()
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("Workspaces", "Workspace not opened"),
                QCoreApplication.translate("Workspaces", "The workspace file no longer exists."),
                str(target),
            )
            return False
        current = self._window.workspace  # type: ignore[attr-defined]
        if current.path != ":memory:" and _same_file(current.path, target):
            self.recent.add(target)
            return True
        return self._switch(target)

    def _refuse_while_busy(self) -> bool:
        if not self._busy():
            return False
        self._message(
            QMessageBox.Icon.Information,
            QCoreApplication.translate("Workspaces", "Workspace not switched"),
            QCoreApplication.translate(
                "Workspaces",
                "An import is running. Switch workspaces when it has finished, or cancel it.",
            ),
        )
        return True

    def _switch(self, path: Path, *, create: bool = False) -> bool:
        window = self._window
        old: Workspace = window.workspace  # type: ignore[attr-defined]
        try:
            # Never add the demo article to a workspace the editor created or chose.
            if create:  # a new workspace stays empty: marked so, it never gets the seeds
                new = Workspace.create(path, editor_name=old.editor_name)
            else:
                new = self._opener(path, editor_name=old.editor_name, import_seeds=False,
                                   defer_backup=True)
        except WorkspaceTooNew as exc:
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("Workspaces", "Workspace not opened"),
                QCoreApplication.translate(
                    "Workspaces",
                    "This workspace was saved by a newer version of Arabic News Annotator. "
                    "Update the app to open it. The file was not changed, and the current "
                    "workspace stays open.",
                ),
                str(exc),
            )
            return False
        except NotAWorkspace as exc:
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("Workspaces", "Workspace not opened"),
                QCoreApplication.translate(
                    "Workspaces",
                    "This file is not an Arabic News Annotator workspace. The current "
                    "workspace stays open.",
                ),
                str(exc),
            )
            return False
        except (AnnotatorError, OSError) as exc:
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("Workspaces", "Workspace not opened"),
                QCoreApplication.translate(
                    "Workspaces",
                    "The workspace could not be opened. The current workspace stays open.",
                ),
                str(exc),
            )
            return False
        except Exception as exc:  # e.g. a locked or damaged database: say so, keep going
            log.exception("opening workspace %s failed", path)
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("Workspaces", "Workspace not opened"),
                QCoreApplication.translate(
                    "Workspaces",
                    "The workspace could not be opened (details are in the log). The current "
                    "workspace stays open.",
                ),
                f"{path}: {exc}",
            )
            return False
        try:
            window.set_workspace(new)  # type: ignore[attr-defined]
        except Exception:
            new.close()
            window.set_workspace(old)  # type: ignore[attr-defined]
            raise
        old.close()
        self._start_backup(new)
        self.recent.add(path)
        self.rebuild_recent_menu()
        self.switched.emit(new)
        return True

    def _start_backup(self, workspace: Workspace) -> None:
        """Take the day's backup of ``workspace`` on a worker thread when it is due."""
        if workspace.backup_due_at is None:
            return
        daily = BackgroundBackup(workspace.path)
        daily.start()
        self.backups.append(daily)

    @Slot()
    def finish_backups(self) -> None:
        """Wait for the backups still being copied (the application is quitting). A failure
        is logged: the editor's work is in the workspace itself, which is not affected."""
        backups, self.backups = self.backups, []
        for daily in backups:
            try:
                daily.finish()
            except Exception:
                log.exception("the daily backup of %s failed", daily.path)

    def _message(
        self, icon: QMessageBox.Icon, title: str, text: str, details: str | None = None
    ) -> QMessageBox:
        self.message_box = show_plain_message(self._window, icon, title, text, details=details)
        return self.message_box


def install_workspace_actions(
    window: QMainWindow,
    menu: QMenu,
    *,
    preferences: S.Preferences | None = None,
    importer: QObject | None = None,
) -> WorkspaceController:
    """Add New workspace…, Open workspace… and Open recent to ``menu``. With ``importer``
    (an :class:`~annotator.ui.import_dialogs.ImportController`) switching is refused and the
    actions are off while an import runs."""
    busy = getattr(importer, "busy", None)
    controller = WorkspaceController(window, preferences=preferences, busy=busy)
    menu.addAction(controller.new_action)
    menu.addAction(controller.open_action)
    menu.addMenu(controller.recent_menu)
    window.addAction(controller.open_action)
    running = getattr(importer, "running", None)
    if running is not None:
        running.connect(controller._on_import_running)
    return controller
