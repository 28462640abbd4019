"""Taxonomy and suggestion bookkeeping: sources (note, URL, aliases, merge), statuses, and
rejected suggestions. The only SQL of ``services.taxonomy`` and ``services.suggesting``.

Contract: every writer runs inside the caller's transaction (``with db.atomic():``) and
records one audit row per entity it changes (``storage.audit.record``), so the log and the
data never disagree. Readers never write.

Schema: :func:`m004_source_note_url` (the named step ``m004_source_note_url`` of
``storage.migrations``) adds ``sources.note`` and ``sources.url`` and the table
``suggestion_rejections``. It is idempotent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotator.domain.errors import NotFound
from annotator.domain.models import Source, SourceKind, Status, new_id, utc_now
from annotator.storage import audit
from annotator.storage.schema_steps import m004_source_note_url  # noqa: F401  (its step)
from annotator.text.normalize import normalize_for_search

MIGRATION_NAME = "m004_source_note_url"

_STATUS_COLUMNS = ("label_ar", "label_en", "color", "rating_value", "position")
_SOURCE_COLUMNS = ("name_ar", "name_en", "kind", "note", "url")


# --- schema ----------------------------------------------------------------------------------




# --- sources ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceRecord:
    """A source with what the taxonomy screens show beside it.

    ``source.aliases`` holds every spelling stored for the source, its names included (they
    are what the matcher and ``find_source`` compare); ``extra_aliases`` the others."""

    source: Source
    note: str = ""
    url: str | None = None
    claim_count: int = 0

    @property
    def id(self) -> str:
        return self.source.id

    @property
    def extra_aliases(self) -> tuple[str, ...]:
        names = {
            normalize_for_search(self.source.name_ar), normalize_for_search(self.source.name_en)
        }
        return tuple(a for a in self.source.aliases if normalize_for_search(a) not in names)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.source.id,
            "name_ar": self.source.name_ar,
            "name_en": self.source.name_en,
            "kind": str(self.source.kind),
            "aliases": list(self.extra_aliases),
            "note": self.note,
            "url": self.url,
            "claim_count": self.claim_count,
        }


def _aliases(db: Database, source_ids: Sequence[str] | None = None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    sql = "SELECT source_id, alias FROM source_aliases"
    params: list[Any] = []
    if source_ids is not None:
        sql += f" WHERE source_id IN ({', '.join('?' for _ in source_ids)})"
        params = list(source_ids)
    for row in db.query(sql + " ORDER BY id", params):
        out.setdefault(row["source_id"], []).append(row["alias"])
    return out


def _records(db: Database, where: str = "", params: Sequence[Any] = ()) -> list[SourceRecord]:
    rows = list(
        db.query(
            "SELECT s.id, s.name_ar, s.name_en, s.kind, s.note, s.url, "
            "(SELECT COUNT(DISTINCT claim_id) FROM claim_sources cs WHERE cs.source_id = s.id) "
            "AS claim_count FROM sources s " + where + " ORDER BY s.name_en, s.name_ar, s.id",
            list(params),
        )
    )
    aliases = _aliases(db, [r["id"] for r in rows]) if rows else {}
    return [
        SourceRecord(
            Source(r["id"], r["name_ar"], r["name_en"], SourceKind(r["kind"]),
                   tuple(aliases.get(r["id"], ()))),
            r["note"] or "",
            r["url"],
            int(r["claim_count"]),
        )
        for r in rows
    ]


def list_source_records(db: Database) -> list[SourceRecord]:
    """Every source with note, URL, aliases and the number of claims linking it."""
    return _records(db)


def get_source_record(db: Database, source_id: str) -> SourceRecord:
    records = _records(db, "WHERE s.id = ?", [source_id])
    if not records:
        raise NotFound(f"no source with id {source_id}")
    return records[0]


def source_ids_with_prefix(db: Database, prefix: str) -> list[str]:
    """Ids equal to ``prefix`` or starting with it (at most two, enough to detect
    ambiguity)."""
    clean = prefix.replace("%", "").replace("_", "")
    return [
        row["id"] for row in db.query(
            "SELECT id FROM sources WHERE id = ? OR id LIKE ? ORDER BY id = ? DESC LIMIT 2",
            [prefix, clean + "%", prefix],
        )
    ]


def alias_owners(db: Database, alias: str) -> list[str]:
    """Ids of the sources one of whose spellings folds to the same key as ``alias``."""
    return [
        row["source_id"] for row in db.query(
            "SELECT DISTINCT source_id FROM source_aliases WHERE alias_norm = ? ORDER BY source_id",
            [normalize_for_search(alias)],
        )
    ]


def _add_alias_row(db: Database, source_id: str, alias: str) -> bool:
    cursor = db.execute(
        "INSERT OR IGNORE INTO source_aliases (source_id, alias, alias_norm) VALUES (?, ?, ?)",
        (source_id, alias, normalize_for_search(alias)),
    )
    return bool(cursor.rowcount)


def _audit_view(record: SourceRecord) -> dict[str, Any]:
    data = record.as_dict()
    data.pop("claim_count")
    data["aliases"] = list(record.source.aliases)
    return data


def insert_source(
    db: Database,
    *,
    name_ar: str,
    name_en: str,
    kind: SourceKind,
    aliases: Iterable[str] = (),
    note: str = "",
    url: str | None = None,
    source_id: str | None = None,
    editor_id: str | None,
    action: str = "create_source",
) -> SourceRecord:
    """Insert a source (its names are stored as aliases too) and audit it."""
    source_id = source_id or new_id()
    db.execute(
        "INSERT INTO sources (id, name_ar, name_en, kind, created_at, note, url) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (source_id, name_ar, name_en, kind.value, utc_now(), note, url),
    )
    for alias in (name_ar, name_en, *aliases):
        if alias.strip():
            _add_alias_row(db, source_id, alias.strip())
    record = get_source_record(db, source_id)
    audit.record(db, editor_id=editor_id, action=action, entity="source", entity_id=source_id,
                 before=None, after=_audit_view(record))
    return record


def update_source(
    db: Database,
    source_id: str,
    changes: dict[str, Any],
    *,
    editor_id: str | None,
    action: str,
) -> SourceRecord:
    """Set some of ``name_ar``, ``name_en``, ``kind``, ``note``, ``url``; new names are
    added as aliases (the old ones stay, so text that spells them still matches)."""
    unknown = set(changes) - set(_SOURCE_COLUMNS)
    if unknown:
        raise ValueError(f"not source columns: {sorted(unknown)}")
    before = get_source_record(db, source_id)
    if changes:
        sets = ", ".join(f"{column} = ?" for column in changes)
        values = [v.value if isinstance(v, SourceKind) else v for v in changes.values()]
        db.execute(f"UPDATE sources SET {sets} WHERE id = ?", [*values, source_id])
    for column in ("name_ar", "name_en"):
        value = changes.get(column)
        if isinstance(value, str) and value.strip():
            _add_alias_row(db, source_id, value.strip())
    after = get_source_record(db, source_id)
    audit.record(db, editor_id=editor_id, action=action, entity="source", entity_id=source_id,
                 before=_audit_view(before), after=_audit_view(after))
    return after


def add_aliases(
    db: Database, source_id: str, aliases: Iterable[str], *, editor_id: str | None
) -> list[str]:
    """Add spellings to a source; returns those that were new."""
    before = get_source_record(db, source_id)
    added = [a.strip() for a in aliases if a.strip() and _add_alias_row(db, source_id, a.strip())]
    if added:
        audit.record(db, editor_id=editor_id, action="add_source_alias", entity="source",
                     entity_id=source_id, before=_audit_view(before),
                     after=_audit_view(get_source_record(db, source_id)))
    return added


def remove_aliases(
    db: Database, source_id: str, aliases: Iterable[str], *, editor_id: str | None
) -> list[str]:
    """Remove spellings from a source (exact text); returns those that were removed."""
    before = get_source_record(db, source_id)
    removed = [
        a for a in aliases
        if db.execute(
            "DELETE FROM source_aliases WHERE source_id = ? AND alias = ?", (source_id, a)
        ).rowcount
    ]
    if removed:
        audit.record(db, editor_id=editor_id, action="remove_source_alias", entity="source",
                     entity_id=source_id, before=_audit_view(before),
                     after=_audit_view(get_source_record(db, source_id)))
    return removed


def _claim_links(db: Database, source_id: str) -> dict[str, list[dict[str, Any]]]:
    """Links of every claim that links ``source_id``, keyed by claim id, in order."""
    claim_ids = [
        r["claim_id"] for r in db.query(
            "SELECT DISTINCT claim_id FROM claim_sources WHERE source_id = ? ORDER BY claim_id",
            [source_id],
        )
    ]
    out: dict[str, list[dict[str, Any]]] = {}
    for claim_id in claim_ids:
        out[claim_id] = [
            {"source_id": r["source_id"], "role": r["role"]}
            for r in db.query(
                "SELECT source_id, role FROM claim_sources WHERE claim_id = ? ORDER BY position",
                [claim_id],
            )
        ]
    return out


@dataclass(frozen=True)
class MergeOutcome:
    """What a merge did: claims now linking the kept source, links dropped as duplicates
    (the claim already linked the kept source in that role), spellings moved."""

    kept: SourceRecord
    removed_id: str
    claims: tuple[str, ...]
    duplicate_links: int
    aliases_moved: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "kept": self.kept.as_dict(),
            "removed_id": self.removed_id,
            "claims": list(self.claims),
            "duplicate_links": self.duplicate_links,
            "aliases_moved": list(self.aliases_moved),
        }


def merge_sources(
    db: Database, keep_id: str, other_id: str, *, editor_id: str | None
) -> MergeOutcome:
    """Fold ``other_id`` into ``keep_id``: its claim links (same role, same position), its
    names and aliases, and its note and URL where the kept source has none; then delete it.
    Each affected claim, the kept source and the removed source get an audit row."""
    keep = get_source_record(db, keep_id)
    other = get_source_record(db, other_id)
    links_before = _claim_links(db, other_id)
    # Claims that link both in the same role keep their link to the kept source only.
    duplicates = db.execute(
        "DELETE FROM claim_sources WHERE source_id = ? AND EXISTS ("
        "SELECT 1 FROM claim_sources k WHERE k.claim_id = claim_sources.claim_id "
        "AND k.source_id = ? AND k.role = claim_sources.role)",
        (other_id, keep_id),
    ).rowcount
    db.execute("UPDATE claim_sources SET source_id = ? WHERE source_id = ?", (keep_id, other_id))
    moved = [
        alias for alias in other.source.aliases if _add_alias_row(db, keep_id, alias)
    ]
    fills: dict[str, Any] = {}
    if not keep.note and other.note:
        fills["note"] = other.note
    if not keep.url and other.url:
        fills["url"] = other.url
    if fills:
        sets = ", ".join(f"{column} = ?" for column in fills)
        db.execute(f"UPDATE sources SET {sets} WHERE id = ?", [*fills.values(), keep_id])
    db.execute("DELETE FROM sources WHERE id = ?", (other_id,))
    for claim_id, before in links_before.items():
        after = [
            {"source_id": r["source_id"], "role": r["role"]}
            for r in db.query(
                "SELECT source_id, role FROM claim_sources WHERE claim_id = ? ORDER BY position",
                [claim_id],
            )
        ]
        audit.record(db, editor_id=editor_id, action="merge_source", entity="claim",
                     entity_id=claim_id, before={"sources": before}, after={"sources": after})
    kept = get_source_record(db, keep_id)
    audit.record(db, editor_id=editor_id, action="merge_source", entity="source",
                 entity_id=keep_id, before=_audit_view(keep),
                 after={**_audit_view(kept), "merged_from": other_id})
    audit.record(db, editor_id=editor_id, action="merge_source", entity="source",
                 entity_id=other_id, before=_audit_view(other), after={"merged_into": keep_id})
    return MergeOutcome(kept, other_id, tuple(links_before), duplicates, tuple(moved))


# --- statuses --------------------------------------------------------------------------------
def get_status(db: Database, status_id: str) -> Status:
    rows = list(
        db.query(
            "SELECT id, label_ar, label_en, color, rating_value, position FROM statuses "
            "WHERE id = ?",
            [status_id],
        )
    )
    if not rows:
        raise NotFound(f"no status with id {status_id}")
    return Status(**rows[0])


def status_claim_counts(db: Database) -> dict[str, int]:
    return {
        r["status_id"]: int(r["n"])
        for r in db.query("SELECT status_id, COUNT(*) AS n FROM claims GROUP BY status_id")
    }


def _status_view(status: Status) -> dict[str, Any]:
    return {
        "id": status.id, "label_ar": status.label_ar, "label_en": status.label_en,
        "color": status.color, "rating_value": status.rating_value, "position": status.position,
    }


def insert_status(db: Database, status: Status, *, editor_id: str | None) -> Status:
    db.execute(
        "INSERT INTO statuses (id, label_ar, label_en, color, rating_value, position) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        (status.id, status.label_ar, status.label_en, status.color, status.rating_value,
         status.position),
    )
    audit.record(db, editor_id=editor_id, action="create_status", entity="status",
                 entity_id=status.id, before=None, after=_status_view(status))
    return status


def update_status(
    db: Database, status_id: str, changes: dict[str, Any], *, editor_id: str | None, action: str
) -> Status:
    """Set some of ``label_ar``, ``label_en``, ``color``, ``rating_value``, ``position``.
    The id never changes (it is in exported data)."""
    unknown = set(changes) - set(_STATUS_COLUMNS)
    if unknown:
        raise ValueError(f"not status columns: {sorted(unknown)}")
    before = get_status(db, status_id)
    if changes:
        sets = ", ".join(f"{column} = ?" for column in changes)
        db.execute(f"UPDATE statuses SET {sets} WHERE id = ?", [*changes.values(), status_id])
    after = get_status(db, status_id)
    if after != before:
        audit.record(db, editor_id=editor_id, action=action, entity="status",
                     entity_id=status_id, before=_status_view(before), after=_status_view(after))
    return after


# --- rejected suggestions --------------------------------------------------------------------
@dataclass(frozen=True)
class Rejection:
    """A suggested span an editor rejected in an article (code points, end exclusive)."""

    article_id: str
    fingerprint: str
    start: int
    end: int
    quote: str
    rejected_by: str | None
    rejected_at: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "article_id": self.article_id, "fingerprint": self.fingerprint,
            "start": self.start, "end": self.end, "quote": self.quote,
            "rejected_by": self.rejected_by, "rejected_at": self.rejected_at,
        }


def list_rejections(db: Database, article_id: str) -> list[Rejection]:
    return [
        Rejection(**row) for row in db.query(
            'SELECT article_id, fingerprint, start, "end", quote, rejected_by, rejected_at '
            'FROM suggestion_rejections WHERE article_id = ? ORDER BY start, "end"',
            [article_id],
        )
    ]


def insert_rejection(
    db: Database,
    *,
    article_id: str,
    fingerprint: str,
    start: int,
    end: int,
    quote: str,
    editor_id: str | None,
) -> Rejection:
    """Remember a rejection (again rejecting the same span changes nothing)."""
    now = utc_now()
    cursor = db.execute(
        'INSERT OR IGNORE INTO suggestion_rejections (article_id, fingerprint, start, "end", '
        "quote, rejected_by, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (article_id, fingerprint, start, end, quote, editor_id, now),
    )
    rejection = next(r for r in list_rejections(db, article_id) if r.fingerprint == fingerprint)
    if cursor.rowcount:
        audit.record(db, editor_id=editor_id, action="reject_suggestion", entity="article",
                     entity_id=article_id, before=None,
                     after={"fingerprint": fingerprint, "start": start, "end": end,
                            "quote": quote})
    return rejection


def delete_rejection(
    db: Database, article_id: str, fingerprint: str, *, editor_id: str | None
) -> bool:
    existing = [r for r in list_rejections(db, article_id) if r.fingerprint == fingerprint]
    if not existing:
        return False
    db.execute(
        "DELETE FROM suggestion_rejections WHERE article_id = ? AND fingerprint = ?",
        (article_id, fingerprint),
    )
    audit.record(db, editor_id=editor_id, action="unreject_suggestion", entity="article",
                 entity_id=article_id, before=existing[0].as_dict(), after=None)
    return True
