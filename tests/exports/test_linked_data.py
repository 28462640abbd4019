"""ClaimReview and W3C Web Annotation JSON-LD, checked with a JSON-LD processor (pyld) using
local copies of the contexts (no network)."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

from annotator.services.exports import ExportOptions, export
from annotator.services.exports.web_annotation import (
    ANNO_CONTEXT_URL,
    EXTRA_CONTEXT,
    local_anno_context,
)
from tests.exports.conftest import HOSTILE_NOTE, Annotated

jsonld = importlib.import_module("pyld.jsonld")


def _loader(documents: dict[str, Any]) -> Any:
    def load(url: str, options: Any = None) -> dict[str, Any]:
        if url not in documents:
            raise AssertionError(f"the test must not fetch {url}")
        return {"contextUrl": None, "documentUrl": url, "document": documents[url]}
    return load


def _keys(node: Any) -> list[str]:
    """Every property name in an expanded JSON-LD document."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            found.append(key)
            if key != "@value":
                found.extend(_keys(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_keys(item))
    return found


def test_claimreview_publishes_only_rated_claims(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "reviews.json"
    result = export(annotated.ws, "claimreview", out,
                    options=ExportOptions(lang="en", newsroom="Khaleejion Fact Check"))
    reviews = json.loads(out.read_text(encoding="utf-8"))
    rated = {"true", "mostly_true", "misleading", "false"}
    expected = [c for c in annotated.all_claims() if c.status_id in rated]
    assert len(reviews) == result.claims == len(expected) == 7
    assert result.warnings and "5 claim(s) left out" in result.warnings[0]
    by_quote = {r["claimReviewed"]: r for r in reviews}
    timetable = by_quote["Sudani called for a quick timetable for the withdrawal"]
    assert timetable["@context"] == "https://schema.org"
    assert timetable["@type"] == "ClaimReview"
    assert timetable["reviewRating"] == {"@type": "Rating", "ratingValue": 1, "bestRating": 5,
                                         "worstRating": 1, "alternateName": "False"}
    assert timetable["author"] == {"@type": "Organization", "name": "Khaleejion Fact Check"}
    assert timetable["itemReviewed"]["@type"] == "Claim"
    assert timetable["itemReviewed"]["author"] == {"@type": "Person",
                                                   "name": "Mohammed Shia al-Sudani"}
    assert timetable["itemReviewed"]["appearance"][0]["headline"].startswith("هجوم صاروخي")
    assert len(timetable["datePublished"]) == 10
    assert timetable["url"].startswith("urn:uuid:")  # the seed has no URL
    rockets = by_quote[annotated.claims["rockets"].quote]  # no wording: the quote
    assert rockets["itemReviewed"]["author"]["@type"] == "Organization"
    arabic = tmp_path / "ar.json"
    export(annotated.ws, "claimreview", arabic)
    names = {r["reviewRating"]["alternateName"] for r in json.loads(arabic.read_text("utf-8"))}
    assert names == {"صحيح", "صحيح في معظمه", "مضلل", "زائف"}
    for review in reviews:
        # Every term is schema.org vocabulary: expanding with @vocab drops nothing.
        doc = dict(review, **{"@context": {"@vocab": "http://schema.org/"}})
        expanded = jsonld.expand(doc)
        assert all(k.startswith(("@", "http://schema.org/")) for k in _keys(expanded))
        assert len(_keys(expanded)) >= len(_keys(review)) - 1


def test_web_annotations_expand_to_full_iris_with_the_local_context(
    annotated: Annotated, tmp_path: Path
) -> None:
    out = tmp_path / "claims.jsonld"
    export(annotated.ws, "web-annotation", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    items = doc["first"]["items"]
    assert doc["type"] == "AnnotationCollection" and doc["total"] == len(items) == 12
    options = {"documentLoader": _loader({ANNO_CONTEXT_URL: local_anno_context()})}
    expanded = jsonld.expand(doc, options)
    keys = _keys(expanded)
    assert keys and all(k.startswith("@") or k.startswith(("http://", "https://", "urn:"))
                        for k in keys)
    # Nothing is dropped: JSON-LD silently ignores undefined terms, so check that every key
    # used is a term of the W3C context or of ours, and that every body survived.
    defined = set(local_anno_context()["@context"]) | set(EXTRA_CONTEXT)
    used = {k for node in _walk(items) for k in node}
    assert used <= defined, used - defined
    annotations = [n for n in _walk(expanded)
                   if n.get("@type") == ["http://www.w3.org/ns/oa#Annotation"]]
    assert len(annotations) == 12
    by_id = {a["@id"]: a for a in annotations}
    for item in items:
        assert len(by_id[item["id"]]["http://www.w3.org/ns/oa#hasBody"]) == len(item["body"])
    seed_text = annotated.ws.article(annotated.seed_id).text
    for item in items:
        position, quote = item["target"]["selector"]
        assert position["type"] == "TextPositionSelector"
        assert quote["type"] == "TextQuoteSelector"
        if item["target"]["source"] == f"urn:uuid:{annotated.seed_id}":
            assert seed_text[position["start"]:position["end"]] == quote["exact"]
            assert seed_text[:position["start"]].endswith(quote["prefix"])
            assert seed_text[position["end"]:].startswith(quote["suffix"])
    rockets = next(i for i in items if i["id"] == f"urn:uuid:{annotated.claims['rockets'].id}")
    purposes = [b["purpose"] for b in rockets["body"]]
    assert purposes == ["assessing", "identifying", "identifying", "commenting"]
    assert rockets["body"][0]["statusId"] == "true" and rockets["body"][0]["ratingValue"] == 5
    assert {(b["value"], b["sourceRole"], b["sourceKind"]) for b in rockets["body"][1:3]} == {
        ("مصادر أمنية وحكومية", "speaker", "anonymous_sources"),
        ("رويترز", "carrier", "news_agency")}
    assert rockets["body"][3]["value"] == HOSTILE_NOTE
    # Offsets are code points: an expanded start is the integer we wrote.
    start = [n for n in _walk(expanded) if "http://www.w3.org/ns/oa#start" in n]
    assert start and all(isinstance(n["http://www.w3.org/ns/oa#start"][0]["@value"], int)
                         for n in start)


def _walk(node: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if isinstance(node, dict):
        out.append(node)
        for value in node.values():
            out.extend(_walk(value))
    elif isinstance(node, list):
        for item in node:
            out.extend(_walk(item))
    return out
