"""Exports for other annotation tools and NLP libraries: Label Studio, doccano, brat, spaCy.

In these tools a span's label is what an annotator assigns, so the label is the claim's
verification status id (``true``, ``misleading``...); sources and notes travel as metadata.
Offsets are Unicode code points into the article text, end exclusive, as these tools' Python
back ends count them (Label Studio's own JSON exports count code points since its fix for
text with emoji; the brat server reads the ``.txt`` as Unicode).

- ``label-studio``: a JSON array of tasks (``data.text`` and article metadata) with the claims
  as an ``annotations`` result each, plus ``OUT.config.xml``, the labelling configuration
  whose ``from_name``/``to_name`` and labels the results use. ``data.annotator`` carries
  what a region cannot (Label Studio keeps task data as it is and exports it back): the
  statuses used (labels, colour, rating) and, by region id, each claim's sources (id, names,
  kind, role), note, wording, evidence, editors and times. With it the file imports back
  (``annotator import tasks.json``) with every claim as it was; regions added in Label
  Studio import with their label as status.
- ``doccano``: JSON Lines for sequence labelling, ``{"text", "label": [[start, end, label]],
  ...}`` with article metadata beside.
- ``brat``: a directory with ``<article id>.txt`` and ``<article id>.ann`` per article and an
  ``annotation.conf``. A claim running over a line break becomes a discontinuous entity (brat
  fragments may not contain a newline); sources and note are the entity's AnnotatorNotes.
- ``spacy``: a ``DocBin`` of blank Arabic ``Doc`` objects with every claim in the span group
  ``"claims"`` (overlaps allowed) and in ``doc.ents`` where they do not overlap. Needs spaCy
  (the optional ``spacy`` extra).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from annotator.domain.errors import InvalidValue
from annotator.domain.models import Claim
from annotator.services.exports.base import (
    ArticleRecord,
    ExportContext,
    ExportResult,
    article_meta,
    atomic_binary,
    atomic_text,
    sources_data,
    staged_directory,
)

FROM_NAME = "status"
TO_NAME = "text"
#: Key of our own block in a task's ``data`` and its layout version.
TASK_DATA_KEY = "annotator"
TASK_DATA_VERSION = 1


def _sources_line(claim: Claim) -> str:
    return "; ".join(f"{s.name_ar or s.name_en} ({s.role})" for s in claim.sources)


# --- Label Studio ------------------------------------------------------------------------------
def label_studio_task(record: ArticleRecord, context: ExportContext) -> dict[str, Any]:
    result = [
        {
            "id": claim.id,
            "from_name": FROM_NAME,
            "to_name": TO_NAME,
            "type": "labels",
            "origin": "manual",
            "value": {"start": claim.start, "end": claim.end, "text": claim.quote,
                      "labels": [claim.status_id]},
            "meta": {"text": [t for t in (_sources_line(claim), claim.note) if t]},
        }
        for claim in record.claims
    ]
    catalogue = context.catalogue
    statuses = {}
    for status_id in dict.fromkeys(c.status_id for c in record.claims):
        status = catalogue.status(status_id)
        statuses[status_id] = {"label_ar": status.label_ar, "label_en": status.label_en,
                               "color": status.color, "rating_value": status.rating_value}
    claims = {
        claim.id: {
            "sources": sources_data(claim, catalogue),
            "note": claim.note,
            "wording": claim.wording,
            "evidence": [e.url for e in claim.evidence],
            "editor": catalogue.editor_name(claim.updated_by),
            "created_by": catalogue.editor_name(claim.created_by),
            "created": claim.created_at,
            "updated": claim.updated_at,
        }
        for claim in record.claims
    }
    task: dict[str, Any] = {
        "data": {
            "text": record.article.text,
            **article_meta(record.article),
            TASK_DATA_KEY: {"version": TASK_DATA_VERSION, "statuses": statuses,
                            "claims": claims},
        },
    }
    if result:
        task["annotations"] = [{"result": result, "ground_truth": False}]
    return task


def label_studio_config(context: ExportContext) -> str:
    """The labelling interface matching the exported results (statuses as labels, with
    their colours and the labels of ``--lang`` as hints)."""
    labels = "\n".join(
        f'    <Label value="{escape(s.id)}" background="{escape(s.color)}" '
        f'hint="{escape(s.label(context.lang))}"/>'
        for s in sorted(context.catalogue.statuses.values(), key=lambda s: s.position)
    )
    return (
        "<View>\n"
        f'  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{labels}\n  </Labels>\n'
        f'  <Text name="{TO_NAME}" value="$text" granularity="symbol"/>\n'
        "  <Style>.lsf-htx-richtext { direction: rtl; }</Style>\n"
        "</View>\n"
    )


def write_label_studio(records: Iterable[ArticleRecord], context: ExportContext, out: Path
                       ) -> ExportResult:
    config = out.with_name(out.stem + ".config.xml")
    result = ExportResult(files=[out, config])
    with atomic_text(out) as fh:
        fh.write("[")
        for record in records:
            fh.write("\n" if result.articles == 0 else ",\n")
            fh.write(json.dumps(label_studio_task(record, context), ensure_ascii=False))
            result.articles += 1
            result.claims += len(record.claims)
        fh.write("\n]\n")
    with atomic_text(config) as fh:
        fh.write(label_studio_config(context))
    return result


# --- doccano -----------------------------------------------------------------------------------
def write_doccano(records: Iterable[ArticleRecord], context: ExportContext, out: Path
                  ) -> ExportResult:
    result = ExportResult(files=[out])
    with atomic_text(out) as fh:
        for record in records:
            line = {
                "text": record.article.text,
                "label": [[c.start, c.end, c.status_id] for c in record.claims],
                "claims": [
                    {"id": c.id, "sources": sources_data(c, context.catalogue),
                     "note": c.note, "wording": c.wording}
                    for c in record.claims
                ],
                **article_meta(record.article),
            }
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")
            result.articles += 1
            result.claims += len(record.claims)
    return result


# --- brat --------------------------------------------------------------------------------------
def brat_fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` cut at newlines into non-empty fragments (brat's rule)."""
    fragments: list[tuple[int, int]] = []
    position = start
    while position < end:
        newline = text.find("\n", position, end)
        stop = end if newline == -1 else newline
        if stop > position:
            fragments.append((position, stop))
        position = stop + 1
    return fragments


