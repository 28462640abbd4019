"""Articles: insert (with search indexing and audit) and read.

Contract: ``insert_article`` runs inside the caller's transaction; the body is stored exactly
as given (the caller canonicalised it) and never updated afterwards. Each row also keeps
``simple_text_key`` (:func:`annotator.text.snippets.simple_text_key`), derived from the
body when it is stored: search snippets use it to skip checking the text's characters.
"""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from typing import Any

from sqlite_utils import Database

from annotator.domain.errors import NotFound
from annotator.domain.models import Article, ArticleSummary, LibraryFilter
from annotator.storage import audit, bulk, search_index
from annotator.text.snippets import simple_text_key

_ARTICLE_COLUMNS = (
    "id, title, text, sha256, outlet, url, published, language, encoding, source_path, "
    "imported_at, revision_of"
)


# The columns ``insert_article`` writes: every field of Article, then three of its own.
_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
_INSERT_SQL = (
    f"INSERT INTO articles ({', '.join(_ARTICLE_FIELDS)}, length, imported_by, "
    f"simple_text_key) VALUES ({', '.join('?' for _ in _ARTICLE_FIELDS)}, ?, ?, ?)"
)
MIGRATION_NAME = "m007_simple_text_keys"


def m007_simple_text_keys(db: Database) -> None:
    """Articles get ``simple_text_key`` (see the module docstring), computed here for the
    articles already stored (about 1 us a kilobyte of text)."""
    db.execute("ALTER TABLE articles ADD COLUMN simple_text_key INTEGER")
    # Collected first: the UPDATEs must not run while the SELECT's cursor is open.
    keys = [
        (key, article_id)
        for article_id, text in db.conn.execute("SELECT id, text FROM articles")
        if (key := simple_text_key(text)) is not None
    ]
    db.conn.executemany("UPDATE articles SET simple_text_key = ? WHERE id = ?", keys)


def _article(row: dict[str, Any]) -> Article:
    return Article(**row)


def find_by_sha256(db: Database, sha256: str) -> Article | None:
    """The article whose text has this sha256 (the import's duplicate check), or None."""
    # A plain cursor: this runs once per imported file, and sqlite-utils' dict rows cost more
    # than the indexed lookup itself.
    row = db.conn.execute(
        f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE sha256 = ?", (sha256,)
    ).fetchone()
    return None if row is None else Article(*row)


def insert_article(
    db: Database,
    article: Article,
    *,
    editor_id: str | None,
    index_later: list[Article] | None = None,
) -> None:
    """Insert ``article`` (its ``text`` already canonical), index it and audit it.

    With ``index_later``, the article is appended there instead of indexed now; the caller
    must pass the list to :func:`search_index.index_articles` before its transaction commits
    (batch imports do, because FTS5 flushes its pending index at every savepoint)."""
    # Fields read directly: ``dataclasses.asdict`` deep-copies every value, which cost more
    # than the INSERT on a bulk import (all the fields are strings or None anyway).
    row: dict[str, Any] = {name: getattr(article, name) for name in _ARTICLE_FIELDS}
    row["length"] = len(article.text)
    row["imported_by"] = editor_id
    # Derived from the text: not part of the audited row.
    db.execute(_INSERT_SQL, (*row.values(), simple_text_key(article.text)))
    if index_later is None:
        search_index.index_article(db, article.id, article.title, article.text)
    else:
        index_later.append(article)
    after = {k: v for k, v in row.items() if k != "text"}  # the body is in the row itself
    audit.record(
        db,
        editor_id=editor_id,
        action="import_article",
        entity="article",
        entity_id=article.id,
        before=None,
        after=after,
    )


def insert_unless_present(
    db: Database,
    article: Article,
    *,
    editor_id: str | None,
    index_later: list[Article] | None = None,
) -> Article | None:
    """:func:`insert_article` in a savepoint, unless an article with the same text (sha256)
    is present: then nothing is written and that article is returned (None otherwise).

    The INSERT itself is the duplicate check (the UNIQUE index on sha256 is probed either
    way), which saves a query per article on a bulk import, where duplicates are rare."""
    try:
        with bulk.savepoint(db):
            insert_article(db, article, editor_id=editor_id, index_later=index_later)
    except sqlite3.IntegrityError as exc:
        # SQLite's fixed wording names the column whose UNIQUE constraint failed.
        if "articles.sha256" not in str(exc):
            raise
        existing = find_by_sha256(db, article.sha256)
        if existing is None:  # pragma: no cover - the constraint just said it exists
            raise
        return existing
    return None


