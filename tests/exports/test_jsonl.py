"""JSON Lines export: exact offsets, full metadata, and Hugging Face ``datasets`` loads it
with explicit features."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest

from annotator.services.exports import ExportFilter, export
from annotator.services.exports.jsonl import datasets_features
from tests.exports.conftest import HOSTILE_NOTE, Annotated


def _records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_span_is_the_text_at_its_code_point_offsets(annotated: Annotated,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "claims.jsonl"
    result = export(annotated.ws, "jsonl", out)
    records = _records(out)
    assert result.articles == len(records) == 4
    assert result.claims == len(annotated.all_claims()) == 12
    for record in records:
        assert record["meta"]["offset_unit"] == "codepoint"
        assert record["meta"]["length"] == len(record["text"])
        for span in record["spans"]:
            assert record["text"][span["start"]:span["end"]] == span["text"]
    seed = next(r for r in records if r["meta"]["article_id"] == annotated.seed_id)
    assert seed["meta"]["outlet"] == "خليجيون نيوز"
    assert seed["meta"]["language"] == "ar"
    assert len(seed["meta"]["sha256"]) == 64
    rockets = next(s for s in seed["spans"] if s["id"] == annotated.claims["rockets"].id)
    assert rockets["status"] == "true"
    assert rockets["rating_value"] == 5
    assert rockets["note"] == HOSTILE_NOTE
    assert rockets["editor"] == "Test Editor"
    assert {(s["name_ar"], s["kind"], s["role"]) for s in rockets["sources"]} == {
        ("مصادر أمنية وحكومية", "anonymous_sources", "speaker"),
        ("رويترز", "news_agency", "carrier"),
    }
    wounded = next(s for s in seed["spans"] if s["id"] == annotated.claims["wounded"].id)
    assert wounded["evidence"] == ["https://www.reuters.com/world/x?a=1&b=2"]
    # Arabic is written as UTF-8, not as \u escapes (readable with any editor).
    assert "رويترز" in out.read_text(encoding="utf-8")


def test_filters_select_claims_and_drop_articles_left_empty(annotated: Annotated,
                                                            tmp_path: Path) -> None:
    ws = annotated.ws
    cases = {
        ExportFilter(status_ids=("false",)): {"timetable", "corpus0"},
        ExportFilter(source_names=("رويترز",)): {"rockets", "timetable"},
        # Alias and spelling variant of the anonymous official.
        ExportFilter(source_names=("مسؤول امريكي",)): {"wounded", "iraqi", "drones"},
        ExportFilter(editor="Second Editor"): {"analyst"},
        ExportFilter(article_ids=(annotated.corpus_ids[1][:8],)): {"corpus1"},
        ExportFilter(status_ids=("true",), source_names=("رويترز",)): {"rockets"},
    }
    names = {c.id: n for n, c in annotated.claims.items()}
    for flt, expected in cases.items():
        out = tmp_path / "f.jsonl"
        export(ws, "jsonl", out, flt)
        records = _records(out)
        got = {names[s["id"]] for r in records for s in r["spans"]}
        assert got == expected, flt
        assert all(r["spans"] for r in records), "claim filters drop claim-less articles"


def test_since_filters_by_last_change(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    export(annotated.ws, "jsonl", out, ExportFilter(since="2999-01-01"))
    assert _records(out) == []
    export(annotated.ws, "jsonl", out, ExportFilter(since="2000-01-01T00:00:00+03:00"))
    assert sum(len(r["spans"]) for r in _records(out)) == 12


def test_huggingface_datasets_loads_it_with_explicit_features(
    annotated: Annotated, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    datasets = importlib.import_module("datasets")
    out = tmp_path / "claims.jsonl"
    export(annotated.ws, "jsonl", out)
    ds = datasets.load_dataset("json", data_files=str(out), features=datasets_features(),
                               split="train", cache_dir=str(tmp_path / "cache"))
    assert ds.num_rows == 4
    assert ds.features == datasets_features()
    spans = 0
    for row in ds:
        for span in row["spans"]:
            assert row["text"][span["start"]:span["end"]] == span["text"]
            spans += 1
    assert spans == 12
    seed = next(r for r in ds if r["meta"]["article_id"] == annotated.seed_id)
    unverified = [s for s in seed["spans"] if s["status"] == "unverified"]
    assert unverified and unverified[0]["rating_value"] is None
