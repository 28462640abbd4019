"""The schema steps that add the stores' tables and columns (m004, m005, m006, m008 of
:mod:`annotator.storage.migrations`): DDL only.

Kept apart from the stores (``taxonomy_store``, ``merge_store``, ``review_store``), which
re-export them: creating a workspace runs every step, and importing the stores for their DDL
(their record types, their queries) cost ~3 ms of the window's first start.
"""

from __future__ import annotations

from sqlite_utils import Database


def _columns(db: Database, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}


def m004_source_note_url(db: Database) -> None:
    """Schema step: sources get an optional ``note`` (text, '' by default) and ``url``
    (http/https or NULL); ``suggestion_rejections`` remembers, per article, the suggested
    spans an editor rejected (by fingerprint, with the span and quote for reading).

    Idempotent (checks before adding), so it is safe on a workspace that has it already."""
    columns = _columns(db, "sources")
    if "note" not in columns:
        db.execute("ALTER TABLE sources ADD COLUMN note TEXT NOT NULL DEFAULT ''")
    if "url" not in columns:
        db.execute(
            "ALTER TABLE sources ADD COLUMN url TEXT "
            "CHECK (url IS NULL OR url LIKE 'http://%' OR url LIKE 'https://%')"
        )
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS suggestion_rejections (
            id INTEGER PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            fingerprint TEXT NOT NULL,
            start INTEGER NOT NULL CHECK (start >= 0),
            "end" INTEGER NOT NULL CHECK ("end" > start),
            quote TEXT NOT NULL,
            rejected_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
            rejected_at TEXT NOT NULL,
            UNIQUE (article_id, fingerprint)
        )
        """
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS idx_suggestion_rejections_article "
        "ON suggestion_rejections(article_id)"
    )


def m005_merge_conflicts(db: Database) -> None:
    """Schema step: ``merge_conflicts``, one row per claim changed on both sides of a merge.

    - ``claim_id``: the contested claim's id (the same in both workspaces). No foreign key:
      in a ``deleted_here`` conflict our claim is gone, and adjudication may delete it.
    - ``other_claim_id``: the conflict copy, i.e. the other side's version imported as a new
      claim row (NULL for ``deleted_there``: the other side deleted the claim; and once the
      copy is deleted by adjudication).
    - ``kind``: ``both_changed``, ``deleted_here`` (we deleted it, they changed it),
      ``deleted_there`` (they deleted it, we changed it).
    - ``other_version``: fingerprint of the other side's version; ``UNIQUE (claim_id,
      other_version)`` is what makes merging the same file twice change nothing.
    - ``other_workspace``: the other file's path; ``other_editor``: who last changed the
      other version (a name); ``detected_at``/``detected_by``: the merge that found it.
    - ``resolved`` (0/1), ``resolved_at``, ``resolved_by``, ``resolution`` (free text such
      as ``ours``, ``theirs``, ``edited``): for the adjudication view.

    Idempotent (``IF NOT EXISTS``), so it is safe on a workspace that has the table."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS merge_conflicts (
            id TEXT PRIMARY KEY,
            claim_id TEXT NOT NULL,
            other_claim_id TEXT REFERENCES claims(id) ON DELETE SET NULL,
            kind TEXT NOT NULL CHECK (kind IN ('both_changed', 'deleted_here',
                                               'deleted_there')),
            other_version TEXT NOT NULL,
            other_workspace TEXT NOT NULL,
            other_editor TEXT,
            detected_at TEXT NOT NULL,
            detected_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
            resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
            resolved_at TEXT,
            resolved_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
            resolution TEXT,
            UNIQUE (claim_id, other_version)
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS idx_merge_conflicts_other "
               "ON merge_conflicts(other_claim_id)")
    db.execute("CREATE INDEX IF NOT EXISTS idx_merge_conflicts_open "
               "ON merge_conflicts(resolved, detected_at)")


def m006_review_layer(db: Database) -> None:
    """Claims get a layer (``editor`` or ``reviewed``) and, for reviewed ones, the editor's
    claim they were accepted from; ``review_rejections`` lists rejected editor claims.

    ``reviewed_from`` has no foreign key on purpose: it is provenance, kept when the
    editor's claim is later deleted, and merges may bring a reviewed claim before (or
    without) the claim it came from."""
    db.execute(
        "ALTER TABLE claims ADD COLUMN layer TEXT NOT NULL DEFAULT 'editor' "
        "CHECK (layer IN ('editor', 'reviewed'))"
    )
    db.execute("ALTER TABLE claims ADD COLUMN reviewed_from TEXT")
    db.execute("CREATE INDEX idx_claims_layer ON claims(article_id, layer)")
    db.execute(
        """
        CREATE TABLE review_rejections (
            claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            decided_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
            decided_at TEXT NOT NULL
        )
        """
    )
    db.execute(
        "CREATE INDEX idx_review_rejections_article ON review_rejections(article_id)"
    )


def m008_source_conflicts(db: Database) -> None:
    """Schema step: ``source_conflicts``, one row per version of a source that another
    workspace changed while we changed ours too (a merge keeps ours and records theirs here,
    so it is neither lost nor reported again by the next merge).

    - ``source_id``: our source (the same source in both workspaces, mapped by the merge).
    - ``their_fields``: JSON of their ``name_ar, name_en, kind, note, url``;
      ``other_version``: its fingerprint; ``UNIQUE (source_id, other_version)`` makes
      merging the same file again record nothing.
    - ``other_workspace``, ``detected_at``/``detected_by``: the merge that found it.
    - ``resolved``, ``resolved_at``, ``resolved_by``, ``resolution`` (``theirs`` when their
      version was taken, else free text such as ``ours``)."""
    db.execute(
        """
        CREATE TABLE IF NOT EXISTS source_conflicts (
            id TEXT PRIMARY KEY,
            source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
            their_fields TEXT NOT NULL,
            other_version TEXT NOT NULL,
            other_workspace TEXT NOT NULL,
            detected_at TEXT NOT NULL,
            detected_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
            resolved INTEGER NOT NULL DEFAULT 0 CHECK (resolved IN (0, 1)),
            resolved_at TEXT,
            resolved_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
            resolution TEXT,
            UNIQUE (source_id, other_version)
        )
        """
    )
    db.execute("CREATE INDEX IF NOT EXISTS idx_source_conflicts_open "
               "ON source_conflicts(resolved, detected_at)")
