"""Importing articles from files, pasted text and JSON batches.

Pipeline per article: bytes -> ``decoding.decode_bytes`` (BOM, UTF-8, cp1256 / ISO-8859-6)
-> ``readers`` (text, Markdown, HTML, JSON) -> repair of PDF copy artefacts (presentation
forms, bidi controls; reported as warnings) -> ``canonicalize`` (BOM, newlines, NFC) ->
sha256 -> duplicate check -> insert.

Our own annotated exports (``jsonl`` and ``label-studio``, see
:mod:`annotator.services.import_formats`) are recognised by their content and imported with
their claims, sources and statuses; a plain ``{title, text}`` JSON batch is not one of them.

Contract: each article is written in its own savepoint, so a bad file never leaves anything
half-written and the other files of the same call still import. Batches commit every
``COMMIT_EVERY`` articles (and at the end, or on cancel), which keeps 10,000-file imports
fast without ever committing a partial article. Runs on the thread that owns ``db``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from annotator.domain.errors import AnnotatorError, InputError, InputTooLarge, MalformedInput
from annotator.domain.models import Article, new_id, utc_now
from annotator.services import readers
from annotator.services.decoding import MAX_BYTES, decode_bytes
from annotator.storage import articles, bulk, search_index
from annotator.text.canonical import (
    BIDI_CONTROLS,
    canonicalize,
    count_bidi_controls,
    diagnose,
    looks_visual_order,
    repair_presentation_forms,
    strip_bidi_controls,
    utf8_sha256,
)

COMMIT_EVERY = 200

# C0 and C1 control characters other than tab and newlines: terminal escape sequences
# (ESC [31m ...) reach the terminal through `annotator show`, and Qt draws the rest as boxes.
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_BREAK_CONTROLS = ("\x0b", "\x0c")  # vertical tab, form feed: line breaks
# Everything _repair acts on, in one class: presentation forms, bidi controls, the control
# characters above, vertical tab and form feed. (U+FEFF, the end of presentation forms B,
# is a BOM, not a form: canonicalize deals with it.)
_NEEDS_REPAIR = re.compile(
    "[\ufb50-\ufdff\ufe70-\ufefe\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    + "".join(sorted(BIDI_CONTROLS)) + "]"
)
_VISUAL_ORDER_WARNING = (
    "the text looks like it is in visual (reversed) order, as copied from some PDFs; "
    "check it reads correctly"
)
# Unpaired surrogates (JSON "\ud800" escapes): no UTF-8 text can hold them; SQLite refuses.
_SURROGATES = re.compile("[\ud800-\udfff]")
# Something visible: not whitespace, not a zero-width or joiner character, not a BOM.
_VISIBLE = re.compile("[^\\s\u200b-\u200d\u2060-\u2064\ufeff]")

IMPORTED = "imported"
DUPLICATE = "duplicate"
FAILED = "error"


@dataclass
class ImportOutcome:
    """What happened to one article (or one unusable file / JSON line)."""

    path: str
    status: str  # IMPORTED, DUPLICATE or FAILED
    article_id: str | None = None
    title: str | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    error_code: str | None = None

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


ProgressFn = Callable[[int, int, str], None]
CancelledFn = Callable[[], bool]


def _prepare(draft: readers.ArticleDraft) -> tuple[readers.ArticleDraft, list[str]]:
    """Repair PDF copy artefacts and canonicalise; warnings say what was repaired."""
    text = draft.text
    title = draft.title
    if _NEEDS_REPAIR.search(text) is None and _NEEDS_REPAIR.search(title) is None:
        # Nearly every article: nothing below would repair or remove anything, so one scan
        # of each replaces the per-kind scans; only the visual-order hint is left to check.
        warnings = [_VISUAL_ORDER_WARNING] if looks_visual_order(
            text, presentation_forms=False) else []
    else:
        text, title, warnings = _repair(text, title)
    text = canonicalize(text)
    title = canonicalize(title).strip().replace("\n", " ")
    draft.text = text
    draft.title = title or readers.read_text(text)[0]
    return draft, warnings


def _repair(text: str, title: str) -> tuple[str, str, list[str]]:
    """The body and title with PDF copy artefacts repaired and control characters removed
    or made line breaks, and the warnings saying so (not canonicalised yet)."""
    warnings: list[str] = []
    diagnosis = diagnose(text)
    if diagnosis.presentation_forms:
        warnings.append(
            f"repaired {diagnosis.presentation_forms} Arabic presentation-form characters "
            "(text copied from a PDF?) to ordinary letters"
        )
        text = repair_presentation_forms(text)
        title = repair_presentation_forms(title)
    # The title is checked too: a JSON or HTML title may carry a right-to-left override
    # (U+202E) that a clean body does not, and would reorder the library's rows.
    # (A text file's title is its first line: count the body's, else the title's own.)
    bidi = diagnosis.bidi_controls or count_bidi_controls(title)
    if bidi:
        warnings.append(f"removed {bidi} bidi control characters")
        text = strip_bidi_controls(text)
        title = strip_bidi_controls(title)
    controls = len(_CONTROL_CHARS.findall(text)) or len(_CONTROL_CHARS.findall(title))
    if controls:
        warnings.append(f"removed {controls} control characters (terminal escapes and the like)")
        text = _CONTROL_CHARS.sub("", text)
        title = _CONTROL_CHARS.sub("", title)
    for brk in _BREAK_CONTROLS:
        # Guarded str.replace: nothing to copy, and no regex pass, on text without them.
        if brk in text:
            text = text.replace(brk, "\n")
        if brk in title:
            title = title.replace(brk, " ")
    if diagnosis.looks_visual_order:
        warnings.append(_VISUAL_ORDER_WARNING)
    return text, title, warnings


def _surrogates_failure(path: str) -> ImportOutcome:
    return ImportOutcome(
        path, FAILED, error_code="malformed",
        error=f"{path}: the text contains unpaired surrogate code points (U+D800-U+DFFF, "
        "written by a broken JSON encoder); nothing was imported",
    )


def insert_draft(
    db: Database,
    draft: readers.ArticleDraft,
    *,
    editor_id: str | None,
    path: str,
    index_later: list[Article] | None = None,
    revision_of: str | None = None,
) -> ImportOutcome:
    """Insert one draft in a savepoint of the current transaction (or its own transaction).

    ``index_later``: see :func:`articles.insert_article` (batch imports). ``revision_of``:
    the id of the article this text revises."""
    # The body is checked for surrogates after _prepare (which neither adds nor removes
    # any), by the UTF-8 encoding its sha256 needs anyway: one pass instead of two.
    fields = (draft.title, draft.url, draft.outlet, draft.published, draft.language)
    if any(value and _SURROGATES.search(value) for value in fields):
        return _surrogates_failure(path)
    draft, warnings = _prepare(draft)
    try:
        encoded = draft.text.encode("utf-8")
    except UnicodeEncodeError:  # only a lone surrogate cannot be encoded
        return _surrogates_failure(path)
    if not _VISIBLE.search(draft.text):
        return ImportOutcome(path, FAILED, error=f"{path}: empty article text",
                             error_code="empty")
    sha = utf8_sha256(encoded)  # text_sha256(draft.text), without encoding it again
    article = Article(
        id=new_id(),
        title=draft.title,
        text=draft.text,
        sha256=sha,
        outlet=draft.outlet,
        url=draft.url,
        published=draft.published,
        language=draft.language or _guess_language(draft.text),
        encoding=draft.encoding,
        source_path=draft.source_path,
        imported_at=utc_now(),
        revision_of=revision_of,
    )
    existing = articles.insert_unless_present(
        db, article, editor_id=editor_id, index_later=index_later
    )
    if existing is not None:
        return ImportOutcome(
            path,
            DUPLICATE,
            article_id=existing.id,
            title=existing.title,
            encoding=draft.encoding,
            warnings=[*warnings, f"already present as article {existing.id[:8]}"],
        )
    return ImportOutcome(
        path, IMPORTED, article_id=article.id, title=article.title, encoding=draft.encoding,
        warnings=warnings,
    )


# Counting a script's letters on the UTF-8 bytes: every code point of U+0600-U+06FF, and only
# those, encodes with a lead byte 0xD8-0xDB, and ASCII letters are single bytes that never
# occur inside a multi-byte sequence; ``bytes.translate`` deleting them is a C loop over a
# 256-entry table, ~20x faster than ``str.translate`` with a dict (a dict lookup per
# character), and this runs on every imported article.
_ARABIC_LEAD_BYTES = bytes(range(0xD8, 0xDC))
_LATIN_LETTER_BYTES = bytes([*range(0x41, 0x5B), *range(0x61, 0x7B)])


def _guess_language(text: str) -> str:
    """"ar" or "en" by which script has more letters in the first 2,000 characters:
    Arabic letters are code points U+0600-U+06FF, Latin ones A-Z and a-z."""
    # surrogatepass: a lone surrogate (refused elsewhere) must not make the guess raise.
    head = text[:2000].encode("utf-8", "surrogatepass")
    arabic = len(head) - len(head.translate(None, _ARABIC_LEAD_BYTES))
    latin = len(head) - len(head.translate(None, _LATIN_LETTER_BYTES))
    return "ar" if arabic >= latin else "en"


def drafts_from_bytes(
    data: bytes, *, path: str, encoding: str | None = None, title: str | None = None
) -> list[readers.ArticleDraft | MalformedInput]:
    """Decode and parse one file's bytes into drafts (JSON batches give several)."""
    fmt = readers.detect_format(path, data)
    # A page's <meta charset> is only a hint: pages often declare one thing and are another.
    declared = readers.html_declared_charset(data) if fmt == "html" else None
    decoded = decode_bytes(data, encoding, path=path, declared=declared)
    if fmt in ("json", "jsonl"):
        items = readers.read_json_batch(decoded.text, jsonl=fmt == "jsonl", path=path)
        for item in items:
            if isinstance(item, readers.ArticleDraft):
                item.encoding = decoded.encoding
                item.source_path = path
        return items
    if fmt == "html":
        html_title, body, meta = readers.read_html(decoded.text)
        return [
            readers.ArticleDraft(
                title=title or html_title,
                text=body,
                url=meta.get("url"),
                outlet=meta.get("outlet"),
                published=meta.get("published"),
                language=meta.get("language"),
                encoding=decoded.encoding,
                source_path=path,
            )
        ]
    text_title, body = readers.read_text(
        canonicalize(decoded.text), title=title, markdown=fmt == "markdown"
    )
    return [
        readers.ArticleDraft(
            title=text_title, text=body, encoding=decoded.encoding, source_path=path
        )
    ]


