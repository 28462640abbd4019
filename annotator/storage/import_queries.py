"""Reads and writes that importing annotated exports needs besides the repositories:
whether a claim is already present, statuses by id and a new status, sources by id.

Contract: writers run inside the caller's transaction and audit their change (as every
writer in ``storage``); readers are plain queries.
"""

from __future__ import annotations

from sqlite_utils import Database

from annotator.domain.models import Source, SourceKind, Status
from annotator.storage import audit

__all__ = [
    "article_exists",
    "claim_exists",
    "get_source",
    "get_status",
    "insert_status",
    "same_claim_exists",
]


def article_exists(db: Database, article_id: str) -> bool:
    return db.conn.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() \
        is not None


def claim_exists(db: Database, claim_id: str) -> bool:
    """Whether a claim with this id exists (in any article)."""
    return db.conn.execute("SELECT 1 FROM claims WHERE id = ?", (claim_id,)).fetchone() \
        is not None


def same_claim_exists(db: Database, article_id: str, start: int, end: int,
                      status_id: str) -> bool:
    """Whether the article already has a claim on exactly ``[start, end)`` with this
    status (what a second import of the same annotation tool file would add again)."""
    # "+status_id": without statistics SQLite would pick the status index and scan every
    # claim of that status (quadratic over a large import); the article index is the one.
    return db.conn.execute(
        'SELECT 1 FROM claims WHERE article_id = ? AND start = ? AND "end" = ? '
        "AND +status_id = ?",
        (article_id, start, end, status_id),
    ).fetchone() is not None


def get_status(db: Database, status_id: str) -> Status | None:
    row = db.conn.execute(
        "SELECT id, label_ar, label_en, color, rating_value, position FROM statuses "
        "WHERE id = ?", (status_id,)).fetchone()
    return Status(*row) if row else None


def insert_status(db: Database, *, status_id: str, label_ar: str, label_en: str, color: str,
                  rating_value: int | None, editor_id: str | None) -> Status:
    """Add a status after the existing ones (its position is one more than the last);
    audited. The caller checked that ``status_id`` is free."""
    row = db.conn.execute("SELECT coalesce(max(position), -1) + 1 FROM statuses").fetchone()
    status = Status(status_id, label_ar, label_en, color, rating_value, int(row[0]))
    db.execute(
        "INSERT INTO statuses (id, label_ar, label_en, color, rating_value, position) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (status.id, status.label_ar, status.label_en, status.color, status.rating_value,
         status.position),
    )
    audit.record(db, editor_id=editor_id, action="create_status", entity="status",
                 entity_id=status.id, before=None,
                 after={"label_ar": label_ar, "label_en": label_en, "color": color,
                        "rating_value": rating_value, "position": status.position})
    return status


def get_source(db: Database, source_id: str) -> Source | None:
    """The source with this id (aliases included), or None."""
    row = db.conn.execute("SELECT id, name_ar, name_en, kind FROM sources WHERE id = ?",
                          (source_id,)).fetchone()
    if row is None:
        return None
    aliases = tuple(r[0] for r in db.conn.execute(
        "SELECT alias FROM source_aliases WHERE source_id = ? ORDER BY id", (source_id,)))
    return Source(row[0], row[1], row[2], SourceKind(row[3]), aliases)
