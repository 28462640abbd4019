"""Bulk-write helpers: settings restored, one item rolled back alone, the INSERT as the
duplicate check, the batch index the same as indexing one by one."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain.models import Article, new_id, utc_now
from annotator.storage import articles, bulk, search_index
from annotator.storage.db import open_database
from annotator.text.canonical import text_sha256


def _article(text: str) -> Article:
    return Article(id=new_id(), title=text.split("\n")[0], text=text,
                   sha256=text_sha256(text), imported_at=utc_now())


def _count(db: object, sql: str) -> int:
    return int(db.conn.execute(sql).fetchone()[0])  # type: ignore[attr-defined]


def test_bulk_writes_restores_the_checkpoint_setting(db_path: Path) -> None:
    db = open_database(db_path)
    before = db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    with bulk.bulk_writes(db):
        assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == max(
            before, bulk.BULK_WAL_AUTOCHECKPOINT)
    assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == before
    with pytest.raises(RuntimeError), bulk.bulk_writes(db):
        raise RuntimeError("the block's own error")
    assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == before
    db.conn.execute("PRAGMA wal_autocheckpoint = 0")  # off stays off
    with bulk.bulk_writes(db):
        assert db.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0
    db.close()


def test_savepoint_rolls_back_only_its_item(db_path: Path) -> None:
    db = open_database(db_path)
    db.conn.execute("BEGIN IMMEDIATE")
    with bulk.savepoint(db):
        articles.insert_article(db, _article("أولى\nنص"), editor_id=None)
    with pytest.raises(sqlite3.IntegrityError), bulk.savepoint(db):
        articles.insert_article(db, _article("ثانية\nنص"), editor_id=None)
        db.conn.execute("INSERT INTO articles (id) VALUES (NULL)")  # fails: NOT NULL
    db.conn.execute("COMMIT")
    assert _count(db, "SELECT count(*) FROM articles") == 1
    assert _count(db, "SELECT count(*) FROM audit_log WHERE action = 'import_article'") == 1
    # Outside a transaction it is one of its own, committed.
    with bulk.savepoint(db):
        articles.insert_article(db, _article("ثالثة\nنص"), editor_id=None)
    assert not db.conn.in_transaction
    assert _count(db, "SELECT count(*) FROM articles") == 2
    db.close()


def test_insert_unless_present_writes_nothing_for_a_duplicate(db_path: Path) -> None:
    db = open_database(db_path)
    first = _article("عنوان\nنص المقال")
    assert articles.insert_unless_present(db, first, editor_id=None) is None
    again = _article("عنوان\nنص المقال")  # same text, another id
    existing = articles.insert_unless_present(db, again, editor_id=None)
    assert existing is not None and existing.id == first.id
    assert _count(db, "SELECT count(*) FROM articles") == 1
    assert _count(db, "SELECT count(*) FROM audit_log WHERE action = 'import_article'") == 1
    assert _count(db, "SELECT count(*) FROM search_refs") == 1
    # Another constraint is not mistaken for a duplicate.
    clash = _article("نص آخر")
    clash = Article(**{**clash.__dict__, "id": first.id})
    with pytest.raises(sqlite3.IntegrityError):
        articles.insert_unless_present(db, clash, editor_id=None)
    db.close()


def test_batch_index_equals_one_by_one(tmp_path: Path) -> None:
    texts = ["الأول\nقَالَ وزير الصحة", "الثاني\nمنظمة الصحة العالمية", "Title\nCOVID-19 ١٢"]
    dumps = []
    for name, batch in (("one.db", False), ("batch.db", True)):
        db = open_database(tmp_path / name)
        items = [Article(id=f"id-{i}", title=t.split("\n")[0], text=t, sha256=str(i))
                 for i, t in enumerate(texts)]
        with db.atomic():
            if batch:
                search_index.index_articles(db, items)
            else:
                for item in items:
                    search_index.index_article(db, item.id, item.title, item.text)
        dumps.append((
            db.conn.execute("SELECT rowid, body FROM search_fts ORDER BY rowid").fetchall(),
            db.conn.execute("SELECT * FROM search_refs ORDER BY fts_rowid").fetchall(),
        ))
        db.close()
    assert dumps[0] == dumps[1]
