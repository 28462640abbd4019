"""Schema migrations: named, append-only steps (sqlite-utils ``Migrations``).

Never edit or reorder a step that has shipped; add a new one. Each step runs in its own
transaction together with the record of it having been applied. A workspace that records a
step this list does not contain was written by a newer version and is refused (see ``db``).

Design notes:
- Ids are app-generated UUID text, so workspaces of several editors merge without collisions.
- ``claims`` enforces the offset contract in the database itself: ``length(quote)`` equals
  ``end - start`` (SQLite counts characters, i.e. code points, for TEXT) and a trigger checks
  ``substr(article.text, start + 1, end - start) = quote`` on every insert and span change.
- Search: ``search_fts`` is an FTS5 table over the *normalised* text (``text.normalize``), with
  the trigram tokenizer so a query finds a word inside its clitics ("عراق" in "والعراق"). It
  holds its own copy of the normalised text (not external content: the base tables' rowids
  are not stable across VACUUM because their keys are UUID text); ``search_refs`` maps each
  FTS row to its article or claim.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from annotator.domain.defaults import DEFAULT_SOURCES, DEFAULT_STATUSES, SOURCE_KIND_LABELS
from annotator.domain.models import SourceKind, new_id, utc_now
from annotator.storage import schema_steps

MIGRATIONS = Migrations("annotator")

_KINDS = ", ".join(f"'{kind.value}'" for kind in SourceKind)

_INITIAL_SCHEMA = [
    """
    CREATE TABLE workspace_meta (
        key TEXT PRIMARY KEY,
        value TEXT
    )
    """,
    """
    CREATE TABLE editors (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
        initials TEXT,
        color TEXT,
        created_at TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL,
        text TEXT NOT NULL CHECK (length(text) > 0),
        sha256 TEXT NOT NULL UNIQUE,
        outlet TEXT,
        url TEXT,
        published TEXT,
        language TEXT,
        encoding TEXT,
        source_path TEXT,
        length INTEGER NOT NULL,
        imported_at TEXT NOT NULL,
        imported_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
        revision_of TEXT REFERENCES articles(id) ON DELETE SET NULL
    )
    """,
    "CREATE INDEX idx_articles_imported_at ON articles(imported_at)",
    "CREATE INDEX idx_articles_revision_of ON articles(revision_of)",
    """
    CREATE TABLE statuses (
        id TEXT PRIMARY KEY,
        label_ar TEXT NOT NULL,
        label_en TEXT NOT NULL,
        color TEXT NOT NULL,
        rating_value INTEGER CHECK (rating_value IS NULL OR rating_value BETWEEN 1 AND 5),
        position INTEGER NOT NULL DEFAULT 0
    )
    """,
    f"""
    CREATE TABLE sources (
        id TEXT PRIMARY KEY,
        name_ar TEXT NOT NULL,
        name_en TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ({_KINDS})),
        created_at TEXT NOT NULL,
        CHECK (length(trim(name_ar)) > 0 OR length(trim(name_en)) > 0)
    )
    """,
    """
    CREATE TABLE source_aliases (
        id INTEGER PRIMARY KEY,
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
        alias TEXT NOT NULL,
        alias_norm TEXT NOT NULL,
        UNIQUE (source_id, alias)
    )
    """,
    "CREATE INDEX idx_source_aliases_norm ON source_aliases(alias_norm)",
    """
    CREATE TABLE claims (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL CHECK (start >= 0),
        "end" INTEGER NOT NULL CHECK ("end" > start),
        quote TEXT NOT NULL CHECK (length(quote) = "end" - start),
        prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        wording TEXT NOT NULL DEFAULT '',
        status_id TEXT NOT NULL REFERENCES statuses(id),
        created_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
        updated_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX idx_claims_article ON claims(article_id, start)",
    "CREATE INDEX idx_claims_status ON claims(status_id)",
    """
    CREATE TRIGGER claims_quote_matches_insert BEFORE INSERT ON claims
    WHEN (SELECT substr(text, NEW.start + 1, NEW."end" - NEW.start) FROM articles
          WHERE id = NEW.article_id) IS NOT NEW.quote
    BEGIN
        SELECT RAISE(ABORT, 'claim quote does not match the article text at its offsets');
    END
    """,
    """
    CREATE TRIGGER claims_quote_matches_update BEFORE UPDATE OF start, "end", quote ON claims
    WHEN (SELECT substr(text, NEW.start + 1, NEW."end" - NEW.start) FROM articles
          WHERE id = NEW.article_id) IS NOT NEW.quote
    BEGIN
        SELECT RAISE(ABORT, 'claim quote does not match the article text at its offsets');
    END
    """,
    """
    CREATE TABLE claim_sources (
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        source_id TEXT NOT NULL REFERENCES sources(id) ON DELETE RESTRICT,
        role TEXT NOT NULL CHECK (role IN ('speaker', 'carrier')),
        position INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (claim_id, source_id, role)
    )
    """,
    "CREATE INDEX idx_claim_sources_source ON claim_sources(source_id)",
    """
    CREATE TABLE evidence (
        id TEXT PRIMARY KEY,
        claim_id TEXT NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
        title TEXT,
        added_by TEXT REFERENCES editors(id) ON DELETE SET NULL,
        added_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX idx_evidence_claim ON evidence(claim_id)",
    """
    CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        editor_id TEXT REFERENCES editors(id) ON DELETE SET NULL,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        before TEXT,
        after TEXT
    )
    """,
    "CREATE INDEX idx_audit_entity ON audit_log(entity, entity_id)",
    """
    CREATE VIRTUAL TABLE search_fts USING fts5(body, tokenize = 'trigram')
    """,
    # Which article or claim each FTS row indexes (FTS5 cannot look up UNINDEXED columns
    # without a scan, so the mapping lives in an ordinary indexed table).
    """
    CREATE TABLE search_refs (
        ref_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('article', 'claim')),
        article_id TEXT NOT NULL,
        fts_rowid INTEGER NOT NULL UNIQUE
    )
    """,
    "CREATE INDEX idx_search_refs_article ON search_refs(article_id)",
]


@MIGRATIONS(name="m001_initial_schema")
def m001_initial_schema(db: Database) -> None:
    for statement in _INITIAL_SCHEMA:
        db.execute(statement)


@MIGRATIONS(name="m002_default_statuses_and_sources")
def m002_defaults(db: Database) -> None:
    # Imported here: text.normalize is pure and cheap, but keep the module graph obvious.
    from annotator.text.normalize import normalize_for_search

    now = utc_now()
    for status in DEFAULT_STATUSES:
        db.execute(
            "INSERT INTO statuses (id, label_ar, label_en, color, rating_value, position) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                status.id,
                status.label_ar,
                status.label_en,
                status.color,
                status.rating_value,
                status.position,
            ),
        )
    for name_ar, name_en, kind, aliases in DEFAULT_SOURCES:
        source_id = new_id()
        db.execute(
            "INSERT INTO sources (id, name_ar, name_en, kind, created_at) VALUES (?, ?, ?, ?, ?)",
            (source_id, name_ar, name_en, kind.value, now),
        )
        for alias in (name_ar, name_en, *aliases):
            db.execute(
                "INSERT OR IGNORE INTO source_aliases (source_id, alias, alias_norm) "
                "VALUES (?, ?, ?)",
                (source_id, alias, normalize_for_search(alias)),
            )
    db.execute(
        "INSERT INTO workspace_meta (key, value) VALUES ('created_at', ?)", (now,)
    )


@MIGRATIONS(name="m003_source_kind_labels")
def m003_source_kind_labels(db: Database) -> None:
    """Arabic and English labels of the source kinds live in the workspace, like statuses."""
    db.execute(
        "CREATE TABLE source_kinds (id TEXT PRIMARY KEY, label_ar TEXT NOT NULL, "
        "label_en TEXT NOT NULL, position INTEGER NOT NULL DEFAULT 0)"
    )
    for position, (kind, label_ar, label_en) in enumerate(SOURCE_KIND_LABELS):
        db.execute(
            "INSERT INTO source_kinds (id, label_ar, label_en, position) VALUES (?, ?, ?, ?)",
            (kind.value, label_ar, label_en, position),
        )


@MIGRATIONS(name="m004_source_note_url")
def m004_source_note_url(db: Database) -> None:
    """Sources get a note and a URL; rejected suggestions are remembered per article."""
    schema_steps.m004_source_note_url(db)


@MIGRATIONS(name="m005_merge_conflicts")
def m005_merge_conflicts(db: Database) -> None:
    """Claims changed on both sides of a merge: both versions kept, listed until resolved."""
    schema_steps.m005_merge_conflicts(db)


@MIGRATIONS(name="m006_review_layer")
def m006_review_layer(db: Database) -> None:
    """Claims get a layer (editors' or reviewed) and adjudicators' rejections are kept."""
    schema_steps.m006_review_layer(db)


@MIGRATIONS(name="m007_simple_text_keys")
def m007_simple_text_keys(db: Database) -> None:
    """Articles keep whether their text has only the characters search snippets read fast."""
    from annotator.storage import articles

    articles.m007_simple_text_keys(db)


@MIGRATIONS(name="m008_source_conflicts")
def m008_source_conflicts(db: Database) -> None:
    """A source changed on both sides of a merge: their version kept, listed until resolved."""
    schema_steps.m008_source_conflicts(db)


def known_migration_names() -> set[str]:
    return {migration.name for migration in MIGRATIONS._migrations}


def unknown_migrations(applied: set[str]) -> set[str]:
    """Applied step names this version does not know: the workspace is from a newer app."""
    return applied - known_migration_names()
