"""Annotating: validate and apply edit operations, each in one transaction.

Contract: every public function that writes runs exactly one transaction (``db.atomic()``)
and either applies the whole change, search index and audit row included, or nothing.
Offsets are code points into the stored article text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta

from sqlite_utils import Database

from annotator.domain.errors import (
    EditConflict,
    InvalidSpan,
    InvalidValue,
    NotFound,
    QuoteNotFound,
)
from annotator.domain.models import (
    EDITOR_LAYER,
    LAYERS,
    Claim,
    ClaimSource,
    SourceRole,
    new_id,
    utc_now,
)
from annotator.domain.operations import (
    EDITABLE_FIELDS,
    ChangeSet,
    ChangeSpan,
    CreateClaim,
    CreateSource,
    DeleteClaim,
    DeleteSource,
    Operation,
    RejectClaims,
    RejectSuggestion,
    SetEvidence,
    SetSources,
    UnrejectClaims,
    UnrejectSuggestion,
    UpdateClaim,
)
from annotator.storage import articles, catalog, claims, review_store
from annotator.text.anchoring import make_selector
from annotator.text.graphemes import find_all, is_boundary


def validate_span(text: str, start: int, end: int) -> None:
    """Raise :class:`InvalidSpan` unless ``0 <= start < end <= len(text)`` and both ends are
    grapheme boundaries (a span never splits a letter from its harakat or an emoji)."""
    if not (0 <= start < end <= len(text)):
        raise InvalidSpan(
            f"span {start}-{end} is out of range for an article of {len(text)} characters "
            "(need 0 <= start < end <= length)"
        )
    for offset in (start, end):
        if not is_boundary(text, offset):
            raise InvalidSpan(
                f"offset {offset} splits a character from its marks; "
                "choose a grapheme boundary"
            )


def locate_quote(text: str, quote: str, nth: int = 1) -> tuple[int, int]:
    """Code-point span of the ``nth`` (1-based) occurrence of ``quote`` in ``text``."""
    if not quote:
        raise QuoteNotFound("the quote is empty")
    starts = find_all(text, quote)
    if not starts:
        raise QuoteNotFound("the quote does not occur in the article text")
    if not 1 <= nth <= len(starts):
        raise QuoteNotFound(
            f"the quote occurs {len(starts)} time(s); --nth {nth} is out of range"
        )
    start = starts[nth - 1]
    return start, start + len(quote)


def build_claim(
    db: Database,
    *,
    article_id: str,
    start: int,
    end: int,
    editor_id: str | None,
    status_id: str,
    sources: tuple[ClaimSource, ...] = (),
    note: str = "",
    wording: str = "",
    layer: str = EDITOR_LAYER,
) -> Claim:
    """A new, validated claim over ``article.text[start:end]`` (not yet stored), in the
    editors' layer or (an adjudicator marking what nobody marked) the reviewed layer."""
    if layer not in LAYERS:
        raise InvalidValue(f"unknown layer {layer!r} (known: {', '.join(LAYERS)})")
    article = articles.get_article(db, article_id)
    validate_span(article.text, start, end)
    if not catalog.status_exists(db, status_id):
        known = ", ".join(s.id for s in catalog.list_statuses(db))
        raise InvalidValue(f"unknown status {status_id!r} (known: {known})")
    selector = make_selector(article.text, start, end)
    now = utc_now()
    return Claim(
        id=new_id(),
        article_id=article.id,
        start=start,
        end=end,
        quote=selector.exact,
        prefix=selector.prefix,
        suffix=selector.suffix,
        status_id=status_id,
        note=note,
        wording=wording,
        created_by=editor_id,
        updated_by=editor_id,
        created_at=now,
        updated_at=now,
        sources=sources,
        layer=layer,
    )


def resolve_sources(
    db: Database, speakers: list[str], carriers: list[str]
) -> tuple[ClaimSource, ...]:
    """Look sources up by name, alias or id; unknown names are refused (nothing written)."""
    links: list[ClaimSource] = []
    for role, names in ((SourceRole.SPEAKER, speakers), (SourceRole.CARRIER, carriers)):
        for name in names:
            source = catalog.find_source(db, name)
            if source is None:
                raise NotFound(
                    f"unknown source {name!r}; use a name or alias of an existing source"
                )
            link = ClaimSource(source.id, role, source.name_ar, source.name_en)
            if link not in links:
                links.append(link)
    return tuple(links)


