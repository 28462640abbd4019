"""What every exporter shares: the filter, the options, the records it is fed, the catalogue
it looks labels up in, and writing a file so that a failed export leaves nothing behind.

Contracts:
- Exports only read the workspace; nothing here writes to it.
- Offsets in every record are Unicode code points into ``Article.text`` (the canonical text
  stored at import), end exclusive: ``article.text[start:end] == claim.quote``.
- Records are produced lazily, a batch of articles (with their claims) at a time, so memory
  holds a few articles, not the workspace. A :class:`RecordSource` can be iterated more than
  once (reports count first, then write).
- Cancelling: a record source may raise :class:`ExportCancelled` between articles; every
  writer here writes through :func:`atomic_text` / :func:`atomic_binary` /
  :func:`staged_directory`, so a cancelled (or failed) export leaves no output behind and
  replaces no older file.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

from annotator.domain.models import EDITOR_LAYER, Article, Claim, Source, SourceRole, Status
from annotator.storage.export_queries import ArticleRows

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
    - ``layer``: ``"editor"`` (every editor's claims, the default) or ``"reviewed"`` (the
      adjudicated layer; then only articles an adjudicator has reviewed are exported).

    When any claim-level filter is set, articles left with no matching claim are skipped
    (an export of "false claims" is not padded with claim-less articles); without one, every
    selected article is exported, claim-less ones included (negative examples for training).
    """

    article_ids: tuple[str, ...] = ()
    status_ids: tuple[str, ...] = ()
    source_names: tuple[str, ...] = ()
    editor: str | None = None
    since: str | None = None
    layer: str = EDITOR_LAYER

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
            "layer": self.layer,
        }


@dataclass(frozen=True)
class ExportOptions:
    """Presentation options. ``lang`` chooses the labels (status, source kind, headings) in
    reports and ClaimReview; data fields always carry stable ids as well."""

    lang: Language = "ar"
    newsroom: str = "Newsroom"
    split: tuple[tuple[str, float], ...] = ()
    seed: int = 0


class ExportCancelled(Exception):
    """Raised between two articles when the export's ``cancelled()`` callback returns true.

    Not an :class:`~annotator.domain.errors.AnnotatorError`: nothing went wrong, and callers
    report it as "cancelled", not as a failure. No output is left behind (module contract)."""


@dataclass(frozen=True)
class Catalogue:
    """Lookups an exporter needs besides the claims: statuses, sources and editor names,
    each by id. Read once per export; the derived lookups are memoised (an export asks the
    same few questions for every one of its claims)."""

    statuses: dict[str, Status]
    sources: dict[str, Source]
    editors: dict[str, str]
    _kinds: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _status_cache: dict[str, Status] = field(default_factory=dict, repr=False, compare=False)

    def status(self, status_id: str) -> Status:
        """The status, or a stand-in named by its id (a status deleted after the claim was
        made must not stop an export)."""
        found = self.statuses.get(status_id)
        if found is not None:
            return found
        stand_in = self._status_cache.get(status_id)
        if stand_in is None:
            stand_in = self._status_cache[status_id] = Status(
                status_id, status_id, status_id, "#e0e0e0", None, 10_000)
        return stand_in

    def source_kind(self, source_id: str) -> str:
        """The source's kind id ("news_agency"...), or "" for a source not in the
        catalogue."""
        kind = self._kinds.get(source_id)
        if kind is None:
            source = self.sources.get(source_id)
            kind = self._kinds[source_id] = str(source.kind) if source else ""
        return kind

    def editor_name(self, editor_id: str | None) -> str | None:
        return self.editors.get(editor_id or "")


@dataclass(frozen=True)
class ArticleRecord:
    """One article and the claims of it the filter kept, in reading order (start, then
    longer first)."""

    article: Article
    claims: tuple[Claim, ...]


#: An article with its claims as plain rows, for exporters that only serialise.
RowRecord = ArticleRows


@dataclass
class RecordSource:
    """A re-iterable stream of :class:`ArticleRecord`: each ``iter()`` runs ``produce``
    afresh, reading a batch of articles at a time from the workspace.

    ``total``: how many articles one pass looks at (those the filter may keep), for
    progress; None when unknown. ``rows``: when set, the same articles and claims as
    :data:`RowRecord` (no objects built per claim; the rows' prefix and suffix are empty);
    offered only when no claim-level filter applies, and only the JSON Lines writer uses
    it."""

    produce: Callable[[], Iterator[ArticleRecord]]
    catalogue: Catalogue
    total: int | None = None
    rows: Callable[[], Iterator[RowRecord]] | None = None

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


#: Write buffer of export files: large exports are written in a few hundred system calls.
WRITE_BUFFER = 1 << 20


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
        with os.fdopen(fd, "w", encoding=encoding, newline=newline,
                       buffering=WRITE_BUFFER) as fh:
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
        with os.fdopen(fd, "wb", buffering=WRITE_BUFFER) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def staged_directory(path: Path) -> Iterator[Path]:
    """A new, empty directory beside ``path`` to write a directory export (brat, splits)
    into. When the block finishes without an exception its entries are moved into ``path``
    (created if needed; files of the same name are replaced, other files there are left
    alone, as a direct write would); on an exception (a cancel, a full disk) the staging
    directory is deleted and ``path`` is untouched. Callers name files under the yielded
    directory and map them with :func:`relocated`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    staging = path.parent / f".{path.name}.{uuid.uuid4().hex}.part"
    staging.mkdir()
    try:
        yield staging
        _merge_into(staging, path)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _merge_into(source: Path, target: Path) -> None:
    """Move every entry of ``source`` into ``target`` (recursively for directories)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in sorted(source.iterdir()):
        destination = target / entry.name
        if entry.is_dir() and not entry.is_symlink():
            _merge_into(entry, destination)
        else:
            os.replace(entry, destination)


def relocated(files: list[Path], staging: Path, final: Path) -> list[Path]:
    """``files`` written under ``staging`` as the paths they have under ``final``."""
    out = []
    for file in files:
        try:
            out.append(final / file.relative_to(staging))
        except ValueError:
            out.append(file)
    return out


# --- shared record pieces ----------------------------------------------------------------------
def sources_data(claim: Claim, catalogue: Catalogue) -> list[dict[str, str]]:
    """A claim's sources in their recorded order: id, names, kind and role."""
    if not claim.sources:
        return []
    kind = catalogue.source_kind
    return [
        {
            "id": link.source_id,
            "name_ar": link.name_ar,
            "name_en": link.name_en,
            "kind": kind(link.source_id),
            "role": link.role.value,
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
    editors = catalogue.editors
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
        "status_color": status.color,
        "sources": sources_data(claim, catalogue),
        "note": claim.note,
        "wording": claim.wording,
        "evidence": [e.url for e in claim.evidence],
        "editor": editors.get(claim.updated_by or ""),
        "created_by": editors.get(claim.created_by or ""),
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
