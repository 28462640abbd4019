"""Edit operations: one user gesture = one operation = one transaction = one undo step.

Operations are plain frozen data. ``services.annotating.apply`` executes one in a single
transaction and returns the :class:`ChangeSet` (what views must refresh) and the inverse
operation (what undo applies). Applying an operation and then its inverse leaves the
database as it was (apart from the audit log, which records both).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.domain.models import Claim


@dataclass(frozen=True)
class CreateClaim:
    """Insert ``claim`` exactly as given (ids, offsets, links, evidence, timestamps)."""

    claim: Claim


@dataclass(frozen=True)
class DeleteClaim:
    claim_id: str


Operation = CreateClaim | DeleteClaim


@dataclass(frozen=True)
class ChangeSet:
    """What one operation touched, for views to refresh granularly."""

    article_ids: frozenset[str] = field(default=frozenset())
    claims_added: tuple[str, ...] = ()
    claims_removed: tuple[str, ...] = ()
    claims_changed: tuple[str, ...] = ()
