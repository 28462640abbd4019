"""Suggestions in a workspace: applying them as claims, rejecting them, and the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import InvalidSpan, NotFound
from annotator.domain.models import SourceKind
from annotator.services import suggesting
from annotator.services.workspace import Workspace
from annotator.storage import catalog
from tests.taxonomy.support import run_cli


def test_suggestions_of_the_seed(ws: Workspace, seed_article_id: str) -> None:
    found = suggesting.suggestions(ws.db, seed_article_id[:8])
    assert len(found) >= 14
    assert all(s.overlapping_claims == () for s in found)
    high = suggesting.suggestions(ws.db, seed_article_id, min_confidence=0.8)
    assert 0 < len(high) < len(found)
    assert all(s.confidence >= 0.8 for s in high)


def test_apply_creates_claims_and_new_sources_once(ws: Workspace, seed_article_id: str) -> None:
    before = {s.id for s in ws.sources()}
    found = suggesting.suggestions(ws.db, seed_article_id)
    result = suggesting.apply(ws.db, seed_article_id)
    assert len(result.claim_ids) == len(found)
    claims = ws.claims(seed_article_id)
    assert len(claims) == len(found)
    editors = ws.editor_names()
    text = ws.article(seed_article_id).text
    for claim in claims:
        assert claim.status_id == "unverified"
        assert editors[claim.created_by or ""] == suggesting.SUGGESTER_EDITOR
        assert text[claim.start : claim.end] == claim.quote
        assert claim.sources
    # The analyst is proposed by two suggestions and created once; so is "the report".
    created = [s for s in ws.sources() if s.id not in before]
    assert sorted(s.kind for s in created) == [SourceKind.DOCUMENT, SourceKind.EXPERT]
    assert set(result.created_sources) == {s.id for s in created}
    analyst = next(s for s in created if s.kind == SourceKind.EXPERT)
    linked = [c for c in claims if any(link.source_id == analyst.id for link in c.sources)]
    assert len(linked) == 2
    # Reuters carries the PM's interview.
    pm_interview = next(c for c in claims if c.quote.startswith("لنتفق على إطار زمني"))
    prime_minister = catalog.find_source(ws.db, "رئيس الوزراء العراقي")
    reuters = catalog.find_source(ws.db, "Reuters")
    assert prime_minister is not None and reuters is not None
    assert [(link.source_id, str(link.role)) for link in pm_interview.sources] == [
        (prime_minister.id, "speaker"), (reuters.id, "carrier")]
    # Audited, by the suggester.
    entries = [e for e in ws.audit_entries() if e["action"] == "create_claim_from_suggestion"]
    assert len(entries) == len(found)
    assert result.changes.claims_added == result.claim_ids
    # Nothing left to suggest; applying again creates nothing.
    assert suggesting.suggestions(ws.db, seed_article_id) == []
    again = suggesting.apply(ws.db, seed_article_id, found)
    assert again.claim_ids == () and len(again.skipped) == len(found)
    assert len(ws.claims(seed_article_id)) == len(found)


def test_an_existing_claim_hides_its_span_and_marks_overlaps(
    ws: Workspace, seed_article_id: str
) -> None:
    found = suggesting.suggestions(ws.db, seed_article_id)
    first, second = found[0], found[1]
    ws.add_claim(seed_article_id, start=first.start, end=first.end, speakers=["Reuters"])
    partial = ws.add_claim(seed_article_id, start=second.start, end=second.start + 10)
    after = suggesting.suggestions(ws.db, seed_article_id)
    assert first.fingerprint not in {s.fingerprint for s in after}
    assert len(after) == len(found) - 1
    assert after[0].fingerprint == second.fingerprint
    assert after[0].overlapping_claims == (partial.id,)
    assert all(not s.overlapping_claims for s in after[1:])


def test_reject_by_fingerprint_and_by_span(ws: Workspace, seed_article_id: str) -> None:
    found = suggesting.suggestions(ws.db, seed_article_id)
    editor = ws.editor_id()
    rejection = suggesting.reject(ws.db, seed_article_id, fingerprint=found[0].fingerprint,
                                  editor_id=editor)
    assert (rejection.start, rejection.end, rejection.quote) == (
        found[0].start, found[0].end, found[0].quote)
    suggesting.reject(ws.db, seed_article_id, start=found[1].start, end=found[1].end,
                      editor_id=editor)
    suggesting.reject(ws.db, seed_article_id, fingerprint=found[0].fingerprint,
                      editor_id=editor)  # twice: harmless
    left = suggesting.suggestions(ws.db, seed_article_id)
    assert [s.fingerprint for s in left] == [s.fingerprint for s in found[2:]]
    assert len(suggesting.suggestions(ws.db, seed_article_id, include_rejected=True)) == len(
        found)
    listed = suggesting.rejections(ws.db, seed_article_id)
    assert [r.fingerprint for r in listed] == [found[0].fingerprint, found[1].fingerprint]
    assert all(r.rejected_by == editor for r in listed)
    # Applying everything leaves the rejected ones out.
    result = suggesting.apply(ws.db, seed_article_id)
    assert len(result.claim_ids) == len(found) - 2
    assert suggesting.unreject(ws.db, seed_article_id, found[0].fingerprint, editor_id=editor)
    assert not suggesting.unreject(ws.db, seed_article_id, found[0].fingerprint,
                                   editor_id=editor)
    assert [s.fingerprint for s in suggesting.suggestions(ws.db, seed_article_id)] == [
        found[0].fingerprint]
    actions = [e["action"] for e in ws.audit_entries(seed_article_id)]
    assert actions.count("reject_suggestion") == 2 and "unreject_suggestion" in actions


def test_rejections_survive_reopening(db_path: Path) -> None:
    with Workspace.open(db_path) as ws:
        article = ws.articles()[0].id
        found = suggesting.suggestions(ws.db, article)
        suggesting.reject(ws.db, article, fingerprint=found[3].fingerprint,
                          editor_id=ws.editor_id())
    with Workspace.open(db_path) as ws:
        assert [r.fingerprint for r in suggesting.rejections(ws.db, article)] == [
            found[3].fingerprint]
        assert found[3].fingerprint not in {
            s.fingerprint for s in suggesting.suggestions(ws.db, article)}


def test_refusals(ws: Workspace, seed_article_id: str) -> None:
    with pytest.raises(NotFound):
        suggesting.reject(ws.db, seed_article_id, fingerprint="0" * 16, editor_id=None)
    with pytest.raises(InvalidSpan):
        suggesting.reject(ws.db, seed_article_id, start=5, end=10**6, editor_id=None)
    with pytest.raises(NotFound):
        suggesting.suggestions(ws.db, "ffffffff")




# --- the command ---------------------------------------------------------------------------
def _seed(db: Path) -> str:
    with Workspace.open(db) as ws:
        return ws.articles()[0].id


def test_cli_suggest_prints_and_explains(db_path: Path) -> None:
    article = _seed(db_path)
    code, out, err = run_cli(db_path, "suggest", article[:8])
    assert code == 0, err
    assert "مسؤول أميركي" in out and "why: verb of saying" in out
    code, out, _ = run_cli(db_path, "suggest", article, "--json")
    data = json.loads(out)
    first = data[0]
    for key in ("fingerprint", "start", "end", "quote", "sources", "cue", "confidence",
                "reasons", "explanation"):
        assert key in first
    assert [(s["role"], s["name"]) for s in first["sources"]] == [
        ("speaker", "مصادر أمنية وحكومية"), ("carrier", "رويترز")]
    assert first["sources"][0]["match"] == "variant"


def test_cli_reject_list_and_apply(db_path: Path) -> None:
    article = _seed(db_path)
    _, out, _ = run_cli(db_path, "suggest", article, "--json")
    suggestions = json.loads(out)
    fp = suggestions[0]["fingerprint"]
    code, out, err = run_cli(db_path, "suggest", article, "--reject", fp)
    assert code == 0 and "rejected 1" in out, err
    code, out, _ = run_cli(db_path, "suggest", article, "--rejected", "--json")
    assert [r["fingerprint"] for r in json.loads(out)] == [fp]
    code, out, err = run_cli(db_path, "suggest", article, "--apply", "--json")
    assert code == 0, err
    applied = json.loads(out)
    assert len(applied["claim_ids"]) == len(suggestions) - 1
    assert len(applied["created_sources"]) == 2
    code, out, err = run_cli(db_path, "suggest", article)
    assert code == 0 and out == "" and "no suggestions" in err
    code, _, err = run_cli(db_path, "suggest", article, "--reject", "0" * 16)
    assert code == 1 and "no suggestion" in err
    code, _, _ = run_cli(db_path, "suggest", article, "--min-confidence", "7")
    assert code == 2


def test_accepting_all_suggestions_plans_each_new_source_once(
    ws: Workspace, seed_article_id: str
) -> None:
    """The window's Accept all: one list of operations, applied in one transaction; a new
    source that several suggestions of the seed propose is created once."""
    from dataclasses import replace

    from annotator.domain.operations import CreateClaim, CreateSource

    found = suggesting.suggestions(ws.db, seed_article_id)
    # Two suggestions naming the same source the workspace lacks (as in two sentences
    # quoting one new ministry).
    new = replace(found[0].sources[0], source_id=None, name="وزارة الدفاع العراقية",
                  kind=SourceKind.ORGANISATION)
    pair = [replace(found[0], sources=(new,)), replace(found[1], sources=(new,))]
    operations = ws.accept_all_operations(seed_article_id, pair)
    assert [type(op) for op in operations] == [CreateSource, CreateClaim, CreateClaim]
    changes, _ = ws.apply_all(operations)
    ministry = next(s for s in ws.sources() if s.name_ar == "وزارة الدفاع العراقية")
    assert len(changes.claims_added) == 2
    assert all(link.source_id == ministry.id for claim in ws.claims(seed_article_id)
               for link in claim.sources)