def get_article(db: Database, article_id: str) -> Article:
    rows = list(
        db.query(f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id = ?", [article_id])
    )
    if not rows:
        raise NotFound(f"no article with id {article_id}")
    return _article(rows[0])


def get_articles(db: Database, article_ids: list[str]) -> list[Article]:
    """The articles with these ids (unknown ids skipped), in one query per 500 ids."""
    out: list[Article] = []
    for i in range(0, len(article_ids), 500):
        chunk = article_ids[i : i + 500]
        marks = ", ".join("?" for _ in chunk)
        out.extend(
            _article(row)
            for row in db.query(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk
            )
        )
    return out


def resolve_article_id(db: Database, prefix: str) -> str:
    """Accept a full id or a unique prefix of one (as shown by ``annotator articles``)."""
    rows = list(
        db.query(
            "SELECT id FROM articles WHERE id = ? OR id LIKE ? LIMIT 2",
            [prefix, prefix.replace("%", "").replace("_", "") + "%"],
        )
    )
    if not rows:
        raise NotFound(f"no article with id {prefix}")
    exact = [r["id"] for r in rows if r["id"] == prefix]
    if exact:
        return exact[0]
    if len(rows) > 1:
        raise NotFound(f"article id prefix {prefix} is ambiguous")
    return str(rows[0]["id"])


def list_articles(db: Database, filters: LibraryFilter | None = None) -> list[ArticleSummary]:
    """Articles with their claim counts (in all and per status), newest import first,
    restricted by ``filters`` (see :class:`LibraryFilter`). One query plus one for counts."""
    f = filters or LibraryFilter()
    where: list[str] = []
    params: list[Any] = []
    if f.status_id:
        where.append("EXISTS (SELECT 1 FROM claims c WHERE c.article_id = a.id "
                     "AND c.status_id = ?)")
        params.append(f.status_id)
    if f.source_id:
        where.append("EXISTS (SELECT 1 FROM claims c JOIN claim_sources cs ON cs.claim_id = "
                     "c.id WHERE c.article_id = a.id AND cs.source_id = ?)")
        params.append(f.source_id)
    if f.editor_id:
        where.append("(a.imported_by = ? OR EXISTS (SELECT 1 FROM claims c WHERE "
                     "c.article_id = a.id AND (c.created_by = ? OR c.updated_by = ?)))")
        params.extend([f.editor_id] * 3)
    if f.outlet:
        where.append("a.outlet = ?")
        params.append(f.outlet)
    if f.since:
        where.append("substr(coalesce(a.published, a.imported_at), 1, 10) >= ?")
        params.append(f.since)
    if f.until:
        where.append("substr(coalesce(a.published, a.imported_at), 1, 10) <= ?")
        params.append(f.until)
    if f.article_ids is not None:
        if not f.article_ids:
            return []
        where.append(f"a.id IN ({', '.join('?' for _ in f.article_ids)})")
        params.extend(f.article_ids)
    sql = (
        "SELECT a.id, a.title, a.outlet, a.published, a.language, a.imported_at, a.length "
        "FROM articles a"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + " ORDER BY a.imported_at DESC, a.title"
    )
    counts: dict[str, dict[str, int]] = {}
    # Counts are of the editors' claims; the reviewed layer is the adjudication's.
    count_sql = "SELECT article_id, status_id, count(*) AS n FROM claims WHERE layer = 'editor'"
    count_params: list[Any] = []
    if f.article_ids is not None and len(f.article_ids) <= 500:
        # A few articles (one after an edit): count just theirs, through the index.
        count_sql += f" AND article_id IN ({', '.join('?' for _ in f.article_ids)})"
        count_params.extend(f.article_ids)
    for row in db.query(count_sql + " GROUP BY article_id, status_id", count_params):
        counts.setdefault(row["article_id"], {})[row["status_id"]] = row["n"]
    out = []
    for row in db.query(sql, params):
        per_status = counts.get(row["id"], {})
        out.append(ArticleSummary(
            **row,
            claim_count=sum(per_status.values()),
            status_counts=tuple(sorted(per_status.items())),
        ))
    return out


def outlets(db: Database) -> list[str]:
    return [r["outlet"] for r in db.query(
        "SELECT DISTINCT outlet FROM articles WHERE outlet IS NOT NULL AND outlet != '' "
        "ORDER BY outlet")]


def count_articles(db: Database) -> int:
    return int(next(db.query("SELECT count(*) AS n FROM articles"))["n"])
