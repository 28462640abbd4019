"""File > Export…: choose a format and the claims to export, export off the GUI thread.

Three layers, each testable without a modal loop:

- :class:`ExportRequest` is what the dialog produces: a format, an output path, the same
  filter and options as ``annotator export`` (articles: the current one or all; statuses,
  sources, editor, since; split and seed for dataset formats; language of labels).
- :class:`ExportWorker` / :class:`ExportJob` run one request on a worker ``QThread`` with
  their *own* :class:`Workspace` (``Workspace.open(path, import_seeds=False)``), inside one
  read snapshot (an edit made meanwhile in the window is wholly in the export or not at
  all), reporting progress and honouring cancel between articles (architecture rule 7).
  Exports only read the workspace, so the window goes on editing while one runs. A
  cancelled or failed export leaves no output behind and keeps an older file of the same
  name (the exporters write to a temporary file or directory and rename it when complete).
- :class:`ExportDialog` (the form) and :class:`ExportController` (the action, the job, the
  progress dialog, the result message, "open the result when done").

The window is used only through ``window.workspace`` (``path``, ``editor_name`` and its read
methods), ``window.current_article`` and the menu given to :func:`install_export_action`.
Everything here runs on the GUI thread except :meth:`ExportWorker.run`. Dialogs and messages
are opened with ``open()`` (window-modal, non-blocking).
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDate,
    QEvent,
    QObject,
    QStandardPaths,
    Qt,
    QThread,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import EDITOR_LAYER, REVIEWED_LAYER
from annotator.services.exports import (
    FORMATS,
    ExportCancelled,
    ExportFilter,
    ExportOptions,
    ExportResult,
    Language,
    export,
    parse_split,
)
from annotator.services.workspace import Workspace
from annotator.ui import settings as S
from annotator.ui.export_action import make_export_action
from annotator.ui.jobs import prepare_thread
from annotator.ui.messages import follow_direction, show_plain_message

__all__ = [
    "DEFAULT_SPLIT",
    "EXPORT_DIRECTORY",
    "EXPORT_OPEN_RESULT",
    "ExportController",
    "ExportDialog",
    "ExportJob",
    "ExportRequest",
    "ExportWorker",
    "install_export_action",
    "open_path",
]

log = logging.getLogger(__name__)


#: Declared with the other preferences in ``settings``.
EXPORT_DIRECTORY = S.EXPORT_DIRECTORY
EXPORT_OPEN_RESULT = S.EXPORT_OPEN_RESULT
DEFAULT_SPLIT = "train=0.8,dev=0.1,test=0.1"


def open_path(path: Path) -> bool:
    """Open ``path`` with the desktop's default application (the file manager for a
    directory). Tests replace this function."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _writes_directory(format_name: str, split: bool) -> bool:
    """Whether the output is a directory: a split, or a format whose output is one."""
    return split or not FORMATS[format_name].extension


# --- the request -------------------------------------------------------------------------------
@dataclass(frozen=True)
class ExportRequest:
    """One export as the dialog describes it; ``db_path`` is the workspace file the worker
    opens on its own connection."""

    db_path: str
    format_name: str
    out: Path
    filter: ExportFilter = field(default_factory=ExportFilter)
    options: ExportOptions = field(default_factory=ExportOptions)
    editor_name: str | None = None
    open_result: bool = False

    def result_path(self, result: ExportResult) -> Path:
        """What "open the result" opens: the output file, or the output directory."""
        if _writes_directory(self.format_name, bool(self.options.split)):
            return self.out
        return result.files[0] if result.files else self.out


