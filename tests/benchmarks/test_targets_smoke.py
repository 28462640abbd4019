"""``benchmarks.targets`` at tiny sizes, so it keeps running as the app changes (the
figures themselves are not checked here: only that each is measured and reported)."""

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
