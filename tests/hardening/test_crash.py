"""Nothing acknowledged is lost when the process dies: SIGKILL in the middle of a stream of
edits and in the middle of a large import, then reopen and check the file.

What "acknowledged" means: the child prints a line only after the call that made the change
returned (the transaction committed). SQLite in WAL mode with ``synchronous=NORMAL`` is
durable against the death of the process (not against a power cut of the machine, which a
test cannot simulate); these tests hold the app to that.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest

from annotator.services import importing
from annotator.services.workspace import Workspace
from tests.hardening.support import (
    Child,
    count,
    health,
    run_cli,
    write_corpus_variants,
)


def _acks(lines: list[str]) -> list[tuple[int, str, str]]:
    found = []
    for line in lines:
        if line.startswith("ack "):
            _, number, claim_id, status = line.split()
            found.append((int(number), claim_id, status))
    return found


@pytest.mark.parametrize("kill_after", [1, 25, 120])
def test_kill_during_a_stream_of_edits_loses_nothing_acknowledged(
    tmp_path: Path, kill_after: int
) -> None:
    path = tmp_path / "edits.db"
    child = Child("edit_loop.py", str(path))
    child.read_until(lambda line: line == "ready")
    child.read_until(lambda line: line.startswith(f"ack {kill_after - 1} "))
    assert child.kill() == -9
    acked = _acks(child.lines)
    assert len(acked) == kill_after

    assert health(path) == {}
    conn = sqlite3.connect(path)
    stored = {row[0]: row[1:] for row in conn.execute("SELECT id, note, status_id FROM claims")}
    conn.close()
    for number, claim_id, status in acked:
        assert stored.get(claim_id) == (f"n{number}", status), f"acknowledged claim {number}"
    # The child ran on between its last acknowledgement and the kill: what it committed in
    # that time is there too, in order, with no gap (one writer, one transaction per edit),
    # and whole (index and audit rows: health() above).
    assert sorted(note for note, _ in stored.values()) == sorted(
        f"n{i}" for i in range(len(stored))
    )
    # The workspace opens and takes new changes.
    with Workspace.open(path, editor_name="after the crash") as ws:
        article = ws.articles()[-1]
        ws.add_claim(article.id, start=0, end=1)


def test_two_writers_take_turns_and_one_is_killed(tmp_path: Path) -> None:
    """The window and a script editing at once: both wait for the write lock (BEGIN
    IMMEDIATE + busy timeout) instead of failing; killing one loses nothing of the other."""
    path = tmp_path / "shared.db"
    Workspace.open(path).close()  # seed first, so both children find the article
    first = Child("edit_loop.py", str(path), "--seed", "0")
    second = Child("edit_loop.py", str(path), "--seed", "7")
    for child in (first, second):
        child.read_until(lambda line: line == "ready")
    first.read_until(lambda line: line.startswith("ack 300 "))
    second.read_until(lambda line: line.startswith("ack 300 "))
    assert first.kill() == -9
    second.read_until(lambda line: line.startswith("ack 400 "))
    assert second.kill() == -9
    assert health(path) == {}
    conn = sqlite3.connect(path)
    stored = {row[0] for row in conn.execute("SELECT id FROM claims")}
    conn.close()
    for child in (first, second):
        assert {claim_id for _, claim_id, _ in _acks(child.lines)} <= stored


@pytest.mark.parametrize("kill_at", [50, 150])
def test_kill_during_a_large_import_leaves_no_half_article(tmp_path: Path, kill_at: int) -> None:
    files = write_corpus_variants(tmp_path / "in", copies=8)  # 344 distinct files
    assert len(files) > 300
    path = tmp_path / "import.db"
    child = Child("import_loop.py", str(path), str(tmp_path / "in"), "50")
    child.read_until(lambda line: line == "ready")
    child.read_until(lambda line: line == f"committed {kill_at}")
    assert child.kill() == -9

    assert health(path) == {}
    conn = sqlite3.connect(path)
    imported = {row[0] for row in conn.execute("SELECT source_path FROM articles")}
    conn.close()
    missing = [f for f in files[:kill_at] if str(f) not in imported]
    assert not missing, f"acknowledged files lost: {missing[:3]}"
    assert len(imported) < len(files), "the import finished before the kill"

    # Importing the folder again completes it: every file is imported once, none twice.
    with Workspace.open(path, import_seeds=False) as ws:
        outcomes = ws.import_paths([tmp_path / "in"])
        assert {o.status for o in outcomes} <= {importing.IMPORTED, importing.DUPLICATE}
        assert len(ws.articles()) == len(files)
    assert health(path) == {}


def test_kill_the_cli_during_an_import(tmp_path: Path) -> None:
    """The real command line, killed once the first chunk of 200 files is committed (seen
    from outside, by polling the file as another program would)."""
    files = write_corpus_variants(tmp_path / "in", copies=20)  # 860 files, 4+ commits
    path = tmp_path / "cli-import.db"
    Workspace.create(path).close()
    import subprocess
    import sys

    from tests.hardening.support import REPO, child_env

    proc = subprocess.Popen(
        [sys.executable, "-m", "annotator", "import", str(tmp_path / "in"), "--db", str(path)],
        cwd=REPO,
        env=child_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    seen = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            seen = count(path, "SELECT count(*) FROM articles")
        except sqlite3.OperationalError:  # a checkpoint in progress; try again
            seen = 0
        if seen >= importing.COMMIT_EVERY:
            break
        time.sleep(0.002)
    proc.kill()
    code = proc.wait(timeout=30)
    if code != -9:
        pytest.skip("the import finished before the kill (machine too fast for this test)")
    assert health(path) == {}
    stored = count(path, "SELECT count(*) FROM articles")
    assert seen <= stored < len(files)
    # The audit log and the index agree with the articles, article for article.
    assert count(path, "SELECT count(*) FROM search_refs WHERE kind = 'article'") == stored
    assert count(path, "SELECT count(*) FROM audit_log WHERE action = 'import_article'") == stored
    result = run_cli("import", str(tmp_path / "in"), "--db", str(path))
    assert result.code == 0, result.err
    assert count(path, "SELECT count(*) FROM articles") == len(files)
    assert health(path) == {}
