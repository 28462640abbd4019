"""File > Export… in the window: the form and the request it makes, the worker on its own
thread and connection, progress, cancel (nothing written, older file kept), the result
opened when done, and the Arabic interface. No modal ``exec()`` runs."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMainWindow, QMenu, QPushButton

from annotator.services.exports import ExportFilter, ExportOptions
from annotator.services.workspace import Workspace
from annotator.ui import export_dialog
from annotator.ui.export_dialog import (
    EXPORT_DIRECTORY,
    EXPORT_OPEN_RESULT,
    ExportDialog,
    ExportJob,
    ExportRequest,
    install_export_action,
)

TIMEOUT = 60_000


@pytest.fixture
def marked(workspace: Workspace, seed_article_id: str, corpus_files: list[Path]) -> Workspace:
    """The seed with three claims, and two corpus articles without."""
    workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                        speakers=["مصادر أمنية وحكومية"], carriers=["رويترز"], status_id="true")
    workspace.add_claim(seed_article_id, quote="أصيب جنود أميركيين بجروح طفيفة",
                        speakers=["مسؤول أميركي"], status_id="false")
    workspace.add_claim(seed_article_id, quote="مهاجمين أطلقوا", status_id="in_progress")
    workspace.import_paths(corpus_files[:2])
    return workspace


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """What "open the result when done" opened (instead of a desktop application)."""
    calls: list[Path] = []
    monkeypatch.setattr(export_dialog, "open_path", lambda path: calls.append(path) or True)
    return calls


@pytest.fixture
def win(window: QMainWindow) -> Any:
    """The main window with File > Export… (installed by the glue in ``main_window.py``, or
    here with the same call until the glue has landed)."""
    if not hasattr(window, "exporter"):
        window.exporter = install_export_action(  # type: ignore[attr-defined]
            window, window.file_menu, preferences=window.preferences)  # type: ignore[attr-defined]
    return window


# --- the worker -------------------------------------------------------------------------------
def test_job_exports_off_the_gui_thread_with_its_own_connection(
    qtbot, marked: Workspace, db_path: Path, tmp_path: Path,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gui_thread = threading.get_ident()
    opened_by: list[tuple[int, Workspace, bool]] = []
    real_open = Workspace.open

    def spy_open(*args, **kwargs):  # type: ignore[no-untyped-def]
        ws = real_open(*args, **kwargs)
        opened_by.append((threading.get_ident(), ws, kwargs.get("import_seeds", True)))
        return ws

    monkeypatch.setattr(export_dialog.Workspace, "open", spy_open)
    progress: list[tuple[int, int]] = []
    running: list[bool] = []
    out = tmp_path / "out" / "claims.jsonl"
    job = ExportJob(ExportRequest(str(db_path), "jsonl", out))
    job.progress.connect(lambda d, t: progress.append((d, t)))
    job.running.connect(running.append)
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT) as blocker:
        job.start()
    result = blocker.args[0]
    [(thread, worker_ws, seeds)] = opened_by
    assert thread != gui_thread and seeds is False
    with pytest.raises(sqlite3.ProgrammingError):  # the worker closed its connection
        worker_ws.db.execute("SELECT 1")
    assert running == [True, False] and not job.is_running()
    assert progress[-1] == (3, 3) and [d for d, _ in progress] == sorted(d for d, _ in progress)
    assert (result.articles, result.claims, result.files) == (3, 3, [out])
    lines = out.read_text(encoding="utf-8").splitlines()
    assert sum(len(json.loads(line)["spans"]) for line in lines) == 3
    # The window's own connection was never used by the worker, and still works.
    assert len(marked.claims()) == 3


def test_job_reports_what_it_cannot_do(qtbot, marked: Workspace, db_path: Path,  # type: ignore[no-untyped-def]
                                       tmp_path: Path) -> None:
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_text("plain text", encoding="utf-8")
    job = ExportJob(ExportRequest(str(not_a_db), "jsonl", tmp_path / "x.jsonl"))
    with qtbot.waitSignal(job.failed, timeout=TIMEOUT) as blocker:
        job.start()
    assert "not a workspace" in blocker.args[0]
    job = ExportJob(ExportRequest(str(db_path), "jsonl", tmp_path / "x.jsonl",
                                  ExportFilter(status_ids=("no-such-status",))))
    with qtbot.waitSignal(job.failed, timeout=TIMEOUT) as blocker:
        job.start()
    assert "unknown status" in blocker.args[0]
    assert not (tmp_path / "x.jsonl").exists()
    with pytest.raises(ValueError):
        ExportJob(ExportRequest(":memory:", "jsonl", tmp_path / "x.jsonl"))


# --- the form ---------------------------------------------------------------------------------
def test_the_form_makes_the_same_request_as_the_cli(qtbot, marked: Workspace,  # type: ignore[no-untyped-def]
                                                    seed_article_id: str,
                                                    tmp_path: Path) -> None:
    dialog = ExportDialog(marked, current_article=(seed_article_id, "عنوان"), language="en",
                          directory=str(tmp_path))
    qtbot.addWidget(dialog)
    assert dialog.current_radio.isChecked() and dialog.current_radio.isEnabled()
    dialog.set_format("csv")
    assert dialog.out_edit.text() == str(tmp_path / "claims.csv")
    assert not dialog.split_check.isEnabled() or dialog.format_name() == "csv"
    dialog.check(dialog.status_list, ("true", "false"))
    reuters = next(s.id for s in marked.sources() if s.name_en == "Reuters")
    dialog.check(dialog.source_list, (reuters,))
    dialog.editor_combo.setCurrentIndex(dialog.editor_combo.findData("Test Editor"))
    dialog.since_check.setChecked(True)
    dialog.since_edit.setDate(QDate(2026, 1, 31))
    dialog.lang_combo.setCurrentIndex(dialog.lang_combo.findData("ar"))
    dialog.open_check.setChecked(False)
    request = dialog.request()
    assert request.format_name == "csv"
    assert request.out == tmp_path / "claims.csv"
    assert request.db_path == marked.path
    assert request.filter == ExportFilter(article_ids=(seed_article_id,),
                                          status_ids=("true", "false"),
                                          source_names=(reuters,), editor="Test Editor",
                                          since="2026-01-31")
    assert request.options == ExportOptions(lang="ar")
    assert request.open_result is False

    # All articles, no claim filter; a training format with a split writes a folder.
    dialog.all_radio.setChecked(True)
    dialog.check(dialog.status_list, ())
    dialog.check(dialog.source_list, ())
    dialog.editor_combo.setCurrentIndex(0)
    dialog.since_check.setChecked(False)
    dialog.set_format("jsonl")
    assert dialog.split_check.isEnabled()
    dialog.split_check.setChecked(True)
    dialog.seed_spin.setValue(7)
    assert dialog.out_edit.text() == str(tmp_path / "claims")
    request = dialog.request()
    assert request.filter == ExportFilter()
    assert request.options.split == (("train", 0.8), ("dev", 0.1), ("test", 0.1))
    assert request.options.seed == 7
    # The reviewed layer, as `--layer reviewed`.
    dialog.layer_combo.setCurrentIndex(dialog.layer_combo.findData("reviewed"))
    assert dialog.request().filter == ExportFilter(layer="reviewed")
    dialog.layer_combo.setCurrentIndex(0)
    # A report cannot be split: the split is off whatever the box says.
    dialog.set_format("report-html")
    assert not dialog.split_check.isEnabled()
    assert dialog.request().options.split == ()
    assert dialog.out_edit.text() == str(tmp_path / "claims.html")
    # brat writes a folder.
    dialog.set_format("brat")
    assert dialog.out_edit.text() == str(tmp_path / "claims")


def test_the_form_refuses_a_bad_split_and_stays_open(qtbot, marked: Workspace,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    dialog = ExportDialog(marked, current_article=None, directory=str(tmp_path))
    qtbot.addWidget(dialog)
    assert not dialog.current_radio.isEnabled() and dialog.all_radio.isChecked()
    dialog.set_format("conll")
    dialog.split_check.setChecked(True)
    dialog.split_edit.setText("train=0.9,test=0.3")
    accepted: list[bool] = []
    dialog.accepted.connect(lambda: accepted.append(True))
    dialog.accept()
    assert accepted == [] and dialog.error and "add up to 1" in dialog.error
    dialog.split_edit.setText("train=0.7,test=0.3")
    dialog.out_edit.setText("")
    dialog.accept()
    assert accepted == [] and "Choose where" in (dialog.error or "")
    dialog.out_edit.setText(str(tmp_path / "conll"))
    dialog.accept()
    assert accepted == [True] and dialog.error is None


# --- in the window ------------------------------------------------------------------------------
def test_file_export_runs_and_opens_the_result(
    qtbot, win, marked: Workspace, tmp_path: Path, opened: list[Path],  # type: ignore[no-untyped-def]
) -> None:
    controller = win.exporter
    assert controller.action in win.file_menu.actions()
    assert isinstance(win.file_menu, QMenu)
    dialog = controller.open_dialog()
    assert dialog is not None and dialog.isVisible()  # open(): no blocking exec()
    assert dialog.current_radio.isChecked()  # the article open in the window
    dialog.all_radio.setChecked(True)
    dialog.set_format("label-studio")
    out = tmp_path / "exports" / "tasks.json"
    dialog.out_edit.setText(str(out))
    dialog.open_check.setChecked(True)
    with qtbot.waitSignal(controller.exported, timeout=TIMEOUT) as blocker:
        dialog.accept()
        assert controller.busy() and not controller.action.isEnabled()
    result = blocker.args[0]
    assert result.files == [out, tmp_path / "exports" / "tasks.config.xml"]
    assert opened == [out]
    assert controller.action.isEnabled() and not controller.busy()
    assert controller.progress_dialog is None
    box = controller.message_box
    assert box is not None and box.textFormat() == Qt.TextFormat.PlainText
    assert "3 claims from 3 articles" in box.text()
    assert win.preferences.get(EXPORT_DIRECTORY) == str(out.parent)
    assert win.preferences.get(EXPORT_OPEN_RESULT) is True
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 3
    # Only the current article: the next dialog proposes the last folder.
    dialog = controller.open_dialog()
    assert Path(dialog.out_edit.text()).parent == out.parent
    dialog.reject()


def test_cancel_writes_nothing_and_keeps_the_older_file(
    qtbot, win, marked: Workspace, tmp_path: Path, opened: list[Path],  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "claims.jsonl"
    out.write_text("an older export\n", encoding="utf-8")
    gate = threading.Event()
    real_export = export_dialog.export

    def held_export(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.wait(20)  # the worker holds here until the editor has pressed Cancel
        return real_export(*args, **kwargs)

    monkeypatch.setattr(export_dialog, "export", held_export)
    controller = win.exporter
    request = ExportRequest(marked.path, "jsonl", out, open_result=True)
    job = controller.start(request)
    assert job is not None
    progress = controller.progress_dialog
    assert progress is not None
    with qtbot.waitSignal(job.cancelled, timeout=TIMEOUT):
        progress.findChild(QPushButton).click()  # Cancel
        gate.set()
    assert out.read_text(encoding="utf-8") == "an older export\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
    assert opened == []
    assert controller.job is None and controller.progress_dialog is None
    assert "nothing was written" in controller.message_box.text()


def test_closing_the_window_during_an_export_waits_for_the_worker(
    qtbot, win, marked: Workspace, tmp_path: Path, opened: list[Path],  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started = threading.Event()
    real_export = export_dialog.export

    def slow_export(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.set()
        threading.Event().wait(0.2)
        return real_export(*args, **kwargs)

    monkeypatch.setattr(export_dialog, "export", slow_export)
    out = tmp_path / "report.html"
    job = win.exporter.start(ExportRequest(marked.path, "report-html", out, open_result=True))
    assert started.wait(20)
    win.close()  # cancels, waits for the thread, drops the result quietly
    assert not job.is_running()
    assert win.exporter.job is None
    assert not out.exists() and opened == []


def test_the_window_goes_on_editing_during_an_export(
    qtbot, win, marked: Workspace, seed_article_id: str, tmp_path: Path,  # type: ignore[no-untyped-def]
    opened: list[Path], monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Exports only read: the GUI connection may write meanwhile, and the export holds one
    snapshot (the claim added meanwhile is not in it)."""
    gate = threading.Event()
    real_export = export_dialog.export

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        def progress(done: int, total: int) -> None:
            kwargs["progress"](done, total)
            if done == 1:
                gate.wait(20)

        return real_export(*args, **{**kwargs, "progress": progress})

    monkeypatch.setattr(export_dialog, "export", held)
    out = tmp_path / "claims.jsonl"
    job = win.exporter.start(ExportRequest(marked.path, "jsonl", out))
    with qtbot.waitSignal(job.progress, timeout=TIMEOUT):
        pass
    added = marked.add_claim(seed_article_id, quote="جنود أميركيين")  # on the GUI connection
    with qtbot.waitSignal(job.finished, timeout=TIMEOUT):
        gate.set()
    text = out.read_text(encoding="utf-8")
    spans = [s["id"] for line in text.splitlines() for s in json.loads(line)["spans"]]
    assert added.id not in spans and len(spans) == 3


def test_the_arabic_interface_mirrors_the_export_dialog(qtbot, marked: Workspace,  # type: ignore[no-untyped-def]
                                                        tmp_path: Path) -> None:
    parent = QMainWindow()
    qtbot.addWidget(parent)
    parent.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    parent.workspace = marked  # type: ignore[attr-defined]
    parent.current_article = None  # type: ignore[attr-defined]
    menu = parent.menuBar().addMenu("ملف")
    controller = install_export_action(parent, menu)
    dialog = controller.open_dialog()
    assert dialog is not None
    assert dialog.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert dialog.lang_combo.currentData() == "ar"
    labels = {dialog.status_list.item(i).text() for i in range(dialog.status_list.count())}
    assert "زائف" in labels
    dialog.reject()
