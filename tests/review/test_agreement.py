"""Agreement between editors: figures checked by hand and against scikit-learn's
``cohen_kappa_score`` and the ``krippendorff`` package."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from pathlib import Path

import krippendorff
import numpy as np
import pytest
from sklearn.metrics import cohen_kappa_score

from annotator.domain.errors import InvalidValue, NotFound
from annotator.domain.operations import UpdateClaim
from annotator.services import merging
from annotator.services.agreement import (
    Item,
    SpanScores,
    agreement,
    build_units,
    cohen_kappa,
    exact_match_count,
    greedy_overlap_matching,
    krippendorff_alpha_nominal,
)
from annotator.services.workspace import Workspace
from tests.review.conftest import (
    Q_BALLISTIC,
    Q_DRONES,
    Q_ROCKETS,
    Q_ROCKETS_SHORT,
    Q_TIMEFRAME,
    Q_WOUNDED,
    SECURITY,
    US_OFFICIAL,
    seed_id,
)

OpenWs = Callable[..., Workspace]


# --- spans, by hand --------------------------------------------------------------------------
def test_exact_and_overlap_scores_by_hand() -> None:
    reference = [(0, 10), (20, 30), (40, 50)]
    prediction = [(0, 10), (22, 28), (60, 70), (41, 45)]
    exact = SpanScores(exact_match_count(reference, prediction), 3, 4)
    assert (exact.matched, exact.precision, exact.recall) == (1, 1 / 4, 1 / 3)
    assert exact.f1 == pytest.approx(2 / 7)  # 2PR/(P+R) = (2/12)/(7/12)
    pairs = greedy_overlap_matching(reference, prediction)
    assert pairs == [(0, 0), (1, 1), (2, 3)]
    over = SpanScores(len(pairs), 3, 4)
    assert (over.precision, over.recall) == (3 / 4, 1.0)
    assert over.f1 == pytest.approx(6 / 7)
    p, r = over.precision, over.recall
    assert over.f1 == pytest.approx(2 * p * r / (p + r))


def test_greedy_matching_is_one_to_one_by_largest_overlap() -> None:
    # (0,10) overlaps (0,4) by 4 and (2,10) by 8: the larger wins; (0,4) stays unmatched.
    assert greedy_overlap_matching([(0, 10)], [(0, 4), (2, 10)]) == [(0, 1)]
    # One prediction between two references: it goes to the one it shares more with.
    assert greedy_overlap_matching([(0, 10), (8, 20)], [(5, 15)]) == [(1, 0)]
    # Identical pairs before cross pairs, even where the cross overlaps are positive.
    assert greedy_overlap_matching([(0, 10), (5, 15)], [(0, 10), (5, 15)]) == [(0, 0), (1, 1)]
    # Greedy, not optimal: (0,6)-(2,8) overlap 4 is taken first, leaving (5,9) and (0,3) apart.
    assert greedy_overlap_matching([(0, 6), (5, 9)], [(2, 8), (0, 3)]) == [(0, 0)]
    # Touching spans do not overlap (offsets are half-open).
    assert greedy_overlap_matching([(0, 5)], [(5, 9)]) == []
    # Duplicates match one to one.
    assert exact_match_count([(1, 3), (1, 3)], [(1, 3)]) == 1


def test_empty_sides() -> None:
    assert SpanScores(0, 0, 0).f1 is None and SpanScores(0, 0, 0).precision is None
    only_reference = SpanScores(0, 3, 0)
    assert only_reference.precision is None and only_reference.recall == 0
    assert only_reference.f1 == 0


# --- chance-corrected agreement, by hand and against the references --------------------------
def test_cohen_kappa_by_hand() -> None:
    a = ["true", "true", "false", "false", "true"]
    b = ["true", "false", "false", "false", "true"]
    # po = 4/5; pe = 3/5*2/5 + 2/5*3/5 = 12/25; kappa = (20/25 - 12/25) / (13/25) = 8/13
    assert cohen_kappa(a, b) == pytest.approx(8 / 13)
    assert cohen_kappa(a, b) == pytest.approx(cohen_kappa_score(a, b))
    assert cohen_kappa(["x", "x"], ["x", "x"]) is None  # one category: undefined
    assert cohen_kappa([], []) is None


def test_krippendorff_alpha_by_hand() -> None:
    # Units (a,a) (a,b) (b,b) (a,a): coincidences o_aa = 4, o_ab = o_ba = 1, o_bb = 2;
    # n_a = 5, n_b = 3, n = 8; alpha = 1 - (n-1) * 2 / (n^2 - 25 - 9) = 1 - 14/30 = 8/15.
    assert krippendorff_alpha_nominal([["a", "a"], ["a", "b"], ["b", "b"], ["a", "a"]]) == \
        pytest.approx(8 / 15)
    # Krippendorff's published example (4 coders, 12 units, missing values): 0.743.
    nan = np.nan
    data = [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
        [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
    ]
    units = [[row[u] for row in data if not math.isnan(row[u])] for u in range(12)]
    assert krippendorff_alpha_nominal(units) == pytest.approx(0.743, abs=5e-4)
    assert krippendorff_alpha_nominal(units) == pytest.approx(
        krippendorff.alpha(reliability_data=data, level_of_measurement="nominal"))
    assert krippendorff_alpha_nominal([["a", "a"], ["a", "a"]]) is None
    assert krippendorff_alpha_nominal([["a"], ["b"]]) is None  # nothing pairable


@pytest.mark.parametrize("seed", range(40))
def test_against_reference_implementations(seed: int) -> None:
    rng = random.Random(seed)
    categories = ["unverified", "true", "false", "misleading", "mostly_true"][
        : rng.randint(2, 5)]
    n = rng.randint(2, 60)
    a = [rng.choice(categories) for _ in range(n)]
    b = [x if rng.random() < 0.6 else rng.choice(categories) for x in a]
    ours = cohen_kappa(a, b)
    if ours is None:
        assert len(set(a) | set(b)) == 1
    else:
        assert ours == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)

    coders = rng.randint(2, 6)
    units = rng.randint(2, 40)
    matrix = np.full((coders, units), np.nan)
    for u in range(units):
        truth = rng.randrange(len(categories))
        for c in range(coders):
            if rng.random() < 0.8:
                matrix[c, u] = truth if rng.random() < 0.7 else rng.randrange(len(categories))
    values = [[int(x) for x in matrix[:, u] if not math.isnan(x)] for u in range(units)]
    ours_alpha = krippendorff_alpha_nominal(values)
    pairable = sum(len(v) for v in values if len(v) >= 2)
    distinct = {x for v in values if len(v) >= 2 for x in v}
    if pairable < 2 or len(distinct) < 2:
        assert ours_alpha is None
    else:
        reference = krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal")
        assert ours_alpha == pytest.approx(reference, abs=1e-9)


def test_units_for_two_editors_are_the_greedy_pairs() -> None:
    rng = random.Random(7)
    for _ in range(50):
        a = [(s, s + rng.randint(1, 30)) for s in sorted(rng.sample(range(200), 8))]
        b = [(s, s + rng.randint(1, 30)) for s in sorted(rng.sample(range(200), 8))]
        items = {"editor-a": [Item(f"a{i}", "editor-a", *s) for i, s in enumerate(a)],
                 "editor-b": [Item(f"b{j}", "editor-b", *s) for j, s in enumerate(b)]}
        units = build_units(items)
        pairs = sorted((int(u["editor-a"].claim_id[1:]), int(u["editor-b"].claim_id[1:]))
                       for u in units if len(u) == 2)
        assert pairs == greedy_overlap_matching(a, b)
        assert sum(len(u) for u in units) == 16


def test_units_never_hold_two_claims_of_one_editor() -> None:
    items = {
        "editor-a": [Item("a0", "editor-a", 0, 10), Item("a1", "editor-a", 12, 20)],
        "editor-b": [Item("b0", "editor-b", 5, 15)],
        "editor-c": [Item("c0", "editor-c", 8, 18)],
    }
    units = build_units(items)
    for unit in units:
        assert all(item.editor == editor for editor, item in unit.items())
    assert sorted(sorted(it.claim_id for it in u.values()) for u in units) == [
        ["a0"], ["a1", "b0", "c0"]]


# --- on workspaces -----------------------------------------------------------------------------
def _three_editors(open_ws: OpenWs, tmp_path: Path, corpus_files: list[Path]) -> Workspace:
    """editor-a, editor-b and editor-c annotate the seed in their own workspaces, plus a
    corpus article (a and b); everything is merged into editor-a's."""
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    c = open_ws("c", "editor-c")
    for ws in (a, b):
        ws.import_paths(corpus_files[:1])
    s = seed_id(a)
    a.add_claim(s, quote=Q_ROCKETS, speakers=[SECURITY], carriers=["رويترز"], status_id="true")
    a.add_claim(s, quote=Q_WOUNDED, speakers=[US_OFFICIAL], status_id="false")
    a.add_claim(s, quote=Q_BALLISTIC, speakers=[US_OFFICIAL])
    s = seed_id(b)
    b.add_claim(s, quote=Q_ROCKETS_SHORT, speakers=[SECURITY], carriers=["Reuters"],
                status_id="in_progress")
    b.add_claim(s, quote=Q_WOUNDED, speakers=[US_OFFICIAL], status_id="false")
    b.add_claim(s, quote=Q_DRONES, speakers=[US_OFFICIAL])
    s = seed_id(c)
    c.add_claim(s, quote=Q_ROCKETS, speakers=[SECURITY], status_id="true")
    c.add_claim(s, quote=Q_WOUNDED, carriers=["وكالة رويترز للأنباء"], status_id="misleading")
    c.add_claim(s, quote=Q_TIMEFRAME, speakers=["السوداني"])
    corpus_a = a.article(next(x.id for x in a.articles() if x.id != seed_id(a)))
    line = corpus_a.text.split("\n")[2].split()
    a.add_claim(corpus_a.id, quote=" ".join(line[:6]), status_id="true")
    corpus_b = next(x for x in b.articles() if x.id != seed_id(b))
    b.add_claim(corpus_b.id, quote=" ".join(line[:6]), status_id="true")
    b.add_claim(corpus_b.id, quote=" ".join(line[8:12]))
    b.close()
    c.close()
    merging.merge(a, tmp_path / "b.db")
    merging.merge(a, tmp_path / "c.db")
    return a


