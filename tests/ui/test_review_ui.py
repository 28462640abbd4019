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


def test_the_summary_names_everything_a_merge_brought(
    qtbot, db_path: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """A real merge that brings, besides claims, a source renamed there and one changed on
    both sides, an adjudicator's rejection and a withdrawal, a rejected suggestion and a
    withdrawal, a conflict recorded there, and history: the summary has a line for each."""
    from annotator.domain.operations import RejectClaims, UnrejectClaims, UpdateClaim
    from annotator.services import suggesting
    from annotator.services.taxonomy import Taxonomy

    def seed(ws: Workspace) -> str:
        return ws.articles()[0].id

    def reject(ws: Workspace, fingerprint: str) -> None:
        suggesting.reject(ws.db, seed(ws), fingerprint=fingerprint, editor_id=ws.editor_id())

    def unreject(ws: Workspace, fingerprint: str) -> None:
        assert suggesting.unreject(ws.db, seed(ws), fingerprint, editor_id=ws.editor_id())

    workspace = Workspace.open(db_path, editor_name="editor-a")
    wounded = workspace.add_claim(seed(workspace), quote="أصيب جنود أميركيين بجروح طفيفة")
    rockets = workspace.add_claim(seed(workspace), quote="أن مهاجمين أطلقوا عدة صواريخ")
    workspace.apply(RejectClaims(seed(workspace), (wounded.id,)))
    first, second = (s.fingerprint for s in suggesting.suggestions(workspace.db,
                                                                   seed(workspace))[:2])
    reject(workspace, first)
    b_path, c_path = tmp_path / "b.db", tmp_path / "c.db"
    with Workspace.open(b_path, editor_name="editor-b") as b:
        merging.merge(b, db_path)
    with Workspace.open(c_path, editor_name="editor-c") as c:
        merging.merge(c, db_path)
        c.apply(UpdateClaim(rockets.id, (("status_id", "true"),)))
    with Workspace.open(b_path, editor_name="editor-b") as b:
        b.apply(UnrejectClaims(seed(b), (wounded.id,)))
        drones = b.add_claim(seed(b), quote="تم إطلاق عدة طائرات بدون طيار")
        b.apply(RejectClaims(seed(b), (drones.id,)))
        unreject(b, first)
        reject(b, second)
        taxonomy = Taxonomy.for_workspace(b)
        taxonomy.rename_source("Reuters", name_en="Thomson Reuters")
        taxonomy.update_source("BBC", url="https://www.bbc.com/arabic",
                               note="الخدمة العربية")
        b.apply(UpdateClaim(rockets.id, (("status_id", "false"),)))
        assert len(merging.merge(b, c_path).conflicts) == 1  # recorded there
    Taxonomy.for_workspace(workspace).update_source("BBC", note="هيئة الإذاعة البريطانية")

    win = _open_window(qtbot, workspace)
    with qtbot.waitSignal(win.merger.done, timeout=60_000) as blocker:
        assert win.merger.start(str(b_path))
    report = blocker.args[0]
    assert isinstance(report, merging.MergeReport)
    counts = report.counts()
    # Reuters renamed, the BBC's URL taken; the BBC's note, changed on both sides, kept.
    assert (counts["sources"]["updated"], counts["sources"]["conflicts"]) == (2, 1)
    assert counts["rejections"] == {"added": 1, "withdrawn": 1, "kept_ours": 0}
    assert counts["suggestion_rejections"] == {"added": 1, "withdrawn": 1, "kept_ours": 0}
    assert counts["conflicts_imported"] == 1 and report.history_rows > 0
    box = win.merger.message_box
    assert box is not None and box.windowTitle() == "Merge workspace"
    lines = box.text().splitlines()
    assert lines[0].startswith("Articles added: 0. Claims added: ")
    assert lines[1:] == [
        "Sources updated to their version: 2.",
        "Sources changed on both sides, ours kept: 1 (see Edit > Sources and statuses > "
        "Merge conflicts).",
        "Adjudicator's rejections added: 1.",
        "Adjudicator's rejections withdrawn: 1.",
        "Rejected suggestions added: 1.",
        "Rejected suggestions withdrawn (suggested again): 1.",
        "Conflicts recorded in the other workspace, now listed here: 1.",
        f"History entries added: {report.history_rows}.",
    ]
    # Merged again: nothing new (the source conflict is listed already).
    with qtbot.waitSignal(win.merger.done, timeout=60_000) as blocker:
        win.merger.start(str(b_path))
    assert not blocker.args[0].changed
    assert blocker.args[0].counts()["sources"]["conflicts_known"] == 1
    assert win.merger.message_box.text().splitlines()[1:] == []
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