# --- worker and job ----------------------------------------------------------------------------
class ExportWorker(QObject):
    """Runs one :class:`ExportRequest` on whatever thread calls :meth:`run`.

    Signals (emitted from that thread; connect to objects of the GUI thread so that Qt
    queues them there):
        progress(done, total): articles read so far and in all (every pass of the format).
        finished(ExportResult): the export is complete and its files are in place.
        cancelled(): :meth:`cancel` stopped it; nothing was written.
        failed(str): it could not run or write (a message for the editor; details in the
            log for a bug); nothing was written.
    """

    progress = Signal(int, int)
    finished = Signal(object)  # ExportResult
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, request: ExportRequest) -> None:
        super().__init__()
        if request.db_path == ":memory:":
            raise ValueError("an in-memory workspace cannot be shared with a worker thread")
        self.request = request
        self._cancel = threading.Event()

    def cancel(self) -> None:
        """Stop before the next article. Safe from any thread."""
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot()
    def run(self) -> None:
        """Open a connection, export (one read snapshot), close it. Never raises."""
        request = self.request
        try:
            workspace = Workspace.open(
                request.db_path, editor_name=request.editor_name, import_seeds=False
            )
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return
        except Exception as exc:  # an environment fault or a bug: report, keep the app
            log.exception("export: opening %s failed", request.db_path)
            self.failed.emit(
                QCoreApplication.translate(
                    "ExportDialog", "Cannot open the workspace {path}: {error}"
                ).format(path=request.db_path, error=exc)
            )
            return
        try:
            result = export(
                workspace,
                request.format_name,
                request.out,
                request.filter,
                request.options,
                progress=self._report,
                cancelled=self._cancel.is_set,
            )
        except ExportCancelled:
            self.cancelled.emit()
            return
        except AnnotatorError as exc:
            self.failed.emit(str(exc))
            return
        except OSError as exc:
            self.failed.emit(
                QCoreApplication.translate("ExportDialog", "Cannot write {path}: {error}").format(
                    path=request.out, error=exc.strerror or exc
                )
            )
            return
        except Exception as exc:
            log.exception("export to %s failed", request.out)
            self.failed.emit(
                QCoreApplication.translate("ExportDialog", "The export stopped: {error}").format(
                    error=exc
                )
            )
            return
        finally:
            workspace.close()
        self.finished.emit(result)

    def _report(self, done: int, total: int) -> None:
        self.progress.emit(done, total)


