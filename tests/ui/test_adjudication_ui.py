"""Adjudication in the window: two editors' layers on the seed, the disagreement list,
accept / reject / edit as undoable changes by the adjudicator, driven as an editor would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from annotator.domain.models import EDITOR_LAYER, REVIEWED_LAYER
from annotator.services import reviewing
from annotator.services.workspace import Workspace
from tests.review.conftest import (
    Q_BALLISTIC,
    Q_DRONES,
    Q_ROCKETS,
    Q_ROCKETS_SHORT,
    Q_TIMEFRAME,
    Q_WOUNDED,
    SECURITY,
    US_OFFICIAL,
    seed_id,
)
from tests.ui.test_workbench import _open_window


@pytest.fixture
def team_path(tmp_path: Path) -> Path:
    """A workspace where Amal and Badr annotated the seed differently."""
    path = tmp_path / "team.db"
    with Workspace.open(path, editor_name="Amal") as amal:
        article = seed_id(amal)
        amal.add_claim(article, quote=Q_ROCKETS, speakers=[SECURITY])
        amal.add_claim(article, quote=Q_WOUNDED, speakers=[US_OFFICIAL], status_id="true")
        amal.add_claim(article, quote=Q_BALLISTIC)
        amal.add_claim(article, quote=Q_TIMEFRAME)
    with Workspace.open(path, editor_name="Badr") as badr:
        badr.add_claim(article, quote=Q_ROCKETS_SHORT, speakers=[SECURITY])
        badr.add_claim(article, quote=Q_WOUNDED, speakers=[US_OFFICIAL], status_id="true")
        badr.add_claim(article, quote=Q_BALLISTIC, status_id="misleading")
        badr.add_claim(article, quote=Q_DRONES)
    return path


def _review(qtbot, team_path: Path, language: str = "en"):  # type: ignore[no-untyped-def]
    workspace = Workspace.open(team_path, editor_name="Rana")
    win = _open_window(qtbot, workspace, language)
    win.open_article(seed_id(workspace))
    win.show_review()
    review = win.review_window
    assert review is not None
    qtbot.waitExposed(review)
    return workspace, win, review


def _row_of(review, quote: str) -> int:  # type: ignore[no-untyped-def]
    listed = review.listed_items()
    text = review.article.text
    return next(i for i, item in enumerate(listed) if text[item.start:item.end] == quote)


def test_layers_and_disagreements_are_shown_in_text_order(
    qtbot, team_path: Path, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    workspace, win, review = _review(qtbot, team_path)
    assert [box.text() for box in review.editor_boxes.values()] == ["Amal", "Badr"]
    # Four disagreements listed in text order (the agreement only on request).
    listed = review.listed_items()
    assert len(listed) == 4 and review.item_list.count() == 4
    assert [i.start for i in listed] == sorted(i.start for i in listed)
    review.agreements_box.setChecked(True)
    assert review.item_list.count() == 5
    review.agreements_box.setChecked(False)
    # The first open item is selected and framed; both editors' versions are in the table.
    item = review.current_item()
    assert item is not None and item.number == listed[0].number
    assert review.view.frame is not None
    # One bar lane per editor, in each editor's colour.
    lanes = {lane for *_, lane in review.view.bars}
    assert lanes == {0, 1}
    assert len(review.view.bars) == 8
    # The bars are really painted under the text: the editor's colour is in the picture.
    review.item_list.setCurrentRow(_row_of(review, Q_ROCKETS))
    qtbot.wait(50)
    image = review.view.viewport().grab().toImage()
    amal = QColor(review.colors[next(e.id for e in review.editors if e.name == "Amal")])
    assert _has_color(image, amal)
    # Hiding Badr's layer removes his lane and his versions.
    badr_box = next(b for b in review.editor_boxes.values() if b.text() == "Badr")
    badr_box.setChecked(False)
    assert {lane for *_, lane in review.view.bars} == {0}
    assert all(len(i.versions) == 1 for i in review.items)
    badr_box.setChecked(True)
    review.item_list.setCurrentRow(_row_of(review, Q_ROCKETS))
    review.grab().save(str(screenshot_dir / "adjudication-en.png"))
    assert review.versions.rowCount() == 2
    assert review.versions.item(0, 0).text() == "Amal"
    assert review.versions.item(1, 1).text() == Q_ROCKETS_SHORT
    review.close()
    win.close()
    workspace.close()


def _has_color(image: QImage, color: QColor) -> bool:
    for y in range(0, image.height(), 1):
        for x in range(0, image.width(), 2):
            pixel = image.pixelColor(x, y)
            if (abs(pixel.red() - color.red()) < 8 and abs(pixel.green() - color.green()) < 8
                    and abs(pixel.blue() - color.blue()) < 8):
                return True
    return False


def test_accept_reject_edit_are_undoable_changes_by_the_adjudicator(
    qtbot, team_path: Path, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    workspace, win, review = _review(qtbot, team_path)
    article = seed_id(workspace)
    # Accept Badr's shorter version of the rockets claim (select his row, press Ctrl+Return).
    review.item_list.setCurrentRow(_row_of(review, Q_ROCKETS))
    review.select_version_row(1)
    review.activateWindow()  # shortcuts go to the active window only
    qtbot.waitUntil(lambda: QApplication.activeWindow() is review)
    qtbot.keyClick(review, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    [reviewed] = workspace.claims(article, layer=REVIEWED_LAYER)
    assert reviewed.quote == Q_ROCKETS_SHORT
    assert reviewed.created_by == workspace.editor_id()
    assert workspace.audit_entries(reviewed.id)[-1]["editor_id"] == workspace.editor_id()
    rockets = next(i for i in review.items if i.reviewed)
    assert rockets.resolved
    # The window moved on to the next open item.
    assert not review.current_item().resolved
    # Undo (Ctrl+Z in this window) takes it back; redo brings it again.
    qtbot.keyClick(review, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert workspace.claims(article, layer=REVIEWED_LAYER) == []
    assert not any(i.resolved for i in review.items)
    win.undo_stack.redo()
    assert [c.quote for c in workspace.claims(article, layer=REVIEWED_LAYER)] == [
        Q_ROCKETS_SHORT]
    # Reject the drones claim only Badr marked.
    review.item_list.setCurrentRow(_row_of(review, Q_DRONES))
    review.reject_button.click()
    drones = next(i for i in review.items if i.versions[0].quote == Q_DRONES)
    assert drones.resolved and drones.rejected
    assert "Resolved" in review.decision_label.text() or review.current_item() != drones
    # Accept all agreements (the wounded soldiers).
    review.accept_agreements_action.trigger()
    quotes = sorted(c.quote for c in workspace.claims(article, layer=REVIEWED_LAYER))
    assert quotes == sorted([Q_ROCKETS_SHORT, Q_WOUNDED])
    # Edit: Amal's ballistic version goes into the reviewed layer and opens in the main
    # window's reviewed layer, where the status keys work as usual.
    review.item_list.setCurrentRow(_row_of(review, Q_BALLISTIC))
    review.select_version_row(0)
    review.edit_button.click()
    assert win.layer == REVIEWED_LAYER and win.reviewed_layer_action.isChecked()
    claim = next(c for c in workspace.claims(article, layer=REVIEWED_LAYER)
                 if c.quote == Q_BALLISTIC)
    assert win.selected_claim_id == claim.id
    win.set_status("false")
    assert workspace.claim(claim.id).status_id == "false"
    assert {c.status_id for c in workspace.claims(article) if c.quote == Q_BALLISTIC} == {
        "unverified", "misleading"}
    # The main window's reviewed layer shows only reviewed claims; back to the editors'.
    assert {c.layer for c in win._claims} == {REVIEWED_LAYER}
    assert "Reviewed layer" in win.status_label.text()
    assert win.layer_banner.isVisible()
    win.show_layer(EDITOR_LAYER)
    assert len(win._claims) == 8
    assert not win.layer_banner.isVisible()
    # One more left: the timeframe claim only Amal marked. The summary says so.
    items = workspace.review_items(article, review.chosen_editors())
    assert reviewing.summarize(items).resolved == 4
    assert "4 resolved, 1 left" in review.summary.text()
    review.grab().save(str(screenshot_dir / "adjudication-decided-en.png"))
    # Opening another article in the main window moves the adjudication there.
    other = workspace.import_text("مقال آخر. قال مسؤول إن الوضع هادئ.", title="آخر").article_id
    win.refresh_articles()
    win.open_article(other)
    assert review.article.id == other and review.items == [] and not review.editor_boxes
    assert "Nothing to adjudicate" in review.decision_label.text()
    review.close()
    win.close()
    workspace.close()


def test_arabic_interface_mirrors_the_adjudication_window(
    qtbot, team_path: Path, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    from annotator.ui.i18n import install_translators

    workspace, win, review = _review(qtbot, team_path, language="ar")
    try:
        assert review.layoutDirection() == Qt.LayoutDirection.RightToLeft
        assert review.view.document().firstBlock().blockFormat().layoutDirection() == \
            Qt.LayoutDirection.RightToLeft
        # The first open version is selected, so it can be accepted at once.
        assert review.selected_version() is not None and review.accept_button.isEnabled()
        # Translated: the buttons speak Arabic.
        assert review.reject_button.text() != "&Reject"
        assert any("\u0600" <= ch <= "\u06ff" for ch in review.summary.text())
        review.grab().save(str(screenshot_dir / "adjudication-ar.png"))
        review.close()
        win.close()
        workspace.close()
    finally:
        install_translators(QApplication.instance(), "en")  # the next tests read English


def test_a_closed_adjudication_window_does_not_follow_edits(
    qtbot, team_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Typing in the main window after closing the adjudication window re-reads nothing
    there; opening it again shows the current state."""
    workspace, win, review = _review(qtbot, team_path)
    article = seed_id(workspace)
    review.close()
    calls: list[int] = []
    original = review.refresh
    review.refresh = lambda: calls.append(1) or original()  # type: ignore[method-assign]
    claim = workspace.claims(article)[0]
    from annotator.domain.operations import UpdateClaim

    win.submit(UpdateClaim(claim.id, (("note", "ملاحظة"),)), "Note")
    assert calls == []
    workspace.apply(workspace.accept_operation(claim.id))
    win.show_review()
    assert any(i.reviewed for i in review.items)
    win.close()
    workspace.close()


