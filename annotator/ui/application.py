"""Start the Qt application (GUI thread) on an open workspace."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication

from annotator.services.workspace import Workspace
from annotator.ui.fonts import register_bundled_fonts
from annotator.ui.main_window import MainWindow


def create_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("Arabic News Annotator")
    app.setOrganizationName("arabic-news-annotator")
    register_bundled_fonts()
    return app  # type: ignore[return-value]


def run_gui(workspace: Workspace) -> int:
    app = create_app()
    window = MainWindow(workspace)
    window.show()
    try:
        return app.exec()
    finally:
        workspace.close()
