"""Claims with their sources and evidence: insert, delete, read.

Contract: writers run inside the caller's transaction, keep the search index in step and
write one audit row per change. The database itself refuses a claim whose quote is not the
article text at its offsets (see the triggers in ``migrations``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlite_utils import Database

from annotator.domain.errors import NotFound
from annotator.domain.models import EDITOR_LAYER, Claim, ClaimSource, Evidence, SourceRole
from annotator.storage import audit, search_index

_CLAIM_COLUMNS = (
    'id, article_id, start, "end", quote, prefix, suffix, note, wording, status_id, '
    "created_by, updated_by, created_at, updated_at, layer, reviewed_from"
)


def _audit_view(claim: Claim) -> dict[str, Any]:
    data = asdict(claim)
    data["sources"] = [
        {"source_id": s.source_id, "role": str(s.role)} for s in claim.sources
    ]
    data["evidence"] = [{"id": e.id, "url": e.url, "title": e.title} for e in claim.evidence]
    return data


def insert_claim(db: Database, claim: Claim, *, editor_id: str | None, action: str) -> None:
    """Insert ``claim`` with its source links and evidence (ids and timestamps as given)."""
    db.execute(
        f"INSERT INTO claims ({_CLAIM_COLUMNS}) VALUES ({', '.join('?' * 16)})",
        (
            claim.id,
            claim.article_id,
            claim.start,
            claim.end,
            claim.quote,
            claim.prefix,
            claim.suffix,
            claim.note,
            claim.wording,
            claim.status_id,
            claim.created_by,
            claim.updated_by,
            claim.created_at,
            claim.updated_at,
            claim.layer,
            claim.reviewed_from,
        ),
    )
    for position, link in enumerate(claim.sources):
        db.execute(
            "INSERT INTO claim_sources (claim_id, source_id, role, position) VALUES (?, ?, ?, ?)",
            (claim.id, link.source_id, str(link.role), position),
        )
    for item in claim.evidence:
        db.execute(
            "INSERT INTO evidence (id, claim_id, url, title, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (item.id, claim.id, item.url, item.title, editor_id, claim.updated_at),
        )
    search_index.index_claim(db, claim.id, claim.article_id, claim.quote, claim.note,
                             claim.wording)
    audit.record(
        db,
        editor_id=editor_id,
        action=action,
        entity="claim",
        entity_id=claim.id,
        before=None,
        after=_audit_view(claim),
    )


def delete_claim(db: Database, claim_id: str, *, editor_id: str | None, action: str) -> Claim:
    """Delete a claim (links and evidence cascade); returns what was deleted."""
    claim = get_claim(db, claim_id)
    db.execute("DELETE FROM claims WHERE id = ?", (claim_id,))
    search_index.unindex(db, claim_id)
    audit.record(
        db,
        editor_id=editor_id,
        action=action,
        entity="claim",
        entity_id=claim_id,
        before=_audit_view(claim),
        after=None,
    )
    return claim


def update_claim(
    db: Database,
    claim_id: str,
    fields: dict[str, Any],
    *,
    editor_id: str | None,
    action: str,
    updated_at: str,
    updated_by: str | None = None,
) -> Claim:
    """Update columns of one claim (names from a fixed allow-list), reindex, audit; returns
    the claim as it was before. ``updated_at``/``updated_by`` stamp the claim (undo restores
    the previous stamp; ``updated_by`` defaults to the editor); the audit row names the
    editor who acted. Caller holds the transaction."""
    allowed = {"status_id", "note", "wording", "start", "end", "quote", "prefix", "suffix"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = get_claim(db, claim_id)
    assignments = ", ".join(f'"{name}" = ?' for name in fields)
    db.execute(
        f"UPDATE claims SET {assignments}, updated_by = ?, updated_at = ? WHERE id = ?",
        [*fields.values(), updated_by or editor_id, updated_at, claim_id],
    )
    after = get_claim(db, claim_id)
    if {"note", "wording", "quote"} & set(fields):
        search_index.index_claim(db, claim_id, after.article_id, after.quote, after.note,
                                 after.wording)
    audit.record(db, editor_id=editor_id, action=action, entity="claim", entity_id=claim_id,
                 before=_audit_view(before), after=_audit_view(after))
    return before


def replace_links(
    db: Database,
    claim_id: str,
    *,
    sources: tuple[ClaimSource, ...] | None = None,
    evidence: tuple[Evidence, ...] | None = None,
    editor_id: str | None,
    action: str,
    updated_at: str,
    updated_by: str | None = None,
) -> Claim:
    """Replace a claim's source links and/or evidence; audit; returns the claim before.
    Stamps as :func:`update_claim` does."""
    before = get_claim(db, claim_id)
    if sources is not None:
        db.execute("DELETE FROM claim_sources WHERE claim_id = ?", (claim_id,))
        for position, link in enumerate(sources):
            db.execute(
                "INSERT INTO claim_sources (claim_id, source_id, role, position) "
                "VALUES (?, ?, ?, ?)",
                (claim_id, link.source_id, str(link.role), position),
            )
    if evidence is not None:
        db.execute("DELETE FROM evidence WHERE claim_id = ?", (claim_id,))
        for item in evidence:
            db.execute(
                "INSERT INTO evidence (id, claim_id, url, title, added_by, added_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (item.id, claim_id, item.url, item.title, editor_id, updated_at),
            )
    db.execute("UPDATE claims SET updated_by = ?, updated_at = ? WHERE id = ?",
               (updated_by or editor_id, updated_at, claim_id))
    audit.record(db, editor_id=editor_id, action=action, entity="claim", entity_id=claim_id,
                 before=_audit_view(before), after=_audit_view(get_claim(db, claim_id)))
    return before


# The columns of a claim row in the order of Claim's fields (sources and evidence, which
# come from their own tables, go between ``updated_at`` and ``layer``): rows are read as
# plain tuples, not dicts, because a large article has thousands of claims and is read
# again after every change.
_ROW_COLUMNS = (
    'id, article_id, start, "end", quote, prefix, suffix, status_id, note, wording, '
    "created_by, updated_by, created_at, updated_at, layer, reviewed_from"
)
_LINK_COLUMNS = "cs.claim_id, cs.source_id, cs.role, s.name_ar, s.name_en"
_EVIDENCE_COLUMNS = "e.claim_id, e.id, e.url, e.title"
Where = tuple[str, list[Any]]  # a WHERE clause on ``claims c`` and its parameters


def _links(db: Database, where: Where) -> dict[str, list[ClaimSource]]:
    """The source links of the claims ``where`` selects, each claim's in order."""
    out: dict[str, list[ClaimSource]] = {}
    roles: dict[str, SourceRole] = {}
    for claim_id, source_id, role, name_ar, name_en in db.conn.execute(
        f"SELECT {_LINK_COLUMNS} FROM claims c JOIN claim_sources cs ON cs.claim_id = c.id "
        f"JOIN sources s ON s.id = cs.source_id WHERE {where[0]} "
        "ORDER BY cs.claim_id, cs.position",
        where[1],
    ):
        kind = roles.get(role) or roles.setdefault(role, SourceRole(role))
        out.setdefault(claim_id, []).append(ClaimSource(source_id, kind, name_ar, name_en))
    return out


