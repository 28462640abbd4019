"""SQL of team review: merging another workspace, packing a hand-off copy, conflict records,
agreement and progress read-outs. The only SQL of ``services.merging``, ``services.packing``
and ``services.agreement``.

Contracts:
- Writers run inside the caller's transaction (``with db.atomic():``) and never open one of
  their own (no savepoints either: FTS5 flushes its pending index at every savepoint). Claims
  and articles are written through :mod:`storage.claims` and :mod:`storage.articles`, or, for
  in-place updates and bulk loads, through :mod:`storage.search_index` here, so the search
  index (``search_fts`` + ``search_refs``) is always in step with the rows.
- Readers never write. :func:`open_readonly` opens another workspace without changing a byte
  of it (``immutable=1`` when it has no ``-wal`` file, else ``mode=ro``; ``query_only`` on).
- Offsets are code points; ids are UUID text, kept as they are wherever they do not collide.
- The other workspace may be of an older schema: readers of what later steps added
  (``review_rejections``, m006; ``merge_conflicts``, m005; sources' note and URL and
  ``suggestion_rejections``, m004) answer "none" / the defaults for it instead of failing.
  Our workspace is always migrated.
- Sources are written through :mod:`storage.taxonomy_store` (same audit JSON, the full
  view, so a later merge reads each version of a source from the history); rejections
  with the audit JSON of :mod:`storage.review_store`; rejected suggestions with that of
  :mod:`storage.taxonomy_store` (entity ``article``), the whole row as ``after`` so the
  decision's ``rejected_at`` is in the history.

Schema: :func:`m005_merge_conflicts` creates ``merge_conflicts``. It is meant to be
registered as a named step in ``storage.migrations``
(``MIGRATIONS(name="m005_merge_conflicts")(m005_merge_conflicts)``); it is idempotent, and
until it is registered :func:`ensure_merge_schema` runs it inside the merge's transaction
(so a workspace that got the table that way takes the registered step as a no-op).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from annotator.domain.errors import NotAWorkspace, NotFound, WorkspaceError
from annotator.domain.models import (
    Article,
    Claim,
    ClaimSource,
    Editor,
    Evidence,
    Source,
    SourceRole,
    Status,
    utc_now,
)
from annotator.storage import audit, search_index, taxonomy_store
from annotator.storage.schema_steps import (  # noqa: F401  (their steps)
    m005_merge_conflicts,
    m008_source_conflicts,
)
from annotator.text.normalize import normalize_for_search
from annotator.text.snippets import simple_text_key

MIGRATION_NAME = "m005_merge_conflicts"
CHUNK = 500  # ids per IN (...) query: well under SQLite's bound-parameter limit

_SQLITE_MAGIC = b"SQLite format 3\x00"
_REQUIRED_TABLES = ("articles", "claims", "claim_sources", "evidence", "sources",
                    "source_aliases", "statuses", "editors", "audit_log")
_CLAIM_COLUMNS = (
    'id, article_id, start, "end", quote, prefix, suffix, note, wording, status_id, '
    "created_by, updated_by, created_at, updated_at, layer, reviewed_from"
)
# A workspace written before the reviewed layer (m006) has no layer columns: all of its
# claims are editors' claims.
_OLD_CLAIM_COLUMNS = _CLAIM_COLUMNS.replace(
    "layer, reviewed_from", "'editor' AS layer, NULL AS reviewed_from")


def _claim_columns(db: Database) -> str:
    names = {row[1] for row in db.execute("PRAGMA table_info(claims)").fetchall()}
    return _CLAIM_COLUMNS if "layer" in names else _OLD_CLAIM_COLUMNS

CONFLICT_BOTH_CHANGED = "both_changed"
CONFLICT_DELETED_HERE = "deleted_here"
CONFLICT_DELETED_THERE = "deleted_there"


_VIEW_FIELDS = tuple(f.name for f in fields(Claim) if f.name not in ("sources", "evidence"))


def claim_view(claim: Claim) -> dict[str, Any]:
    """A claim as the audit log stores it: exactly ``storage.claims``' view (a test checks
    they agree), built without ``dataclasses.asdict``'s deep copies (merges write many)."""
    data: dict[str, Any] = {name: getattr(claim, name) for name in _VIEW_FIELDS}
    data["sources"] = [{"source_id": s.source_id, "role": str(s.role)} for s in claim.sources]
    data["evidence"] = [{"id": e.id, "url": e.url, "title": e.title} for e in claim.evidence]
    return data


def chunks(items: Sequence[str], size: int = CHUNK) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" for _ in items)


def dumps(value: Any) -> str | None:
    """JSON exactly as :func:`storage.audit.record` writes it (sorted keys, UTF-8 kept)."""
    return None if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


# --- schema ----------------------------------------------------------------------------------


SOURCE_CONFLICTS_MIGRATION = "m008_source_conflicts"




