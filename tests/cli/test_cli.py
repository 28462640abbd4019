"""The command line, driven as a script would: exit codes, JSON, errors on stderr."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import cli


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.db")


def _seed_id(db: str) -> str:
    code, out, _ = run("articles", "--db", db, "--json")
    assert code == 0
    return json.loads(out)[0]["id"]


def test_articles_lists_the_seed(db: str) -> None:
    code, out, _ = run("articles", "--db", db, "--json")
    rows = json.loads(out)
    assert code == 0
    assert rows[0]["title"] == "هجوم صاروخي على قاعدة أميركية في العراق"
    assert rows[0]["outlet"] == "خليجيون نيوز"
    assert rows[0]["claim_count"] == 0
    code, out, _ = run("articles", "--db", db)
    assert "هجوم صاروخي" in out


def test_claim_add_by_quote_and_list(db: str) -> None:
    article = _seed_id(db)
    code, out, err = run(
        "claim", "add", article[:8], "--db", db, "--quote", "أن مهاجمين أطلقوا عدة صواريخ",
        "--source", "مصادر أمنية وحكومية", "--carrier", "Reuters", "--status", "in_progress",
        "--note", "مصدر واحد", "--editor", "محررة الأخبار", "--json",
    )
    assert code == 0, err
    claim = json.loads(out)
    assert claim["quote"] == "أن مهاجمين أطلقوا عدة صواريخ"
    assert claim["editor"] == "محررة الأخبار"
    assert [(s["name_en"], s["role"]) for s in claim["sources"]] == [
        ("Security and government sources", "speaker"), ("Reuters", "carrier")]
    code, out, _ = run("claims", "--db", db, "--json")
    [listed] = json.loads(out)
    for key in ("id", "article_id", "start", "end", "quote", "sources", "status", "note",
                "editor", "created", "updated"):
        assert key in listed
    code, out, _ = run("show", article, "--db", db, "--json")
    shown = json.loads(out)
    assert shown["text"][listed["start"]:listed["end"]] == listed["quote"]


def test_claim_add_by_offsets_and_refusals(db: str) -> None:
    article = _seed_id(db)
    code, out, err = run("claim", "add", article, "--db", db, "--start", "0", "--end", "4")
    assert code == 0, err
    assert "هجوم" in out
    code, _, err = run("claim", "add", article, "--db", db, "--start", "0", "--end", "99999")
    assert code == 1 and "out of range" in err
    code, _, err = run("claim", "add", article, "--db", db, "--quote", "ليس في النص")
    assert code == 1 and "does not occur" in err
    code, _, err = run("claim", "add", "ffffffff", "--db", db, "--quote", "هجوم")
    assert code == 1 and "no article" in err
    code, out, _ = run("claims", "--db", db, "--json")
    assert len(json.loads(out)) == 1


def test_import_reports_each_file(db: str, tmp_path: Path, corpus_files: list[Path]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{\n  \"title\": \n}", encoding="utf-8")
    code, out, err = run("import", str(corpus_files[0]), str(bad), str(corpus_files[0]),
                         "--db", db)
    assert code == 1
    assert out.count("imported") == 1
    assert "already in the workspace" in out
    assert err.strip().endswith("line 3 column 1)") or "line 3" in err
    assert str(bad) in err
    code, out, _ = run("import", str(corpus_files[1]), "--db", db, "--json")
    assert code == 0
    assert json.loads(out)[0]["status"] == "imported"


def test_search_json(db: str) -> None:
    code, out, _ = run("search", "الأمريكيه", "--db", db, "--json")
    hits = json.loads(out)
    assert code == 0 and hits
    assert hits[0]["article_title"] == "هجوم صاروخي على قاعدة أميركية في العراق"


def test_show_visual_shapes_for_terminals_only(db: str) -> None:
    article = _seed_id(db)
    run("claim", "add", article, "--db", db, "--quote", "«رويترز»")
    code, out, _ = run("show", article, "--db", db)
    assert code == 0
    assert "⟦1 «رويترز» ⟧1" in out  # logical order, unshaped
    code, visual_out, _ = run("show", article, "--db", db, "--visual")
    assert code == 0
    assert any("\ufe70" <= ch <= "\ufeff" for ch in visual_out)  # shaped glyph forms
    # Reordered for a left-to-right terminal, with the guillemets mirrored back.
    assert "«ﺯﺮﺘﻳﻭﺭ»" in visual_out
    code, _, err = run("show", article, "--db", db, "--visual", "--json")
    assert code == 2 and "--json" in err


def test_newer_workspace_is_refused_by_the_cli(db: str) -> None:
    _seed_id(db)
    import sqlite_utils

    raw = sqlite_utils.Database(db)
    raw["_sqlite_migrations"].insert({"migration_set": "annotator", "name": "m900_future",
                                      "applied_at": "x"})
    raw.close()
    code, _, err = run("articles", "--db", db)
    assert code == 1
    assert "newer version" in err


def test_help_for_every_command() -> None:
    for argv in (["--help"], ["import", "--help"], ["articles", "--help"], ["show", "--help"],
                 ["claim", "add", "--help"], ["claims", "--help"], ["search", "--help"],
                 ["gui", "--help"], ["screenshot", "--help"]):
        result = subprocess.run([sys.executable, "-m", "annotator", *argv],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, (argv, result.stderr)
        assert "--db" in result.stdout, argv


def test_module_entry_point_runs_a_command(db: str) -> None:
    result = subprocess.run([sys.executable, "-m", "annotator", "articles", "--db", db],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "هجوم صاروخي" in result.stdout
