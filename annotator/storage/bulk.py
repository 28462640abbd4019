"""Helpers for a long series of writes (a batch import of thousands of files).

Contract: :func:`bulk_writes` changes only how this connection writes (when it checkpoints
the WAL), never what it writes, and restores the settings on the way out; the data, the
transactions and the moments they commit are exactly those of the caller. :func:`savepoint`
is ``db.atomic()`` with a fixed savepoint name.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

__all__ = ["BULK_WAL_AUTOCHECKPOINT", "bulk_writes", "savepoint"]

#: WAL pages (4 KiB each) this connection lets the WAL grow to before it checkpoints, during
#: a bulk write: 64 MiB instead of SQLite's default 1,000 pages (~4 MiB).
BULK_WAL_AUTOCHECKPOINT = 16_384


@contextlib.contextmanager
def bulk_writes(db: Database) -> Iterator[None]:
    """Checkpoint the WAL less often while the block runs; checkpoint once on the way out.

    Why: an import commits every couple of hundred articles, and each of those commits wrote
    more than SQLite's default checkpoint threshold to the WAL, so every commit also copied
    the pages it had just written into the database file. Pages that every commit touches
    again (the interior pages of the indexes on random UUID and sha256 keys, the FTS5
    structure record and the segments its merges rewrite) were copied once per commit; with
    a larger threshold most of those copies collapse into one. Measured on 10,000 articles
    (``benchmarks.run``), three runs each way: 0.2-0.25 s of an ~8 s import, every time.

    What does not change: every commit is still durable in the WAL as before (the WAL is
    the database, for readers and for recovery after a crash), and other connections read
    the same data at the same moments. The final passive checkpoint leaves the WAL as an
    ordinary commit would, so the next writer does not pay for the import's checkpoint.
    """
    conn = db.conn
    previous = int(conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])
    # 0 (or less) means automatic checkpoints are off on this connection: leave them off.
    during = previous if previous <= 0 else max(previous, BULK_WAL_AUTOCHECKPOINT)
    conn.execute(f"PRAGMA wal_autocheckpoint = {during}")
    try:
        yield
    except BaseException:
        # The block's own error is the one to report: a connection that just failed (disk
        # full, I/O error) may refuse these too.
        with contextlib.suppress(sqlite3.Error):
            conn.execute(f"PRAGMA wal_autocheckpoint = {previous}")
        raise
    conn.execute(f"PRAGMA wal_autocheckpoint = {previous}")
    if not conn.in_transaction and previous > 0:
        # PASSIVE: copies what it can without waiting for readers; never blocks.
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()


@contextlib.contextmanager
def savepoint(db: Database) -> Iterator[None]:
    """``db.atomic()`` for one item of a bulk write: a savepoint inside the open transaction
    (rolled back alone if the block raises), or a transaction of its own when none is open.

    The same as ``db.atomic()``, only cheaper inside a transaction: sqlite-utils names each
    savepoint with a random token, so each SAVEPOINT and RELEASE is a statement SQLite has
    never seen and must compile; a fixed name is compiled once per connection. Savepoints
    of the same name nest (ROLLBACK TO and RELEASE act on the innermost one)."""
    conn = db.conn
    if not conn.in_transaction:
        with db.atomic():
            yield
        return
    conn.execute("SAVEPOINT bulk_item")
    try:
        yield
    except BaseException:
        # An error such as a RAISE(ROLLBACK) trigger may have ended the transaction already.
        if conn.in_transaction:
            conn.execute("ROLLBACK TO SAVEPOINT bulk_item")
            conn.execute("RELEASE SAVEPOINT bulk_item")
        raise
    conn.execute("RELEASE SAVEPOINT bulk_item")
