"""Full-text search over normalised text (FTS5, trigram tokenizer).

The index stores ``normalize_for_search`` of each article (title and body) and each claim
(quote, note, wording). Queries are normalised with the same function, so harakat, alef
forms, ta marbuta / ha, alef maqsura / ya, tatweel and digit forms never stop a match, and a
word is found inside its clitics. ``search_refs`` maps FTS rows to articles and claims.
Contract: writers call these inside the transaction of the change they index.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple
from weakref import WeakKeyDictionary

from sqlite_utils import Database

from annotator.text.normalize import normalize_for_search, search_tokens
from annotator.text.snippets import rules_key

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
    """Index many articles (objects with ``id``, ``title``, ``text``) in one go: the same
    rows as :func:`index_article` for each, in order, within the caller's transaction (or
    in one of its own when none is open)."""
    if not batch:
        return
    if not db.conn.in_transaction:
        with db.atomic():
            index_articles(db, batch)
        return
    # Plain cursor calls (inside the transaction, so nothing to commit) and one executemany
    # for the mapping rows: a bulk import indexes 200 articles per call. Each FTS row is
    # inserted on its own because its rowid is needed for the mapping.
    conn = db.conn
    refs: list[tuple[str, str, str, int | None]] = []
    for article in batch:
        body = normalize_for_search(f"{article.title}\n{article.text}")
        cursor = conn.execute("INSERT INTO search_fts (body) VALUES (?)", (body,))
        refs.append((article.id, KIND_ARTICLE, article.id, cursor.lastrowid))
    conn.executemany(
        "INSERT INTO search_refs (ref_id, kind, article_id, fts_rowid) VALUES (?, ?, ?, ?)", refs
    )


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


@dataclass(frozen=True)
class _Filter:
    """A query's search tokens and the WHERE clause (with its parameters) matching them."""

    tokens: tuple[str, ...]
    where: str
    params: tuple[str, ...]


@lru_cache(maxsize=256)
def _filter(query: str) -> _Filter | None:
    """The filter for ``query``, or None when it has no tokens. Cached (a few us each time
    otherwise): a search needs the tokens twice (the filter, then the snippets), and the
    window's search box and library filter send the same query again and again."""
    tokens = tuple(search_tokens(query))
    if not tokens:
        return None
    long_tokens = [t for t in tokens if len(t) >= 3]
    short_tokens = [t for t in tokens if len(t) < 3]
    where: list[str] = []
    params: list[str] = []
    if long_tokens:
        # Tokens hold only letters and digits (search_tokens drops punctuation, quotes
        # included), so quoting them as FTS5 strings needs no escaping; neither does LIKE.
        where.append("search_fts MATCH ?")
        params.append(" AND ".join(f'"{t}"' for t in long_tokens))
    for token in short_tokens:
        where.append("search_fts.body LIKE ?")
        params.append(f"%{token}%")
    return _Filter(tokens, " AND ".join(where), tuple(params))


def query_tokens(query: str) -> tuple[str, ...]:
    """``search_tokens(query)``, from the same cache as the searches themselves."""
    found = _filter(query)
    return () if found is None else found.tokens


def search(db: Database, query: str, *, limit: int = 200) -> list[dict[str, Any]]:
    """Rows ``{kind, ref_id, article_id}`` matching every token of ``query``: articles first,
    then claims, each in index order, at most ``limit`` in all.

    Tokens of three or more characters go to the trigram index as an FTS5 phrase (a
    substring match on the normalised text); shorter ones, which a trigram index cannot
    look up, filter those results with LIKE (or scan, when no token is long enough). No
    ORDER BY: it would force SQLite to collect every match of a common word first.
    """
    found = _filter(query)
    if found is None:
        return []
    rows: list[dict[str, Any]] = []
    for kind in (KIND_ARTICLE, KIND_CLAIM):
        remaining = limit - len(rows)
        if remaining <= 0:
            break
        sql = (
            "SELECT r.kind, r.ref_id, r.article_id FROM search_fts "
            "JOIN search_refs r ON r.fts_rowid = search_fts.rowid "
            f"WHERE {found.where} AND r.kind = ? LIMIT ?"
        )
        rows.extend(db.query(sql, [*found.params, kind, remaining]))
    return rows


class HitRow(NamedTuple):
    """One match with what a search result shows: for an article, its title and whole text
    as UTF-8 bytes (the caller decodes the part it shows: decoding every text costs more
    than the query); for a claim, its article's title and its quote (a ``str``).
    ``simple``: the article's text has only simple characters under the current rules (its
    ``simple_text_key`` equals :func:`annotator.text.snippets.rules_key`); always False for
    a claim."""

    article_id: str
    claim_id: str | None
    title: str
    text: str | bytes
    simple: bool


# CROSS JOIN fixes the join order SQLite would choose anyway (the FTS5 matches outermost,
# then a lookup by unique index per match), so rows come in index order and LIMIT stops the
# FTS5 scan as soon as enough rows are found. CAST AS BLOB hands over the stored UTF-8 bytes
# as they are (in a UTF-8 database: see _utf8_text).
_ARTICLE_HITS = (
    "SELECT r.article_id, NULL, a.title, {text}, a.simple_text_key IS ? FROM search_fts "
    "CROSS JOIN search_refs r ON r.fts_rowid = search_fts.rowid "
    "CROSS JOIN articles a ON a.id = r.article_id "
    "WHERE {where} AND r.kind = 'article' LIMIT ?"
)
_CLAIM_HITS = (
    "SELECT r.article_id, r.ref_id, a.title, c.quote, 0 FROM search_fts "
    "CROSS JOIN search_refs r ON r.fts_rowid = search_fts.rowid "
    "CROSS JOIN claims c ON c.id = r.ref_id "
    "CROSS JOIN articles a ON a.id = r.article_id "
    "WHERE {where} AND r.kind = 'claim' LIMIT ?"
)

_utf8_databases: WeakKeyDictionary[Database, bool] = WeakKeyDictionary()


def _utf8_text(db: Database) -> bool:
    """Whether ``db`` stores text as UTF-8 (as every database the app creates does; a
    database's encoding never changes once it has content), so that CAST AS BLOB gives
    UTF-8. Asked once per database object."""
    known = _utf8_databases.get(db)
    if known is None:
        known = db.conn.execute("PRAGMA encoding").fetchone()[0] == "UTF-8"
        _utf8_databases[db] = known
    return known


def search_hits(db: Database, query: str, *, limit: int = 200) -> list[HitRow]:
    """The matches of :func:`search` (same rows, same order, same ``limit``) with their
    titles and texts (see :class:`HitRow`), in one statement per kind: no query per hit, no
    dict per row."""
    found = _filter(query)
    if found is None or limit <= 0:
        return []
    utf8 = _utf8_text(db)
    article_sql = _ARTICLE_HITS.format(
        text="CAST(a.text AS BLOB)" if utf8 else "a.text", where=found.where
    )
    cursor = db.conn.execute(article_sql, (rules_key(), *found.params, limit))
    rows = list(map(HitRow._make, cursor))
    if not utf8:
        rows = [row._replace(text=row.text.encode()) for row in rows]
    if len(rows) < limit:
        cursor = db.conn.execute(
            _CLAIM_HITS.format(where=found.where), (*found.params, limit - len(rows))
        )
        rows.extend(map(HitRow._make, cursor))
    return rows
