"""File > Export…: the one definition of the action (label, shortcut, status tip).

A module of its own so the main window can make the action at start-up without loading
``export_dialog`` (which loads every export format); the export controller is made on the
action's first use."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget


def make_export_action(window: QWidget, on_trigger: Callable[[], object]) -> QAction:
    """The File > Export… action of ``window`` (Ctrl+E), calling ``on_trigger``; the
    caller puts it in a menu and on the window."""
    action = QAction(QCoreApplication.translate("ExportDialog", "&Export…"), window)
    action.setShortcut(QKeySequence("Ctrl+E"))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setStatusTip(QCoreApplication.translate(
        "ExportDialog", "Export claims as a report, for publishing or as training data"))
    action.triggered.connect(lambda checked=False: on_trigger())
    return action
