"""The database itself refuses claims whose quote is not the text at their offsets."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.services.workspace import Workspace


def _insert(ws: Workspace, article_id: str, start: int, end: int, quote: str) -> None:
    ws.db.execute(
        'INSERT INTO claims (id, article_id, start, "end", quote, status_id, created_at, '
        "updated_at) VALUES ('x', ?, ?, ?, ?, 'unverified', 'now', 'now')",
        (article_id, start, end, quote),
    )


def test_trigger_refuses_a_quote_that_does_not_match(workspace: Workspace,
                                                      seed_article_id: str) -> None:
    text = workspace.article(seed_article_id).text
    start = text.index("«رويترز»")
    with pytest.raises(sqlite3.IntegrityError, match="does not match"):
        _insert(workspace, seed_article_id, start, start + 8, "«بي بي سي")
    # Same length, right place: accepted (code points, not bytes).
    _insert(workspace, seed_article_id, start, start + 8, "«رويترز»")
    assert workspace.db["claims"].count == 1


def test_length_check_counts_code_points(workspace: Workspace, seed_article_id: str) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        _insert(workspace, seed_article_id, 0, 5, "هجوم صاروخي")