def test_two_editors_on_the_seed_by_hand(
    open_ws: OpenWs, tmp_path: Path, corpus_files: list[Path]
) -> None:
    ws = _three_editors(open_ws, tmp_path, corpus_files)
    report = agreement(ws, editors=["editor-a", "editor-b"], article_ids=[seed_id(ws)])
    [pair] = report.pairs
    assert (pair.reference, pair.prediction) == ("editor-a", "editor-b")
    # a: ROCKETS, WOUNDED, BALLISTIC; b: ROCKETS_SHORT (inside ROCKETS), WOUNDED, DRONES.
    assert (pair.exact.matched, pair.exact.reference, pair.exact.prediction) == (1, 3, 3)
    assert pair.exact.f1 == pytest.approx(1 / 3)
    assert (pair.overlap.matched, pair.overlap.precision, pair.overlap.recall) == (
        2, 2 / 3, 2 / 3)
    # Statuses on the 2 matched pairs: (true, in_progress), (false, false):
    # po = 1/2, pe = 1/2 * 1/2 (false) = 1/4, kappa = (1/2 - 1/4) / (3/4) = 1/3.
    assert report.status.measure == "cohen_kappa" and report.status.items == 2
    assert report.status.value == pytest.approx(1 / 3)
    assert report.status.value == pytest.approx(
        cohen_kappa_score(["true", "false"], ["in_progress", "false"]))
    assert report.status.observed == pytest.approx(0.5)
    # Sources agree on both (Reuters mapped by name when merging): kappa 1.
    assert report.sources.items == 2 and report.sources.value == pytest.approx(1.0)


