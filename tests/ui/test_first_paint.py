"""The main window's File menu entries are made right after its first paint (not before it
is drawn), or earlier when code asks for one of their controllers; once either way."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from annotator.services.workspace import Workspace

FILE_MENU = ["&Import…", "&Paste as new article…", "&Export…", "&Merge workspace…",
             "&New workspace…", "&Open workspace…", "Open &recent"]


def _file_menu(win) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text() for a in win.file_menu.actions() if a.text()]


def _shortcuts(win) -> set[str]:  # type: ignore[no-untyped-def]
    return {a.shortcut().toString() for a in win.actions() if not a.shortcut().isEmpty()}


def test_the_file_menu_is_made_once_right_after_the_first_paint(
    qtbot, workspace: Workspace  # type: ignore[no-untyped-def]
) -> None:
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    create_app()
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    assert _file_menu(win) == []  # not before the window is drawn
    painted: list[bool] = []
    win.first_painted.connect(lambda: painted.append(True))
    with qtbot.waitSignal(win.first_painted, timeout=5000):
        win.show()
    assert _file_menu(win) == FILE_MENU
    open_keys = QKeySequence(QKeySequence.StandardKey.Open).toString()
    assert {"Ctrl+I", "Ctrl+E", open_keys} <= _shortcuts(win)
    importer = win.importer
    win.update()
    win.repaint()
    qtbot.wait(50)
    assert painted == [True]  # once
    assert win.importer is importer and _file_menu(win) == FILE_MENU


def test_asking_for_a_controller_before_the_paint_makes_the_menu_then(
    qtbot, workspace: Workspace  # type: ignore[no-untyped-def]
) -> None:
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    create_app()
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    workspaces = win.workspaces
    assert _file_menu(win) == FILE_MENU
    assert workspaces.recent.paths() == [workspace.path]  # the open workspace is remembered
    with qtbot.waitSignal(win.first_painted, timeout=5000):
        win.show()
    assert _file_menu(win) == FILE_MENU  # not made twice
    assert win.workspaces is workspaces and win.merger is win.merger