def read_file_bytes(path: str | Path) -> bytes:
    """The file's bytes, or an :class:`InputError` naming the file and the reason."""
    path = path if isinstance(path, Path) else Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputTooLarge(
                f"file is too large ({size // (1024 * 1024)} MB; the limit is "
                f"{MAX_BYTES // (1024 * 1024)} MB)",
                path=str(path),
            )
        return path.read_bytes()
    except IsADirectoryError as exc:
        raise InputError("is a directory", path=str(path)) from exc
    except FileNotFoundError as exc:
        raise InputError("no such file", path=str(path)) from exc
    except PermissionError as exc:
        raise InputError("permission denied", path=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=str(path)) from exc


def _failure(path: str, error: AnnotatorError) -> ImportOutcome:
    if error.path is None:
        error.path = path
    return ImportOutcome(path, FAILED, error=str(error), error_code=error.code)


def import_paths(
    db: Database,
    paths: Iterable[str | Path],
    *,
    editor_id: str | None,
    encoding: str | None = None,
    progress: ProgressFn | None = None,
    cancelled: CancelledFn | None = None,
) -> list[ImportOutcome]:
    """Import every file in ``paths`` (directories are walked for known extensions).

    Returns one outcome per article or failure, in input order. Stops between files when
    ``cancelled()`` is true; everything imported so far stays imported.
    """
    files = list(_expand(paths))
    outcomes: list[ImportOutcome] = []
    with _batch(db) as (tick, pending):
        for index, path in enumerate(files):
            if cancelled is not None and cancelled():
                break
            if progress is not None:
                progress(index, len(files), str(path))
            outcomes.extend(
                import_one_file(
                    db, path, editor_id=editor_id, encoding=encoding, index_later=pending
                )
            )
            tick()
    if progress is not None:
        progress(len(files), len(files), "")
    return outcomes


