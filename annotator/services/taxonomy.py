"""Taxonomy management: the workspace's sources and verification statuses, and their
exchange as a JSON file so a newsroom shares one list.

Use cases without Qt, shared by the window and the command line. Every method that changes
data runs exactly one transaction (``db.atomic()``), validates everything before writing
(nothing is half-done) and leaves an audit row per entity changed, with the current editor.
A :class:`Taxonomy` belongs to the thread that opened its workspace.

Sources are referred to by id, a unique id prefix, or any of their names and aliases
(compared in search-folded form, so harakat, alef forms and ة/ه do not matter). A spelling
names at most one source: adding a name or alias that already names another source is
refused (merge the two instead). Status ids are stable forever (they are in exported data);
labels, colours, ClaimReview ratings and order are editable.

Taxonomy file (UTF-8 JSON)::

    {"format": "arabic-news-annotator/taxonomy", "version": 1, "exported_at": "...",
     "statuses": [{"id", "label_ar", "label_en", "color", "rating_value", "position"}],
     "sources": [{"id", "name_ar", "name_en", "kind", "aliases": [...], "note", "url"}]}

Importing merges the file into the workspace, the file winning: statuses by id (labels,
colour, rating, position updated; new ones added; none deleted, claims use them); sources by
id, else by a name or alias (names, kind, note, URL updated; aliases added; none deleted;
new ones keep the file's id). A file whose spellings would make one name two sources, or
that is malformed, is refused with the reasons and nothing is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from annotator.domain.errors import InvalidValue, MalformedInput, NotFound
from annotator.domain.models import SourceKind, Status, utc_now
from annotator.storage import catalog, taxonomy_snapshots, taxonomy_store
from annotator.storage.taxonomy_snapshots import Scope as TaxonomyScope
from annotator.storage.taxonomy_snapshots import TaxonomySnapshot
from annotator.storage.taxonomy_store import MergeOutcome, SourceRecord
from annotator.text.normalize import normalize_for_search

if TYPE_CHECKING:
    from annotator.services.workspace import Workspace

__all__ = [
    "FORMAT",
    "ImportReport",
    "MergeOutcome",
    "SourceRecord",
    "Taxonomy",
    "alias_language",
    "claimreview_rating",
]

FORMAT = "arabic-news-annotator/taxonomy"
VERSION = 1

_STATUS_ID_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")
_ARABIC_RE = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_LATIN_RE = re.compile("[A-Za-z]")


def alias_language(alias: str) -> str:
    """"ar" for a spelling with Arabic letters, "en" for Latin letters, else "other"."""
    if _ARABIC_RE.search(alias):
        return "ar"
    if _LATIN_RE.search(alias):
        return "en"
    return "other"


def claimreview_rating(status: Status, language: str = "ar") -> dict[str, Any]:
    """schema.org ``reviewRating`` for a claim with ``status``: ``ratingValue`` on the 1-5
    scale when the status has one, and always the label as ``alternateName``."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": status.label(language)}
    if status.rating_value is not None:
        rating.update(ratingValue=status.rating_value, bestRating=5, worstRating=1)
    return rating


def normalise_color(color: str) -> str:
    """``#rgb`` or ``#rrggbb`` (any case) as lower-case ``#rrggbb``; InvalidValue otherwise."""
    color = color.strip()
    if not _COLOR_RE.match(color):
        raise InvalidValue(f"colour {color!r} is not #rrggbb or #rgb")
    if len(color) == 4:
        color = "#" + "".join(ch * 2 for ch in color[1:])
    return color.lower()


def _check_rating(rating: int | None) -> int | None:
    if rating is not None and not (isinstance(rating, int) and 1 <= rating <= 5):
        raise InvalidValue(f"ClaimReview rating {rating!r} must be 1-5 or none")
    return rating


