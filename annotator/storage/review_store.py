"""SQL of adjudication: the reviewed layer's schema and the adjudicator's rejections.

The reviewed layer is made of ordinary ``claims`` rows with ``layer = 'reviewed'`` (written
through :mod:`storage.claims`, so the offset triggers, the search index and the audit log
cover them like any claim). What is stored here besides is the adjudicator's *rejections*:
an editor's claim judged not to be a checkable claim (or superseded by another version)
is listed in ``review_rejections`` with who decided and when.

Contract: writers run inside the caller's transaction and write one audit row per change;
readers never write. Offsets are code points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from annotator.storage import audit
from annotator.storage.schema_steps import m006_review_layer  # noqa: F401  (its step)

MIGRATION_NAME = "m006_review_layer"




@dataclass(frozen=True)
class ReviewRejection:
    claim_id: str
    article_id: str
    decided_by: str | None
    decided_at: str


def list_rejections(db: Database, article_id: str) -> dict[str, ReviewRejection]:
    """The article's rejected editor claims, by claim id."""
    rows = db.query(
        "SELECT claim_id, article_id, decided_by, decided_at FROM review_rejections "
        "WHERE article_id = ?",
        [article_id],
    )
    return {row["claim_id"]: ReviewRejection(**row) for row in rows}


def insert_rejections(
    db: Database, article_id: str, claim_ids: Sequence[str], *, editor_id: str | None,
    at: str,
) -> list[str]:
    """Reject these claims of the article; returns the ids newly rejected (already
    rejected ones are left as they were). Caller holds the transaction."""
    added: list[str] = []
    for claim_id in claim_ids:
        cursor = db.execute(
            "INSERT OR IGNORE INTO review_rejections (claim_id, article_id, decided_by, "
            "decided_at) SELECT id, article_id, ?, ? FROM claims "
            "WHERE id = ? AND article_id = ? AND layer = 'editor'",
            (editor_id, at, claim_id, article_id),
        )
        if cursor.rowcount:
            added.append(claim_id)
            audit.record(db, editor_id=editor_id, action="reject_claim",
                         entity="review_rejection", entity_id=claim_id, before=None,
                         after={"article_id": article_id, "decided_at": at})
    return added


def delete_rejections(
    db: Database, claim_ids: Sequence[str], *, editor_id: str | None
) -> list[str]:
    """Withdraw rejections; returns the ids that were rejected. Caller holds the
    transaction."""
    removed: list[str] = []
    for claim_id in claim_ids:
        row = db.execute(
            "SELECT article_id, decided_at FROM review_rejections WHERE claim_id = ?",
            (claim_id,),
        ).fetchone()
        if row is None:
            continue
        db.execute("DELETE FROM review_rejections WHERE claim_id = ?", (claim_id,))
        removed.append(claim_id)
        audit.record(db, editor_id=editor_id, action="unreject_claim",
                     entity="review_rejection", entity_id=claim_id,
                     before={"article_id": row[0], "decided_at": row[1]}, after=None)
    return removed


def reviewed_article_ids(db: Database) -> set[str]:
    """Articles an adjudicator has worked on: with a reviewed claim or a rejection."""
    return {row[0] for row in db.execute(
        "SELECT article_id FROM claims WHERE layer = 'reviewed' "
        "UNION SELECT article_id FROM review_rejections")}
