"""Team review in the window: File > Merge workspace (off the GUI thread, with progress and
cancel) and View > Progress (per editor and per article).

The merge worker opens its own connection to the window's workspace (one writer at a time:
the window does not edit while it runs) and writes in one transaction; cancelling rolls it
back. GUI thread, except :class:`MergeWorker.run`, which runs on the worker thread.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.services.workspace import Workspace
from annotator.ui.jobs import prepare_thread
from annotator.ui.messages import show_plain_message

if TYPE_CHECKING:  # merging loads when first used, not with the window (start-up time)
    from annotator.services.merging import MergeReport


class MergeWorker(QObject):
    """Merges ``other`` into the workspace at ``db_path`` on its own connection."""

    progress = Signal(int, int)
    finished = Signal(object)  # MergeReport
    failed = Signal(str)

    def __init__(self, db_path: str, other: str, editor_name: str) -> None:
        super().__init__()
        self._db_path, self._other, self._editor = db_path, other, editor_name
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Safe from any thread: the merge stops at its next check and is rolled back."""
        self._cancel.set()

    def run(self) -> None:
        # Merging and agreement load when first used, not with the window (start-up time).
        from annotator.services import merging

        try:
            with Workspace.open(self._db_path, editor_name=self._editor,
                                import_seeds=False) as workspace:
                report = merging.merge(workspace, self._other, progress=self.progress.emit,
                                       cancelled=self._cancel.is_set)
        except merging.MergeCancelled:
            self.failed.emit(self.tr("The merge was cancelled; nothing was changed."))
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
        else:
            self.finished.emit(report)


