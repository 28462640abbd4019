"""Opening workspaces: pragmas, migrations, defaults, refusal of newer or foreign files."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from annotator.domain.defaults import DEFAULT_STATUSES
from annotator.domain.errors import NotAWorkspace, WorkspaceTooNew
from annotator.storage.db import open_database
from annotator.storage.migrations import MIGRATIONS


def test_new_workspace_has_wal_foreign_keys_busy_timeout(db_path: Path) -> None:
    db = open_database(db_path)
    assert db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    db.close()
    # Per-connection settings are re-applied on every open.
    db = open_database(db_path)
    assert db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.close()


def test_schema_tables_and_declared_foreign_keys(db_path: Path) -> None:
    db = open_database(db_path)
    names = set(db.table_names())
    for table in ("articles", "sources", "source_aliases", "statuses", "claims",
                  "claim_sources", "evidence", "editors", "audit_log", "search_fts"):
        assert table in names
    fks = {(fk.column, fk.other_table) for fk in db["claims"].foreign_keys}
    assert ("article_id", "articles") in fks
    assert ("status_id", "statuses") in fks
    assert ("created_by", "editors") in fks
    link_fks = {(fk.column, fk.other_table) for fk in db["claim_sources"].foreign_keys}
    assert link_fks == {("claim_id", "claims"), ("source_id", "sources")}
    db.close()


def test_default_statuses_and_sources(db_path: Path) -> None:
    db = open_database(db_path)
    statuses = {row["id"]: row for row in db["statuses"].rows}
    assert set(statuses) == {s.id for s in DEFAULT_STATUSES}
    assert statuses["false"]["label_ar"] == "زائف"
    assert statuses["false"]["rating_value"] == 1
    assert statuses["unverified"]["rating_value"] is None
    english = {row["name_en"]: row["kind"] for row in db["sources"].rows}
    assert english["Reuters"] == "news_agency"
    assert english["BBC"] == "outlet"
    assert english["US official"] == "anonymous_official"
    db.close()


def test_migrations_apply_once(db_path: Path) -> None:
    open_database(db_path).close()
    db = open_database(db_path)
    applied = [m.name for m in MIGRATIONS.applied(db)]
    assert applied == [m.name for m in MIGRATIONS._migrations]
    assert db["statuses"].count == len(DEFAULT_STATUSES)  # defaults not inserted twice
    db.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_schema_is_refused_and_left_untouched(db_path: Path) -> None:
    db = open_database(db_path)
    db["_sqlite_migrations"].insert(
        {"migration_set": "annotator", "name": "m999_from_the_future",
         "applied_at": "2030-01-01"}
    )
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    before = _digest(db_path)
    with pytest.raises(WorkspaceTooNew) as info:
        open_database(db_path)
    assert "newer version" in str(info.value)
    assert "m999_from_the_future" in str(info.value)
    assert _digest(db_path) == before
    assert not Path(str(db_path) + "-wal").exists()


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("هذا ليس قاعدة بيانات\n", encoding="utf-8")
    before = _digest(path)
    with pytest.raises(NotAWorkspace):
        open_database(path)
    assert _digest(path) == before


def test_foreign_keys_are_enforced(db_path: Path) -> None:
    db = open_database(db_path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute(
            "INSERT INTO claim_sources (claim_id, source_id, role) VALUES ('nope', 'nope', "
            "'speaker')"
        )
    db.close()


def test_source_kind_labels_live_in_the_workspace(db_path: Path) -> None:
    from annotator.domain.models import SourceKind
    from annotator.storage.catalog import source_kind_labels

    db = open_database(db_path)
    labels = source_kind_labels(db)
    assert set(labels) == {k.value for k in SourceKind}
    assert labels["news_agency"] == ("وكالة أنباء", "News agency")
    db.close()


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('ملاحظة')")
    conn.commit()
    conn.close()
    before = _digest(path)
    with pytest.raises(NotAWorkspace, match="another program"):
        open_database(path)
    assert _digest(path) == before
