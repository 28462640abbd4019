"""Taxonomy management: sources (names, aliases, kind, note, URL, merge) and statuses."""

from __future__ import annotations

import pytest

from annotator.domain.errors import InvalidValue, NotFound
from annotator.domain.models import SourceKind
from annotator.services.taxonomy import Taxonomy, alias_language, claimreview_rating
from annotator.services.workspace import Workspace
from annotator.storage import catalog, taxonomy_store


@pytest.fixture
def tax(ws: Workspace) -> Taxonomy:
    return Taxonomy.for_workspace(ws)


def _dump(ws: Workspace) -> list[tuple[object, ...]]:
    """Every row of the taxonomy tables, for "nothing changed" checks."""
    rows: list[tuple[object, ...]] = []
    for table in ("sources", "source_aliases", "statuses", "claim_sources"):
        rows += [(table, *r) for r in ws.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
    return rows


# --- sources -------------------------------------------------------------------------------
def test_list_and_find_sources(tax: Taxonomy) -> None:
    records = tax.sources()
    assert len(records) == 10
    reuters = tax.source("وكالة رويترز للأنباء")
    assert reuters.source.name_en == "Reuters"
    assert tax.source("reuters").id == reuters.id  # names compare folded
    assert tax.source(reuters.id[:6]).id == reuters.id
    assert tax.source("مسؤول امريكي").source.name_en == "US official"  # hamza folded
    assert "وكالة رويترز" in reuters.extra_aliases and "رويترز" not in reuters.extra_aliases
    with pytest.raises(NotFound):
        tax.source("لا يوجد")


def test_create_source_with_aliases_note_url(tax: Taxonomy, ws: Workspace) -> None:
    record = tax.create_source(
        name_ar="وزارة الصحة السعودية", name_en="Saudi Ministry of Health",
        kind="organisation", aliases=["الصحة السعودية", "Saudi MoH"],
        note="  official figures  ", url="https://www.moh.gov.sa",
    )
    assert record.note == "official figures" and record.url == "https://www.moh.gov.sa"
    assert record.extra_aliases == ("الصحة السعودية", "Saudi MoH")
    assert catalog.find_source(ws.db, "الصحه السعوديه").id == record.id
    entry = ws.audit_entries(record.id)[-1]
    assert entry["action"] == "create_source" and entry["after"]["url"] == record.url
    assert [alias_language(a) for a in record.extra_aliases] == ["ar", "en"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"name_ar": "", "name_en": " ", "kind": "outlet"},
        {"name_ar": "جديد", "kind": "blog"},
        {"name_ar": "جديد", "kind": "outlet", "url": "ftp://x"},
        {"name_ar": "رويترز", "kind": "outlet"},  # names Reuters already
        {"name_ar": "جديد", "kind": "outlet", "aliases": ["BBC"]},
    ],
)
def test_create_source_refusals(tax: Taxonomy, ws: Workspace, kwargs: dict) -> None:
    before = _dump(ws)
    with pytest.raises(InvalidValue):
        tax.create_source(**kwargs)
    assert _dump(ws) == before


def test_rename_keeps_old_names_as_aliases(tax: Taxonomy, ws: Workspace) -> None:
    record = tax.rename_source("BBC", name_ar="بي بي سي عربي نيوز", name_en="BBC News")
    assert (record.source.name_ar, record.source.name_en) == ("بي بي سي عربي نيوز", "BBC News")
    assert {"بي بي سي", "BBC"} <= set(record.extra_aliases)
    assert tax.source("BBC").id == record.id
    assert ws.audit_entries(record.id)[-1]["action"] == "rename_source"
    with pytest.raises(InvalidValue, match="already names"):
        tax.rename_source("BBC News", name_en="Reuters")
    with pytest.raises(InvalidValue):
        tax.rename_source("BBC News", name_ar="", name_en="")


def test_kind_note_url_and_aliases(tax: Taxonomy) -> None:
    record = tax.update_source("الجزيرة", kind=SourceKind.NEWS_AGENCY, note="قطر",
                               url="https://aljazeera.net")
    assert record.source.kind == SourceKind.NEWS_AGENCY and record.note == "قطر"
    record = tax.update_source("الجزيرة", note="", url="")
    assert record.note == "" and record.url is None
    record = tax.add_aliases("الجزيرة", ["الجزيرة نت", "Al Jazeera English", "الجزيرة نت"])
    assert record.extra_aliases[-2:] == ("الجزيرة نت", "Al Jazeera English")
    with pytest.raises(InvalidValue, match="already names"):
        tax.add_aliases("الجزيرة", ["قناة العربية"])
    record = tax.remove_aliases("الجزيرة", ["الجزيرة نت"])
    assert "الجزيرة نت" not in record.extra_aliases
    with pytest.raises(InvalidValue, match="rename"):
        tax.remove_aliases("الجزيرة", ["Al Jazeera"])
    with pytest.raises(NotFound):
        tax.remove_aliases("الجزيرة", ["غير موجود"])


