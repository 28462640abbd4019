"""Merging another editor's workspace into this one, and listing what could not be merged.

``merge(workspace, path)`` brings in, from the other workspace (opened read-only, never
changed, refused if a newer version wrote it):

- **articles**, matched by the sha256 of their body (ids may differ between workspaces);
  unmatched ones are added with their id (a new one only if it is taken);
- **statuses** by id (missing ones added; ours keep their labels);
- **sources** by id, then by normalised Arabic or English name, then by alias; what was mapped
  and how is reported; unmatched sources are added; spellings the other side knows and no
  source of ours has are added to the mapped source as aliases;
- **editors** by name (added when something of theirs needs them, with their id if free);
- **claims** with their source links, evidence and history (``audit_log`` rows), mapped to
  our ids.

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

Conflicts are recorded in ``merge_conflicts`` (see :mod:`storage.merge_store`) with the
other side's version fingerprint, so merging the same file twice changes nothing: no row,
no audit entry, no index entry. History rows are deduplicated by (time, editor, action,
entity, before, after) in our ids.

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
from typing import Any

from sqlite_utils import Database

from annotator.domain.errors import AnnotatorError, InvalidValue, WorkspaceError
from annotator.domain.models import Claim, ClaimSource, Editor, Evidence, Source, new_id
from annotator.services.workspace import Workspace
from annotator.storage import articles, audit, catalog, claims, merge_store
from annotator.text.normalize import normalize_for_search

# Conflict copies and their evidence get ids derived from (claim, version): the same conflict
# found in two workspaces gets the same copy id, so merging those later matches them.
_COPY_NAMESPACE = uuid.UUID("6f0c7a52-4bd4-4c1e-9d0e-3a5f2f6b9e11")
_EDITOR_KEYS = frozenset({"created_by", "updated_by", "editor_id", "added_by", "imported_by"})

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
    history_rows: int = 0

    @property
    def sources_added(self) -> int:
        return sum(m.how == "added" for m in self.sources)

    @property
    def changed(self) -> bool:
        """True if the merge wrote anything to our workspace."""
        return bool(
            self.articles_added or self.statuses_added or self.editors_added
            or self.sources_added or any(m.aliases_added for m in self.sources)
            or self.claims_added or self.claims_updated or self.claims_deleted
            or self.conflicts or self.history_rows
        )

    def counts(self) -> dict[str, Any]:
        return {
            "articles": {"added": len(self.articles_added), "matched": self.articles_matched},
            "sources": {"added": self.sources_added,
                        "mapped": len(self.sources) - self.sources_added},
            "statuses_added": list(self.statuses_added),
            "editors_added": list(self.editors_added),
            "claims": {
                "added": self.claims_added, "unchanged": self.claims_unchanged,
                "updated": self.claims_updated, "kept_ours": self.claims_kept_ours,
                "deleted": self.claims_deleted, "kept_deleted": self.claims_kept_deleted,
                "conflicts": len(self.conflicts), "conflicts_known": self.conflicts_known,
            },
            "history_rows": self.history_rows,
        }

    def as_dict(self) -> dict[str, Any]:
        data = {"other": self.other, "changed": self.changed, **self.counts()}
        data["articles"]["added_ids"] = list(self.articles_added)
        data["source_mappings"] = [asdict(m) for m in self.sources]
        data["conflicts"] = [asdict(c) for c in self.conflicts]
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

    def _editor_json(self, their_id: Any) -> Any:
        return (self.editor(their_id) or their_id) if isinstance(their_id, str) else their_id

    def map_json(self, value: Any) -> Any:
        """Their ids inside an audit row's JSON, turned into ours where we know them."""
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                if key == "article_id" and isinstance(item, str):
                    out[key] = self.article_map.get(item, item)
                elif key == "source_id" and isinstance(item, str):
                    out[key] = self.source_map.get(item, item)
                elif key in _EDITOR_KEYS:
                    out[key] = self._editor_json(item)
                else:
                    out[key] = self.map_json(item)
            return out
        if isinstance(value, list):
            return [self.map_json(item) for item in value]
        return value

    # -- steps --
    def run(self) -> MergeReport:
        merge_store.ensure_merge_schema(self.target)
        self.merge_statuses()
        self.merge_articles()
        self.merge_sources()
        self.merge_claims()
        if self.mode == MODE_MERGE and self.article_ids is None:
            self.merge_deletions()
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
            return
        ours = {s.id for s in catalog.list_statuses(self.target)}
        for status in theirs:
            if status.id not in ours:
                merge_store.insert_status(self.target, status, editor_id=self.me(),
                                          action=self.action("status"))
                self.report.statuses_added.append(status.id)

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
        our_sources = {s.id: s for s in catalog.list_sources(self.target)}
        owners = merge_store.source_alias_owners(self.target)
        for their in sorted(theirs, key=lambda s: (s.name_en, s.name_ar, s.id)):
            mapping = self._map_source(their, our_sources, owners)
            self.report.sources.append(mapping)
            self.source_map[their.id] = mapping.our_id
        self.our_source_names = {s.id: (s.name_ar, s.name_en)
                                 for s in catalog.list_sources(self.target)}

    def _map_source(self, their: Source, ours: dict[str, Source],
                    owners: dict[str, set[str]]) -> SourceMapping:
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
            catalog.insert_source_row(self.target, replace(their, id=our_id),
                                      editor_id=self.me())
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

    def _mapped_row(self, row: dict[str, Any]) -> tuple[Any, ...]:
        """Their history row as we store it: editor, article, source ids in ours."""
        return (row["at"], self.editor(row["editor_id"]), row["action"], row["entity"],
                row["entity_id"], merge_store.dumps(self.map_json(_parse(row["before"]))),
                merge_store.dumps(self.map_json(_parse(row["after"]))))

    def _import_rows(self, theirs: list[dict[str, Any]], ours: list[dict[str, Any]]) -> None:
        """Append their history rows we do not have (same event), mapped to our ids."""
        known = {self._key(row, theirs=False) for row in ours}
        missing = [self._mapped_row(row) for row in theirs
                   if self._key(row, theirs=True) not in known]
        if missing:
            self.report.history_rows += merge_store.insert_audit_rows(self.target, missing)

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

    def _tick(self, done: int, total: int) -> None:
        if self.cancelled is not None and self.cancelled():
            raise MergeCancelled("the merge was cancelled; nothing was changed")
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
                if new_rows:
                    self.report.history_rows += merge_store.insert_audit_rows(self.target,
                                                                              new_rows)
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
    """Recorded merge conflicts, oldest first: the ``merge_conflicts`` columns."""
    return merge_store.list_conflicts(workspace.db, include_resolved=include_resolved)


def resolve_conflict(workspace: Workspace, conflict_id: str, *, resolution: str = "resolved",
                     resolved: bool = True) -> dict[str, Any]:
    """Mark a conflict (id or unique prefix) resolved (or open again); one transaction.
    The claims themselves are edited with the ordinary operations. Returns the new row."""
    with workspace.db.atomic():
        merge_store.set_conflict_resolved(
            workspace.db, merge_store.get_conflict(workspace.db, conflict_id)["id"],
            resolved=resolved, resolution=resolution if resolved else None,
            editor_id=catalog.ensure_editor(workspace.db, workspace.editor_name).id)
    return merge_store.get_conflict(workspace.db, conflict_id)


__all__ = [
    "ConflictInfo",
    "MergeCancelled",
    "MergeReport",
    "SourceMapping",
    "claim_content",
    "list_conflicts",
    "merge",
    "merge_into",
    "resolve_conflict",
    "version_fingerprint",
    "view_content",
]
