"""Merging another editor's workspace into this one, and listing what could not be merged.

``merge(workspace, path)`` brings in, from the other workspace (opened read-only, never
changed, refused if a newer version wrote it; older schemas are read as they are):

- **articles**, matched by the sha256 of their body (ids may differ between workspaces);
  unmatched ones are added with their id (a new one only if it is taken);
- **statuses** by id (missing ones added; ours keep their labels);
- **sources** by id, then by normalised Arabic or English name, then by alias; what was mapped
  and how is reported; unmatched sources are added (with note and URL); spellings the other
  side knows and no source of ours has are added to the mapped source as aliases; the
  names, kind, note and URL of a mapped source follow the claims' rule below (source
  table);
- **editors** by name (added when something of theirs needs them, with their id if free);
- **claims** with their source links, evidence and history (``audit_log`` rows), mapped to
  our ids;
- the adjudicator's **rejections** (``review_rejections``, schema step m006) of editors'
  claims that are here after the merge (rejection table);
- the **rejected suggestions** (``suggestion_rejections``, schema step m004: per article, a
  suggested span an editor turned down, so it is not suggested again), mapped to our
  article and editor ids, by the same rule (suggestion rejection table), with their
  history (the article's ``reject_suggestion`` / ``unreject_suggestion`` rows);
- the **conflicts** their merges recorded and left open (``merge_conflicts``), listed here
  too unless the same conflict is recorded here already (open or resolved: same claim and
  version, or same conflict copy), or the claim it is about is not here (deleted here).
  Their ``other_version`` is turned into our ids while the conflict copy is unchanged, so
  a merge here that finds the same conflict recognises it. Resolutions are not carried:
  a conflict resolved there and open here stays open;
- the **history of everything else** they recorded (articles, sources and their aliases,
  statuses, editors, conflicts): their ``audit_log`` rows of entities that are the same on
  both sides after the merge, mapped to our ids (history section).

Claims are compared by id, which both workspaces share once a claim has travelled (UUIDs):

| here | there | how decided | result |
|---|---|---|---|
| absent, no history | present | new | added |
| equal | equal | | unchanged |
| X | Y, and X is in their history | only they changed it | updated to Y (fast-forward) |
| X | Y, and Y is in our history | only we changed it | kept |
| X | Y, neither in the other's history | both changed it | **conflict**: ours kept, theirs copied |
| deleted here | Y in our history | they did not change it | stays deleted |
| deleted here | Y not in our history | | **conflict** ``deleted_here``: theirs added as a copy |
| X | deleted there, X in their history | only they changed it | deleted here too |
| X | deleted there, X not in their history | | **conflict** ``deleted_there``: ours kept |

"Equal" compares the data an editor sees (span, quote and context, note, wording, status,
sources with roles in order, evidence links), not who or when. "History" is every version
recorded in a side's audit log for that claim. When a side has no history for a claim, its
``updated_at`` decides instead: the side still at its ``created_at`` did not change it.
If both were in each other's history (an undo on one side), the later ``updated_at`` wins.

Sources both sides have (matched as above) are compared on ``name_ar, name_en, kind, note,
url`` (:data:`SOURCE_FIELDS`; aliases are only ever added), with each side's ``source``
history; a source no history mentions (a default one) is at its first version. A source
conflict is not recorded (no table): the next merge reports it again until one side
takes the other's version.

| here | there | result |
|---|---|---|
| S | S | unchanged |
| S | T, and S is in their history | updated to T (fast-forward), reported |
| S | T, and T is in our history | kept |
| S | T, both in each other's history | the side with the later history row wins |
| S | T, both changed since a common version | ours kept; reported as a **source conflict** |
| S | T, no common version (created apart) | ours kept (differing kinds noted) |

Rejections of an editor's claim are identified by their ``decided_at`` (kept when a
rejection travels), so each side's ``review_rejection`` history (``reject_claim``,
``unreject_claim``) tells which decisions it knew:

| here | there | result |
|---|---|---|
| none | rejected (D), D not in our history | added (their decider and time) |
| none | rejected (D), D in our history | stays withdrawn (we withdrew it) |
| rejected | rejected | ours kept as it is |
| rejected (D) | withdrawn, D in their history | withdrawn here too |
| rejected (D) | withdrawn, D not in their history | kept (ours is a later decision) |
| any | the claim is not here after the merge, or not an editor's claim | skipped |

A rejected suggestion is one (article, ``fingerprint``): the fingerprint hashes the span and
its quote, and articles are matched by their text, so it names the same suggestion in every
workspace. Its decision is identified by ``rejected_at`` (kept, with ``rejected_by`` mapped
to our editor, when it travels). Each side's history of it is the article's audit rows
about that fingerprint: a withdrawal records the whole row it removed (so its
``rejected_at``), a merge's or pack's rejection too; an editor's own rejection row does not
(``storage.taxonomy_store``), which is right, as no other workspace can know that decision
yet. Read like the adjudicator's rejections:

| here | there | result |
|---|---|---|
| none | rejected (D), D not in our history | added (their editor and time) |
| none | rejected (D), D in our history | stays withdrawn (we withdrew it) |
| rejected | rejected | ours kept as it is (even if theirs is another decision) |
| rejected (D) | withdrawn, D in their history | withdrawn here too |
| rejected (D) | withdrawn, D not in their history | kept (ours is a later decision) |
| none | rejected and withdrawn | nothing to do (their history comes along) |
| rejected | never rejected (no history of it) | kept (nothing to compare) |
| any | a workspace from before m004 (no table) | skipped, with its history of them |

Where both sides agree after the merge (added, withdrawn, rejected on both, withdrawn on
both), their history of that suggestion comes first and then our record of the change
(``merge_reject_suggestion``, ``merge_unreject_suggestion``), as for claims; where ours is
kept different, none of their rows about it are imported: the last row would then say the
opposite of the state here, and a decision of theirs in our history would read, at a later
merge, as one we had known and withdrawn.

History: claims' rows travel with the claims (above), rejected suggestions' with them
(above); the rows of sources, statuses, articles, editors, rejections and conflicts are
imported for the entities on which both sides agree after the merge (added, unchanged,
fast-forwarded, withdrawn alike), not for a source or status kept different, whose history
would hide a later conflict. A workspace's ``workspace`` rows (its record of its own
merges) stay there: importing them would be something new at every merge between two
workspaces that merge each other.

Conflicts are recorded in ``merge_conflicts`` (see :mod:`storage.merge_store`) with the
other side's version fingerprint, so merging the same file twice changes nothing: no row,
no audit entry, no index entry. History rows are deduplicated by (time, editor, action,
entity, before, after) in our ids (claims' by time, editor, action, entity and whether
the row deleted it).

``pack`` (:mod:`services.packing`) runs this engine with ``MODE_PACK`` and the packed
articles: their claims, rejections, rejected suggestions, open conflicts and the history of
what it copies.

Contract: one merge = one transaction on our workspace; if anything fails, nothing of it is
written (the workspace is exactly as before). Runs on the calling thread with the
workspace's own connection (a GUI runs it on a worker with its own ``Workspace``).
"""

from __future__ import annotations

import hashlib
import json
import os
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from annotator.domain.errors import AnnotatorError, InvalidValue, WorkspaceError
from annotator.domain.models import (
    EDITOR_LAYER,
    Claim,
    ClaimSource,
    Editor,
    Evidence,
    Source,
    new_id,
)
from annotator.services.workspace import Workspace
from annotator.storage import articles, audit, catalog, claims, merge_store
from annotator.text.normalize import normalize_for_search

if TYPE_CHECKING:  # types only: the taxonomy service is not needed to merge
    from annotator.services.taxonomy import Taxonomy, TaxonomyScope, TaxonomySnapshot

# Conflict copies and their evidence get ids derived from (claim, version): the same conflict
# found in two workspaces gets the same copy id, so merging those later matches them.
_COPY_NAMESPACE = uuid.UUID("6f0c7a52-4bd4-4c1e-9d0e-3a5f2f6b9e11")
_EDITOR_KEYS = frozenset({"created_by", "updated_by", "editor_id", "added_by", "imported_by",
                          "decided_by", "detected_by", "resolved_by", "rejected_by"})
# Keys of audit JSON holding article or source ids, wherever they appear; a row's top-level
# "id" is the entity's own id (an article's or a source's, for those entities).
_ARTICLE_KEYS = frozenset({"article_id", "revision_of"})
_SOURCE_KEYS = frozenset({"source_id", "merged_from", "merged_into"})
# The fields of a source a merge compares and fast-forwards (aliases are only ever added).
SOURCE_FIELDS = ("name_ar", "name_en", "kind", "note", "url")

MODE_MERGE = "merge"
MODE_PACK = "pack"

Content = tuple[Any, ...]
ProgressFn = Callable[[int, int], None]  # (claims done, claims in all)
CancelledFn = Callable[[], bool]


class MergeCancelled(AnnotatorError):
    """The merge was cancelled; its transaction was rolled back (nothing was written)."""

    code = "cancelled"


