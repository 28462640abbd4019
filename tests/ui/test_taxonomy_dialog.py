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