def _check_url(url: str | None) -> str | None:
    if url is None or not url.strip():
        return None
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        raise InvalidValue(f"URL {url!r} must start with http:// or https://")
    return url


def _check_kind(kind: SourceKind | str) -> SourceKind:
    try:
        return SourceKind(kind)
    except ValueError:
        known = ", ".join(k.value for k in SourceKind)
        raise InvalidValue(f"unknown source kind {kind!r} (known: {known})") from None


@dataclass
class ImportReport:
    """What importing a taxonomy file did (or, for a dry run, would do)."""

    statuses_added: list[str] = field(default_factory=list)
    statuses_updated: list[str] = field(default_factory=list)
    sources_added: list[str] = field(default_factory=list)
    sources_updated: list[str] = field(default_factory=list)
    aliases_added: int = 0
    unchanged: int = 0
    dry_run: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "statuses_added": self.statuses_added,
            "statuses_updated": self.statuses_updated,
            "sources_added": self.sources_added,
            "sources_updated": self.sources_updated,
            "aliases_added": self.aliases_added,
            "unchanged": self.unchanged,
            "dry_run": self.dry_run,
        }


class _DryRun(Exception):
    """Raised inside the import transaction to roll a dry run back."""


class Taxonomy:
    """Sources and statuses of one workspace (see the module docstring).

    ``editor_id`` is called when a change is made, inside its transaction's thread, and
    returns the id of the editor recorded in the audit log."""

    def __init__(self, db: Database, editor_id: Callable[[], str | None]) -> None:
        self.db = db
        self._editor_id = editor_id

    @classmethod
    def for_workspace(cls, workspace: Workspace) -> Taxonomy:
        return cls(workspace.db, workspace.editor_id)

    # --- undo ---------------------------------------------------------------------------------
    def snapshot(self, *, link_sources: Iterable[str] = ()) -> TaxonomySnapshot:
        """The catalogue as it is (sources, aliases, statuses), with the claim links of
        ``link_sources`` (give both sources of a merge). Reads only."""
        return taxonomy_snapshots.capture(self.db, link_sources=link_sources)

    def restore(self, snapshot: TaxonomySnapshot, *, action: str = "undo_taxonomy",
                scope: TaxonomyScope | None = None) -> bool:
        """Put the catalogue back as ``snapshot`` has it (only the rows of ``scope``, when
        given: see :func:`changed_keys`), in one transaction (see
        :mod:`storage.taxonomy_snapshots`); returns whether anything changed. Refused with
        :class:`InvalidValue`, nothing written, when a source or status it would remove is
        used by claims, or what it would put back clashes with what changed since."""
        with self.db.atomic():
            return taxonomy_snapshots.restore(self.db, snapshot, editor_id=self._editor_id(),
                                              action=action, scope=scope)

    @staticmethod
    def changed_keys(before: TaxonomySnapshot, after: TaxonomySnapshot) -> TaxonomyScope:
        """The rows one change touched (its snapshots before and after): what its undo and
        redo restore, leaving what changed meanwhile elsewhere as it is."""
        return taxonomy_snapshots.changed_keys(before, after)

    # --- sources: reading --------------------------------------------------------------------
    def sources(self) -> list[SourceRecord]:
        """Every source, by English then Arabic name, with note, URL and claim count."""
        return taxonomy_store.list_source_records(self.db)

    def source(self, ref: str) -> SourceRecord:
        """The source with id ``ref``, a unique id prefix (4+ characters), or a name or
        alias folding to the same key; NotFound otherwise (or if ambiguous)."""
        ref = ref.strip()
        if not ref:
            raise NotFound("no source named ''")
        owners = taxonomy_store.alias_owners(self.db, ref)
        if len(owners) == 1:
            return taxonomy_store.get_source_record(self.db, owners[0])
        if len(owners) > 1:
            raise NotFound(f"{ref!r} names {len(owners)} sources; use an id")
        ids = taxonomy_store.source_ids_with_prefix(self.db, ref)
        if ids and (ids[0] == ref or (len(ids) == 1 and len(ref) >= 4)):
            return taxonomy_store.get_source_record(self.db, ids[0])
        if len(ids) > 1:
            raise NotFound(f"source id prefix {ref} is ambiguous")
        raise NotFound(f"no source named {ref!r}")

    # --- sources: changing -------------------------------------------------------------------
    def _check_spellings(self, spellings: Iterable[str], own_id: str | None) -> None:
        for spelling in spellings:
            if not spelling.strip():
                continue
            others = [o for o in taxonomy_store.alias_owners(self.db, spelling) if o != own_id]
            if others:
                other = taxonomy_store.get_source_record(self.db, others[0]).source
                raise InvalidValue(
                    f"{spelling!r} already names the source {other.label()!r} "
                    f"({other.id[:8]}); merge the two sources instead"
                )

    def create_source(
        self,
        *,
        name_ar: str = "",
        name_en: str = "",
        kind: SourceKind | str,
        aliases: Iterable[str] = (),
        note: str = "",
        url: str | None = None,
    ) -> SourceRecord:
        """Add a source. Needs an Arabic or English name; refuses a name or alias that
        already names another source, an unknown kind, a URL that is not http(s)."""
        name_ar, name_en = name_ar.strip(), name_en.strip()
        if not (name_ar or name_en):
            raise InvalidValue("a source needs an Arabic or an English name")
        kind = _check_kind(kind)
        aliases = [a.strip() for a in aliases if a.strip()]
        url = _check_url(url)
        self._check_spellings([name_ar, name_en, *aliases], None)
        editor = self._editor_id()
        with self.db.atomic():
            return taxonomy_store.insert_source(
                self.db, name_ar=name_ar, name_en=name_en, kind=kind, aliases=aliases,
                note=note.strip(), url=url, editor_id=editor,
            )

    def rename_source(
        self, ref: str, *, name_ar: str | None = None, name_en: str | None = None
    ) -> SourceRecord:
        """Change a source's Arabic and/or English name. The old names stay as aliases (text
        that spells them still finds the source); a new name must not name another source."""
        record = self.source(ref)
        changes: dict[str, Any] = {}
        if name_ar is not None and name_ar.strip() != record.source.name_ar:
            changes["name_ar"] = name_ar.strip()
        if name_en is not None and name_en.strip() != record.source.name_en:
            changes["name_en"] = name_en.strip()
        final_ar = changes.get("name_ar", record.source.name_ar)
        final_en = changes.get("name_en", record.source.name_en)
        if not (final_ar or final_en):
            raise InvalidValue("a source needs an Arabic or an English name")
        if not changes:
            return record
        self._check_spellings(changes.values(), record.id)
        editor = self._editor_id()
        with self.db.atomic():
            return taxonomy_store.update_source(
                self.db, record.id, changes, editor_id=editor, action="rename_source"
            )

    def update_source(
        self,
        ref: str,
        *,
        kind: SourceKind | str | None = None,
        note: str | None = None,
        url: str | None = None,
    ) -> SourceRecord:
        """Change a source's kind, note or URL (``note=""`` and ``url=""`` clear them)."""
        record = self.source(ref)
        changes: dict[str, Any] = {}
        if kind is not None and _check_kind(kind) != record.source.kind:
            changes["kind"] = _check_kind(kind)
        if note is not None and note.strip() != record.note:
            changes["note"] = note.strip()
        if url is not None and _check_url(url) != record.url:
            changes["url"] = _check_url(url)
        if not changes:
            return record
        editor = self._editor_id()
        with self.db.atomic():
            return taxonomy_store.update_source(
                self.db, record.id, changes, editor_id=editor, action="update_source"
            )

    def add_aliases(self, ref: str, aliases: Iterable[str]) -> SourceRecord:
        """Add spellings (Arabic or English) to a source; those it has are ignored."""
        record = self.source(ref)
        aliases = [a.strip() for a in aliases if a.strip()]
        if not aliases:
            raise InvalidValue("give at least one alias")
        self._check_spellings(aliases, record.id)
        editor = self._editor_id()
        with self.db.atomic():
            taxonomy_store.add_aliases(self.db, record.id, aliases, editor_id=editor)
        return taxonomy_store.get_source_record(self.db, record.id)

    def remove_aliases(self, ref: str, aliases: Iterable[str]) -> SourceRecord:
        """Remove spellings from a source. Its current names cannot be removed."""
        record = self.source(ref)
        aliases = [a.strip() for a in aliases if a.strip()]
        names = {normalize_for_search(record.source.name_ar),
                 normalize_for_search(record.source.name_en)}
        for alias in aliases:
            if normalize_for_search(alias) in names:
                raise InvalidValue(f"{alias!r} is a name of the source; rename it instead")
            if alias not in record.source.aliases:
                raise NotFound(f"{record.source.label()!r} has no alias {alias!r}")
        editor = self._editor_id()
        with self.db.atomic():
            taxonomy_store.remove_aliases(self.db, record.id, aliases,
                                          editor_id=editor)
        return taxonomy_store.get_source_record(self.db, record.id)

    def merge_sources(self, keep_ref: str, other_ref: str) -> MergeOutcome:
        """Merge ``other`` into ``keep``: its claims follow (as speaker or carrier, as they
        were), its names and aliases become aliases of ``keep``, its note and URL fill
        ``keep``'s if empty; ``other`` is deleted. One transaction."""
        keep = self.source(keep_ref)
        other = self.source(other_ref)
        if keep.id == other.id:
            raise InvalidValue("cannot merge a source into itself")
        editor = self._editor_id()
        with self.db.atomic():
            return taxonomy_store.merge_sources(self.db, keep.id, other.id,
                                                editor_id=editor)

    # --- statuses ----------------------------------------------------------------------------
    def statuses(self) -> list[Status]:
        """The statuses in their order."""
        return catalog.list_statuses(self.db)

    def status_claim_counts(self) -> dict[str, int]:
        return taxonomy_store.status_claim_counts(self.db)

    def add_status(
        self,
        status_id: str,
        *,
        label_ar: str,
        label_en: str,
        color: str,
        rating_value: int | None = None,
        position: int | None = None,
    ) -> Status:
        """Add a status. ``status_id``: lower-case letters, digits and ``_``, starting with a
        letter, unique and stable forever. ``position`` (0-based) inserts it there; default
        last."""
        if not _STATUS_ID_RE.match(status_id):
            raise InvalidValue(
                f"status id {status_id!r}: use lower-case letters, digits and _, starting "
                "with a letter (at most 40)"
            )
        if catalog.status_exists(self.db, status_id):
            raise InvalidValue(f"a status with id {status_id!r} exists already")
        label_ar, label_en = label_ar.strip(), label_en.strip()
        if not (label_ar and label_en):
            raise InvalidValue("a status needs an Arabic and an English label")
        color = normalise_color(color)
        rating_value = _check_rating(rating_value)
        order = [s.id for s in self.statuses()]
        index = len(order) if position is None else max(0, min(position, len(order)))
        order.insert(index, status_id)
        editor = self._editor_id()
        with self.db.atomic():
            status = taxonomy_store.insert_status(
                self.db, Status(status_id, label_ar, label_en, color, rating_value, index),
                editor_id=editor,
            )
            self._write_positions(order, editor)
        return taxonomy_store.get_status(self.db, status.id)

    def rename_status(
        self, status_id: str, *, label_ar: str | None = None, label_en: str | None = None
    ) -> Status:
        """Change a status's labels; its id stays."""
        taxonomy_store.get_status(self.db, status_id)
        changes: dict[str, Any] = {}
        for column, value in (("label_ar", label_ar), ("label_en", label_en)):
            if value is not None:
                if not value.strip():
                    raise InvalidValue(f"{column} cannot be empty")
                changes[column] = value.strip()
        editor = self._editor_id()
        with self.db.atomic():
            return taxonomy_store.update_status(self.db, status_id, changes,
                                                editor_id=editor,
                                                action="rename_status")

    def recolour_status(self, status_id: str, color: str) -> Status:
        """Change a status's colour (``#rrggbb`` or ``#rgb``)."""
        taxonomy_store.get_status(self.db, status_id)
        color = normalise_color(color)
        editor = self._editor_id()
        with self.db.atomic():
            return taxonomy_store.update_status(self.db, status_id, {"color": color},
                                                editor_id=editor,
                                                action="recolour_status")

    def set_status_rating(self, status_id: str, rating_value: int | None) -> Status:
        """Set the ClaimReview ``ratingValue`` (1-5) of a status, or None for label only."""
        taxonomy_store.get_status(self.db, status_id)
        rating_value = _check_rating(rating_value)
        editor = self._editor_id()
        with self.db.atomic():
            return taxonomy_store.update_status(self.db, status_id,
                                                {"rating_value": rating_value},
                                                editor_id=editor,
                                                action="rate_status")

    def reorder_statuses(self, status_ids: Iterable[str]) -> list[Status]:
        """Put the given statuses first, in that order; the others follow in their current
        order. Unknown or repeated ids are refused."""
        wanted = list(status_ids)
        current = [s.id for s in self.statuses()]
        unknown = [s for s in wanted if s not in current]
        if unknown:
            raise NotFound(f"no status with id {', '.join(unknown)}")
        if len(set(wanted)) != len(wanted):
            raise InvalidValue("a status is listed twice")
        order = wanted + [s for s in current if s not in wanted]
        editor = self._editor_id()
        with self.db.atomic():
            self._write_positions(order, editor)
        return self.statuses()

    def _write_positions(self, order: list[str], editor_id: str | None) -> None:
        for position, status_id in enumerate(order):
            taxonomy_store.update_status(self.db, status_id, {"position": position},
                                         editor_id=editor_id, action="reorder_status")

    # --- exchange ----------------------------------------------------------------------------
    def export_data(self) -> dict[str, Any]:
        """The taxonomy as a JSON-ready dict (see the module docstring)."""
        return {
            "format": FORMAT,
            "version": VERSION,
            "exported_at": utc_now(),
            "statuses": [
                {"id": s.id, "label_ar": s.label_ar, "label_en": s.label_en, "color": s.color,
                 "rating_value": s.rating_value, "position": s.position}
                for s in self.statuses()
            ],
            "sources": [
                {"id": r.id, "name_ar": r.source.name_ar, "name_en": r.source.name_en,
                 "kind": str(r.source.kind), "aliases": list(r.extra_aliases),
                 "note": r.note, "url": r.url}
                for r in self.sources()
            ],
        }

    def export_file(self, path: str | Path) -> dict[str, Any]:
        """Write :meth:`export_data` to ``path`` (UTF-8 JSON); returns what was written."""
        data = self.export_data()
        Path(path).write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        return data

    def import_file(self, path: str | Path, *, dry_run: bool = False) -> ImportReport:
        """Read a taxonomy file and :meth:`import_data` it."""
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except FileNotFoundError:
            raise NotFound(f"no such file: {path}") from None
        except UnicodeDecodeError as exc:
            raise MalformedInput(f"not UTF-8 text: {exc}", path=str(path)) from None
        except json.JSONDecodeError as exc:
            raise MalformedInput(
                f"malformed JSON at line {exc.lineno}: {exc.msg}", path=str(path), line=exc.lineno
            ) from None
        try:
            return self.import_data(data, dry_run=dry_run)
        except (InvalidValue, MalformedInput) as exc:
            exc.path = str(path)
            raise

    def import_data(self, data: Any, *, dry_run: bool = False) -> ImportReport:
        """Merge a taxonomy (as :meth:`export_data` makes) into the workspace in one
        transaction, the file winning (see the module docstring). ``dry_run`` reports what
        would change and writes nothing. Refused as a whole (MalformedInput, InvalidValue)
        when malformed or conflicting."""
        statuses, sources = _validate(data)
        report = ImportReport(dry_run=dry_run)
        # Created (if new) in its own transaction first: a rolled-back dry run must not take
        # the editor row with it.
        editor = self._editor_id()
        try:
            with self.db.atomic():
                self._import_statuses(statuses, report, editor)
                self._write_positions([s.id for s in self.statuses()], editor)
                self._import_sources(sources, report, editor)
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return report

    def _import_statuses(
        self, statuses: list[dict[str, Any]], report: ImportReport, editor: str | None
    ) -> None:
        for entry in statuses:
            if catalog.status_exists(self.db, entry["id"]):
                before = taxonomy_store.get_status(self.db, entry["id"])
                changes = {
                    k: entry[k] for k in ("label_ar", "label_en", "color", "rating_value",
                                          "position")
                    if k in entry and getattr(before, k) != entry[k]
                }
                if changes:
                    taxonomy_store.update_status(self.db, entry["id"], changes,
                                                 editor_id=editor, action="import_status")
                    report.statuses_updated.append(entry["id"])
                else:
                    report.unchanged += 1
            else:
                position = entry.get("position", len(self.statuses()))
                taxonomy_store.insert_status(
                    self.db,
                    Status(entry["id"], entry["label_ar"], entry["label_en"], entry["color"],
                           entry.get("rating_value"), position),
                    editor_id=editor,
                )
                report.statuses_added.append(entry["id"])

    def _match_source(self, entry: dict[str, Any]) -> str | None:
        if entry.get("id"):
            ids = taxonomy_store.source_ids_with_prefix(self.db, entry["id"])
            if ids and ids[0] == entry["id"]:
                return entry["id"]
        owners: set[str] = set()
        for spelling in (entry["name_ar"], entry["name_en"], *entry["aliases"]):
            if spelling:
                owners.update(taxonomy_store.alias_owners(self.db, spelling))
        if len(owners) > 1:
            names = ", ".join(
                repr(taxonomy_store.get_source_record(self.db, o).source.label())
                for o in sorted(owners)
            )
            raise InvalidValue(
                f"the imported source {entry['name_ar'] or entry['name_en']!r} names several "
                f"sources of this workspace ({names}); merge them first"
            )
        return next(iter(owners), None)

    def _import_sources(
        self, sources: list[dict[str, Any]], report: ImportReport, editor: str | None
    ) -> None:
        for entry in sources:
            local_id = self._match_source(entry)
            spellings = [entry["name_ar"], entry["name_en"], *entry["aliases"]]
            self._check_spellings(spellings, local_id)
            if local_id is None:
                source_id = entry.get("id") or None
                if source_id and taxonomy_store.source_ids_with_prefix(self.db, source_id)[:1] == [
                    source_id
                ]:
                    source_id = None
                record = taxonomy_store.insert_source(
                    self.db, name_ar=entry["name_ar"], name_en=entry["name_en"],
                    kind=SourceKind(entry["kind"]), aliases=entry["aliases"],
                    note=entry["note"], url=entry["url"], source_id=source_id,
                    editor_id=editor, action="import_source",
                )
                report.sources_added.append(record.id)
                continue
            record = taxonomy_store.get_source_record(self.db, local_id)
            changes: dict[str, Any] = {}
            for column, current in (
                ("name_ar", record.source.name_ar), ("name_en", record.source.name_en),
                ("kind", str(record.source.kind)), ("note", record.note), ("url", record.url),
            ):
                if entry[column] != current and not (column.startswith("name")
                                                     and not entry[column]):
                    changes[column] = entry[column]
            if "kind" in changes:
                changes["kind"] = SourceKind(changes["kind"])
            if changes:
                taxonomy_store.update_source(self.db, local_id, changes, editor_id=editor,
                                             action="import_source")
            added = taxonomy_store.add_aliases(self.db, local_id, entry["aliases"],
                                               editor_id=editor)
            report.aliases_added += len(added)
            if changes or added:
                report.sources_updated.append(local_id)
            else:
                report.unchanged += 1


