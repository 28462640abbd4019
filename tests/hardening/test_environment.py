"""Broken environments: read-only, full disk, locked, not SQLite, damaged, newer version.

In each case the ``Workspace`` API raises a named error (``annotator.domain.env_errors`` or
``annotator.domain.errors``), the CLI prints one clear line and exits 1, and the file is not
damaged further (its bytes unchanged when the command only reads, a consistent workspace
when it was writing).

Running as root: permission bits do not stop root, so 0444 files and 0555 folders are only
tested for other users (skipped here as root); the read-only and full-disk cases use real
tmpfs mounts instead (remounted read-only; 4 MB), skipped where mounting is impossible. The
SQLite-level simulations (``mode=ro`` connection, ``PRAGMA max_page_count``) run everywhere.
"""

from __future__ import annotations

import contextlib
import io
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator import cli
from annotator.domain.env_errors import (
    DiskFull,
    DiskIOError,
    WorkspaceCorrupt,
    WorkspaceLocked,
    WorkspaceReadOnly,
)
from annotator.domain.errors import NotAWorkspace, WorkspaceError, WorkspaceTooNew
from annotator.services.workspace import Workspace
from annotator.storage import db as storage_db
from annotator.storage.db import WorkspaceDatabase, open_database, translate_sqlite_errors
from tests.hardening.support import (
    CORPUS,
    REPO,
    UNPRIVILEGED,
    btree_pages,
    child_env,
    count,
    damage_pages,
    digest,
    health,
    remount,
    run_cli,
    settle,
    tmpfs,
)


