"""Train/dev/test splits with a dataset card; the ``export`` command; exports never change
the workspace."""

from __future__ import annotations

import argparse
import importlib
import io
import json
from pathlib import Path

import pytest

from annotator.cli import _common
from annotator.cli_export import register, run_export
from annotator.domain.errors import InvalidValue
from annotator.services.exports import FORMATS, ExportFilter, ExportOptions, export, parse_split
from annotator.services.exports.selection import load_catalogue, select
from annotator.services.exports.splits import allocate, assign
from annotator.services.workspace import Workspace
from tests.exports.conftest import Annotated


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="annotator")
    register(parser.add_subparsers(dest="command"), _common)
    return parser


def _run(ws: Workspace, *argv: str) -> tuple[int, str, str]:
    args = _parser().parse_args(["export", *argv])
    out, err = io.StringIO(), io.StringIO()
    return run_export(ws, args, out, err), out.getvalue(), err.getvalue()


def test_parse_split_and_allocation() -> None:
    assert parse_split("train=0.8,dev=0.1,test=0.1") == (("train", 0.8), ("dev", 0.1),
                                                        ("test", 0.1))
    for bad in ("train=0.8,dev=0.1", "train=1.2,dev=-0.2", "train", "a b=1", "x=0.5,x=0.5"):
        with pytest.raises(InvalidValue):
            parse_split(bad)
    split = parse_split("train=0.8,dev=0.1,test=0.1")
    assert allocate(10, split) == [8, 1, 1]
    assert allocate(3, split) == [3, 0, 0]
    assert sum(allocate(7, split)) == 7


def test_split_is_by_article_deterministic_and_stratified(
    workspace: Workspace, corpus_files: list[Path], tmp_path: Path
) -> None:
    ws = workspace
    for path in corpus_files[:20]:
        ws.import_paths([path])
    statuses = ["true", "false"]
    for index, row in enumerate(sorted(ws.articles(), key=lambda r: r.id)):
        text = ws.article(row.id).text
        words = text.split("\n")[0].split()
        ws.add_claim(row.id, quote=words[0], status_id=statuses[index % 2])
    options = ExportOptions(split=parse_split("train=0.6,dev=0.2,test=0.2"), seed=7)
    out = tmp_path / "ds"
    result = export(ws, "jsonl", out, options=options)
    assert {p.name for p in result.files} == {"train.jsonl", "dev.jsonl", "test.jsonl",
                                              "README.md"}
    seen: dict[str, str] = {}
    by_split: dict[str, list[str]] = {}
    for name in ("train", "dev", "test"):
        for line in (out / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            article_id = record["meta"]["article_id"]
            assert article_id not in seen  # one article, one split
            seen[article_id] = name
            by_split.setdefault(name, []).extend(s["status"] for s in record["spans"])
    assert len(seen) == 21
    # Stratified: each split has both statuses in about the requested ratio.
    for name in ("dev", "test"):
        assert by_split[name].count("true") == 2 and by_split[name].count("false") == 2
    card = (out / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "path: train.jsonl" in card and "seed 7" in card
    assert "codepoint" in card
    # Same seed, same assignment; another seed, another.
    records = list(select(ws, ExportFilter()))
    catalogue = load_catalogue(ws)
    first = assign(records, catalogue, options.split, 7)
    assert first == seen
    assert first == assign(list(reversed(records)), catalogue, options.split, 7)
    assert first != assign(records, catalogue, options.split, 8)


def test_cli_exports_and_reports(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "claims.jsonl"
    code, stdout, stderr = _run(annotated.ws, "jsonl", "--out", str(out), "--status", "true")
    assert (code, stderr) == (0, "")
    assert "exported 3 claims from 2 articles" in stdout
    code, stdout, _ = _run(annotated.ws, "claimreview", "--out", str(tmp_path / "r.json"),
                           "--json", "--newsroom", "Fact desk", "--lang", "en")
    assert code == 0 and json.loads(stdout)["claims"] == 7
    code, _, _ = _run(annotated.ws, "csv", "--out", str(tmp_path / "s"), "--split",
                      "train=0.5,test=0.5", "--seed", "3")
    assert code == 0 and (tmp_path / "s" / "train.csv").is_file()
    code, _, _ = _run(annotated.ws, "jsonl", "--out", str(tmp_path / "e.jsonl"),
                      "--editor", "Second Editor")
    assert code == 0
    assert len((tmp_path / "e.jsonl").read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.parametrize(("argv", "code", "message"), [
    (["--status", "nonsense"], 1, "unknown status 'nonsense'"),
    (["--source", "وكالة مجهولة"], 1, "unknown source"),
    (["--editor", "Nobody"], 1, "no editor called"),
    (["--article", "ffffffff"], 1, "no article"),
    (["--since", "yesterday"], 1, "not an ISO 8601 date"),
    (["--split", "train=2"], 2, "add up to 1"),
    (["--seed", "4"], 2, "--seed only applies with --split"),
])
def test_cli_errors(annotated: Annotated, tmp_path: Path, argv: list[str], code: int,
                    message: str) -> None:
    out = tmp_path / "x.jsonl"
    got, _, stderr = _run(annotated.ws, "jsonl", "--out", str(out), *argv)
    assert got == code and message in stderr and stderr.count("\n") == 1
    assert not out.exists()


def test_cli_refuses_to_split_a_report(annotated: Annotated, tmp_path: Path) -> None:
    code, _, stderr = _run(annotated.ws, "report-html", "--out", str(tmp_path / "r"),
                           "--split", "train=0.5,test=0.5")
    assert code == 2 and "cannot be split" in stderr


def test_unwritable_output_is_one_line_and_leaves_nothing(annotated: Annotated,
                                                         tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    code, _, stderr = _run(annotated.ws, "jsonl", "--out", str(blocker / "x.jsonl"))
    assert code == 1 and stderr.startswith("error: cannot write") and stderr.count("\n") == 1


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_exports_never_change_the_workspace(annotated: Annotated, tmp_path: Path,
                                            name: str) -> None:
    if name == "spacy":
        importlib.import_module("spacy")
    ws = annotated.ws
    before = ws.db.conn.total_changes
    dump = list(ws.db.conn.iterdump())
    export(ws, name, tmp_path / f"out.{FORMATS[name].extension or 'd'}")
    assert ws.db.conn.total_changes == before
    assert list(ws.db.conn.iterdump()) == dump
    leftovers = [p.name for p in tmp_path.rglob("*.part")]
    assert leftovers == []
