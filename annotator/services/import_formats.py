"""Importing annotated files: our own JSON Lines and Label Studio exports, claims included.

Two halves:

- Pure functions (no database, no Qt): :func:`detect_annotation_export` tells one of our
  exports from a plain ``{title, text}`` JSON batch; :func:`parse_jsonl_export` and
  :func:`parse_label_studio` turn the parsed JSON into :class:`AnnotatedArticle` records
  (text, metadata, claims with code-point offsets checked against the text);
  :func:`read_annotated` does both for a file's bytes.
- The service :func:`import_annotated` stores them: one transaction per article (a
  savepoint when the caller holds a transaction, as batch imports do), the article and all
  of its claims, with the statuses, sources and editors they need.

Contracts:

- Article text is stored exactly as the file gives it (after the usual canonicalisation:
  BOM, newlines, NFC), never "repaired": the claims' offsets point into it. If
  canonicalisation changes the text (a hand-made file), every span is moved with it and
  checked again.
- Offsets: our exports count code points. A Label Studio region is accepted when
  ``text[start:end]`` equals the region's ``text`` counting code points; otherwise, when it
  does counting UTF-16 code units (older Label Studio front ends counted JavaScript string
  units, so every emoji before a span shifted it by one), the span is converted; otherwise
  the span is refused with a message naming both readings. Other spans of the article
  still import.
- Statuses are matched by id and created when missing (labels, colour and rating from the
  file; a Label Studio label without our metadata becomes a status of that name). An
  existing status is never changed; a difference is reported.
- Sources are matched by id, then by Arabic name, English name or alias (harakat, alef
  forms and case ignored, as everywhere), and created when missing with the file's id and
  kind. Editors are matched by name and created when missing; claims keep their editors
  and times.
- The same article imported again (same text) is not duplicated: its claims are added to
  the article already there, except those present already (same id, or same span and
  status), so importing a file twice changes nothing.
"""

from __future__ import annotations

import json
import re
import sqlite3
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlite_utils import Database

from annotator.domain.errors import AnnotatorError, InvalidSpan, MalformedInput
from annotator.domain.models import (
    Article,
    Claim,
    ClaimSource,
    Evidence,
    Source,
    SourceKind,
    SourceRole,
    new_id,
    utc_now,
)
from annotator.services import importing, readers
from annotator.services.annotating import validate_span, validate_url
from annotator.services.decoding import decode_bytes
from annotator.storage import articles, catalog, claims, import_queries
from annotator.text.anchoring import make_selector
from annotator.text.canonical import canonicalize, diagnose, text_sha256
from annotator.text.offsets import OffsetMap

__all__ = [
    "AnnotatedArticle",
    "AnnotatedFile",
    "AnnotatedOutcome",
    "ClaimInfo",
    "ExportKind",
    "SourceInfo",
    "StatusInfo",
    "detect_annotation_export",
    "import_annotated",
    "import_annotated_file",
    "parse_jsonl_export",
    "parse_label_studio",
    "read_annotated",
    "resolve_span",
]

ExportKind = Literal["jsonl-export", "label-studio"]

#: Colour of a status created from a label that came without one.
DEFAULT_STATUS_COLOUR = "#e0e0e0"
#: Kind of a source created from a file that does not say (hand-made files only).
DEFAULT_SOURCE_KIND = SourceKind.ORGANISATION
#: Claim ids that are not UUIDs (Label Studio's region ids) become UUIDs derived from the
#: article and the region, so a second import of the same file finds them again.
_ID_NAMESPACE = uuid.UUID("5b0f5c3e-4d1c-4a8e-9f57-2a4f3c1d9e60")
_UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_TASK_DATA_KEY = "annotator"  # exports.tools.TASK_DATA_KEY (kept apart: no import cycle)
_ROLES = {role.value for role in SourceRole}
_KINDS = {kind.value for kind in SourceKind}


# --- what a file says ------------------------------------------------------------------------
@dataclass(frozen=True)
class StatusInfo:
    """A status as a file names it. Labels, colour and rating are None when the file does
    not give them (used only to create a status the workspace lacks)."""

    id: str
    label_ar: str | None = None
    label_en: str | None = None
    color: str | None = None
    rating_value: int | None = None


