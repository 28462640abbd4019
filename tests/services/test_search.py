"""Search finds the same articles and claims whatever the harakat and letter variants."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.services.workspace import Workspace


@pytest.fixture
def ws(workspace: Workspace, seed_article_id: str) -> Workspace:
    workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ على القاعدة "
                        "الأميركية", carriers=["رويترز"])
    workspace.import_text(
        "تَقْرِيرٌ عَنِ الصِّحَّةِ\nقَالَ وَزِيرُ الصِّحَّةِ إِنَّ المُسْتَشْفَى اسْتَقْبَلَ ١٢ مُصاباً.",
    )
    return workspace


def _articles(ws: Workspace, query: str) -> set[str]:
    return {h.article_title for h in ws.search(query) if h.claim_id is None}


@pytest.mark.parametrize(
    "query",
    ["أطلقوا صواريخ", "اطلقوا صواريخ", "أَطْلَقُوا صَوَارِيخَ", "اطلقـــوا صواريخ"],
)
def test_harakat_tatweel_and_hamza_do_not_matter(ws: Workspace, query: str) -> None:
    hits = ws.search(query)
    assert "هجوم صاروخي على قاعدة أميركية في العراق" in _articles(ws, query)
    assert any(h.claim_id for h in hits), "the claim itself is found too"


@pytest.mark.parametrize("query", ["الصحة", "الصحه", "الصِّحَّة", "قال وزير", "المستشفى",
                                   "المستشفي", "12", "١٢", "مصابا"])
def test_a_vocalised_article_is_found_by_plain_queries(ws: Workspace, query: str) -> None:
    assert _articles(ws, query) == {"تَقْرِيرٌ عَنِ الصِّحَّةِ"}


def test_alef_variants_find_the_same_articles(ws: Workspace) -> None:
    variants = ["أميركية", "اميركية", "إميركية", "آميركية", "اميركيه"]
    results = [_articles(ws, v) for v in variants]
    assert results[0] == {"هجوم صاروخي على قاعدة أميركية في العراق"}
    assert all(r == results[0] for r in results)


def test_word_inside_its_clitics(ws: Workspace) -> None:
    # "عراق" inside "والعراق" / "بالعراق"
    assert "هجوم صاروخي على قاعدة أميركية في العراق" in _articles(ws, "عراق")


def test_snippet_is_the_original_text_not_the_folded_form(ws: Workspace) -> None:
    hit = next(h for h in ws.search("الصحه") if h.claim_id is None)
    assert "قَالَ وَزِيرُ الصِّحَّةِ" in hit.snippet or "الصِّحَّةِ" in hit.snippet


def test_no_match_and_empty_query(ws: Workspace) -> None:
    assert ws.search("بطيخ") == []
    assert ws.search("  ،؛ ") == []


def test_snippets_in_a_utf16_database(tmp_path: Path) -> None:
    # Texts come out of SQL as UTF-8 bytes; a database that stores UTF-16 gives the same.
    path = tmp_path / "utf16.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA encoding = 'UTF-16le'")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("DROP TABLE t")
    conn.close()
    ws = Workspace.open(path, editor_name="test", import_seeds=False)
    assert ws.db.conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-16le"
    ws.import_text("عنوان\nسطر أول\nقَالَ وَزِيرُ الصِّحَّةِ إِنَّ المُسْتَشْفَى")
    assert [h.snippet for h in ws.search("الصحة")] == ["قَالَ وَزِيرُ الصِّحَّةِ إِنَّ المُسْتَشْفَى"]
    assert [h.snippet for h in ws.search("عنوان")] == ["عنوان"]
    ws.close()
