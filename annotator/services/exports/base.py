"""What every exporter shares: the filter, the options, the records it is fed, the catalogue
it looks labels up in, and writing a file so that a failed export leaves nothing behind.

Contracts:
- Exports only read the workspace; nothing here writes to it.
- Offsets in every record are Unicode code points into ``Article.text`` (the canonical text
  stored at import), end exclusive: ``article.text[start:end] == claim.quote``.
- Records are produced lazily, one article (with its claims) at a time, so memory holds one
  article, not the workspace. A :class:`RecordSource` can be iterated more than once (reports
  count first, then write).
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

from annotator.domain.models import Article, Claim, Source, SourceRole, Status

Language = Literal["ar", "en"]

#: The offset unit every export declares (and uses).
OFFSET_UNIT = "codepoint"

#: The label every claim span carries in span/sequence-labelling exports.
SPAN_LABEL = "CLAIM"


@dataclass(frozen=True)
class ExportFilter:
    """Which articles and claims an export includes. Empty means "no restriction".

    - ``article_ids``: full ids or unique prefixes (as ``annotator articles`` prints them).
    - ``status_ids``: claims whose status id is one of these.
    - ``source_names``: claims with at least one source (speaker or carrier) whose id, Arabic
      or English name or alias matches one of these (harakat, alef forms and case ignored).
    - ``editor``: claims created or last changed by the editor of that name.
    - ``since``: claims last changed at or after this ISO 8601 date or date-time (UTC when
      no offset is given).

    When any claim-level filter is set, articles left with no matching claim are skipped
    (an export of "false claims" is not padded with claim-less articles); without one, every
    selected article is exported, claim-less ones included (negative examples for training).
    """

    article_ids: tuple[str, ...] = ()
    status_ids: tuple[str, ...] = ()
    source_names: tuple[str, ...] = ()
    editor: str | None = None
    since: str | None = None

    @property
    def filters_claims(self) -> bool:
        return bool(self.status_ids or self.source_names or self.editor or self.since)

    def describe(self) -> dict[str, Any]:
        """The filter as plain data, for dataset cards and report headers."""
        return {
            "articles": list(self.article_ids),
            "statuses": list(self.status_ids),
            "sources": list(self.source_names),
            "editor": self.editor,
            "since": self.since,
        }


@dataclass(frozen=True)
class ExportOptions:
    """Presentation options. ``lang`` chooses the labels (status, source kind, headings) in
    reports and ClaimReview; data fields always carry stable ids as well."""

    lang: Language = "ar"
    newsroom: str = "Newsroom"
    split: tuple[tuple[str, float], ...] = ()
    seed: int = 0


@dataclass(frozen=True)
class Catalogue:
    """Lookups an exporter needs besides the claims: statuses, sources and editor names,
    each by id. Read once per export."""

    statuses: dict[str, Status]
    sources: dict[str, Source]
    editors: dict[str, str]

    def status(self, status_id: str) -> Status:
        """The status, or a stand-in named by its id (a status deleted after the claim was
        made must not stop an export)."""
        found = self.statuses.get(status_id)
        return found or Status(status_id, status_id, status_id, "#e0e0e0", None, 10_000)

    def source_kind(self, source_id: str) -> str:
        source = self.sources.get(source_id)
        return str(source.kind) if source else ""

    def editor_name(self, editor_id: str | None) -> str | None:
        return self.editors.get(editor_id or "")


@dataclass(frozen=True)
class ArticleRecord:
    """One article and the claims of it the filter kept, in reading order (start, then
    longer first)."""

    article: Article
    claims: tuple[Claim, ...]


@dataclass
class RecordSource:
    """A re-iterable stream of :class:`ArticleRecord`: each ``iter()`` runs ``produce``
    afresh, reading one article at a time from the workspace."""

    produce: Callable[[], Iterator[ArticleRecord]]
    catalogue: Catalogue

    def __iter__(self) -> Iterator[ArticleRecord]:
        return self.produce()


@dataclass(frozen=True)
class ExportContext:
    """Everything an exporter is given besides the records."""

    catalogue: Catalogue
    options: ExportOptions = field(default_factory=ExportOptions)
    filter: ExportFilter = field(default_factory=ExportFilter)
    generated_at: str = ""

    @property
    def lang(self) -> Language:
        return self.options.lang


@dataclass
class ExportResult:
    """What an export wrote: the files and how many articles and claims went into them."""

    files: list[Path] = field(default_factory=list)
    articles: int = 0
    claims: int = 0
    warnings: list[str] = field(default_factory=list)

    def merge(self, other: ExportResult) -> None:
        self.files.extend(other.files)
        self.articles += other.articles
        self.claims += other.claims
        self.warnings.extend(other.warnings)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _temporary_beside(path: Path) -> tuple[int, str]:
    """A new file next to ``path`` (same file system, so the final rename is atomic),
    created with mode 0o666 so the umask applies as for any file the user makes
    (``tempfile.mkstemp`` would leave an unreadable-to-others 0o600 export)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = str(path.parent / f".{path.name}.{uuid.uuid4().hex}.part")
    return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp


@contextlib.contextmanager
def atomic_text(path: Path, *, encoding: str = "utf-8", newline: str | None = "\n"
                ) -> Iterator[IO[str]]:
    """Open ``path`` for writing text; the file appears (replacing any older one) only when
    the block finishes without an exception, so a failed or cancelled export never leaves a
    half-written file that looks complete."""
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline=newline) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_binary(path: Path) -> Iterator[IO[bytes]]:
    """Binary twin of :func:`atomic_text`."""
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# --- shared record pieces ----------------------------------------------------------------------
def sources_data(claim: Claim, catalogue: Catalogue) -> list[dict[str, str]]:
    """A claim's sources in their recorded order: id, names, kind and role."""
    return [
        {
            "id": link.source_id,
            "name_ar": link.name_ar,
            "name_en": link.name_en,
            "kind": catalogue.source_kind(link.source_id),
            "role": str(link.role),
        }
        for link in claim.sources
    ]


def speakers(claim: Claim) -> list[str]:
    return [s.source_id for s in claim.sources if s.role == SourceRole.SPEAKER]


def source_name(link_name_ar: str, link_name_en: str, lang: Language) -> str:
    """A source's name in ``lang``, falling back to the other language."""
    if lang == "ar":
        return link_name_ar or link_name_en
    return link_name_en or link_name_ar


def span_data(claim: Claim, catalogue: Catalogue) -> dict[str, Any]:
    """A claim as a span record (the JSON Lines and sentence exports share it)."""
    status = catalogue.status(claim.status_id)
    return {
        "id": claim.id,
        "start": claim.start,
        "end": claim.end,
        "text": claim.quote,
        "label": SPAN_LABEL,
        "status": claim.status_id,
        "status_label_ar": status.label_ar,
        "status_label_en": status.label_en,
        "rating_value": status.rating_value,
        "sources": sources_data(claim, catalogue),
        "note": claim.note,
        "wording": claim.wording,
        "evidence": [e.url for e in claim.evidence],
        "editor": catalogue.editor_name(claim.updated_by),
        "created_by": catalogue.editor_name(claim.created_by),
        "created": claim.created_at,
        "updated": claim.updated_at,
    }


def article_meta(article: Article) -> dict[str, Any]:
    """An article's metadata (everything but the body) with the offset unit declared."""
    return {
        "article_id": article.id,
        "title": article.title,
        "outlet": article.outlet,
        "url": article.url,
        "published": article.published,
        "language": article.language,
        "sha256": article.sha256,
        "length": len(article.text),
        "offset_unit": OFFSET_UNIT,
        "revision_of": article.revision_of,
    }
