"""Start the Qt application (GUI thread): fonts, language, the editor's name, the workspace
and the main window; the day's automatic backup once the window is painted."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from annotator.domain.errors import AnnotatorError
from annotator.services.backup import BackgroundBackup
from annotator.services.workspace import EDITOR_ENV, Workspace, default_editor_name
from annotator.ui import settings as S
from annotator.ui.fonts import register_bundled_fonts
from annotator.ui.i18n import install_translators
from annotator.ui.main_window import MainWindow


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(S.APPLICATION)
    app.setOrganizationName(S.ORGANISATION)
    register_bundled_fonts()
    return app  # type: ignore[return-value]


def ask_editor_name(default: str) -> str | None:
    """The first start's question for the editor's name
    (:func:`annotator.ui.preferences.ask_editor_name`). Its module (the preferences dialog)
    is imported only when the question is asked, not on every start."""
    from annotator.ui.preferences import ask_editor_name as ask

    return ask(default)


def editor_name(preferences: S.Preferences, override: str | None) -> str:
    """``--editor``, else ``$ANNOTATOR_EDITOR``, else the preferences; on first start the
    editor is asked (and the answer kept)."""
    import os

    if override:
        return override
    if os.environ.get(EDITOR_ENV, "").strip():
        return os.environ[EDITOR_ENV].strip()
    saved = str(preferences.get(S.EDITOR_NAME)).strip()
    if saved:
        return saved
    name = ask_editor_name(default_editor_name()) or default_editor_name()
    preferences.set(S.EDITOR_NAME, name)
    return name


#: The longest the garbage collector stays off at start when the window is not drawn.
COLLECTION_PAUSE_LIMIT_MS = 10_000


def run_gui(db_path: str | Path, *, editor: str | None = None) -> int:
    app = create_app()
    preferences = S.Preferences()
    language = preferences.language()
    install_translators(app, language)
    if language == "ar":
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        workspace = Workspace.open(db_path, editor_name=editor_name(preferences, editor),
                                   defer_backup=True)
    except AnnotatorError as exc:
        resume_collection()
        return refuse_to_start(str(exc))
    window = MainWindow(workspace, language=language, preferences=preferences)
    window.first_painted.connect(resume_collection)
    # Also when the window is not drawn soon (started minimised, on a hidden desktop): the
    # collector must not stay off for a session.
    QTimer.singleShot(COLLECTION_PAUSE_LIMIT_MS, resume_collection)
    window.show()
    daily = backup_after_first_paint(window, workspace)
    try:
        return app.exec()
    finally:
        resume_collection()  # the window may never have been drawn
        try:
            window.workspace.close()
        finally:
            if daily is not None:
                daily.finish()  # waits for a copy still running: never cut off half-way


def refuse_to_start(message: str) -> int:
    """Say why the workspace cannot be opened, in a modal box, and return the exit status
    (1). Plain text: the message holds the file's path, whose name is never read as markup.
    GUI thread, before the event loop runs."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Critical,
                      QApplication.translate("app", "Cannot open the workspace"), message,
                      QMessageBox.StandardButton.Ok)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()
    return 1


def resume_collection() -> None:
    """Switch the cyclic garbage collector on again after the start
    (:func:`annotator.app.pause_collection_until_first_paint`), first moving every object
    alive now into the permanent generation (``gc.freeze``): what the start built (modules,
    classes, the window) lives as long as the process, so later collections need not walk
    it again each time. Not collected first: the start leaves a few hundred objects in
    cycles (365 measured), not worth a full collection's ~20 ms. Does nothing when the
    collector is on already. GUI thread."""
    import gc

    if gc.isenabled():
        return
    gc.freeze()
    gc.enable()


def backup_after_first_paint(window: MainWindow, workspace: Workspace
                             ) -> BackgroundBackup | None:
    """Start the day's automatic backup of ``workspace``, when opening found one due
    (``Workspace.open(..., defer_backup=True)``), once ``window`` is first drawn
    (:attr:`MainWindow.first_painted`); returns it, for the caller to :meth:`finish
    <BackgroundBackup.finish>` before the process ends (which also takes it when the window
    was never drawn). None when no backup is due. Call on the GUI thread.

    Why after the paint and on a worker thread: the copy takes about 0.3 s per 100 MB of
    workspace, which the first start of each day used to spend before showing anything.
    The worker copies with connections of its own while SQLite releases the GIL, so the
    window stays responsive; the copy is one consistent snapshot even if the editor
    starts editing meanwhile.
    """
    if workspace.backup_due_at is None:
        return None
    daily = BackgroundBackup(workspace.path)
    window.first_painted.connect(daily.start)
    return daily
