"""Team review in the window: merging another editor's workspace in the background, and
the progress view."""

from __future__ import annotations

from pathlib import Path

from annotator.services import merging
from annotator.services.workspace import Workspace
from tests.ui.test_workbench import _open_window


def test_merge_a_colleagues_workspace_from_the_window(
    qtbot, db_path: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    theirs_path = tmp_path / "colleague.db"
    with Workspace.open(theirs_path, editor_name="editor-b") as theirs:
        article_id = theirs.articles()[0].id
        theirs.add_claim(article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                         carriers=["رويترز"], status_id="in_progress")
        theirs.add_claim(article_id, quote="أصيب جنود أميركيين بجروح طفيفة",
                         speakers=["مسؤول أميركي"], status_id="false")

    workspace = Workspace.open(db_path, editor_name="editor-a")
    win = _open_window(qtbot, workspace)
    assert win.claim_model.rowCount() == 0
    with qtbot.waitSignal(win.merger.done, timeout=60_000) as blocker:
        assert win.merger.start(str(theirs_path))
    report = blocker.args[0]
    assert isinstance(report, merging.MergeReport)
    assert report.claims_added == 2 and report.articles_matched == 1
    # The window shows the merged claims at once.
    assert win.claim_model.rowCount() == 2
    assert not win._import_running  # editing is back on
    # Merging the same file again changes nothing.
    with qtbot.waitSignal(win.merger.done, timeout=60_000) as blocker:
        win.merger.start(str(theirs_path))
    assert not blocker.args[0].changed
    assert len(workspace.claims()) == 2

    from annotator.ui.review_dialogs import ProgressDialog

    dialog = ProgressDialog(workspace, "en", win)
    qtbot.addWidget(dialog)
    editors = {dialog.editors.item(r, 0).text(): dialog.editors.item(r, 1).text()
               for r in range(dialog.editors.rowCount())}
    assert editors["editor-b"] == "2"
    assert dialog.articles.item(0, 1).text() == "2"
    win.close()
    workspace.close()


def test_a_file_that_is_not_a_workspace_is_refused_with_a_message(
    qtbot, workspace: Workspace, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("ليست مساحة عمل", encoding="utf-8")
    win = _open_window(qtbot, workspace)
    with qtbot.waitSignal(win.merger.done, timeout=60_000) as blocker:
        win.merger.start(str(bogus))
    assert isinstance(blocker.args[0], str) and "not a workspace" in blocker.args[0]
    assert workspace.claims() == []