@dataclass(frozen=True)
class SourceInfo:
    """A claim's source as a file names it: its role, and whatever identifies it."""

    role: SourceRole
    id: str | None = None
    name_ar: str = ""
    name_en: str = ""
    kind: str | None = None

    def label(self) -> str:
        return self.name_ar or self.name_en or self.id or "?"


@dataclass(frozen=True)
class ClaimInfo:
    """A claim read from a file; ``start``/``end`` are code points into the article's
    canonical text and ``text[start:end] == quote`` was checked."""

    start: int
    end: int
    quote: str
    status: StatusInfo
    sources: tuple[SourceInfo, ...] = ()
    note: str = ""
    wording: str = ""
    evidence: tuple[str, ...] = ()
    claim_id: str | None = None
    editor: str | None = None
    created_by: str | None = None
    created: str | None = None
    updated: str | None = None


@dataclass
class AnnotatedArticle:
    """One article of an annotated file, its claims, and the problems met reading it
    (refused spans: each a line naming the span and the reason). ``where`` says where in the
    file it is ("line 3", "task 2")."""

    text: str
    title: str
    where: str = ""
    claims: list[ClaimInfo] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    article_id: str | None = None
    sha256: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    revision_of: str | None = None


@dataclass
class AnnotatedOutcome(importing.ImportOutcome):
    """An import outcome that also counts claims: ``claims`` added, ``claims_present``
    skipped because the workspace had them already."""

    claims: int = 0
    claims_present: int = 0


# --- detection -------------------------------------------------------------------------------
def _is_jsonl_record(value: Any) -> bool:
    return (isinstance(value, dict) and isinstance(value.get("text"), str)
            and isinstance(value.get("spans"), list)
            and isinstance(value.get("meta", {}), dict))


