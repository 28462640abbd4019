"""Adding claims: by quote and by offsets, refusals, code-point offsets, undo round trip."""

from __future__ import annotations

import pytest

from annotator.domain.errors import InvalidSpan, InvalidValue, NotFound, QuoteNotFound
from annotator.domain.operations import CreateClaim, DeleteClaim
from annotator.services.workspace import Workspace


def test_claim_by_quote_with_sources_status_note(workspace: Workspace,
                                                 seed_article_id: str) -> None:
    quote = "أصيب جنود أميركيين بجروح طفيفة"
    claim = workspace.add_claim(
        seed_article_id, quote=quote, speakers=["مسؤول أمريكي"], status_id="in_progress",
        note="لم يؤكده البنتاغون بعد",
    )
    text = workspace.article(seed_article_id).text
    assert text[claim.start:claim.end] == claim.quote == quote
    assert text[: claim.start].endswith(claim.prefix)
    assert text[claim.end :].startswith(claim.suffix)
    assert len(claim.prefix) == 32 and len(claim.suffix) == 32
    assert [(s.name_en, str(s.role)) for s in claim.sources] == [("US official", "speaker")]
    assert claim.status_id == "in_progress"
    assert claim.note == "لم يؤكده البنتاغون بعد"


def test_nth_occurrence(workspace: Workspace, seed_article_id: str) -> None:
    text = workspace.article(seed_article_id).text
    quote = "قاعدة عين الأسد الجوية"
    second = workspace.add_claim(seed_article_id, quote=quote, nth=2)
    assert second.start == text.index(quote, text.index(quote) + 1)
    with pytest.raises(QuoteNotFound, match="occurs 2 time"):
        workspace.add_claim(seed_article_id, quote=quote, nth=3)


def test_refusals_write_nothing(workspace: Workspace, seed_article_id: str) -> None:
    text = workspace.article(seed_article_id).text
    with pytest.raises(QuoteNotFound):
        workspace.add_claim(seed_article_id, quote="هذه الجملة ليست في المقال")
    with pytest.raises(InvalidSpan, match="out of range"):
        workspace.add_claim(seed_article_id, start=10, end=len(text) + 1)
    with pytest.raises(InvalidSpan):
        workspace.add_claim(seed_article_id, start=20, end=20)
    with pytest.raises(InvalidValue, match="unknown status"):
        workspace.add_claim(seed_article_id, start=0, end=4, status_id="probably")
    with pytest.raises(NotFound, match="unknown source"):
        workspace.add_claim(seed_article_id, start=0, end=4, speakers=["مصدر مجهول تماما"])
    assert workspace.claims() == []


def test_span_splitting_harakat_is_refused(workspace: Workspace, seed_article_id: str) -> None:
    text = workspace.article(seed_article_id).text
    word = "صدَق"  # the seed spells it with a fatha
    start = text.index(word)
    fatha = start + 2
    assert text[fatha] == "\u064e"
    with pytest.raises(InvalidSpan, match="splits a character from its marks"):
        workspace.add_claim(seed_article_id, start=start, end=fatha)
    claim = workspace.add_claim(seed_article_id, start=start, end=fatha + 1)
    assert claim.quote == "صدَ"


def test_offsets_are_code_points_after_emoji_and_crlf(workspace: Workspace) -> None:
    outcome = workspace.import_text(
        "عاجل 🚨🇮🇶\r\nقال المتحدث 👨‍👩‍👧 إن الهجوم وقع فجرا.\r\nوأضاف أن 3 صواريخ سقطت.",
        title="عاجل",
    )
    article = workspace.article(outcome.article_id)
    assert "\r" not in article.text
    claim = workspace.add_claim(article.id, quote="3 صواريخ سقطت")
    assert article.text[claim.start:claim.end] == "3 صواريخ سقطت"
    # UTF-16 would count each emoji twice; the stored offset does not.
    assert claim.start == article.text.index("3 صواريخ")
    assert len(article.text[: claim.start].encode("utf-16-le")) // 2 > claim.start


def test_undo_round_trip_leaves_the_data_unchanged(workspace: Workspace,
                                                   seed_article_id: str) -> None:
    def dump() -> list[tuple[object, ...]]:
        rows: list[tuple[object, ...]] = []
        for table in ("claims", "claim_sources", "evidence"):
            rows.extend((table, *r.values()) for r in workspace.db[table].rows)
        # The search entry comes back with a new FTS rowid; compare what it indexes.
        rows.extend(workspace.db.execute(
            "SELECT r.ref_id, r.kind, f.body FROM search_refs r "
            "JOIN search_fts f ON f.rowid = r.fts_rowid").fetchall())
        return sorted(rows, key=repr)

    first = workspace.add_claim(seed_article_id, quote="وسط دعوات متزايدة",
                                speakers=["رويترز"])
    before = dump()
    changes, inverse = workspace.apply(DeleteClaim(first.id))
    assert changes.claims_removed == (first.id,)
    assert isinstance(inverse, CreateClaim)
    assert workspace.claims() == []
    assert workspace.search("متزايدة") and all(h.claim_id is None
                                               for h in workspace.search("متزايدة"))
    changes, redo = workspace.apply(inverse)
    assert changes.claims_added == (first.id,)
    assert workspace.claim(first.id) == first
    assert dump() == before
    assert any(h.claim_id == first.id for h in workspace.search("متزايده"))
    assert isinstance(redo, DeleteClaim)
    actions = [e["action"] for e in workspace.audit_entries(first.id)]
    assert actions == ["create_claim", "delete_claim", "create_claim"]
