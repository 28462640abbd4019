"""Undo of taxonomy edits in the core: snapshots restored exactly, refusals write nothing."""

from __future__ import annotations

import pytest

from annotator.domain.errors import InvalidValue
from annotator.services.taxonomy import Taxonomy
from annotator.services.workspace import Workspace


def test_a_merge_and_a_rename_restore_row_for_row(ws: Workspace, seed_article_id: str) -> None:
    tax = Taxonomy.for_workspace(ws)
    claim = ws.add_claim(seed_article_id, quote="«رويترز»", carriers=["رويترز"],
                         speakers=["بي بي سي"])
    reuters = tax.source("رويترز").id
    bbc = tax.source("بي بي سي").id
    before = tax.snapshot(link_sources=(reuters, bbc))
    tax.rename_source(reuters, name_ar="رويترز للأنباء", name_en="Reuters News")
    tax.merge_sources(bbc, reuters)
    # The claim had both in different roles: both links now name the BBC.
    assert {s.source_id for s in ws.claim(claim.id).sources} == {bbc}
    after = tax.snapshot(link_sources=(reuters, bbc))
    assert tax.restore(before) is True
    assert tax.snapshot(link_sources=(reuters, bbc)) == before
    assert [(s.source_id, str(s.role)) for s in ws.claim(claim.id).sources] == [
        (bbc, "speaker"), (reuters, "carrier")]
    assert tax.source(reuters).source.name_en == "Reuters"
    assert tax.restore(before) is False  # nothing to do, nothing written
    assert tax.restore(after) is True
    assert tax.snapshot(link_sources=(reuters, bbc)) == after
    entries = [e for e in ws.audit_entries(reuters) if e["action"] == "undo_taxonomy"]
    assert entries[0]["after"]["name_en"] == "Reuters" and entries[-1]["after"] is None


def test_removing_a_source_claims_use_is_refused_untouched(ws: Workspace,
                                                          seed_article_id: str) -> None:
    tax = Taxonomy.for_workspace(ws)
    before = tax.snapshot()
    record = tax.create_source(name_ar="وكالة الأناضول", name_en="Anadolu",
                               kind="news_agency")
    ws.add_claim(seed_article_id, quote="«رويترز»", carriers=["Anadolu"])
    now = tax.snapshot()
    with pytest.raises(InvalidValue, match="used by claims"):
        tax.restore(before)
    assert tax.snapshot() == now
    assert tax.source(record.id).source.name_en == "Anadolu"