# --- report ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SourceMapping:
    """One of their sources and the source of ours it became.

    ``how``: ``id`` (same id), ``name`` (their Arabic or English name is a name or alias of
    ours, compared normalised), ``alias`` (one of their aliases is), ``added`` (new here)."""

    their_id: str
    their_name: str
    our_id: str
    our_name: str
    how: str
    aliases_added: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class SourceChange:
    """A source both sides have whose fields (:data:`SOURCE_FIELDS`) differ: fast-forwarded
    to theirs (``MergeReport.sources_updated``) or, changed on both sides since their
    common version, kept as ours (``MergeReport.source_conflicts``).

    ``name``: our label of it before the merge. ``differences``: ``(field, ours, theirs)``
    for each differing field, ``ours`` as it was before the merge."""

    our_id: str
    their_id: str
    name: str
    differences: tuple[tuple[str, Any, Any], ...]
    #: For a source conflict: its row in ``source_conflicts`` (their version, kept there).
    conflict_id: str | None = None


@dataclass(frozen=True)
class ConflictInfo:
    """A conflict found by this merge. ``copy_id``: their version, imported as a claim
    (None for ``deleted_there``). ``new``: False if an earlier merge recorded it."""

    conflict_id: str
    claim_id: str
    copy_id: str | None
    kind: str
    article_id: str
    quote: str


@dataclass
class MergeReport:
    """What a merge did (or, with every count zero, that it changed nothing)."""

    other: str
    articles_added: list[str] = field(default_factory=list)
    articles_matched: int = 0
    sources: list[SourceMapping] = field(default_factory=list)
    statuses_added: list[str] = field(default_factory=list)
    editors_added: list[str] = field(default_factory=list)
    claims_added: int = 0
    claims_unchanged: int = 0
    claims_updated: int = 0
    claims_kept_ours: int = 0
    claims_deleted: int = 0
    claims_kept_deleted: int = 0
    conflicts: list[ConflictInfo] = field(default_factory=list)
    conflicts_known: int = 0
    #: Open conflicts the other workspace had recorded, now recorded here too.
    conflicts_imported: list[ConflictInfo] = field(default_factory=list)
    sources_updated: list[SourceChange] = field(default_factory=list)
    #: Changed on both sides: ours kept, theirs recorded in ``source_conflicts`` (new ones
    #: only; a version an earlier merge recorded is counted in ``source_conflicts_known``).
    source_conflicts: list[SourceChange] = field(default_factory=list)
    source_conflicts_known: int = 0
    #: Open source conflicts the other workspace had recorded, now recorded here too.
    source_conflicts_imported: int = 0
    #: Open source conflicts closed because both sides now agree on the source.
    source_conflicts_settled: int = 0
    rejections_added: int = 0
    rejections_withdrawn: int = 0
    #: Their rejection state disagreed and ours was kept (nothing written).
    rejections_kept_ours: int = 0
    #: Suggestions editors rejected (``suggestion_rejections``), by the same rule.
    suggestion_rejections_added: int = 0
    suggestion_rejections_withdrawn: int = 0
    suggestion_rejections_kept_ours: int = 0
    history_rows: int = 0
    #: ``history_rows`` by audit entity (``claim``, ``article``, ``source``...).
    history_by_entity: dict[str, int] = field(default_factory=dict)

    @property
    def sources_added(self) -> int:
        return sum(m.how == "added" for m in self.sources)

    @property
    def changed(self) -> bool:
        """True if the merge wrote anything to our workspace."""
        return bool(
            self.articles_added or self.statuses_added or self.editors_added
            or self.sources_added or any(m.aliases_added for m in self.sources)
            or self.sources_updated or self.source_conflicts
            or self.source_conflicts_imported or self.source_conflicts_settled
            or self.claims_added or self.claims_updated or self.claims_deleted
            or self.conflicts or self.conflicts_imported
            or self.rejections_added or self.rejections_withdrawn
            or self.suggestion_rejections_added or self.suggestion_rejections_withdrawn
            or self.history_rows
        )

    def counts(self) -> dict[str, Any]:
        return {
            "articles": {"added": len(self.articles_added), "matched": self.articles_matched},
            "sources": {"added": self.sources_added,
                        "mapped": len(self.sources) - self.sources_added,
                        "updated": len(self.sources_updated),
                        "conflicts": len(self.source_conflicts),
                        "conflicts_known": self.source_conflicts_known,
                        "conflicts_imported": self.source_conflicts_imported,
                        "conflicts_settled": self.source_conflicts_settled},
            "statuses_added": list(self.statuses_added),
            "editors_added": list(self.editors_added),
            "claims": {
                "added": self.claims_added, "unchanged": self.claims_unchanged,
                "updated": self.claims_updated, "kept_ours": self.claims_kept_ours,
                "deleted": self.claims_deleted, "kept_deleted": self.claims_kept_deleted,
                "conflicts": len(self.conflicts), "conflicts_known": self.conflicts_known,
            },
            "conflicts_imported": len(self.conflicts_imported),
            "rejections": {"added": self.rejections_added,
                           "withdrawn": self.rejections_withdrawn,
                           "kept_ours": self.rejections_kept_ours},
            "suggestion_rejections": {"added": self.suggestion_rejections_added,
                                      "withdrawn": self.suggestion_rejections_withdrawn,
                                      "kept_ours": self.suggestion_rejections_kept_ours},
            "history_rows": self.history_rows,
            "history_by_entity": dict(sorted(self.history_by_entity.items())),
        }

    def as_dict(self) -> dict[str, Any]:
        data = {"other": self.other, "changed": self.changed, **self.counts()}
        data["articles"]["added_ids"] = list(self.articles_added)
        data["source_mappings"] = [asdict(m) for m in self.sources]
        data["sources_updated"] = [asdict(c) for c in self.sources_updated]
        data["source_conflicts"] = [asdict(c) for c in self.source_conflicts]
        data["conflicts"] = [asdict(c) for c in self.conflicts]
        data["conflicts_imported"] = [asdict(c) for c in self.conflicts_imported]
        return data


# --- the data an editor sees, for comparing versions -----------------------------------------
def claim_content(claim: Claim) -> Content:
    """What two versions of a claim must share to be equal (not who or when)."""
    return (
        claim.article_id, claim.start, claim.end, claim.quote, claim.prefix, claim.suffix,
        claim.note, claim.wording, claim.status_id,
        tuple((s.source_id, str(s.role)) for s in claim.sources),
        tuple(sorted((e.url, e.title or "") for e in claim.evidence)),
    )


def view_content(view: Any) -> Content | None:
    """:func:`claim_content` of a claim as the audit log stores it (``storage.claims``'
    view); None for partial rows (e.g. a source merge records only the links)."""
    if not isinstance(view, dict) or not {"article_id", "start", "end", "quote",
                                          "status_id"} <= view.keys():
        return None
    return (
        view["article_id"], view["start"], view["end"], view["quote"],
        view.get("prefix", ""), view.get("suffix", ""), view.get("note", ""),
        view.get("wording", ""), view["status_id"],
        tuple((s.get("source_id"), s.get("role")) for s in view.get("sources") or ()),
        tuple(sorted((e.get("url"), e.get("title") or "") for e in view.get("evidence") or ())),
    )