def test_per_article_and_overall_are_micro_sums(
    open_ws: OpenWs, tmp_path: Path, corpus_files: list[Path]
) -> None:
    ws = _three_editors(open_ws, tmp_path, corpus_files)
    report = agreement(ws, editors=["editor-a", "editor-b"])
    assert len(report.article_ids) == 2 and report.skipped_article_ids == ()
    [pair] = report.pairs
    by_article = {a.article_id: a for a in pair.articles}
    corpus = next(a for a in report.article_ids if a != seed_id(ws))
    assert (by_article[corpus].exact.matched, by_article[corpus].exact.reference,
            by_article[corpus].exact.prediction) == (1, 1, 2)
    assert pair.exact == by_article[corpus].exact + by_article[seed_id(ws)].exact
    assert (pair.overlap.matched, pair.overlap.reference, pair.overlap.prediction) == (3, 4, 5)
    assert pair.overlap.f1 == pytest.approx(6 / 9)
    # Statuses over 3 pairs: (true,in_progress) (false,false) (true,true).
    expected = cohen_kappa_score(["true", "false", "true"], ["in_progress", "false", "true"])
    assert report.status.items == 3 and report.status.value == pytest.approx(expected)
    per_article = {x["article_id"]: x for x in report.status.articles}
    assert per_article[corpus]["items"] == 1 and per_article[corpus]["value"] is None


