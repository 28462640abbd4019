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


def _links(db: Database, claim_ids: list[str]) -> dict[str, list[ClaimSource]]:
    out: dict[str, list[ClaimSource]] = {}
    if not claim_ids:
        return out
    marks = ", ".join("?" for _ in claim_ids)
    for row in db.query(
        "SELECT cs.claim_id, cs.source_id, cs.role, s.name_ar, s.name_en "
        "FROM claim_sources cs JOIN sources s ON s.id = cs.source_id "
        f"WHERE cs.claim_id IN ({marks}) ORDER BY cs.claim_id, cs.position",
        claim_ids,
    ):
        out.setdefault(row["claim_id"], []).append(
            ClaimSource(row["source_id"], SourceRole(row["role"]), row["name_ar"],
                        row["name_en"])
        )
    return out


def _evidence(db: Database, claim_ids: list[str]) -> dict[str, list[Evidence]]:
    out: dict[str, list[Evidence]] = {}
    if not claim_ids:
        return out
    marks = ", ".join("?" for _ in claim_ids)
    for row in db.query(
        f"SELECT id, claim_id, url, title FROM evidence WHERE claim_id IN ({marks}) "
        "ORDER BY added_at, id",
        claim_ids,
    ):
        out.setdefault(row["claim_id"], []).append(Evidence(row["id"], row["url"], row["title"]))
    return out


def _hydrate(db: Database, rows: list[dict[str, Any]]) -> list[Claim]:
    ids = [row["id"] for row in rows]
    links: dict[str, list[ClaimSource]] = {}
    evidence: dict[str, list[Evidence]] = {}
    # Chunk to stay under SQLite's bound-parameter limit on large articles.
    for i in range(0, len(ids), 500):
        links.update(_links(db, ids[i : i + 500]))
        evidence.update(_evidence(db, ids[i : i + 500]))
    return [
        Claim(
            **row,
            sources=tuple(links.get(row["id"], ())),
            evidence=tuple(evidence.get(row["id"], ())),
        )
        for row in rows
    ]


def get_claim(db: Database, claim_id: str) -> Claim:
    rows = list(db.query(f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE id = ?", [claim_id]))
    if not rows:
        raise NotFound(f"no claim with id {claim_id}")
    return _hydrate(db, rows)[0]


def list_claims(
    db: Database, article_id: str | None = None, *, layer: str | None = EDITOR_LAYER
) -> list[Claim]:
    """Claims of one article (or all), in reading order (start, then longer first).

    ``layer``: only the editors' claims (the default: what the workbench, suggestions,
    agreement and exports other than ``--layer reviewed`` work on), only the reviewed
    layer, or ``None`` for both."""
    sql = f"SELECT {_CLAIM_COLUMNS} FROM claims"
    where: list[str] = []
    params: list[Any] = []
    if article_id is not None:
        where.append("article_id = ?")
        params.append(article_id)
    if layer is not None:
        where.append("layer = ?")
        params.append(layer)
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += ' ORDER BY article_id, start, "end" DESC, created_at'
    return _hydrate(db, list(db.query(sql, params)))
