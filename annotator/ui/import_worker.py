"""Importing files off the GUI thread (architecture rule 7).

Two objects, one per side of the thread boundary:

- :class:`ImportWorker` lives in a worker ``QThread``. Its :meth:`ImportWorker.run` opens its
  *own* :class:`Workspace` on the same database file (``import_seeds=False``), runs
  :meth:`Workspace.import_paths`, emits the outcomes and closes the connection before it
  returns. A sqlite3 connection belongs to the thread that opened it, which is why the worker
  never touches the window's workspace and the window never touches the worker's.
- :class:`ImportJob` lives on the GUI thread. It owns the thread and the worker, forwards
  their signals (always delivered on the GUI thread, queued), and emits ``finished`` or
  ``failed`` only after the worker thread has ended and its connection is closed, so a
  receiver may reopen, switch or close the workspace at once.

Concurrency contract. SQLite in WAL mode lets the GUI connection *read* while the worker
writes: it sees each batch once the worker commits it (``importing.COMMIT_EVERY`` articles, and
at the end or on cancel). The GUI connection must not *write* while a job runs: the worker
holds a write transaction for most of the import, so a GUI write would wait for the busy
timeout and then fail with "database is locked". ``running(True)`` is emitted when the job
starts and ``running(False)`` when it has ended; the window turns its editing actions off and
on with it. There is at most one writer, and it is the worker, while ``running`` is true.

Cancelling is cooperative and thread-safe: :meth:`ImportJob.cancel` (any thread) sets a
``threading.Event`` the import checks between files. Everything imported before that stays
imported (each article is its own savepoint, and the batch is committed on cancel).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from annotator.domain.errors import AnnotatorError
from annotator.services.importing import ImportOutcome
from annotator.services.workspace import Workspace
from annotator.ui.jobs import prepare_thread

__all__ = ["ImportJob", "ImportWorker"]

log = logging.getLogger(__name__)


class ImportWorker(QObject):
    """Imports ``paths`` into the workspace at ``db_path`` on whatever thread runs :meth:`run`.

    Create it on the GUI thread, ``moveToThread`` a worker thread, and connect the thread's
    ``started`` to :meth:`run` (:class:`ImportJob` does all of this). Signals are emitted from
    the worker thread; connect them to slots of objects living on the GUI thread so that Qt
    queues them there.

    Signals:
        progress(done, total, path): before each file (``done`` files finished so far, ``path``
            the file about to be read) and once at the end with ``done == total`` and an
            empty path. Units: files, not articles (a JSON batch file holds many articles).
        finished(list[ImportOutcome]): the import ran (possibly cancelled part way); one
            outcome per article or failure, in input order. Failed files are outcomes with
            status ``FAILED``, not a ``failed`` signal.
        failed(str): the import could not run at all (the workspace could not be opened, the
            disk failed, a bug); the message is for the editor, details are in the log.
    """

    progress = Signal(int, int, str)
    finished = Signal(object)  # list[ImportOutcome]; ``object`` carries it across threads as is
    failed = Signal(str)

    def __init__(
        self,
        db_path: str | Path,
        paths: Sequence[str | Path],
        *,
        editor_name: str | None = None,
        encoding: str | None = None,
    ) -> None:
        super().__init__()
        if str(db_path) == ":memory:":
            raise ValueError("an in-memory workspace cannot be shared with a worker thread")
        self._db_path = str(db_path)
        self._paths = [str(p) for p in paths]
        self._editor_name = editor_name
        self._encoding = encoding
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Ask the import to stop before the next file. Safe from any thread."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        """True once :meth:`cancel` was called. Safe from any thread."""
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        """Open a connection, import, close it. Runs on the worker thread; never raises."""
        try:
            workspace = Workspace.open(
                self._db_path, editor_name=self._editor_name, import_seeds=False
            )
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # a bug or an environment fault: report, keep the app alive
            log.exception("import: opening %s failed", self._db_path)
            self.failed.emit(f"cannot open the workspace {self._db_path}: {exc}")
            return
        try:
            outcomes = workspace.import_paths(
                self._paths,
                encoding=self._encoding,
                progress=self._report,
                cancelled=self._cancel.is_set,
            )
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # disk full, database locked, a bug: nothing half-written
            log.exception("import into %s failed", self._db_path)
            self.failed.emit(f"the import stopped: {exc}")
            return
        finally:
            workspace.close()
        self.finished.emit(outcomes)

    def _report(self, done: int, total: int, path: str) -> None:
        self.progress.emit(done, total, path)


class ImportJob(QObject):
    """One background import, owned by the GUI thread. Create, connect, :meth:`start`.

    Signals (all emitted on the GUI thread):
        running(bool): True from :meth:`start`; False after the thread has ended, just before
            ``finished`` or ``failed``. The GUI must not write to the workspace in between.
        progress(done, total, path): see :class:`ImportWorker`.
        finished(list[ImportOutcome]): after the worker thread ended and closed its connection.
        failed(str): likewise, when the import could not run.

    A job runs once. Keep a reference to it until ``running(False)``.
    """

    running = Signal(bool)
    progress = Signal(int, int, str)
    finished = Signal(object)  # list[ImportOutcome]
    failed = Signal(str)

    def __init__(
        self,
        db_path: str | Path,
        paths: Sequence[str | Path],
        *,
        editor_name: str | None = None,
        encoding: str | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.paths = [str(p) for p in paths]
        self.encoding = encoding
        self.outcomes: list[ImportOutcome] | None = None
        self.error: str | None = None
        self._worker: ImportWorker | None = ImportWorker(
            db_path, self.paths, editor_name=editor_name, encoding=encoding
        )
        self._thread: QThread | None = None
        self._started = False
        self._was_cancelled = False

    # --- control (GUI thread) ----------------------------------------------------------------
    def start(self) -> None:
        """Start the worker thread. GUI thread; once per job."""
        if self._started:
            raise RuntimeError("an import job runs only once")
        assert self._worker is not None
        self._started = True
        worker = self._worker
        thread = prepare_thread(
            worker, "annotator-import", run=worker.run,
            connections=[(worker.progress, self._on_progress),
                         (worker.finished, self._on_worker_finished),
                         (worker.failed, self._on_worker_failed)],
            ending=[worker.finished, worker.failed],
            on_thread_finished=self._on_thread_finished,
        )
        self._thread = thread
        self.running.emit(True)
        thread.start()

    def cancel(self) -> None:
        """Stop before the next file; what was imported stays. Safe from any thread."""
        worker = self._worker
        if worker is not None:
            worker.cancel()

    @property
    def cancelled(self) -> bool:
        """True once :meth:`cancel` was called."""
        worker = self._worker
        return worker.is_cancelled() if worker is not None else self._was_cancelled

    def is_running(self) -> bool:
        """True between :meth:`start` and ``running(False)``."""
        return self._thread is not None

    def wait(self, msecs: int = 60_000) -> bool:
        """Block the calling (GUI) thread until the worker thread ends, at most ``msecs``.

        Used when the window closes during an import (after :meth:`cancel`): queued signals
        are delivered later, if the event loop still runs. True when the thread has ended."""
        thread = self._thread
        return True if thread is None else thread.wait(msecs)

    # --- worker signals (delivered on the GUI thread) ----------------------------------------
    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, path: str) -> None:
        self.progress.emit(done, total, path)

    @Slot(object)
    def _on_worker_finished(self, outcomes: list[ImportOutcome]) -> None:
        self.outcomes = list(outcomes)

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self.error = message

    @Slot()
    def _on_thread_finished(self) -> None:
        thread, worker = self._thread, self._worker
        if thread is not None:
            thread.wait()  # returns at once: the thread has ended; makes "ended" certain
        self._was_cancelled = worker.is_cancelled() if worker is not None else False
        self._thread = None
        self._worker = None
        self.running.emit(False)
        if self.error is not None:
            self.failed.emit(self.error)
        else:
            self.finished.emit(self.outcomes or [])
