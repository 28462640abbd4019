"""What the attribution suggester hands out: suggestions, proposed sources, cues, reasons.

Plain frozen data, no Qt and no SQL. Offsets are Unicode code points into the stored article
text, end exclusive: ``text[start:end] == quote``. Reasons carry stable codes (for the UI to
translate) and the words of the article that triggered them; :func:`explain` renders them in
English for the command line.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from annotator.domain.models import SourceKind, SourceRole


class CueKind(StrEnum):
    """The kind of attribution cue that triggered a suggestion."""

    VERB = "verb"  # وقال، وأضافت، يقول ...
    PARTICIPLE = "participle"  # ، مشيرا إلى أن ...
    PREPOSITION = "preposition"  # وفق، بحسب، نقلا عن ...
    COMPLEMENTISER = "complementiser"  # <named source> بأنه ...


class SourceMatch(StrEnum):
    """How a proposed source was found."""

    ALIAS = "alias"  # the text spells one of the workspace's names or aliases
    VARIANT = "variant"  # ... with a spelling variant or a typo (أميريكي, مصادرة)
    CARRY_OVER = "carry_over"  # "the official added": a source named earlier
    PRONOUN = "pronoun"  # "وقال إن": the verb's implied subject, the last speaker
    NEW = "new"  # a source the workspace lacks, with a guessed kind


@dataclass(frozen=True)
class Reason:
    """One step of a suggestion's explanation: a stable ``code`` and the text involved."""

    code: str
    detail: str = ""


@dataclass(frozen=True)
class Cue:
    """The cue in the text: ``lemma`` is its dictionary form (قال for «وقالت»)."""

    kind: CueKind
    lemma: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class ProposedSource:
    """A source proposed for a suggestion, existing (``source_id``) or new (``None``).

    ``name`` is the workspace's Arabic (else English) name for an existing source and the
    words of the article for a new one. ``mention_start``/``mention_end`` locate the words
    that name it in this suggestion's sentence (``None`` when only implied by a pronoun).
    """

    role: SourceRole
    name: str
    kind: SourceKind
    match: SourceMatch
    source_id: str | None = None
    mention: str = ""
    mention_start: int | None = None
    mention_end: int | None = None
    alias: str | None = None

    @property
    def is_new(self) -> bool:
        return self.source_id is None

    def as_dict(self) -> dict[str, Any]:
        return {
            "role": str(self.role),
            "name": self.name,
            "kind": str(self.kind),
            "match": str(self.match),
            "source_id": self.source_id,
            "new": self.is_new,
            "mention": self.mention,
            "mention_start": self.mention_start,
            "mention_end": self.mention_end,
            "alias": self.alias,
        }


def fingerprint(start: int, end: int, quote: str) -> str:
    """Stable id of a suggested span in an article (the article text never changes)."""
    return hashlib.sha256(f"{start}:{end}:{quote}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Suggestion:
    """A proposed claim: a span on word boundaries, its sources with roles, the cue that
    triggered it, a confidence in [0, 1] and the reasons, in the order they were applied.

    ``overlapping_claims`` lists existing claims of the article that overlap the span (filled
    in by the service; the engine leaves it empty)."""

    start: int
    end: int
    quote: str
    sources: tuple[ProposedSource, ...]
    cue: Cue
    confidence: float
    reasons: tuple[Reason, ...] = ()
    overlapping_claims: tuple[str, ...] = field(default=())

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.start, self.end, self.quote)

    @property
    def speakers(self) -> tuple[ProposedSource, ...]:
        return tuple(s for s in self.sources if s.role == SourceRole.SPEAKER)

    @property
    def carriers(self) -> tuple[ProposedSource, ...]:
        return tuple(s for s in self.sources if s.role == SourceRole.CARRIER)

    def as_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "sources": [s.as_dict() for s in self.sources],
            "cue": {
                "kind": str(self.cue.kind),
                "lemma": self.cue.lemma,
                "text": self.cue.text,
                "start": self.cue.start,
                "end": self.cue.end,
            },
            "confidence": self.confidence,
            "reasons": [{"code": r.code, "detail": r.detail} for r in self.reasons],
            "overlapping_claims": list(self.overlapping_claims),
            "explanation": explain(self),
        }


_REASON_TEXT = {
    "cue.verb": "verb of saying {detail}",
    "cue.participle": "participle of saying {detail} continues the previous statement",
    "cue.preposition": "prepositional cue {detail}",
    "cue.complementiser": "complementiser {detail} right after a known source",
    "content.complementiser": "content opens with {detail}",
    "content.quotation": "content is quoted speech",
    "content.object": "content is the object of the verb",
    "content.clause": "content is the clause the cue attaches to",
    "source.alias": "source named as {detail}",
    "source.variant": "source named with a spelling variant: {detail}",
    "source.carry_over": "refers back to the source named earlier: {detail}",
    "source.pronoun": "implied subject, the last speaker: {detail}",
    "source.new": "new source: {detail}",
    "source.anonymity": "anonymity marker: {detail}",
    "carrier.told": "statement given to {detail}",
    "carrier.interview": "statement made in an interview or talk with {detail}",
    "carrier.via": "statement carried by {detail}",
}


def explain(suggestion: Suggestion) -> str:
    """The reasons of ``suggestion`` as one English sentence (for the command line)."""
    parts = [
        _REASON_TEXT.get(r.code, r.code + (": {detail}" if r.detail else "")).format(
            detail=r.detail
        )
        for r in suggestion.reasons
    ]
    return "; ".join(parts)
