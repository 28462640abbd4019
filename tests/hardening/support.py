"""Helpers shared by the hardening tests: child processes, consistency checks, damage,
tmpfs mounts, and markers for the patches to files this suite does not own.

Everything here reads the workspace with plain ``sqlite3``: the point is to check the file
the app left behind, not to trust the app's own reading of it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DRIVERS = Path(__file__).resolve().parent / "drivers"
CORPUS = REPO / "tests" / "corpus" / "cc0-arabic-news"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _permission_bits_bind() -> bool:
    """Whether a 0444 file stops this process from writing (not for root, unless root runs
    without CAP_DAC_OVERRIDE, e.g. ``setpriv --inh-caps=-dac_override ...``)."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / "probe"
        probe.write_bytes(b"")
        probe.chmod(0o444)
        try:
            with probe.open("ab"):
                return False
        except PermissionError:
            return True
        finally:
            probe.chmod(0o644)


PERMISSIONS_BIND = _permission_bits_bind()


# --- patches to files owned elsewhere --------------------------------------------------------


# --- child processes -------------------------------------------------------------------------
def child_env(**extra: str) -> dict[str, str]:
    """The environment for a child: this checkout first on the path, unbuffered output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONUNBUFFERED"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.update(extra)
    return env


@dataclass
class CliResult:
    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.err.splitlines() if line.strip()]

    def one_clear_error(self) -> str:
        """The single ``error:`` line; fails on a traceback or several errors. An automatic
        backup that was skipped may add one warning line (logged, not an error)."""
        assert "Traceback" not in self.err, self.err
        errors = [line for line in self.err_lines if line.startswith("error: ")]
        others = [
            line
            for line in self.err_lines
            if not line.startswith("error: ") and "automatic backup" not in line
        ]
        assert len(errors) == 1 and not others, self.err
        return errors[0]


#: Run a child without the power to write through permission bits: as root, drop
#: CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (util-linux setpriv), so a 0444 file or a 0555
#: folder refuses writes as it does for every editor.
UNPRIVILEGED: list[str] = (
    [
        "setpriv",
        "--inh-caps=-dac_override,-dac_read_search",
        "--bounding-set=-dac_override,-dac_read_search",
    ]
    if not PERMISSIONS_BIND
    else []
)


def run_cli(*argv: str, timeout: float = 120, unprivileged: bool = False, **env: str) -> CliResult:
    """``python -m annotator ARGV`` in a child process (``unprivileged``: see above)."""
    prefix = UNPRIVILEGED if unprivileged else []
    done = subprocess.run(
        [*prefix, sys.executable, "-m", "annotator", *argv],
        cwd=REPO,
        env=child_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return CliResult(done.returncode, done.stdout, done.stderr)


class Child:
    """A driver script in a child process whose stdout is read line by line."""

    def __init__(self, script: str, *args: str, **env: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, str(DRIVERS / script), *args],
            cwd=REPO,
            env=child_env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines: list[str] = []

    def read_until(self, predicate: object, timeout: float = 120) -> str:
        """Read lines until ``predicate(line)`` is true; returns that line."""
        deadline = time.monotonic() + timeout
        assert self.proc.stdout is not None
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                err = self.proc.stderr.read() if self.proc.stderr else ""
                raise AssertionError(f"child ended early ({self.proc.wait()}): {err}")
            line = line.rstrip("\n")
            self.lines.append(line)
            if predicate(line):  # type: ignore[operator]
                return line
        raise AssertionError("child too slow")

    def kill(self) -> int:
        """SIGKILL: no cleanup, no atexit, no flush; as a power cut is for the process."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.proc.pid, signal.SIGKILL)
        code = self.proc.wait(timeout=30)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None:
                stream.close()
        return code

    def finish(self, timeout: float = 300) -> tuple[int, str, str]:
        out, err = self.proc.communicate(timeout=timeout)
        return self.proc.returncode, out, err


