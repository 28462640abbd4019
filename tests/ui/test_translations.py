"""The Arabic interface: every string translated, the compiled file up to date, and the
window mirrored with Arabic labels."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

REPO = Path(__file__).resolve().parents[2]
I18N = REPO / "resources" / "i18n"


def _messages(ts: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            out[(name, message.findtext("source") or "")] = (
                translation.text or "", translation.get("type"))
    return out


def test_every_string_is_translated_with_its_placeholders() -> None:
    messages = _messages(I18N / "annotator_ar.ts")
    assert len(messages) > 50
    for (context, source), (text, kind) in messages.items():
        assert kind is None and text.strip(), f"untranslated: {context}: {source!r}"
        assert set(re.findall(r"\{\w+\}", source)) == set(re.findall(r"\{\w+\}", text)), source
        assert any("\u0600" <= ch <= "\u06ff" for ch in text), f"not Arabic: {text!r}"


def test_no_interface_string_is_missing_from_the_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    files = sorted(str(p) for p in (REPO / "annotator" / "ui").glob("*.py"))
    subprocess.run([str(lupdate), *files, "-ts", str(fresh)], check=True,
                   capture_output=True, cwd=REPO)
    assert set(_messages(fresh)) == set(_messages(I18N / "annotator_ar.ts")), (
        "run: python resources/i18n/update_translations.py, then translate the new strings")


def test_compiled_translation_matches_the_source(qapp) -> None:  # type: ignore[no-untyped-def]
    translator = QTranslator()
    assert translator.load(str(I18N / "annotator_ar.qm"))
    for (context, source), (text, _) in _messages(I18N / "annotator_ar.ts").items():
        assert translator.translate(context, source) == text, (context, source)


def test_arabic_window_is_mirrored_and_translated(qtbot, workspace,  # type: ignore[no-untyped-def]
                                                  seed_article_id: str) -> None:
    from PySide6.QtCore import Qt

    from annotator.ui.application import create_app
    from annotator.ui.i18n import install_translators
    from annotator.ui.main_window import MainWindow

    app = create_app()
    assert install_translators(app, "ar")
    try:
        win = MainWindow(workspace, language="ar")
        qtbot.addWidget(win)
        assert win.layoutDirection() == Qt.LayoutDirection.RightToLeft
        menus = [a.text() for a in win.menuBar().actions()]
        assert menus[:4] == ["&ملف", "&تحرير", "&عرض", "&ادعاء"]
        assert win.library.status.itemText(0) == "كل الحالات"
        assert win.library.status.itemText(1) == "لم يُتحقق منه"  # label from the workspace
    finally:
        install_translators(app, "en")
