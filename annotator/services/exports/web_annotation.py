"""W3C Web Annotation (JSON-LD): one annotation per claim, in an AnnotationCollection.

Contracts:
- The document's ``@context`` is the W3C context ``http://www.w3.org/ns/anno.jsonld`` plus a
  small inline vocabulary for what the W3C model has no term for (a source's role and kind,
  the status id and rating). A copy of the W3C context ships in ``contexts/anno.jsonld`` so
  consumers (and our tests) can expand the document without network access.
- ``target.source`` is the article URL, or ``urn:uuid:<article id>`` when it has none;
  ``target.selector`` holds a ``TextPositionSelector`` (``start``/``end`` in Unicode code
  points into the stored text, as the W3C model defines them) and a ``TextQuoteSelector``
  (``exact``, and ``prefix``/``suffix`` of up to 32 code points) to re-anchor the claim.
- ``body``: the verification status (``purpose: assessing``), each source
  (``purpose: identifying``, with role and kind), the note (``purpose: commenting``), the
  normalised wording (``purpose: describing``) and each evidence link (``purpose:
  linking``).
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from annotator import __version__
from annotator.domain.models import Claim
from annotator.services.exports.base import (
    ArticleRecord,
    ExportContext,
    ExportResult,
    RecordSource,
    atomic_text,
)

ANNO_CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
#: Terms of our own, in a URN namespace (no web vocabulary to dereference is promised).
VOCAB_PREFIX = "urn:arabic-news-annotator:vocab#"
EXTRA_CONTEXT: dict[str, Any] = {
    "ana": VOCAB_PREFIX,
    "sourceRole": "ana:sourceRole",
    "sourceKind": "ana:sourceKind",
    "sourceId": "ana:sourceId",
    "statusId": "ana:statusId",
    "ratingValue": {"@id": "ana:ratingValue", "@type": "xsd:integer"},
}
CONTEXT: list[Any] = [ANNO_CONTEXT_URL, EXTRA_CONTEXT]


def local_anno_context() -> dict[str, Any]:
    """The W3C Web Annotation context document, from the copy shipped with the app."""
    text = (resources.files("annotator.services.exports") / "contexts" / "anno.jsonld"
            ).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def target_source(record: ArticleRecord) -> str:
    url = record.article.url
    return url if url and "://" in url else f"urn:uuid:{record.article.id}"


def annotation(record: ArticleRecord, claim: Claim, context: ExportContext) -> dict[str, Any]:
    """One claim as a Web Annotation (without ``@context``: the collection carries it)."""
    catalogue = context.catalogue
    status = catalogue.status(claim.status_id)
    assessing: dict[str, Any] = {
        "type": "TextualBody",
        "purpose": "assessing",
        "value": status.label(context.lang),
        "language": context.lang,
        "statusId": claim.status_id,
    }
    if status.rating_value is not None:
        assessing["ratingValue"] = status.rating_value
    bodies: list[dict[str, Any]] = [assessing]
    for link in claim.sources:
        bodies.append({
            "type": "TextualBody",
            "purpose": "identifying",
            "value": link.name_ar or link.name_en,
            "language": "ar" if link.name_ar else "en",
            "sourceId": link.source_id,
            "sourceRole": str(link.role),
            "sourceKind": catalogue.source_kind(link.source_id),
        })
    if claim.note:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": claim.note})
    if claim.wording:
        bodies.append({"type": "TextualBody", "purpose": "describing", "value": claim.wording})
    for item in claim.evidence:
        bodies.append({"type": "SpecificResource", "purpose": "linking", "source": item.url})
    data: dict[str, Any] = {
        "id": f"urn:uuid:{claim.id}",
        "type": "Annotation",
        "motivation": "assessing",
        "created": claim.created_at,
        "modified": claim.updated_at,
        "body": bodies,
        "target": {
            "source": target_source(record),
            "selector": [
                {"type": "TextPositionSelector", "start": claim.start, "end": claim.end},
                {"type": "TextQuoteSelector", "exact": claim.quote, "prefix": claim.prefix,
                 "suffix": claim.suffix},
            ],
        },
    }
    creator = catalogue.editor_name(claim.created_by)
    if creator:
        data["creator"] = {"type": "Person", "name": creator}
    return data


def write_web_annotations(records: RecordSource, context: ExportContext, out: Path
                          ) -> ExportResult:
    """Write an AnnotationCollection with one AnnotationPage holding every annotation,
    streamed item by item; ``total`` follows the items (JSON-LD does not care about key
    order, and counting first would mean a second pass)."""
    result = ExportResult(files=[out])
    with atomic_text(out) as fh:
        head: dict[str, Any] = {
            "@context": CONTEXT,
            "type": "AnnotationCollection",
            "label": "Arabic news claims",
            "generator": {"type": "Software", "name": f"arabic-news-annotator {__version__}"},
        }
        if context.generated_at:
            head["generated"] = context.generated_at
        fh.write(json.dumps(head, ensure_ascii=False, indent=1)[:-2])
        fh.write(',\n "first": {\n  "type": "AnnotationPage",\n  "items": [')
        first = True
        for record in records:
            result.articles += 1
            for claim in record.claims:
                fh.write("\n   " if first else ",\n   ")
                fh.write(json.dumps(annotation(record, claim, context), ensure_ascii=False))
                first = False
                result.claims += 1
        fh.write(f"\n  ]\n }},\n \"total\": {result.claims}\n}}\n")
    return result
