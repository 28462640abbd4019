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
    """Rows ``{kind, ref_id, article_id}`` matching every token of ``query``; articles first.

    Each token is matched as a substring of the normalised text: through the trigram index
    when it has three or more characters (a LIKE pattern the trigram tokenizer accelerates),
    by a scan otherwise. An empty query matches nothing.
    """
    tokens = search_tokens(query)
    if not tokens:
        return []
    # Tokens hold only letters and digits (search_tokens drops punctuation): no LIKE escaping.
    where = " AND ".join("search_fts.body LIKE ?" for _ in tokens)
    params: list[Any] = [f"%{token}%" for token in tokens]
    sql = (
        "SELECT r.kind, r.ref_id, r.article_id FROM search_fts "
        "JOIN search_refs r ON r.fts_rowid = search_fts.rowid "
        f"WHERE {where} ORDER BY r.kind = 'claim', search_fts.rowid LIMIT ?"
    )
    params.append(limit)
    return list(db.query(sql, params))
