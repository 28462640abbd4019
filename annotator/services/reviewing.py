"""Adjudication: comparing editors' claims on an article and building the reviewed layer.

Each editor's claims form a layer (claims they created, ``layer = 'editor'``). An
adjudicator picks editors; their claims on the article are grouped into *review items*:
maximal runs of overlapping spans, in text order. An item where every chosen editor marked
exactly the same span with the same status and sources is an agreement; any other item
is a disagreement, with what differs (``missing``: an editor did not mark it; ``span``;
``status``; ``sources``).

Decisions are ordinary, undoable operations (one undo step each, recorded with the
adjudicator as their editor):

- **accept** a version: :func:`accept_operation` gives the ``CreateClaim`` of a copy of that
  editor's claim in the reviewed layer (``layer = 'reviewed'``, ``reviewed_from`` = the
  editor's claim, created by the adjudicator). It can then be edited like any claim.
- **reject**: ``RejectClaims`` lists editors' claims as rejected (none of them goes into
  the reviewed layer).
- an adjudicator may also mark a claim directly in the reviewed layer.

An editor's claim is *settled* when it is rejected or a reviewed claim overlaps it; an item
is resolved when all of its claims are settled. Exports select the reviewed layer with
``--layer reviewed``. Reads only; offsets are code points.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from sqlite_utils import Database

from annotator.domain.errors import InvalidValue, NotFound
from annotator.domain.models import (
    EDITOR_LAYER,
    REVIEWED_LAYER,
    Claim,
    Evidence,
    new_id,
    utc_now,
)
from annotator.domain.operations import CreateClaim, RejectClaims
from annotator.storage import claims, review_store

MISSING = "missing"
SPAN = "span"
STATUS = "status"
SOURCES = "sources"
DIFFERENCES = (MISSING, SPAN, STATUS, SOURCES)


def _overlaps(a: Claim, start: int, end: int) -> bool:
    return a.start < end and start < a.end


def _source_key(claim: Claim) -> tuple[str, ...]:
    return tuple(sorted(f"{link.role}:{link.source_id}" for link in claim.sources))


@dataclass(frozen=True)
class ReviewItem:
    """Overlapping claims of the chosen editors, with the adjudication so far.

    ``start``/``end``: the extent of the item (code points). ``versions``: the editors'
    claims, ordered as the editors were given, then by position. ``reviewed``: reviewed
    claims overlapping the extent. ``rejected``: ids of versions the adjudicator rejected.
    ``differences``: what the versions disagree on (empty for an agreement)."""

    number: int
    start: int
    end: int
    versions: tuple[Claim, ...]
    reviewed: tuple[Claim, ...]
    rejected: frozenset[str]
    differences: tuple[str, ...]
    editors: tuple[str, ...] = field(default=())

    @property
    def agreed(self) -> bool:
        return not self.differences

    def settled(self, claim: Claim) -> bool:
        """Rejected, or covered by a claim of the reviewed layer."""
        return claim.id in self.rejected or any(
            _overlaps(r, claim.start, claim.end) for r in self.reviewed)

    # Cached (the item is immutable): the adjudication window asks for these of every item
    # several times per refresh, and a long article has thousands of items.
    @cached_property
    def pending(self) -> tuple[Claim, ...]:
        """Versions not yet settled."""
        return tuple(c for c in self.versions if not self.settled(c))

    @cached_property
    def resolved(self) -> bool:
        return not self.pending


def _differences(versions: Sequence[Claim], editor_ids: Sequence[str]) -> tuple[str, ...]:
    by_editor: dict[str | None, list[Claim]] = {}
    for claim in versions:
        by_editor.setdefault(claim.created_by, []).append(claim)
    found: set[str] = set()
    if any(e not in by_editor for e in editor_ids):
        found.add(MISSING)
    if any(len(group) > 1 for group in by_editor.values()):
        found.add(SPAN)  # one editor split what another marked once
    if len({(c.start, c.end) for c in versions}) > 1:
        found.add(SPAN)
    if len({c.status_id for c in versions}) > 1:
        found.add(STATUS)
    if len({_source_key(c) for c in versions}) > 1:
        found.add(SOURCES)
    return tuple(d for d in DIFFERENCES if d in found)


@dataclass(frozen=True)
class ItemShape:
    """An item without the adjudication: what the editors' claims alone decide (see
    :class:`ReviewItem`). Stays valid while the editors' claims do, whatever is accepted or
    rejected, so a window can keep these and re-read only the decisions."""

    number: int
    start: int
    end: int
    versions: tuple[Claim, ...]
    differences: tuple[str, ...]
    editors: tuple[str, ...]


def item_shapes(editor_claims: Sequence[Claim], editor_ids: Sequence[str]) -> list[ItemShape]:
    """The chosen editors' claims (from ``editor_claims``: the editors' layer of one
    article, any order) grouped into items: runs of overlapping spans, in text order,
    numbered from 1."""
    editors = list(dict.fromkeys(editor_ids))
    rank = {e: i for i, e in enumerate(editors)}
    mine = [c for c in editor_claims if c.created_by in rank]
    groups: list[list[Claim]] = []
    extent_end = -1
    for claim in sorted(mine, key=lambda c: (c.start, -c.end)):
        if groups and claim.start < extent_end:
            groups[-1].append(claim)
            extent_end = max(extent_end, claim.end)
        else:
            groups.append([claim])
            extent_end = claim.end
    shapes = []
    for number, group in enumerate(groups, 1):
        versions = tuple(sorted(group, key=lambda c: (rank[c.created_by], c.start, c.end)))
        shapes.append(ItemShape(
            number, min(c.start for c in group), max(c.end for c in group), versions,
            _differences(versions, editors), tuple(editors)))
    return shapes


def attach_decisions(shapes: Sequence[ItemShape], reviewed: Sequence[Claim],
                     rejected: Iterable[str]) -> list[ReviewItem]:
    """The items of ``shapes`` with the adjudication so far: the reviewed layer's claims
    (``reviewed``, of the same article) and the ids of the rejected versions."""
    rejected = set(rejected)
    covering = _reviewed_by_group([(s.start, s.end) for s in shapes], reviewed)
    return [
        ReviewItem(
            number=shape.number, start=shape.start, end=shape.end, versions=shape.versions,
            reviewed=tuple(covering[index]),
            rejected=frozenset(c.id for c in shape.versions if c.id in rejected),
            differences=shape.differences, editors=shape.editors,
        )
        for index, shape in enumerate(shapes)
    ]


def review_items(db: Database, article_id: str, editor_ids: Sequence[str], *,
                 shapes: Sequence[ItemShape] | None = None,
                 reviewed: Sequence[Claim] | None = None) -> list[ReviewItem]:
    """The chosen editors' claims on the article grouped into items (module docstring), in
    text order, numbered from 1, with the adjudication so far. When the caller has them
    already: ``shapes``, the article's :func:`item_shapes` for these editors, and
    ``reviewed``, its reviewed layer (then only what is missing is read)."""
    if shapes is None:
        shapes = item_shapes(claims.list_claims(db, article_id, layer=EDITOR_LAYER),
                             editor_ids)
    if reviewed is None:
        reviewed = claims.list_claims(db, article_id, layer=REVIEWED_LAYER)
    return attach_decisions(shapes, reviewed, review_store.list_rejections(db, article_id))


def _reviewed_by_group(extents: Sequence[tuple[int, int]], reviewed: Sequence[Claim]
                       ) -> list[list[Claim]]:
    """For each extent (sorted, disjoint), the reviewed claims overlapping it, in reading
    order: each reviewed claim is placed by bisection, not compared with every item."""
    starts = [start for start, _ in extents]
    ends = [end for _, end in extents]
    out: list[list[Claim]] = [[] for _ in extents]
    for claim in reviewed:
        # Extents ending after the claim starts and starting before it ends.
        for i in range(bisect_right(ends, claim.start), bisect_left(starts, claim.end)):
            out[i].append(claim)
    return out


def _reviewed_spans(db: Database, article_id: str) -> set[tuple[int, int]]:
    return claims.claim_spans(db, article_id, layer=REVIEWED_LAYER)


def _accept(claim: Claim, taken: set[tuple[int, int]], editor_id: str | None) -> CreateClaim:
    """The copy of ``claim`` for the reviewed layer (see :func:`accept_operation`);
    ``taken``: the spans the reviewed layer already has."""
    if claim.layer != EDITOR_LAYER:
        raise InvalidValue("this claim is already in the reviewed layer")
    if (claim.start, claim.end) in taken:
        raise InvalidValue("the reviewed layer already has a claim over this span")
    now = utc_now()
    return CreateClaim(replace(
        claim, id=new_id(), layer=REVIEWED_LAYER, reviewed_from=claim.id,
        created_by=editor_id, updated_by=editor_id, created_at=now, updated_at=now,
        evidence=tuple(Evidence(new_id(), e.url, e.title) for e in claim.evidence),
    ))


def reject_operation(item: ReviewItem, claim_ids: Iterable[str] | None = None) -> RejectClaims:
    """Reject these versions of ``item`` (by default every pending one)."""
    ids = tuple(claim_ids) if claim_ids is not None else tuple(c.id for c in item.pending)
    return RejectClaims(item.versions[0].article_id, ids)


def accept_operation(db: Database, claim_id: str, *, editor_id: str | None) -> CreateClaim:
    """The operation that accepts this editor's claim into the reviewed layer: a copy with
    a new id (and new evidence ids), created by ``editor_id`` now, ``reviewed_from`` set.
    Refused (:class:`InvalidValue`) for a claim of the reviewed layer, or when the reviewed
    layer already has a claim over exactly this span. Writes nothing."""
    claim = claims.get_claim(db, claim_id)
    return _accept(claim, _reviewed_spans(db, claim.article_id), editor_id)


def accept_agreements_operations(
    db: Database, items: Sequence[ReviewItem], *, editor_id: str | None
) -> list[CreateClaim]:
    """Accept every unresolved agreement (one copy of the shared version each), read as
    stored now: two queries per article, not per item."""
    wanted = [item for item in items if item.agreed and not item.resolved and item.versions]
    operations: list[CreateClaim] = []
    for article_id in dict.fromkeys(item.versions[0].article_id for item in wanted):
        current = {c.id: c for c in claims.list_claims(db, article_id, layer=EDITOR_LAYER)}
        taken = _reviewed_spans(db, article_id)
        for item in wanted:
            if item.versions[0].article_id != article_id:
                continue
            claim = current.get(item.versions[0].id)
            if claim is None:  # deleted since the items were read
                raise NotFound(f"no claim with id {item.versions[0].id}")
            operations.append(_accept(claim, taken, editor_id))
    return operations


@dataclass(frozen=True)
class ReviewSummary:
    items: int
    agreements: int
    disagreements: int
    resolved: int


def summarize(items: Sequence[ReviewItem]) -> ReviewSummary:
    agreements = sum(1 for i in items if i.agreed)
    return ReviewSummary(len(items), agreements, len(items) - agreements,
                         sum(1 for i in items if i.resolved))
