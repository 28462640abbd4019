"""Hostile input: every file of ``bad_inputs/`` (and a 100 MB file and a 5 MB single line,
made at test time) is refused with one clear line or imported safely; nothing crashes,
nothing is fetched from the network, nothing is half-written."""

from __future__ import annotations

import socket
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.services import importing
from annotator.services.workspace import Workspace
from annotator.text.canonical import BIDI_CONTROLS, canonicalize
from tests.hardening import hostile_files
from tests.hardening.hostile_files import FOLDER, PARTIAL, Hostile
from tests.hardening.support import (
    count,
    health,
    run_cli,
)

FILES = hostile_files.hostile_files()
_CONTROLS = {chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))} - {"\n", "\t"}


def _param(item: Hostile) -> object:
    return pytest.param(item, id=item.name)


class NetworkUsed(AssertionError):
    pass


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Any attempt to open a connection fails the test (and is recorded)."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[:2]))
        raise NetworkUsed(f"network access attempted: {args[:2]!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert not attempts


@pytest.fixture
def ws(tmp_path: Path) -> Iterator[Workspace]:
    with Workspace.create(tmp_path / "hostile.db", editor_name="Hostile Test") as workspace:
        yield workspace


def assert_stored_safely(ws: Workspace, outcome: importing.ImportOutcome) -> str:
    """The article is canonical text without bidi overrides or control characters, with a
    one-line title of at most 200 characters; returns its text."""
    assert outcome.article_id is not None
    article = ws.article(outcome.article_id)
    text, title = article.text, article.title
    assert text == canonicalize(text) and unicodedata.is_normalized("NFC", text)
    assert text.strip()
    for value in (text, title):
        assert not set(value) & BIDI_CONTROLS, "bidi controls kept"
        assert not any("\ud800" <= ch <= "\udfff" for ch in value)
    assert "\x00" not in text and "\r" not in text
    assert "\n" not in title and 0 < len(title) <= 200
    return text


def assert_refusal_is_one_line(
    outcome: importing.ImportOutcome, path: Path, codes: frozenset[str]
) -> None:
    assert outcome.status == importing.FAILED
    assert outcome.error and "\n" not in outcome.error
    assert str(path) in outcome.error
    assert outcome.error_code in codes, (outcome.error_code, outcome.error)


@pytest.mark.parametrize("item", [_param(item) for item in FILES])
def test_each_hostile_file(ws: Workspace, item: Hostile) -> None:
    path = FOLDER / item.name
    assert path.read_bytes() == item.data, (
        "bad_inputs/ is stale: python -m tests.hardening.hostile_files"
    )
    outcomes = ws.import_paths([path])
    assert outcomes
    imported = [o for o in outcomes if o.status == importing.IMPORTED]
    if item.name in PARTIAL:
        assert len(imported) == PARTIAL[item.name]
        for outcome in outcomes:
            if outcome.status == importing.FAILED:
                assert_refusal_is_one_line(outcome, path, frozenset({"malformed"}))
            else:
                assert_stored_safely(ws, outcome)
    elif item.refused:
        for outcome in outcomes:
            assert_refusal_is_one_line(outcome, path, item.refused)
    elif item.name == "label-studio-utf16.json":
        _check_label_studio(ws, outcomes, path)
    else:
        assert [o.status for o in outcomes] == [importing.IMPORTED], outcomes
        text = assert_stored_safely(ws, imported[0])
        _check_specific(ws, item, text, imported[0])
    assert len(ws.articles()) == len(imported)
    assert health(Path(ws.path)) == {}


def _check_specific(
    ws: Workspace, item: Hostile, text: str, outcome: importing.ImportOutcome
) -> None:
    if item.name == "hostile-page.html":
        for secret in (
            "نص سري",
            "alert",
            "document.write",
            "evil.example",
            "srcdoc",
            "نص من الأنماط",
            "fetch(",
            "<",
            "leaked",
            "نص من القالب",
        ):
            assert secret not in text, secret
        assert "قالت مصادر أمنية لوكالة رويترز" in text
        assert "لم يسفر عن إصابات" in text
    elif item.name.startswith("bidi-override-title"):
        assert any("bidi" in w for w in outcome.warnings)
        assert ws.search("عنوان مقلوب" if item.name.endswith("json") else "هجوم صاروخي")
    elif item.name == "zero-width-title.txt":
        assert ws.search("صاروخي") and ws.search("عسكرية")
    elif item.name == "terminal-escapes.txt":
        assert not set(text) & _CONTROLS
        assert not set(outcome.title or "") & _CONTROLS
    elif item.name == "old-mac-line-ends.txt":
        assert text.count("\n") == 3
    elif item.name == "json-huge-title.json":
        assert len(outcome.title or "") <= 200


def _check_label_studio(ws: Workspace, outcomes: list[importing.ImportOutcome], path: Path) -> None:
    """Either refused (the plain importer does not read Label Studio exports) or imported
    with the UTF-16 offsets converted: the span covers exactly the region's text."""
    for outcome in outcomes:
        if outcome.status == importing.FAILED:
            assert_refusal_is_one_line(outcome, path, frozenset({"malformed"}))
            continue
        text = assert_stored_safely(ws, outcome)
        for claim in ws.claims(outcome.article_id):
            assert text[claim.start : claim.end] == claim.quote == "الوزير"


def test_the_whole_folder_at_once(ws: Workspace) -> None:
    """One import of the folder: nothing raises, the good files import, the index, the
    audit log and the articles agree."""
    outcomes = ws.import_paths([FOLDER])
    statuses = {importing.IMPORTED, importing.DUPLICATE, importing.FAILED}
    assert {o.status for o in outcomes} <= statuses
    path = Path(ws.path)
    articles = count(path, "SELECT count(*) FROM articles")
    assert articles == sum(o.status == importing.IMPORTED for o in outcomes) > 0
    assert count(path, "SELECT count(*) FROM search_refs WHERE kind = 'article'") == articles
    assert health(path) == {}
    # Importing it again adds nothing and fails the same way.
    again = ws.import_paths([FOLDER])
    assert count(path, "SELECT count(*) FROM articles") == articles
    assert importing.IMPORTED not in {o.status for o in again}
    assert [o.error for o in again if o.status == importing.FAILED] == [
        o.error for o in outcomes if o.status == importing.FAILED
    ]


def test_the_command_line_reports_one_line_per_problem(tmp_path: Path) -> None:
    result = run_cli("import", str(FOLDER), "--db", str(tmp_path / "cli.db"))
    assert result.code == 1
    assert "Traceback" not in result.err
    for line in result.err_lines:
        assert line.startswith(("error: ", "warning: ")), line
        if line.startswith("error: "):
            assert str(FOLDER) in line
    refused = {item.name for item in FILES if item.refused}
    for name in refused:
        assert any(name in line for line in result.err_lines if line.startswith("error: "))
    assert health(tmp_path / "cli.db") == {}


@pytest.fixture(scope="module")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return hostile_files.write_big_files(tmp_path_factory.mktemp("big"))


def test_a_100_mb_file_is_refused_without_reading_it(
    ws: Workspace, big_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    big, _ = big_files
    assert big.stat().st_size >= 100 * 1024 * 1024

    def no_read(self: Path) -> bytes:
        raise AssertionError(f"{self} was read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    started = time.monotonic()
    [outcome] = ws.import_paths([big])
    assert time.monotonic() - started < 2
    assert_refusal_is_one_line(outcome, big, frozenset({"too_large"}))
    assert "100 MB" in (outcome.error or "")
    assert ws.articles() == []


def test_a_5_mb_single_line_imports_safely(ws: Workspace, big_files: tuple[Path, Path]) -> None:
    _, line = big_files
    started = time.monotonic()
    [outcome] = ws.import_paths([line])
    assert time.monotonic() - started < 60
    assert outcome.status == importing.IMPORTED, outcome.error
    text = assert_stored_safely(ws, outcome)
    assert "\n" not in text and len(text.encode()) >= 5 * 1024 * 1024 - 16
    assert len(outcome.title or "") <= 200
    hits = ws.search("لوكالة رويترز")
    assert [hit.article_id for hit in hits] == [outcome.article_id]
    article_id = outcome.article_id
    assert article_id is not None
    claim = ws.add_claim(article_id, quote="مصادر أمنية", nth=3)
    assert text[claim.start : claim.end] == "مصادر أمنية"
