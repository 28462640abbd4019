"""Full-text search over normalised text (FTS5, trigram tokenizer).

The index stores ``normalize_for_search`` of each article (title and body) and each claim
(quote, note, wording). Queries are normalised with the same function, so harakat, alef
forms, ta marbuta / ha, alef maqsura / ya, tatweel and digit forms never stop a match, and a
word is found inside its clitics. ``search_refs`` maps FTS rows to articles and claims.
Contract: writers call these inside the transaction of the change they index.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from annotator.text.normalize import normalize_for_search, search_tokens

KIND_ARTICLE = "article"
KIND_CLAIM = "claim"


def _insert(db: Database, kind: str, ref_id: str, article_id: str, body: str) -> None:
    cursor = db.execute("INSERT INTO search_fts (body) VALUES (?)", (body,))
    db.execute(
        "INSERT INTO search_refs (ref_id, kind, article_id, fts_rowid) VALUES (?, ?, ?, ?)",
        (ref_id, kind, article_id, cursor.lastrowid),
    )


def index_article(db: Database, article_id: str, title: str, text: str) -> None:
    _insert(db, KIND_ARTICLE, article_id, article_id, normalize_for_search(f"{title}\n{text}"))


def index_articles(db: Database, batch: list[Any]) -> None:
    """Index many articles (objects with ``id``, ``title``, ``text``) in one go."""
    for article in batch:
        index_article(db, article.id, article.title, article.text)


def index_claim(
    db: Database, claim_id: str, article_id: str, quote: str, note: str, wording: str
) -> None:
    """(Re)index one claim; replaces its previous entry."""
    unindex(db, claim_id)
    _insert(
        db, KIND_CLAIM, claim_id, article_id, normalize_for_search(f"{quote}\n{note}\n{wording}")
    )


def unindex(db: Database, ref_id: str) -> None:
    db.execute(
        "DELETE FROM search_fts WHERE rowid IN "
        "(SELECT fts_rowid FROM search_refs WHERE ref_id = ?)",
        (ref_id,),
    )
    db.execute("DELETE FROM search_refs WHERE ref_id = ?", (ref_id,))


def unindex_article(db: Database, article_id: str) -> None:
    """Remove an article and all its claims from the index."""
    db.execute(
        "DELETE FROM search_fts WHERE rowid IN "
        "(SELECT fts_rowid FROM search_refs WHERE article_id = ?)",
        (article_id,),
    )
    db.execute("DELETE FROM search_refs WHERE article_id = ?", (article_id,))


def search(db: Database, query: str, *, limit: int = 200) -> list[dict[str, Any]]:
    """Rows ``{kind, ref_id, article_id}`` matching every token of ``query``: articles first,
    then claims, each in index order, at most ``limit`` in all.

    Tokens of three or more characters go to the trigram index as an FTS5 phrase (a
    substring match on the normalised text); shorter ones, which a trigram index cannot
    look up, filter those results with LIKE (or scan, when no token is long enough). No
    ORDER BY: it would force SQLite to collect every match of a common word first.
    """
    tokens = search_tokens(query)
    if not tokens:
        return []
    long_tokens = [t for t in tokens if len(t) >= 3]
    short_tokens = [t for t in tokens if len(t) < 3]
    where: list[str] = []
    params: list[Any] = []
    if long_tokens:
        # Tokens hold only letters and digits (search_tokens drops punctuation, quotes
        # included), so quoting them as FTS5 strings needs no escaping; neither does LIKE.
        where.append("search_fts MATCH ?")
        params.append(" AND ".join(f'"{t}"' for t in long_tokens))
    for token in short_tokens:
        where.append("search_fts.body LIKE ?")
        params.append(f"%{token}%")
    rows: list[dict[str, Any]] = []
    for kind in (KIND_ARTICLE, KIND_CLAIM):
        remaining = limit - len(rows)
        if remaining <= 0:
            break
        sql = (
            "SELECT r.kind, r.ref_id, r.article_id FROM search_fts "
            "JOIN search_refs r ON r.fts_rowid = search_fts.rowid "
            f"WHERE {' AND '.join(where)} AND r.kind = ? LIMIT ?"
        )
        rows.extend(db.query(sql, [*params, kind, remaining]))
    return rows