class ExportJob(QObject):
    """One background export, owned by the GUI thread. Create, connect, :meth:`start`.

    Signals (all on the GUI thread, after the worker thread has ended and closed its
    connection, except ``progress``): running(bool), progress(done, total),
    finished(ExportResult), cancelled(), failed(str). A job runs once; keep a reference to
    it until ``running(False)``.
    """

    running = Signal(bool)
    progress = Signal(int, int)
    finished = Signal(object)
    cancelled = Signal()
    failed = Signal(str)

    def __init__(self, request: ExportRequest, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.request = request
        self.result: ExportResult | None = None
        self.error: str | None = None
        self.was_cancelled = False
        self._worker: ExportWorker | None = ExportWorker(request)
        self._thread: QThread | None = None
        self._started = False

    def start(self) -> None:
        """Start the worker thread. GUI thread; once per job."""
        if self._started:
            raise RuntimeError("an export job runs only once")
        assert self._worker is not None
        self._started = True
        worker = self._worker
        thread = prepare_thread(
            worker, "annotator-export", run=worker.run,
            connections=[(worker.progress, self._on_progress),
                         (worker.finished, self._on_worker_finished),
                         (worker.cancelled, self._on_worker_cancelled),
                         (worker.failed, self._on_worker_failed)],
            ending=[worker.finished, worker.cancelled, worker.failed],
            on_thread_finished=self._on_thread_finished,
        )
        self._thread = thread
        self.running.emit(True)
        thread.start()

    def cancel(self) -> None:
        """Stop before the next article; nothing is written. Safe from any thread."""
        worker = self._worker
        if worker is not None:
            worker.cancel()

    def is_running(self) -> bool:
        return self._thread is not None

    def wait(self, msecs: int = 60_000) -> bool:
        """Block until the worker thread ends (at most ``msecs``); True when it has."""
        thread = self._thread
        return True if thread is None else thread.wait(msecs)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.emit(done, total)

    @Slot(object)
    def _on_worker_finished(self, result: ExportResult) -> None:
        self.result = result

    @Slot()
    def _on_worker_cancelled(self) -> None:
        self.was_cancelled = True

    @Slot(str)
    def _on_worker_failed(self, message: str) -> None:
        self.error = message

    @Slot()
    def _on_thread_finished(self) -> None:
        thread = self._thread
        if thread is not None:
            thread.wait()
        self._thread = None
        self._worker = None
        self.running.emit(False)
        if self.error is not None:
            self.failed.emit(self.error)
        elif self.was_cancelled or self.result is None:
            self.cancelled.emit()
        else:
            self.finished.emit(self.result)


# --- the dialog --------------------------------------------------------------------------------
class ExportDialog(QDialog):
    """The export form. Read :meth:`request` on ``accepted`` (it validates on accept).

    ``current_article``: (id, title) of the article open in the window, or None (then only
    "All articles" is offered)."""

    def __init__(
        self,
        workspace: Workspace,
        *,
        current_article: tuple[str, str] | None,
        language: str = "ar",
        directory: str = "",
        open_result: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        follow_direction(self, parent)
        self.setWindowTitle(QCoreApplication.translate("ExportDialog", "Export"))
        self._db_path = workspace.path
        self._editor_name = workspace.editor_name
        self._current = current_article
        self._directory = directory or QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        self.error: str | None = None
        label_lang = language if language in ("ar", "en") else "en"

        form = QFormLayout()
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("formatCombo")
        for name, exporter in FORMATS.items():
            self.format_combo.addItem(name, name)
            self.format_combo.setItemData(
                self.format_combo.count() - 1, exporter.summary, Qt.ItemDataRole.ToolTipRole
            )
        self.format_summary = QLabel()
        self.format_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.format_summary.setWordWrap(True)
        form.addRow(QCoreApplication.translate("ExportDialog", "&Format:"), self.format_combo)
        form.addRow("", self.format_summary)

        self.out_edit = QLineEdit()
        self.out_edit.setObjectName("outputEdit")
        browse = QPushButton(QCoreApplication.translate("ExportDialog", "&Browse…"))
        browse.clicked.connect(self.browse)
        out_row = QHBoxLayout()
        out_row.addWidget(self.out_edit, 1)
        out_row.addWidget(browse)
        form.addRow(QCoreApplication.translate("ExportDialog", "&Save to:"), out_row)

        self.current_radio = QRadioButton(
            QCoreApplication.translate("ExportDialog", "&Current article")
        )
        self.all_radio = QRadioButton(QCoreApplication.translate("ExportDialog", "&All articles"))
        group = QButtonGroup(self)
        group.addButton(self.current_radio)
        group.addButton(self.all_radio)
        if current_article is None:
            self.current_radio.setEnabled(False)
            self.all_radio.setChecked(True)
        else:
            self.current_radio.setText(
                QCoreApplication.translate("ExportDialog", "&Current article: {title}").format(
                    title=f"\u2068{current_article[1]}\u2069"
                )
            )
            self.current_radio.setChecked(True)
        articles_box = QVBoxLayout()
        articles_box.addWidget(self.current_radio)
        articles_box.addWidget(self.all_radio)
        form.addRow(QCoreApplication.translate("ExportDialog", "Articles:"), articles_box)

        self.status_list = QListWidget()
        self.status_list.setObjectName("statusList")
        for status in workspace.statuses():
            item = QListWidgetItem(status.label(label_lang))
            item.setData(Qt.ItemDataRole.UserRole, status.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.status_list.addItem(item)
        self.status_list.setToolTip(
            QCoreApplication.translate(
                "ExportDialog",
                "Only claims with one of the checked statuses; none checked: every status",
            )
        )
        form.addRow(QCoreApplication.translate("ExportDialog", "S&tatuses:"), self.status_list)

        self.source_list = QListWidget()
        self.source_list.setObjectName("sourceList")
        for source in workspace.sources():
            item = QListWidgetItem(source.label(label_lang))
            item.setData(Qt.ItemDataRole.UserRole, source.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.source_list.addItem(item)
        self.source_list.setToolTip(
            QCoreApplication.translate(
                "ExportDialog",
                "Only claims attributed to one of the checked sources "
                "(speaker or carrier); none checked: any source",
            )
        )
        form.addRow(QCoreApplication.translate("ExportDialog", "S&ources:"), self.source_list)

        self.editor_combo = QComboBox()
        self.editor_combo.setObjectName("editorCombo")
        self.editor_combo.addItem(QCoreApplication.translate("ExportDialog", "Any editor"), None)
        for name in sorted(set(workspace.editor_names().values())):
            self.editor_combo.addItem(name, name)
        form.addRow(QCoreApplication.translate("ExportDialog", "&Editor:"), self.editor_combo)

        self.layer_combo = QComboBox()
        self.layer_combo.setObjectName("layerCombo")
        self.layer_combo.addItem(
            QCoreApplication.translate("ExportDialog", "Every editor's claims"), EDITOR_LAYER)
        self.layer_combo.addItem(
            QCoreApplication.translate("ExportDialog", "Reviewed layer (adjudicated articles)"),
            REVIEWED_LAYER)
        form.addRow(QCoreApplication.translate("ExportDialog", "&Layer:"), self.layer_combo)

        self.since_check = QCheckBox(
            QCoreApplication.translate("ExportDialog", "Only claims changed &since")
        )
        self.since_edit = QDateEdit(QDate.currentDate().addMonths(-1))
        self.since_edit.setCalendarPopup(True)
        self.since_edit.setDisplayFormat("yyyy-MM-dd")
        self.since_edit.setEnabled(False)
        self.since_check.toggled.connect(self.since_edit.setEnabled)
        since_row = QHBoxLayout()
        since_row.addWidget(self.since_check)
        since_row.addWidget(self.since_edit, 1)
        form.addRow("", since_row)

        self.split_check = QCheckBox(QCoreApplication.translate("ExportDialog", "S&plit into"))
        self.split_edit = QLineEdit(DEFAULT_SPLIT)
        self.split_edit.setObjectName("splitEdit")
        self.seed_spin = QSpinBox()
        self.seed_spin.setRange(0, 2_147_483_647)
        self.seed_spin.setPrefix(QCoreApplication.translate("ExportDialog", "seed "))
        self.split_check.toggled.connect(self._update_enablement)
        split_row = QHBoxLayout()
        split_row.addWidget(self.split_check)
        split_row.addWidget(self.split_edit, 1)
        split_row.addWidget(self.seed_spin)
        form.addRow(QCoreApplication.translate("ExportDialog", "Training data:"), split_row)

        self.lang_combo = QComboBox()
        self.lang_combo.setObjectName("langCombo")
        self.lang_combo.addItem("العربية", "ar")
        self.lang_combo.addItem("English", "en")
        self.lang_combo.setCurrentIndex(0 if language == "ar" else 1)
        form.addRow(
            QCoreApplication.translate("ExportDialog", "&Language of labels:"), self.lang_combo
        )

        self.open_check = QCheckBox(
            QCoreApplication.translate("ExportDialog", "&Open the result when done")
        )
        self.open_check.setChecked(open_result)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.export_button = buttons.addButton(
            QCoreApplication.translate("ExportDialog", "&Export"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.open_check)
        layout.addWidget(buttons)

        self.format_combo.currentIndexChanged.connect(self._format_changed)
        self._format_changed()

    # --- state ---------------------------------------------------------------------------
    def format_name(self) -> str:
        return str(self.format_combo.currentData())

    def set_format(self, name: str) -> None:
        index = self.format_combo.findData(name)
        if index < 0:
            raise ValueError(f"not an export format: {name!r}")
        self.format_combo.setCurrentIndex(index)

    def _checked(self, listing: QListWidget) -> tuple[str, ...]:
        return tuple(
            str(listing.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(listing.count())
            if listing.item(i).checkState() == Qt.CheckState.Checked
        )

    def check(self, listing: QListWidget, ids: tuple[str, ...]) -> None:
        """Check the items of ``listing`` whose id is in ``ids`` (and uncheck the others)."""
        for i in range(listing.count()):
            item = listing.item(i)
            wanted = item.data(Qt.ItemDataRole.UserRole) in ids
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)

    def _split_wanted(self) -> bool:
        return self.split_check.isChecked() and FORMATS[self.format_name()].splittable

    def _update_enablement(self) -> None:
        splittable = FORMATS[self.format_name()].splittable
        self.split_check.setEnabled(splittable)
        self.split_edit.setEnabled(splittable and self.split_check.isChecked())
        self.seed_spin.setEnabled(splittable and self.split_check.isChecked())
        self._suggest_output()

    def _format_changed(self) -> None:
        self.format_summary.setText(FORMATS[self.format_name()].summary)
        self._update_enablement()

    def _suggest_output(self) -> None:
        """Fit the output to the format: ``NAME.<ext>`` for a file, ``NAME`` for a folder
        (split, brat), keeping the folder and name already there (``claims`` in the last
        folder used at first)."""
        current = self.out_edit.text().strip()
        path = Path(current) if current else Path(self._directory) / "claims"
        stem = path.name.split(".")[0] or "claims"
        exporter = FORMATS[self.format_name()]
        if _writes_directory(exporter.name, self._split_wanted()):
            self.out_edit.setText(str(path.parent / stem))
        else:
            self.out_edit.setText(str(path.parent / f"{stem}.{exporter.extension}"))

    @Slot()
    def browse(self) -> None:
        """Choose the output with a file dialog (a folder for split and directory
        formats). Blocking: a native save dialog; not used by the tests."""
        current = self.out_edit.text().strip()
        if _writes_directory(self.format_name(), self._split_wanted()):
            chosen = QFileDialog.getExistingDirectory(
                self, QCoreApplication.translate("ExportDialog", "Export to folder"), current
            )
        else:
            ext = FORMATS[self.format_name()].extension
            chosen, _ = QFileDialog.getSaveFileName(
                self,
                QCoreApplication.translate("ExportDialog", "Export to file"),
                current,
                QCoreApplication.translate("ExportDialog", "{name} (*.{ext})").format(
                    name=self.format_name(), ext=ext
                ),
            )
        if chosen:
            self.out_edit.setText(chosen)

    def request(self) -> ExportRequest:
        """The export the form describes. Raises :class:`AnnotatorError` (with a message
        for the editor) for a bad split or a missing output path."""
        out = self.out_edit.text().strip()
        if not out:
            raise AnnotatorError(
                QCoreApplication.translate("ExportDialog", "Choose where to save the export.")
            )
        split = parse_split(self.split_edit.text()) if self._split_wanted() else ()
        current = self.current_radio.isChecked() and self._current is not None
        flt = ExportFilter(
            article_ids=(self._current[0],) if current and self._current else (),
            status_ids=self._checked(self.status_list),
            source_names=self._checked(self.source_list),
            editor=self.editor_combo.currentData(),
            since=(
                self.since_edit.date().toString("yyyy-MM-dd")
                if self.since_check.isChecked()
                else None
            ),
            layer=str(self.layer_combo.currentData()),
        )
        lang: Language = "ar" if self.lang_combo.currentData() == "ar" else "en"
        options = ExportOptions(lang=lang, split=split, seed=self.seed_spin.value() if split else 0)
        return ExportRequest(
            self._db_path,
            self.format_name(),
            Path(out).expanduser(),
            flt,
            options,
            editor_name=self._editor_name,
            open_result=self.open_check.isChecked(),
        )

    def accept(self) -> None:
        """Accept only a valid form; otherwise say what is wrong and stay open."""
        try:
            self.request()
        except AnnotatorError as exc:
            self.error = str(exc)
            if self.isVisible():
                box = QMessageBox(
                    QMessageBox.Icon.Warning,
                    QCoreApplication.translate("ExportDialog", "Export"),
                    self.error,
                    QMessageBox.StandardButton.Ok,
                    self,
                )
                box.setTextFormat(Qt.TextFormat.PlainText)
                box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                box.open()
            return
        self.error = None
        super().accept()


# --- the controller ----------------------------------------------------------------------------
class ExportController(QObject):
    """File > Export… of one window. GUI thread only.

    Signals:
        exported(ExportResult): an export finished and its files are in place.
        running(bool): an export started / ended. Exports only read: the window may go on
            editing meanwhile.
    """

    exported = Signal(object)
    running = Signal(bool)

    def __init__(self, window: QMainWindow, *, preferences: S.Preferences | None = None,
                 action: QAction | None = None) -> None:
        """``action``: the window's own File > Export… action, already labelled, in its
        menu and connected to :meth:`open_dialog` (the main window makes it before this
        module is loaded, see ``MainWindow.exporter``); without it the action is made here
        and the caller puts it in a menu (:func:`install_export_action`)."""
        super().__init__(window)
        self._window = window
        self.preferences = preferences or S.Preferences()
        self.job: ExportJob | None = None
        self.dialog: ExportDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.message_box: QMessageBox | None = None
        self.last_request: ExportRequest | None = None
        self._closing = False
        window.installEventFilter(self)
        self.action = action or make_export_action(window, self.open_dialog)

    def busy(self) -> bool:
        return self.job is not None

    def _language(self) -> str:
        return "ar" if self._window.layoutDirection() == Qt.LayoutDirection.RightToLeft else "en"

    @Slot()
    def open_dialog(self) -> ExportDialog | None:
        """Open the export form (non-blocking); accepting it starts the export."""
        if self.busy():
            self._message(
                QMessageBox.Icon.Information,
                QCoreApplication.translate("ExportDialog", "Export"),
                QCoreApplication.translate("ExportDialog", "An export is already running."),
            )
            return None
        workspace: Workspace = self._window.workspace  # type: ignore[attr-defined]
        article = getattr(self._window, "current_article", None)
        current = (article.id, article.title) if article is not None else None
        dialog = ExportDialog(
            workspace,
            current_article=current,
            language=self._language(),
            directory=str(self.preferences.get(EXPORT_DIRECTORY) or ""),
            open_result=bool(self.preferences.get(EXPORT_OPEN_RESULT)),
            parent=self._window,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._dialog_accepted)
        self.dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _dialog_accepted(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is None:
            return
        request = dialog.request()
        self.preferences.set(
            EXPORT_DIRECTORY,
            str(
                request.out
                if _writes_directory(request.format_name, bool(request.options.split))
                else request.out.parent
            ),
        )
        self.preferences.set(EXPORT_OPEN_RESULT, request.open_result)
        self.start(request)

    def start(self, request: ExportRequest) -> ExportJob | None:
        """Run ``request`` on a worker thread with a progress dialog. Returns the started
        job, or None when none was started (one already runs; no workspace file)."""
        if self.busy():
            self._message(
                QMessageBox.Icon.Information,
                QCoreApplication.translate("ExportDialog", "Export"),
                QCoreApplication.translate(
                    "ExportDialog", "An export is already running. Wait for it or cancel it."
                ),
            )
            return None
        try:
            job = ExportJob(request, parent=self)
        except ValueError as exc:
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("ExportDialog", "Not exported"),
                str(exc),
            )
            return None
        job.running.connect(self._on_running)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.cancelled.connect(self._on_cancelled)
        job.failed.connect(self._on_failed)
        self.job = job
        self.last_request = request
        self._closing = False
        self._open_progress()
        job.start()
        return job

    def cancel(self) -> None:
        """Cancel the running export; nothing is written."""
        if self.job is not None:
            self.job.cancel()
            if self.progress_dialog is not None:
                self.progress_dialog.setLabelText(
                    QCoreApplication.translate("ExportDialog", "Cancelling…")
                )

    def shutdown(self, msecs: int = 60_000) -> None:
        """The window closes: cancel, wait for the worker thread (a QThread destroyed
        while running aborts the process) and drop the result quietly."""
        job = self.job
        if job is None:
            return
        self._closing = True
        job.cancel()
        job.wait(msecs)
        QCoreApplication.sendPostedEvents(job)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def _message(self, icon: QMessageBox.Icon, title: str, text: str) -> QMessageBox:
        self.message_box = show_plain_message(self._window, icon, title, text)
        return self.message_box

    def _open_progress(self) -> None:
        dialog = QProgressDialog(self._window)
        follow_direction(dialog, self._window)
        dialog.setWindowTitle(QCoreApplication.translate("ExportDialog", "Exporting"))
        dialog.setLabelText(QCoreApplication.translate("ExportDialog", "Reading articles…"))
        dialog.setCancelButtonText(QCoreApplication.translate("ExportDialog", "Cancel"))
        dialog.setRange(0, 0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(300)  # no flash for a quick export
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.canceled.connect(self.cancel)
        self.progress_dialog = dialog

    def _close_progress(self) -> None:
        dialog, self.progress_dialog = self.progress_dialog, None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        self.action.setEnabled(not running)
        self.running.emit(running)

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        dialog = self.progress_dialog
        if dialog is None or dialog.wasCanceled():
            return
        if dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setLabelText(
            QCoreApplication.translate("ExportDialog", "{done} of {total} articles").format(
                done=done, total=total
            )
        )
        dialog.setValue(done)

    @Slot(object)
    def _on_finished(self, result: ExportResult) -> None:
        job, self.job = self.job, None
        self._close_progress()
        if self._closing or job is None:
            return
        request = job.request
        text = QCoreApplication.translate(
            "ExportDialog",
            "Exported {claims} claims from {articles} articles as {format}:\n{files}",
        ).format(
            claims=result.claims,
            articles=result.articles,
            format=request.format_name,
            files="\n".join(f"\u2066{f}\u2069" for f in result.files),
        )
        if result.warnings:
            text += "\n\n" + "\n".join(result.warnings)
        self._message(
            QMessageBox.Icon.Information,
            QCoreApplication.translate("ExportDialog", "Export finished"),
            text,
        )
        if request.open_result:
            open_path(request.result_path(result))
        self.exported.emit(result)

    @Slot()
    def _on_cancelled(self) -> None:
        self.job = None
        self._close_progress()
        if not self._closing:
            self._message(
                QMessageBox.Icon.Information,
                QCoreApplication.translate("ExportDialog", "Export cancelled"),
                QCoreApplication.translate(
                    "ExportDialog", "The export was cancelled; nothing was written."
                ),
            )

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.job = None
        self._close_progress()
        if not self._closing:
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("ExportDialog", "Export failed"),
                message + "\n" + QCoreApplication.translate("ExportDialog", "Nothing was written."),
            )


def install_export_action(
    window: QMainWindow, menu: QMenu, *, preferences: S.Preferences | None = None
) -> ExportController:
    """Add File > Export… to ``menu`` of ``window`` and return its controller (keep it: it
    owns the running export). Uses ``window.workspace`` and ``window.current_article``
    only."""
    controller = ExportController(window, preferences=preferences)
    menu.addAction(controller.action)
    window.addAction(controller.action)
    return controller
