"""Start the Qt application (GUI thread): fonts, language, the editor's name, the workspace
and the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from annotator.domain.errors import AnnotatorError
from annotator.services.workspace import EDITOR_ENV, Workspace, default_editor_name
from annotator.ui import settings as S
from annotator.ui.fonts import register_bundled_fonts
from annotator.ui.i18n import install_translators
from annotator.ui.main_window import MainWindow
from annotator.ui.preferences import ask_editor_name


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName(S.APPLICATION)
    app.setOrganizationName(S.ORGANISATION)
    register_bundled_fonts()
    return app  # type: ignore[return-value]


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


def run_gui(db_path: str | Path, *, editor: str | None = None) -> int:
    app = create_app()
    preferences = S.Preferences()
    language = preferences.language()
    install_translators(app, language)
    if language == "ar":
        app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    try:
        workspace = Workspace.open(db_path, editor_name=editor_name(preferences, editor))
    except AnnotatorError as exc:
        QMessageBox.critical(None, QApplication.translate("app", "Cannot open the workspace"),
                             str(exc))
        return 1
    window = MainWindow(workspace, language=language, preferences=preferences)
    window.show()
    try:
        return app.exec()
    finally:
        window.workspace.close()
