"""schema.org ClaimReview JSON-LD, for publishing fact-checks (search engines, aggregators).

Contracts:
- Only claims with a *publishable verdict* are exported: a status with a ``rating_value``
  (1-5; "unverified", "in progress", "unverifiable" and "opinion" have none). The others are
  counted in a warning, never silently published.
- The file is a JSON array of self-contained ClaimReview objects (each with its own
  ``@context``, so one can be pasted into a page's ``<script type="application/ld+json">``).
- ``claimReviewed`` is the claim's normalised wording when it has one, else the quote.
- ``reviewRating``: ``ratingValue`` from the status, ``bestRating`` 5, ``worstRating`` 1,
  ``alternateName`` the status label in ``--lang``.
- ``itemReviewed`` is a ``Claim`` whose ``appearance`` is the article (its URL), whose
  ``author`` is the claim's first speaker source (a ``Person`` for officials and experts,
  an ``Organization`` otherwise) and whose ``firstAppearance`` date is the article's.
- ``author`` is the newsroom (``--newsroom``), ``datePublished`` the day the verdict was
  last changed, ``url`` the review's own address: the article URL with ``#claim-<id>`` (the
  workspace does not know where the newsroom publishes its fact-checks; a publishing step
  should replace it), or ``urn:uuid:<id>`` when the article has no URL.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from annotator.domain.models import Claim, SourceKind, SourceRole
from annotator.services.exports.base import (
    ArticleRecord,
    ExportContext,
    ExportResult,
    RecordSource,
    atomic_text,
    source_name,
)

SCHEMA_CONTEXT = "https://schema.org"
BEST_RATING = 5
WORST_RATING = 1
_PEOPLE = {SourceKind.NAMED_OFFICIAL, SourceKind.ANONYMOUS_OFFICIAL, SourceKind.EXPERT}


def _speaker(claim: Claim, context: ExportContext) -> dict[str, Any] | None:
    for link in claim.sources:
        if link.role == SourceRole.SPEAKER:
            kind = context.catalogue.source_kind(link.source_id)
            return {
                "@type": "Person" if kind in _PEOPLE else "Organization",
                "name": source_name(link.name_ar, link.name_en, context.lang),
            }
    return None


def review_url(record: ArticleRecord, claim: Claim) -> str:
    url = record.article.url
    if url and url.startswith(("http://", "https://")):
        return f"{url.split('#', 1)[0]}#claim-{claim.id}"
    return f"urn:uuid:{claim.id}"


def claim_review(record: ArticleRecord, claim: Claim, context: ExportContext
                 ) -> dict[str, Any] | None:
    """The ClaimReview for ``claim``, or None when its status has no rating."""
    status = context.catalogue.status(claim.status_id)
    if status.rating_value is None:
        return None
    article = record.article
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": article.title}
    if article.url:
        appearance["url"] = article.url
    if article.outlet:
        appearance["publisher"] = {"@type": "Organization", "name": article.outlet}
    if article.published:
        appearance["datePublished"] = article.published
    item: dict[str, Any] = {"@type": "Claim", "appearance": [appearance]}
    if article.published:
        item["datePublished"] = article.published
        item["firstAppearance"] = appearance
    speaker = _speaker(claim, context)
    if speaker:
        item["author"] = speaker
    if article.language:
        item["inLanguage"] = article.language
    return {
        "@context": SCHEMA_CONTEXT,
        "@type": "ClaimReview",
        "url": review_url(record, claim),
        "claimReviewed": claim.wording or claim.quote,
        "datePublished": claim.updated_at[:10],
        "author": {"@type": "Organization", "name": context.options.newsroom},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": status.rating_value,
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": status.label(context.lang),
        },
        "itemReviewed": item,
        "inLanguage": context.lang,
    }


def write_claimreview(records: RecordSource, context: ExportContext, out: Path
                      ) -> ExportResult:
    """Write the JSON array (module contract), streaming one review at a time."""
    result = ExportResult(files=[out])
    skipped = 0
    first = True
    with atomic_text(out) as fh:
        fh.write("[")
        for record in records:
            result.articles += 1
            for claim in record.claims:
                review = claim_review(record, claim, context)
                if review is None:
                    skipped += 1
                    continue
                fh.write("\n" if first else ",\n")
                fh.write(json.dumps(review, ensure_ascii=False, indent=2))
                first = False
                result.claims += 1
        fh.write("\n]\n")
    if skipped:
        result.warnings.append(
            f"{skipped} claim(s) left out: their status has no rating to publish "
            "(e.g. unverified, in progress)"
        )
    return result
