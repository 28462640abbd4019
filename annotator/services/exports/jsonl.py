"""JSON Lines: one record per article, its text and its claim spans (training data).

Record layout (``FEATURES`` gives the same as Hugging Face ``datasets`` features)::

    {"text": ..., "spans": [{"id", "start", "end", "text", "label", "status",
      "status_label_ar", "status_label_en", "rating_value", "status_color",
      "sources": [{"id", "name_ar", "name_en", "kind", "role"}], "note", "wording",
      "evidence", "editor", "created_by", "created", "updated"}],
      "meta": {"article_id", "title", "outlet", "url", "published", "language", "sha256",
      "length", "offset_unit": "codepoint", "revision_of"}}

Offsets are code points, end exclusive: ``text[start:end] == span["text"]`` for every span.
UTF-8 without BOM, one JSON object per line, "\\n" line ends; Arabic is written as is (not
``\\u`` escapes).

The file imports back (``annotator import FILE.jsonl``, see
:mod:`annotator.services.import_formats`) with every claim, its sources (with kind and
role), status (with labels, colour and rating), note, wording, evidence, editors and times.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from annotator.domain.models import Article, Claim, ClaimSource, Evidence
from annotator.services.exports.base import (
    SPAN_LABEL,
    ArticleRecord,
    ExportContext,
    ExportResult,
    RecordSource,
    RowRecord,
    article_meta,
    atomic_text,
    span_data,
)

#: A claim's column values in field order (``storage.export_queries.ClaimRow``).
ClaimRow = tuple[Any, ...]


def article_record(record: ArticleRecord, context: ExportContext) -> dict[str, Any]:
    """One article as the JSON Lines object described in the module docstring."""
    return {
        "text": record.article.text,
        "spans": [span_data(c, context.catalogue) for c in record.claims],
        "meta": article_meta(record.article),
    }


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode
#: How ``json.dumps(..., ensure_ascii=False)`` writes a string (the C implementation).
_STRING: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]


class LineEncoder:
    """Writes :func:`article_record` as JSON text without building the span dictionaries.

    The result is byte for byte ``json.dumps(article_record(record, context),
    ensure_ascii=False)`` (the tests compare them); it is just cheaper. Per export, the parts
    that repeat from claim to claim (a status with its labels, colour and rating; a list of
    sources with their kinds and roles; an editor's name) are encoded once and reused, and
    each claim costs one f-string over its own values. It reads claims as rows
    (:data:`~annotator.services.exports.base.RowRecord`) when the record source offers them,
    so a large export builds no object per claim at all: serialising and reading are most
    of an export's time.
    """

    def __init__(self, context: ExportContext) -> None:
        self._catalogue = context.catalogue
        self._statuses: dict[str, str] = {}
        # Rows: by identity (the reader shares one tuple per distinct list of links; each
        # entry keeps its tuple alive, so no id is reused meanwhile). Claims: by value.
        self._shared: dict[int, tuple[tuple[ClaimSource, ...], str]] = {}
        self._sources: dict[tuple[ClaimSource, ...], str] = {(): "[]"}
        self._editors: dict[str | None, str] = {None: "null"}

    def _status(self, status_id: str) -> str:
        """``, "label": ..., "status_color": ...`` for one status (the fields between the
        quote and the sources)."""
        status = self._catalogue.status(status_id)
        return (
            f', "label": {_STRING(SPAN_LABEL)}, "status": {_STRING(status_id)}, '
            f'"status_label_ar": {_STRING(status.label_ar)}, '
            f'"status_label_en": {_STRING(status.label_en)}, '
            f'"rating_value": {_ENCODE(status.rating_value)}, '
            f'"status_color": {_STRING(status.color)}'
        )

    def _links(self, links: tuple[ClaimSource, ...]) -> str:
        kind = self._catalogue.source_kind
        return _ENCODE([
            {"id": link.source_id, "name_ar": link.name_ar, "name_en": link.name_en,
             "kind": kind(link.source_id), "role": link.role.value}
            for link in links
        ])

    def _editor(self, editor_id: str | None) -> str:
        name = self._catalogue.editors.get(editor_id or "")
        return "null" if name is None else _STRING(name)

    def _shared_links(self, links: tuple[ClaimSource, ...]) -> str:
        cached = self._shared.get(id(links))
        if cached is None or cached[0] is not links:
            cached = self._shared[id(links)] = (links, self._links(links))
        return cached[1]

    def _claim_links(self, links: tuple[ClaimSource, ...]) -> str:
        encoded = self._sources.get(links)
        if encoded is None:
            encoded = self._sources[links] = self._links(links)
        return encoded

    def span(self, row: ClaimRow, sources: str, evidence: tuple[Evidence, ...]) -> str:
        """One claim (its row, its sources already encoded, its evidence) as its span
        object (see :func:`span_data`). Row layout: ``storage.export_queries.ClaimRow``
        (id 0, start 2, end 3, quote 4, status 7, note 8, wording 9, created_by 10,
        updated_by 11, created_at 12, updated_at 13)."""
        status = self._statuses.get(row[7])
        if status is None:
            status = self._statuses[row[7]] = self._status(row[7])
        editors = self._editors
        editor = editors.get(row[11])
        if editor is None:
            editor = editors[row[11]] = self._editor(row[11])
        creator = editors.get(row[10])
        if creator is None:
            creator = editors[row[10]] = self._editor(row[10])
        urls = _ENCODE([e.url for e in evidence]) if evidence else "[]"
        created = _STRING(row[12])
        updated = created if row[13] == row[12] else _STRING(row[13])  # never edited: same
        # Offsets are ints from the database (never bool): plain {} formats them as JSON.
        return (
            f'{{"id": {_STRING(row[0])}, "start": {row[2]}, "end": {row[3]}, '
            f'"text": {_STRING(row[4])}{status}, "sources": {sources}, '
            f'"note": {_STRING(row[8])}, "wording": {_STRING(row[9])}, '
            f'"evidence": {urls}, "editor": {editor}, "created_by": {creator}, '
            f'"created": {created}, "updated": {updated}}}'
        )

    def _line(self, article: Article, spans: list[str]) -> str:
        return (f'{{"text": {_STRING(article.text)}, "spans": [{", ".join(spans)}], '
                f'"meta": {_ENCODE(article_meta(article))}}}\n')

    def rows_line(self, found: RowRecord) -> str:
        """The JSON Lines line (newline included) of an article read as rows."""
        span, links, sources, evidence = self.span, self._shared_links, found.sources, \
            found.evidence
        spans = []
        for row in found.rows:
            shared = sources.get(row[0])
            spans.append(span(row, "[]" if shared is None else links(shared),
                              evidence.get(row[0], ()) if evidence else ()))
        return self._line(found.article, spans)

    def record_line(self, record: ArticleRecord) -> str:
        """The JSON Lines line (newline included) of an :class:`ArticleRecord`."""
        span = self.span
        return self._line(record.article, [
            span(_values(claim), self._claim_links(claim.sources), claim.evidence)
            for claim in record.claims
        ])


def _values(claim: Claim) -> ClaimRow:
    """A claim's column values in field order (as a row of the claims table)."""
    return (claim.id, claim.article_id, claim.start, claim.end, claim.quote, claim.prefix,
            claim.suffix, claim.status_id, claim.note, claim.wording, claim.created_by,
            claim.updated_by, claim.created_at, claim.updated_at)


def write_jsonl(records: Iterable[ArticleRecord], context: ExportContext, out: Path
                ) -> ExportResult:
    """Write ``records`` to ``out`` as JSON Lines, streaming (one batch of articles in
    memory, output through a 1 MB write buffer); from claim rows when ``records`` offers
    them (:attr:`RecordSource.rows`)."""
    result = ExportResult(files=[out])
    articles = claims = 0
    encoder = LineEncoder(context)
    rows = records.rows if isinstance(records, RecordSource) else None
    with atomic_text(out) as fh:
        write = fh.write
        if rows is not None:
            for found in rows():
                write(encoder.rows_line(found))
                articles += 1
                claims += len(found.rows)
        else:
            for record in records:
                write(encoder.record_line(record))
                articles += 1
                claims += len(record.claims)
    result.articles, result.claims = articles, claims
    return result


def datasets_features() -> Any:
    """The record layout as ``datasets.Features`` (imported lazily: ``datasets`` is only
    needed by whoever loads the file, never by the app)."""
    from datasets import Features, List, Value

    source = {
        "id": Value("string"),
        "name_ar": Value("string"),
        "name_en": Value("string"),
        "kind": Value("string"),
        "role": Value("string"),
    }
    span = {
        "id": Value("string"),
        "start": Value("int64"),
        "end": Value("int64"),
        "text": Value("string"),
        "label": Value("string"),
        "status": Value("string"),
        "status_label_ar": Value("string"),
        "status_label_en": Value("string"),
        "rating_value": Value("int64"),
        "status_color": Value("string"),
        "sources": List(source),
        "note": Value("string"),
        "wording": Value("string"),
        "evidence": List(Value("string")),
        "editor": Value("string"),
        "created_by": Value("string"),
        "created": Value("string"),
        "updated": Value("string"),
    }
    meta = {
        "article_id": Value("string"),
        "title": Value("string"),
        "outlet": Value("string"),
        "url": Value("string"),
        "published": Value("string"),
        "language": Value("string"),
        "sha256": Value("string"),
        "length": Value("int64"),
        "offset_unit": Value("string"),
        "revision_of": Value("string"),
    }
    return Features({"text": Value("string"), "spans": List(span), "meta": meta})