def import_one_file(
    db: Database,
    path: str | Path,
    *,
    editor_id: str | None,
    encoding: str | None = None,
    index_later: list[Article] | None = None,
) -> list[ImportOutcome]:
    """Import one file; failures are returned as outcomes, never raised. An annotated export
    of this app imports with its claims (one transaction per article with its claims)."""
    # Not re-wrapped when already a Path: building a Path parses it again, and this runs
    # once per file of a 10,000-file import.
    path = path if isinstance(path, Path) else Path(path)
    name = str(path)
    try:
        data = read_file_bytes(path)
        # Only what reads as JSON or JSON Lines can be an annotated export; import_formats
        # (which builds on this module) is loaded for those alone, not for a text file.
        if readers.detect_format(name, data) in ("json", "jsonl"):
            from annotator.services import import_formats

            annotated = import_formats.import_annotated_file(
                db, data, path=name, editor_id=editor_id, encoding=encoding,
                index_later=index_later,
            )
            if annotated is not None:
                return annotated
        drafts = drafts_from_bytes(data, path=name, encoding=encoding)
    except AnnotatorError as exc:
        return [_failure(name, exc)]
    outcomes = []
    for draft in drafts:
        if isinstance(draft, MalformedInput):
            outcomes.append(_failure(name, draft))
            continue
        try:
            outcomes.append(
                insert_draft(db, draft, editor_id=editor_id, path=name, index_later=index_later)
            )
        except AnnotatorError as exc:
            outcomes.append(_failure(name, exc))
    return outcomes


