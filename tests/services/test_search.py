"""Search finds the same articles and claims whatever the harakat and letter variants."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.services.workspace import Workspace
from annotator.text.snippets import rules_key
from tests.conftest import CORPUS


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


# "é" is not one of the characters the snippets' fast path reads (see text.snippets).
LATIN_ARTICLE = "مقهى في باريس\nجلسنا في café de Flore\nثم عدنا"


def _keys(ws: Workspace) -> dict[str, int | None]:
    return dict(ws.db.conn.execute("SELECT title, simple_text_key FROM articles"))


def test_articles_keep_whether_their_text_is_simple(ws: Workspace) -> None:
    ws.import_text(LATIN_ARTICLE)
    keys = _keys(ws)
    assert keys["مقهى في باريس"] is None
    assert keys["هجوم صاروخي على قاعدة أميركية في العراق"] == rules_key()


def test_only_a_key_of_the_current_rules_skips_the_check(ws: Workspace) -> None:
    ws.import_text(LATIN_ARTICLE)

    def snippet() -> str:
        return next(h.snippet for h in ws.search("café") if h.claim_id is None)

    assert snippet() == "جلسنا في café de Flore"
    # A key written under other rules (another version of the app or of Unicode) is ignored.
    with ws.db.atomic():
        ws.db.execute("UPDATE articles SET simple_text_key = ? WHERE title = 'مقهى في باريس'",
                      [rules_key() ^ 1])
    assert snippet() == "جلسنا في café de Flore"
    # A current key is trusted: here a false one (set by hand) makes the check skipped.
    with ws.db.atomic():
        ws.db.execute("UPDATE articles SET simple_text_key = ? WHERE title = 'مقهى في باريس'",
                      [rules_key()])
    assert snippet().startswith("مقهى في باريس")


def test_search_results_do_not_depend_on_the_keys(ws: Workspace) -> None:
    ws.import_paths(sorted(CORPUS.glob("*.txt")))
    queries = ["العراق", "فيروس كورونا", "منظمة الصحة العالمية", "الصحه", "وزارة", "قال"]
    with_keys = [ws.search(q) for q in queries]
    assert any(len(hits) > 5 for hits in with_keys)
    with ws.db.atomic():
        ws.db.execute("UPDATE articles SET simple_text_key = NULL")
    assert [ws.search(q) for q in queries] == with_keys


def test_older_workspaces_get_their_keys(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    ws = Workspace.open(path, editor_name="test")
    ws.import_text(LATIN_ARTICLE)
    ws.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("ALTER TABLE articles DROP COLUMN simple_text_key")
        conn.execute("DELETE FROM _sqlite_migrations WHERE name = 'm007_simple_text_keys'")
    conn.close()

    ws = Workspace.open(path, editor_name="test")
    keys = _keys(ws)
    assert keys["مقهى في باريس"] is None
    assert keys["هجوم صاروخي على قاعدة أميركية في العراق"] == rules_key()
    ws.close()


def test_bulk_loading_keeps_the_keys_too(ws: Workspace) -> None:
    import hashlib

    from annotator.domain.models import Article, new_id, utc_now
    from annotator.storage import merge_store

    rows = [Article(id=new_id(), title=title, text=text, imported_at=utc_now(),
                    sha256=hashlib.sha256(text.encode()).hexdigest())
            for title, text in (("بسيط", "بسيط\nنص عربي"), ("لاتيني", "لاتيني\ncafé"))]
    with ws.db.atomic():
        merge_store.bulk_insert_articles(ws.db, rows, editor_id=None)
    keys = _keys(ws)
    assert (keys["بسيط"], keys["لاتيني"]) == (rules_key(), None)
    assert [h.snippet for h in ws.search("café")] == ["café"]