def test_three_editors_use_krippendorff_alpha(
    open_ws: OpenWs, tmp_path: Path, corpus_files: list[Path]
) -> None:
    ws = _three_editors(open_ws, tmp_path, corpus_files)
    report = agreement(ws)  # everyone with claims; the corpus article only two annotated
    assert set(report.editors) == {"editor-a", "editor-b", "editor-c"}
    assert report.article_ids == (seed_id(ws),)
    assert len(report.skipped_article_ids) == 1
    assert len(report.pairs) == 3
    assert report.status.measure == "krippendorff_alpha"
    # Units on the seed: {a ROCKETS, b SHORT, c ROCKETS}, {a, b, c WOUNDED}, and singletons.
    order = list(report.editors)
    status = {"editor-a": ["true", "false"], "editor-b": ["in_progress", "false"],
              "editor-c": ["true", "misleading"]}
    codes = {"true": 0, "false": 1, "in_progress": 2, "misleading": 3}
    matrix = [[codes[v] for v in status[e]] for e in order]
    assert report.status.items == 2
    assert report.status.value == pytest.approx(
        krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))
    reuters_security = "sec+reuters"
    sources = {"editor-a": [reuters_security, "us"], "editor-b": [reuters_security, "us"],
               "editor-c": ["sec", "reuters-carrier"]}
    source_codes = {reuters_security: 0, "us": 1, "sec": 2, "reuters-carrier": 3}
    matrix = [[source_codes[v] for v in sources[e]] for e in order]
    assert report.sources.value == pytest.approx(
        krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))


def test_conflict_copies_are_not_an_editors_annotation(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    claim = b.add_claim(seed_id(b), quote=Q_ROCKETS)
    b.add_claim(seed_id(b), quote=Q_DRONES)
    a.add_claim(seed_id(a), quote=Q_ROCKETS)
    b.close()
    merging.merge(a, tmp_path / "b.db")
    a.apply(UpdateClaim(claim.id, (("note", "ours"),)))
    b = Workspace.open(tmp_path / "b.db", editor_name="editor-b")
    b.apply(UpdateClaim(claim.id, (("note", "theirs"),)))
    b.close()
    assert len(merging.merge(a, tmp_path / "b.db").conflicts) == 1
    report = agreement(a, editors=["editor-a", "editor-b"])
    assert report.claims_per_editor == {"editor-a": 1, "editor-b": 2}
    assert report.pairs[0].exact.matched == 1


def test_usage_errors(open_ws: OpenWs) -> None:
    ws = open_ws("a", "editor-a")
    ws.add_claim(seed_id(ws), quote=Q_ROCKETS)
    with pytest.raises(InvalidValue):
        agreement(ws)
    with pytest.raises(NotFound, match="editor-z"):
        agreement(ws, editors=["editor-a", "editor-z"])


def test_chosen_articles_count_an_editor_without_claims_as_marking_nothing(
    open_ws: OpenWs, tmp_path: Path, corpus_files: list[Path]
) -> None:
    ws = _three_editors(open_ws, tmp_path, corpus_files)
    corpus = next(a.id for a in ws.articles() if a.id != seed_id(ws))
    report = agreement(ws, editors=["editor-b", "editor-c"], article_ids=[corpus[:8]])
    [pair] = report.pairs
    assert (pair.exact.reference, pair.exact.prediction) == (2, 0)  # editor-c: none there
    assert pair.exact.precision is None and pair.exact.recall == 0 and pair.exact.f1 == 0
    assert report.status.items == 0 and report.status.value is None