def _validate(data: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Check a taxonomy document; returns its statuses and sources, cleaned. Raises
    MalformedInput naming the first problem."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise MalformedInput(f"not a taxonomy file (expected \"format\": \"{FORMAT}\")")
    if not isinstance(data.get("version"), int) or data["version"] > VERSION:
        raise MalformedInput(
            f"taxonomy version {data.get('version')!r} is not supported (this app reads "
            f"up to {VERSION})"
        )
    statuses_in = data.get("statuses", [])
    sources_in = data.get("sources", [])
    if not isinstance(statuses_in, list) or not isinstance(sources_in, list):
        raise MalformedInput('"statuses" and "sources" must be lists')
    statuses: list[dict[str, Any]] = []
    seen: set[str] = set()
    for n, entry in enumerate(statuses_in, start=1):
        where = f"status {n}"
        try:
            if not isinstance(entry, dict):
                raise InvalidValue("not an object")
            status_id = entry.get("id")
            if not isinstance(status_id, str) or not _STATUS_ID_RE.match(status_id):
                raise InvalidValue(f"bad id {status_id!r}")
            if status_id in seen:
                raise InvalidValue(f"id {status_id!r} listed twice")
            seen.add(status_id)
            clean: dict[str, Any] = {"id": status_id}
            for key in ("label_ar", "label_en"):
                value = entry.get(key)
                if not isinstance(value, str) or not value.strip():
                    raise InvalidValue(f"{key} must be a non-empty string")
                clean[key] = value.strip()
            clean["color"] = normalise_color(str(entry.get("color", "")))
            if "rating_value" in entry:
                clean["rating_value"] = _check_rating(entry["rating_value"])
            if "position" in entry:
                if not isinstance(entry["position"], int) or entry["position"] < 0:
                    raise InvalidValue("position must be a non-negative integer")
                clean["position"] = entry["position"]
        except InvalidValue as exc:
            raise MalformedInput(f"{where}: {exc.message}") from None
        statuses.append(clean)
    sources: list[dict[str, Any]] = []
    keys: dict[str, int] = {}
    for n, entry in enumerate(sources_in, start=1):
        where = f"source {n}"
        try:
            if not isinstance(entry, dict):
                raise InvalidValue("not an object")
            clean = {
                "id": entry.get("id") if isinstance(entry.get("id"), str) else None,
                "name_ar": str(entry.get("name_ar") or "").strip(),
                "name_en": str(entry.get("name_en") or "").strip(),
                "kind": _check_kind(str(entry.get("kind", ""))).value,
                "note": str(entry.get("note") or "").strip(),
                "url": _check_url(entry.get("url")),
            }
            if not (clean["name_ar"] or clean["name_en"]):
                raise InvalidValue("needs name_ar or name_en")
            aliases = entry.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                raise InvalidValue("aliases must be a list of strings")
            clean["aliases"] = [a.strip() for a in aliases if a.strip()]
            for spelling in (clean["name_ar"], clean["name_en"], *clean["aliases"]):
                key = normalize_for_search(spelling)
                if key and keys.setdefault(key, n) != n:
                    raise InvalidValue(f"{spelling!r} also names source {keys[key]} of the file")
        except InvalidValue as exc:
            raise MalformedInput(f"{where}: {exc.message}") from None
        sources.append(clean)
    return statuses, sources
