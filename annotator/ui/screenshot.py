"""Headless pictures of the main window (``annotator screenshot``), for docs, bug reports and
tests. Renders offscreen unless a display platform was chosen explicitly."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from annotator.services.workspace import Workspace


def render(
    workspace: Workspace,
    article_id: str,
    out: str | Path,
    *,
    size: tuple[int, int] = (1400, 860),
    language: str = "en",
    select: str | None = None,
) -> Path:
    """Draw the main window showing ``article_id`` (and outlining claim ``select``) into a
    PNG at ``out``. Uses throwaway preferences, so the user's settings are not read or
    changed. Must be called on the thread that owns ``workspace`` (it becomes the GUI
    thread)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtWidgets import QApplication

    from annotator.ui import settings as S
    from annotator.ui.application import create_app
    from annotator.ui.i18n import install_translators
    from annotator.ui.main_window import MainWindow

    app = create_app()
    install_translators(app, language)
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    )
    with tempfile.TemporaryDirectory() as tmp:
        prefs = S.Preferences(QSettings(str(Path(tmp) / "prefs.ini"),
                                        QSettings.Format.IniFormat))
        window = MainWindow(workspace, language=language, preferences=prefs)
        window.resize(*size)
        window.show()
        window.open_article(workspace.resolve_article_id(article_id))
        if select:
            claim = next((c for c in workspace.claims(article_id) if c.id.startswith(select)),
                         None)
            if claim is None:
                raise ValueError(f"no claim {select} in article {article_id}")
            window.jump_to_claim(claim.id)
        for _ in range(3):
            QApplication.processEvents()
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if not window.grab().save(str(out)):
            raise OSError(f"cannot write {out}")
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    return out
