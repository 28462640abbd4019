"""Annotating in the real window, as an editor would: select, mark, source, status, note,
undo, redo, switch articles, close and reopen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QTextCursor
from PySide6.QtWidgets import QApplication

from annotator.services.workspace import Workspace


def _open_window(qtbot, workspace: Workspace, language: str = "en"):  # type: ignore[no-untyped-def]
    from annotator.ui.application import create_app
    from annotator.ui.i18n import install_translators
    from annotator.ui.main_window import MainWindow

    app = create_app()
    install_translators(app, language)
    win = MainWindow(workspace, language=language)
    qtbot.addWidget(win)
    win.resize(1400, 860)
    win.show()
    qtbot.waitExposed(win)
    with qtbot.waitActive(win):  # shortcuts go to the active window only
        win.activateWindow()
    return win


def _type(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type Arabic into a widget key by key (QTest.keyClicks only knows ASCII keys)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _select_utf16(view, start: int, end: int) -> None:  # type: ignore[no-untyped-def]
    cursor = view.textCursor()
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)


@pytest.fixture
def english_afterwards():  # type: ignore[no-untyped-def]
    yield
    from PySide6.QtWidgets import QApplication

    from annotator.ui.i18n import install_translators

    install_translators(QApplication.instance(), "en")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_mark_source_status_note_undo_redo_reopen(
    qtbot, db_path: Path, screenshot_dir: Path, language: str,  # type: ignore[no-untyped-def]
    english_afterwards,
) -> None:
    workspace = Workspace.open(db_path, editor_name="Test Editor")
    win = _open_window(qtbot, workspace, language)
    if language == "ar":
        assert win.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert win.mark_action.text() == "&تحديد ادعاء"
    text = win.current_article.text
    sentence = "أن مهاجمين أطلقوا عدة صواريخ"
    start = text.index(sentence)
    # A sloppy mouse selection: from inside "أن" to inside "صواريخ".
    _select_utf16(win.article_view, win.article_view.offsets.to_utf16(start + 1),
                  win.article_view.offsets.to_utf16(start + len(sentence) - 2))
    win.article_view.setFocus()
    qtbot.keyClick(win.article_view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    [claim] = workspace.claims()
    assert claim.quote == sentence  # snapped outward to whole words
    assert text[claim.start:claim.end] == claim.quote
    assert win.selected_claim_id == claim.id
    row = win.article_model.row_of(claim.article_id)
    assert win.article_model.index(row).data(Qt.ItemDataRole.ToolTipRole).endswith(": 1</p>")

    panel = win.claim_panel
    panel.source_input.setText("Reuters" if language == "en" else "رويترز")
    panel.role.setCurrentIndex(panel.role.findData("carrier"))
    qtbot.keyClick(panel.source_input, Qt.Key.Key_Return)
    assert [(s.name_en, str(s.role)) for s in workspace.claim(claim.id).sources] == [
        ("Reuters", "carrier")]

    win.article_view.setFocus()
    qtbot.keyClick(win.article_view, Qt.Key.Key_3)  # third status: True
    assert workspace.claim(claim.id).status_id == "true"

    panel.note.setFocus()
    _type(panel.note, "مصدر واحد فقط")
    assert workspace.claim(claim.id).note == "مصدر واحد فقط"
    steps = win.undo_stack.count()
    assert steps == 4  # mark, source, status, note (typing merged into one step)

    win.grab().save(str(screenshot_dir / f"workbench-{language}.png"))

    win.undo_stack.undo()
    assert workspace.claim(claim.id).note == ""
    win.undo_stack.undo()
    assert workspace.claim(claim.id).status_id == "unverified"
    win.undo_stack.undo()
    assert workspace.claim(claim.id).sources == ()
    win.undo_stack.undo()
    assert workspace.claims() == []
    for _ in range(4):
        win.undo_stack.redo()
    restored = workspace.claim(claim.id)
    assert (restored.note, restored.status_id) == ("مصدر واحد فقط", "true")
    assert [s.name_en for s in restored.sources] == ["Reuters"]
    assert restored.start == claim.start and restored.end == claim.end

    # Switch articles, undo there: the edit in the first article is undone and shown.
    other = workspace.import_text("خبر آخر\nقال المتحدث إن الاجتماع انتهى.")
    win.refresh_articles()
    win.open_article(other.article_id)
    win.undo_stack.undo()
    assert win.current_article.id == claim.article_id
    assert workspace.claim(claim.id).note == ""
    win.undo_stack.redo()

    win.close()
    workspace.close()
    reopened = Workspace.open(db_path, editor_name="Test Editor")
    [again] = reopened.claims(claim.article_id)
    assert (again.quote, again.status_id, again.note) == (sentence, "true", "مصدر واحد فقط")
    assert [s.name_en for s in again.sources] == ["Reuters"]
    reopened.close()


def test_exact_selection_and_delete(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    win = _open_window(qtbot, workspace)
    text = win.current_article.text
    start = text.index("صواريخ")
    _select_utf16(win.article_view, start, start + 3)
    win.article_view.setFocus()
    qtbot.keyClick(win.article_view, Qt.Key.Key_M,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    [claim] = workspace.claims()
    assert claim.quote == "صوا"  # exact: part of a word
    qtbot.keyClick(win.article_view, Qt.Key.Key_Delete)
    assert workspace.claims() == []
    win.undo_stack.undo()
    assert [c.quote for c in workspace.claims()] == ["صوا"]


def test_marking_after_emoji_and_crlf_keeps_code_points(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    outcome = workspace.import_text("عاجل 🚨🇮🇶\r\nقال المتحدث 👨‍👩‍👧 إن الهجوم وقع فجرا.\r\n")
    win = _open_window(qtbot, workspace)
    win.open_article(outcome.article_id)
    text = workspace.article(outcome.article_id).text
    start = text.index("الهجوم")
    view = win.article_view
    _select_utf16(view, view.offsets.to_utf16(start), view.offsets.to_utf16(start + 6))
    claim_id = win.mark_claim()
    claim = workspace.claim(claim_id)
    assert (claim.start, claim.quote) == (start, "الهجوم")


def test_source_picker_completes_arabic_and_english_with_kinds(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    win = _open_window(qtbot, workspace)
    text = win.current_article.text
    start = text.index("الانسحاب كان من ضمن الشروط")
    _select_utf16(win.article_view, start, start + 20)
    win.mark_claim()  # the source field serves the selected claim
    completer = win.claim_panel.source_input.completer()
    model = completer.model()
    role = completer.completionRole()
    shown = {model.index(r, 0).data(role):
             model.index(r, 0).data(Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())}
    assert shown["Reuters"] == "Reuters · News agency"
    assert shown["وكالة رويترز للأنباء"] == "وكالة رويترز للأنباء · News agency"
    completer.setCompletionPrefix("رويتر")
    found = {completer.completionModel().index(r, 0).data(role)
             for r in range(completer.completionCount())}
    assert {"رويترز", "وكالة رويترز", "وكالة رويترز للأنباء"} <= found


def test_new_source_created_in_place_is_one_undo_step(qtbot, workspace: Workspace,  # type: ignore[no-untyped-def]
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QDialog, QInputDialog, QLabel

    win = _open_window(qtbot, workspace)
    text = win.current_article.text
    start = text.index("الانسحاب كان من ضمن الشروط")
    _select_utf16(win.article_view, start, start + 20)
    claim_id = win.mark_claim()
    labels = workspace.source_kind_labels()
    asked: list[tuple[Qt.TextFormat, str]] = []

    def choose_expert(dialog: QInputDialog) -> int:
        label = dialog.findChild(QLabel)
        asked.append((label.textFormat(), label.text()))
        dialog.setTextValue(labels["expert"][1])
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QInputDialog, "exec", choose_expert)
    win.claim_panel.source_input.setText("الأكاديمي علاء مصطفى")
    qtbot.keyClick(win.claim_panel.source_input, Qt.Key.Key_Return)
    [link] = workspace.claim(claim_id).sources
    source = next(s for s in workspace.sources() if s.id == link.source_id)
    assert (source.name_ar, source.kind.value) == ("الأكاديمي علاء مصطفى", "expert")
    # The question quotes the typed name as plain text, never as markup.
    [(text_format, question)] = asked
    assert text_format == Qt.TextFormat.PlainText and "الأكاديمي علاء مصطفى" in question
    win.undo_stack.undo()
    assert workspace.claim(claim_id).sources == ()
    assert all(s.name_ar != "الأكاديمي علاء مصطفى" for s in workspace.sources())
