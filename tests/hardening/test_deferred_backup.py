"""The daily backup decided when a workspace opens and taken later (the window takes it after
its first paint, on a worker thread): same rules as the backup taken at once."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from annotator.services import backup
from annotator.services.workspace import Workspace

T0 = datetime(2025, 3, 1, 8, 15, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _backups_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(backup.AUTO_BACKUP_ENV, raising=False)


@pytest.fixture
def used(tmp_path: Path) -> Path:
    """A workspace that holds something (created, seeded and closed the day before)."""
    path = tmp_path / "annotations.db"
    Workspace.open(path).close()  # new: seeded, not backed up (blank when opened)
    assert backup.auto_backups(path) == []
    return path


def test_deferred_open_decides_and_copies_nothing(used: Path) -> None:
    with Workspace.open(used, defer_backup=True) as ws:
        assert ws.backup_due_at is not None
        assert backup.auto_backups(used) == []
        made = backup.take_backup(ws.path)
    assert made is not None and made.is_file()
    assert [path for _, path in backup.auto_backups(used)] == [made]
    with Workspace.open(used, defer_backup=True) as ws:  # the same day: not due again
        assert ws.backup_due_at is None
    with Workspace.open(used) as ws:  # nor for an open that takes it at once
        assert ws.backup_due_at is None
    assert len(backup.auto_backups(used)) == 1


def test_a_workspace_blank_when_opened_is_not_due_after_its_seed(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    with Workspace.open(path, defer_backup=True) as ws:
        assert ws.articles(), "the seed article was imported"
        assert ws.backup_due_at is None
    assert not (tmp_path / "backups").exists()


def test_not_due_when_turned_off(used: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(backup.AUTO_BACKUP_ENV, "0")
    with Workspace.open(used, defer_backup=True) as ws:
        assert ws.backup_due_at is None
    assert not backup.backup_due(used)


def test_due_follows_the_interval(used: Path) -> None:
    assert backup.backup_due(used, T0)
    assert backup.take_backup(used, T0) is not None
    assert not backup.backup_due(used, T0 + timedelta(hours=23, minutes=59))
    assert backup.backup_due(used, T0 + timedelta(days=1))
    assert not backup.backup_due(":memory:", T0)
    assert not backup.backup_due(used.parent / "missing.db", T0)


def test_take_backup_keeps_the_last_seven(used: Path) -> None:
    made = [backup.take_backup(used, T0 + timedelta(days=day)) for day in range(9)]
    assert [path for _, path in backup.auto_backups(used)] == made[-7:]


def test_background_backup_copies_on_a_worker_thread(
    used: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    take = backup.take_backup

    def recording(path: str | Path, now: datetime | None = None, *, keep: int = 7
                  ) -> Path | None:
        threads.append(threading.current_thread())
        return take(path, now, keep=keep)

    monkeypatch.setattr(backup, "take_backup", recording)
    daily = backup.BackgroundBackup(used)
    assert not daily.started
    daily.start()
    daily.start()  # once only
    made = daily.finish()
    assert made is not None and made.is_file()
    assert len(threads) == 1 and threads[0] is not threading.main_thread()
    assert not threads[0].daemon  # never cut off half-way by the end of the process
    assert backup.auto_backups(used)[0][1] == made


def test_finish_takes_a_backup_that_never_started(used: Path) -> None:
    """The window closed before its first paint: the day's backup is taken on the way out."""
    daily = backup.BackgroundBackup(used, now=T0)
    made = daily.finish()
    assert made == used.parent / "backups" / "annotations-20250301T081500Z.db"


def test_an_error_in_the_worker_is_raised_by_finish(
    used: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> Path | None:
        raise RuntimeError("a bug in the backup")

    monkeypatch.setattr(backup, "take_backup", broken)
    daily = backup.BackgroundBackup(used)
    daily.start()
    with pytest.raises(RuntimeError, match="a bug in the backup"):
        daily.finish()


def test_environment_faults_in_the_worker_are_logged_not_raised(
    used: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (used.parent / "backups").write_text("a file where the folder should be")
    daily = backup.BackgroundBackup(used)
    daily.start()
    assert daily.finish() is None
    assert "automatic backup" in caplog.text
