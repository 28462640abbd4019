"""Message boxes and dialogs that follow the window: shared by every dialog of the app.

GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

# QMessageBox and QLabel are imported where a box is made: the main window imports this
# module, and PySide creates a class's Python type (with its enums) when it is first
# imported, which would otherwise happen before the window's first paint.


def follow_direction(dialog: QWidget, parent: QWidget | None) -> None:
    """A dialog is a window and takes the application's layout direction, not its parent's;
    follow the window that opened it (the Arabic interface mirrors the main window)."""
    if parent is not None:
        dialog.setLayoutDirection(parent.layoutDirection())


def show_plain_message(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    *,
    details: str | None = None,
) -> QMessageBox:
    """A window-modal message box, opened without blocking, with ``text`` shown as plain text
    (a static ``QMessageBox.warning`` would render a file name like ``<b>x.txt`` as markup).
    It deletes itself when closed. GUI thread."""
    from PySide6.QtWidgets import QLabel, QMessageBox

    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    follow_direction(box, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if details:
        box.setInformativeText(details)
        label = box.findChild(QLabel, "qt_msgbox_informativelabel")
        if label is not None:
            label.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def choose_item(parent: QWidget | None, title: str, question: str, items: list[str]
                ) -> str | None:
    """A modal choice among ``items``, or None when cancelled. The ``question`` is shown as
    plain text: it may quote what the editor typed (``QInputDialog.getItem`` would render a
    name like ``<b>x`` as markup). GUI thread."""
    from PySide6.QtWidgets import QDialog, QInputDialog, QLabel

    dialog = QInputDialog(parent)
    follow_direction(dialog, parent)
    dialog.setWindowTitle(title)
    dialog.setComboBoxItems(items)
    dialog.setComboBoxEditable(False)
    dialog.setLabelText(question)
    label = dialog.findChild(QLabel)
    if label is not None:
        label.setTextFormat(Qt.TextFormat.PlainText)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.textValue()
    finally:
        dialog.deleteLater()
