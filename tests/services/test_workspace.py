"""Workspace life cycle: first start imports the seed, once; default path and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.services.workspace import Workspace, default_db_path, seed_files
from tests.conftest import SEED


def test_first_start_imports_the_seed_article(workspace: Workspace, seed_text: str) -> None:
    rows = workspace.articles()
    assert [r.title for r in rows] == ["هجوم صاروخي على قاعدة أميركية في العراق"]
    article = workspace.article(rows[0].id)
    assert article.text == seed_text  # the seed is already canonical UTF-8 with \n
    assert article.outlet == "خليجيون نيوز"
    assert article.language == "ar"
    assert article.encoding == "utf-8"


def test_seeds_are_imported_only_once(db_path: Path) -> None:
    with Workspace.open(db_path) as ws:
        only = ws.articles()[0].id
        ws.db.execute("DELETE FROM articles WHERE id = ?", [only])
        assert ws.articles() == []
    with Workspace.open(db_path) as ws:
        # The editor deleted the seed; it does not come back.
        assert ws.articles() == []


def test_seed_files_ship_with_the_package() -> None:
    names = [p.name for p in seed_files()]
    assert SEED.name in names


def test_default_path_follows_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "x" / "ws.db"))
    assert default_db_path() == tmp_path / "x" / "ws.db"
    monkeypatch.delenv("ANNOTATOR_DB")
    path = default_db_path()
    assert path.name == "annotations.db"
    assert "arabic-news-annotator" in str(path)


def test_changes_record_the_editor_in_the_audit_log(workspace: Workspace,
                                                    seed_article_id: str) -> None:
    claim = workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                                carriers=["رويترز"])
    entries = workspace.audit_entries(claim.id)
    assert len(entries) == 1
    entry = entries[0]
    assert entry["action"] == "create_claim"
    assert workspace.editor_names()[entry["editor_id"]] == "Test Editor"
    assert entry["before"] is None
    assert entry["after"]["quote"] == "أن مهاجمين أطلقوا عدة صواريخ"
    assert entry["after"]["sources"][0]["role"] == "carrier"


def test_library_filters_and_search(workspace: Workspace, seed_article_id: str,
                                    corpus_files: list) -> None:
    from annotator.domain.models import LibraryFilter

    workspace.import_paths(corpus_files[:6])
    workspace.add_claim(seed_article_id, quote="«رويترز»", carriers=["رويترز"],
                        status_id="false")
    workspace.add_claim(seed_article_id, quote="مسؤول أميريكي", status_id="false")
    reuters = next(s for s in workspace.sources() if s.name_en == "Reuters")
    everything = workspace.library()
    assert len(everything) == 7
    seed_row = next(r for r in everything if r.id == seed_article_id)
    assert seed_row.claim_count == 2 and dict(seed_row.status_counts) == {"false": 2}
    only = [r.id for r in workspace.library(filters=LibraryFilter(status_id="false"))]
    assert only == [seed_article_id]
    assert [r.id for r in workspace.library(filters=LibraryFilter(source_id=reuters.id))] == [
        seed_article_id]
    assert workspace.library(filters=LibraryFilter(status_id="true")) == []
    assert [r.id for r in workspace.library(
        filters=LibraryFilter(outlet="خليجيون نيوز"))] == [seed_article_id]
    editor = workspace.editor_id()
    assert len(workspace.library(filters=LibraryFilter(editor_id=editor))) == 7
    found = workspace.library("كورونا")
    assert found and seed_article_id not in {r.id for r in found}
    assert [r.id for r in workspace.library("عين الاسد")] == [seed_article_id]
    today = everything[0].imported_at[:10]
    assert len(workspace.library(filters=LibraryFilter(since=today))) == 7
    assert workspace.library(filters=LibraryFilter(until="2000-01-01")) == []


def test_a_created_workspace_never_receives_the_seeds(db_path: Path) -> None:
    Workspace.create(db_path).close()
    with Workspace.open(db_path) as ws:
        assert ws.articles() == []
