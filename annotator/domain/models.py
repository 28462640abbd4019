"""Domain objects: frozen dataclasses that storage maps rows to and services hand out.

Offsets (``Claim.start``/``Claim.end``) are Unicode code points into ``Article.text``, the
canonical text stored at import and never changed afterwards; ``text[start:end] == quote``.
Timestamps are ISO 8601 strings in UTC.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum


def new_id() -> str:
    """App-generated primary key (UUID4, text) so merged workspaces never collide."""
    return str(uuid.uuid4())


def utc_now() -> str:
    """Current time, ISO 8601 UTC with milliseconds ("2026-11-25T11:15:00.123Z")."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class SourceKind(StrEnum):
    """Kinds of source a claim may be attributed to (domain.md)."""

    NEWS_AGENCY = "news_agency"
    OUTLET = "outlet"
    NAMED_OFFICIAL = "named_official"
    ANONYMOUS_OFFICIAL = "anonymous_official"
    ANONYMOUS_SOURCES = "anonymous_sources"
    EXPERT = "expert"
    ORGANISATION = "organisation"
    ARMED_GROUP = "armed_group"
    DOCUMENT = "document"
    SOCIAL_MEDIA = "social_media"


EDITOR_LAYER = "editor"
"""Claims an editor marked: each editor's own layer (told apart by ``created_by``)."""
REVIEWED_LAYER = "reviewed"
"""Claims an adjudicator accepted, edited or added while reconciling the editors' layers."""
LAYERS = (EDITOR_LAYER, REVIEWED_LAYER)


class SourceRole(StrEnum):
    """A claim's chain: who said it (speaker) and who carried it (carrier)."""

    SPEAKER = "speaker"
    CARRIER = "carrier"


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    sha256: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    encoding: str | None = None
    source_path: str | None = None
    imported_at: str = ""
    revision_of: str | None = None


@dataclass(frozen=True)
class ArticleSummary:
    """A library row: what the article list shows, without the body."""

    id: str
    title: str
    outlet: str | None
    published: str | None
    language: str | None
    imported_at: str
    claim_count: int
    length: int
    status_counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class LibraryFilter:
    """What the library shows. Empty fields do not filter.

    ``status_id`` / ``source_id`` / ``editor_id``: articles with at least one claim of that
    status, attributed to that source, or created or last changed by that editor (the
    editor filter also matches articles the editor imported). ``since``/``until``: ISO dates
    (``YYYY-MM-DD``) compared with the publication date, or the import date when the article
    has none. ``article_ids``: restrict to these (a search result)."""

    status_id: str | None = None
    source_id: str | None = None
    editor_id: str | None = None
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    article_ids: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Source:
    id: str
    name_ar: str
    name_en: str
    kind: SourceKind
    aliases: tuple[str, ...] = ()

    def label(self, language: str = "ar") -> str:
        return (self.name_ar or self.name_en) if language == "ar" else (
            self.name_en or self.name_ar
        )


@dataclass(frozen=True)
class Status:
    id: str
    label_ar: str
    label_en: str
    color: str
    rating_value: int | None = None
    position: int = 0

    def label(self, language: str = "ar") -> str:
        return self.label_ar if language == "ar" else self.label_en


@dataclass(frozen=True)
class Editor:
    id: str
    name: str
    initials: str | None = None
    color: str | None = None


@dataclass(frozen=True)
class ClaimSource:
    source_id: str
    role: SourceRole
    name_ar: str = ""
    name_en: str = ""


@dataclass(frozen=True)
class Evidence:
    id: str
    url: str
    title: str | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    article_id: str
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str
    status_id: str
    note: str = ""
    wording: str = ""
    created_by: str | None = None
    updated_by: str | None = None
    created_at: str = ""
    updated_at: str = ""
    sources: tuple[ClaimSource, ...] = field(default=())
    evidence: tuple[Evidence, ...] = field(default=())
    layer: str = EDITOR_LAYER
    """``EDITOR_LAYER`` or ``REVIEWED_LAYER``; fixed when the claim is created."""
    reviewed_from: str | None = None
    """Reviewed layer only: the id of the editor's claim this one was accepted from (kept
    as provenance even if that claim is later deleted), or None if added by the reviewer."""


@dataclass(frozen=True)
class SearchHit:
    """One search result: an article (claim_id None) or a claim inside it."""

    article_id: str
    article_title: str
    claim_id: str | None
    snippet: str