def brat_ann(record: ArticleRecord) -> str:
    """The ``.ann`` standoff text for one article."""
    text = record.article.text
    lines: list[str] = []
    for number, claim in enumerate(record.claims, start=1):
        fragments = brat_fragments(text, claim.start, claim.end)
        offsets = ";".join(f"{s} {e}" for s, e in fragments)
        covered = " ".join(text[s:e] for s, e in fragments)
        lines.append(f"T{number}\t{claim.status_id} {offsets}\t{covered}")
        notes = " | ".join(t for t in (_sources_line(claim), claim.note) if t)
        if notes:
            flat = " ".join(notes.split())  # brat notes are one line
            lines.append(f"#{number}\tAnnotatorNotes T{number}\t{flat}")
    return "\n".join(lines) + ("\n" if lines else "")


def write_brat(records: Iterable[ArticleRecord], context: ExportContext, out: Path
               ) -> ExportResult:
    """Write the brat directory ``out``: staged beside it and moved in when complete, so a
    cancelled or failed export adds nothing to ``out``."""
    result = ExportResult(files=[out])
    with staged_directory(out) as staging:
        for record in records:
            stem = staging / record.article.id
            stem.with_suffix(".txt").write_text(record.article.text, encoding="utf-8",
                                                newline="\n")
            stem.with_suffix(".ann").write_text(brat_ann(record), encoding="utf-8",
                                                newline="\n")
            result.articles += 1
            result.claims += len(record.claims)
        entities = "\n".join(s.id for s in sorted(context.catalogue.statuses.values(),
                                                  key=lambda s: s.position))
        (staging / "annotation.conf").write_text(
            f"[entities]\n{entities}\n\n[relations]\n\n[events]\n\n[attributes]\n",
            encoding="utf-8", newline="\n")
    return result


# --- spaCy -------------------------------------------------------------------------------------
def write_spacy(records: Iterable[ArticleRecord], context: ExportContext, out: Path
                ) -> ExportResult:
    try:
        import spacy
        from spacy.tokens import DocBin
        from spacy.util import filter_spans
    except ImportError as exc:
        raise InvalidValue("the spacy export needs spaCy: pip install "
                           "'arabic-news-annotator[spacy]'") from exc
    nlp = spacy.blank("ar")
    doc_bin = DocBin(store_user_data=True)
    result = ExportResult(files=[out])
    for record in records:
        doc = nlp.make_doc(record.article.text)
        spans = []
        for claim in record.claims:
            # "expand": a claim ending inside a token (a clitic) keeps the whole token.
            span = doc.char_span(claim.start, claim.end, label=claim.status_id,
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["claims"] = spans
        doc.ents = filter_spans(spans)
        doc.user_data["article_id"] = record.article.id
        doc.user_data["claim_ids"] = [c.id for c in record.claims]
        doc_bin.add(doc)
        result.articles += 1
        result.claims += len(record.claims)
    with atomic_binary(out) as fh:
        fh.write(doc_bin.to_bytes())
    return result
