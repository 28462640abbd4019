"""The window's start-up path: what it loads (checked in a fresh interpreter through
``sys.modules``), and how ``annotator.app`` tells a start of the window from a command."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path
from typing import NoReturn

import pytest

from annotator.app import gui_arguments

# What only other features need: pandas and numpy (installed by the test extra; sqlite-utils
# would import them), dateutil's parser (sqlite-utils' date recipes), the PDF writer, every
# export format, merging and agreement, the suggester, the command line's commands and the
# lookup of sqlite-utils plugins, the reader of annotated exports, adjudication, and
# the edit operations with their applier.
NOT_AT_START = (
    "pandas",
    "numpy",
    "dateutil.parser._parser",
    "dateutil.tz",
    "fpdf",
    "uharfbuzz",
    "annotator.cli",
    "annotator.services.exports",
    "annotator.ui.export_dialog",
    "annotator.services.merging",
    "annotator.services.agreement",
    "annotator.services.suggesting",
    "annotator.services.suggest_engine",
    "annotator.services.import_formats",  # annotated JSON imports only; the seed is text
    "annotator.services.reviewing",
    "annotator.domain.operations",  # the first edit loads them
    "annotator.services.annotating",
    "annotator.services.html_page",  # HTML imports only; the seed is text
    # Creating the workspace runs their schema steps (storage.schema_steps), not them.
    "annotator.storage.taxonomy_store",
    "annotator.storage.merge_store",
    "annotator.storage.review_store",
    "html.parser",
    "html.entities",  # tooltips escape with html on first use
    "importlib.metadata",
)
# Loaded after the first paint (the File menu's import, merge and workspace entries) or on
# first use (the preferences dialog), not before the window is drawn.
NOT_BEFORE_PAINT = (
    "annotator.ui.import_dialogs",
    "annotator.ui.review_dialogs",
    "annotator.ui.workspaces",
    "annotator.ui.preferences",
)

START_AND_REPORT = """\
import gc, json, sys
from annotator import app
from annotator.ui import main_window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

shown = {}
not_at_start, not_before_paint = sys.argv[2].split(","), sys.argv[3].split(",")

def show(window):
    QMainWindow.show(window)
    QApplication.processEvents()
    window.grab()
    shown["title"] = window.current_article.title if window.current_article else None
    shown["at_paint"] = [m for m in not_before_paint if m in sys.modules]
    shown["collecting_at_paint"] = gc.isenabled()
    import PySide6.QtWidgets as widgets
    shown["widget_types_at_paint"] = sorted(
        name for name in ("QCalendarWidget", "QFileDialog", "QWizard") if name in vars(widgets))
    window.first_painted.connect(lambda: shown.setdefault("collecting_after", gc.isenabled()))
    window.first_painted.connect(lambda: shown.setdefault("file_menu", [
        a.text() for a in window.file_menu.actions() if a.text()]))
    QTimer.singleShot(0, QApplication.instance().quit)

main_window.MainWindow.show = show
code = app.main(["--db", sys.argv[1]])
print(json.dumps({"code": code, "title": shown.get("title"),
                  "loaded": [m for m in not_at_start if m in sys.modules],
                  "at_paint": shown.get("at_paint"), "file_menu": shown.get("file_menu"),
                  "widget_types": shown.get("widget_types_at_paint"),
                  "collecting": [shown.get("collecting_at_paint"),
                                 shown.get("collecting_after"), gc.isenabled()]}))
"""


def _start_and_report(db: Path, tmp_path: Path, not_before_paint: tuple[str, ...]
                      ) -> dict[str, object]:
    import json

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_EDITOR="test",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", START_AND_REPORT, str(db),
         ",".join(NOT_AT_START), ",".join(not_before_paint)],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    assert report["title"], "the window showed no seed article"
    return report


def test_starting_the_window_loads_only_what_the_first_screen_needs(tmp_path: Path) -> None:
    report = _start_and_report(tmp_path / "ws.db", tmp_path, NOT_BEFORE_PAINT)
    assert report["loaded"] == []
    assert report["at_paint"] == []
    # No Python object was made for a widget Qt created (a scroll area's viewport...)
    # before the first paint: PySide would have created the types of every QWidget
    # subclass to find its class, ~10 ms (see ArticleView._after_first_paint).
    assert report["widget_types"] == []
    # The garbage collector waits for the first paint, and is on again right after it.
    assert report["collecting"] == [False, True, True]
    # ... and the File menu was complete right after the first paint, before any input.
    assert report["file_menu"] == [
        "&Import…", "&Paste as new article…", "&Export…", "&Merge workspace…",
        "&New workspace…", "&Open workspace…", "Open &recent"]
    # Later starts (the seed is in) do not load the importer either.
    report = _start_and_report(tmp_path / "ws.db", tmp_path,
                               (*NOT_BEFORE_PAINT, "annotator.services.importing"))
    assert report["loaded"] == [] and report["at_paint"] == []


# Starts the window on argv[1], paints it, then runs the event loop until an automatic
# backup appears or argv[2] ms have passed; reports the backups at the paint, when the loop
# ended and after the app returned.
START_AND_WATCH_BACKUPS = """\
import json, sys, time
from annotator import app
from annotator.services import backup
from annotator.ui import main_window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