def version_fingerprint(content: Content) -> str:
    return hashlib.sha1(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


def _parse(text: str | None) -> Any:
    return None if text is None else json.loads(text)


SourceVersion = tuple[Any, ...]


def source_version(view: Any) -> SourceVersion | None:
    """A source's :data:`SOURCE_FIELDS` as a comparable tuple, from a row of
    ``merge_store.source_details`` or from the audit JSON of a source; None for partial
    audit rows (alias additions, a merge's ``merged_into``). Rows written before m004 (or
    by ``catalog``) have no note or URL: ``''`` and None, which is what such a source had."""
    if not isinstance(view, dict) or not {"name_ar", "name_en", "kind"} <= view.keys():
        return None
    return (view["name_ar"], view["name_en"], str(view["kind"]), view.get("note") or "",
            view.get("url") or None)


def _details_version(details: dict[str, Any]) -> SourceVersion:
    """:func:`source_version` of a ``merge_store.source_details`` row (always complete)."""
    return (details["name_ar"], details["name_en"], str(details["kind"]),
            details["note"] or "", details["url"] or None)


def _source_versions(rows: list[dict[str, Any]]) -> set[SourceVersion]:
    """Every version of a source its history rows record."""
    out: set[SourceVersion] = set()
    for row in rows:
        for column in ("before", "after"):
            version = source_version(_parse(row[column]))
            if version is not None:
                out.add(version)
    return out


def _recorded(rows: list[dict[str, Any]], key: str) -> set[str]:
    """Every string value of ``key`` in the rows' ``before`` and ``after`` JSON objects."""
    out: set[str] = set()
    for row in rows:
        for column in ("before", "after"):
            data = _parse(row[column])
            if isinstance(data, dict) and isinstance(data.get(key), str):
                out.add(data[key])
    return out


def _decisions(rows: list[dict[str, Any]]) -> set[str]:
    """The rejection decisions (their ``decided_at``) a claim's ``review_rejection`` history
    records. ``decided_at`` is kept when a rejection travels, so it names one decision in
    every workspace."""
    return _recorded(rows, "decided_at")


# Actions of the ``article`` audit rows that record a rejected suggestion or its withdrawal:
# ``reject_suggestion``, ``unreject_suggestion`` and a merge's or pack's own (``merge_…``).
_SUGGESTION_ACTION_SUFFIX = "reject_suggestion"


def _is_suggestion_row(row: dict[str, Any]) -> bool:
    """True for an article's history row about a rejected suggestion (not its import)."""
    return str(row["action"]).endswith(_SUGGESTION_ACTION_SUFFIX)


def _row_fingerprint(row: dict[str, Any]) -> str | None:
    """The suggestion a rejection row is about: ``fingerprint`` of its ``after`` (a
    rejection) or ``before`` (a withdrawal)."""
    for column in ("after", "before"):
        data = _parse(row[column])
        if isinstance(data, dict) and isinstance(data.get("fingerprint"), str):
            return data["fingerprint"]
    return None


def _by_fingerprint(history: dict[str, list[dict[str, Any]]]
                    ) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Articles' history rows about rejected suggestions, by (article id, fingerprint),
    oldest first; the other rows of the articles are left out."""
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for article_id, rows in history.items():
        for row in rows:
            if _is_suggestion_row(row):
                key = _row_fingerprint(row)
                if key is not None:
                    out.setdefault((article_id, key), []).append(row)
    return out


def _suggestion_decisions(rows: list[dict[str, Any]]) -> set[str]:
    """The decisions (their ``rejected_at``) a suggestion's history rows record: every
    withdrawal names the one it withdrew (``before`` is the whole row), and a merge's or
    pack's rejection the one it brought. An editor's own rejection row does not record its
    time (``storage.taxonomy_store``), so a decision nobody withdrew or carried is in no
    history: exactly the "added" case below."""
    return _recorded(rows, "rejected_at")


def _same(value: str) -> str:
    return value


def _walk(value: Any, entity: str | None, *, article: Callable[[str], str],
          source: Callable[[str], str], editor: Callable[[str], str], top: bool = True
          ) -> Any:
    """``value`` (decoded audit JSON) with article, source and editor ids passed through
    these functions; the top-level ``id`` of an ``article`` or ``source`` row is that
    entity's id. Other keys are left as they are (claim, status, conflict ids are the same
    in every workspace)."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(item, str):
                out[key] = _walk(item, entity, article=article, source=source,
                                 editor=editor, top=False)
            elif key in _ARTICLE_KEYS or (top and key == "id" and entity == "article"):
                out[key] = article(item)
            elif key in _SOURCE_KEYS or (top and key == "id" and entity == "source"):
                out[key] = source(item)
            elif key in _EDITOR_KEYS:
                out[key] = editor(item)
            else:
                out[key] = item
        return out
    if isinstance(value, list):
        return [_walk(item, entity, article=article, source=source, editor=editor, top=False)
                for item in value]
    return value


