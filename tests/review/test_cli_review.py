"""The review commands as a script drives them: JSON, exit codes, errors on stderr."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import cli
from annotator.domain.operations import UpdateClaim
from annotator.services.workspace import Workspace
from tests.review.conftest import (
    Q_BALLISTIC,
    Q_ROCKETS,
    Q_ROCKETS_SHORT,
    Q_WOUNDED,
    SECURITY,
    run_review,
    seed_id,
)


@pytest.fixture
def two(tmp_path: Path) -> tuple[str, str]:
    """editor-a's and editor-b's workspaces with claims on the seed (closed)."""
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    with Workspace.open(a, editor_name="editor-a") as ws:
        ws.add_claim(seed_id(ws), quote=Q_ROCKETS, speakers=[SECURITY], status_id="true")
        ws.add_claim(seed_id(ws), quote=Q_WOUNDED)
    with Workspace.open(b, editor_name="editor-b") as ws:
        ws.add_claim(seed_id(ws), quote=Q_ROCKETS_SHORT, speakers=[SECURITY],
                     carriers=["Reuters"], status_id="true")
        ws.add_claim(seed_id(ws), quote=Q_BALLISTIC)
    return a, b


def test_merge_json_then_nothing_new(two: tuple[str, str]) -> None:
    a, b = two
    code, out, err = run_review("merge", b, "--db", a, "--editor", "editor-a", "--json")
    assert code == 0, err
    [report] = json.loads(out)
    assert report["claims"]["added"] == 2 and report["changed"] is True
    assert report["articles"] == {"added": 0, "matched": 1, "added_ids": []}
    assert {m["how"] for m in report["source_mappings"]} == {"name"}
    code, out, err = run_review("merge", b, "--db", a, "--editor", "editor-a")
    assert code == 0 and "(nothing new)" in out
    assert "2 unchanged" in out


def test_merge_reports_a_bad_file_and_merges_the_others(two: tuple[str, str],
                                                        tmp_path: Path) -> None:
    a, b = two
    bad = tmp_path / "bad.db"
    bad.write_text("hello", encoding="utf-8")
    code, out, err = run_review("merge", str(bad), b, "--db", a, "--json")
    assert code == 1
    assert err.count("error:") == 1 and "bad.db" in err and "not SQLite" in err
    assert [r["claims"]["added"] for r in json.loads(out)] == [2]


def test_conflicts_are_listed_and_resolved(two: tuple[str, str]) -> None:
    a, b = two
    assert run_review("merge", b, "--db", a, "--editor", "editor-a")[0] == 0
    with Workspace.open(a, editor_name="editor-a") as ws:
        claim = next(c for c in ws.claims() if c.quote == Q_BALLISTIC)
        ws.apply(UpdateClaim(claim.id, (("note", "ours"),)))
    with Workspace.open(b, editor_name="editor-b") as ws:
        ws.apply(UpdateClaim(claim.id, (("note", "theirs"),)))
    code, out, err = run_review("merge", b, "--db", a, "--editor", "editor-a")
    assert code == 0 and "1 conflicts" in out and "conflict (both_changed)" in err
    code, out, _ = run_review("conflicts", "--db", a, "--json")
    [row] = json.loads(out)
    assert row["claim_id"] == claim.id and row["other_editor"] == "editor-b"
    code, out, _ = run_review("conflicts", "--db", a, "--resolve", row["id"][:8],
                              "--resolution", "ours")
    assert code == 0 and "resolved" in out
    code, out, err = run_review("conflicts", "--db", a)
    assert out == "" and "no conflicts" in err
    assert json.loads(run_review("conflicts", "--db", a, "--all", "--json")[1])[0][
        "resolution"] == "ours"
    code, _, err = run_review("conflicts", "--db", a, "--resolve", "nope")
    assert code == 1 and "no merge conflict" in err


def test_pack_agreement_progress(two: tuple[str, str], tmp_path: Path) -> None:
    a, b = two
    with Workspace.open(a) as ws:
        article = seed_id(ws)
    out_file = tmp_path / "pack.db"
    code, out, err = run_review("pack", "--article", article[:8], "--out", str(out_file),
                                "--db", a, "--json")
    assert code == 0, err
    packed = json.loads(out)
    assert packed["articles"] == [article] and packed["claims"] == 2
    code, _, err = run_review("pack", "--article", article, "--out", str(out_file), "--db", a)
    assert code == 1 and "never overwrites" in err

    run_review("merge", b, "--db", a)
    code, out, err = run_review("agreement", "--db", a, "--editors", "editor-a,editor-b",
                                "--json")
    assert code == 0, err
    report = json.loads(out)
    [pair] = report["pairs"]
    assert pair["exact"]["matched"] == 0 and pair["overlap"]["matched"] == 1
    assert pair["overlap"]["precision"] == 0.5 and pair["overlap"]["f1"] == 0.5
    assert report["status"]["measure"] == "cohen_kappa" and report["status"]["items"] == 1
    code, out, _ = run_review("agreement", "--db", a, "--editors", "editor-a,editor-b")
    assert "overlap" in out and "cohen_kappa" in out
    code, _, err = run_review("agreement", "--db", a, "--editors", "editor-a")
    assert code == 1 and "at least two editors" in err

    code, out, _ = run_review("progress", "--db", a, "--json")
    editors = {e["name"]: e for e in json.loads(out)["editors"]}
    assert editors["editor-a"]["created"] == 2 and editors["editor-b"]["created"] == 2
    code, out, _ = run_review("progress", "--db", a)
    assert "editor-b: 2 claims created" in out


def test_wired_into_the_annotator_command(two: tuple[str, str]) -> None:
    """``annotator merge`` runs through the main command line."""
    a, b = two
    out, err = io.StringIO(), io.StringIO()
    assert cli.run(["merge", b, "--db", a, "--json"], out=out, err=err) == 0, err.getvalue()
    assert json.loads(out.getvalue())[0]["claims"]["added"] == 2


def test_the_review_core_does_not_import_qt() -> None:
    code = ("import sys; import annotator.cli_review, annotator.services.merging, "
            "annotator.services.packing, annotator.services.agreement, "
            "annotator.storage.merge_store; "
            "sys.exit(1 if any(m.startswith('PySide6') for m in sys.modules) else 0)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
