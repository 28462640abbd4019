"""Sentence-level check-worthiness data in the style of the CLEF CheckThat! lab.

Two files per export:
- ``OUT`` (TSV, UTF-8, "\\n" line ends, header ``id<TAB>sentence<TAB>label``): one row per
  sentence; ``label`` is 1 when the sentence overlaps at least one exported claim (shares at
  least one code point with it), else 0. A tab inside a sentence is written as a space (the
  TSV is read with a plain split on tabs; nothing is quoted). ``id`` is
  ``<article id>:<sentence number from 1>``.
- ``OUT`` with the suffix ``.jsonl``: the same sentences with code-point offsets into the
  article text and, for each, the claims it overlaps with their sources and status.

Sentences come from :func:`annotator.services.exports.sentences.sentence_spans`.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.domain.models import Claim
from annotator.services.exports.base import (
    ArticleRecord,
    ExportContext,
    ExportResult,
    atomic_text,
    sources_data,
)
from annotator.services.exports.sentences import sentence_spans


def overlapping(claims: tuple[Claim, ...], start: int, end: int) -> list[Claim]:
    """Claims sharing at least one code point with ``[start, end)``."""
    return [c for c in claims if c.start < end and start < c.end]


def sentence_rows(record: ArticleRecord, context: ExportContext) -> Iterator[dict[str, Any]]:
    """Each sentence of the article with its overlapping claims."""
    text, claims = record.article.text, record.claims
    # Claims are sorted by start: only those starting before a sentence's end can overlap.
    starts = [c.start for c in claims]
    for number, (start, end) in enumerate(sentence_spans(text), start=1):
        candidates = claims[: bisect.bisect_left(starts, end)]
        hits = overlapping(candidates, start, end)
        yield {
            "id": f"{record.article.id}:{number}",
            "article_id": record.article.id,
            "start": start,
            "end": end,
            "sentence": text[start:end],
            "label": 1 if hits else 0,
            "claims": [
                {
                    "id": c.id,
                    "start": c.start,
                    "end": c.end,
                    "text": c.quote,
                    "status": c.status_id,
                    "sources": sources_data(c, context.catalogue),
                }
                for c in hits
            ],
        }


def jsonl_path(out: Path) -> Path:
    """The companion file: ``OUT`` with a ``.jsonl`` suffix (never ``OUT`` itself)."""
    companion = out.with_suffix(".jsonl")
    return companion if companion != out else out.with_name(out.stem + ".sentences.jsonl")


def write_sentences(records: Iterable[ArticleRecord], context: ExportContext, out: Path
                    ) -> ExportResult:
    """Write the TSV and its JSON Lines companion (module contract)."""
    companion = jsonl_path(out)
    result = ExportResult(files=[out, companion])
    with atomic_text(out) as tsv, atomic_text(companion) as jsonl:
        tsv.write("id\tsentence\tlabel\n")
        for record in records:
            result.articles += 1
            result.claims += len(record.claims)
            for row in sentence_rows(record, context):
                sentence = row["sentence"].replace("\t", " ")
                tsv.write(f"{row['id']}\t{sentence}\t{row['label']}\n")
                jsonl.write(json.dumps(row, ensure_ascii=False) + "\n")
    return result
