"""Undo for taxonomy edits: the catalogue's rows captured before and after a change, and
put back.

A snapshot holds every source (with its aliases) and every status (catalogues are small:
hundreds of rows), plus the claim links of the sources a change moves claims between
(merging two sources). :func:`restore` makes the catalogue equal to a snapshot: sources and
statuses the snapshot lacks are deleted (refused while claims still use them), changed ones
are updated, missing ones inserted, and the tracked sources' claim links are put back in
their recorded order. Only what differs is written, each with one audit row (the same views
the taxonomy's own changes record, so merges read the history alike).

An undo step restores only the rows its own change touched (:func:`changed_keys` of the
step's two snapshots, given to :func:`restore` as ``scope``): what changed meanwhile
elsewhere (a merge, another process, the command line) is left as it is.

Contract: :func:`capture` reads only; :func:`restore` runs inside the caller's transaction.
It restores what the taxonomy owns; claims themselves (spans, statuses, notes) are never
touched, so it is valid as long as edits made after the snapshot were undone first (the
window's single undo stack keeps that order).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from annotator.domain.errors import InvalidValue
from annotator.storage import audit, taxonomy_store

_SOURCE_COLUMNS = ("id", "name_ar", "name_en", "kind", "note", "url", "created_at")
_ALIAS_COLUMNS = ("id", "source_id", "alias", "alias_norm")
_STATUS_COLUMNS = ("id", "label_ar", "label_en", "color", "rating_value", "position")
_LINK_COLUMNS = ("claim_id", "source_id", "role", "position")


@dataclass(frozen=True)
class TaxonomySnapshot:
    """Rows as stored (tuples in the column orders above), sorted for comparison."""

    sources: tuple[tuple[Any, ...], ...]
    aliases: tuple[tuple[Any, ...], ...]
    statuses: tuple[tuple[Any, ...], ...]
    link_sources: tuple[str, ...] = ()
    links: tuple[tuple[Any, ...], ...] = ()


@dataclass(frozen=True)
class Scope:
    """Keys of the rows a change touched: source ids, alias ids, status ids."""

    sources: frozenset[Any]
    aliases: frozenset[Any]
    statuses: frozenset[Any]


def _changed(a: tuple[tuple[Any, ...], ...], b: tuple[tuple[Any, ...], ...]) -> frozenset[Any]:
    return frozenset(row[0] for row in set(a) ^ set(b))


def changed_keys(before: TaxonomySnapshot, after: TaxonomySnapshot) -> Scope:
    """The rows that differ between two snapshots (added, removed or changed), by key."""
    return Scope(_changed(before.sources, after.sources),
                 _changed(before.aliases, after.aliases),
                 _changed(before.statuses, after.statuses))


def _within(now: tuple[tuple[Any, ...], ...], want: tuple[tuple[Any, ...], ...],
            keys: frozenset[Any]) -> tuple[tuple[Any, ...], ...]:
    """``now`` with the rows whose key is in ``keys`` as ``want`` has them."""
    return tuple(sorted([row for row in now if row[0] not in keys]
                        + [row for row in want if row[0] in keys]))


def _rows(db: Database, sql: str, params: Iterable[Any] = ()) -> tuple[tuple[Any, ...], ...]:
    return tuple(sorted(tuple(row) for row in db.execute(sql, list(params)).fetchall()))


def _marks(items: Iterable[object]) -> str:
    return ", ".join("?" for _ in items)


def capture(db: Database, *, link_sources: Iterable[str] = ()) -> TaxonomySnapshot:
    """The catalogue now, with the claim links of ``link_sources``."""
    tracked = tuple(sorted(set(link_sources)))
    links = _rows(
        db, f"SELECT {', '.join(_LINK_COLUMNS)} FROM claim_sources "
        f"WHERE source_id IN ({_marks(tracked)})", tracked) if tracked else ()
    return TaxonomySnapshot(
        sources=_rows(db, f"SELECT {', '.join(_SOURCE_COLUMNS)} FROM sources"),
        aliases=_rows(db, f"SELECT {', '.join(_ALIAS_COLUMNS)} FROM source_aliases"),
        statuses=_rows(db, f"SELECT {', '.join(_STATUS_COLUMNS)} FROM statuses"),
        link_sources=tracked,
        links=links,
    )


def restore(db: Database, snapshot: TaxonomySnapshot, *, editor_id: str | None,
            action: str, scope: Scope | None = None) -> bool:
    """Make the catalogue equal to ``snapshot`` (module contract), or only the rows of
    ``scope``; returns whether anything changed. Raises :class:`InvalidValue` (the caller's
    transaction then rolls back) when a source or status to remove is still used by claims,
    or when what it would put back clashes with what changed since."""
    now = capture(db, link_sources=snapshot.link_sources)
    if scope is not None:
        snapshot = TaxonomySnapshot(
            sources=_within(now.sources, snapshot.sources, scope.sources),
            aliases=_within(now.aliases, snapshot.aliases, scope.aliases),
            statuses=_within(now.statuses, snapshot.statuses, scope.statuses),
            link_sources=snapshot.link_sources, links=snapshot.links)
    if now == snapshot:
        return False
    views_before = _source_views(db)
    status_before = {row[0]: row for row in now.statuses}
    try:
        _restore_rows(db, now, snapshot)
    except sqlite3.IntegrityError as exc:
        raise InvalidValue("a source or status this would remove is used by claims "
                           "again, or a name it would put back is taken; undo those "
                           "changes first") from exc
    views_after = _source_views(db)
    for source_id in sorted(set(views_before) | set(views_after)):
        before, after = views_before.get(source_id), views_after.get(source_id)
        if before != after:
            audit.record(db, editor_id=editor_id, action=action, entity="source",
                         entity_id=source_id, before=before, after=after)
    status_after = {row[0]: row for row in snapshot.statuses}
    for status_id in sorted(set(status_before) | set(status_after)):
        before_row, after_row = status_before.get(status_id), status_after.get(status_id)
        if before_row != after_row:
            audit.record(db, editor_id=editor_id, action=action, entity="status",
                         entity_id=status_id, before=_status_view(before_row),
                         after=_status_view(after_row))
    return True


def _status_view(row: tuple[Any, ...] | None) -> dict[str, Any] | None:
    return None if row is None else dict(zip(_STATUS_COLUMNS, row, strict=True))


def _source_views(db: Database) -> dict[str, dict[str, Any]]:
    return {record.id: taxonomy_store._audit_view(record)
            for record in taxonomy_store.list_source_records(db)}


def _sync_table(conn: sqlite3.Connection, table: str, columns: tuple[str, ...],
                current: tuple[tuple[Any, ...], ...], wanted: tuple[tuple[Any, ...], ...]
                ) -> None:
    """Make ``table`` (keyed by its first column) hold ``wanted`` instead of ``current``:
    delete, insert or update only the rows that differ. Table and column names are this
    module's constants, never user input."""
    want = {row[0]: row for row in wanted}
    have = {row[0]: row for row in current}
    for key in have.keys() - want.keys():
        conn.execute(f"DELETE FROM {table} WHERE {columns[0]} = ?", (key,))
    for key, row in want.items():
        if key not in have:
            conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({_marks(row)})",
                         row)
        elif have[key] != row:
            conn.execute(f"UPDATE {table} SET " + ", ".join(f"{c} = ?" for c in columns[1:])
                         + f" WHERE {columns[0]} = ?", (*row[1:], key))


def _restore_rows(db: Database, now: TaxonomySnapshot, want: TaxonomySnapshot) -> None:
    conn = db.conn
    # Links and aliases first (they reference sources), then sources, then put the links
    # and aliases back; statuses last.
    if want.link_sources:
        conn.execute(f"DELETE FROM claim_sources WHERE source_id IN "
                     f"({_marks(want.link_sources)})", want.link_sources)
    if now.aliases != want.aliases:
        conn.execute("DELETE FROM source_aliases")
    _sync_table(conn, "sources", _SOURCE_COLUMNS, now.sources, want.sources)
    if now.aliases != want.aliases:
        conn.executemany(f"INSERT INTO source_aliases ({', '.join(_ALIAS_COLUMNS)}) "
                         f"VALUES ({_marks(_ALIAS_COLUMNS)})", want.aliases)
    if want.links:
        conn.executemany(f"INSERT INTO claim_sources ({', '.join(_LINK_COLUMNS)}) "
                         f"VALUES ({_marks(_LINK_COLUMNS)})", want.links)
    _sync_table(conn, "statuses", _STATUS_COLUMNS, now.statuses, want.statuses)