path, wait_ms = sys.argv[1], int(sys.argv[2])
seen = {}

def show(window):
    QMainWindow.show(window)
    QApplication.processEvents()
    window.grab()
    seen["at_paint"] = len(backup.auto_backups(path))
    deadline = time.monotonic() + wait_ms / 1000
    timer = QTimer(window)

    def poll():
        count = len(backup.auto_backups(path))
        if count > seen["at_paint"] or time.monotonic() > deadline:
            seen["in_loop"] = count
            timer.stop()
            QApplication.instance().quit()

    timer.timeout.connect(poll)
    timer.start(5)

main_window.MainWindow.show = show
code = app.main(["--db", path])
seen["after"] = len(backup.auto_backups(path))
print(json.dumps({"code": code, **seen}))
"""


def _start_window(path: Path, wait_ms: int, tmp_path: Path) -> dict[str, int]:
    import json

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_EDITOR="test",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    env.pop("ANNOTATOR_AUTO_BACKUP", None)
    done = subprocess.run(
        [sys.executable, "-c", START_AND_WATCH_BACKUPS, str(path), str(wait_ms)],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report.pop("code") == 0
    return report


def test_the_daily_backup_is_taken_after_the_window_is_painted(tmp_path: Path) -> None:
    """Once a day, not for a workspace that was blank when opened (created and seeded by
    this start), and never before the first paint: it no longer delays the window."""
    path = tmp_path / "ws.db"
    assert _start_window(path, 300, tmp_path) == {"at_paint": 0, "in_loop": 0, "after": 0}
    # The seeded workspace's first start of the day: copied while the window runs.
    assert _start_window(path, 20_000, tmp_path) == {"at_paint": 0, "in_loop": 1, "after": 1}
    # The same day again: no second copy.
    assert _start_window(path, 300, tmp_path) == {"at_paint": 1, "in_loop": 1, "after": 1}


def test_the_core_imports_sqlite_utils_without_pandas_which_still_imports_later() -> None:
    code = (
        "import sys\n"
        "import annotator.services.workspace\n"
        "import sqlite_utils.db\n"
        "assert 'pandas' not in sys.modules and 'numpy' not in sys.modules\n"
        "assert sqlite_utils.db.pd is None\n"
        "import pandas, numpy\n"  # nothing is left blocked
        "assert pandas.DataFrame({'a': [1]}).shape == (1, 1)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_sqlite_utils_case_insensitive_pattern_compiles_on_first_use(tmp_path: Path) -> None:
    """sqlite-utils' ``CREATE VIRTUAL TABLE`` reader is compiled when first used, not at
    import; it then reads a workspace's search table as before, and ``re.compile`` is the
    real one again for everyone else."""
    code = (
        "import re, sys\n"
        "from annotator.services.workspace import Workspace\n"
        "import sqlite_utils.db as db\n"
        "assert not isinstance(db._virtual_table_using_re, re.Pattern)\n"
        "assert isinstance(db._quote_fts_re, re.Pattern)\n"
        "assert re.compile('a', re.I).match('A')\n"
        "assert isinstance(re.compile('x', re.I), re.Pattern)\n"
        "ws = Workspace.open(sys.argv[1], editor_name='t', import_seeds=False)\n"
        "assert ws.db['search_fts'].virtual_table_using == 'FTS5'\n"
        "assert ws.db['articles'].virtual_table_using is None\n"
        "assert isinstance(db._virtual_table_using_re._compiled, re.Pattern)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path / "ws.db")],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def test_dateutil_parser_loads_on_first_use() -> None:
    """sqlite-utils imports it for its date recipes; the core does not load it, and whoever
    uses it (the recipes, or an import of its own) gets the real module."""
    code = (
        "import sys\n"
        "import annotator.services.workspace\n"
        "from sqlite_utils import recipes\n"
        "assert 'dateutil.parser._parser' not in sys.modules\n"
        "assert recipes.parsedate('1 March 2025') == '2025-03-01'\n"
        "assert recipes.parsedate('not a date', errors=recipes.SET_NULL) is None\n"
        "import dateutil.parser\n"
        "assert dateutil.parser.parse('2025-03-01T08:15').hour == 8\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]


class _Refusing(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise ValueError(message)


def _argparse_reading(parser: argparse.ArgumentParser, argv: list[str]
                      ) -> tuple[str | None, str | None] | None:
    """What the window's start took from the command line when argparse read it (before
    ``gui_arguments`` read it by hand): the reference it must agree with."""
    try:
        known, rest = parser.parse_known_args(argv)
    except ValueError:
        return None
    return (known.db, known.editor) if rest in ([], ["gui"]) else None


def test_the_hand_reading_agrees_with_argparse_or_leaves_it_to_the_full_parser() -> None:
    """Every command line of up to four of these words: where ``gui_arguments`` reads one,
    argparse read the same; where it does not (None), the full parser takes it, as before.
    It only declines forms argparse accepted when a value starts with "-"."""
    import itertools

    parser = _Refusing(add_help=False, allow_abbrev=False)
    parser.add_argument("--db")
    parser.add_argument("--editor")
    words = ["gui", "--db", "--db=w.db", "--db=", "w.db", "--editor", "--editor=a=b",
             "Salma", "-x", "--", "--ed", "-h"]
    declined = []
    for length in range(5):
        for argv in itertools.product(words, repeat=length):
            mine = gui_arguments(list(argv))
            reference = _argparse_reading(parser, list(argv))
            if mine is None:
                if reference is not None:
                    declined.append(argv)
                continue
            assert (mine.db, mine.editor) == reference, argv
    assert all(any(value.startswith("-") for value in argv) for argv in declined)


@pytest.mark.parametrize(("argv", "db", "editor"), [
    ([], None, None),
    (["gui"], None, None),
    (["--db", "w.db"], "w.db", None),
    (["--db=w.db", "gui", "--editor", "Salma"], "w.db", "Salma"),
    (["gui", "--editor", "Salma", "--db", "w.db"], "w.db", "Salma"),
    (["--db", "a.db", "--db", "b.db"], "b.db", None),  # the last one counts
    (["--db", "gui"], "gui", None),
    (["--db="], "", None),
    (["--editor=a=b"], None, "a=b"),
])
def test_a_start_of_the_window_is_read_without_the_full_parser(
    argv: list[str], db: str | None, editor: str | None
) -> None:
    args = gui_arguments(argv)
    assert args is not None
    assert (args.db, args.editor) == (db, editor)


@pytest.mark.parametrize("argv", [
    ["--help"], ["gui", "-h"], ["--version"], ["articles"], ["import", "a.txt"],
    ["--db", "w.db", "articles"], ["--ed", "Salma"], ["--db"], ["gui", "gui"], ["--unknown"],
    ["--db", "-x"], ["--", "gui"], ["-"], ["--db", "w.db", "extra"],
])
def test_everything_else_goes_to_the_command_line(argv: list[str]) -> None:
    assert gui_arguments(argv) is None


def test_a_workspace_that_cannot_open_is_refused_in_plain_text(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """The window does not start; the box names the file literally (a name like
    ``<b>x.db`` is not markup), and the collector paused for the start is on again."""
    import gc

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from annotator.app import pause_collection_until_first_paint
    from annotator.ui.application import run_gui

    path = tmp_path / "<b>notes.db"
    path.write_bytes(b"not a database, just some bytes")
    shown: list[tuple[Qt.TextFormat, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.textFormat(), box.text()))
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    pause_collection_until_first_paint()
    try:
        assert run_gui(path, editor="test") == 1
        assert gc.isenabled()
    finally:
        gc.enable()
    [(fmt, text)] = shown
    assert fmt == Qt.TextFormat.PlainText
    assert "<b>notes.db" in text and "not SQLite" in text
    assert path.read_bytes() == b"not a database, just some bytes"
