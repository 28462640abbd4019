"""UI fixtures: a real main window on a real workspace, offscreen."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.services.workspace import Workspace

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots-tmp"


@pytest.fixture(autouse=True)
def _private_settings(tmp_path: Path) -> None:
    """Each test gets its own QSettings files (Qt caches the XDG path per process)."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture
def window(qtbot, workspace: Workspace) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    create_app()
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
