"""Backups: automatic rotating copies, ``annotator backup DEST`` while the app writes, and a
restore that checks the backup and refuses to overwrite without ``--force``."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from annotator.domain.env_errors import BackupDamaged, BackupError, RestoreRefused
from annotator.services import backup
from annotator.services.workspace import Workspace
from tests.hardening.support import (
    Child,
    btree_pages,
    count,
    damage_pages,
    digest,
    health,
    run_cli,
    settle,
)

T0 = datetime(2025, 3, 1, 8, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_backups_on_open(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fixtures open workspaces on today's date; the tests call the rotation themselves at
    fixed times (:func:`rotate`), so opening must not add backups of its own."""
    monkeypatch.setenv(backup.AUTO_BACKUP_ENV, "0")


def rotate(path: str | Path, when: datetime) -> Path | None:
    """``maybe_rotate_backup`` with automatic backups switched on."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(backup.AUTO_BACKUP_ENV)
        return backup.maybe_rotate_backup(path, when)


@pytest.fixture
def seeded(tmp_path: Path) -> Path:
    path = tmp_path / "annotations.db"
    with Workspace.open(path, editor_name="Backup Test") as ws:
        article = ws.articles()[0]
        ws.add_claim(article.id, quote="عين الأسد")
    return path


def _claims(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return sorted(conn.execute("SELECT id, quote FROM claims").fetchall())
    finally:
        conn.close()


# --- automatic backups -----------------------------------------------------------------------
def test_first_backup_is_named_with_the_utc_time_and_is_self_contained(seeded: Path) -> None:
    made = rotate(seeded, T0)
    assert made == seeded.parent / "backups" / "annotations-20250301T081500Z.db"
    assert made.is_file()
    assert not Path(f"{made}-wal").exists()
    assert health(made) == {}
    assert _claims(made) == _claims(seeded)
    conn = sqlite3.connect(made)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert backup.auto_backups(seeded) == [(T0, made)]


def test_at_most_one_a_day(seeded: Path) -> None:
    assert rotate(seeded, T0) is not None
    assert rotate(seeded, T0 + timedelta(hours=23, minutes=59)) is None
    assert rotate(seeded, T0 + timedelta(days=1)) is not None
    assert len(backup.auto_backups(seeded)) == 2


def test_keeps_the_last_seven(seeded: Path) -> None:
    made = [rotate(seeded, T0 + timedelta(days=day)) for day in range(10)]
    kept = [path for _, path in backup.auto_backups(seeded)]
    assert kept == made[-7:]
    assert all(not path.exists() for path in made[:3])


def test_other_files_in_the_folder_are_never_rotated(seeded: Path) -> None:
    folder = seeded.parent / "backups"
    folder.mkdir()
    mine = folder / "before-the-big-change.db"
    mine.write_bytes(b"kept")
    other = folder / "other-20200101T000000Z.db"
    other.write_bytes(b"another workspace's backup")
    # Named like ours, but no time: month 13, and Arabic-Indic digits.
    not_a_time = folder / f"{seeded.stem}-20201301T000000Z{seeded.suffix}"
    arabic_digits = folder / f"{seeded.stem}-٢٠٢٠٠١٠١T000000Z{seeded.suffix}"
    for odd in (not_a_time, arabic_digits):
        odd.write_bytes(b"someone's file")
    assert backup.auto_backups(seeded) == []
    for day in range(9):
        rotate(seeded, T0 + timedelta(days=day))
    assert mine.read_bytes() == b"kept" and other.exists()
    assert not_a_time.exists() and arabic_digits.exists()


def test_a_backup_stamped_in_the_future_does_not_block(seeded: Path) -> None:
    """After the clock was wrong once, backups still happen."""
    assert rotate(seeded, T0 + timedelta(days=30)) is not None
    assert rotate(seeded, T0) is not None


def test_skipped_for_memory_missing_blank_and_when_turned_off(
    tmp_path: Path, seeded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert rotate(":memory:", T0) is None
    assert rotate(tmp_path / "nothing-here.db", T0) is None
    blank = tmp_path / "blank.db"
    Workspace.create(blank).close()
    assert rotate(blank, T0) is None
    assert not (tmp_path / "backups").exists()
    monkeypatch.setenv(backup.AUTO_BACKUP_ENV, "0")
    assert backup.maybe_rotate_backup(seeded, T0) is None


def test_a_damaged_workspace_never_rotates_good_backups_away(seeded: Path) -> None:
    with Workspace.open(seeded) as ws:
        ws.import_paths(
            sorted((Path(__file__).parents[1] / "corpus" / "cc0-arabic-news").glob("*.txt"))
        )
    good = [rotate(seeded, T0 + timedelta(days=day)) for day in range(7)]
    settle(seeded)
    pages = btree_pages(seeded, "articles")
    damage_pages(seeded, pages[len(pages) // 2 : len(pages) // 2 + 2])
    assert rotate(seeded, T0 + timedelta(days=8)) is None
    assert [path for _, path in backup.auto_backups(seeded)] == good
    assert all(health(path) == {} for path in good)
    assert not [p for p in (seeded.parent / "backups").iterdir() if "partial" in p.name]


def test_an_unwritable_backup_folder_does_not_stop_opening(seeded: Path) -> None:
    (seeded.parent / "backups").write_text("a file where the folder should be")
    assert rotate(seeded, T0) is None


def test_opening_a_workspace_takes_the_daily_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(backup.AUTO_BACKUP_ENV)
    path = tmp_path / "daily.db"
    Workspace.open(path).close()  # new: seeded, but nothing to back up before the seed
    assert backup.auto_backups(path) == []
    Workspace.open(path).close()
    assert len(backup.auto_backups(path)) == 1
    Workspace.open(path).close()  # the same day: no second copy
    assert len(backup.auto_backups(path)) == 1


# --- annotator backup DEST -------------------------------------------------------------------
def test_backup_to_a_file_and_to_a_folder(seeded: Path, tmp_path: Path) -> None:
    copy = backup.backup_workspace(seeded, tmp_path / "copy.db")
    assert _claims(copy) == _claims(seeded)
    with pytest.raises(BackupError, match="--force"):
        backup.backup_workspace(seeded, copy)
    assert backup.backup_workspace(seeded, copy, force=True) == copy
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    named = backup.backup_workspace(seeded, folder, now=T0)
    assert named == folder / "annotations-20250301T081500Z.db"
    with pytest.raises(BackupError):
        backup.backup_workspace(seeded, seeded, force=True)


def test_backup_while_another_process_writes(tmp_path: Path) -> None:
    """Copies taken while a child process edits continuously are each a consistent
    snapshot: sound, and every claim in them complete (index and audit rows)."""
    path = tmp_path / "busy.db"
    Workspace.open(path).close()
    child = Child("edit_loop.py", str(path))
    try:
        child.read_until(lambda line: line == "ready")
        sizes = []
        for number in range(6):
            child.read_until(lambda line: line.startswith("ack "))
            copy = backup.backup_workspace(path, tmp_path / f"copy-{number}.db")
            assert health(copy) == {}
            sizes.append(count(copy, "SELECT count(*) FROM claims"))
    finally:
        child.kill()
    assert sizes == sorted(sizes) and sizes[-1] > sizes[0]


def test_cli_backup(seeded: Path, tmp_path: Path) -> None:
    result = run_cli("backup", str(tmp_path / "out.db"), "--db", str(seeded))
    assert result.code == 0, result.err
    assert result.out.strip() == str(tmp_path / "out.db")
    result = run_cli("backup", str(tmp_path / "out.db"), "--db", str(seeded))
    assert result.code == 1
    assert "--force" in result.one_clear_error()
    result = run_cli("backup", str(tmp_path / "out.db"), "--force", "--db", str(seeded))
    assert result.code == 0, result.err


# --- restore ---------------------------------------------------------------------------------
@pytest.fixture
def saved(seeded: Path, tmp_path: Path) -> Path:
    """A backup of ``seeded`` taken before more claims were added to it."""
    copy = backup.backup_workspace(seeded, tmp_path / "saved.db")
    with Workspace.open(seeded) as ws:
        article = ws.articles()[0]
        ws.add_claim(article.id, quote="«رويترز»")
    return copy


def test_restore_refuses_to_overwrite_without_force(seeded: Path, saved: Path) -> None:
    before = digest(seeded)
    with pytest.raises(RestoreRefused, match="--force"):
        backup.restore_workspace(saved, seeded)
    assert digest(seeded) == before


def test_restore_with_force_keeps_the_replaced_workspace(seeded: Path, saved: Path) -> None:
    replaced = _claims(seeded)
    result = backup.restore_workspace(saved, seeded, force=True, now=T0)
    assert _claims(seeded) == _claims(saved) != replaced
    assert result.previous_copy is not None
    assert result.previous_copy.name == "annotations-20250301T081500Z-before-restore.db"
    assert _claims(result.previous_copy) == replaced
    assert backup.auto_backups(seeded) == []  # the pre-restore copy is never rotated away
    with Workspace.open(seeded) as ws:
        assert len(ws.claims()) == 1
    assert health(seeded) == {}


def test_restore_into_an_open_workspace(seeded: Path, saved: Path) -> None:
    """A window with the workspace open sees the restored data (SQLite wrote it)."""
    with Workspace.open(seeded) as ws:
        assert len(ws.claims()) == 2
        backup.restore_workspace(saved, seeded, force=True)
        assert len(ws.claims()) == 1
        ws.add_claim(ws.articles()[0].id, quote="عين الأسد", nth=1)
    assert health(seeded) == {}


def test_restore_over_a_file_sqlite_cannot_open(seeded: Path, saved: Path) -> None:
    settle(seeded)
    with seeded.open("r+b") as fh:
        fh.seek(16)
        fh.write(b"\xff" * 8)
    result = backup.restore_workspace(saved, seeded, force=True)
    assert result.previous_copy is not None and result.previous_copy.exists()
    assert _claims(seeded) == _claims(saved)
    assert health(seeded) == {}


def test_restore_to_a_new_path(saved: Path, tmp_path: Path) -> None:
    target = tmp_path / "fresh" / "restored.db"
    result = backup.restore_workspace(saved, target)
    assert result.previous_copy is None
    with Workspace.open(target) as ws:
        assert len(ws.claims()) == 1


@pytest.mark.parametrize("kind", ["damaged", "not sqlite", "not a workspace", "newer"])
def test_restore_checks_the_backup_first(
    seeded: Path, saved: Path, tmp_path: Path, kind: str
) -> None:
    bad = tmp_path / "bad.db"
    if kind == "damaged":
        with Workspace.open(saved) as ws:
            ws.import_paths(
                sorted((Path(__file__).parents[1] / "corpus" / "cc0-arabic-news").glob("*.txt"))
            )
        settle(saved)
        bad.write_bytes(saved.read_bytes())
        pages = btree_pages(bad, "articles")
        damage_pages(bad, pages[len(pages) // 2 : len(pages) // 2 + 1])
    elif kind == "not sqlite":
        bad.write_text("هذه ليست نسخة احتياطية")
    elif kind == "not a workspace":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.commit()
        conn.close()
    else:
        bad.write_bytes(saved.read_bytes())
        conn = sqlite3.connect(bad)
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('annotator', 'm999_future', '2031-01-01')"
        )
        conn.commit()
        conn.close()
    before = digest(seeded)
    with pytest.raises(BackupDamaged):
        backup.restore_workspace(bad, seeded, force=True)
    assert digest(seeded) == before
    assert not (seeded.parent / "backups").exists()


def test_cli_restore(seeded: Path, saved: Path) -> None:
    before = digest(seeded)
    result = run_cli("restore", str(saved), "--db", str(seeded))
    assert result.code == 1
    assert "--force" in result.one_clear_error()
    assert digest(seeded) == before
    result = run_cli("restore", str(saved), "--db", str(seeded), "--force")
    assert result.code == 0, result.err
    assert "before-restore" in result.out
    assert _claims(seeded) == _claims(saved)
    result = run_cli("backups", "--db", str(seeded), "--json")
    assert result.code == 0
    result = run_cli("check", "--db", str(seeded))
    assert result.code == 0 and result.out.strip().endswith(": ok")