# --- the merge engine ------------------------------------------------------------------------
class _Merge:
    """Bring ``source``'s data into ``target`` inside the caller's transaction."""

    def __init__(self, target: Database, source: Database, *, editor_name: str, other: str,
                 mode: str = MODE_MERGE, article_ids: Sequence[str] | None = None,
                 progress: ProgressFn | None = None, cancelled: CancelledFn | None = None
                 ) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.target = target
        self.source = source
        self.editor_name = editor_name
        self.mode = mode
        self.article_ids = list(article_ids) if article_ids is not None else None
        self.report = MergeReport(other=other)
        self._me: str | None = None
        self.article_map: dict[str, str] = {}
        self.source_map: dict[str, str] = {}
        self.our_source_names: dict[str, tuple[str, str]] = {}
        self.editor_map: dict[str, str | None] = {}
        # What the non-claim history step imports rows for (their id -> ours): entities
        # that are the same on both sides after the merge. A source or status kept
        # different (ours kept, a conflict) gets none of their rows, as a claim in conflict
        # does not: their versions in our history would make the next merge take ours for
        # the newer one and hide the conflict.
        self.source_history: dict[str, str] = {}
        self.status_history: set[str] = set()
        self.conflict_map: dict[str, str] = {}
        self._their_article_hist: dict[str, list[dict[str, Any]]] | None = None
        self.their_editors = {e.id: e for e in merge_store.list_editors(source)}
        self.their_editor_names = {e.id: e.name for e in self.their_editors.values()}
        ours = merge_store.list_editors(target)
        self.our_editor_by_name = {e.name: e.id for e in ours}
        self.our_editor_names = {e.id: e.name for e in ours}
        self.our_editor_ids = {e.id for e in ours}

    # -- who is merging (created only if the merge writes something) --
    def me(self) -> str:
        if self._me is None:
            name = self.editor_name.strip()
            theirs = next((e for e in self.their_editors.values() if e.name == name), None)
            if (name not in self.our_editor_by_name and theirs is not None
                    and theirs.id not in self.our_editor_ids):
                # Known there too: keep one id for one editor in both workspaces.
                merge_store.insert_editor(self.target, theirs, audit_editor_id=None,
                                          action=self.action("editor"))
            editor = catalog.ensure_editor(self.target, self.editor_name)
            self._me = editor.id
            self.our_editor_by_name[editor.name] = editor.id
            self.our_editor_names[editor.id] = editor.name
            self.our_editor_ids.add(editor.id)
        return self._me

    def action(self, what: str) -> str:
        return f"{self.mode}_{what}"

    # -- editors --
    def editor(self, their_id: str | None) -> str | None:
        """Our id of their editor (added by name on first need); None if unknown there."""
        if their_id is None:
            return None
        if their_id in self.editor_map:
            return self.editor_map[their_id]
        theirs = self.their_editors.get(their_id)
        ours: str | None = None
        if theirs is not None:
            ours = self.our_editor_by_name.get(theirs.name)
            if ours is None:
                me = self.me()
                ours = self.our_editor_by_name.get(theirs.name)  # the merging editor itself
                if ours is None:
                    ours = theirs.id if theirs.id not in self.our_editor_ids else new_id()
                    merge_store.insert_editor(
                        self.target, Editor(ours, theirs.name, theirs.initials, theirs.color),
                        audit_editor_id=me, action=self.action("editor"))
                    self.our_editor_by_name[theirs.name] = ours
                    self.our_editor_names[ours] = theirs.name
                    self.our_editor_ids.add(ours)
                    self.report.editors_added.append(theirs.name)
        self.editor_map[their_id] = ours
        return ours

    def _editor_json(self, their_id: str) -> str:
        return self.editor(their_id) or their_id

    def _their_article(self, their_id: str) -> str:
        return self.article_map.get(their_id, their_id)

    def _their_source(self, their_id: str) -> str:
        return self.source_map.get(their_id, their_id)

    def _their_editor_name(self, their_id: str) -> str:
        return self.their_editor_names.get(their_id, their_id)

    def _our_editor_name(self, our_id: str) -> str:
        return self.our_editor_names.get(our_id, our_id)

    def map_json(self, value: Any, entity: str | None = None) -> Any:
        """Their ids inside an audit row's JSON, turned into ours where we know them
        (editors unknown here are added, as for any of their rows we store)."""
        return _walk(value, entity, article=self._their_article, source=self._their_source,
                     editor=self._editor_json)

    def _canonical(self, text: str | None, entity: str, *, theirs: bool) -> str | None:
        """An audit row's JSON with ids in our terms and editors by name, re-serialised:
        equal for the same event recorded in both workspaces. Adds nothing (no editor)."""
        value = _parse(text)
        if theirs:
            value = _walk(value, entity, article=self._their_article,
                          source=self._their_source, editor=self._their_editor_name)
        else:
            value = _walk(value, entity, article=_same, source=_same,
                          editor=self._our_editor_name)
        return merge_store.dumps(value)

    # -- steps --
    def run(self) -> MergeReport:
        merge_store.ensure_merge_schema(self.target)
        self.merge_statuses()
        self.merge_articles()
        self.merge_sources()
        self.merge_claims()
        if self.mode == MODE_MERGE and self.article_ids is None:
            self.merge_deletions()
        # After the claims: rejections and conflicts name claims that must be here.
        self._check_cancelled()
        self.merge_rejections()
        self._check_cancelled()
        self.merge_suggestion_rejections()
        self._check_cancelled()
        self.import_conflicts()
        self._check_cancelled()
        self.merge_history()
        total = self.report.claims_added + self.report.claims_unchanged + \
            self.report.claims_updated + self.report.claims_kept_ours + \
            self.report.claims_kept_deleted + len(self.report.conflicts) + \
            self.report.conflicts_known
        self._tick(total, total)
        if self.report.changed:
            audit.record(self.target, editor_id=self.me(), action=self.action("workspace"),
                         entity="workspace", entity_id=self.report.other, before=None,
                         after=self.report.counts())
        return self.report

    def merge_statuses(self) -> None:
        theirs = catalog.list_statuses(self.source)
        if self.mode == MODE_PACK:
            used = merge_store.used_status_ids(self.source, self.article_ids or [])
            for status in theirs:
                if status.id in used:
                    merge_store.overwrite_status(self.target, status)
                    self.status_history.add(status.id)
            return
        ours = {s.id: s for s in catalog.list_statuses(self.target)}
        for status in theirs:
            if status.id not in ours:
                merge_store.insert_status(self.target, status, editor_id=self.me(),
                                          action=self.action("status"))
                self.report.statuses_added.append(status.id)
                self.status_history.add(status.id)
            elif ours[status.id] == status:  # ours kept; its history only if both agree
                self.status_history.add(status.id)

    def merge_articles(self) -> None:
        keys = merge_store.article_keys(self.source, self.article_ids)
        ours_by_sha = merge_store.article_ids_by_sha(self.target, [k["sha256"] for k in keys])
        to_add = []
        for key in keys:
            our_id = ours_by_sha.get(key["sha256"])
            if our_id is None:
                to_add.append(key)
            else:
                self.article_map[key["id"]] = our_id
                self.report.articles_matched += 1
        taken = merge_store.existing_ids(self.target, "articles", [k["id"] for k in to_add])
        importers = {k["id"]: k["imported_by"] for k in to_add}
        adding = set(importers)
        # Parents before revisions (a revision's revision_of must exist when it is inserted).
        pending = to_add
        while pending:
            ready = [k for k in pending
                     if k["revision_of"] not in adding or k["revision_of"] in self.article_map]
            if not ready:  # a cycle cannot happen, but never loop forever on bad data
                ready = pending
            for chunk in merge_store.chunks([k["id"] for k in ready]):
                for their in articles.get_articles(self.source, list(chunk)):
                    our_id = their.id if their.id not in taken else new_id()
                    revision_of = (self.article_map.get(their.revision_of)
                                   if their.revision_of else None)
                    articles.insert_article(
                        self.target, replace(their, id=our_id, revision_of=revision_of),
                        editor_id=self.editor(importers[their.id]))
                    self.article_map[their.id] = our_id
                    self.report.articles_added.append(our_id)
            done = {k["id"] for k in ready}
            pending = [k for k in pending if k["id"] not in done]

    def merge_sources(self) -> None:
        theirs = catalog.list_sources(self.source)
        if self.mode == MODE_PACK:
            used = merge_store.used_source_ids(self.source, self.article_ids or [])
            theirs = [s for s in theirs if s.id in used]
        their_details = merge_store.source_details(self.source)
        our_sources = {s.id: s for s in catalog.list_sources(self.target)}
        owners = merge_store.source_alias_owners(self.target)
        for their in sorted(theirs, key=lambda s: (s.name_en, s.name_ar, s.id)):
            mapping = self._map_source(their, our_sources, owners, their_details[their.id])
            self.report.sources.append(mapping)
            self.source_map[their.id] = mapping.our_id
        self.merge_source_fields(their_details)
        self.import_source_conflicts(their_details)
        self.our_source_names = {s.id: (s.name_ar, s.name_en)
                                 for s in catalog.list_sources(self.target)}

    def _map_source(self, their: Source, ours: dict[str, Source],
                    owners: dict[str, set[str]], details: dict[str, Any]) -> SourceMapping:
        label = their.name_ar or their.name_en
        match: tuple[str, str] | None = None
        if their.id in ours:
            match = (their.id, "id")
        else:
            spellings = [(their.name_ar, "name"), (their.name_en, "name"),
                         *((alias, "alias") for alias in their.aliases)]
            for spelling, how in spellings:
                if not spelling or not spelling.strip():
                    continue
                found = owners.get(normalize_for_search(spelling), set())
                if len(found) == 1:
                    match = (next(iter(found)), how)
                    break
        if match is None:
            our_id = their.id  # not in ours: checked above
            merge_store.insert_source(self.target, replace(their, id=our_id),
                                      note=details["note"] or "", url=details["url"],
                                      editor_id=self.me(), action="create_source")
            self.source_history[their.id] = our_id
            ours[our_id] = their
            for spelling in (their.name_ar, their.name_en, *their.aliases):
                if spelling and spelling.strip():
                    owners.setdefault(normalize_for_search(spelling), set()).add(our_id)
            return SourceMapping(their.id, label, our_id, label, "added")
        our_id, how = match
        our = ours[our_id]
        added: list[str] = []
        for spelling in (their.name_ar, their.name_en, *their.aliases):
            if not spelling or not spelling.strip():
                continue
            norm = normalize_for_search(spelling)
            if norm in owners:  # ours already knows it (here or as another source's)
                continue
            if merge_store.add_source_alias(self.target, our_id, spelling):
                added.append(spelling)
            owners[norm] = {our_id}
        if added:
            audit.record(self.target, editor_id=self.me(), action=self.action("source_aliases"),
                         entity="source", entity_id=our_id, before=None,
                         after={"aliases_added": added, "from_source": their.id})
        note = ""
        if our.kind != their.kind:
            note = f"kinds differ: ours {our.kind}, theirs {their.kind} (ours kept)"
        return SourceMapping(their.id, label, our_id, our.name_ar or our.name_en, how,
                             tuple(added), note)

    def merge_source_fields(self, their_details: dict[str, dict[str, Any]]) -> None:
        """Names, kind, note and URL of the sources both sides have, decided as claims are
        (module docstring): fast-forward to theirs if only they changed the source since
        the common version, ours kept if only we did, a *source conflict* (ours kept, theirs
        recorded in ``source_conflicts`` until resolved) if both did. Two of theirs mapped
        to one of ours: the one with our id (or else the first) decides, the other is only
        mapped."""
        matched = [(index, m) for index, m in enumerate(self.report.sources)
                   if m.how != "added"]
        if not matched:
            return
        matched.sort(key=lambda item: (item[1].how != "id", item[0]))
        our_details = merge_store.source_details(self.target)
        their_hist = merge_store.audit_rows(self.source, "source",
                                            [m.their_id for _, m in matched])
        our_hist = merge_store.audit_rows(self.target, "source",
                                          sorted({m.our_id for _, m in matched}))
        decided: set[str] = set()
        for index, mapping in matched:
            if mapping.our_id in decided:
                continue
            decided.add(mapping.our_id)
            ours = _details_version(our_details[mapping.our_id])
            theirs = _details_version(their_details[mapping.their_id])
            if ours == theirs:
                self.source_history[mapping.their_id] = mapping.our_id
                continue
            their_rows = their_hist.get(mapping.their_id, [])
            our_rows = our_hist.get(mapping.our_id, [])
            h_theirs = _source_versions(their_rows) | {theirs}
            h_ours = _source_versions(our_rows) | {ours}
            differences = tuple((name, a, b) for name, a, b in zip(SOURCE_FIELDS, ours, theirs,
                                                                   strict=True) if a != b)
            change = SourceChange(mapping.our_id, mapping.their_id, mapping.our_name,
                                  differences)
            ours_is_ancestor, theirs_is_ancestor = ours in h_theirs, theirs in h_ours
            if ours_is_ancestor and theirs_is_ancestor:  # an undo on one side: latest wins
                take_theirs = _last_at(their_rows) > _last_at(our_rows)
            elif ours_is_ancestor or theirs_is_ancestor:
                take_theirs = ours_is_ancestor
            elif h_ours & h_theirs:  # a common version, changed on both sides since
                self._merge_source_fields(mapping, index, change, ours, theirs,
                                          _common_version(our_rows, h_theirs))
                continue
            else:
                # No common version: two sources created apart and matched by a name. Ours
                # stays (the mapping's note says if the kinds differ); nothing to report.
                continue
            if not take_theirs:
                continue
            merge_store.update_source(
                self.target, mapping.our_id, {name: b for name, _, b in differences},
                editor_id=self.me(), action=self.action("update_source"))
            self.report.sources_updated.append(change)
            self.source_history[mapping.their_id] = mapping.our_id
            self.report.sources[index] = replace(
                mapping, our_name=theirs[0] or theirs[1], note="")

    def _merge_source_fields(self, mapping: SourceMapping, index: int, change: SourceChange,
                             ours: SourceVersion, theirs: SourceVersion,
                             base: SourceVersion) -> None:
        """A source changed on both sides since ``base``, merged field by field: a field
        only they changed takes their value, one only we changed keeps ours; a field both
        changed, differently, keeps ours and makes the source a conflict. What is recorded
        in ``source_conflicts`` is the merged source with their values in those fields
        only: taking theirs then changes just the contested fields, and merging the same
        file again finds the same version (nothing new)."""
        merged: list[Any] = []
        contested: list[Any] = []  # the merged version, their value where both changed
        for mine, their_value, common in zip(ours, theirs, base, strict=True):
            if mine == common and their_value != common:
                merged.append(their_value)
                contested.append(their_value)
            else:
                merged.append(mine)
                clash = their_value not in (mine, common)
                contested.append(their_value if clash else mine)
        taken = tuple((name, a, b) for name, a, b in zip(SOURCE_FIELDS, ours, merged,
                                                         strict=True) if a != b)
        if taken:
            merge_store.update_source(
                self.target, mapping.our_id, {name: b for name, _, b in taken},
                editor_id=self.me(), action=self.action("update_source"))
            self.report.sources_updated.append(replace(change, differences=taken))
            self.report.sources[index] = replace(
                mapping, our_name=merged[0] or merged[1], note="")
        if contested != merged:
            self._record_source_conflict(
                replace(change, differences=tuple(
                    (name, a, b) for name, a, b in zip(SOURCE_FIELDS, merged, contested,
                                                       strict=True) if a != b)),
                tuple(contested))

    def import_source_conflicts(self, their_details: dict[str, dict[str, Any]]) -> None:
        """Their open source conflicts (values a third workspace had for some fields of a
        source, kept there), recorded here too for the source they map to: our source now
        with those contested fields as the conflict has them. Not when that is what our
        source holds, or when it is recorded here already."""
        ours_now = merge_store.source_details(self.target)
        self._close_settled_source_conflicts(ours_now, their_details)
        if not merge_store.has_table(self.source, "source_conflicts"):
            return  # written before m008
        for row in merge_store.list_source_conflicts(self.source):
            our_id = self.source_map.get(row["source_id"])
            if our_id is None:  # their source is not among the ones merged
                continue
            theirs_now = _details_version(their_details[row["source_id"]])
            recorded = tuple(row["their_fields"].get(name) for name in SOURCE_FIELDS)
            ours = _details_version(ours_now[our_id])
            version = tuple(value if value != there else mine
                            for value, there, mine in zip(recorded, theirs_now, ours,
                                                          strict=True))
            if version == ours:
                continue
            if merge_store.record_source_conflict(
                    self.target, conflict_id=new_id(), source_id=our_id,
                    their_fields=dict(zip(SOURCE_FIELDS, version, strict=True)),
                    other_version=version_fingerprint(list(version)),
                    other_workspace=row["other_workspace"], detected_by=self.me()):
                self.report.source_conflicts_imported += 1

    def _close_settled_source_conflicts(self, ours_now: dict[str, dict[str, Any]],
                                        their_details: dict[str, dict[str, Any]]) -> None:
        """Our open source conflicts on which the sides came to agree, resolved as
        ``same`` (nothing left to decide): the source now holds the recorded version, or
        the workspace the conflict came from (the one merged now) now holds ours."""
        theirs_now = {m.our_id: _details_version(their_details[m.their_id])
                      for m in self.report.sources if m.their_id in their_details}
        for row in merge_store.list_source_conflicts(self.target):
            version = tuple(row["their_fields"].get(name) for name in SOURCE_FIELDS)
            ours = _details_version(ours_now[row["source_id"]])
            agreed_there = (row["other_workspace"] == self.report.other
                            and theirs_now.get(row["source_id"]) == ours)
            if version == ours or agreed_there:
                merge_store.set_source_conflict_resolved(
                    self.target, row["id"], resolved=True, resolution="same",
                    editor_id=self.me())
                self.report.source_conflicts_settled += 1

    def _record_source_conflict(self, change: SourceChange, version: SourceVersion) -> None:
        """Record ``version`` (ours with their values in the contested fields) unless it
        is recorded already."""
        conflict_id = new_id()
        recorded = merge_store.record_source_conflict(
            self.target, conflict_id=conflict_id, source_id=change.our_id,
            their_fields=dict(zip(SOURCE_FIELDS, version, strict=True)),
            other_version=version_fingerprint(list(version)),
            other_workspace=self.report.other, detected_by=self.me())
        if recorded:
            self.report.source_conflicts.append(replace(change, conflict_id=conflict_id))
        else:
            self.report.source_conflicts_known += 1

    # -- claims --
    def _mapped_claim(self, claim: Claim) -> Claim:
        links: list[ClaimSource] = []
        seen: set[tuple[str, str]] = set()
        for link in claim.sources:
            our = self.source_map.get(link.source_id, link.source_id)
            if (our, str(link.role)) in seen:  # two of theirs mapped to one of ours
                continue
            seen.add((our, str(link.role)))
            name_ar, name_en = self.our_source_names.get(our, (link.name_ar, link.name_en))
            links.append(ClaimSource(our, link.role, name_ar, name_en))
        return replace(
            claim,
            article_id=self.article_map.get(claim.article_id, claim.article_id),
            created_by=self.editor(claim.created_by),
            updated_by=self.editor(claim.updated_by),
            sources=tuple(links),
        )

    # -- history --
    def _key(self, row: dict[str, Any], *, theirs: bool) -> tuple[Any, ...]:
        """A history row's identity in both workspaces: when, who (by name), what, on which
        entity, and whether it deleted it. Reads no JSON and adds no editor."""
        names = self.their_editor_names if theirs else self.our_editor_names
        editor = row["editor_id"]
        return (row["at"], names.get(editor, editor) if editor else None, row["action"],
                row["entity"], row["entity_id"], row["after"] is None)

    def _contents(self, rows: list[dict[str, Any]], *, theirs: bool) -> set[Content]:
        """Every version of a claim these history rows record, in our ids."""
        out: set[Content] = set()
        for row in rows:
            for column in ("before", "after"):
                content = view_content(_parse(row[column]))
                if content is not None:
                    out.add(self._map_content(content) if theirs else content)
        return out

    def _map_content(self, content: Content) -> Content:
        links: list[tuple[str, str]] = []
        for source_id, role in content[9]:
            link = (self.source_map.get(source_id, source_id), role)
            if link not in links:
                links.append(link)
        return (self.article_map.get(content[0], content[0]), *content[1:9], tuple(links),
                content[10])

    def _mapped_row(self, row: dict[str, Any], entity_id: str | None = None
                    ) -> tuple[Any, ...]:
        """Their history row as we store it: editor, article, source ids in ours (the
        entity's own id is ``entity_id`` when ours differs)."""
        entity = row["entity"]
        return (row["at"], self.editor(row["editor_id"]), row["action"], entity,
                entity_id or row["entity_id"],
                merge_store.dumps(self.map_json(_parse(row["before"]), entity)),
                merge_store.dumps(self.map_json(_parse(row["after"]), entity)))

    def _insert_history(self, rows: list[tuple[Any, ...]]) -> None:
        """Append mapped history rows (``_mapped_row``'s shape) and count them."""
        if not rows:
            return
        self.report.history_rows += merge_store.insert_audit_rows(self.target, rows)
        for row in rows:
            self.report.history_by_entity[row[3]] = \
                self.report.history_by_entity.get(row[3], 0) + 1

    def _import_rows(self, theirs: list[dict[str, Any]], ours: list[dict[str, Any]]) -> None:
        """Append their history rows we do not have (same event), mapped to our ids."""
        known = {self._key(row, theirs=False) for row in ours}
        self._insert_history([self._mapped_row(row) for row in theirs
                              if self._key(row, theirs=True) not in known])

    def _history_key(self, row: dict[str, Any], entity_id: str, *, theirs: bool
                     ) -> tuple[Any, ...]:
        """A non-claim history row's identity in both workspaces: when, who (by name),
        what, on which entity (``entity_id``: ours), and its before and after in our ids.
        Reads the JSON (unlike :meth:`_key`: these rows are few, and one source or article
        gets several rows in the same millisecond, e.g. a rename and its aliases)."""
        editor = row["editor_id"]
        if editor is None:
            who = None
        elif theirs:  # an editor unknown there is stored as None (see ``editor``)
            who = self.their_editor_names.get(editor)
        else:
            who = self.our_editor_names.get(editor)
        entity = row["entity"]
        return (row["at"], who, row["action"], entity, entity_id,
                self._canonical(row["before"], entity, theirs=theirs),
                self._canonical(row["after"], entity, theirs=theirs))

    def _import_history(self, entity: str, ids: dict[str, str],
                        their_hist: dict[str, list[dict[str, Any]]] | None = None,
                        our_hist: dict[str, list[dict[str, Any]]] | None = None) -> None:
        """Their history rows of these entities (their id -> ours) that we lack, mapped to
        our ids; the histories are read unless the caller has them."""
        if not ids:
            return
        if their_hist is None:
            their_hist = merge_store.audit_rows(self.source, entity, sorted(ids))
        their_hist = {k: v for k, v in their_hist.items() if k in ids}
        if not their_hist:
            return
        if our_hist is None:
            our_hist = merge_store.audit_rows(self.target, entity,
                                              sorted({ids[k] for k in their_hist}))
        missing: list[tuple[Any, ...]] = []
        for their_id, rows in their_hist.items():
            our_id = ids[their_id]
            known = {self._history_key(row, our_id, theirs=False)
                     for row in our_hist.get(our_id, [])}
            missing.extend(self._mapped_row(row, our_id) for row in rows
                           if self._history_key(row, our_id, theirs=True) not in known)
        self._insert_history(missing)

    def _fresh_evidence(self, claim: Claim, own: set[str]) -> Claim:
        """Their evidence ids, except any already used by another claim of ours."""
        ids = [e.id for e in claim.evidence]
        taken = merge_store.existing_ids(self.target, "evidence", ids) - own if ids else set()
        if not taken:
            return claim
        return replace(claim, evidence=tuple(
            Evidence(new_id(), e.url, e.title) if e.id in taken else e for e in claim.evidence))

    def _restore_evidence_meta(self, claim: Claim, meta: dict[str, tuple[str | None, str]]
                               ) -> None:
        for item in claim.evidence:
            if item.id in meta:
                added_by, added_at = meta[item.id]
                merge_store.set_evidence_meta(self.target, item.id, self.editor(added_by),
                                              added_at)

    def _check_cancelled(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise MergeCancelled("the merge was cancelled; nothing was changed")

    def _tick(self, done: int, total: int) -> None:
        self._check_cancelled()
        if self.progress is not None:
            self.progress(done, total)

    def merge_claims(self) -> None:
        ids = merge_store.claim_ids(self.source, self.article_ids)
        for done in range(0, len(ids), merge_store.CHUNK):
            self._tick(done, len(ids))
            chunk = ids[done : done + merge_store.CHUNK]
            theirs = merge_store.claims_by_ids(self.source, chunk)
            ours = merge_store.claims_by_ids(self.target, chunk)
            their_hist = merge_store.audit_rows(self.source, "claim", chunk)
            our_hist = merge_store.audit_rows(self.target, "claim", chunk)
            meta = merge_store.evidence_meta(self.source, chunk)
            # New claims are written together at the end of the chunk: history first, then
            # the claims (rows, links, evidence, index, one audit row each).
            new_rows: list[tuple[Any, ...]] = []
            new_claims: list[Claim] = []
            new_meta: dict[str, tuple[str | None, str]] = {}
            for claim_id in chunk:
                if claim_id not in theirs:
                    continue
                their = self._mapped_claim(theirs[claim_id])
                their_rows = their_hist.get(claim_id, [])
                our_rows = our_hist.get(claim_id, [])
                if claim_id not in ours and not our_rows:
                    new_rows.extend(self._mapped_row(row) for row in their_rows)
                    fresh = self._fresh_evidence(their, set())
                    new_claims.append(fresh)
                    for item in fresh.evidence:
                        if item.id in meta:
                            new_meta[item.id] = (self.editor(meta[item.id][0]),
                                                 meta[item.id][1])
                    continue
                self._merge_claim(their, ours.get(claim_id), their_rows, our_rows, meta)
            if new_claims:
                self._insert_history(new_rows)
                merge_store.bulk_insert_claims(self.target, new_claims, editor_id=self.me(),
                                               action=self.action("claim"),
                                               evidence_meta=new_meta)
                self.report.claims_added += len(new_claims)

    def _merge_claim(self, their: Claim, our: Claim | None, their_rows: list[dict[str, Any]],
                     our_rows: list[dict[str, Any]], meta: dict[str, tuple[str | None, str]]
                     ) -> None:
        """A claim both sides know (or knew: ``our`` None means we deleted it)."""
        ct = claim_content(their)
        if our is None:
            if ct in self._contents(our_rows, theirs=False):
                self.report.claims_kept_deleted += 1
            else:
                self._conflict(their, our, merge_store.CONFLICT_DELETED_HERE, meta)
            return
        co = claim_content(our)
        if co == ct:
            self._import_rows(their_rows, our_rows)
            self.report.claims_unchanged += 1
            return
        h_theirs = self._contents(their_rows, theirs=True)
        h_ours = self._contents(our_rows, theirs=False)
        ours_is_ancestor, theirs_is_ancestor = co in h_theirs, ct in h_ours
        if ours_is_ancestor and theirs_is_ancestor:
            take_theirs: bool | None = their.updated_at > our.updated_at
        elif ours_is_ancestor or theirs_is_ancestor:
            take_theirs = ours_is_ancestor
        elif not their_rows or not our_rows:
            take_theirs = _by_timestamps(our, their)
        else:
            take_theirs = None
        if take_theirs is None:
            self._conflict(their, our, merge_store.CONFLICT_BOTH_CHANGED, meta)
        elif take_theirs:
            self._import_rows(their_rows, our_rows)
            fresh = self._fresh_evidence(their, {e.id for e in our.evidence})
            merge_store.overwrite_claim(
                self.target, fresh, editor_id=self.me(), action=self.action("update_claim"),
                evidence_meta_={e.id: (self.editor(meta[e.id][0]), meta[e.id][1])
                                for e in fresh.evidence if e.id in meta})
            self.report.claims_updated += 1
        else:
            self.report.claims_kept_ours += 1

    def _conflict(self, their: Claim, our: Claim | None, kind: str,
                  meta: dict[str, tuple[str | None, str]]) -> None:
        version = version_fingerprint(claim_content(their))
        if merge_store.known_conflict(self.target, their.id, version):
            self.report.conflicts_known += 1
            return
        copy_id = str(uuid.uuid5(_COPY_NAMESPACE, f"{their.id}:{version}"))
        if merge_store.existing_ids(self.target, "claims", [copy_id]):
            self.report.conflicts_known += 1  # the copy is here already (merged from elsewhere)
            return
        copy = replace(their, id=copy_id, evidence=tuple(
            Evidence(str(uuid.uuid5(_COPY_NAMESPACE, f"{copy_id}:{e.id}")), e.url, e.title)
            for e in their.evidence))
        claims.insert_claim(self.target, copy, editor_id=self.me(),
                            action=self.action("conflict_copy"))
        self._restore_evidence_meta(copy, {
            str(uuid.uuid5(_COPY_NAMESPACE, f"{copy_id}:{k}")): v for k, v in meta.items()})
        conflict_id = new_id()
        merge_store.insert_conflict(
            self.target, conflict_id=conflict_id, claim_id=their.id, other_claim_id=copy_id,
            kind=kind, other_version=version, other_workspace=self.report.other,
            other_editor=self._editor_name(their.updated_by), detected_by=self.me())
        self.report.conflicts.append(ConflictInfo(
            conflict_id, their.id, copy_id, kind, (our or their).article_id, their.quote))

    def _editor_name(self, our_editor_id: str | None) -> str | None:
        return self.our_editor_names.get(our_editor_id) if our_editor_id else None

    def merge_deletions(self) -> None:
        """Their deletions of claims we have: carried over if we did not change the claim
        since the version they deleted; a ``deleted_there`` conflict otherwise."""
        deleted = merge_store.deleted_claim_ids(self.source)
        for chunk in merge_store.chunks(deleted):
            ours = merge_store.claims_by_ids(self.target, chunk)
            if not ours:
                continue
            present = list(ours)
            their_hist = merge_store.audit_rows(self.source, "claim", present)
            our_hist = merge_store.audit_rows(self.target, "claim", present)
            for claim_id, our in ours.items():
                their_rows = their_hist.get(claim_id, [])
                our_rows = our_hist.get(claim_id, [])
                if claim_content(our) in self._contents(their_rows, theirs=True):
                    self._import_rows(their_rows, our_rows)
                    claims.delete_claim(self.target, claim_id, editor_id=self.me(),
                                        action=self.action("delete_claim"))
                    self.report.claims_deleted += 1
                    continue
                version = "deleted"
                if merge_store.known_conflict(self.target, claim_id, version):
                    self.report.conflicts_known += 1
                    continue
                conflict_id = new_id()
                last = their_hist.get(claim_id, [{}])[-1]
                merge_store.insert_conflict(
                    self.target, conflict_id=conflict_id, claim_id=claim_id,
                    other_claim_id=None, kind=merge_store.CONFLICT_DELETED_THERE,
                    other_version=version, other_workspace=self.report.other,
                    other_editor=self.their_editor_names.get(last.get("editor_id") or ""),
                    detected_by=self.me())
                self.report.conflicts.append(ConflictInfo(
                    conflict_id, claim_id, None, merge_store.CONFLICT_DELETED_THERE,
                    our.article_id, our.quote))

    # -- the adjudicator's rejections --
    def merge_rejections(self) -> None:
        """Their ``review_rejections`` (module docstring): added for editors' claims that
        are here, unless our history shows we withdrew that very decision; ours withdrawn
        when their history shows they withdrew that very decision. A workspace from
        before m006 has neither rows nor history of them."""
        if not merge_store.has_table(self.source, "review_rejections"):
            return
        theirs = merge_store.rejection_rows(self.source, self.article_ids)
        # Claims with a rejection history there (rejected, maybe withdrawn since).
        if self.article_ids is None:
            audited = merge_store.audited_ids(self.source, "review_rejection")
        else:
            audited = merge_store.claim_ids(self.source, self.article_ids)
        their_hist = merge_store.audit_rows(self.source, "review_rejection", audited)
        ids = sorted(set(theirs) | set(their_hist))
        if not ids:
            return
        ours = merge_store.rejections_of_claims(self.target, ids)
        our_hist = merge_store.audit_rows(self.target, "review_rejection", ids)
        layers = merge_store.claim_layers(self.target, ids)
        there = merge_store.existing_ids(self.source, "claims", ids)
        adds: list[dict[str, Any]] = []
        withdrawals: list[str] = []
        agreed: dict[str, str] = {}  # claims whose rejection history comes along
        for claim_id in ids:
            if layers.get(claim_id) != EDITOR_LAYER:  # not here (deleted), or reviewed
                continue
            their, our = theirs.get(claim_id), ours.get(claim_id)
            their_rows = their_hist.get(claim_id, [])
            if their is not None and our is not None:
                agreed[claim_id] = claim_id  # rejected on both sides: ours stays as it is
            elif their is not None:
                if their["decided_at"] in _decisions(our_hist.get(claim_id, [])):
                    self.report.rejections_kept_ours += 1  # we withdrew this decision
                    continue
                adds.append(their)
                agreed[claim_id] = claim_id
            elif our is not None:
                # Their claim is there and not rejected: withdrawn (a deleted claim lost its
                # rejection with it, and the claims' own rule decides about the claim).
                if claim_id in there and our["decided_at"] in _decisions(their_rows):
                    withdrawals.append(claim_id)
                    agreed[claim_id] = claim_id
                elif claim_id in there and their_rows:
                    self.report.rejections_kept_ours += 1  # ours is a later decision
            else:
                agreed[claim_id] = claim_id  # rejected and withdrawn there; not here
        # Their history first, then our record of the change (as for claims): the last
        # row of a rejection's history is then always its state here.
        self._import_history("review_rejection", agreed, their_hist, our_hist)
        for their in adds:
            if merge_store.insert_rejection(
                    self.target, their["claim_id"],
                    decided_by=self.editor(their["decided_by"]),
                    decided_at=their["decided_at"], editor_id=self.me(),
                    action=self.action("reject_claim")):
                self.report.rejections_added += 1
        for claim_id in withdrawals:
            if merge_store.delete_rejection(self.target, claim_id, editor_id=self.me(),
                                            action=self.action("unreject_claim")):
                self.report.rejections_withdrawn += 1

    # -- suggestions editors rejected --
    def _their_article_history(self) -> dict[str, list[dict[str, Any]]]:
        """Their audit rows of the articles in this merge (their ids), read once: the
        source is never written, so they cannot change meanwhile."""
        if self._their_article_hist is None:
            self._their_article_hist = merge_store.audit_rows(
                self.source, "article", sorted(self.article_map))
        return self._their_article_hist

    def merge_suggestion_rejections(self) -> None:
        """Their ``suggestion_rejections`` of the articles in this merge, by the rule of the
        adjudicator's rejections (module docstring, suggestion rejection table): a
        rejection is one (article, fingerprint), its decision named by ``rejected_at``
        (kept when it travels), and each side's history of it (``article`` rows of
        ``reject_suggestion`` / ``unreject_suggestion``) tells which decisions it knew.

        Where both sides agree after the merge, their history of that suggestion is
        imported first, then our record of the change, so its last row is its state here;
        where ours is kept different, none of it (it would name decisions we do not
        hold). A workspace from before m004 has no table: nothing of it (as for claims'
        rejections before m006). Runs in the merge's transaction."""
        if not self.article_map or not merge_store.has_table(self.source,
                                                              "suggestion_rejections"):
            return
        theirs = merge_store.suggestion_rejection_rows(self.source, sorted(self.article_map))
        their_hist = _by_fingerprint(self._their_article_history())
        keys = sorted(set(theirs) | set(their_hist))
        if not keys:
            return
        our_ids = sorted({self.article_map[article_id] for article_id, _ in keys})
        ours = merge_store.suggestion_rejection_rows(self.target, our_ids)
        our_article_hist = merge_store.audit_rows(self.target, "article", our_ids)
        our_hist = _by_fingerprint(our_article_hist)
        adds: list[tuple[str, dict[str, Any]]] = []  # (our article id, their row)
        withdrawals: list[tuple[str, str]] = []  # (our article id, fingerprint)
        agreed: set[tuple[str, str]] = set()  # their keys whose history comes along
        for key in keys:
            their_article, fingerprint = key
            here = (self.article_map[their_article], fingerprint)
            their, our = theirs.get(key), ours.get(here)
            if their is not None and our is not None:
                agreed.add(key)  # rejected on both sides: ours stays as it is
            elif their is not None:
                if their["rejected_at"] in _suggestion_decisions(our_hist.get(here, [])):
                    self.report.suggestion_rejections_kept_ours += 1  # we withdrew it
                    continue
                adds.append((here[0], their))
                agreed.add(key)
            elif our is not None:
                # Not rejected there, and their history names this suggestion (else the key
                # would not be here): withdrawn there, or theirs was another decision.
                if our["rejected_at"] in _suggestion_decisions(their_hist.get(key, [])):
                    withdrawals.append(here)
                    agreed.add(key)
                else:
                    self.report.suggestion_rejections_kept_ours += 1  # ours is later
            else:
                agreed.add(key)  # rejected and withdrawn there; not rejected here
        history: dict[str, list[dict[str, Any]]] = {}
        for their_article, fingerprint in sorted(agreed):
            history.setdefault(their_article, []).extend(
                their_hist.get((their_article, fingerprint), []))
        for rows in history.values():
            rows.sort(key=lambda row: row["id"])  # their order of events, across suggestions
        self._import_history("article", {a: self.article_map[a] for a in history}, history,
                             our_article_hist)
        for our_article, their in adds:
            if merge_store.insert_suggestion_rejection(
                    self.target, article_id=our_article, fingerprint=their["fingerprint"],
                    start=their["start"], end=their["end"], quote=their["quote"],
                    rejected_by=self.editor(their["rejected_by"]),
                    rejected_at=their["rejected_at"], editor_id=self.me(),
                    action=self.action("reject_suggestion")):
                self.report.suggestion_rejections_added += 1
        for our_article, fingerprint in withdrawals:
            if merge_store.delete_suggestion_rejection(
                    self.target, our_article, fingerprint, editor_id=self.me(),
                    action=self.action("unreject_suggestion")):
                self.report.suggestion_rejections_withdrawn += 1

    # -- conflicts the other workspace recorded --
    def import_conflicts(self) -> None:
        """Their open ``merge_conflicts`` rows, recorded here too unless the same conflict
        is (same claim and version, or same conflict copy; resolved here counts) or the
        claim it is about is not here. Resolutions there are not carried."""
        rows = merge_store.list_conflicts(self.source)  # [] before m005
        if self.article_ids is not None and rows:
            scope = set(merge_store.claim_ids(self.source, self.article_ids))
            rows = [r for r in rows
                    if r["claim_id"] in scope or r["other_claim_id"] in scope]
        if not rows:
            return
        copies = merge_store.claims_by_ids(
            self.source, [r["other_claim_id"] for r in rows if r["other_claim_id"]])
        subjects = merge_store.claims_by_ids(
            self.target, sorted({r["other_claim_id"] or r["claim_id"] for r in rows}))
        for row in rows:
            version = self._version_here(row, copies.get(row["other_claim_id"] or ""))
            known = merge_store.find_conflict(self.target, row["claim_id"],
                                              {version, row["other_version"]},
                                              row["other_claim_id"])
            if known is not None:
                self.conflict_map[row["id"]] = known
                continue
            # The conflict copy (their version) or, for deleted_there, the kept claim.
            subject = subjects.get(row["other_claim_id"] or row["claim_id"])
            if subject is None:  # deleted here: already decided, nothing to list
                continue
            taken = merge_store.existing_ids(self.target, "merge_conflicts", [row["id"]])
            conflict_id = new_id() if taken else row["id"]
            merge_store.import_conflict(
                self.target, conflict_id=conflict_id, claim_id=row["claim_id"],
                other_claim_id=row["other_claim_id"], kind=row["kind"],
                other_version=version, other_workspace=row["other_workspace"],
                other_editor=row["other_editor"], detected_at=row["detected_at"],
                detected_by=self.editor(row["detected_by"]), editor_id=self.me(),
                action=self.action("import_conflict"))
            self.conflict_map[row["id"]] = conflict_id
            self.report.conflicts_imported.append(ConflictInfo(
                conflict_id, row["claim_id"], row["other_claim_id"], row["kind"],
                subject.article_id, subject.quote))

    def _version_here(self, row: dict[str, Any], copy: Claim | None) -> str:
        """Their conflict's ``other_version`` in our ids, so the same conflict found here
        (by a merge of the same file) matches it. It is the fingerprint of the conflict
        copy's content in their ids; while the copy is unchanged, that content mapped to
        ours gives our fingerprint. Otherwise (copy edited or gone) theirs is kept."""
        if copy is None or version_fingerprint(claim_content(copy)) != row["other_version"]:
            return str(row["other_version"])
        return version_fingerprint(self._map_content(claim_content(copy)))

    # -- everything else's history --
    def merge_history(self) -> None:
        """Their audit rows of articles, sources, statuses, editors and conflicts (claims'
        and rejections' come with them), for the entities that are the same on both sides
        after the merge, mapped to our ids and deduplicated (:meth:`_history_key`).

        Left out: ``workspace`` rows (their record of each merge they made: importing
        them would be news for the other side at every merge, so two workspaces merging
        back and forth would never reach "nothing new"), and entities this module does
        not know (their ids could not be mapped)."""
        # An article's rows about rejected suggestions came with the rejections (only for
        # the suggestions on which both sides agree): not again here.
        self._check_cancelled()
        self._import_history("article", dict(self.article_map), {
            article_id: [row for row in rows if not _is_suggestion_row(row)]
            for article_id, rows in self._their_article_history().items()})
        plan: list[tuple[str, dict[str, str]]] = [
            ("source", self.source_history),
            ("status", {s: s for s in self.status_history}),
            ("merge_conflict", self.conflict_map),
        ]
        for entity, ids in plan:
            self._check_cancelled()
            self._import_history(entity, dict(ids))
        # Editors last, and again for any editor the rows just imported added here (who
        # made a change is added with it): otherwise their own history would only come
        # with the next merge, and that merge would not be "nothing new".
        done: set[str] = set()
        while True:
            editors = {e.id: self.our_editor_by_name[e.name]
                       for e in self.their_editors.values()
                       if e.name in self.our_editor_by_name and e.id not in done}
            if not editors:
                break
            done.update(editors)
            self._check_cancelled()
            self._import_history("editor", editors)


def _common_version(our_rows: list[dict[str, Any]], theirs: set[SourceVersion]
                    ) -> SourceVersion:
    """The latest version of a source in our history rows that ``theirs`` (their versions)
    also has: the base of a field-by-field merge. Callers know there is one."""
    ordered = sorted(our_rows, key=lambda row: (row["at"], row["id"]), reverse=True)
    for row in ordered:
        for column in ("after", "before"):
            version = source_version(_parse(row[column]))
            if version is not None and version in theirs:
                return version
    raise AssertionError("no common version")  # the caller checked the intersection


def _last_at(rows: list[dict[str, Any]]) -> str:
    """The latest time in these history rows (not the last row: imported rows are appended
    after a merge's own, with their earlier times)."""
    return max((row["at"] for row in rows), default="")


def _by_timestamps(our: Claim, their: Claim) -> bool | None:
    """Decide without history: a side still at its creation time did not change it."""
    ours_untouched = our.updated_at == our.created_at
    theirs_untouched = their.updated_at == their.created_at
    if ours_untouched and not theirs_untouched and their.updated_at > our.updated_at:
        return True
    if theirs_untouched and not ours_untouched:
        return False
    return None


# --- public API ------------------------------------------------------------------------------
def _same_file(a: str | Path, b: str | Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def merge(workspace: Workspace, other: str | Path, *, progress: ProgressFn | None = None,
          cancelled: CancelledFn | None = None) -> MergeReport:
    """Merge the workspace file ``other`` into ``workspace`` (see the module docstring).

    Opens ``other`` read-only and never writes to it; refuses it (nothing written anywhere)
    if it is not a workspace, was written by a newer version, or is this workspace itself.
    One transaction on ``workspace``: on any error nothing of the merge is kept. Changes are
    recorded in the audit log by ``workspace.editor_name``, plus the other side's history.

    ``progress(done, total)`` is called between chunks of claims (and once at the end);
    ``cancelled()``, checked at the same points, stops the merge with
    :class:`MergeCancelled`, its transaction rolled back. Both run on the calling thread.
    """
    other_path = Path(other)
    if workspace.path != ":memory:" and _same_file(workspace.path, other_path):
        raise WorkspaceError("cannot merge a workspace into itself", path=str(other_path))
    source = merge_store.open_readonly(other_path)
    try:
        with workspace.db.atomic():
            return _Merge(workspace.db, source, editor_name=workspace.editor_name,
                          other=str(other_path.resolve()), progress=progress,
                          cancelled=cancelled).run()
    finally:
        source.close()


def merge_into(target: Database, source: Database, *, editor_name: str, other: str,
               mode: str = MODE_MERGE, article_ids: Sequence[str] | None = None
               ) -> MergeReport:
    """The merge engine on two open databases, inside the caller's transaction on
    ``target`` (``source`` is only read). ``article_ids`` (ids in ``source``) restricts it to
    those articles and their claims; ``mode`` ``pack`` takes only the sources and statuses
    those claims use, overwriting same-id statuses with ``source``'s definitions."""
    if mode not in (MODE_MERGE, MODE_PACK):
        raise InvalidValue(f"unknown merge mode {mode!r}")
    return _Merge(target, source, editor_name=editor_name, other=other, mode=mode,
                  article_ids=article_ids).run()


def list_conflicts(workspace: Workspace, *, include_resolved: bool = False
                   ) -> list[dict[str, Any]]:
    """Recorded merge conflicts on claims, oldest first: the ``merge_conflicts`` columns."""
    return merge_store.list_conflicts(workspace.db, include_resolved=include_resolved)


def list_source_conflicts(workspace: Workspace, *, include_resolved: bool = False
                          ) -> list[dict[str, Any]]:
    """Recorded source conflicts, oldest first: the ``source_conflicts`` columns with
    ``their_fields`` parsed, plus ``ours`` (our source's fields now) and ``name``."""
    details = merge_store.source_details(workspace.db)
    out = []
    for row in merge_store.list_source_conflicts(workspace.db,
                                                 include_resolved=include_resolved):
        ours = details[row["source_id"]]
        out.append({**row, "name": ours["name_ar"] or ours["name_en"],
                    "ours": {name: ours[name] for name in SOURCE_FIELDS}})
    return out


THEIRS = "theirs"


def resolve_conflict(workspace: Workspace, conflict_id: str, *, resolution: str = "resolved",
                     resolved: bool = True) -> dict[str, Any]:
    """Mark a conflict (id or unique prefix; a claim's or a source's) resolved (or open
    again); one transaction. Returns the new row (a source conflict's has ``kind``
    ``source``).

    A claim's conflict: the claims themselves are edited with the ordinary operations. A
    source's: resolving it as ``theirs`` (:data:`THEIRS`) also gives our source their
    fields (old names stay aliases, audited); any other resolution keeps ours."""
    db = workspace.db
    with db.atomic():
        editor_id = catalog.ensure_editor(db, workspace.editor_name).id
        source_conflict = merge_store.find_source_conflict(db, conflict_id)
        if source_conflict is None:
            merge_store.set_conflict_resolved(
                db, merge_store.get_conflict(db, conflict_id)["id"], resolved=resolved,
                resolution=resolution if resolved else None, editor_id=editor_id)
        else:
            if resolved and resolution == THEIRS:
                ours = merge_store.source_details(db)[source_conflict["source_id"]]
                changes = {name: value for name, value in
                           source_conflict["their_fields"].items() if ours[name] != value}
                if changes:
                    merge_store.update_source(db, source_conflict["source_id"], changes,
                                              editor_id=editor_id,
                                              action="resolve_source_conflict")
            merge_store.set_source_conflict_resolved(
                db, source_conflict["id"], resolved=resolved,
                resolution=resolution if resolved else None, editor_id=editor_id)
    if source_conflict is not None:
        row = merge_store.find_source_conflict(db, source_conflict["id"])
        assert row is not None
        return {**row, "kind": "source"}
    return merge_store.get_conflict(db, conflict_id)


def restore_source_conflict(workspace: Workspace, taxonomy: Taxonomy,
                            snapshot: TaxonomySnapshot, conflict_id: str, *,
                            resolution: str | None, action: str,
                            scope: TaxonomyScope | None = None) -> None:
    """Undo or redo of a source conflict decided in the window: the catalogue put back as
    ``snapshot`` (a :class:`~annotator.services.taxonomy.TaxonomySnapshot`, restored by
    ``taxonomy``, a :class:`~annotator.services.taxonomy.Taxonomy`; only the rows of
    ``scope`` when given) and the conflict resolved as ``resolution`` (None: open again),
    in one transaction. Raises what ``Taxonomy.restore`` raises, with nothing written."""
    db = workspace.db
    with db.atomic():
        taxonomy.restore(snapshot, action=action, scope=scope)
        merge_store.set_source_conflict_resolved(
            db, conflict_id, resolved=resolution is not None, resolution=resolution,
            editor_id=catalog.ensure_editor(db, workspace.editor_name).id)


__all__ = [
    "SOURCE_FIELDS",
    "THEIRS",
    "ConflictInfo",
    "MergeCancelled",
    "MergeReport",
    "SourceChange",
    "SourceMapping",
    "claim_content",
    "list_conflicts",
    "list_source_conflicts",
    "merge",
    "merge_into",
    "resolve_conflict",
    "restore_source_conflict",
    "source_version",
    "version_fingerprint",
    "view_content",
]
