"""Importing and workspace management in the window: the worker thread, the Import dialog,
progress and cancel, the result, drag and drop, paste as new article, New / Open / Recent.

Real files: the CC0 corpus (CRLF, UTF-8), a Windows-1256 file and a broken JSON file. No
modal ``exec()`` runs: our dialogs open non-blocking, static dialogs are monkeypatched.

``GluedWindow`` is :class:`MainWindow` plus exactly the glue these modules ask of it (see the
report that came with them); once the glue is in ``main_window.py`` (it has
``set_workspace`` and ``set_import_running``) the tests use ``MainWindow`` itself.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QInputDialog, QPushButton

from annotator.services import importing
from annotator.services.importing import DUPLICATE, FAILED, IMPORTED
from annotator.services.workspace import Workspace
from annotator.ui import import_worker
from annotator.ui.import_dialogs import (
    ENCODING_CHOICES,
    IMPORT_DIRECTORY,
    ImportResultDialog,
    accept_drag,
    drop_paths,
    first_line,
    paths_from_mime,
    summarize,
)
from annotator.ui.import_worker import ImportJob
from annotator.ui.workspaces import MAX_RECENT, RecentWorkspaces

CP1256_TEXT = "خبر بترميز ويندوز\nقال المتحدث باسم الوزارة إن الاجتماع انتهى مساء أمس في العاصمة.\n"
TIMEOUT = 60_000


@pytest.fixture
def win(qtbot, workspace: Workspace):  # type: ignore[no-untyped-def]
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    create_app()
    window = MainWindow(workspace, language="en")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.importer.shutdown()


# --- files --------------------------------------------------------------------------------------
@pytest.fixture
def cp1256_file(tmp_path: Path) -> Path:
    path = tmp_path / "files" / "windows-1256.txt"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(CP1256_TEXT.replace("\n", "\r\n").encode("cp1256"))
    return path


@pytest.fixture
def broken_json(tmp_path: Path) -> Path:
    path = tmp_path / "files" / "broken.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text('[{"title": "خبر", "text": "نص الخبر"},\n {"title": "ناقص", "text": "نص',
                    encoding="utf-8")
    return path


def _wait_imported(qtbot, controller):  # type: ignore[no-untyped-def]
    return qtbot.waitSignal(controller.imported, timeout=TIMEOUT)


# --- the worker ---------------------------------------------------------------------------------
def test_job_imports_twenty_files_off_the_gui_thread(
    qtbot, workspace: Workspace, db_path: Path, corpus_files: list[Path],  # type: ignore[no-untyped-def]
    cp1256_file: Path, broken_json: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = [*corpus_files[:18], cp1256_file, broken_json]
    assert b"\r\n" in files[0].read_bytes()  # the corpus is CRLF
    gui_thread = threading.get_ident()
    opened: list[tuple[int, Workspace]] = []
    real_open = Workspace.open

    def spy_open(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert kwargs.get("import_seeds") is False
        ws = real_open(*args, **kwargs)
        opened.append((threading.get_ident(), ws))
        return ws

    monkeypatch.setattr(import_worker.Workspace, "open", spy_open)
    progress: list[tuple[int, int, str]] = []
    seen_during: list[int] = []
    running: list[bool] = []

    def on_progress(done: int, total: int, path: str) -> None:
        assert threading.get_ident() == gui_thread  # delivered on the GUI thread
        progress.append((done, total, path))
        seen_during.append(len(workspace.articles()))  # the GUI connection reads meanwhile

    job = ImportJob(db_path, files, editor_name="Test Editor")
    job.progress.connect(on_progress)
    job.running.connect(running.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT) as blocker:
        job.start()
    outcomes = blocker.args[0]

    [(worker_thread, worker_ws)] = opened
    assert worker_thread != gui_thread
    assert str(worker_ws.path) == str(db_path)
    with pytest.raises(sqlite3.ProgrammingError):  # the worker closed its connection
        worker_ws.db.execute("SELECT 1")
    assert running == [True, False]
    assert not job.is_running()

    assert [t for _, t, _ in progress] == [20] * 21
    assert [d for d, _, _ in progress] == list(range(21))
    assert [p for _, _, p in progress] == [*map(str, files), ""]
    assert seen_during and all(n >= 1 for n in seen_during)

    statuses = [o.status for o in outcomes]
    assert statuses.count(IMPORTED) == 19
    [failure] = [o for o in outcomes if o.status == FAILED]
    assert failure.path == str(broken_json)
    assert failure.error_code == "malformed"
    assert "line" in (failure.error or "") and "JSON" in (failure.error or "")
    summary = summarize(outcomes)
    assert (summary.imported, summary.duplicates, summary.failed) == (19, 0, 1)
    assert summary.error_lines[0].startswith("broken.json: ")

    # The GUI's own connection (opened before the import) sees every new article (WAL).
    assert len(workspace.articles()) == 1 + 19
    legacy = next(o for o in outcomes if o.path == str(cp1256_file))
    article = workspace.article(legacy.article_id)
    assert article.encoding == "cp1256"
    assert article.text == CP1256_TEXT  # CRLF canonicalised, letters right
    assert "\r" not in workspace.article(outcomes[0].article_id).text


def test_job_reports_a_workspace_it_cannot_open(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("plain text, not SQLite", encoding="utf-8")
    job = ImportJob(not_a_db, [not_a_db])
    with qtbot.waitSignal(job.failed, timeout=TIMEOUT) as blocker:
        job.start()
    assert "not a workspace" in blocker.args[0]
    with pytest.raises(ValueError):
        ImportJob(":memory:", [not_a_db])


# --- File > Import… in the window ---------------------------------------------------------------
def test_import_dialog_encoding_choice_and_result(
    qtbot, win, cp1256_file: Path, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    controller = win.importer
    assert controller.import_action in win.file_menu.actions()
    dialog = controller.choose_files()
    filters = " ".join(dialog.nameFilters())
    for suffix in (".txt", ".md", ".html", ".htm", ".json", ".jsonl"):
        assert f"*{suffix}" in filters
    combo = dialog.encoding_combo
    assert [combo.itemText(i) for i in range(combo.count())] == [
        "Auto", "UTF-8", "Windows-1256", "ISO-8859-6", "UTF-16"]
    assert dialog.encoding() is None
    assert [codec for _, codec in ENCODING_CHOICES][1:] == [
        "utf-8", "cp1256", "iso-8859-6", "utf-16"]

    # Forced to the wrong encoding: the file fails, with the reason, nothing is imported.
    dialog.setDirectory(str(cp1256_file.parent))
    dialog.selectFile(str(cp1256_file))
    dialog.set_encoding("utf-8")
    with _wait_imported(qtbot, controller) as blocker:
        dialog.accept()
    [outcome] = blocker.args[0]
    assert outcome.status == FAILED and outcome.error_code == "undecodable"
    result = controller.result_dialog
    assert result.isVisible()
    assert result.headline.textFormat() == Qt.TextFormat.PlainText
    [line] = result.lines(result.errors)
    assert line.startswith("windows-1256.txt: not valid utf-8")
    result.close()

    dialog = controller.choose_files()
    assert Path(dialog.directory().absolutePath()) == cp1256_file.parent  # remembered
    assert controller.preferences.get(IMPORT_DIRECTORY) == str(cp1256_file.parent)
    dialog.selectFile(str(cp1256_file))
    dialog.set_encoding("cp1256")
    with _wait_imported(qtbot, controller) as blocker:
        dialog.accept()
    [outcome] = blocker.args[0]
    assert outcome.status == IMPORTED and outcome.encoding == "cp1256"
    assert win.current_article.id == outcome.article_id  # opened
    assert win.article_title.text() == "خبر بترميز ويندوز"
    assert win.article_model.row_of(outcome.article_id) >= 0  # listed
    # Settings went to this test's own files, never the user's.
    assert controller.preferences.qsettings.fileName().startswith(str(tmp_path))


def test_result_lists_errors_and_duplicates_as_plain_text(
    qtbot, win, corpus_files: list[Path], tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    folder = tmp_path / "drop"
    folder.mkdir()
    original = folder / corpus_files[0].name
    original.write_bytes(corpus_files[0].read_bytes())
    copy = folder / "copy of the same article.txt"
    copy.write_bytes(corpus_files[0].read_bytes())
    markup = folder / "<i>broken<b>.json"
    markup.write_text("{not json", encoding="utf-8")
    controller = win.importer
    with _wait_imported(qtbot, controller) as blocker:
        controller.import_files([original, copy, markup])
    outcomes = blocker.args[0]
    assert [o.status for o in outcomes] == [IMPORTED, DUPLICATE, FAILED]
    result = controller.result_dialog
    assert result.headline.text().startswith("1 imported, 1 already present, 1 failed")
    [error] = result.lines(result.errors)
    assert error.startswith("<i>broken<b>.json: ")  # shown as typed, not as markup
    [duplicate] = result.lines(result.duplicates)
    assert duplicate.startswith("copy of the same article.txt: already in the workspace as")
    assert win.current_article.id == outcomes[0].article_id
    result.close()


def test_progress_cancel_keeps_what_was_imported(
    qtbot, win, db_path: Path, corpus_files: list[Path],  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = corpus_files[:20]
    gate = threading.Event()
    real_one = importing.import_one_file

    def slow_fourth(db, path, **kwargs):  # type: ignore[no-untyped-def]
        if str(path) == str(files[3]):
            gate.wait(20)  # the worker holds here until the editor has pressed Cancel
        return real_one(db, path, **kwargs)

    monkeypatch.setattr(importing, "import_one_file", slow_fourth)
    controller = win.importer
    job = controller.import_files(files)
    assert job is not None and controller.busy()
    # Rule 7: while the worker writes, the window does not.
    assert not controller.import_action.isEnabled()
    assert not controller.paste_action.isEnabled()
    assert not win.mark_action.isEnabled()
    assert not win.workspaces.open_action.isEnabled()
    dialog = controller.progress_dialog
    assert dialog is not None and dialog.maximum() == 20

    def press_cancel(done: int, total: int, path: str) -> None:
        if done == 3 and not gate.is_set():
            assert dialog.value() == 3
            dialog.findChild(QPushButton).click()
            gate.set()

    job.progress.connect(press_cancel)
    with _wait_imported(qtbot, controller) as blocker:
        pass
    outcomes = blocker.args[0]
    assert job.cancelled
    assert [o.status for o in outcomes] == [IMPORTED] * 4  # files 0-3; 4-19 never read
    assert controller.progress_dialog is None
    assert "cancelled" in controller.result_dialog.headline.text()
    assert controller.import_action.isEnabled() and win.mark_action.isEnabled()
    assert win.workspaces.open_action.isEnabled()
    assert win.current_article.id == outcomes[0].article_id

    with Workspace.open(db_path, import_seeds=False) as reopened:
        titles = {a.title for a in reopened.articles()}
        assert len(titles) == 1 + 4
        assert {o.title for o in outcomes} <= titles


def test_closing_the_window_during_an_import_waits_for_the_worker(
    qtbot, win, corpus_files: list[Path], monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    real_one = importing.import_one_file

    def slow(db, path, **kwargs):  # type: ignore[no-untyped-def]
        threading.Event().wait(0.05)
        return real_one(db, path, **kwargs)

    monkeypatch.setattr(importing, "import_one_file", slow)
    job = win.importer.import_files(corpus_files[:20])
    with qtbot.waitSignal(job.progress, timeout=TIMEOUT):
        pass
    win.close()  # cancels, waits for the thread, drops the result quietly
    assert not job.is_running() and job.cancelled
    assert win.importer.job is None and win.importer.result_dialog is None


# --- drag and drop ------------------------------------------------------------------------------
def _mime(*urls: QUrl) -> QMimeData:
    mime = QMimeData()
    mime.setUrls(list(urls))
    return mime


def test_drag_and_drop_helpers(tmp_path: Path, corpus_files: list[Path],
                               broken_json: Path) -> None:
    image = tmp_path / "photo.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    folder = tmp_path / "a-folder.txt"
    folder.mkdir()
    mime = _mime(
        QUrl.fromLocalFile(str(corpus_files[0])),
        QUrl("https://example.org/article.txt"),
        QUrl.fromLocalFile(str(image)),
        QUrl.fromLocalFile(str(tmp_path / "missing.txt")),
        QUrl.fromLocalFile(str(folder)),
        QUrl.fromLocalFile(str(broken_json)),
        QUrl.fromLocalFile(str(corpus_files[0])),
    )
    assert paths_from_mime(mime) == [str(corpus_files[0]), str(broken_json)]
    both = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(QPoint(5, 5), both, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    assert accept_drag(enter) and enter.isAccepted()
    assert enter.dropAction() == Qt.DropAction.CopyAction  # never a move of the editor's files
    move = QDragMoveEvent(QPoint(6, 6), both, mime, Qt.MouseButton.LeftButton,
                          Qt.KeyboardModifier.NoModifier)
    assert accept_drag(move)

    nothing = _mime(QUrl.fromLocalFile(str(image)), QUrl("https://example.org/a.txt"))
    refused = QDragEnterEvent(QPoint(5, 5), both, nothing, Qt.MouseButton.LeftButton,
                              Qt.KeyboardModifier.NoModifier)
    assert not accept_drag(refused) and not refused.isAccepted()
    text_only = QMimeData()
    text_only.setText("نص فقط")
    drop = QDropEvent(QPointF(5, 5), both, text_only, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    assert drop_paths(drop) == [] and not drop.isAccepted()
    move_only = QDropEvent(QPointF(5, 5), Qt.DropAction.MoveAction, mime,
                           Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    assert drop_paths(move_only) == []  # we copy or nothing


def test_dropping_files_on_the_window_imports_them(
    qtbot, win, corpus_files: list[Path]  # type: ignore[no-untyped-def]
) -> None:
    mime = _mime(*(QUrl.fromLocalFile(str(p)) for p in corpus_files[20:22]))
    center = QPointF(win.rect().center())
    actions = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    enter = QDragEnterEvent(center.toPoint(), actions, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    drop = QDropEvent(center, actions, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    with _wait_imported(qtbot, win.importer) as blocker:
        QApplication.sendEvent(win, drop)
    outcomes = blocker.args[0]
    assert [o.status for o in outcomes] == [IMPORTED, IMPORTED]
    assert drop.isAccepted() and drop.dropAction() == Qt.DropAction.CopyAction
    assert win.current_article.id == outcomes[0].article_id
    assert win.article_model.total() == 3
    win.importer.result_dialog.close()


# --- paste as new article -----------------------------------------------------------------------
def test_paste_as_new_article(
    qtbot, win, workspace: Workspace, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    text = "\r\n  عاجل: انفجار في الميناء  \r\nقال الدفاع المدني إن الحريق تمت السيطرة عليه.\r\n"
    QGuiApplication.clipboard().setText(text)
    asked: list[str] = []

    def get_text(parent, title, label, echo, prefill):  # type: ignore[no-untyped-def]
        asked.append(prefill)
        return "انفجار الميناء", True

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(get_text))
    with _wait_imported(qtbot, win.importer):
        win.importer.paste_action.trigger()
    assert asked == ["عاجل: انفجار في الميناء"]  # the first non-empty line, trimmed
    article = win.current_article
    assert article.title == "انفجار الميناء"
    assert article.text == text.replace("\r\n", "\n")  # canonical, nothing else changed
    assert article.encoding == "unicode"
    assert len(workspace.articles()) == 2

    # The same text again: reported, not imported twice; the existing article is shown.
    [seed] = [a for a in workspace.articles() if a.id != article.id]
    win.open_article(seed.id)
    outcome = win.importer.paste_as_article()
    assert outcome.status == DUPLICATE and outcome.article_id == article.id
    assert len(workspace.articles()) == 2
    assert win.current_article.id == article.id
    assert "already in the workspace" in win.importer.message_box.text()
    assert win.importer.message_box.textFormat() == Qt.TextFormat.PlainText
    win.importer.message_box.close()

    # Cancelling the title prompt imports nothing; an empty clipboard is reported.
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda *args: ("", False)))
    assert win.importer.paste_as_article("نص آخر لم يستورد") is None
    assert len(workspace.articles()) == 2
    QGuiApplication.clipboard().setText("   \n ")
    assert win.importer.paste_as_article() is None
    assert "no text" in win.importer.message_box.text()
    win.importer.message_box.close()


def test_first_line() -> None:
    assert first_line("\ufeff\n\n  سطر   أول \nثان") == "سطر أول"
    assert first_line(" \n ") == ""
    assert len(first_line("ب" * 500)) == 200


# --- workspaces ---------------------------------------------------------------------------------
def _future_workspace(path: Path) -> Path:
    Workspace.open(path, import_seeds=False).close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
            "VALUES ('annotator', 'm999_future', '2099-01-01T00:00:00')"
        )
    conn.close()
    return path


def test_new_open_and_recent_workspaces(
    qtbot, win, workspace: Workspace, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog

    controller = win.workspaces
    assert controller.recent.paths() == [str(db_path)]  # the open workspace is remembered
    seed_title = win.current_article.title

    target = tmp_path / "projects" / "election"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(target), "")))
    with qtbot.waitSignal(controller.switched) as switched:
        assert controller.new_workspace()
    created = target.with_suffix(".db")
    new = switched.args[0]
    assert win.workspace is new and new.path == str(created) and created.is_file()
    assert new.articles() == [] and win.current_article is None  # empty: no demo article
    assert win.undo_stack.count() == 0
    with pytest.raises(sqlite3.ProgrammingError):  # the previous workspace was closed
        workspace.db.execute("SELECT 1")
    assert controller.recent.paths() == [str(created), str(db_path)]

    # The window works on the new workspace.
    outcome = new.import_text("خبر في المساحة الجديدة\nنص قصير للخبر.")
    win.refresh_articles()
    assert win.current_article.id == outcome.article_id

    # New on an existing file: refused, nothing replaced.
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args, **kwargs: (str(db_path), "")))
    assert not controller.new_workspace()
    assert "already exists" in controller.message_box.text()
    assert win.workspace is new
    controller.message_box.close()

    # Open the first one again.
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda *args, **kwargs: (str(db_path), "")))
    assert controller.open_workspace()
    assert win.workspace.path == str(db_path)
    assert win.current_article.title == seed_title
    assert controller.recent.paths() == [str(db_path), str(created)]

    # Open Recent: numbered, "&" escaped, missing files pruned, Clear.
    odd = tmp_path / "R&D.db"
    Workspace.open(odd, import_seeds=False).close()
    controller.recent.add(odd)
    controller.rebuild_recent_menu()
    texts = [a.text() for a in controller.recent_actions()]
    assert texts[0] == f"&1  {str(odd).replace('&', '&&')}"
    assert [a.data() for a in controller.recent_actions()] == [
        str(odd), str(db_path), str(created)]
    [action] = [a for a in controller.recent_actions() if a.data() == str(created)]
    action.trigger()
    assert win.workspace.path == str(created)
    created_ws = win.workspace
    odd.unlink()
    controller.rebuild_recent_menu()
    assert [a.data() for a in controller.recent_actions()] == [str(created), str(db_path)]
    assert not controller.open_workspace_at(odd)
    assert "no longer exists" in controller.message_box.text()
    assert win.workspace is created_ws
    controller.message_box.close()
    controller.clear_recent_action.trigger()
    assert controller.recent.paths() == [] and controller.recent_actions() == []
    win.workspace.close()


def test_switching_takes_the_daily_backup_on_a_worker_thread(
    qtbot, win, workspace: Workspace, tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from annotator.services import backup

    monkeypatch.delenv(backup.AUTO_BACKUP_ENV, raising=False)
    used = tmp_path / "used.db"
    Workspace.open(used).close()  # holds the seed article: its backup is due when opened
    copying, release = threading.Event(), threading.Event()
    real_take = backup.take_backup

    def slow_take(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        copying.set()
        assert release.wait(10), "the test never released the copy"
        return real_take(path, *args, **kwargs)

    monkeypatch.setattr(backup, "take_backup", slow_take)
    controller = win.workspaces

    # The switch returns, and the window shows the workspace, while the copy is held.
    assert controller.open_workspace_at(used)
    assert copying.wait(10)
    assert win.workspace.path == str(used) and win.current_article is not None
    assert backup.auto_backups(used) == [] and len(controller.backups) == 1
    release.set()
    controller.finish_backups()  # what quitting the application does
    assert len(backup.auto_backups(used)) == 1 and controller.backups == []

    # Back and forth the same day: not due again.
    assert controller.open_workspace_at(Path(workspace.path))
    assert controller.open_workspace_at(used)
    controller.finish_backups()
    assert len(backup.auto_backups(used)) == 1
    win.workspace.close()


def test_refuses_a_newer_or_foreign_file_and_keeps_the_current_workspace(
    qtbot, win, workspace: Workspace, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    controller = win.workspaces
    future = _future_workspace(tmp_path / "future.db")
    before = future.read_bytes()
    assert not controller.open_workspace_at(future)
    box = controller.message_box
    assert "newer version" in box.text() and "m999_future" in box.informativeText()
    assert box.textFormat() == Qt.TextFormat.PlainText
    box.close()
    assert future.read_bytes() == before and not Path(f"{future}-wal").exists()
    assert win.workspace is workspace
    assert len(workspace.articles()) == 1  # still open and usable
    assert str(future) not in controller.recent.paths()

    text_file = tmp_path / "<b>notes<i>.db"
    text_file.write_text("ملاحظات، ليست قاعدة بيانات", encoding="utf-8")
    assert not controller.open_workspace_at(text_file)
    assert "not an Arabic News Annotator workspace" in controller.message_box.text()
    assert text_file.name in controller.message_box.informativeText()
    controller.message_box.close()
    assert win.workspace is workspace and win.current_article is not None


def test_no_switching_or_editing_while_an_import_runs(
    qtbot, win, workspace: Workspace, corpus_files: list[Path], tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from annotator.domain.operations import UpdateClaim

    other = tmp_path / "other.db"
    Workspace.open(other, import_seeds=False).close()
    job = win.importer.import_files(corpus_files[:2])
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda parent, title, text: told.append(text)))
    audit_before = len(workspace.audit_entries())
    win.submit(UpdateClaim("no-such-claim", (("note", "x"),)), "Edit note")
    win.submit_macro([UpdateClaim("no-such-claim", (("note", "x"),))], "Edit note")
    assert len(told) == 2 and "import is running" in told[0]
    assert win.undo_stack.count() == 0 and len(workspace.audit_entries()) == audit_before
    assert not win.workspaces.open_workspace_at(other)
    assert "import is running" in win.workspaces.message_box.text()
    win.workspaces.message_box.close()
    assert win.importer.paste_as_article("نص") is None
    with qtbot.waitSignal(win.importer.imported, timeout=TIMEOUT):
        pass
    assert not job.is_running() and win.workspace is workspace


def test_recent_list_is_capped_and_newest_first(tmp_path: Path) -> None:
    from PySide6.QtCore import QSettings

    from annotator.ui.settings import Preferences

    settings = QSettings(str(tmp_path / "recent.ini"), QSettings.Format.IniFormat)
    recent = RecentWorkspaces(Preferences(settings))
    paths = []
    for n in range(MAX_RECENT + 3):
        path = tmp_path / f"w{n}.db"
        path.write_bytes(b"")
        paths.append(str(path))
        recent.add(path)
    recent.add(paths[-3])  # again: moves to the front, once
    assert recent.paths()[0] == paths[-3]
    assert len(recent.paths()) == MAX_RECENT
    assert len(set(recent.paths())) == MAX_RECENT
    assert paths[0] not in recent.paths()
    assert settings.fileName() == str(tmp_path / "recent.ini")


def test_result_dialog_from_summary(qtbot) -> None:  # type: ignore[no-untyped-def]
    outcomes = [
        importing.ImportOutcome("/x/a.txt", IMPORTED, article_id="a1", title="أ",
                                encoding="cp1256"),
        importing.ImportOutcome("/x/b.txt", FAILED, error="/x/b.txt: empty article text\nmore",
                                error_code="empty"),
    ]
    summary = summarize(outcomes, cancelled=True)
    assert summary.first_article_id == "a1"
    assert summary.error_lines == ["b.txt: empty article text more"]  # one line each
    assert summary.note_lines == ["a.txt: read as cp1256"]
    dialog = ImportResultDialog(summary)
    qtbot.addWidget(dialog)
    assert dialog.lines(dialog.errors) == summary.error_lines
    assert dialog.duplicates.isHidden()


def test_arabic_interface_mirrors_the_dialogs(
    qtbot, workspace: Workspace, corpus_files: list[Path], broken_json: Path  # type: ignore[no-untyped-def]
) -> None:
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    create_app()
    window = MainWindow(workspace, language="ar")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    with _wait_imported(qtbot, window.importer) as blocker:
        window.importer.import_files([corpus_files[30], broken_json])
    assert [o.status for o in blocker.args[0]] == [IMPORTED, FAILED]
    result = window.importer.result_dialog
    assert result.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert result.lines(result.errors)[0].startswith("broken.json: ")
    dialog = window.importer.choose_files()
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    dialog.reject()
    result.close()