def test_merge_moves_claims_aliases_and_fills_note(
    tax: Taxonomy, ws: Workspace, seed_article_id: str
) -> None:
    dup = tax.create_source(name_ar="وكالة الأنباء البريطانية رويترز", kind="news_agency",
                            aliases=["رويتر"], note="duplicate made by mistake",
                            url="https://reuters.com")
    reuters = tax.source("Reuters")
    a = ws.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                     speakers=["مصادر أمنية وحكومية"], carriers=["رويتر"])
    b = ws.add_claim(seed_article_id, quote="أطلقوا عدة صواريخ", carriers=["رويتر", "Reuters"])
    c = ws.add_claim(seed_article_id, quote="مهاجمين", speakers=["رويتر"])
    outcome = tax.merge_sources("Reuters", dup.id[:8])
    assert outcome.removed_id == dup.id and set(outcome.claims) == {a.id, b.id, c.id}
    assert outcome.duplicate_links == 1
    assert [(link.source_id, str(link.role)) for link in ws.claim(a.id).sources][1] == (
        reuters.id, "carrier")
    assert [str(link.role) for link in ws.claim(b.id).sources] == ["carrier"]
    assert [(link.source_id, str(link.role)) for link in ws.claim(c.id).sources] == [
        (reuters.id, "speaker")]
    kept = tax.source("رويتر")
    assert kept.id == reuters.id
    assert "وكالة الأنباء البريطانية رويترز" in kept.extra_aliases
    assert kept.note == "duplicate made by mistake" and kept.url == "https://reuters.com"
    assert kept.claim_count == 3
    with pytest.raises(NotFound):
        taxonomy_store.get_source_record(ws.db, dup.id)
    claim_audit = [e for e in ws.audit_entries(a.id) if e["action"] == "merge_source"]
    assert claim_audit and claim_audit[0]["before"]["sources"][1]["source_id"] == dup.id
    with pytest.raises(InvalidValue):
        tax.merge_sources("Reuters", "رويترز")


def test_a_failed_merge_changes_nothing(tax: Taxonomy, ws: Workspace) -> None:
    before = _dump(ws)
    with pytest.raises(NotFound):
        tax.merge_sources("Reuters", "nonexistent")
    assert _dump(ws) == before


# --- statuses ------------------------------------------------------------------------------
def test_add_status_with_rating_and_position(tax: Taxonomy, ws: Workspace) -> None:
    status = tax.add_status("partly_false", label_ar="زائف جزئيا", label_en="Partly false",
                            color="#F80", rating_value=2, position=5)
    assert status.color == "#ff8800" and status.rating_value == 2 and status.position == 5
    ids = [s.id for s in tax.statuses()]
    assert ids.index("partly_false") == 5 and ids[6] == "false"
    assert [s.position for s in tax.statuses()] == list(range(9))
    assert claimreview_rating(status, "en") == {
        "@type": "Rating", "alternateName": "Partly false", "ratingValue": 2,
        "bestRating": 5, "worstRating": 1}
    assert ws.audit_entries("partly_false")[0]["action"] == "create_status"


@pytest.mark.parametrize(
    ("status_id", "color", "rating"),
    [("Bad-Id", "#fff", None), ("true", "#fff", None), ("new_one", "red", None),
     ("new_one", "#fff", 6)],
)
def test_add_status_refusals(tax: Taxonomy, ws: Workspace, status_id: str, color: str,
                             rating: int | None) -> None:
    before = _dump(ws)
    with pytest.raises(InvalidValue):
        tax.add_status(status_id, label_ar="س", label_en="x", color=color, rating_value=rating)
    assert _dump(ws) == before


def test_rename_recolour_rate_reorder(tax: Taxonomy, ws: Workspace, seed_article_id: str) -> None:
    claim = ws.add_claim(seed_article_id, quote="مهاجمين", status_id="false")
    status = tax.rename_status("false", label_ar="كاذب", label_en="Fake")
    assert (status.id, status.label_ar, status.label_en) == ("false", "كاذب", "Fake")
    assert ws.claim(claim.id).status_id == "false"  # ids are stable
    assert tax.recolour_status("false", "#ABCDEF").color == "#abcdef"
    assert tax.set_status_rating("unverifiable", 3).rating_value == 3
    assert tax.set_status_rating("unverifiable", None).rating_value is None
    assert claimreview_rating(tax.statuses()[0]) == {"@type": "Rating",
                                                      "alternateName": "لم يُتحقق منه"}
    order = [s.id for s in tax.reorder_statuses(["false", "true"])]
    assert order[:3] == ["false", "true", "unverified"] and len(order) == 8
    assert [s.position for s in tax.statuses()] == list(range(8))
    with pytest.raises(NotFound):
        tax.reorder_statuses(["nope"])
    with pytest.raises(InvalidValue):
        tax.reorder_statuses(["true", "true"])
    with pytest.raises(InvalidValue):
        tax.recolour_status("true", "#12")
    actions = [e["action"] for e in ws.audit_entries("false")]
    assert {"rename_status", "recolour_status", "reorder_status"} <= set(actions)
    assert tax.status_claim_counts() == {"false": 1}


