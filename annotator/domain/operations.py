"""Edit operations: one user gesture = one operation = one transaction = one undo step.

Operations on an existing claim may carry ``expected_version``: the claim's ``updated_at``
as the editor last saw it. If the claim has changed since (another window, another process,
a colleague's merge), the operation is refused with :class:`EditConflict` instead of
silently overwriting that change. ``None`` skips the check (scripts, the CLI). ``stamp``
(``updated_at``, ``updated_by``) is set on inverses: undo gives the claim back its previous
version, so an older undo step still matches it.

Operations are plain frozen data. ``services.annotating.apply`` executes one in a single
transaction and returns the :class:`ChangeSet` (what views must refresh) and the inverse
operation (what undo applies). Applying an operation and then its inverse leaves the
database as it was (apart from the audit log, which records both).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.domain.models import Claim, ClaimSource, Evidence, Source


@dataclass(frozen=True)
class CreateClaim:
    """Insert ``claim`` exactly as given (ids, offsets, links, evidence, timestamps)."""

    claim: Claim


@dataclass(frozen=True)
class DeleteClaim:
    claim_id: str
    expected_version: str | None = None
    stamp: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class UpdateClaim:
    """Set some of a claim's editable fields: ``status_id``, ``note``, ``wording``.

    ``fields`` is a tuple of (name, value) pairs so the operation stays hashable and frozen.
    """

    claim_id: str
    fields: tuple[tuple[str, str], ...]
    expected_version: str | None = None
    stamp: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class ChangeSpan:
    """Move a claim's edges to ``[start, end)`` (code points); quote and context follow."""

    claim_id: str
    start: int
    end: int
    expected_version: str | None = None
    stamp: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class SetSources:
    """Replace a claim's source links (in order) with ``sources``."""

    claim_id: str
    sources: tuple[ClaimSource, ...]
    expected_version: str | None = None
    stamp: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class SetEvidence:
    """Replace a claim's evidence links (http/https only) with ``evidence``."""

    claim_id: str
    evidence: tuple[Evidence, ...]
    expected_version: str | None = None
    stamp: tuple[str, str | None] | None = None


@dataclass(frozen=True)
class CreateSource:
    """Add a source to the workspace's catalogue (e.g. created in place while tagging)."""

    source: Source


@dataclass(frozen=True)
class DeleteSource:
    """Remove a source that no claim uses."""

    source_id: str


@dataclass(frozen=True)
class RejectSuggestion:
    """Remember that a suggested span of an article was rejected (not suggested again)."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class UnrejectSuggestion:
    """Forget a rejection: the span may be suggested again."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True)
class RejectClaims:
    """Adjudication: these editors' claims of the article are rejected (not taken into the
    reviewed layer). Claims already rejected, or not editors' claims, are left alone."""

    article_id: str
    claim_ids: tuple[str, ...]


@dataclass(frozen=True)
class UnrejectClaims:
    """Withdraw the adjudicator's rejection of these claims (the inverse of
    :class:`RejectClaims`)."""

    article_id: str
    claim_ids: tuple[str, ...]


Operation = (
    CreateClaim | DeleteClaim | UpdateClaim | ChangeSpan | SetSources | SetEvidence
    | CreateSource | DeleteSource | RejectSuggestion | UnrejectSuggestion
    | RejectClaims | UnrejectClaims
)

EDITABLE_FIELDS = frozenset({"status_id", "note", "wording"})


@dataclass(frozen=True)
class ChangeSet:
    """What one operation touched, for views to refresh granularly."""

    article_ids: frozenset[str] = field(default=frozenset())
    claims_added: tuple[str, ...] = ()
    claims_removed: tuple[str, ...] = ()
    claims_changed: tuple[str, ...] = ()
    sources_changed: bool = False
    suggestions_changed: bool = False
    reviews_changed: bool = False

    @staticmethod
    def combined(changes: Iterable[ChangeSet]) -> ChangeSet:
        """What several operations touched together, in the order they were applied (a
        claim added then changed is listed in both)."""
        parts = list(changes)
        return ChangeSet(
            frozenset().union(*(c.article_ids for c in parts)),
            tuple(i for c in parts for i in c.claims_added),
            tuple(i for c in parts for i in c.claims_removed),
            tuple(i for c in parts for i in c.claims_changed),
            any(c.sources_changed for c in parts),
            any(c.suggestions_changed for c in parts),
            any(c.reviews_changed for c in parts),
        )