def import_text(
    db: Database,
    text: str,
    *,
    editor_id: str | None,
    title: str | None = None,
    outlet: str | None = None,
    url: str | None = None,
    language: str | None = None,
    label: str = "<pasted text>",
) -> ImportOutcome:
    """Import text already in memory (the clipboard, a test): one transaction."""
    body = canonicalize(text)
    if not body.strip():
        return ImportOutcome(label, FAILED, error=f"{label}: empty text", error_code="empty")
    first_title, body = readers.read_text(body, title=title)
    draft = readers.ArticleDraft(
        title=first_title, text=body, outlet=outlet, url=url, language=language,
        encoding="unicode", source_path=None,
    )
    return insert_draft(db, draft, editor_id=editor_id, path=label)


SUPPORTED_SUFFIXES = {
    ".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml", ".json", ".jsonl",
    ".ndjson",
}


def _expand(paths: Iterable[str | Path]) -> Iterator[Path]:
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*")
                if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
            )
        else:
            yield path


@contextlib.contextmanager
def _batch(db: Database) -> Iterator[tuple[Callable[[], None], list[Article]]]:
    """One outer transaction committed every ``COMMIT_EVERY`` files; each article inside it
    is its own savepoint (``db.atomic()`` nests), so a failure rolls back only that one.

    Search indexing of the chunk's articles is deferred to just before each COMMIT: FTS5
    flushes its pending index at every savepoint release, and indexing article by article
    inside savepoints made imports several times slower. The index is still written in the
    same transaction as the articles it covers."""
    state = {"count": 0}
    pending: list[Article] = []

    def flush() -> None:
        search_index.index_articles(db, pending)
        pending.clear()

    def tick() -> None:
        state["count"] += 1
        if state["count"] % COMMIT_EVERY == 0:
            flush()
            db.execute("COMMIT")
            db.execute("BEGIN IMMEDIATE")

    # IMMEDIATE: take the write lock now, waiting up to the busy timeout for another writer;
    # a deferred BEGIN that reads first fails at once ("database is locked") when it must
    # upgrade to writing while another connection writes.
    # bulk_writes: the WAL is checkpointed every ~64 MB instead of at nearly every commit
    # (see there); what is committed, and when, is unchanged.
    with bulk.bulk_writes(db):
        db.execute("BEGIN IMMEDIATE")
        try:
            yield tick, pending
            flush()
        except BaseException:
            db.rollback()
            raise
        else:
            db.commit()
