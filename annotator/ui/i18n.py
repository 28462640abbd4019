"""Interface translations: compiled Qt Linguist files (``resources/i18n/*.qm``, built from
the ``.ts`` sources there) and Qt's own strings (standard dialogs, context menus)."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from annotator.bundled import resources_folder

_installed: list[QTranslator] = []  # keep references: Qt does not own translators


def install_translators(app: QApplication, language: str) -> bool:
    """Install the app's and Qt's translations for ``language`` ("ar" or "en"); English is
    the source language and needs none. Returns whether the app's translation loaded."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language == "en":
        return True
    qt = QTranslator(app)
    if qt.load(QLocale(language), "qtbase", "_",
               QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _installed.append(qt)
    own = QTranslator(app)
    qm = resources_folder() / "i18n" / f"annotator_{language}.qm"
    if qm.is_file() and own.load(str(qm)):  # installed packages are real files on disk
        app.installTranslator(own)
        _installed.append(own)
        return True
    return False