def has_conflicts_table(db: Database) -> bool:
    return bool(list(db.query(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'merge_conflicts'")))


def ensure_merge_schema(db: Database) -> None:
    """Create ``merge_conflicts`` if the registered migrations have not (caller's
    transaction: DDL is transactional in SQLite, so a failed merge leaves no table)."""
    if not has_conflicts_table(db):
        m005_merge_conflicts(db)


# --- opening the other workspace -------------------------------------------------------------
def open_readonly(path: str | Path) -> Database:
    """Open another workspace for reading only; nothing is ever written to it.

    Refuses (nothing written, anywhere): a missing file or a directory, a file that is not
    SQLite (:class:`NotAWorkspace`), a workspace of a newer version (``WorkspaceTooNew``, by
    :mod:`storage.db`'s own check) and a SQLite file without the workspace tables."""
    # Imported here: storage.migrations imports this module (m005) and db imports that.
    from annotator.storage.db import _check_not_newer

    path = Path(path)
    if not path.exists():
        raise WorkspaceError("no such workspace file", path=str(path))
    if path.is_dir():
        raise NotAWorkspace("is a directory, not a workspace file", path=str(path))
    with path.open("rb") as fh:
        head = fh.read(16)
    if head != _SQLITE_MAGIC:
        raise NotAWorkspace("not a workspace database (not SQLite)", path=str(path))
    _check_not_newer(path)
    has_wal = Path(f"{path}-wal").exists()
    uri = f"{path.resolve().as_uri()}?{'mode=ro' if has_wal else 'immutable=1'}"
    try:
        conn = sqlite3.connect(uri, uri=True)
        conn.execute("PRAGMA query_only = ON")
        tables = {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")}
    except sqlite3.Error as exc:
        raise WorkspaceError(f"cannot read workspace: {exc}", path=str(path)) from exc
    missing = [t for t in _REQUIRED_TABLES if t not in tables]
    if missing:
        conn.close()
        raise NotAWorkspace(
            f"not an annotator workspace (no {', '.join(missing)} table)", path=str(path))
    return Database(conn, recursive_triggers=False, execute_plugins=False)


# --- articles --------------------------------------------------------------------------------
def article_keys(db: Database, article_ids: Sequence[str] | None = None
                 ) -> list[dict[str, Any]]:
    """``id, sha256, imported_by, imported_at, revision_of`` of every article (or of these),
    oldest import first."""
    sql = "SELECT id, sha256, imported_by, imported_at, revision_of FROM articles"
    if article_ids is None:
        return list(db.query(sql + " ORDER BY imported_at, id"))
    out: list[dict[str, Any]] = []
    for chunk in chunks(list(article_ids)):
        out.extend(db.query(sql + f" WHERE id IN ({_marks(chunk)})", list(chunk)))
    return sorted(out, key=lambda r: (r["imported_at"], r["id"]))


def article_ids_by_sha(db: Database, shas: Sequence[str]) -> dict[str, str]:
    """sha256 -> article id, for those of ``shas`` this workspace holds."""
    out: dict[str, str] = {}
    for chunk in chunks(list(shas)):
        for row in db.query(f"SELECT id, sha256 FROM articles WHERE sha256 IN ({_marks(chunk)})",
                            list(chunk)):
            out[row["sha256"]] = row["id"]
    return out


def has_table(db: Database, name: str) -> bool:
    """True if the workspace has this table (another workspace may be of an older
    schema: no ``review_rejections`` before m006, no ``merge_conflicts`` before m005)."""
    return bool(list(db.query(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name])))


def _column_names(db: Database, table: str) -> set[str]:
    return {row[1] for row in db.execute(f"PRAGMA table_info({table})").fetchall()}


def existing_ids(db: Database, table: str, ids: Iterable[str]) -> set[str]:
    """Which of ``ids`` are primary keys of ``table`` (one of the UUID-keyed tables)."""
    if table not in {"articles", "claims", "sources", "editors", "evidence", "merge_conflicts"}:
        raise ValueError(f"not a UUID-keyed table: {table}")
    found: set[str] = set()
    for chunk in chunks(list(ids)):
        found.update(row["id"] for row in db.query(
            f"SELECT id FROM {table} WHERE id IN ({_marks(chunk)})", list(chunk)))
    return found


# --- statuses --------------------------------------------------------------------------------
def insert_status(db: Database, status: Status, *, editor_id: str | None, action: str) -> None:
    """Add a status (id as given) and audit it."""
    db.execute(
        "INSERT INTO statuses (id, label_ar, label_en, color, rating_value, position) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (status.id, status.label_ar, status.label_en, status.color, status.rating_value,
         status.position),
    )
    audit.record(db, editor_id=editor_id, action=action, entity="status", entity_id=status.id,
                 before=None, after=asdict(status))


def overwrite_status(db: Database, status: Status) -> None:
    """Insert or replace a status's labels, colour, rating and position (pack: a new
    workspace takes the statuses its claims use as the packing workspace defines them)."""
    db.execute(
        "INSERT INTO statuses (id, label_ar, label_en, color, rating_value, position) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET label_ar = excluded.label_ar, "
        "label_en = excluded.label_en, color = excluded.color, "
        "rating_value = excluded.rating_value, position = excluded.position",
        (status.id, status.label_ar, status.label_en, status.color, status.rating_value,
         status.position),
    )


def used_status_ids(db: Database, article_ids: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for chunk in chunks(list(article_ids)):
        out.update(row["status_id"] for row in db.query(
            f"SELECT DISTINCT status_id FROM claims WHERE article_id IN ({_marks(chunk)})",
            list(chunk)))
    return out


# --- editors ---------------------------------------------------------------------------------
def list_editors(db: Database) -> list[Editor]:
    return [Editor(**row) for row in db.query(
        "SELECT id, name, initials, color FROM editors ORDER BY name")]


def insert_editor(db: Database, editor: Editor, *, audit_editor_id: str | None,
                  action: str) -> None:
    """Add an editor (id as given) and audit it (``audit_editor_id`` None: the new editor
    records their own arrival, as :func:`catalog.ensure_editor` does)."""
    db.execute(
        "INSERT INTO editors (id, name, initials, color, created_at) VALUES (?, ?, ?, ?, ?)",
        (editor.id, editor.name, editor.initials, editor.color, utc_now()),
    )
    audit.record(db, editor_id=audit_editor_id or editor.id, action=action, entity="editor",
                 entity_id=editor.id, before=None,
                 after={"name": editor.name, "initials": editor.initials})


# --- sources ---------------------------------------------------------------------------------
def source_alias_owners(db: Database) -> dict[str, set[str]]:
    """Normalised spelling -> ids of the sources it names (aliases and both names)."""
    owners: dict[str, set[str]] = {}
    for row in db.query("SELECT source_id, alias_norm FROM source_aliases"):
        owners.setdefault(row["alias_norm"], set()).add(row["source_id"])
    for row in db.query("SELECT id, name_ar, name_en FROM sources"):
        for name in (row["name_ar"], row["name_en"]):
            if name and name.strip():
                owners.setdefault(normalize_for_search(name), set()).add(row["id"])
    return owners


def add_source_alias(db: Database, source_id: str, alias: str) -> bool:
    """Attach ``alias`` to a source unless it has it already; True if a row was added."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO source_aliases (source_id, alias, alias_norm) VALUES (?, ?, ?)",
        (source_id, alias, normalize_for_search(alias)),
    )
    return bool(cursor.rowcount)


def source_details(db: Database) -> dict[str, dict[str, Any]]:
    """Source id -> ``name_ar, name_en, kind, note, url`` of every source (the fields a
    merge fast-forwards). A workspace from before m004 has no note and URL: ``''`` and
    None, as m004 gives such sources."""
    columns = _column_names(db, "sources")
    note = "note" if "note" in columns else "'' AS note"
    url = "url" if "url" in columns else "NULL AS url"
    return {row["id"]: {k: row[k] for k in ("name_ar", "name_en", "kind", "note", "url")}
            for row in db.query(f"SELECT id, name_ar, name_en, kind, {note}, {url} "
                                "FROM sources")}


def insert_source(db: Database, source: Source, *, note: str, url: str | None,
                  editor_id: str | None, action: str) -> None:
    """Add a source with its id, names, kind, aliases, note and URL, audited as
    :func:`storage.taxonomy_store.insert_source` does (the full view, so a later merge
    reads this version from the history)."""
    taxonomy_store.insert_source(
        db, name_ar=source.name_ar, name_en=source.name_en, kind=source.kind,
        aliases=source.aliases, note=note, url=url, source_id=source.id,
        editor_id=editor_id, action=action)


def update_source(db: Database, source_id: str, changes: Mapping[str, Any], *,
                  editor_id: str | None, action: str) -> None:
    """Set some of ``name_ar, name_en, kind, note, url`` of a source (new names become
    aliases too, the old ones stay) and audit it with the full view before and after."""
    taxonomy_store.update_source(db, source_id, dict(changes), editor_id=editor_id,
                                 action=action)


def used_source_ids(db: Database, article_ids: Sequence[str]) -> set[str]:
    out: set[str] = set()
    for chunk in chunks(list(article_ids)):
        out.update(row["source_id"] for row in db.query(
            "SELECT DISTINCT cs.source_id FROM claim_sources cs JOIN claims c ON c.id = "
            f"cs.claim_id WHERE c.article_id IN ({_marks(chunk)})", list(chunk)))
    return out


def delete_unused_sources(db: Database) -> int:
    """Remove every source no claim links (a new pack starts without the default list)."""
    return int(db.execute(
        "DELETE FROM sources WHERE id NOT IN (SELECT source_id FROM claim_sources)").rowcount)


# --- claims ----------------------------------------------------------------------------------
def claim_ids(db: Database, article_ids: Sequence[str] | None = None) -> list[str]:
    """Ids of all claims (or of these articles' claims), sorted."""
    if article_ids is None:
        return [row["id"] for row in db.query("SELECT id FROM claims ORDER BY id")]
    out: list[str] = []
    for chunk in chunks(list(article_ids)):
        out.extend(row["id"] for row in db.query(
            f"SELECT id FROM claims WHERE article_id IN ({_marks(chunk)})", list(chunk)))
    return sorted(out)


def claims_by_ids(db: Database, ids: Sequence[str]) -> dict[str, Claim]:
    """The claims with these ids (unknown ids left out), with their source links (in order)
    and evidence (oldest first). At most :data:`CHUNK` ids per call is cheapest."""
    result: dict[str, Claim] = {}
    columns = _claim_columns(db)
    for chunk in chunks(list(ids)):
        rows = list(db.query(
            f"SELECT {columns} FROM claims WHERE id IN ({_marks(chunk)})", list(chunk)))
        if not rows:
            continue
        found = [row["id"] for row in rows]
        marks = _marks(found)
        links: dict[str, list[ClaimSource]] = {}
        for row in db.query(
            "SELECT cs.claim_id, cs.source_id, cs.role, s.name_ar, s.name_en "
            "FROM claim_sources cs JOIN sources s ON s.id = cs.source_id "
            f"WHERE cs.claim_id IN ({marks}) ORDER BY cs.claim_id, cs.position", found,
        ):
            links.setdefault(row["claim_id"], []).append(ClaimSource(
                row["source_id"], SourceRole(row["role"]), row["name_ar"], row["name_en"]))
        evidence: dict[str, list[Evidence]] = {}
        for row in db.query(
            f"SELECT id, claim_id, url, title FROM evidence WHERE claim_id IN ({marks}) "
            "ORDER BY added_at, id", found,
        ):
            evidence.setdefault(row["claim_id"], []).append(
                Evidence(row["id"], row["url"], row["title"]))
        for row in rows:
            result[row["id"]] = Claim(**row, sources=tuple(links.get(row["id"], ())),
                                      evidence=tuple(evidence.get(row["id"], ())))
    return result


def evidence_meta(db: Database, claim_ids_: Sequence[str]) -> dict[str, tuple[str | None, str]]:
    """Evidence id -> (added_by, added_at) for these claims' evidence."""
    out: dict[str, tuple[str | None, str]] = {}
    for chunk in chunks(list(claim_ids_)):
        for row in db.query(
            f"SELECT id, added_by, added_at FROM evidence WHERE claim_id IN ({_marks(chunk)})",
            list(chunk),
        ):
            out[row["id"]] = (row["added_by"], row["added_at"])
    return out


def set_evidence_meta(db: Database, evidence_id: str, added_by: str | None,
                      added_at: str) -> None:
    """Keep who added an evidence link and when, as the other workspace recorded it
    (``claims.insert_claim`` stamps the inserting editor and the claim's time)."""
    db.execute("UPDATE evidence SET added_by = ?, added_at = ? WHERE id = ?",
               (added_by, added_at, evidence_id))


def overwrite_claim(db: Database, claim: Claim, *, editor_id: str | None, action: str,
                    evidence_meta_: dict[str, tuple[str | None, str]] | None = None,
                    audit_view: Any = None) -> Claim:
    """Make the stored claim ``claim.id`` exactly ``claim`` (span, text fields, status,
    ``updated_by``/``updated_at``, source links in order, evidence with its ids), reindex it
    and write one audit row by ``editor_id``. Returns the claim as it was before. The
    database's quote trigger still checks the span. Caller holds the transaction.

    ``audit_view`` turns a claim into its audit JSON (:func:`claim_view` by default, the
    same shape as ``storage.claims`` writes)."""
    view = audit_view or claim_view
    before = claims_by_ids(db, [claim.id]).get(claim.id)
    if before is None:
        raise NotFound(f"no claim with id {claim.id}")
    db.execute(
        'UPDATE claims SET article_id = ?, start = ?, "end" = ?, quote = ?, prefix = ?, '
        "suffix = ?, note = ?, wording = ?, status_id = ?, updated_by = ?, updated_at = ? "
        "WHERE id = ?",
        (claim.article_id, claim.start, claim.end, claim.quote, claim.prefix, claim.suffix,
         claim.note, claim.wording, claim.status_id, claim.updated_by, claim.updated_at,
         claim.id),
    )
    db.execute("DELETE FROM claim_sources WHERE claim_id = ?", (claim.id,))
    for position, link in enumerate(claim.sources):
        db.execute(
            "INSERT INTO claim_sources (claim_id, source_id, role, position) VALUES (?, ?, ?, ?)",
            (claim.id, link.source_id, str(link.role), position),
        )
    db.execute("DELETE FROM evidence WHERE claim_id = ?", (claim.id,))
    meta = evidence_meta_ or {}
    for item in claim.evidence:
        added_by, added_at = meta.get(item.id, (claim.updated_by, claim.updated_at))
        db.execute(
            "INSERT INTO evidence (id, claim_id, url, title, added_by, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (item.id, claim.id, item.url, item.title, added_by, added_at),
        )
    search_index.index_claim(db, claim.id, claim.article_id, claim.quote, claim.note,
                             claim.wording)
    audit.record(db, editor_id=editor_id, action=action, entity="claim", entity_id=claim.id,
                 before=view(before), after=view(claim))
    return before


# --- audit log -------------------------------------------------------------------------------
def audit_rows(db: Database, entity: str, entity_ids: Sequence[str]
               ) -> dict[str, list[dict[str, Any]]]:
    """Audit rows of these entities, oldest first, JSON left as stored (text)."""
    out: dict[str, list[dict[str, Any]]] = {}
    for chunk in chunks(list(entity_ids)):
        for row in db.query(
            "SELECT id, at, editor_id, action, entity, entity_id, before, after FROM audit_log "
            f"WHERE entity = ? AND entity_id IN ({_marks(chunk)}) ORDER BY id",
            [entity, *chunk],
        ):
            out.setdefault(row["entity_id"], []).append(row)
    return out


def audited_ids(db: Database, entity: str) -> list[str]:
    """Ids of every entity of this kind the audit log has rows for, sorted."""
    return [row["entity_id"] for row in db.query(
        "SELECT DISTINCT entity_id FROM audit_log WHERE entity = ? ORDER BY entity_id",
        [entity])]


def insert_audit_rows(db: Database, rows: Iterable[Sequence[Any]]) -> int:
    """Append history rows ``(at, editor_id, action, entity, entity_id, before, after)``
    exactly as given (JSON as text); returns how many."""
    cursor = db.conn.executemany(
        "INSERT INTO audit_log (at, editor_id, action, entity, entity_id, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        list(rows),
    )
    return int(cursor.rowcount)


def deleted_claim_ids(db: Database) -> list[str]:
    """Claims this workspace's log shows were deleted (latest row has no ``after``) and that
    are not in ``claims``: the deletions a merge may carry over. Sorted."""
    return [row["entity_id"] for row in db.query(
        "SELECT a.entity_id FROM audit_log a JOIN (SELECT entity_id, max(id) AS last "
        "FROM audit_log WHERE entity = 'claim' GROUP BY entity_id) l ON l.last = a.id "
        "WHERE a.after IS NULL AND a.entity_id NOT IN (SELECT id FROM claims) "
        "ORDER BY a.entity_id")]


# --- the adjudicator's rejections (m006) -----------------------------------------------------
_REJECTION_COLUMNS = "claim_id, article_id, decided_by, decided_at"


def rejection_rows(db: Database, article_ids: Sequence[str] | None = None
                   ) -> dict[str, dict[str, Any]]:
    """Claim id -> ``claim_id, article_id, decided_by, decided_at`` of every rejection (or
    of these articles' claims); empty for a workspace from before m006 (no table)."""
    if not has_table(db, "review_rejections"):
        return {}
    sql = f"SELECT {_REJECTION_COLUMNS} FROM review_rejections"
    if article_ids is None:
        return {row["claim_id"]: row for row in db.query(sql)}
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunks(list(article_ids)):
        out.update((row["claim_id"], row) for row in db.query(
            sql + f" WHERE article_id IN ({_marks(chunk)})", list(chunk)))
    return out


def claim_layers(db: Database, claim_ids_: Sequence[str]) -> dict[str, str]:
    """Claim id -> layer (``editor`` or ``reviewed``) of those of these claims that exist."""
    columns = "id, layer" if "layer" in _column_names(db, "claims") else "id, 'editor' AS layer"
    out: dict[str, str] = {}
    for chunk in chunks(list(claim_ids_)):
        out.update((row["id"], row["layer"]) for row in db.query(
            f"SELECT {columns} FROM claims WHERE id IN ({_marks(chunk)})", list(chunk)))
    return out


def rejections_of_claims(db: Database, claim_ids_: Sequence[str]
                         ) -> dict[str, dict[str, Any]]:
    """Claim id -> rejection row, for those of these claims that are rejected."""
    if not has_table(db, "review_rejections"):
        return {}
    out: dict[str, dict[str, Any]] = {}
    for chunk in chunks(list(claim_ids_)):
        out.update((row["claim_id"], row) for row in db.query(
            f"SELECT {_REJECTION_COLUMNS} FROM review_rejections "
            f"WHERE claim_id IN ({_marks(chunk)})", list(chunk)))
    return out


def insert_rejection(db: Database, claim_id: str, *, decided_by: str | None,
                     decided_at: str, editor_id: str | None, action: str) -> bool:
    """Reject an editor's claim as another workspace decided it (``decided_by`` and
    ``decided_at`` kept), unless it is rejected already or is not an editor's claim here;
    True if a row was added, with one audit row by ``editor_id`` shaped like
    ``storage.review_store``'s (``decided_at`` identifies the decision across workspaces).
    The article is the claim's own here. Caller holds the transaction."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO review_rejections (claim_id, article_id, decided_by, "
        "decided_at) SELECT id, article_id, ?, ? FROM claims WHERE id = ? "
        "AND layer = 'editor'",
        (decided_by, decided_at, claim_id),
    )
    if not cursor.rowcount:
        return False
    article_id = db.execute("SELECT article_id FROM review_rejections WHERE claim_id = ?",
                            (claim_id,)).fetchone()[0]
    audit.record(db, editor_id=editor_id, action=action, entity="review_rejection",
                 entity_id=claim_id, before=None,
                 after={"article_id": article_id, "decided_at": decided_at})
    return True


def delete_rejection(db: Database, claim_id: str, *, editor_id: str | None,
                     action: str) -> bool:
    """Withdraw a rejection (another workspace withdrew the same decision); True if there
    was one, with one audit row as ``storage.review_store`` writes for a withdrawal.
    Caller holds the transaction."""
    row = db.execute("SELECT article_id, decided_at FROM review_rejections "
                     "WHERE claim_id = ?", (claim_id,)).fetchone()
    if row is None:
        return False
    db.execute("DELETE FROM review_rejections WHERE claim_id = ?", (claim_id,))
    audit.record(db, editor_id=editor_id, action=action, entity="review_rejection",
                 entity_id=claim_id, before={"article_id": row[0], "decided_at": row[1]},
                 after=None)
    return True


# --- suggestions editors rejected (m004) -----------------------------------------------------
_SUGGESTION_REJECTION_COLUMNS = (
    'article_id, fingerprint, start, "end", quote, rejected_by, rejected_at')


def suggestion_rejection_rows(db: Database, article_ids: Sequence[str]
                              ) -> dict[tuple[str, str], dict[str, Any]]:
    """(article id, fingerprint) -> ``article_id, fingerprint, start, end, quote,
    rejected_by, rejected_at`` of the suggestions rejected in these articles; empty for a
    workspace from before m004 (no ``suggestion_rejections`` table)."""
    if not has_table(db, "suggestion_rejections"):
        return {}
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for chunk in chunks(list(article_ids)):
        out.update(((row["article_id"], row["fingerprint"]), row) for row in db.query(
            f"SELECT {_SUGGESTION_REJECTION_COLUMNS} FROM suggestion_rejections "
            f"WHERE article_id IN ({_marks(chunk)})", list(chunk)))
    return out


def insert_suggestion_rejection(db: Database, *, article_id: str, fingerprint: str,
                                start: int, end: int, quote: str, rejected_by: str | None,
                                rejected_at: str, editor_id: str | None, action: str) -> bool:
    """Remember a rejected suggestion as another workspace recorded it (who rejected it and
    when kept), unless this article has it already; True if a row was added, with one audit
    row (entity ``article``, as ``storage.taxonomy_store`` writes for a rejection) by
    ``editor_id``. Its ``after`` is the whole row: ``rejected_at`` names the decision in
    every workspace (``taxonomy_store``'s own rows do not record it). The article text is
    the same on both sides (matched by sha256), so the span and quote still agree. Caller
    holds the transaction."""
    cursor = db.execute(
        'INSERT OR IGNORE INTO suggestion_rejections (article_id, fingerprint, start, "end", '
        "quote, rejected_by, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (article_id, fingerprint, start, end, quote, rejected_by, rejected_at),
    )
    if not cursor.rowcount:
        return False
    audit.record(db, editor_id=editor_id, action=action, entity="article",
                 entity_id=article_id, before=None,
                 after={"article_id": article_id, "fingerprint": fingerprint, "start": start,
                        "end": end, "quote": quote, "rejected_by": rejected_by,
                        "rejected_at": rejected_at})
    return True


def delete_suggestion_rejection(db: Database, article_id: str, fingerprint: str, *,
                                editor_id: str | None, action: str) -> bool:
    """Forget a rejected suggestion (another workspace withdrew the same decision); True if
    there was one, with one audit row shaped as ``storage.taxonomy_store`` writes for a
    withdrawal (``before``: the whole row). Caller holds the transaction."""
    rows = list(db.query(
        f"SELECT {_SUGGESTION_REJECTION_COLUMNS} FROM suggestion_rejections "
        "WHERE article_id = ? AND fingerprint = ?", [article_id, fingerprint]))
    if not rows:
        return False
    db.execute("DELETE FROM suggestion_rejections WHERE article_id = ? AND fingerprint = ?",
               (article_id, fingerprint))
    audit.record(db, editor_id=editor_id, action=action, entity="article",
                 entity_id=article_id, before=rows[0], after=None)
    return True


# --- conflicts -------------------------------------------------------------------------------
def known_conflict(db: Database, claim_id: str, other_version: str) -> bool:
    return bool(list(db.query(
        "SELECT 1 FROM merge_conflicts WHERE claim_id = ? AND other_version = ?",
        [claim_id, other_version])))


def insert_conflict(db: Database, *, conflict_id: str, claim_id: str,
                    other_claim_id: str | None, kind: str, other_version: str,
                    other_workspace: str, other_editor: str | None, detected_by: str | None,
                    ) -> None:
    now = utc_now()
    db.execute(
        "INSERT INTO merge_conflicts (id, claim_id, other_claim_id, kind, other_version, "
        "other_workspace, other_editor, detected_at, detected_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (conflict_id, claim_id, other_claim_id, kind, other_version, other_workspace,
         other_editor, now, detected_by),
    )
    audit.record(db, editor_id=detected_by, action="merge_conflict", entity="merge_conflict",
                 entity_id=conflict_id, before=None,
                 after={"claim_id": claim_id, "other_claim_id": other_claim_id, "kind": kind,
                        "other_workspace": other_workspace, "other_editor": other_editor})


def find_conflict(db: Database, claim_id: str, other_versions: Iterable[str],
                  other_claim_id: str | None) -> str | None:
    """Id of a recorded conflict (open or resolved) on ``claim_id`` with one of these
    versions, or whose conflict copy is ``other_claim_id``; None if there is none."""
    versions = sorted(set(other_versions))
    sql = (f"SELECT id FROM merge_conflicts WHERE (claim_id = ? AND other_version IN "
           f"({_marks(versions)}))")
    params: list[Any] = [claim_id, *versions]
    if other_claim_id is not None:
        sql += " OR other_claim_id = ?"
        params.append(other_claim_id)
    rows = list(db.query(sql + " ORDER BY detected_at, id LIMIT 1", params))
    return rows[0]["id"] if rows else None


def import_conflict(db: Database, *, conflict_id: str, claim_id: str,
                    other_claim_id: str | None, kind: str, other_version: str,
                    other_workspace: str, other_editor: str | None, detected_at: str,
                    detected_by: str | None, editor_id: str | None, action: str) -> None:
    """Record, open, a conflict another workspace found (when and by whom it was found
    kept), with one audit row by ``editor_id`` (who imported it). Caller holds the
    transaction; the ``UNIQUE (claim_id, other_version)`` rule still holds."""
    db.execute(
        "INSERT INTO merge_conflicts (id, claim_id, other_claim_id, kind, other_version, "
        "other_workspace, other_editor, detected_at, detected_by) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (conflict_id, claim_id, other_claim_id, kind, other_version, other_workspace,
         other_editor, detected_at, detected_by),
    )
    audit.record(db, editor_id=editor_id, action=action, entity="merge_conflict",
                 entity_id=conflict_id, before=None,
                 after={"claim_id": claim_id, "other_claim_id": other_claim_id, "kind": kind,
                        "other_workspace": other_workspace, "other_editor": other_editor,
                        "detected_at": detected_at})


def list_conflicts(db: Database, *, include_resolved: bool = False) -> list[dict[str, Any]]:
    """Conflict rows, oldest first (none if the table does not exist yet)."""
    if not has_conflicts_table(db):
        return []
    sql = "SELECT * FROM merge_conflicts"
    if not include_resolved:
        sql += " WHERE resolved = 0"
    return list(db.query(sql + " ORDER BY detected_at, id"))


def get_conflict(db: Database, conflict_id: str) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM merge_conflicts WHERE id = ? OR id LIKE ? LIMIT 2",
                         [conflict_id, conflict_id.replace("%", "").replace("_", "") + "%"]
                         )) if has_conflicts_table(db) else []
    if len(rows) != 1:
        raise NotFound(f"no merge conflict with id {conflict_id}"
                       + (" (ambiguous prefix)" if len(rows) > 1 else ""))
    return rows[0]


def set_conflict_resolved(db: Database, conflict_id: str, *, resolved: bool,
                          resolution: str | None, editor_id: str | None) -> None:
    before = get_conflict(db, conflict_id)
    now = utc_now() if resolved else None
    db.execute(
        "UPDATE merge_conflicts SET resolved = ?, resolved_at = ?, resolved_by = ?, "
        "resolution = ? WHERE id = ?",
        (int(resolved), now, editor_id if resolved else None, resolution, before["id"]),
    )
    audit.record(db, editor_id=editor_id, action="resolve_conflict" if resolved else
                 "reopen_conflict", entity="merge_conflict", entity_id=before["id"],
                 before={"resolved": bool(before["resolved"]),
                         "resolution": before["resolution"]},
                 after={"resolved": resolved, "resolution": resolution})


def record_source_conflict(db: Database, *, conflict_id: str, source_id: str,
                           their_fields: Mapping[str, Any], other_version: str,
                           other_workspace: str, detected_by: str | None) -> bool:
    """Record their version of a source changed on both sides; False (nothing written) when
    this version of it was recorded before, resolved or not. Caller holds the
    transaction; one audit row when recorded."""
    inserted = db.execute(
        "INSERT OR IGNORE INTO source_conflicts (id, source_id, their_fields, other_version, "
        "other_workspace, detected_at, detected_by) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (conflict_id, source_id, json.dumps(dict(their_fields), ensure_ascii=False),
         other_version, other_workspace, utc_now(), detected_by),
    ).rowcount
    if inserted:
        audit.record(db, editor_id=detected_by, action="source_conflict",
                     entity="source_conflict", entity_id=conflict_id, before=None,
                     after={"source_id": source_id, "theirs": dict(their_fields),
                            "other_workspace": other_workspace})
        # A newer version from the same workspace replaces the one still listed.
        for row in db.query(
                "SELECT id FROM source_conflicts WHERE source_id = ? AND other_workspace = ? "
                "AND resolved = 0 AND id != ?", [source_id, other_workspace, conflict_id]):
            set_source_conflict_resolved(db, row["id"], resolved=True,
                                         resolution="superseded", editor_id=detected_by)
    return bool(inserted)


def _source_conflict_row(row: dict[str, Any]) -> dict[str, Any]:
    return {**row, "their_fields": json.loads(row["their_fields"])}


def list_source_conflicts(db: Database, *, include_resolved: bool = False
                          ) -> list[dict[str, Any]]:
    """Source conflict rows (``their_fields`` parsed), oldest first."""
    sql = "SELECT * FROM source_conflicts"
    if not include_resolved:
        sql += " WHERE resolved = 0"
    return [_source_conflict_row(r) for r in db.query(sql + " ORDER BY detected_at, id")]


def find_source_conflict(db: Database, conflict_id: str) -> dict[str, Any] | None:
    """The source conflict with this id or unique id prefix; None when there is none.
    Raises NotFound for an ambiguous prefix."""
    rows = list(db.query(
        "SELECT * FROM source_conflicts WHERE id = ? OR id LIKE ? LIMIT 2",
        [conflict_id, conflict_id.replace("%", "").replace("_", "") + "%"]))
    if len(rows) > 1:
        raise NotFound(f"no merge conflict with id {conflict_id} (ambiguous prefix)")
    return _source_conflict_row(rows[0]) if rows else None


def set_source_conflict_resolved(db: Database, conflict_id: str, *, resolved: bool,
                                 resolution: str | None, editor_id: str | None) -> None:
    before = find_source_conflict(db, conflict_id)
    if before is None:
        raise NotFound(f"no merge conflict with id {conflict_id}")
    db.execute(
        "UPDATE source_conflicts SET resolved = ?, resolved_at = ?, resolved_by = ?, "
        "resolution = ? WHERE id = ?",
        (int(resolved), utc_now() if resolved else None, editor_id if resolved else None,
         resolution, before["id"]),
    )
    audit.record(db, editor_id=editor_id, action="resolve_conflict" if resolved else
                 "reopen_conflict", entity="source_conflict", entity_id=before["id"],
                 before={"resolved": bool(before["resolved"]),
                         "resolution": before["resolution"]},
                 after={"resolved": resolved, "resolution": resolution})


def open_conflict_copy_ids(db: Database) -> set[str]:
    """Ids of conflict copies whose conflict is not resolved (not an editor's own
    annotation: agreement and progress leave them out)."""
    if not has_conflicts_table(db):
        return set()
    return {row["other_claim_id"] for row in db.query(
        "SELECT other_claim_id FROM merge_conflicts WHERE resolved = 0 "
        "AND other_claim_id IS NOT NULL")}


# --- agreement and progress read-outs --------------------------------------------------------
def editor_ids_by_name(db: Database, names: Sequence[str]) -> dict[str, str]:
    """name -> id for those of ``names`` that are editors here."""
    out: dict[str, str] = {}
    for chunk in chunks(list(names)):
        for row in db.query(f"SELECT id, name FROM editors WHERE name IN ({_marks(chunk)})",
                            list(chunk)):
            out[row["name"]] = row["id"]
    return out


def claim_creators(db: Database) -> list[dict[str, Any]]:
    """``created_by, n`` for every editor who created claims, most claims first."""
    return list(db.query(
        "SELECT created_by, count(*) AS n FROM claims WHERE created_by IS NOT NULL "
        "AND layer = 'editor' "
        "GROUP BY created_by ORDER BY n DESC, created_by"))


def articles_with_claims_by(db: Database, editor_ids: Sequence[str]) -> dict[str, set[str]]:
    """editor id -> ids of the articles where that editor created claims."""
    out: dict[str, set[str]] = {e: set() for e in editor_ids}
    for chunk in chunks(list(editor_ids)):
        for row in db.query(
            "SELECT DISTINCT created_by, article_id FROM claims "
            f"WHERE created_by IN ({_marks(chunk)}) AND layer = 'editor'", list(chunk),
        ):
            out[row["created_by"]].add(row["article_id"])
    return out


def claim_rows_for_agreement(db: Database, article_ids: Sequence[str],
                             editor_ids: Sequence[str]) -> list[dict[str, Any]]:
    """``id, article_id, start, end, status_id, created_by, sources`` (a sorted list of
    ``role:source_id``) of these editors' claims in these articles."""
    out: list[dict[str, Any]] = []
    editors = list(editor_ids)
    for chunk in chunks(list(article_ids), CHUNK - len(editors)):
        rows = list(db.query(
            f'SELECT id, article_id, start, "end", status_id, created_by FROM claims '
            f"WHERE article_id IN ({_marks(chunk)}) AND created_by IN ({_marks(editors)}) "
            "AND layer = 'editor' "
            'ORDER BY article_id, start, "end", id',
            [*chunk, *editors],
        ))
        ids = [row["id"] for row in rows]
        links: dict[str, list[str]] = {}
        for id_chunk in chunks(ids):
            for link in db.query(
                "SELECT claim_id, role, source_id FROM claim_sources "
                f"WHERE claim_id IN ({_marks(id_chunk)})", list(id_chunk),
            ):
                links.setdefault(link["claim_id"], []).append(
                    f"{link['role']}:{link['source_id']}")
        for row in rows:
            row["sources"] = sorted(links.get(row["id"], []))
            out.append(row)
    return out


def article_titles(db: Database, article_ids: Sequence[str] | None = None) -> dict[str, str]:
    """article id -> title, for all articles (or these), in library order."""
    if article_ids is None:
        return {row["id"]: row["title"] for row in db.query(
            "SELECT id, title FROM articles ORDER BY imported_at DESC, title")}
    out: dict[str, str] = {}
    for chunk in chunks(list(article_ids)):
        out.update((row["id"], row["title"]) for row in db.query(
            f"SELECT id, title FROM articles WHERE id IN ({_marks(chunk)})", list(chunk)))
    return out


def progress_counts(db: Database) -> list[dict[str, Any]]:
    """One row per (editor, article, status, how): ``editor_id, article_id, status_id,
    how, n, last`` where ``how`` is ``created`` (claims the editor created) or ``changed``
    (claims another editor created and this one last changed); ``last`` is the latest
    ``updated_at`` among them. Conflict copies of open merge conflicts are left out."""
    skip = " AND layer = 'editor'"  # the adjudicator's reviewed layer is not annotation work
    if has_conflicts_table(db):
        skip += (" AND id NOT IN (SELECT other_claim_id FROM merge_conflicts "
                "WHERE resolved = 0 AND other_claim_id IS NOT NULL)")
    return list(db.query(
        "SELECT created_by AS editor_id, article_id, status_id, 'created' AS how, "
        "count(*) AS n, max(updated_at) AS last FROM claims WHERE created_by IS NOT NULL"
        f"{skip} GROUP BY created_by, article_id, status_id "
        "UNION ALL "
        "SELECT updated_by, article_id, status_id, 'changed', count(*), max(updated_at) "
        f"FROM claims WHERE updated_by IS NOT NULL AND created_by IS NOT updated_by{skip} "
        "GROUP BY updated_by, article_id, status_id"))


# --- bulk loading (benchmarks, large packs) --------------------------------------------------
def bulk_insert_articles(db: Database, rows: Sequence[Article], *,
                         editor_id: str | None) -> None:
    """Insert many articles as :func:`storage.articles.insert_article` would (row, search
    index, one audit row each), with ``executemany``. Caller holds the transaction."""
    records = []
    for article in rows:
        row = asdict(article)
        row["length"] = len(article.text)
        row["imported_by"] = editor_id
        records.append(row)
    if not records:
        return
    columns = list(records[0])
    db.conn.executemany(
        f"INSERT INTO articles ({', '.join(columns)}, simple_text_key) "
        f"VALUES ({_marks(columns)}, ?)",
        [[*(r[c] for c in columns), simple_text_key(r["text"])] for r in records],
    )
    search_index.index_articles(db, list(rows))
    now = utc_now()
    insert_audit_rows(db, (
        (now, editor_id, "import_article", "article", r["id"], None,
         dumps({k: v for k, v in r.items() if k != "text"}))
        for r in records
    ))


def bulk_insert_claims(db: Database, rows: Sequence[Claim], *, editor_id: str | None,
                       action: str,
                       evidence_meta: Mapping[str, tuple[str | None, str]] | None = None
                       ) -> None:
    """Insert many new claims as :func:`storage.claims.insert_claim` would, one by one:
    row, source links (in order), evidence, search index entry (same normalised body,
    ``search_fts`` + ``search_refs``), one audit row by ``editor_id`` with ``action`` and the
    same JSON; but with ``executemany``. The quote trigger checks every span. Evidence gets
    ``added_by``/``added_at`` from ``evidence_meta`` (evidence id -> pair) where given,
    else ``editor_id`` and the claim's ``updated_at``. Caller holds the transaction."""
    if not rows:
        return
    conn = db.conn
    meta = evidence_meta or {}
    conn.executemany(
        f"INSERT INTO claims ({_CLAIM_COLUMNS}) VALUES ({_marks(range(16))})",
        [(c.id, c.article_id, c.start, c.end, c.quote, c.prefix, c.suffix, c.note, c.wording,
          c.status_id, c.created_by, c.updated_by, c.created_at, c.updated_at, c.layer,
          c.reviewed_from) for c in rows],
    )
    conn.executemany(
        "INSERT INTO claim_sources (claim_id, source_id, role, position) VALUES (?, ?, ?, ?)",
        [(c.id, link.source_id, str(link.role), position)
         for c in rows for position, link in enumerate(c.sources)],
    )
    conn.executemany(
        "INSERT INTO evidence (id, claim_id, url, title, added_by, added_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [(e.id, c.id, e.url, e.title, *meta.get(e.id, (editor_id, c.updated_at)))
         for c in rows for e in c.evidence],
    )
    # The index as search_index.index_claim writes it, for claims that have no entry yet:
    # FTS rows numbered after the last one, and their references.
    row = conn.execute("SELECT rowid FROM search_fts ORDER BY rowid DESC LIMIT 1").fetchone()
    last = row[0] if row else 0
    conn.executemany(
        "INSERT INTO search_fts (rowid, body) VALUES (?, ?)",
        [(last + n, normalize_for_search(f"{c.quote}\n{c.note}\n{c.wording}"))
         for n, c in enumerate(rows, start=1)],
    )
    conn.executemany(
        "INSERT INTO search_refs (ref_id, kind, article_id, fts_rowid) VALUES (?, ?, ?, ?)",
        [(c.id, search_index.KIND_CLAIM, c.article_id, last + n)
         for n, c in enumerate(rows, start=1)],
    )
    now = utc_now()
    insert_audit_rows(db, ((now, editor_id, action, "claim", c.id, None, dumps(claim_view(c)))
                           for c in rows))
