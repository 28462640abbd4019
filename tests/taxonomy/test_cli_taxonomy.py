"""``annotator sources|source|statuses|status|taxonomy`` driven as a script would."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from annotator import cli_taxonomy
from tests.taxonomy.support import build_parser, run_cli


def test_register_adds_the_commands_and_dispatch_ignores_others() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command in cli_taxonomy.COMMANDS:
        assert command in sub.choices
    args = parser.parse_args(["articles"])
    assert cli_taxonomy.dispatch(None, args) is None  # type: ignore[arg-type]
    args = parser.parse_args(["status", "recolor", "true", "#fff"])
    assert args.command == "status"


def test_sources_listing(db_path: Path) -> None:
    code, out, err = run_cli(db_path, "sources")
    assert code == 0, err
    assert "رويترز / Reuters" in out and "(0 claims)" in out
    code, out, _ = run_cli(db_path, "sources", "--json")
    rows = json.loads(out)
    reuters = next(r for r in rows if r["name_en"] == "Reuters")
    assert reuters["kind"] == "news_agency"
    assert reuters["aliases_ar"] == ["وكالة رويترز", "وكالة رويترز للأنباء"]
    assert {"id", "note", "url", "claim_count", "aliases_en"} <= set(reuters)


def test_source_add_rename_set_alias_merge(db_path: Path) -> None:
    code, out, err = run_cli(
        db_path, "source", "add", "--ar", "صحيفة النهار", "--en", "An-Nahar",
        "--kind", "outlet", "--alias", "النهار", "--note", "لبنان", "--url",
        "https://www.annahar.com", "--json",
    )
    assert code == 0, err
    added = json.loads(out)
    assert added["aliases"] == ["النهار"] and added["url"] == "https://www.annahar.com"
    code, out, err = run_cli(db_path, "source", "rename", "النهار", "--en", "Annahar")
    assert code == 0 and "صحيفة النهار / Annahar" in out, err
    code, out, _ = run_cli(db_path, "source", "set", added["id"][:8], "--kind", "news_agency",
                           "--json")
    assert json.loads(out)["kind"] == "news_agency"
    code, out, _ = run_cli(db_path, "source", "alias", "Annahar", "جريدة النهار", "Nahar")
    assert code == 0 and "جريدة النهار" in out
    code, out, _ = run_cli(db_path, "source", "alias", "Annahar", "Nahar", "--remove")
    assert code == 0 and "Nahar]" not in out
    code, out, err = run_cli(db_path, "source", "add", "--ar", "نهار", "--kind", "outlet")
    assert code == 0, err
    code, out, err = run_cli(db_path, "source", "merge", "An-Nahar", "نهار", "--json")
    assert code == 0, err
    merged = json.loads(out)
    assert "نهار" in merged["kept"]["aliases"] and merged["claims"] == []
    code, out, _ = run_cli(db_path, "sources", "--json")
    assert len(json.loads(out)) == 11


def test_source_refusals_and_usage_errors(db_path: Path) -> None:
    code, _, err = run_cli(db_path, "source", "add", "--ar", "رويترز", "--kind", "outlet")
    assert code == 1 and "already names" in err
    code, _, err = run_cli(db_path, "source", "add", "--ar", "جديد", "--kind", "blog")
    assert code == 1 and "unknown source kind" in err
    code, _, err = run_cli(db_path, "source", "add", "--kind", "outlet")
    assert code == 2 and "--ar or --en" in err
    code, _, err = run_cli(db_path, "source", "rename", "nobody", "--ar", "س")
    assert code == 1 and "no source named" in err
    code, _, _ = run_cli(db_path, "source", "set", "Reuters")
    assert code == 2
    code, _, _ = run_cli(db_path, "source", "frobnicate")
    assert code == 2


def test_statuses_and_status_commands(db_path: Path) -> None:
    code, out, _ = run_cli(db_path, "statuses")
    assert code == 0 and out.splitlines()[0].split()[:2] == ["0", "unverified"]
    code, out, err = run_cli(db_path, "status", "add", "partly_false", "--ar", "زائف جزئيا",
                             "--en", "Partly false", "--color", "#F80", "--rating", "2",
                             "--position", "5", "--json")
    assert code == 0, err
    assert json.loads(out)["color"] == "#ff8800"
    code, out, _ = run_cli(db_path, "status", "rename", "false", "--en", "Fake")
    assert code == 0 and "زائف / Fake" in out
    code, out, _ = run_cli(db_path, "status", "recolour", "false", "#000")
    assert code == 0 and "#000000" in out
    code, out, _ = run_cli(db_path, "status", "recolor", "true", "#111111")
    assert code == 0 and "#111111" in out
    code, out, _ = run_cli(db_path, "status", "rating", "unverifiable", "3")
    assert code == 0 and "rating 3" in out
    code, out, _ = run_cli(db_path, "status", "rating", "unverifiable", "none")
    assert code == 0 and "rating -" in out
    code, out, _ = run_cli(db_path, "status", "reorder", "false", "partly_false")
    assert out.split()[:3] == ["false", "partly_false", "unverified"]
    code, out, _ = run_cli(db_path, "statuses", "--json")
    rows = json.loads(out)
    assert [r["id"] for r in rows][:2] == ["false", "partly_false"]
    assert rows[0]["label_en"] == "Fake" and rows[0]["claim_count"] == 0
    code, _, err = run_cli(db_path, "status", "add", "true", "--ar", "س", "--en", "x",
                           "--color", "#fff")
    assert code == 1 and "exists already" in err
    code, _, _ = run_cli(db_path, "status", "rating", "true", "9")
    assert code == 2


def test_taxonomy_export_and_import(tmp_path: Path) -> None:
    desk, reporter = tmp_path / "desk.db", tmp_path / "reporter.db"
    run_cli(desk, "source", "add", "--ar", "صحيفة النهار", "--kind", "outlet")
    run_cli(desk, "status", "add", "satire", "--ar", "ساخر", "--en", "Satire",
            "--color", "#ccc")
    shared = tmp_path / "newsroom.json"
    code, _, err = run_cli(desk, "taxonomy", "export", "--out", str(shared))
    assert code == 0 and "wrote 9 statuses and 11 sources" in err
    code, out, _ = run_cli(desk, "taxonomy", "export")
    assert json.loads(out)["format"] == "arabic-news-annotator/taxonomy"
    code, out, err = run_cli(reporter, "taxonomy", "import", str(shared), "--dry-run")
    assert code == 0 and out.startswith("would add 1 statuses and 1 sources"), err
    code, out, _ = run_cli(reporter, "taxonomy", "import", str(shared), "--json")
    report = json.loads(out)
    assert report["statuses_added"] == ["satire"] and len(report["sources_added"]) == 1
    code, out, _ = run_cli(reporter, "sources")
    assert "صحيفة النهار" in out
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    code, _, err = run_cli(reporter, "taxonomy", "import", str(bad))
    assert code == 1 and "bad.json" in err and "malformed JSON" in err
    code, _, err = run_cli(reporter, "taxonomy", "import", str(tmp_path / "missing.json"))
    assert code == 1 and "no such file" in err
