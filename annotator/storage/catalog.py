"""Statuses, sources (with aliases) and editors: the workspace's catalogue.

Contract: writers run inside the caller's transaction and audit their change.
"""

from __future__ import annotations

from sqlite_utils import Database

from annotator.domain.errors import NotFound
from annotator.domain.models import Editor, Source, SourceKind, Status, new_id, utc_now
from annotator.storage import audit
from annotator.text.normalize import normalize_for_search


def list_statuses(db: Database) -> list[Status]:
    return [
        Status(**row)
        for row in db.query(
            "SELECT id, label_ar, label_en, color, rating_value, position FROM statuses "
            "ORDER BY position, id"
        )
    ]


def source_kind_labels(db: Database) -> dict[str, tuple[str, str]]:
    """Kind id -> (Arabic label, English label), in display order."""
    return {
        row["id"]: (row["label_ar"], row["label_en"])
        for row in db.query("SELECT id, label_ar, label_en FROM source_kinds ORDER BY position")
    }


def status_exists(db: Database, status_id: str) -> bool:
    return bool(list(db.query("SELECT 1 FROM statuses WHERE id = ?", [status_id])))


def list_sources(db: Database) -> list[Source]:
    aliases: dict[str, list[str]] = {}
    for row in db.query("SELECT source_id, alias FROM source_aliases ORDER BY id"):
        aliases.setdefault(row["source_id"], []).append(row["alias"])
    return [
        Source(
            id=row["id"],
            name_ar=row["name_ar"],
            name_en=row["name_en"],
            kind=SourceKind(row["kind"]),
            aliases=tuple(aliases.get(row["id"], ())),
        )
        for row in db.query("SELECT id, name_ar, name_en, kind FROM sources ORDER BY name_en")
    ]


def find_source(db: Database, name: str) -> Source | None:
    """The source whose id, Arabic or English name or alias equals ``name``, compared in
    normalised form (so «أمريكي» finds «أميركي»'s alias only if spelled alike, but harakat,
    alef forms and case do not matter)."""
    norm = normalize_for_search(name)
    rows = list(
        db.query(
            "SELECT DISTINCT source_id FROM source_aliases WHERE alias_norm = ? "
            "UNION SELECT id FROM sources WHERE id = ?",
            [norm, name],
        )
    )
    if not rows:
        return None
    source_id = rows[0]["source_id"]
    return next(s for s in list_sources(db) if s.id == source_id)


def insert_source(
    db: Database,
    *,
    name_ar: str,
    name_en: str,
    kind: SourceKind,
    aliases: tuple[str, ...] = (),
    editor_id: str | None,
) -> Source:
    source = Source(new_id(), name_ar, name_en, kind, tuple(a for a in aliases if a))
    insert_source_row(db, source, editor_id=editor_id)
    return source


def insert_source_row(db: Database, source: Source, *, editor_id: str | None) -> None:
    """Insert ``source`` as given (its id too: undo of a deletion restores it)."""
    name_ar, name_en, kind = source.name_ar, source.name_en, source.kind
    db.execute(
        "INSERT INTO sources (id, name_ar, name_en, kind, created_at) VALUES (?, ?, ?, ?, ?)",
        (source.id, name_ar, name_en, kind.value, utc_now()),
    )
    for alias in (name_ar, name_en, *source.aliases):
        if alias.strip():
            db.execute(
                "INSERT OR IGNORE INTO source_aliases (source_id, alias, alias_norm) "
                "VALUES (?, ?, ?)",
                (source.id, alias, normalize_for_search(alias)),
            )
    audit.record(
        db,
        editor_id=editor_id,
        action="create_source",
        entity="source",
        entity_id=source.id,
        before=None,
        after={"name_ar": name_ar, "name_en": name_en, "kind": kind.value,
               "aliases": list(source.aliases)},
    )


def delete_source(db: Database, source_id: str, *, editor_id: str | None) -> Source:
    """Delete an unused source (claims' links RESTRICT it); returns what was deleted."""
    source = next((s for s in list_sources(db) if s.id == source_id), None)
    if source is None:
        raise NotFound(f"no source with id {source_id}")
    db.execute("DELETE FROM sources WHERE id = ?", (source_id,))
    audit.record(db, editor_id=editor_id, action="delete_source", entity="source",
                 entity_id=source_id, before={"name_ar": source.name_ar,
                                              "name_en": source.name_en,
                                              "kind": source.kind.value}, after=None)
    return source


def ensure_editor(db: Database, name: str) -> Editor:
    """The editor called ``name``, created (and audited) on first use."""
    name = name.strip()
    rows = list(db.query("SELECT id, name, initials, color FROM editors WHERE name = ?", [name]))
    if rows:
        return Editor(**rows[0])
    initials = "".join(part[0] for part in name.split()[:3]).upper() or None
    editor = Editor(new_id(), name, initials, None)
    db.execute(
        "INSERT INTO editors (id, name, initials, color, created_at) VALUES (?, ?, ?, ?, ?)",
        (editor.id, editor.name, editor.initials, editor.color, utc_now()),
    )
    audit.record(
        db,
        editor_id=editor.id,
        action="create_editor",
        entity="editor",
        entity_id=editor.id,
        before=None,
        after={"name": name, "initials": initials},
    )
    return editor


def list_editors(db: Database) -> list[Editor]:
    """Every editor of the workspace, by name."""
    return [Editor(**row) for row in db.query(
        "SELECT id, name, initials, color FROM editors ORDER BY name, id")]


def get_editor_name(db: Database, editor_id: str | None) -> str | None:
    if editor_id is None:
        return None
    rows = list(db.query("SELECT name FROM editors WHERE id = ?", [editor_id]))
    if not rows:
        raise NotFound(f"no editor with id {editor_id}")
    return str(rows[0]["name"])


def get_meta(db: Database, key: str) -> str | None:
    rows = list(db.query("SELECT value FROM workspace_meta WHERE key = ?", [key]))
    return rows[0]["value"] if rows else None


def set_meta(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO workspace_meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
