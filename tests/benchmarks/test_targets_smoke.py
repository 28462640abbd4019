"""``benchmarks.targets`` and ``benchmarks.review`` at tiny sizes, so they keep running as
the app changes (the figures themselves are not checked here: only that each is measured
and reported)."""

from __future__ import annotations

import pytest

from benchmarks import targets


def test_targets_runs_at_tiny_sizes(capsys: pytest.CaptureFixture[str]) -> None:
    assert targets.main(["--articles", "30", "--claims", "300", "--runs", "1",
                         "--marks", "3"]) == 0
    out = capsys.readouterr().out
    for figure in ("cold start to the seed article", "memory, 30 articles open",
                   "mark a claim, 300 claims"):
        assert figure in out
    assert "figure" in out and "met?" in out


def test_review_benchmark_runs_at_a_tiny_size(capsys: pytest.CaptureFixture[str]) -> None:
    from benchmarks import review

    assert review.main(["--chars", "20000", "--claims", "40", "--decisions", "3"]) == 0
    out = capsys.readouterr().out
    assert "80 claims by two editors" in out and "(40 items)" in out
    assert "decision (accept" in out and "bare sqlite3 INSERT" in out
    assert "agreements (one step)" in out