# --- consistency -----------------------------------------------------------------------------
CONSISTENCY_QUERIES = {
    "articles without their search row": """
        SELECT a.id FROM articles a WHERE NOT EXISTS (
            SELECT 1 FROM search_refs r JOIN search_fts f ON f.rowid = r.fts_rowid
            WHERE r.ref_id = a.id AND r.kind = 'article')""",
    "articles without their audit row": """
        SELECT a.id FROM articles a WHERE NOT EXISTS (
            SELECT 1 FROM audit_log l WHERE l.entity = 'article' AND l.entity_id = a.id
            AND l.action = 'import_article')""",
    "claims without their article": """
        SELECT c.id FROM claims c LEFT JOIN articles a ON a.id = c.article_id
        WHERE a.id IS NULL""",
    "claims without their search row": """
        SELECT c.id FROM claims c WHERE NOT EXISTS (
            SELECT 1 FROM search_refs r JOIN search_fts f ON f.rowid = r.fts_rowid
            WHERE r.ref_id = c.id AND r.kind = 'claim')""",
    "claims without their audit row": """
        SELECT c.id FROM claims c WHERE NOT EXISTS (
            SELECT 1 FROM audit_log l WHERE l.entity_id = c.id)""",
    "search rows of nothing": """
        SELECT r.ref_id FROM search_refs r
        WHERE (r.kind = 'article' AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = r.ref_id))
           OR (r.kind = 'claim' AND NOT EXISTS (SELECT 1 FROM claims c WHERE c.id = r.ref_id))""",
    "search rows without FTS text": """
        SELECT r.ref_id FROM search_refs r
        WHERE NOT EXISTS (SELECT 1 FROM search_fts f WHERE f.rowid = r.fts_rowid)""",
    "claims whose quote is not the text at their offsets": """
        SELECT c.id FROM claims c JOIN articles a ON a.id = c.article_id
        WHERE substr(a.text, c.start + 1, c."end" - c.start) IS NOT c.quote""",
}


def health(path: Path) -> dict[str, list[str]]:
    """Everything wrong with the workspace file at ``path`` (empty dict: sound).

    Opens it as the next start of the app would (a left-over ``-wal`` is recovered)."""
    conn = sqlite3.connect(path)
    try:
        problems: dict[str, list[str]] = {}
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            problems["integrity_check"] = integrity
        fks = [str(row) for row in conn.execute("PRAGMA foreign_key_check")]
        if fks:
            problems["foreign_key_check"] = fks
        for label, sql in CONSISTENCY_QUERIES.items():
            rows = [str(row[0]) for row in conn.execute(sql)]
            if rows:
                problems[label] = rows[:5]
        return problems
    finally:
        conn.close()


def count(path: Path, sql: str, params: tuple[object, ...] = ()) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(sql, params).fetchone()[0])
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def settle(path: Path) -> None:
    """Checkpoint the WAL into the main file and remove ``-wal``/``-shm``, as a clean close
    of the last connection does, so the main file alone holds the workspace."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


# --- corpus-derived inputs -------------------------------------------------------------------
def corpus_texts() -> list[str]:
    files = sorted(CORPUS.glob("*.txt"))
    assert files, f"the corpus is missing at {CORPUS}"
    return [f.read_text(encoding="utf-8") for f in files]


def write_corpus_variants(folder: Path, copies: int) -> list[Path]:
    """``copies`` distinct variants of every corpus article (a numbered line added, a
    third of them in Windows-1256), as the importer will walk them: sorted."""
    folder.mkdir(parents=True, exist_ok=True)
    texts = corpus_texts()
    for copy in range(copies):
        for number, text in enumerate(texts):
            name = folder / f"v{copy:03d}-{number:03d}.txt"
            body = f"{text.rstrip()}\n\nنسخة رقم {copy} من المقال {number}\n"
            if (copy + number) % 3 == 0:
                name.write_bytes(body.encode("cp1256", errors="ignore"))
            else:
                name.write_text(body, encoding="utf-8")
    return sorted(folder.rglob("*.txt"))


# --- damage ----------------------------------------------------------------------------------
def btree_pages(path: Path, table: str) -> list[int]:
    """Page numbers of ``table``'s b-tree (leaf and interior pages, not overflow)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
    try:
        return [
            row[0]
            for row in conn.execute(
                "SELECT pageno FROM dbstat WHERE name = ? AND pagetype IN ('leaf', 'internal') "
                "ORDER BY pageno",
                (table,),
            )
        ]
    finally:
        conn.close()


def damage_pages(path: Path, pages: list[int], page_size: int = 4096) -> None:
    """Overwrite whole pages (1-based numbers) with a fixed garbage pattern."""
    garbage = (b"\xde\xad\xbe\xef" * (page_size // 4))[:page_size]
    with path.open("r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * page_size)
            fh.write(garbage)


# --- mounts ----------------------------------------------------------------------------------
def _run(*cmd: str) -> bool:
    if shutil.which(cmd[0]) is None:
        return False
    return subprocess.run(cmd, capture_output=True, check=False).returncode == 0


@contextlib.contextmanager
def tmpfs(mount_point: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` mounted at ``mount_point`` for the duration; skips the test when
    mounting is impossible (not root, no mount(8), a container without CAP_SYS_ADMIN)."""
    mount_point.mkdir(parents=True, exist_ok=True)
    if not IS_ROOT or not _run(
        "mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount_point)
    ):
        pytest.skip("cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN)")
    try:
        yield mount_point
    finally:
        if not _run("umount", str(mount_point)):
            _run("umount", "-l", str(mount_point))


def remount(mount_point: Path, mode: str) -> None:
    """Remount a tmpfs ``ro`` or ``rw``."""
    assert _run("mount", "-o", f"remount,{mode}", str(mount_point)), f"remount {mode} failed"