def test_decisions_re_read_only_the_decisions_and_edits_of_versions_show_at_once(
    qtbot, team_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """A decision changes the reviewed layer and the rejections only: the main window (on
    the editors' layer) reloads nothing, the adjudication window re-reads no editor's
    claim. An edit of a version in the main window, or a claim written by another process,
    shows in the adjudication window at once."""
    workspace, win, review = _review(qtbot, team_path)
    article = seed_id(workspace)
    reads: list[str | None] = []
    real_claims = workspace.claims

    def counting_claims(article_id=None, *, layer=EDITOR_LAYER):  # type: ignore[no-untyped-def]
        reads.append(layer)
        return real_claims(article_id, layer=layer)

    monkeypatch.setattr(workspace, "claims", counting_claims)
    reloads: list[bool] = []
    real_reload = win._reload_claims
    monkeypatch.setattr(win, "_reload_claims", lambda: (reloads.append(True), real_reload()))
    win.select_claim(win._claims[0].id)
    selected = win.selected_claim_id

    review.item_list.setCurrentRow(_row_of(review, Q_ROCKETS))
    review.select_version_row(0)
    review.accept_version()
    review.item_list.setCurrentRow(_row_of(review, Q_DRONES))
    review.reject_item()
    win.undo_stack.undo()
    assert reloads == [] and win.selected_claim_id == selected  # the main window kept all
    assert EDITOR_LAYER not in reads and REVIEWED_LAYER in reads
    assert next(i for i in review.items if i.reviewed).versions[0].quote == Q_ROCKETS

    # Badr agrees with Amal's status on the ballistic claim, in the main window: the item is
    # an agreement at once (its versions were read again).
    ballistic = next(i for i in review.items if Q_BALLISTIC in
                     {v.quote for v in i.versions})
    assert "status" in ballistic.differences
    badr_version = next(v for v in ballistic.versions if v.status_id == "misleading")
    win.select_claim(badr_version.id)
    win.set_status("unverified")
    assert reloads == [True] and EDITOR_LAYER in reads
    ballistic = next(i for i in review.items if Q_BALLISTIC in
                     {v.quote for v in i.versions})
    assert ballistic.agreed

    # Another process adds a claim of Badr's: once the window notices, it is an item.
    with Workspace.open(team_path, editor_name="Badr") as badr:
        badr.add_claim(article, quote="عين الأسد")
    win._poll_external_changes()
    assert any(i.versions[0].quote == "عين الأسد" for i in review.items)
    review.close()
    win.close()
    workspace.close()


def test_accepting_all_agreements_is_one_transaction_one_refresh_one_undo_step(
    qtbot, team_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    workspace, win, review = _review(qtbot, team_path)
    article = seed_id(workspace)
    # Badr agrees with Amal on the ballistic claim's status too: two agreements now.
    badr_ballistic = next(c for c in workspace.claims(article)
                          if c.quote == Q_BALLISTIC and c.status_id == "misleading")
    win.select_claim(badr_ballistic.id)
    win.set_status("unverified")
    agreements = [i for i in review.items if i.agreed and not i.resolved]
    assert len(agreements) == 2
    refreshes: list[bool] = []
    real_refresh = review.refresh
    monkeypatch.setattr(review, "refresh", lambda: (refreshes.append(True), real_refresh()))
    steps = win.undo_stack.count()

    review.accept_agreements_action.trigger()

    assert refreshes == [True]
    assert win.undo_stack.count() == steps + 1
    assert sorted(c.quote for c in workspace.claims(article, layer=REVIEWED_LAYER)) == sorted(
        [Q_WOUNDED, Q_BALLISTIC])
    assert all(i.resolved for i in review.items if i.agreed)
    win.undo_stack.undo()  # both at once
    assert workspace.claims(article, layer=REVIEWED_LAYER) == []
    assert not any(i.resolved for i in review.items)
    review.close()
    win.close()
    workspace.close()


def test_the_layer_view_finds_what_is_in_view_in_a_long_article(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Right after a long article is shown (Qt still laying it out), the range painting
    looks at is the text in view, not most of the article."""
    from annotator.text.canonical import canonicalize
    from annotator.ui.review_window import LayerView
    from tests.text.strategies import read_seed

    text = canonicalize(read_seed()) * 60  # about 240,000 characters
    view = LayerView()
    qtbot.addWidget(view)
    view.show_text(text)  # as the adjudication window does: the text, then the window
    view.set_layers([], [], None)
    view.resize(600, 700)
    view.show()
    qtbot.waitExposed(view)
    start, end = view.visible_range()
    assert start == 0 and 0 < end < 5_000
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    start, end = view.visible_range()
    middle = view.cursorForPosition(view.viewport().rect().center()).position()
    assert start <= middle < end and end - start < 5_000
