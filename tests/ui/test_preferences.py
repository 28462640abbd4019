"""Preferences: declared once, edited in the dialog, applied to the window; the editor's
name is asked on first start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from annotator.services.workspace import Workspace
from annotator.ui import settings as S


@pytest.fixture
def prefs(tmp_path) -> S.Preferences:  # type: ignore[no-untyped-def]
    return S.Preferences(QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat))


def test_every_setting_is_declared_once_with_a_default(prefs: S.Preferences) -> None:
    keys = [s.key for s in S.ALL_SETTINGS]
    assert len(keys) == len(set(keys))
    for setting in S.ALL_SETTINGS:
        assert setting.description
        assert prefs.get(setting) == setting.default


def test_dialog_changes_font_colours_snapping_and_the_window_follows(
    qtbot, workspace: Workspace, seed_article_id: str, prefs: S.Preferences  # type: ignore[no-untyped-def]
) -> None:
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow
    from annotator.ui.preferences import PreferencesDialog

    create_app()
    win = MainWindow(workspace, preferences=prefs)
    qtbot.addWidget(win)
    dialog = PreferencesDialog(prefs, workspace.statuses(), win)
    qtbot.addWidget(dialog)
    dialog.editor.setText("محررة الأخبار")
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    dialog.font_size.setValue(21)
    dialog.snap.setChecked(False)
    dialog.colors["false"] = "#ff0000"
    dialog.accept()
    assert prefs.get(S.EDITOR_NAME) == "محررة الأخبار"
    assert prefs.language() == "ar"
    assert prefs.get(S.ARTICLE_FONT_SIZE) == 21
    assert prefs.get(S.SNAP_TO_WORDS) is False
    assert prefs.highlight_colors() == {"false": "#ff0000"}
    win.apply_preferences()
    assert win.article_view.font().pointSizeF() == 21
    # Snapping off: a selection inside a word is marked as it is.
    text = win.current_article.text
    start = text.index("صواريخ")
    win.article_view.select_codepoints(start + 1, start + 4)
    claim_id = win.mark_claim()
    assert workspace.claim(claim_id).quote == "وار"
    workspace.apply(__import__("annotator.domain.operations", fromlist=["UpdateClaim"])
                    .UpdateClaim(claim_id, (("status_id", "false"),)))
    assert [s.color for s in win._colored_statuses() if s.id == "false"] == ["#ff0000"]


def test_first_start_asks_the_editor_name_once(prefs: S.Preferences,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.ui import application

    monkeypatch.delenv("ANNOTATOR_EDITOR", raising=False)
    asked: list[str] = []
    monkeypatch.setattr(application, "ask_editor_name",
                        lambda default: asked.append(default) or "سارة المحررة")
    assert application.editor_name(prefs, None) == "سارة المحررة"
    assert application.editor_name(prefs, None) == "سارة المحررة"
    assert len(asked) == 1
    assert application.editor_name(prefs, "من سطر الأوامر") == "من سطر الأوامر"


def test_window_layout_is_remembered(qtbot, workspace: Workspace,  # type: ignore[no-untyped-def]
                                     prefs: S.Preferences) -> None:
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    create_app()
    win = MainWindow(workspace, preferences=prefs)
    qtbot.addWidget(win)
    win.resize(760, 700)  # inside the offscreen platform's 800x800 screen
    win.show()
    qtbot.waitExposed(win)
    win.splitter.setSizes([150, 400, 200])
    sizes = win.splitter.sizes()
    win.close()
    again = MainWindow(workspace, preferences=prefs)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    assert again.size() == win.size()
    assert again.splitter.sizes() == sizes
