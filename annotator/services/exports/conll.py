"""CoNLL-style token classification data with strict IOB2 claim labels.

Layout: for each article a ``-DOCSTART-<TAB>O`` line and a blank line (the CoNLL-2003
convention readers know), then one block per sentence: one ``token<TAB>label`` line per
token and a blank line after the block. Labels are ``B-CLAIM``, ``I-CLAIM`` and ``O``, valid
strict IOB2: every claim starts with ``B-``, an ``I-`` always continues the claim before it.

IOB2 cannot express overlap: where claims nest or cross, the outermost (earliest-starting,
then longest) claim is kept and the claims overlapping it are left out of this format, with
a warning giving their number (the JSON Lines export keeps them all). A token is labelled
with a claim if any of its code points lies inside the claim. A claim crossing a sentence
boundary continues with ``B-`` in the next sentence (a sentence is a sequence of its own).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from annotator.domain.models import Claim
from annotator.services.exports.base import (
    SPAN_LABEL,
    ArticleRecord,
    ExportContext,
    ExportResult,
    atomic_text,
)
from annotator.services.exports.sentences import sentence_spans, token_spans

DOCSTART = "-DOCSTART-"


def non_overlapping(claims: Iterable[Claim]) -> tuple[list[Claim], list[Claim]]:
    """(kept, dropped): greedy outermost-first selection of claims that do not overlap."""
    kept: list[Claim] = []
    dropped: list[Claim] = []
    for claim in sorted(claims, key=lambda c: (c.start, -c.end, c.id)):
        if kept and claim.start < kept[-1].end:
            dropped.append(claim)
        else:
            kept.append(claim)
    return kept, dropped


def labelled_sentences(text: str, claims: list[Claim]
                       ) -> Iterator[list[tuple[int, int, str]]]:
    """For each sentence, its tokens as ``(start, end, label)`` (``claims`` must not
    overlap; see :func:`non_overlapping`)."""
    index = 0
    for s_start, s_end in sentence_spans(text):
        tokens: list[tuple[int, int, str]] = []
        previous: Claim | None = None
        for t_start, t_end in token_spans(text, s_start, s_end):
            while index < len(claims) and claims[index].end <= t_start:
                index += 1
            claim = claims[index] if index < len(claims) else None
            if claim is not None and claim.start < t_end:
                prefix = "I" if claim is previous else "B"
                tokens.append((t_start, t_end, f"{prefix}-{SPAN_LABEL}"))
                previous = claim
            else:
                tokens.append((t_start, t_end, "O"))
                previous = None
        yield tokens


def write_conll(records: Iterable[ArticleRecord], context: ExportContext, out: Path
                ) -> ExportResult:
    """Write ``records`` as CoNLL (module contract), streaming."""
    result = ExportResult(files=[out])
    dropped_total = 0
    with atomic_text(out) as fh:
        for record in records:
            result.articles += 1
            kept, dropped = non_overlapping(record.claims)
            result.claims += len(kept)
            dropped_total += len(dropped)
            text = record.article.text
            fh.write(f"{DOCSTART}\tO\n\n")
            for tokens in labelled_sentences(text, kept):
                for start, end, label in tokens:
                    fh.write(f"{text[start:end]}\t{label}\n")
                fh.write("\n")
    if dropped_total:
        result.warnings.append(
            f"{dropped_total} claim(s) overlapping another claim were left out: IOB2 cannot "
            "express overlap (the jsonl export keeps them)"
        )
    return result
