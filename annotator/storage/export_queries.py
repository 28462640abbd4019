"""Bulk reads for exports: articles with their claims, sources and evidence, in batches.

Why a module of its own: an export reads every claim of a workspace once, in order. The
per-article repository reads (``articles.get_article`` + ``claims.list_claims``) resolve the
id, build a dict per row and query links per chunk of claims; over 100,000 claims that
bookkeeping cost three times the JSON serialisation itself. Here, per batch of articles,
a query for the articles and one streaming query of their claims LEFT JOINed with their
source links (plus one for evidence, when the workspace has any) run on the raw ``sqlite3``
cursor (tuples, no per-row dicts). :func:`claim_rows` hands the rows out as they are (for
writers that only serialise); :func:`articles_with_claims` builds the domain objects.

Contract:
- Read-only; runs on the thread that owns ``db`` (sqlite3's rule). :func:`read_snapshot`
  makes several reads see one state of the workspace.
- :func:`articles_with_claims` yields exactly what the repository reads give (``Article``,
  ``Claim`` with ``sources`` in their recorded order and ``evidence`` by time added), claims
  in reading order: start, then longer first, then creation time, then id (as
  :func:`claims.list_claims`, which orders by the first three).
- Memory holds one batch of articles (``batch_size``), never the workspace.
- An id that names no article (deleted meanwhile) is skipped.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from sqlite_utils import Database

from annotator.domain.models import (
    EDITOR_LAYER,
    Article,
    Claim,
    ClaimSource,
    Evidence,
    SourceRole,
)

__all__ = [
    "ArticleRows",
    "ClaimRow",
    "article_ids_in_import_order",
    "articles_with_claims",
    "claim_rows",
    "read_snapshot",
]

_ARTICLE_COLUMNS = (
    "id, title, text, sha256, outlet, url, published, language, encoding, source_path, "
    "imported_at, revision_of"
)
_CLAIM_COLUMNS = (
    'id, article_id, start, "end", quote, prefix, suffix, status_id, note, wording, '
    "created_by, updated_by, created_at, updated_at"
)
_JOINED_COLUMNS = ", ".join(f"c.{name.strip()}" for name in _CLAIM_COLUMNS.split(","))
#: The same without the quote context (prefix, suffix read as ""), for readers that do not
#: need it: two text columns fewer to decode per claim.
_JOINED_NO_CONTEXT = _JOINED_COLUMNS.replace("c.prefix, c.suffix", "'' AS prefix, '' AS suffix")
_ROLES = {role.value: role for role in SourceRole}
#: Articles per batch: few enough that their claims die young (see :func:`claim_rows`),
#: enough that the three queries per batch cost nothing. Far below SQLite's bound-parameter
#: limit (999 on old builds).
BATCH_SIZE = 16


@contextlib.contextmanager
def read_snapshot(db: Database) -> Iterator[None]:
    """Read everything inside the block from one snapshot of the workspace: a read
    transaction (WAL: writers on other connections go on; this reader keeps seeing the data
    as it was when its first read ran). For a long export on its own connection, so that
    an edit made meanwhile in the window is either wholly in the export or not at all.
    Writes nothing; does nothing when the connection is already in a transaction."""
    if db.conn.in_transaction:
        yield
        return
    db.conn.execute("BEGIN")
    try:
        yield
    finally:
        db.conn.execute("ROLLBACK")


def article_ids_in_import_order(db: Database) -> list[str]:
    """Every article id, oldest import first, then by id (a stable export order)."""
    return [row[0] for row in db.conn.execute(
        "SELECT id FROM articles ORDER BY imported_at, id")]


#: A claim as the row read: its first 14 values are the claim's columns in the field order
#: of :class:`Claim` (id, article_id, start, end, quote, prefix, suffix, status_id, note,
#: wording, created_by, updated_by, created_at, updated_at); more values may follow.
ClaimRow = tuple[Any, ...]
ID, ARTICLE_ID, START, END, QUOTE, PREFIX, SUFFIX, STATUS_ID, NOTE, WORDING = range(10)
CREATED_BY, UPDATED_BY, CREATED_AT, UPDATED_AT = range(10, 14)
_WIDTH = 14
_NO_LINKS: tuple[ClaimSource, ...] = ()
_NO_EVIDENCE: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ArticleRows:
    """An article and its claims as rows (:data:`ClaimRow`, in reading order), with the
    claims' sources (in recorded order) and evidence by claim id; a claim without any is
    absent from ``sources`` / ``evidence``. Exports that only serialise read these and build
    no object per claim."""

    article: Article
    rows: list[ClaimRow]
    sources: dict[str, tuple[ClaimSource, ...]]
    evidence: dict[str, tuple[Evidence, ...]]
    layer: str = EDITOR_LAYER
    """The layer every row belongs to (:func:`claim_rows` reads one layer)."""

    def claims(self) -> list[Claim]:
        """The rows as :class:`Claim` objects (``reviewed_from`` is not read)."""
        sources, evidence, layer = self.sources, self.evidence, self.layer
        return [Claim(*row[:_WIDTH], sources=sources.get(row[0], _NO_LINKS),
                      evidence=evidence.get(row[0], _NO_EVIDENCE), layer=layer)
                for row in self.rows]


_BY_TIME_AND_ID = itemgetter(CREATED_AT, ID)
_BY_END = itemgetter(END)
_BY_START = itemgetter(START)


def _put_ties_in_order(rows: list[ClaimRow]) -> None:
    """Sort ``rows`` (already by start) into reading order: start, then longer first
    (end descending), then older, then by id. Three stable sorts on C-level keys, least
    significant first, cost less than one sort on a Python key function."""
    rows.sort(key=_BY_TIME_AND_ID)
    rows.sort(key=_BY_END, reverse=True)  # reverse=True keeps equal items in order
    rows.sort(key=_BY_START)


def claim_rows(
    db: Database,
    article_ids: Sequence[str],
    *,
    batch_size: int = BATCH_SIZE,
    context: bool = True,
    layer: str = EDITOR_LAYER,
) -> Iterator[ArticleRows]:
    """The articles of ``article_ids`` (full ids, no repeats), in that order, each with its
    claims of ``layer`` (the editors' claims, or the reviewed layer) as rows (module
    contract). With ``context=False`` the rows' prefix and suffix (the quote's context)
    are empty strings.

    Per batch: one query for the articles, one for the (rare) evidence, and one streaming
    query of the claims LEFT JOINed with their source links, in index order (article,
    start), so SQLite makes no sorting pass (which would copy every row once more). A
    claim's rows come one after the other (the join runs claim by claim); should they not,
    the repeats are merged. Ties on start and the links' recorded order are put right here,
    where they are cheap. Batches are small: the rows of a batch stay alive until it is
    consumed, and many long-lived objects make Python's garbage collector run full passes.
    """
    conn = db.conn
    names = {row[0]: (row[1], row[2]) for row in conn.execute(
        "SELECT id, name_ar, name_en FROM sources")}
    # Evidence links are few in most workspaces, often none: then no batch looks them up
    # (the lookup probes the evidence index once per claim).
    any_evidence = conn.execute("SELECT EXISTS (SELECT 1 FROM evidence)").fetchone()[0] == 1
    # (source id, role) -> the link and the one-link tuple of it: one immutable object of
    # each per distinct link, shared by every claim that has it (most claims have one).
    link_cache: dict[tuple[str, str], tuple[ClaimSource, tuple[ClaimSource, ...]]] = {}
    sources_cache: dict[tuple[ClaimSource, ...], tuple[ClaimSource, ...]] = {}

    def link_of(source_id: str, role: str) -> tuple[ClaimSource, tuple[ClaimSource, ...]]:
        """The cached link (and its one-link tuple), made on first use."""
        name_ar, name_en = names.get(source_id, ("", ""))
        link = ClaimSource(source_id, _ROLES[role], name_ar, name_en)
        cached = link_cache[(source_id, role)] = (link, (link,))
        return cached

    for first in range(0, len(article_ids), batch_size):
        chunk = list(article_ids[first : first + batch_size])
        marks = ", ".join("?" * len(chunk))
        found = {
            row[0]: Article(*row)
            for row in conn.execute(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE id IN ({marks})", chunk)
        }
        evidence: dict[str, tuple[Evidence, ...]] = {}
        for evidence_id, claim_id, url, title in conn.execute(
            "SELECT e.id, e.claim_id, e.url, e.title FROM claims c "
            "JOIN evidence e ON e.claim_id = c.id "
            f"WHERE c.article_id IN ({marks}) AND c.layer = ? ORDER BY e.added_at, e.id",
            [*chunk, layer],
        ) if any_evidence else ():
            evidence[claim_id] = (*evidence.get(claim_id, ()), Evidence(evidence_id, url, title))
        # The loop is written out (no helper call per row): it runs once per claim. Rows
        # come by article, a claim's rows one after the other (SQLite runs a join as nested
        # loops, claim by claim); repeats, should there be any, are dropped below. The
        # join reads the links from the covering index (claim, source, role); the recorded
        # order (position) is looked up below for the few claims with several links.
        per_article: dict[str, list[ClaimRow]] = {}
        sources: dict[str, tuple[ClaimSource, ...]] = {}
        several: dict[str, list[ClaimSource]] = {}
        previous = current_id = None
        current: list[ClaimRow] = []
        width = _WIDTH
        for row in conn.execute(
            f"SELECT {_JOINED_COLUMNS if context else _JOINED_NO_CONTEXT}, "
            "cs.source_id, cs.role FROM claims c "
            "LEFT JOIN claim_sources cs ON cs.claim_id = c.id "
            f"WHERE c.article_id IN ({marks}) AND c.layer = ? ORDER BY c.article_id, c.start",
            [*chunk, layer],
        ):
            claim_id = row[0]
            if claim_id != previous:
                previous = claim_id
                if row[1] != current_id:
                    current_id = row[1]
                    current = per_article.setdefault(current_id, [])
                current.append(row)
            source_id = row[width]
            if source_id is None:
                continue
            role = row[width + 1]
            cached = link_cache.get((source_id, role))
            if cached is None:
                cached = link_of(source_id, role)
            if claim_id not in sources:
                sources[claim_id] = cached[1]
            elif claim_id in several:
                several[claim_id].append(cached[0])
            else:
                several[claim_id] = [*sources[claim_id], cached[0]]
        if several:
            ids = list(several)
            position: dict[tuple[str, str, str], int] = {}
            for i in range(0, len(ids), 500):
                part = ids[i : i + 500]
                for claim_id, source_id, role, place in conn.execute(
                    "SELECT claim_id, source_id, role, position FROM claim_sources "
                    f"WHERE claim_id IN ({', '.join('?' * len(part))})", part):
                    position[(claim_id, source_id, role)] = place
            for claim_id, links in several.items():
                links.sort(key=lambda link, c=claim_id: position.get(  # type: ignore[misc]
                    (c, link.source_id, link.role.value), 0))
                key = tuple(links)
                sources[claim_id] = sources_cache.setdefault(key, key)
        for article_id in chunk:
            article = found.get(article_id)
            if article is None:
                continue
            rows = per_article.get(article_id, [])
            # Distinct starts: in order already, and no claim twice (its rows share a start).
            if len({row[START] for row in rows}) != len(rows):
                if len({row[ID] for row in rows}) != len(rows):
                    seen: set[str] = set()
                    rows = [r for r in rows if not (r[ID] in seen or seen.add(r[ID]))]
                _put_ties_in_order(rows)
            yield ArticleRows(article, rows, sources, evidence, layer)


def articles_with_claims(
    db: Database, article_ids: Sequence[str], *, batch_size: int = BATCH_SIZE,
    layer: str = EDITOR_LAYER,
) -> Iterator[tuple[Article, list[Claim]]]:
    """``(article, claims)`` for each id of ``article_ids``, in that order: the rows of
    :func:`claim_rows` as :class:`Claim` objects (equal to what ``claims.list_claims``
    reads, ``reviewed_from`` aside)."""
    for found in claim_rows(db, article_ids, batch_size=batch_size, layer=layer):
        yield found.article, found.claims()