def _is_label_studio_task(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    data = value.get("data")
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        return False
    return all(isinstance(value.get(k, []), list) for k in ("annotations", "predictions"))


def detect_annotation_export(data: dict[str, Any] | list[Any]) -> ExportKind | None:
    """Which annotated export ``data`` (a parsed JSON document or JSON Lines record) is.

    - ``"jsonl-export"``: an object with a string ``text`` and a list ``spans`` (our JSON
      Lines record), or a non-empty array of such objects;
    - ``"label-studio"``: a Label Studio task (an object whose ``data`` holds a string
      ``text``; ``annotations``/``predictions``, when present, are arrays) or a non-empty
      array of tasks;
    - None for anything else, such as the plain ``{title, text}`` batch of the importer
      (a top-level ``text`` without ``spans``) or an ``{"articles": [...]}`` wrapper.
    """
    items = data if isinstance(data, list) else [data]
    if not items:
        return None
    if all(_is_jsonl_record(item) for item in items):
        return "jsonl-export"
    if all(_is_label_studio_task(item) for item in items):
        return "label-studio"
    return None


# --- offsets ---------------------------------------------------------------------------------
def resolve_span(text: str, start: Any, end: Any, quote: str | None,
                 offsets: OffsetMap | None = None) -> tuple[int, int] | str:
    """The code-point span ``[start, end)`` of ``quote`` in ``text``, or a one-line reason
    why the span is refused (module contract: code points first, then UTF-16 units).

    ``quote`` None (a region without its text) accepts code-point offsets that are in
    range. ``offsets`` may be passed to reuse one :class:`OffsetMap` for many spans."""
    if isinstance(start, bool) or isinstance(end, bool) \
            or not isinstance(start, int) or not isinstance(end, int):
        return f"offsets {start!r}-{end!r} are not whole numbers"
    if not 0 <= start < end:
        return f"span {start}-{end} is empty or negative"
    if quote is None:
        if end <= len(text):
            return start, end
        return f"span {start}-{end} is beyond the end of the text ({len(text)} characters)"
    if text[start:end] == quote:
        return start, end
    units = offsets or OffsetMap(text)
    if units.utf16_length != len(text) and end <= units.utf16_length:
        cp_start, cp_end = units.to_codepoint(start), units.to_codepoint(end)
        if (units.to_utf16(cp_start) == start and units.to_utf16(cp_end) == end
                and text[cp_start:cp_end] == quote):
            return cp_start, cp_end
    return (f"span {start}-{end}: the text there is {_short(text[start:end])!r}, not the "
            f"region's {_short(quote)!r}, counting code points or UTF-16 units")


def _short(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


def _canonical_spans(raw: str, spans: list[tuple[int, int, str]]
                     ) -> tuple[str, list[tuple[int, int] | str]]:
    """Canonicalise ``raw`` and move each ``(start, end, quote)`` with it. Returns the
    canonical text and, per span, its new offsets or why it could not be moved."""
    text = canonicalize(raw)
    if text == raw:
        return text, [(s, e) for s, e, _ in spans]
    moved: list[tuple[int, int] | str] = []
    for start, end, quote in spans:
        new_start = len(canonicalize(raw[:start]))
        new_end = new_start + len(canonicalize(raw[start:end]))
        if new_end > new_start and text[new_start:new_end] == canonicalize(quote):
            moved.append((new_start, new_end))
        else:
            moved.append(f"span {start}-{end} does not survive canonicalisation of the text "
                         "(line ends, Unicode normalisation)")
    return text, moved


# --- small readers of untrusted JSON -----------------------------------------------------------
def _is_unicode(text: str) -> bool:
    """False for a string with lone surrogates (JSON's "\\ud800" escapes allow them)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _opt_str(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _rating(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5:
        return value
    return None


def _sources(items: Any) -> tuple[SourceInfo, ...]:
    out: list[SourceInfo] = []
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        role = item.get("role")
        info = SourceInfo(
            role=SourceRole(role) if role in _ROLES else SourceRole.SPEAKER,
            id=_opt_str(item.get("id")),
            name_ar=_str(item.get("name_ar")),
            name_en=_str(item.get("name_en")),
            kind=item.get("kind") if item.get("kind") in _KINDS else None,
        )
        if info.id or info.name_ar.strip() or info.name_en.strip():
            out.append(info)
    return tuple(out)


def _evidence(items: Any) -> tuple[str, ...]:
    return tuple(u for u in items if isinstance(u, str)) if isinstance(items, list) else ()


def _meta(article: AnnotatedArticle, meta: Mapping[str, Any]) -> None:
    article.article_id = _opt_str(meta.get("article_id"))
    article.sha256 = _opt_str(meta.get("sha256"))
    article.outlet = _opt_str(meta.get("outlet"))
    article.url = _opt_str(meta.get("url"))
    article.published = _opt_str(meta.get("published"))
    article.language = _opt_str(meta.get("language"))
    article.revision_of = _opt_str(meta.get("revision_of"))


def _title(raw: Any, text: str) -> str:
    title = _opt_str(raw)
    if title:
        return " ".join(title.split())
    return readers.read_text(text)[0]


def _finish(article: AnnotatedArticle, raw_text: str,
            spans: list[tuple[Any, Any, str | None, ClaimInfo]]) -> AnnotatedArticle:
    """Resolve each span's offsets in the raw text, move them to the canonical text, and
    keep the claims that survive; the others become problems."""
    offsets = OffsetMap(raw_text)
    resolved: list[tuple[int, int, str, ClaimInfo]] = []
    for start, end, quote, info in spans:
        where = resolve_span(raw_text, start, end, quote, offsets)
        if isinstance(where, str):
            article.problems.append(f"{article.where}: claim refused: {where}")
            continue
        resolved.append((where[0], where[1], raw_text[where[0]:where[1]], info))
    text, moved = _canonical_spans(raw_text, [(s, e, q) for s, e, q, _ in resolved])
    article.text = text
    for (_, _, _, info), place in zip(resolved, moved, strict=True):
        if isinstance(place, str):
            article.problems.append(f"{article.where}: claim refused: {place}")
            continue
        article.claims.append(ClaimInfo(
            place[0], place[1], text[place[0]:place[1]], info.status, info.sources, info.note,
            info.wording, info.evidence, info.claim_id, info.editor, info.created_by,
            info.created, info.updated))
    return article


# --- our JSON Lines export -------------------------------------------------------------------
def _jsonl_article(record: Mapping[str, Any], where: str) -> AnnotatedArticle:
    raw = _str(record.get("text"))
    meta = record.get("meta") if isinstance(record.get("meta"), dict) else {}
    article = AnnotatedArticle(text=raw, title=_title(meta.get("title"), raw), where=where)
    _meta(article, meta)
    unit = meta.get("offset_unit", "codepoint")
    if unit not in ("codepoint", None):
        article.problems.append(f"{where}: offsets are {unit!r}; read as code points")
    spans: list[tuple[Any, Any, str | None, ClaimInfo]] = []
    for number, span in enumerate(record.get("spans") or [], start=1):
        if not isinstance(span, dict):
            article.problems.append(f"{where}: span {number} is not an object")
            continue
        status_id = _opt_str(span.get("status")) or _opt_str(span.get("label"))
        if status_id is None:
            article.problems.append(f"{where}: span {number} has no status")
            continue
        info = ClaimInfo(
            0, 0, "",
            StatusInfo(status_id, _opt_str(span.get("status_label_ar")),
                       _opt_str(span.get("status_label_en")),
                       _opt_str(span.get("status_color")), _rating(span.get("rating_value"))),
            _sources(span.get("sources")), _str(span.get("note")), _str(span.get("wording")),
            _evidence(span.get("evidence")), _opt_str(span.get("id")),
            _opt_str(span.get("editor")), _opt_str(span.get("created_by")),
            _opt_str(span.get("created")), _opt_str(span.get("updated")),
        )
        quote = span.get("text")
        spans.append((span.get("start"), span.get("end"),
                      quote if isinstance(quote, str) else None, info))
    return _finish(article, raw, spans)


def parse_jsonl_export(records: Iterable[tuple[int, Any]]
                       ) -> Iterator[AnnotatedArticle | MalformedInput]:
    """Articles from our JSON Lines export: ``records`` are ``(line number, parsed value)``
    pairs (a ``ValueError`` as the value for a line that is not JSON); a value that is not
    an export record yields a :class:`MalformedInput` naming its line, and the other lines
    still import."""
    for line, value in records:
        if isinstance(value, ValueError):
            yield MalformedInput(f"line {line}: invalid JSON: {value}", line=line)
            continue
        if not _is_jsonl_record(value):
            yield MalformedInput(f"line {line}: not a record of an annotated JSON Lines "
                                 "export (needs text and spans)", line=line)
            continue
        if not value["text"].strip():
            yield MalformedInput(f"line {line}: empty article text", line=line)
            continue
        if not _is_unicode(value["text"]):
            yield MalformedInput(f"line {line}: the text is not valid Unicode (a lone "
                                 "surrogate)", line=line)
            continue
        yield _jsonl_article(value, f"line {line}")


# --- Label Studio ----------------------------------------------------------------------------
def _label_studio_article(task: Mapping[str, Any], number: int) -> AnnotatedArticle:
    data = task["data"]
    raw = data["text"]
    where = f"task {task.get('id', number)}"
    article = AnnotatedArticle(text=raw, title=_title(data.get("title"), raw), where=where)
    _meta(article, data)
    ours = data.get(_TASK_DATA_KEY) if isinstance(data.get(_TASK_DATA_KEY), dict) else {}
    statuses = ours.get("statuses") if isinstance(ours.get("statuses"), dict) else {}
    details = ours.get("claims") if isinstance(ours.get("claims"), dict) else {}
    annotations = [a for a in task.get("annotations") or []
                   if isinstance(a, dict) and not a.get("was_cancelled")]
    if not annotations and task.get("predictions"):
        article.problems.append(f"{where}: {len(task['predictions'])} prediction(s) not "
                                "imported (only annotations are)")
    spans: list[tuple[Any, Any, str | None, ClaimInfo]] = []
    seen: set[tuple[Any, Any, str]] = set()
    for annotation in annotations:
        results = [r for r in annotation.get("result") or [] if isinstance(r, dict)]
        # Per-region text areas share the region's id: their text is the claim's note.
        notes = {
            r.get("id"): "\n".join(t for t in r["value"].get("text", []) if isinstance(t, str))
            for r in results
            if r.get("type") == "textarea" and isinstance(r.get("value"), dict)
            and isinstance(r["value"].get("text"), list)
        }
        for region in results:
            value = region.get("value")
            if not isinstance(value, dict) or "start" not in value or "end" not in value:
                continue
            labels = [x for x in value.get("labels") or [] if isinstance(x, str) and x.strip()]
            if not labels:
                continue
            if len(labels) > 1:
                article.problems.append(f"{where}: region {region.get('id')} has several "
                                        f"labels; the first, {labels[0]!r}, is its status")
            key = (value.get("start"), value.get("end"), labels[0])
            if key in seen:  # the same region from several annotators
                continue
            seen.add(key)
            region_id = region.get("id")
            known = statuses.get(labels[0]) if isinstance(statuses.get(labels[0]), dict) else {}
            status = StatusInfo(labels[0], _opt_str(known.get("label_ar")),
                                _opt_str(known.get("label_en")), _opt_str(known.get("color")),
                                _rating(known.get("rating_value")))
            extra = details.get(region_id) if isinstance(details.get(region_id), dict) else {}
            note = _str(extra.get("note")) if extra else notes.get(region_id, "")
            info = ClaimInfo(
                0, 0, "", status, _sources(extra.get("sources")), note,
                _str(extra.get("wording")), _evidence(extra.get("evidence")),
                region_id if isinstance(region_id, str) and region_id else None,
                _opt_str(extra.get("editor")), _opt_str(extra.get("created_by")),
                _opt_str(extra.get("created")), _opt_str(extra.get("updated")),
            )
            quote = value.get("text")
            spans.append((value.get("start"), value.get("end"),
                          quote if isinstance(quote, str) else None, info))
    return _finish(article, raw, spans)


def parse_label_studio(tasks: dict[str, Any] | list[Any]
                       ) -> Iterator[AnnotatedArticle | MalformedInput]:
    """Articles from a Label Studio JSON export (an array of tasks, or one task): the
    task's ``data.text`` with every labelled region of its annotations as a claim whose
    status is the region's label. A task that is not usable yields a
    :class:`MalformedInput` naming it."""
    for number, task in enumerate(tasks if isinstance(tasks, list) else [tasks], start=1):
        if not _is_label_studio_task(task):
            yield MalformedInput(f"task {number}: not a Label Studio task with data.text")
            continue
        if not task["data"]["text"].strip():
            yield MalformedInput(f"task {number}: empty article text")
            continue
        if not _is_unicode(task["data"]["text"]):
            yield MalformedInput(f"task {number}: the text is not valid Unicode (a lone "
                                 "surrogate)")
            continue
        yield _label_studio_article(task, number)


# --- files -----------------------------------------------------------------------------------
@dataclass
class AnnotatedFile:
    """What :func:`read_annotated` found: the export's kind, the codec the file was read
    with, and its articles (or problems, in file order)."""

    kind: ExportKind
    encoding: str
    items: list[AnnotatedArticle | MalformedInput]


def read_annotated(data: bytes, *, path: str, encoding: str | None = None
                   ) -> AnnotatedFile | None:
    """The articles of an annotated export file, or None when the file is not one (any
    other file, including a plain ``{title, text}`` JSON batch, goes through the ordinary
    import).

    Only files the importer reads as JSON or JSON Lines are examined. JSON Lines: the first
    non-blank line decides; each line is then one article (a bad line is one problem).
    JSON: the whole document decides. Raises what decoding raises
    (:class:`~annotator.domain.errors.InputError`)."""
    fmt = readers.detect_format(path, data)
    if fmt not in ("json", "jsonl"):
        return None
    decoded = decode_bytes(data, encoding, path=path)
    text = decoded.text.lstrip("\ufeff")
    lines = text.split("\n")  # "\n" only: U+2028 may sit unescaped inside JSON strings
    filled = [line for line in lines if line.strip()]
    if not filled:
        return None
    try:
        head = json.loads(filled[0])
    except (ValueError, RecursionError):  # not JSON, or nested beyond Python's limit
        head = None
    items: list[AnnotatedArticle | MalformedInput]
    if _is_jsonl_record(head) and (fmt == "jsonl" or len(filled) > 1):
        kind: ExportKind = "jsonl-export"
        items = list(parse_jsonl_export(_jsonl_values(lines)))
    else:
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            return None  # the ordinary reader reports what is wrong with it
        found = (detect_annotation_export(document)
                 if isinstance(document, (dict, list)) else None)
        if found is None:
            return None
        kind = found
        if kind == "jsonl-export":
            values = document if isinstance(document, list) else [document]
            items = list(parse_jsonl_export(enumerate(values, start=1)))
        else:
            items = list(parse_label_studio(document))
    for item in items:
        if isinstance(item, MalformedInput):
            item.path = path
    return AnnotatedFile(kind, decoded.encoding, items)


def _jsonl_values(lines: list[str]) -> Iterator[tuple[int, Any]]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            value = exc
        except RecursionError:
            value = ValueError("nested too deeply")
        yield number, value


# --- storing ---------------------------------------------------------------------------------
_Saved = tuple[dict[str, str], dict[SourceInfo, ClaimSource | None], dict[str, str]]


class _Catalogue:
    """Per-import lookups of statuses, sources and editors, created on first use. Its
    caches are snapshotted per article and restored when the article's transaction rolls
    back, so nothing refers to a row that was never committed."""

    def __init__(self, db: Database, editor_id: str | None) -> None:
        self.db = db
        self.editor_id = editor_id
        self.statuses: dict[str, str] = {}
        self.sources: dict[SourceInfo, ClaimSource | None] = {}
        self.editors: dict[str, str] = {}
        self.reported: set[str] = set()

    def snapshot(self) -> _Saved:
        return dict(self.statuses), dict(self.sources), dict(self.editors)

    def restore(self, saved: _Saved) -> None:
        self.statuses, self.sources, self.editors = (
            dict(saved[0]), dict(saved[1]), dict(saved[2]))

    def status(self, info: StatusInfo, warnings: list[str]) -> str:
        """The id of the workspace status ``info`` names, created when missing."""
        if info.id in self.statuses:
            return self.statuses[info.id]
        existing = import_queries.get_status(self.db, info.id)
        if existing is None:
            import_queries.insert_status(
                self.db, status_id=info.id, label_ar=info.label_ar or info.label_en or info.id,
                label_en=info.label_en or info.label_ar or info.id,
                color=info.color or DEFAULT_STATUS_COLOUR, rating_value=info.rating_value,
                editor_id=self.editor_id)
            warnings.append(f"created status {info.id!r}")
        else:
            differs = [name for name, mine, theirs in (
                ("Arabic label", existing.label_ar, info.label_ar),
                ("English label", existing.label_en, info.label_en),
                ("colour", existing.color, info.color),
                ("rating", existing.rating_value, info.rating_value),
            ) if theirs is not None and mine != theirs]
            if differs and info.id not in self.reported:
                self.reported.add(info.id)
                warnings.append(f"status {info.id!r} kept as in this workspace (the file has "
                                f"another {', '.join(differs)})")
        self.statuses[info.id] = info.id
        return info.id

    def source(self, info: SourceInfo, warnings: list[str]) -> ClaimSource | None:
        """The link to the workspace source ``info`` names (by id, then by name or alias),
        the source created when missing; None when it can be neither found nor made."""
        key = SourceInfo(SourceRole.SPEAKER, info.id, info.name_ar, info.name_en, info.kind)
        if key not in self.sources:
            self.sources[key] = self._find_or_create(info, warnings)
        link = self.sources[key]
        if link is None:
            return None
        return ClaimSource(link.source_id, info.role, link.name_ar, link.name_en)

    def _find_or_create(self, info: SourceInfo, warnings: list[str]) -> ClaimSource | None:
        found = import_queries.get_source(self.db, info.id) if info.id else None
        for name in (info.name_ar, info.name_en):
            if found is None and name.strip():
                found = catalog.find_source(self.db, name)
        if found is None:
            name_ar, name_en = info.name_ar.strip(), info.name_en.strip()
            if not (name_ar or name_en):
                warnings.append(f"source {info.label()!r} is not in this workspace and the "
                                "file gives no name to create it; link skipped")
                return None
            kind = SourceKind(info.kind) if info.kind else DEFAULT_SOURCE_KIND
            if not info.kind:
                warnings.append(f"source {info.label()!r} created as {kind.value} (the file "
                                "gives no kind)")
            # Keep the file's id (the same source in both workspaces) when it is a UUID.
            source_id = info.id if info.id and _UUID_RE.match(info.id) else new_id()
            found = Source(source_id, name_ar, name_en, kind)
            catalog.insert_source_row(self.db, found, editor_id=self.editor_id)
            warnings.append(f"created source {info.label()!r}")
        return ClaimSource(found.id, SourceRole.SPEAKER, found.name_ar, found.name_en)

    def editor(self, name: str | None) -> str | None:
        """The id of the editor called ``name`` (created when missing); the importing
        editor when the file names none."""
        if not name or not name.strip():
            return self.editor_id
        name = name.strip()
        if name not in self.editors:
            self.editors[name] = catalog.ensure_editor(self.db, name).id
        return self.editors[name]


def _claim_id(info: ClaimInfo, sha256: str) -> str:
    if info.claim_id and _UUID_RE.match(info.claim_id.lower()):
        return info.claim_id.lower()
    key = f"{sha256}:{info.claim_id or ''}:{info.start}:{info.end}:{info.status.id}"
    return str(uuid.uuid5(_ID_NAMESPACE, key))


def _store_article(db: Database, item: AnnotatedArticle, cat: _Catalogue, *, path: str,
                   encoding: str | None, index_later: list[Article] | None
                   ) -> AnnotatedOutcome:
    """Insert one article (or find it) and its claims. Caller holds the transaction."""
    warnings = list(item.problems)
    sha = text_sha256(item.text)
    if item.sha256 and item.sha256 != sha:
        warnings.append(f"{item.where}: the text differs from the one exported "
                        "(its checksum does not match); imported as it is in the file")
    diagnosis = diagnose(item.text)
    if diagnosis.presentation_forms or diagnosis.bidi_controls:
        warnings.append(f"{item.where}: the text has presentation forms or bidi controls; "
                        "kept as they are, because the claims' offsets count them")
    existing = articles.find_by_sha256(db, sha)
    if existing is not None:
        article_id, status, title = existing.id, importing.DUPLICATE, existing.title
        warnings.append(f"already present as article {existing.id[:8]}; the file's claims "
                        "go to that article")
    else:
        article_id = (item.article_id if item.article_id and _UUID_RE.match(item.article_id)
                      and not import_queries.article_exists(db, item.article_id)
                      else new_id())
        revision_of = (item.revision_of if item.revision_of
                       and import_queries.article_exists(db, item.revision_of) else None)
        article = Article(
            id=article_id, title=item.title, text=item.text, sha256=sha, outlet=item.outlet,
            url=item.url, published=item.published,
            language=item.language or importing._guess_language(item.text),
            encoding=encoding, source_path=path, imported_at=utc_now(),
            revision_of=revision_of)
        articles.insert_article(db, article, editor_id=cat.editor_id, index_later=index_later)
        status, title = importing.IMPORTED, item.title
    added = present = 0
    for info in item.claims:
        claim_id = _claim_id(info, sha)
        if import_queries.claim_exists(db, claim_id) or import_queries.same_claim_exists(
                db, article_id, info.start, info.end, info.status.id):
            present += 1
            continue
        try:
            validate_span(item.text, info.start, info.end)
        except InvalidSpan as exc:
            warnings.append(f"{item.where}: claim refused: {exc}")
            continue
        urls = []
        for url in info.evidence:
            try:
                urls.append(validate_url(url))
            except AnnotatorError:
                warnings.append(f"{item.where}: evidence {url!r} skipped (http/https only)")
        # Evidence is listed by time added, then id: ascending ids keep the file's order.
        evidence = [Evidence(i, u, None)
                    for i, u in zip(sorted(new_id() for _ in urls), urls, strict=True)]
        links: list[ClaimSource] = []
        for source in info.sources:
            link = cat.source(source, warnings)
            if link is not None and all((x.source_id, x.role) != (link.source_id, link.role)
                                        for x in links):
                links.append(link)
        selector = make_selector(item.text, info.start, info.end)
        now = utc_now()
        creator = cat.editor(info.created_by or info.editor)
        claim = Claim(
            id=claim_id, article_id=article_id, start=info.start, end=info.end,
            quote=selector.exact, prefix=selector.prefix, suffix=selector.suffix,
            status_id=cat.status(info.status, warnings), note=info.note,
            wording=info.wording, created_by=creator,
            updated_by=cat.editor(info.editor or info.created_by),
            created_at=info.created or info.updated or now,
            updated_at=info.updated or info.created or now,
            sources=tuple(links), evidence=tuple(evidence))
        claims.insert_claim(db, claim, editor_id=cat.editor_id, action="import_claim")
        added += 1
    if status == importing.DUPLICATE:
        warnings.append(f"{added} claim(s) added to it")
    if present:
        warnings.append(f"{present} claim(s) already present, not added again")
    return AnnotatedOutcome(path, status, article_id=article_id, title=title,
                            encoding=encoding, warnings=warnings, claims=added,
                            claims_present=present)


def import_annotated(
    db: Database,
    items: Iterable[AnnotatedArticle | MalformedInput],
    *,
    editor_id: str | None,
    path: str,
    encoding: str | None = None,
    index_later: list[Article] | None = None,
) -> list[importing.ImportOutcome]:
    """Store annotated articles (module contract); one outcome per article or problem, in
    order, never raising for bad input.

    Each article with its claims (and the statuses, sources and editors they need) is one
    transaction, or one savepoint when the caller holds a transaction; a failure rolls
    back that article only. ``index_later``: as for :func:`importing.insert_draft`. Runs on
    the thread that owns ``db``."""
    cat = _Catalogue(db, editor_id)
    outcomes: list[importing.ImportOutcome] = []
    for item in items:
        if isinstance(item, MalformedInput):
            if item.path is None:
                item.path = path
            outcomes.append(importing.ImportOutcome(path, importing.FAILED, error=str(item),
                                                    error_code=item.code))
            continue
        saved = cat.snapshot()
        pending = len(index_later) if index_later is not None else 0
        try:
            with db.atomic():
                outcomes.append(_store_article(db, item, cat, path=path, encoding=encoding,
                                               index_later=index_later))
        except (AnnotatorError, sqlite3.IntegrityError, UnicodeError) as exc:
            # Bad data in the file (lone surrogates, or the database refused it): this
            # article only.
            cat.restore(saved)
            del (index_later or [])[pending:]
            message = exc.message if isinstance(exc, AnnotatorError) else str(exc)
            code = exc.code if isinstance(exc, AnnotatorError) else "refused"
            outcomes.append(importing.ImportOutcome(
                path, importing.FAILED, error=f"{path}: {item.where}: {message}",
                error_code=code))
        except Exception:
            cat.restore(saved)
            del (index_later or [])[pending:]
            raise
    return outcomes


def import_annotated_file(
    db: Database,
    data: bytes,
    *,
    path: str,
    editor_id: str | None,
    encoding: str | None = None,
    index_later: list[Article] | None = None,
) -> list[importing.ImportOutcome] | None:
    """Import ``data`` (a file's bytes) with its claims when it is one of our annotated
    exports (:func:`read_annotated`); None when it is not, and the caller imports it as
    ordinary articles. Decoding errors raise
    :class:`~annotator.domain.errors.InputError`."""
    found = read_annotated(data, path=path, encoding=encoding)
    if found is None:
        return None
    return import_annotated(db, found.items, editor_id=editor_id, path=path,
                            encoding=found.encoding, index_later=index_later)