def validate_url(url: str) -> str:
    """Evidence links are http(s) only: nothing else may be opened from the app."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")) or len(url) < 11 or " " in url:
        raise InvalidValue(f"evidence must be an http or https link, not {url!r}")
    return url


def _later_than(now: str, previous: str) -> str:
    """``now``, or just after ``previous`` when the clock has not moved past it (same
    millisecond, or a clock set back): versions of one claim only ever grow."""
    if now > previous:
        return now
    try:
        moment = datetime.fromisoformat(previous.replace("Z", "+00:00"))
    except ValueError:
        return now
    later = moment + timedelta(milliseconds=1)
    return later.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _check_version(db: Database, claim_id: str, expected: str | None) -> None:
    """Refuse a change to a claim that changed since ``expected`` (its ``updated_at``)."""
    if expected is None:
        return
    current = claims.get_claim(db, claim_id)
    if current.updated_at != expected:
        who = catalog.get_editor_name(db, current.updated_by) or "another editor"
        raise EditConflict(
            f"this claim was changed by {who} at {current.updated_at} since you opened it; "
            "your change was not saved. Its current version is shown."
        )


def apply(db: Database, operation: Operation, *, editor_id: str | None) -> tuple[
    ChangeSet, Operation
]:
    """Apply ``operation`` in one transaction; return what changed and the inverse.

    The inverse restores the claim's data exactly (ids, offsets, links, evidence); the
    ``updated_*`` stamps and the audit log record that the undo happened."""
    with db.atomic():
        now = utc_now()
        expected = getattr(operation, "expected_version", None)
        if expected is not None:
            _check_version(db, operation.claim_id, expected)  # type: ignore[union-attr]
        if isinstance(operation, UpdateClaim | ChangeSpan | SetSources | SetEvidence):
            # A version is the claim's updated_at: make every change write a new one, even
            # two changes within the same millisecond.
            now = _later_than(now, claims.get_claim(db, operation.claim_id).updated_at)
        # The version this change writes: a fresh one, or (undo) the one it restores.
        stamp_at, stamp_by = getattr(operation, "stamp", None) or (now, editor_id)
        if isinstance(operation, CreateClaim):
            claim = operation.claim
            claims.insert_claim(db, claim, editor_id=editor_id, action="create_claim")
            return (
                ChangeSet(frozenset({claim.article_id}), claims_added=(claim.id,)),
                DeleteClaim(claim.id, expected_version=claim.updated_at),
            )
        if isinstance(operation, DeleteClaim):
            removed = claims.delete_claim(
                db, operation.claim_id, editor_id=editor_id, action="delete_claim"
            )
            return (
                ChangeSet(frozenset({removed.article_id}), claims_removed=(removed.id,)),
                CreateClaim(replace(removed)),
            )
        if isinstance(operation, UpdateClaim):
            fields = dict(operation.fields)
            if not fields or set(fields) - EDITABLE_FIELDS:
                raise InvalidValue(f"cannot edit {sorted(set(fields) - EDITABLE_FIELDS)}")
            if "status_id" in fields and not catalog.status_exists(db, fields["status_id"]):
                raise InvalidValue(f"unknown status {fields['status_id']!r}")
            before = claims.update_claim(db, operation.claim_id, fields, editor_id=editor_id,
                                         action="update_claim", updated_at=stamp_at,
                                         updated_by=stamp_by)
            old = tuple((name, getattr(before, name)) for name in fields)
            return (
                ChangeSet(frozenset({before.article_id}), claims_changed=(before.id,)),
                UpdateClaim(before.id, old, expected_version=stamp_at,
                            stamp=(before.updated_at, before.updated_by)),
            )
        if isinstance(operation, ChangeSpan):
            current = claims.get_claim(db, operation.claim_id)
            article = articles.get_article(db, current.article_id)
            validate_span(article.text, operation.start, operation.end)
            selector = make_selector(article.text, operation.start, operation.end)
            before = claims.update_claim(
                db, current.id,
                {"start": operation.start, "end": operation.end, "quote": selector.exact,
                 "prefix": selector.prefix, "suffix": selector.suffix},
                editor_id=editor_id, action="change_span", updated_at=stamp_at,
                updated_by=stamp_by,
            )
            return (
                ChangeSet(frozenset({before.article_id}), claims_changed=(before.id,)),
                ChangeSpan(before.id, before.start, before.end, expected_version=stamp_at,
                           stamp=(before.updated_at, before.updated_by)),
            )
        if isinstance(operation, SetSources):
            pairs = [(link.source_id, str(link.role)) for link in operation.sources]
            if len(set(pairs)) != len(pairs):
                raise InvalidValue("the same source is linked twice in the same role")
            before = claims.replace_links(db, operation.claim_id, sources=operation.sources,
                                          editor_id=editor_id, action="set_sources",
                                          updated_at=stamp_at, updated_by=stamp_by)
            return (
                ChangeSet(frozenset({before.article_id}), claims_changed=(before.id,)),
                SetSources(before.id, before.sources, expected_version=stamp_at,
                           stamp=(before.updated_at, before.updated_by)),
            )
        if isinstance(operation, SetEvidence):
            for item in operation.evidence:
                validate_url(item.url)
            before = claims.replace_links(db, operation.claim_id, evidence=operation.evidence,
                                          editor_id=editor_id, action="set_evidence",
                                          updated_at=stamp_at, updated_by=stamp_by)
            return (
                ChangeSet(frozenset({before.article_id}), claims_changed=(before.id,)),
                SetEvidence(before.id, before.evidence, expected_version=stamp_at,
                            stamp=(before.updated_at, before.updated_by)),
            )
        if isinstance(operation, CreateSource):
            source = operation.source
            if not (source.name_ar.strip() or source.name_en.strip()):
                raise InvalidValue("a source needs an Arabic or an English name")
            catalog.insert_source_row(db, source, editor_id=editor_id)
            return ChangeSet(sources_changed=True), DeleteSource(source.id)
        if isinstance(operation, DeleteSource):
            try:
                removed = catalog.delete_source(db, operation.source_id, editor_id=editor_id)
            except sqlite3.IntegrityError as exc:
                raise InvalidValue("this source is still attributed to claims") from exc
            return ChangeSet(sources_changed=True), CreateSource(removed)
        if isinstance(operation, RejectSuggestion | UnrejectSuggestion):
            from annotator.services.suggest_types import fingerprint
            from annotator.storage import taxonomy_store

            article = articles.get_article(db, operation.article_id)
            validate_span(article.text, operation.start, operation.end)
            quote = article.text[operation.start : operation.end]
            key = fingerprint(operation.start, operation.end, quote)
            changes = ChangeSet(frozenset({article.id}), suggestions_changed=True)
            if isinstance(operation, RejectSuggestion):
                taxonomy_store.insert_rejection(
                    db, article_id=article.id, fingerprint=key, start=operation.start,
                    end=operation.end, quote=quote, editor_id=editor_id)
                return changes, UnrejectSuggestion(article.id, operation.start, operation.end)
            taxonomy_store.delete_rejection(db, article.id, key, editor_id=editor_id)
            return changes, RejectSuggestion(article.id, operation.start, operation.end)
        if isinstance(operation, RejectClaims):
            added = review_store.insert_rejections(
                db, operation.article_id, operation.claim_ids, editor_id=editor_id, at=now)
            return (
                ChangeSet(frozenset({operation.article_id}), reviews_changed=True),
                UnrejectClaims(operation.article_id, tuple(added)),
            )
        if isinstance(operation, UnrejectClaims):
            removed = review_store.delete_rejections(db, operation.claim_ids,
                                                     editor_id=editor_id)
            return (
                ChangeSet(frozenset({operation.article_id}), reviews_changed=True),
                RejectClaims(operation.article_id, tuple(removed)),
            )
    raise TypeError(f"unknown operation {operation!r}")  # pragma: no cover