def run_here(*argv: str) -> tuple[int, str, str]:
    """The CLI in this process (so a monkeypatched busy timeout applies)."""
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(list(argv), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def _one_error(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and "Traceback" not in err, err
    return errors[0]


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 300)
    return 300


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """A settled workspace (no -wal) with the seed, the corpus and a few claims."""
    path = tmp_path / "filled.db"
    with Workspace.open(path, editor_name="Env Test") as ws:
        ws.import_paths(sorted(CORPUS.glob("*.txt")))
        article = ws.articles()[0]
        for start in range(0, 60, 12):
            ws.add_claim(article.id, start=start, end=start + 5)
    settle(path)
    return path


def _seed_article(path: Path) -> str:
    """The first article's id, read without writing (settled files only)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return str(conn.execute("SELECT id FROM articles LIMIT 1").fetchone()[0])
    finally:
        conn.close()


# --- a file that is not SQLite, a newer workspace --------------------------------------------
def test_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes("ملاحظات التحرير\n".encode() * 200)
    before = digest(path)
    with pytest.raises(NotAWorkspace):
        Workspace.open(path)
    result = run_cli("articles", "--db", str(path))
    assert result.code == 1
    assert "not a workspace" in result.one_clear_error()
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_a_damaged_header_is_not_a_database(filled: Path) -> None:
    with filled.open("r+b") as fh:  # keep the magic, break page size and format bytes
        fh.seek(16)
        fh.write(b"\xff" * 8)
    before = digest(filled)
    with pytest.raises((NotAWorkspace, WorkspaceCorrupt)):
        Workspace.open(filled)
    result = run_cli("claims", "--db", str(filled))
    assert result.code == 1
    result.one_clear_error()
    assert digest(filled) == before


def test_a_newer_workspace(filled: Path) -> None:
    conn = sqlite3.connect(filled)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('annotator', 'm999_from_the_future', '2031-01-01')"
    )
    conn.commit()
    conn.close()
    settle(filled)
    before = digest(filled)
    with pytest.raises(WorkspaceTooNew):
        Workspace.open(filled)
    result = run_cli(
        "claim", "add", _seed_article(filled), "--start", "0", "--end", "3", "--db", str(filled)
    )
    assert result.code == 1
    assert "newer version" in result.one_clear_error()
    assert digest(filled) == before


# --- a damaged workspace ---------------------------------------------------------------------
@pytest.fixture
def damaged(filled: Path) -> Path:
    """``filled`` with two pages in the middle of the articles table overwritten."""
    pages = btree_pages(filled, "articles")
    assert len(pages) >= 4, pages
    middle = len(pages) // 2
    damage_pages(filled, pages[middle : middle + 2])
    return filled


def test_a_damaged_workspace_raises_a_named_error(damaged: Path) -> None:
    before = digest(damaged)
    with pytest.raises(WorkspaceCorrupt), Workspace.open(damaged) as ws:
        ws.articles()
    assert digest(damaged) == before


def test_a_damaged_workspace_on_the_command_line(damaged: Path, tmp_path: Path) -> None:
    before = digest(damaged)
    result = run_cli("articles", "--db", str(damaged))
    assert result.code == 1
    assert "damaged" in result.one_clear_error()
    result = run_cli("check", "--db", str(damaged))
    assert result.code == 1
    assert "damaged" in result.one_clear_error()
    result = run_cli("backup", str(tmp_path / "copy.db"), "--db", str(damaged))
    assert result.code == 1
    assert "integrity" in result.one_clear_error()
    assert not (tmp_path / "copy.db").exists()
    assert digest(damaged) == before


def test_translate_keeps_bugs_as_bugs() -> None:
    """Only the environment's faults are translated: a constraint violation or an SQL
    error is a bug and keeps its sqlite3 type (it gets a crash report, not a message)."""
    db = open_database(":memory:")
    with pytest.raises(sqlite3.IntegrityError), translate_sqlite_errors(":memory:"):
        db.execute(
            "INSERT INTO claim_sources (claim_id, source_id, role) VALUES ('x', 'y', 'speaker')"
        )
    with pytest.raises(sqlite3.OperationalError), translate_sqlite_errors(":memory:"):
        db.execute("SELECT nothing FROM nowhere")


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("database is locked", WorkspaceLocked),
        ("attempt to write a readonly database", WorkspaceReadOnly),
        ("database or disk is full", DiskFull),
        ("disk I/O error", DiskIOError),
        ("database disk image is malformed", WorkspaceCorrupt),
        ("file is not a database", NotAWorkspace),
    ],
)
def test_each_sqlite_message_has_its_named_error(message: str, expected: type) -> None:
    with pytest.raises(expected) as info, translate_sqlite_errors("w.db"):
        raise sqlite3.OperationalError(message)
    assert isinstance(info.value, WorkspaceError)
    assert "\n" not in str(info.value) and str(info.value).startswith("w.db: ")


# --- read-only -------------------------------------------------------------------------------
@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[Path]:
    """A settled, seeded workspace on a tmpfs remounted read-only (root only)."""
    with tmpfs(tmp_path / "ro", "8m") as mount:
        path = mount / "ws.db"
        Workspace.open(path).close()
        settle(path)
        remount(mount, "ro")
        try:
            yield path
        finally:
            remount(mount, "rw")


def test_a_workspace_on_a_read_only_disk(read_only_mount: Path) -> None:
    path = read_only_mount
    before = digest(path)
    with pytest.raises(WorkspaceReadOnly):
        Workspace.open(path)
    for argv in (["articles"], ["claim", "add", _seed_article(path), "--start", "0", "--end", "3"]):
        result = run_cli(*argv, "--db", str(path))
        assert result.code == 1
        assert "read-only" in result.one_clear_error()
    with pytest.raises(WorkspaceReadOnly):
        Workspace.open(path.parent / "new.db")
    assert not (path.parent / "new.db").exists()
    assert digest(path) == before
    assert not Path(f"{path}-wal").exists()


def test_a_read_only_workspace_can_be_checked_and_copied_away(
    read_only_mount: Path, tmp_path: Path
) -> None:
    """What the read-only message suggests: copy it somewhere writable."""
    result = run_cli("check", "--db", str(read_only_mount))
    assert result.code == 0, result.err
    copy = tmp_path / "writable" / "copy.db"
    copy.parent.mkdir()
    result = run_cli("backup", str(copy), "--db", str(read_only_mount))
    assert result.code == 0, result.err
    assert health(copy) == {}
    with Workspace.open(copy) as ws:
        assert len(ws.articles()) == 1


def test_a_read_only_connection_raises_the_named_error(filled: Path) -> None:
    """Simulated without a mount: the connection is opened with ``mode=ro``, as SQLite
    does by itself for a file it may read but not write."""
    before = digest(filled)
    conn = sqlite3.connect(f"{filled.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    ws = Workspace(WorkspaceDatabase(conn), path=str(filled), editor_name="Reader")
    article = ws.articles()[0]
    with pytest.raises(WorkspaceReadOnly):
        ws.add_claim(article.id, start=0, end=3)
    ws.close()
    assert health(filled) == {}
    assert digest(filled) == before


@pytest.mark.parametrize("what", ["file", "folder"])
def test_permission_bits(filled: Path, what: str) -> None:
    """A 0444 workspace or a 0555 folder: the CLI (run without root's power to write
    through permission bits) prints one clear line; the API raises WorkspaceReadOnly."""
    target = filled if what == "file" else filled.parent
    mode = target.stat().st_mode
    before = digest(filled)
    target.chmod(0o444 if what == "file" else 0o555)
    try:
        result = run_cli("articles", "--db", str(filled), unprivileged=True)
        assert result.code == 1 and "read-only" in result.one_clear_error()
        check = subprocess.run(
            [
                *UNPRIVILEGED,
                sys.executable,
                "-c",
                "import sys\n"
                "from annotator.domain.env_errors import WorkspaceReadOnly\n"
                "from annotator.services.workspace import Workspace\n"
                "try:\n    Workspace.open(sys.argv[1])\n"
                "except WorkspaceReadOnly:\n    sys.exit(7)\n",
                str(filled),
            ],
            cwd=REPO,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert check.returncode == 7, check.stderr
    finally:
        target.chmod(mode)
    assert digest(filled) == before


# --- full disk -------------------------------------------------------------------------------
def _fill(folder: Path, leave: int) -> Path:
    """Fill the file system of ``folder`` but ``leave`` bytes."""
    filler = folder / "filler.bin"
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    with filler.open("wb") as fh, contextlib.suppress(OSError):
        fh.write(b"\0" * max(0, free - leave))
    return filler


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    with tmpfs(tmp_path / "small", "4m") as mount:
        yield mount


def test_disk_full_during_an_import(small_disk: Path) -> None:
    path = small_disk / "ws.db"
    Workspace.create(path).close()
    filler = _fill(small_disk, leave=96 * 1024)
    result = run_cli("import", str(CORPUS), "--db", str(path))
    assert result.code == 1
    assert "full" in result.one_clear_error()
    filler.unlink()
    assert health(path) == {}
    articles = count(path, "SELECT count(*) FROM articles")
    assert articles == count(path, "SELECT count(*) FROM search_refs WHERE kind = 'article'")
    # With room again, the same import completes.
    result = run_cli("import", str(CORPUS), "--db", str(path))
    assert result.code == 0, result.err
    assert count(path, "SELECT count(*) FROM articles") == len(list(CORPUS.glob("*.txt")))
    assert health(path) == {}


def test_disk_full_through_the_api(small_disk: Path) -> None:
    path = small_disk / "ws.db"
    with Workspace.open(path) as ws:
        filler = _fill(small_disk, leave=64 * 1024)
        with pytest.raises((DiskFull, DiskIOError)):
            ws.import_paths(sorted(CORPUS.glob("*.txt")))
        filler.unlink()
        assert len(ws.articles()) == 1  # the seed; the failed batch was rolled back whole
    assert health(path) == {}


def test_no_room_for_a_new_workspace(small_disk: Path) -> None:
    _fill(small_disk, leave=0)
    path = small_disk / "new.db"
    with pytest.raises((DiskFull, DiskIOError)):
        Workspace.open(path)
    assert not path.exists(), "a half-made workspace file was left behind"


def test_disk_full_simulated_with_max_page_count(filled: Path) -> None:
    """Without a mount: SQLite's page limit gives the same error as a full disk."""
    with Workspace.open(filled, editor_name="Env Test") as ws:
        pages = ws.db.conn.execute("PRAGMA page_count").fetchone()[0]
        ws.db.conn.execute(f"PRAGMA max_page_count = {pages}")
        before = len(ws.articles())
        text = "\n".join(f"سطر جديد رقم {n} في مقال طويل جدا عن الطقس" for n in range(4000))
        with pytest.raises(DiskFull):
            ws.import_text(text, title="مقال لا يتسع له القرص")
        assert len(ws.articles()) == before
    assert health(filled) == {}


# --- locked ----------------------------------------------------------------------------------
@contextlib.contextmanager
def _holder(path: Path, *, exclusive_mode: bool = False) -> Iterator[sqlite3.Connection]:
    """Another connection holding the write lock (and, with ``exclusive_mode``, the file:
    ``locking_mode=EXCLUSIVE`` blocks readers too), with an uncommitted change."""
    conn = sqlite3.connect(path, isolation_level=None)
    if exclusive_mode:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("INSERT INTO workspace_meta (key, value) VALUES ('holder', 'yes')")
    try:
        yield conn
    finally:
        conn.execute("COMMIT")
        conn.close()


def test_a_locked_workspace_waits_then_raises(filled: Path, short_busy_timeout: int) -> None:
    with Workspace.open(filled, editor_name="Env Test") as ws:
        article = ws.articles()[0]
        claims_before = len(ws.claims())
        with _holder(filled):
            assert len(ws.articles()) >= 1  # WAL: reading goes on while another writes
            started = time.monotonic()
            with pytest.raises(WorkspaceLocked, match="locked by another program"):
                ws.add_claim(article.id, start=0, end=3)
            assert time.monotonic() - started >= short_busy_timeout / 1000 * 0.9
        # The holder committed; the workspace takes the change now.
        ws.add_claim(article.id, start=0, end=3)
        assert len(ws.claims()) == claims_before + 1
    assert count(filled, "SELECT count(*) FROM workspace_meta WHERE key = 'holder'") == 1
    assert health(filled) == {}


def test_a_file_locked_even_for_readers(filled: Path, short_busy_timeout: int) -> None:
    with _holder(filled, exclusive_mode=True), pytest.raises(WorkspaceLocked):
        Workspace.open(filled)
    assert health(filled) == {}


def test_a_locked_workspace_on_the_command_line(filled: Path) -> None:
    """The real busy timeout (5 s), in a child process."""
    article = _seed_article(filled)
    with _holder(filled):
        started = time.monotonic()
        result = run_cli("claim", "add", article, "--start", "0", "--end", "3", "--db", str(filled))
        waited = time.monotonic() - started
    assert result.code == 1
    assert "locked" in result.one_clear_error()
    assert waited >= storage_db.BUSY_TIMEOUT_MS / 1000
    assert health(filled) == {}


def test_locked_in_process_cli_one_line(filled: Path, short_busy_timeout: int) -> None:
    article = _seed_article(filled)
    with _holder(filled):
        code, _, err = run_here(
            "claim", "add", article, "--start", "0", "--end", "3", "--db", str(filled)
        )
    assert code == 1
    assert "locked" in _one_error(err)
