"""Attribution suggestions for an article, and what editors do with them.

The suggester itself is ``services.suggest_engine`` (pure, deterministic: article text and
the workspace's sources in, :class:`Suggestion` out). This module puts it in a workspace:

- :func:`suggestions` runs it on a stored article with the workspace's sources and aliases,
  drops the spans that are already claims and (unless asked) those an editor rejected, and
  lists, on each suggestion, the existing claims it overlaps.
- :func:`apply` turns suggestions into claims with status ``unverified`` (by default), created
  by the editor ``suggester``; a new source a suggestion proposes is created on the way (once,
  however many suggestions name it). One transaction for the whole batch; applying the same
  suggestions twice creates nothing the second time.
- :func:`reject` remembers, per article, a suggestion an editor turned down (by its
  fingerprint, or by span), :func:`unreject` forgets it, :func:`rejections` lists them.

Offsets are Unicode code points into the stored article text, end exclusive. Writers run one
transaction each and audit what they change. No Qt; the SQL is in ``storage``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from sqlite_utils import Database

from annotator.domain.defaults import DEFAULT_STATUS_ID
from annotator.domain.errors import InvalidSpan, InvalidValue, NotFound
from annotator.domain.models import ClaimSource, SourceRole
from annotator.domain.operations import ChangeSet
from annotator.services import annotating
from annotator.services.suggest_engine import suggest
from annotator.services.suggest_types import ProposedSource, Suggestion
from annotator.services.suggest_types import fingerprint as make_fingerprint
from annotator.services.taxonomy import alias_language
from annotator.storage import articles, catalog, claims, taxonomy_store
from annotator.storage.taxonomy_store import Rejection
from annotator.text.normalize import normalize_for_search

__all__ = [
    "SUGGESTER_EDITOR",
    "ApplyResult",
    "Rejection",
    "Suggestion",
    "apply",
    "reject",
    "rejections",
    "suggestions",
    "unreject",
]

#: The editor recorded as creator of claims made from suggestions.
SUGGESTER_EDITOR = "suggester"


@dataclass(frozen=True)
class ApplyResult:
    """Claims created (ids, in reading order), sources created (ids), fingerprints of
    suggestions skipped because their span is already a claim, and the change set."""

    claim_ids: tuple[str, ...]
    created_sources: tuple[str, ...]
    skipped: tuple[str, ...]
    changes: ChangeSet

    def as_dict(self) -> dict[str, Any]:
        return {
            "claim_ids": list(self.claim_ids),
            "created_sources": list(self.created_sources),
            "skipped": list(self.skipped),
        }


def suggestions(
    db: Database,
    article_id: str,
    *,
    include_rejected: bool = False,
    min_confidence: float = 0.0,
) -> list[Suggestion]:
    """Suggestions for the article ``article_id`` (an id or a unique prefix), in reading
    order: not already claims (same span), not rejected (unless ``include_rejected``), at
    least ``min_confidence``; ``overlapping_claims`` filled in. Reads only."""
    article = articles.get_article(db, articles.resolve_article_id(db, article_id))
    existing = claims.list_claims(db, article.id)
    spans = {(c.start, c.end) for c in existing}
    rejected = (
        set() if include_rejected
        else {r.fingerprint for r in taxonomy_store.list_rejections(db, article.id)}
    )
    out: list[Suggestion] = []
    for s in suggest(article.text, catalog.list_sources(db)):
        if (s.start, s.end) in spans or s.fingerprint in rejected:
            continue
        if s.confidence < min_confidence:
            continue
        overlapping = tuple(c.id for c in existing if c.start < s.end and s.start < c.end)
        out.append(replace(s, overlapping_claims=overlapping) if overlapping else s)
    return out


def _source_id(
    db: Database,
    proposed: ProposedSource,
    created: dict[tuple[str, str], str],
    created_ids: list[str],
    editor_id: str,
) -> str:
    """The workspace source for ``proposed``: the one it names, one now spelled like it, or a
    new one (created once per name and kind in this batch)."""
    if proposed.source_id is not None:
        rows = list(db.query("SELECT 1 FROM sources WHERE id = ?", [proposed.source_id]))
        if rows:
            return proposed.source_id
    key = (normalize_for_search(proposed.name), str(proposed.kind))
    if key in created:
        return created[key]
    found = catalog.find_source(db, proposed.name)
    if found is not None:
        created[key] = found.id
        return found.id
    english = alias_language(proposed.name) == "en"
    record = taxonomy_store.insert_source(
        db,
        name_ar="" if english else proposed.name,
        name_en=proposed.name if english else "",
        kind=proposed.kind,
        note="",
        editor_id=editor_id,
        action="create_source_from_suggestion",
    )
    created[key] = record.id
    created_ids.append(record.id)
    return record.id


def apply(
    db: Database,
    article_id: str,
    chosen: Iterable[Suggestion] | None = None,
    *,
    status_id: str = DEFAULT_STATUS_ID,
    editor_name: str = SUGGESTER_EDITOR,
) -> ApplyResult:
    """Create claims from ``chosen`` suggestions of the article (default: all of
    :func:`suggestions`), with ``status_id`` and ``editor_name`` as their creator, creating
    the new sources they propose. One transaction: everything or nothing. Suggestions whose
    span is already a claim are skipped (so applying twice is harmless)."""
    article = articles.get_article(db, articles.resolve_article_id(db, article_id))
    batch = list(suggestions(db, article.id) if chosen is None else chosen)
    if not catalog.status_exists(db, status_id):
        raise InvalidValue(f"unknown status {status_id!r}")
    for s in batch:
        if article.text[s.start : s.end] != s.quote:
            raise InvalidSpan(
                f"suggestion {s.fingerprint} does not match the article text at {s.start}-{s.end}"
            )
    created: dict[tuple[str, str], str] = {}
    created_ids: list[str] = []
    claim_ids: list[str] = []
    skipped: list[str] = []
    with db.atomic():
        editor = catalog.ensure_editor(db, editor_name)
        spans = {(c.start, c.end) for c in claims.list_claims(db, article.id)}
        for s in sorted(batch, key=lambda x: (x.start, -x.end)):
            if (s.start, s.end) in spans:
                skipped.append(s.fingerprint)
                continue
            links: list[ClaimSource] = []
            for proposed in s.sources:
                source_id = _source_id(db, proposed, created, created_ids, editor.id)
                role = SourceRole(proposed.role)
                if all((link.source_id, link.role) != (source_id, role) for link in links):
                    links.append(ClaimSource(source_id, role))
            claim = annotating.build_claim(
                db,
                article_id=article.id,
                start=s.start,
                end=s.end,
                editor_id=editor.id,
                status_id=status_id,
                sources=tuple(links),
            )
            claims.insert_claim(db, claim, editor_id=editor.id,
                                action="create_claim_from_suggestion")
            spans.add((s.start, s.end))
            claim_ids.append(claim.id)
    return ApplyResult(
        tuple(claim_ids),
        tuple(created_ids),
        tuple(skipped),
        ChangeSet(frozenset({article.id}) if claim_ids else frozenset(),
                  claims_added=tuple(claim_ids)),
    )


def reject(
    db: Database,
    article_id: str,
    *,
    fingerprint: str | None = None,
    start: int | None = None,
    end: int | None = None,
    editor_id: str | None,
) -> Rejection:
    """Remember that an editor rejected a suggestion of the article: by its fingerprint (it
    must be one of the article's current suggestions) or by its span (code points). The
    rejected span is not suggested again. One transaction; rejecting twice is harmless."""
    article = articles.get_article(db, articles.resolve_article_id(db, article_id))
    if fingerprint is not None:
        match = next(
            (s for s in suggestions(db, article.id, include_rejected=True)
             if s.fingerprint == fingerprint),
            None,
        )
        if match is None:
            raise NotFound(f"no suggestion {fingerprint} in article {article.id[:8]}")
        start, end = match.start, match.end
    if start is None or end is None:
        raise ValueError("give a fingerprint or both start and end")
    if not 0 <= start < end <= len(article.text):
        raise InvalidSpan(f"span {start}-{end} is out of range for the article")
    quote = article.text[start:end]
    with db.atomic():
        return taxonomy_store.insert_rejection(
            db, article_id=article.id, fingerprint=make_fingerprint(start, end, quote),
            start=start, end=end, quote=quote, editor_id=editor_id,
        )


def unreject(db: Database, article_id: str, fingerprint: str, *, editor_id: str | None) -> bool:
    """Forget a rejection (the span may be suggested again); False if there was none."""
    article_id = articles.resolve_article_id(db, article_id)
    with db.atomic():
        return taxonomy_store.delete_rejection(db, article_id, fingerprint, editor_id=editor_id)


def rejections(db: Database, article_id: str) -> list[Rejection]:
    """The article's rejected suggestions, in reading order."""
    return taxonomy_store.list_rejections(db, articles.resolve_article_id(db, article_id))
