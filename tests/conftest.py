"""Shared fixtures. Qt runs offscreen: set before anything imports PySide6."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.services.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_661f9a45d22e167f.txt"
# A copy of ../shared/corpus (CC0) travels with the tests so a clean clone runs anywhere.
CORPUS = REPO / "tests" / "corpus" / "cc0-arabic-news"


@pytest.fixture(autouse=True)
def _isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the user's real workspace or settings from a test."""
    monkeypatch.setenv("ANNOTATOR_DB", str(tmp_path / "default-workspace.db"))
    monkeypatch.setenv("ANNOTATOR_EDITOR", "test-editor")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def corpus_files() -> list[Path]:
    files = sorted(CORPUS.glob("*.txt"))
    assert files, f"the shared corpus is missing at {CORPUS}"
    return files


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.db"


@pytest.fixture
def workspace(db_path: Path) -> Iterator[Workspace]:
    """A new workspace on disk, seeded as on a first start."""
    ws = Workspace.open(db_path, editor_name="Test Editor")
    yield ws
    ws.close()


@pytest.fixture
def seed_article_id(workspace: Workspace) -> str:
    rows = workspace.articles()
    assert len(rows) == 1
    return rows[0].id