class MergeController(QObject):
    """File > Merge workspace… for one window."""

    done = Signal(object)  # MergeReport or str (the reason it failed)

    def __init__(self, window: QMainWindow, menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        self.action = menu.addAction(self.tr("&Merge workspace…"))
        self.action.triggered.connect(lambda checked=False: self.choose())
        self.worker: MergeWorker | None = None
        self.thread: QThread | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_result: object = None
        # The summary (or failure) shown when the last merge ended (it closes itself).
        self.message_box: QMessageBox | None = None

    def choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self._window, self.tr("Merge a workspace"), "", self.tr("Workspaces (*.db)"))
        if path:
            self.start(path)

    def start(self, other: str) -> bool:
        """Merge ``other`` into the window's workspace in the background; False if one runs
        already or the workspace has no file to share."""
        workspace: Workspace = self._window.workspace  # type: ignore[attr-defined]
        if self.thread is not None or workspace.path == ":memory:":
            return False
        worker = MergeWorker(str(workspace.path), str(Path(other)), workspace.editor_name)
        self.worker = worker
        self.thread = prepare_thread(
            worker, "annotator-merge", run=worker.run,
            connections=[(worker.progress, self._on_progress),
                         (worker.finished, self._on_result),
                         (worker.failed, self._on_result)],
            ending=[worker.finished, worker.failed],
            on_thread_finished=self._on_thread_finished,
        )
        dialog = QProgressDialog(self.tr("Merging…"), self.tr("Cancel"), 0, 0, self._window)
        dialog.setWindowTitle(self.tr("Merge workspace"))
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(worker.cancel)
        self.progress_dialog = dialog
        self._window.set_import_running(True)  # type: ignore[attr-defined]
        self.thread.start()
        return True

    def wait(self, msecs: int = 60_000) -> None:
        if self.thread is not None:
            self.thread.wait(msecs)

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setMaximum(max(total, 1))
            self.progress_dialog.setValue(min(done, total))

    def _on_result(self, result: object) -> None:
        self.last_result = result

    def _on_thread_finished(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.close()
        if self.thread is not None:
            self.thread.deleteLater()
        self.thread = None
        self.worker = None
        window = self._window
        window.set_import_running(False)  # type: ignore[attr-defined]
        window.reload_from_workspace()  # type: ignore[attr-defined]
        self._show(self.last_result)
        self.done.emit(self.last_result)

    def summary(self, report: MergeReport) -> str:
        """The merge's summary as plain text: articles and claims always, then one line for
        each other thing the merge brought or found that is not zero (so a merge that only
        moved rejections or history does not look like one that did nothing)."""
        counts = report.counts()
        lines = [self.tr(
            "Articles added: {articles}. Claims added: {added}, updated: {updated}, "
            "unchanged: {unchanged}. Conflicts (both versions kept): {conflicts}."
        ).format(articles=counts["articles"]["added"], added=counts["claims"]["added"],
                 updated=counts["claims"]["updated"],
                 unchanged=counts["claims"]["unchanged"],
                 conflicts=counts["claims"]["conflicts"])]
        # One string per line, each with one number: translators get whole sentences, and
        # Arabic plural forms are not squeezed into a shared template.
        optional = [
            (counts["sources"]["updated"], self.tr("Sources updated to their version: {n}.")),
            (counts["sources"]["conflicts"],
             self.tr("Sources changed on both sides, ours kept: {n} (see Edit > Sources "
                     "and statuses > Merge conflicts).")),
            (counts["rejections"]["added"], self.tr("Adjudicator's rejections added: {n}.")),
            (counts["rejections"]["withdrawn"],
             self.tr("Adjudicator's rejections withdrawn: {n}.")),
            (counts["suggestion_rejections"]["added"],
             self.tr("Rejected suggestions added: {n}.")),
            (counts["suggestion_rejections"]["withdrawn"],
             self.tr("Rejected suggestions withdrawn (suggested again): {n}.")),
            (counts["conflicts_imported"],
             self.tr("Conflicts recorded in the other workspace, now listed here: {n}.")),
            (counts["sources"]["conflicts_imported"],
             self.tr("Source conflicts recorded in the other workspace, now listed here: "
                     "{n}.")),
            (counts["sources"]["conflicts_settled"],
             self.tr("Source conflicts closed, both sides agree now: {n}.")),
            (counts["history_rows"], self.tr("History entries added: {n}.")),
        ]
        lines.extend(text.format(n=n) for n, text in optional if n)
        return "\n".join(lines)

    def _show(self, result: object) -> None:
        from annotator.services import merging

        if isinstance(result, merging.MergeReport):
            text, icon = self.summary(result), QMessageBox.Icon.Information
        else:
            text, icon = str(result), QMessageBox.Icon.Warning
        self.message_box = show_plain_message(self._window, icon, self.tr("Merge workspace"),
                                              text)


def _table(headers: list[str], rows: list[list[str]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(text))
    return table


class ProgressDialog(QDialog):
    """Who annotated what: per editor and per article, with what is left."""

    def __init__(self, workspace: Workspace, language: str = "en",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Progress"))
        self.resize(820, 520)
        from annotator.services import agreement

        data = agreement.progress(workspace)
        labels = {s.id: s.label(language) for s in workspace.statuses()}

        def statuses(counts: tuple[tuple[str, int], ...]) -> str:
            return "، ".join(f"{labels.get(k, k)}: {n}" for k, n in counts)

        self.editors = _table(
            [self.tr("Editor"), self.tr("Claims created"), self.tr("With a verdict"),
             self.tr("Articles touched"), self.tr("Articles left"), self.tr("Statuses")],
            [[e.name, str(e.created), str(e.decided), str(e.articles_touched),
              str(e.articles_untouched), statuses(e.status_counts)] for e in data.editors])
        self.articles = _table(
            [self.tr("Article"), self.tr("Claims"), self.tr("Editors"), self.tr("Statuses")],
            [[a.title, str(a.claims), "، ".join(a.editors), statuses(a.status_counts)]
             for a in data.articles])
        tabs = QTabWidget()
        tabs.addTab(self.editors, self.tr("Editors"))
        tabs.addTab(self.articles, self.tr("Articles"))
        summary = QLabel(self.tr("{n} articles, {left} without any claim").format(
            n=data.total_articles, left=len(data.untouched_article_ids)))
        summary.setTextFormat(Qt.TextFormat.PlainText)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary)
        layout.addWidget(tabs, 1)
        layout.addWidget(close)
