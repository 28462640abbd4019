"""The suggester against the hand-annotated gold set (tests/gold/attributions.json).

The thresholds are a little under what the suggester reaches (see benchmarks/suggest_eval.py
for the figures); a change that loses attributions fails here.
"""

from __future__ import annotations

import json

import pytest

from annotator.domain.models import SourceKind
from annotator.text.canonical import canonicalize
from benchmarks.suggest_eval import GOLD, REPO, evaluate, load_gold, totals


@pytest.fixture(scope="module")
def results():
    return evaluate()


def test_gold_file_is_consistent() -> None:
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    assert data["format"] == "annotator-attribution-gold"
    files = [a["file"] for a in data["articles"]]
    assert files[0].startswith("seeds/") and len(files) >= 5
    assert {a["split"] for a in data["articles"]} == {"dev", "heldout"}
    kinds = {k.value for k in SourceKind}
    for article in data["articles"]:
        text = canonicalize((REPO / article["file"]).read_text(encoding="utf-8"))
        assert article["claims"]
        for claim in article["claims"]:
            assert text.count(claim["quote"]) == 1, claim["quote"]
            assert claim["quote"] == claim["quote"].strip(" .،")
            assert claim["sources"]
            for source in claim["sources"]:
                assert source["kind"] in kinds
                assert source["role"] in ("speaker", "carrier")
    # load_gold checks the same and fixes the offsets.
    assert sum(len(a.claims) for a in load_gold()) == sum(
        len(a["claims"]) for a in data["articles"]
    )


def test_overall_figures(results) -> None:
    f = totals(results).figures()
    assert f["claims_overlap_recall"] >= 0.95
    assert f["claims_overlap_precision"] >= 0.97
    assert f["claims_exact_recall"] >= 0.88
    assert f["claims_exact_precision"] >= 0.90
    assert f["sources_recall"] >= 0.90
    assert f["sources_precision"] >= 0.95
    assert f["speakers_recall"] >= 0.93
    assert f["kind_accuracy"] >= 0.88


def test_heldout_figures(results) -> None:
    f = totals(results, "heldout").figures()
    assert f["claims_overlap_recall"] >= 0.90
    assert f["claims_overlap_precision"] >= 0.95
    assert f["sources_recall"] >= 0.80
    assert f["sources_precision"] >= 0.90


def test_no_suggestion_in_titles_headings_related_or_footers(results) -> None:
    assert totals(results).non_body == 0


def test_seed_finds_every_reuters_bbc_official_pm_and_analyst_attribution(results) -> None:
    seed = results[0]
    assert seed.file.startswith("seeds/")
    watched = ("رويترز", "بي بي سي", "مسؤول أميركي", "رئيس الوزراء العراقي",
               "الأكاديمي والمحلل السياسي العراقي")
    gold = next(a for a in load_gold() if a.file == seed.file)
    expected = [c for c in gold.claims if any(s.name in watched for s in c.sources)]
    assert len(expected) == 14
    missed = set(seed.missed)
    assert not [c.quote for c in expected if c.quote[:70] in missed]
    assert not [w for w in seed.wrong_sources if any(name in w for name in watched)]
    f = seed.counts.figures()
    assert f["claims_overlap_precision"] == 1.0
    assert seed.counts.non_body == 0
