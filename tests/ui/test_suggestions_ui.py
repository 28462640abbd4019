"""Suggested attributions in the window: shown dashed, accepted or rejected in one keystroke,
each one undo step; rejections remembered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.services.workspace import Workspace
from tests.ui.test_workbench import _open_window


def test_accept_reject_undo_and_accept_all_on_the_seed(
    qtbot, db_path: Path, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    workspace = Workspace.open(db_path, editor_name="Test Editor")
    win = _open_window(qtbot, workspace)
    win.article_view.setFocus()
    qtbot.keyClick(win.article_view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    suggestions = list(win._suggestions)
    assert len(suggestions) >= 5
    assert win.suggestion_list.count() == len(suggestions)
    assert len(win.article_view._suggestions) == len(suggestions)  # drawn, dashed
    assert workspace.claims() == []  # suggestions are not claims
    reuters = next(s for s in suggestions
                   if any(p.name == "رويترز" and p.role == "carrier" for p in s.sources))
    win.suggestion_list.setCurrentRow(suggestions.index(reuters))
    win.grab().save(str(screenshot_dir / "suggestions-en.png"))

    before = win.undo_stack.count()
    qtbot.keyClick(win.article_view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [claim] = workspace.claims()
    assert (claim.start, claim.end, claim.quote) == (reuters.start, reuters.end, reuters.quote)
    assert ("رويترز", "carrier") in {(s.name_ar, str(s.role)) for s in claim.sources}
    assert claim.created_by == workspace.editor_id()  # the editor who accepted it
    assert win.undo_stack.count() == before + 1  # one undo step, new sources included
    assert win.suggestion_list.count() == len(suggestions) - 1

    rejected = win.current_suggestion()
    qtbot.keyClick(win.article_view, Qt.Key.Key_Backspace, Qt.KeyboardModifier.ControlModifier)
    assert all(s.fingerprint != rejected.fingerprint for s in win._suggestions)
    win.undo_stack.undo()  # the rejection is undone: suggested again
    assert any(s.fingerprint == rejected.fingerprint for s in win._suggestions)
    win.undo_stack.redo()
    win.undo_stack.undo()
    win.undo_stack.undo()  # and the acceptance
    assert workspace.claims() == []
    win.undo_stack.redo()
    win.undo_stack.redo()
    remaining = len(win._suggestions)

    steps = win.undo_stack.count()
    win.accept_all_suggestions()
    assert win.undo_stack.count() == steps + 1
    assert len(workspace.claims()) == 1 + remaining
    for c in workspace.claims():
        text = workspace.article(c.article_id).text
        assert text[c.start:c.end] == c.quote
    assert win._suggestions == []
    win.undo_stack.undo()
    assert len(workspace.claims()) == 1
    win.close()
    workspace.close()

    # The rejection is remembered per article.
    again = Workspace.open(db_path, editor_name="Test Editor")
    article_id = again.articles()[0].id
    assert all(s.fingerprint != rejected.fingerprint for s in again.suggestions(article_id))
    again.close()
