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