def _evidence(db: Database, where: Where) -> dict[str, list[Evidence]]:
    """The evidence of the claims ``where`` selects, each claim's in the order added."""
    out: dict[str, list[Evidence]] = {}
    for claim_id, evidence_id, url, title in db.conn.execute(
        f"SELECT {_EVIDENCE_COLUMNS} FROM claims c JOIN evidence e ON e.claim_id = c.id "
        f"WHERE {where[0]} ORDER BY e.added_at, e.id",
        where[1],
    ):
        out.setdefault(claim_id, []).append(Evidence(evidence_id, url, title))
    return out


def _select(db: Database, where: Where, order: str = "") -> list[Claim]:
    """The claims ``where`` selects (in ``order``), with their sources and evidence: three
    queries whatever their number (the links and evidence by the same WHERE, joined, not
    by lists of ids)."""
    rows = db.conn.execute(
        f"SELECT {_ROW_COLUMNS} FROM claims c WHERE {where[0]}{order}", where[1]).fetchall()
    if not rows:
        return []
    links, evidence = _links(db, where), _evidence(db, where)
    return [
        Claim(*row[:14], tuple(links.get(row[0], ())), tuple(evidence.get(row[0], ())),
              *row[14:])
        for row in rows
    ]


def get_claim(db: Database, claim_id: str) -> Claim:
    found = _select(db, ("c.id = ?", [claim_id]))
    if not found:
        raise NotFound(f"no claim with id {claim_id}")
    return found[0]


def claim_spans(db: Database, article_id: str, *, layer: str) -> set[tuple[int, int]]:
    """The ``(start, end)`` of the article's claims of one layer (code points), without
    reading the claims themselves."""
    return set(db.conn.execute(
        'SELECT start, "end" FROM claims WHERE article_id = ? AND layer = ?',
        (article_id, layer)).fetchall())


def list_claims(
    db: Database, article_id: str | None = None, *, layer: str | None = EDITOR_LAYER
) -> list[Claim]:
    """Claims of one article (or all), in reading order (start, then longer first).

    ``layer``: only the editors' claims (the default: what the workbench, suggestions,
    agreement and exports other than ``--layer reviewed`` work on), only the reviewed
    layer, or ``None`` for both."""
    where: list[str] = []
    params: list[Any] = []
    if article_id is not None:
        where.append("c.article_id = ?")
        params.append(article_id)
    if layer is not None:
        where.append("c.layer = ?")
        params.append(layer)
    clause = " AND ".join(where) or "1"
    return _select(db, (clause, params),
                   ' ORDER BY c.article_id, c.start, c."end" DESC, c.created_at')
