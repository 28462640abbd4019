"""JSON Lines: one record per article, its text and its claim spans (training data).

Record layout (``FEATURES`` gives the same as Hugging Face ``datasets`` features)::

    {"text": ..., "spans": [{"id", "start", "end", "text", "label", "status",
      "status_label_ar", "status_label_en", "rating_value", "sources": [{"id", "name_ar",
      "name_en", "kind", "role"}], "note", "wording", "evidence", "editor", "created_by",
      "created", "updated"}], "meta": {"article_id", "title", "outlet", "url", "published",
      "language", "sha256", "length", "offset_unit": "codepoint", "revision_of"}}

Offsets are code points, end exclusive: ``text[start:end] == span["text"]`` for every span.
UTF-8 without BOM, one JSON object per line, "\\n" line ends; Arabic is written as is (not
``\\u`` escapes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.services.exports.base import (
    ArticleRecord,
    ExportContext,
    ExportResult,
    article_meta,
    atomic_text,
    span_data,
)


def article_record(record: ArticleRecord, context: ExportContext) -> dict[str, Any]:
    """One article as the JSON Lines object described in the module docstring."""
    return {
        "text": record.article.text,
        "spans": [span_data(c, context.catalogue) for c in record.claims],
        "meta": article_meta(record.article),
    }


def write_jsonl(records: Iterable[ArticleRecord], context: ExportContext, out: Path
                ) -> ExportResult:
    """Write ``records`` to ``out`` as JSON Lines, streaming (one article in memory)."""
    result = ExportResult(files=[out])
    with atomic_text(out) as fh:
        for record in records:
            fh.write(json.dumps(article_record(record, context), ensure_ascii=False))
            fh.write("\n")
            result.articles += 1
            result.claims += len(record.claims)
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
