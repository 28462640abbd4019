"""Managing sources and statuses from the window."""

from __future__ import annotations

import json
from pathlib import Path

from annotator.services.workspace import Workspace
from tests.ui.test_workbench import _open_window


def test_sources_and_statuses_are_managed_in_the_dialog(
    qtbot, workspace: Workspace, seed_article_id: str, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    from annotator.ui.taxonomy_dialog import TaxonomyDialog

    win = _open_window(qtbot, workspace)
    claim = workspace.add_claim(seed_article_id, quote="«رويترز»", carriers=["رويترز"])
    win.open_article(seed_article_id)
    dialog = TaxonomyDialog(workspace, "en", win.catalogue_changed, win)
    qtbot.addWidget(dialog)
    rows = dialog.sources.rowCount()

    assert dialog.add_source("وكالة الأناضول", "Anadolu Agency", "news_agency", ["الأناضول"])
    assert dialog.sources.rowCount() == rows + 1
    assert not dialog.add_source("رويترز", "", "news_agency")  # already names Reuters: refused
    assert dialog.sources.rowCount() == rows + 1
    anadolu = next(s for s in workspace.sources() if s.name_en == "Anadolu Agency")
    reuters = next(s for s in workspace.sources() if s.name_en == "Reuters")

    assert dialog.rename_source(anadolu.id, "الأناضول للأنباء", "Anadolu")
    assert dialog.add_aliases(anadolu.id, ["Anadolu Ajansı"])
    assert dialog.set_note_url(anadolu.id, "وكالة تركية", "https://www.aa.com.tr")
    # Merge Reuters into Anadolu: the claim's carrier follows.
    assert dialog.merge(anadolu.id, reuters.id)
    assert [s.source_id for s in workspace.claim(claim.id).sources] == [anadolu.id]
    assert win.claim_model.index(0, 2).data() == "Anadolu"  # the English interface's name

    assert dialog.rename_status("false", "كاذب", "Fabricated")
    assert dialog.recolour("false", "#ff0000")
    assert dialog.set_rating("misleading", 3)
    assert dialog.add_status("satire", "ساخر", "Satire", "#00bcd4")
    assert dialog.move_status("satire", -1)
    order = [s.id for s in workspace.statuses()]
    assert order.index("satire") == len(order) - 2
    assert "Fabricated" in [win.library.status.itemText(i)
                            for i in range(win.library.status.count())]

    path = tmp_path / "taxonomy.json"
    assert dialog.export_to(str(path))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert any(s["id"] == "satire" for s in data["statuses"])


def test_every_taxonomy_change_is_one_undo_step(
    qtbot, workspace: Workspace, seed_article_id: str  # type: ignore[no-untyped-def]
) -> None:
    """Rename, alias, note, status colour, a new source and a merge (claims following)
    undo and redo from the window's undo stack; the catalogue comes back row for row."""
    from annotator.services.taxonomy import Taxonomy
    from annotator.ui.taxonomy_dialog import TaxonomyDialog

    win = _open_window(qtbot, workspace)
    claim = workspace.add_claim(seed_article_id, quote="«رويترز»", carriers=["رويترز"])
    win.open_article(seed_article_id)
    dialog = TaxonomyDialog(workspace, "en", win.catalogue_changed, win,
                            undo_stack=win.undo_stack)
    qtbot.addWidget(dialog)
    dialog.show()
    taxonomy = Taxonomy.for_workspace(workspace)
    original = taxonomy.snapshot()
    reuters = next(s for s in workspace.sources() if s.name_en == "Reuters")
    bbc = next(s for s in workspace.sources() if s.name_en == "BBC")

    assert dialog.rename_source(reuters.id, "رويترز للأنباء", "Reuters News")
    assert dialog.add_aliases(reuters.id, ["Reuters wire"])
    assert dialog.set_note_url(reuters.id, "وكالة بريطانية", "https://www.reuters.com")
    assert dialog.recolour("false", "#ff0000")
    assert dialog.add_source("وكالة الأناضول", "Anadolu Agency", "news_agency")
    assert dialog.merge(bbc.id, reuters.id)  # Reuters folds into the BBC; the claim follows
    assert [s.source_id for s in workspace.claim(claim.id).sources] == [bbc.id]
    assert [win.undo_stack.text(i) for i in range(win.undo_stack.count())] == [
        "Rename source", "Add aliases", "Change note and URL", "Recolour status",
        "Add source", "Merge sources"]
    assert win.undo_action.text() == "&Undo Merge sources"
    after_all = taxonomy.snapshot(link_sources=(bbc.id, reuters.id))

    # Undo the merge: Reuters is back with its names, aliases and note; the claim's carrier
    # is Reuters again; the table in the window shows it.
    win.undo_stack.undo()
    assert [s.source_id for s in workspace.claim(claim.id).sources] == [reuters.id]
    back = next(s for s in workspace.sources() if s.id == reuters.id)
    assert back.name_en == "Reuters News" and "Reuters wire" in back.aliases
    assert win.claim_model.index(0, 2).data() == "Reuters News"
    assert dialog.sources.rowCount() == len(workspace.sources())
    # Undo everything: the catalogue is exactly as it was.
    while win.undo_stack.canUndo():
        win.undo_stack.undo()
    assert taxonomy.snapshot() == original
    # Redo everything: exactly as after the edits.
    while win.undo_stack.canRedo():
        win.undo_stack.redo()
    assert taxonomy.snapshot(link_sources=(bbc.id, reuters.id)) == after_all
    # Each step is in the audit log with its editor.
    actions = [e["action"] for e in workspace.audit_entries(reuters.id)]
    assert "undo_taxonomy" in actions and "redo_taxonomy" in actions


def test_undoing_a_new_status_still_in_use_is_refused_and_changes_nothing(
    qtbot, workspace: Workspace, seed_article_id: str  # type: ignore[no-untyped-def]
) -> None:
    from annotator.domain.operations import UpdateClaim
    from annotator.services.taxonomy import Taxonomy
    from annotator.ui.taxonomy_dialog import TaxonomyDialog

    win = _open_window(qtbot, workspace)
    claim = workspace.add_claim(seed_article_id, quote="«رويترز»")
    dialog = TaxonomyDialog(workspace, "en", win.catalogue_changed, win,
                            undo_stack=win.undo_stack)
    qtbot.addWidget(dialog)
    assert dialog.add_status("satire", "ساخر", "Satire", "#aa66cc")
    # A claim takes the new status outside the undo stack (another window, the CLI).
    workspace.apply(UpdateClaim(claim.id, (("status_id", "satire"),)))
    before = Taxonomy.for_workspace(workspace).snapshot()
    win.undo_stack.undo()
    assert dialog.last_error and "used by claims" in dialog.last_error
    assert Taxonomy.for_workspace(workspace).snapshot() == before
    assert workspace.claim(claim.id).status_id == "satire"


def _workspaces_with_a_source_conflict(tmp_path: Path) -> tuple[Workspace, Path]:
    """Both sides changed the BBC's note, differently; they also set its URL (the merge
    takes that one)."""
    from annotator.services import merging
    from annotator.services.taxonomy import Taxonomy

    theirs_path = tmp_path / "colleague.db"
    with Workspace.open(theirs_path, editor_name="editor-b") as theirs:
        Taxonomy.for_workspace(theirs).update_source(
            "BBC", url="https://www.bbc.com/arabic", note="الخدمة العربية")
    ours = Workspace.open(tmp_path / "ours.db", editor_name="editor-a")
    Taxonomy.for_workspace(ours).update_source("BBC", note="هيئة الإذاعة البريطانية")
    [conflict] = merging.merge(ours, theirs_path).source_conflicts
    assert conflict.conflict_id is not None
    return ours, theirs_path


def test_source_conflicts_of_a_merge_are_decided_in_the_dialog(
    qtbot, tmp_path: Path, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    from annotator.services import merging
    from annotator.services.taxonomy import Taxonomy
    from annotator.ui.taxonomy_dialog import TaxonomyDialog

    ours, theirs_path = _workspaces_with_a_source_conflict(tmp_path)
    taxonomy = Taxonomy.for_workspace(ours)
    win = _open_window(qtbot, ours)
    dialog = TaxonomyDialog(ours, "en", win.catalogue_changed, win, undo_stack=win.undo_stack)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    qtbot.waitExposed(dialog)

    # Listed: the source, what differs here and there, and where it came from.
    assert dialog.tabs.tabText(2) == "Merge conflicts (1)"
    assert dialog.conflicts.rowCount() == 1
    cells = [dialog.conflicts.item(0, c).text() for c in range(4)]
    assert cells == ["\u2068بي بي سي\u2069", "Note: \u2068هيئة الإذاعة البريطانية\u2069",
                     "Note: \u2068الخدمة العربية\u2069", "colleague.db"]
    dialog.grab().save(str(screenshot_dir / "source-conflicts-en.png"))

    # Take theirs: the source gets their fields; the list empties; one undo step.
    assert not any(b.isEnabled() for b in dialog.conflict_buttons)  # nothing selected yet
    dialog.conflicts.setCurrentItem(dialog.conflicts.item(0, 0))
    take, keep = dialog.conflict_buttons
    assert take.isEnabled() and keep.isEnabled()
    conflict_id = dialog._current_conflict()
    take.click()
    bbc = taxonomy.source("BBC")
    assert (bbc.url, bbc.note) == ("https://www.bbc.com/arabic", "الخدمة العربية")
    assert dialog.conflicts.rowCount() == 0 and dialog.tabs.tabText(2) == "Merge conflicts (0)"
    assert win.undo_stack.undoText() == "Take their version of a source"

    # Undo: our version back and the conflict open again; redo: theirs again, resolved.
    win.undo_stack.undo()
    bbc = taxonomy.source("BBC")
    assert (bbc.url, bbc.note) == ("https://www.bbc.com/arabic", "هيئة الإذاعة البريطانية")
    assert [r["id"] for r in merging.list_source_conflicts(ours)] == [conflict_id]
    assert dialog.conflicts.rowCount() == 1
    win.undo_stack.redo()
    assert taxonomy.source("BBC").note == "الخدمة العربية"
    assert merging.list_source_conflicts(ours) == []
    # A later merge of the same file finds the source the same on both sides.
    again = merging.merge(ours, theirs_path)
    assert again.source_conflicts == [] and again.source_conflicts_known == 0
    ours.close()


def test_keeping_ours_closes_the_conflict_and_changes_no_source(
    qtbot, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    from annotator.services import merging
    from annotator.services.taxonomy import Taxonomy
    from annotator.ui.taxonomy_dialog import TaxonomyDialog

    ours, theirs_path = _workspaces_with_a_source_conflict(tmp_path)
    win = _open_window(qtbot, ours)
    dialog = TaxonomyDialog(ours, "en", win.catalogue_changed, win, undo_stack=win.undo_stack)
    qtbot.addWidget(dialog)
    before = Taxonomy.for_workspace(ours).source("BBC")
    [row] = merging.list_source_conflicts(ours)
    assert not dialog.keep_ours(None)  # nothing selected: nothing done
    assert dialog.keep_ours(row["id"])
    assert Taxonomy.for_workspace(ours).source("BBC") == before
    assert merging.list_source_conflicts(ours) == [] and dialog.conflicts.rowCount() == 0
    [resolved] = merging.list_source_conflicts(ours, include_resolved=True)
    assert resolved["resolution"] == "ours"
    assert merging.merge(ours, theirs_path).source_conflicts == []  # not reported again
    win.undo_stack.undo()
    assert [r["id"] for r in merging.list_source_conflicts(ours)] == [row["id"]]
    ours.close()


def test_undoing_a_step_leaves_what_changed_elsewhere_since(
    qtbot, workspace: Workspace  # type: ignore[no-untyped-def]
) -> None:
    """Undo puts back only the rows its own step changed: a source another process changed
    after the step (or a merge brought) keeps that change."""
    from annotator.services.taxonomy import Taxonomy
    from annotator.ui.taxonomy_dialog import TaxonomyDialog

    win = _open_window(qtbot, workspace)
    dialog = TaxonomyDialog(workspace, "en", win.catalogue_changed, win,
                            undo_stack=win.undo_stack)
    qtbot.addWidget(dialog)
    taxonomy = Taxonomy.for_workspace(workspace)
    reuters = taxonomy.source("Reuters")
    assert dialog.rename_source(reuters.id, "رويترز", "Thomson Reuters")
    assert dialog.recolour("false", "#ff0000")
    with Workspace.open(workspace.path, editor_name="colleague") as other:
        elsewhere = Taxonomy.for_workspace(other)
        elsewhere.update_source("BBC", note="تغيير من عملية أخرى")
        elsewhere.recolour_status("true", "#00aa00")

    win.undo_stack.undo()  # the colour of "false"
    win.undo_stack.undo()  # the rename
    assert taxonomy.source(reuters.id).source.name_en == "Reuters"
    assert taxonomy.source("BBC").note == "تغيير من عملية أخرى"
    colours = {s.id: s.color for s in taxonomy.statuses()}
    assert colours["true"] == "#00aa00" and colours["false"] != "#ff0000"
    win.undo_stack.redo()
    win.undo_stack.redo()
    assert taxonomy.source(reuters.id).source.name_en == "Thomson Reuters"
    assert taxonomy.source("BBC").note == "تغيير من عملية أخرى"
    colours = {s.id: s.color for s in taxonomy.statuses()}
    assert colours == {**colours, "true": "#00aa00", "false": "#ff0000"}
