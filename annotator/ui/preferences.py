"""The preferences dialog: editor name, interface language, article font and size,
highlight colours per status, snapping. Reads and writes :class:`Preferences` only."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFontComboBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from annotator.domain.models import Status
from annotator.ui import settings as S


class PreferencesDialog(QDialog):
    def __init__(self, preferences: S.Preferences, statuses: list[Status],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.preferences = preferences
        self.editor = QLineEdit(str(preferences.get(S.EDITOR_NAME)))
        self.editor.setAccessibleName(self.tr("Editor name"))
        self.language = QComboBox()
        for label, value in ((self.tr("System language"), "auto"), ("العربية", "ar"),
                             ("English", "en")):
            self.language.addItem(label, value)
        self.language.setCurrentIndex(max(0, self.language.findData(
            preferences.get(S.UI_LANGUAGE))))
        self.font_family = QFontComboBox()
        self.font_family.setCurrentFont(QFont(str(preferences.get(S.ARTICLE_FONT))))
        self.font_size = QDoubleSpinBox()
        self.font_size.setRange(8, 40)
        self.font_size.setValue(float(preferences.get(S.ARTICLE_FONT_SIZE)))
        self.snap = QCheckBox(self.tr("Snap new claims to whole words"))
        self.snap.setChecked(bool(preferences.get(S.SNAP_TO_WORDS)))
        self.colors = preferences.highlight_colors()
        form = QFormLayout(self)
        form.addRow(self.tr("Editor name"), self.editor)
        form.addRow(self.tr("Interface language (after restart)"), self.language)
        form.addRow(self.tr("Article font"), self.font_family)
        form.addRow(self.tr("Article font size"), self.font_size)
        form.addRow("", self.snap)
        self.color_buttons: dict[str, QPushButton] = {}
        for status in statuses:
            button = QPushButton()
            button.setAccessibleName(status.label_en)
            self._paint(button, self.colors.get(status.id, status.color))
            button.clicked.connect(lambda checked=False, s=status: self._choose(s))
            self.color_buttons[status.id] = button
            form.addRow(f"{status.label_ar} / {status.label_en}", button)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    @staticmethod
    def _paint(button: QPushButton, color: str) -> None:
        button.setText(color)
        button.setStyleSheet(f"background-color: {QColor(color).name()}; color: black;")

    def _choose(self, status: Status) -> None:
        current = QColor(self.colors.get(status.id, status.color))
        color = QColorDialog.getColor(current, self, status.label_en)
        if color.isValid():
            self.colors[status.id] = color.name()
            self._paint(self.color_buttons[status.id], color.name())

    def accept(self) -> None:
        name = self.editor.text().strip()
        if name:
            self.preferences.set(S.EDITOR_NAME, name)
        self.preferences.set(S.UI_LANGUAGE, self.language.currentData())
        self.preferences.set(S.ARTICLE_FONT, self.font_family.currentFont().family())
        self.preferences.set(S.ARTICLE_FONT_SIZE, self.font_size.value())
        self.preferences.set(S.SNAP_TO_WORDS, self.snap.isChecked())
        self.preferences.set_highlight_colors(self.colors)
        super().accept()


def ask_editor_name(default: str, parent: QWidget | None = None) -> str | None:
    """First start: ask the editor's name (recorded with every change)."""
    from PySide6.QtWidgets import QInputDialog

    name, ok = QInputDialog.getText(
        parent, QDialog.tr("Welcome"),
        QDialog.tr("Your name, as it will be recorded with your annotations:"),
        QLineEdit.EchoMode.Normal, default,
    )
    return name.strip() if ok and name.strip() else None



