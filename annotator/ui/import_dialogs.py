"""File > Import…, Paste as new article, drag and drop of files, and the import result.

Everything here runs on the GUI thread. Files are imported by an :class:`ImportJob` (its own
thread and its own connection, see :mod:`annotator.ui.import_worker`); pasted text is imported
through the window's workspace in one transaction, because it is one small article.

The window is used only through ``window.workspace``, ``window.refresh_articles()`` and
``window.open_article(id)``. While a file import runs, :class:`ImportController` emits
``running(True)``; the window must not write to its workspace until ``running(False)`` (the
worker is the one writer meanwhile; reading is fine, SQLite WAL).

Dialogs never block in an ``exec()`` of our own: the file dialog, the progress dialog, the
result dialog and messages are opened with ``open()`` (window-modal, non-blocking), so the
logic is callable and testable without a modal loop. Only the title prompt of Paste uses the
static ``QInputDialog.getText`` (tests replace it).

File names, error messages and titles are user data: every label showing them is plain text
(``Qt.TextFormat.PlainText``), lists show them as item text, menus escape ``&``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, Qt, Signal, Slot
from PySide6.QtGui import (
    QAction,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.services.importing import (
    DUPLICATE,
    FAILED,
    IMPORTED,
    SUPPORTED_SUFFIXES,
    ImportOutcome,
)
from annotator.ui import settings as S
from annotator.ui.import_worker import ImportJob
from annotator.ui.messages import follow_direction, show_plain_message

__all__ = [
    "ENCODING_CHOICES",
    "IMPORT_DIRECTORY",
    "PROGRESS_THRESHOLD",
    "ImportController",
    "ImportFileDialog",
    "ImportResultDialog",
    "ImportSummary",
    "accept_drag",
    "drop_paths",
    "first_line",
    "import_name_filters",
    "install_import_actions",
    "paths_from_mime",
    "summarize",
]

#: Declared here next to its only user; belongs in ``settings.ALL_SETTINGS``.
IMPORT_DIRECTORY = S.IMPORT_DIRECTORY

#: (label, codec) offered in the Import dialog; None lets the importer detect the encoding
#: (BOM, strict UTF-8, then the better of Windows-1256 and ISO-8859-6).
ENCODING_CHOICES: tuple[tuple[str, str | None], ...] = (
    ("Auto", None),
    ("UTF-8", "utf-8"),
    ("Windows-1256", "cp1256"),
    ("ISO-8859-6", "iso-8859-6"),
    ("UTF-16", "utf-16"),
)

#: More files than this get a progress dialog with a Cancel button.
PROGRESS_THRESHOLD = 3

_CONTEXT = "ImportDialogs"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _isolate(text: str) -> str:
    """Bidi-isolate user text (FSI ... PDI) inside a sentence of the other direction, so an
    Arabic title in an English line (or the reverse) keeps its quotes and neighbours in place.
    Display only: never stored."""
    return f"\u2068{text}\u2069"




# --- summarising outcomes ----------------------------------------------------------------------
@dataclass
class ImportSummary:
    """Counts and one display line per problem; lines are plain text, one per outcome."""

    imported: int = 0
    duplicates: int = 0
    failed: int = 0
    cancelled: bool = False
    files: int = 0
    error_lines: list[str] = field(default_factory=list)
    duplicate_lines: list[str] = field(default_factory=list)
    note_lines: list[str] = field(default_factory=list)
    first_article_id: str | None = None

    @property
    def needs_attention(self) -> bool:
        return bool(self.failed or self.duplicates or self.note_lines or self.cancelled)

    def headline(self) -> str:
        text = QCoreApplication.translate(
            "ImportDialogs", "{imported} imported, {duplicates} already present, {failed} failed"
        ).format(imported=self.imported, duplicates=self.duplicates, failed=self.failed)
        if self.cancelled:
            text += QCoreApplication.translate(
                "ImportDialogs",
                " · cancelled: the files after these were not read; what was imported stays",
            )
        return text


_PLAIN_ENCODINGS = {"utf-8", "utf-8-sig", "ascii", "unicode", None}


def summarize(outcomes: Iterable[ImportOutcome], *, cancelled: bool = False) -> ImportSummary:
    """Count outcomes and write one line per error, duplicate and note (file name first).

    ``first_article_id``: the first imported article, else the first duplicate's existing
    article (what the window opens after the import)."""
    summary = ImportSummary(cancelled=cancelled)
    first_duplicate: str | None = None
    files: set[str] = set()
    for outcome in outcomes:
        files.add(outcome.path)
        name = Path(outcome.path).name or outcome.path
        if outcome.status == IMPORTED:
            summary.imported += 1
            if summary.first_article_id is None:
                summary.first_article_id = outcome.article_id
            if outcome.encoding not in _PLAIN_ENCODINGS:
                summary.note_lines.append(
                    QCoreApplication.translate(
                        "ImportDialogs", "{name}: read as {encoding}"
                    ).format(name=name, encoding=outcome.encoding)
                )
        elif outcome.status == DUPLICATE:
            summary.duplicates += 1
            first_duplicate = first_duplicate or outcome.article_id
            summary.duplicate_lines.append(
                QCoreApplication.translate(
                    "ImportDialogs", "{name}: already in the workspace as “{title}”"
                ).format(name=name, title=_isolate(_one_line(outcome.title or "")))
            )
        else:
            summary.failed += 1
            reason = (
                outcome.error
                or outcome.error_code
                or QCoreApplication.translate("ImportDialogs", "unknown error")
            )
            # Errors name the full path first ("path: reason"); the line shows the file name.
            for prefix in (f"{outcome.path}: ", f"{outcome.path}:"):
                if reason.startswith(prefix):
                    reason = reason[len(prefix) :]
                    break
            summary.error_lines.append(f"{name}: {_one_line(reason)}")
        for warning in outcome.warnings if outcome.status == IMPORTED else ():
            summary.note_lines.append(f"{name}: {_one_line(warning)}")
    summary.files = len(files)
    if summary.first_article_id is None:
        summary.first_article_id = first_duplicate
    return summary


class ImportResultDialog(QDialog):
    """Counts, then errors (one line per file), duplicates and notes, all as plain text."""

    def __init__(self, summary: ImportSummary, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = summary
        follow_direction(self, parent)
        self.setWindowTitle(QCoreApplication.translate("ImportDialogs", "Import finished"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        layout = QVBoxLayout(self)
        self.headline = QLabel(summary.headline())
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        self.errors = self._section(
            layout, QCoreApplication.translate("ImportDialogs", "Errors ({n})"), summary.error_lines
        )
        self.duplicates = self._section(
            layout,
            QCoreApplication.translate(
                "ImportDialogs", "Already present, not imported again ({n})"
            ),
            summary.duplicate_lines,
        )
        self.notes = self._section(
            layout, QCoreApplication.translate("ImportDialogs", "Notes ({n})"), summary.note_lines
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.resize(640, 420)

    def _section(self, layout: QVBoxLayout, heading: str, lines: list[str]) -> QListWidget:
        label = QLabel(heading.format(n=len(lines)))
        label.setTextFormat(Qt.TextFormat.PlainText)
        listing = QListWidget()
        listing.addItems(lines)  # item text is never markup
        listing.setUniformItemSizes(True)
        label.setVisible(bool(lines))
        listing.setVisible(bool(lines))
        layout.addWidget(label)
        layout.addWidget(listing, 1)
        return listing

    def lines(self, listing: QListWidget) -> list[str]:
        return [listing.item(i).text() for i in range(listing.count())]


# --- the file dialog ---------------------------------------------------------------------------
def import_name_filters() -> list[str]:
    """Name filters for the Import dialog: every supported article file first."""
    every = " ".join(f"*{s}" for s in sorted(SUPPORTED_SUFFIXES))
    return [
        QCoreApplication.translate("ImportDialogs", "Articles ({patterns})").format(patterns=every),
        QCoreApplication.translate("ImportDialogs", "Text (*.txt *.text)"),
        QCoreApplication.translate("ImportDialogs", "Markdown (*.md *.markdown)"),
        QCoreApplication.translate("ImportDialogs", "Web pages (*.html *.htm *.xhtml)"),
        QCoreApplication.translate("ImportDialogs", "JSON batches (*.json *.jsonl *.ndjson)"),
        QCoreApplication.translate("ImportDialogs", "All files (*)"),
    ]


class ImportFileDialog(QFileDialog):
    """Choose several article files and an encoding (Auto by default).

    Qt's own (non-native) dialog: a native one cannot hold the encoding choice. Open it with
    ``open()``; read :meth:`selectedFiles` and :meth:`encoding` on ``accepted``."""

    def __init__(self, parent: QWidget | None = None, directory: str = "") -> None:
        super().__init__(
            parent, QCoreApplication.translate("ImportDialogs", "Import articles"), directory
        )
        follow_direction(self, parent)
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        self.setFileMode(QFileDialog.FileMode.ExistingFiles)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        self.setNameFilters(import_name_filters())
        self.encoding_combo = QComboBox(self)
        self.encoding_combo.setObjectName("encodingCombo")
        for label, codec in ENCODING_CHOICES:
            self.encoding_combo.addItem(QCoreApplication.translate("ImportDialogs", label), codec)
        self.encoding_combo.setToolTip(
            QCoreApplication.translate(
                "ImportDialogs",
                "Auto reads byte-order marks and UTF-8, and tells Windows-1256 from "
                "ISO-8859-6 by the Arabic letters it finds. Choose an encoding when the "
                "imported text looks garbled.",
            )
        )
        encoding_label = QLabel(QCoreApplication.translate("ImportDialogs", "&Encoding:"), self)
        encoding_label.setBuddy(self.encoding_combo)
        grid = self.layout()
        if isinstance(grid, QGridLayout):  # Qt's dialog: a row under "Files of type"
            row = grid.rowCount()
            grid.addWidget(encoding_label, row, 0)
            grid.addWidget(self.encoding_combo, row, 1)
        else:  # pragma: no cover - a future Qt with another layout
            assert grid is not None
            grid.addWidget(encoding_label)
            grid.addWidget(self.encoding_combo)

    def encoding(self) -> str | None:
        """The chosen codec name, or None for Auto."""
        return self.encoding_combo.currentData()

    def set_encoding(self, codec: str | None) -> None:
        index = self.encoding_combo.findData(codec)
        if index < 0:
            raise ValueError(f"not an offered encoding: {codec!r}")
        self.encoding_combo.setCurrentIndex(index)


# --- drag and drop -----------------------------------------------------------------------------
def paths_from_mime(mime: QMimeData | None) -> list[str]:
    """Local, existing files with a supported suffix, in order, without repeats. Folders,
    remote URLs, missing files and other file types are left out."""
    if mime is None or not mime.hasUrls():
        return []
    found: list[str] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file():
            text = str(path)
            if text not in found:
                found.append(text)
    return found


def _accept_as_copy(event: QDropEvent) -> bool:
    """Accept as a copy, never as a move: accepting a proposed Move would make some file
    managers delete the dropped files."""
    if not event.possibleActions() & Qt.DropAction.CopyAction:
        event.ignore()
        return False
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
    return True


def accept_drag(event: QDragEnterEvent | QDragMoveEvent) -> bool:
    """For ``dragEnterEvent``/``dragMoveEvent``: accept (as a copy) when the drag carries at
    least one importable local file, else ignore. Returns whether it accepted."""
    if paths_from_mime(event.mimeData()):
        return _accept_as_copy(event)
    event.ignore()
    return False


def drop_paths(event: QDropEvent) -> list[str]:
    """For ``dropEvent``: the importable local files dropped (see :func:`paths_from_mime`);
    the event is accepted as a copy when there are any, ignored otherwise."""
    paths = paths_from_mime(event.mimeData())
    if not paths or not _accept_as_copy(event):
        event.ignore()
        return []
    return paths


# --- paste -------------------------------------------------------------------------------------
def first_line(text: str, limit: int = 200) -> str:
    """The first non-blank line, whitespace collapsed, at most ``limit`` characters."""
    for line in text.splitlines():
        line = _one_line(line.lstrip("\ufeff"))
        if line:
            return line[:limit]
    return ""


# --- the controller ----------------------------------------------------------------------------
class ImportController(QObject):
    """Import actions of one window. GUI thread only.

    Signals:
        running(bool): a file import started (True) / ended (False). Between the two the
            window must not write to ``window.workspace`` (see the module docstring).
        imported(object): ``list[ImportOutcome]`` after a file import or a paste was shown
            (library refreshed, article opened, result shown).
    """

    running = Signal(bool)
    imported = Signal(object)

    def __init__(self, window: QMainWindow, *, preferences: S.Preferences | None = None) -> None:
        super().__init__(window)
        self._window = window
        self.preferences = preferences or S.Preferences()
        self.job: ImportJob | None = None
        self.file_dialog: ImportFileDialog | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.progress_label: QLabel | None = None
        self.result_dialog: ImportResultDialog | None = None
        self.message_box: QMessageBox | None = None
        self._closing = False

        self.import_action = QAction(
            QCoreApplication.translate("ImportDialogs", "&Import…"), window
        )
        self.import_action.setShortcut(QKeySequence("Ctrl+I"))
        self.import_action.setStatusTip(
            QCoreApplication.translate(
                "ImportDialogs", "Import article files (text, Markdown, HTML, JSON)"
            )
        )
        self.import_action.triggered.connect(self.choose_files)
        self.paste_action = QAction(
            QCoreApplication.translate("ImportDialogs", "&Paste as new article…"), window
        )
        self.paste_action.setShortcut(QKeySequence("Ctrl+Shift+V"))
        self.paste_action.setStatusTip(
            QCoreApplication.translate(
                "ImportDialogs", "Make a new article of the text on the clipboard"
            )
        )
        self.paste_action.triggered.connect(self._paste_triggered)
        for action in (self.import_action, self.paste_action):
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)

    # --- state -------------------------------------------------------------------------------
    def busy(self) -> bool:
        """True while a file import runs (its thread has not ended yet)."""
        return self.job is not None

    def cancel(self) -> None:
        """Cancel the running import (between files); what was imported stays."""
        if self.job is not None:
            self.job.cancel()
            if self.progress_label is not None:
                self.progress_label.setText(
                    QCoreApplication.translate("ImportDialogs", "Cancelling…")
                )

    def shutdown(self, msecs: int = 60_000) -> None:
        """The window closes or the app quits: cancel, wait for the worker thread to end (a
        QThread destroyed while running aborts the process), and drop the results quietly."""
        job = self.job
        if job is None:
            return
        self._closing = True
        job.cancel()
        job.wait(msecs)
        # Deliver the worker's queued signals now, so the job finishes and lets go of it.
        QCoreApplication.sendPostedEvents(job)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Close:
            self.shutdown()
        return False

    def _message(
        self, icon: QMessageBox.Icon, title: str, text: str, details: str | None = None
    ) -> QMessageBox:
        self.message_box = show_plain_message(self._window, icon, title, text, details=details)
        return self.message_box

    # --- File > Import… ----------------------------------------------------------------------
    @Slot()
    def choose_files(self) -> ImportFileDialog | None:
        """Open the Import dialog (non-blocking); accepting it starts the import."""
        if self.busy():
            self._message(
                QMessageBox.Icon.Information,
                QCoreApplication.translate("ImportDialogs", "Import"),
                QCoreApplication.translate("ImportDialogs", "An import is already running."),
            )
            return None
        directory = str(self.preferences.get(IMPORT_DIRECTORY) or "")
        dialog = ImportFileDialog(self._window, directory)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._file_dialog_accepted)
        self.file_dialog = dialog
        dialog.open()
        return dialog

    @Slot()
    def _file_dialog_accepted(self) -> None:
        dialog = self.file_dialog
        self.file_dialog = None
        if dialog is None:
            return
        paths = dialog.selectedFiles()
        encoding = dialog.encoding()
        if paths:
            self.preferences.set(IMPORT_DIRECTORY, str(Path(paths[0]).parent))
        self.import_files(paths, encoding=encoding)

    def import_files(
        self, paths: Sequence[str | Path], *, encoding: str | None = None
    ) -> ImportJob | None:
        """Import ``paths`` in a worker thread (encoding None = detect). Returns the started
        job, or None when nothing was started (no paths, already busy, no file workspace).
        The result arrives as ``imported``; the job's own signals may be used too."""
        paths = [str(p) for p in paths]
        if not paths:
            return None
        if self.busy():
            self._message(
                QMessageBox.Icon.Information,
                QCoreApplication.translate("ImportDialogs", "Import"),
                QCoreApplication.translate(
                    "ImportDialogs", "An import is already running. Wait for it or cancel it."
                ),
            )
            return None
        workspace = self._window.workspace  # type: ignore[attr-defined]
        try:
            job = ImportJob(
                workspace.path,
                paths,
                editor_name=workspace.editor_name,
                encoding=encoding,
                parent=self,
            )
        except ValueError as exc:  # an in-memory workspace has no file to share
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("ImportDialogs", "Not imported"),
                str(exc),
            )
            return None
        job.running.connect(self._on_running)
        job.progress.connect(self._on_progress)
        job.finished.connect(self._on_finished)
        job.failed.connect(self._on_failed)
        self.job = job
        self._closing = False
        if len(paths) > PROGRESS_THRESHOLD:
            self._open_progress(len(paths))
        job.start()
        return job

    def _open_progress(self, total: int) -> None:
        dialog = QProgressDialog(self._window)
        follow_direction(dialog, self._window)
        dialog.setWindowTitle(QCoreApplication.translate("ImportDialogs", "Importing"))
        label = QLabel(QCoreApplication.translate("ImportDialogs", "Starting…"))
        label.setTextFormat(Qt.TextFormat.PlainText)  # file names are not markup
        dialog.setLabel(label)
        dialog.setCancelButtonText(QCoreApplication.translate("ImportDialogs", "Cancel"))
        dialog.setRange(0, total)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(300)  # no flash for a quick import
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.canceled.connect(self.cancel)
        self.progress_dialog = dialog
        self.progress_label = label

    def _close_progress(self) -> None:
        dialog = self.progress_dialog
        self.progress_dialog = None
        self.progress_label = None
        if dialog is not None:
            dialog.canceled.disconnect(self.cancel)
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()

    @Slot(bool)
    def _on_running(self, running: bool) -> None:
        self.import_action.setEnabled(not running)
        self.paste_action.setEnabled(not running)
        self.running.emit(running)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, path: str) -> None:
        dialog, label = self.progress_dialog, self.progress_label
        if dialog is None or label is None or dialog.wasCanceled():
            return
        if path:
            label.setText(
                QCoreApplication.translate("ImportDialogs", "{name}\n{n} of {total}").format(
                    name=Path(path).name, n=min(done + 1, total), total=total
                )
            )
        if dialog.maximum() != total:
            dialog.setMaximum(total)
        dialog.setValue(done)  # last: it may process events (window-modal dialog)

    @Slot(object)
    def _on_finished(self, outcomes: list[ImportOutcome]) -> None:
        job = self.job
        self.job = None
        self._close_progress()
        if self._closing:
            return
        summary = summarize(outcomes, cancelled=job.cancelled if job is not None else False)
        self._show_in_window(summary)
        if summary.needs_attention or summary.files > 1:
            self.result_dialog = ImportResultDialog(summary, self._window)
            self.result_dialog.open()
        self.imported.emit(outcomes)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self.job = None
        self._close_progress()
        if self._closing:
            return
        self._window.refresh_articles()  # type: ignore[attr-defined]  # batches may be in
        self._message(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("ImportDialogs", "Import failed"),
            message,
        )

    def _show_in_window(self, summary: ImportSummary) -> None:
        self._window.refresh_articles()  # type: ignore[attr-defined]
        if summary.first_article_id is not None:
            self._window.open_article(summary.first_article_id)  # type: ignore[attr-defined]

    # --- Paste as new article ----------------------------------------------------------------
    @Slot()
    def _paste_triggered(self) -> None:
        self.paste_as_article()

    def paste_as_article(self, text: str | None = None) -> ImportOutcome | None:
        """Import ``text`` (default: the clipboard's plain text) as a new article, after
        asking for a title prefilled with its first non-blank line.

        One transaction on the window's workspace (GUI thread); refused while a file import
        runs. Returns the outcome, or None when nothing was tried (no text, cancelled)."""
        if self.busy():
            self._message(
                QMessageBox.Icon.Information,
                QCoreApplication.translate("ImportDialogs", "Paste as new article"),
                QCoreApplication.translate(
                    "ImportDialogs", "An import is running. Paste again when it has finished."
                ),
            )
            return None
        if text is None:
            text = QGuiApplication.clipboard().text()
        if not text.strip():
            self._message(
                QMessageBox.Icon.Information,
                QCoreApplication.translate("ImportDialogs", "Paste as new article"),
                QCoreApplication.translate("ImportDialogs", "The clipboard holds no text."),
            )
            return None
        title, ok = QInputDialog.getText(
            self._window,
            QCoreApplication.translate("ImportDialogs", "Paste as new article"),
            QCoreApplication.translate("ImportDialogs", "Title:"),
            QLineEdit.EchoMode.Normal,
            first_line(text),
        )
        if not ok:
            return None
        workspace = self._window.workspace  # type: ignore[attr-defined]
        try:
            outcome = workspace.import_text(text, title=title.strip() or None)
        except AnnotatorError as exc:
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("ImportDialogs", "Not imported"),
                str(exc),
            )
            return None
        if outcome.status == FAILED:
            self._message(
                QMessageBox.Icon.Warning,
                QCoreApplication.translate("ImportDialogs", "Not imported"),
                outcome.error
                or QCoreApplication.translate("ImportDialogs", "The text could not be imported."),
            )
            return outcome
        self._window.refresh_articles()  # type: ignore[attr-defined]
        if outcome.article_id is not None:
            self._window.open_article(outcome.article_id)  # type: ignore[attr-defined]
        if outcome.status == DUPLICATE:
            self._message(
                QMessageBox.Icon.Information,
                QCoreApplication.translate("ImportDialogs", "Already present"),
                QCoreApplication.translate(
                    "ImportDialogs",
                    "This text is already in the workspace as “{title}”. It was not imported "
                    "again; the existing article is shown.",
                ).format(title=_isolate(_one_line(outcome.title or ""))),
            )
        self.imported.emit([outcome])
        return outcome


def install_import_actions(
    window: QMainWindow, menu: QMenu, *, preferences: S.Preferences | None = None
) -> ImportController:
    """Add Import… and Paste as new article to ``menu`` (and their shortcuts to the window),
    make closing the window or quitting the app cancel and wait for a running import, and
    return the controller. The window still has to accept drops (see :func:`accept_drag`,
    :func:`drop_paths`) and should follow ``running`` to turn its editing off."""
    controller = ImportController(window, preferences=preferences)
    menu.addAction(controller.import_action)
    menu.addAction(controller.paste_action)
    window.addAction(controller.import_action)
    window.addAction(controller.paste_action)
    window.installEventFilter(controller)
    app = QCoreApplication.instance()
    if app is not None:
        app.aboutToQuit.connect(controller.shutdown)
    return controller
