"""The window's start-up path: what it loads (checked in a fresh interpreter through
``sys.modules``), and how ``annotator.app`` tells a start of the window from a command."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.app import gui_arguments

# What only other features need: pandas and numpy (installed by the test extra; sqlite-utils
# would import them), the PDF writer, every export format, merging and agreement, the
# suggester, the command line's commands and the lookup of sqlite-utils plugins.
NOT_AT_START = (
    "pandas",
    "numpy",
    "fpdf",
    "uharfbuzz",
    "annotator.cli",
    "annotator.services.exports",
    "annotator.ui.export_dialog",
    "annotator.services.merging",
    "annotator.services.agreement",
    "annotator.services.suggesting",
    "annotator.services.suggest_engine",
    "importlib.metadata",
)

START_AND_REPORT = """\
import json, sys
from annotator import app
from annotator.ui import main_window
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

shown = {}

def show(window):
    QMainWindow.show(window)
    QApplication.processEvents()
    window.grab()
    shown["title"] = window.current_article.title if window.current_article else None
    QTimer.singleShot(0, QApplication.instance().quit)

main_window.MainWindow.show = show
code = app.main(["--db", sys.argv[1]])
print(json.dumps({"code": code, "title": shown.get("title"),
                  "loaded": [m for m in sys.argv[2:] if m in sys.modules]}))
"""


def test_starting_the_window_loads_only_what_the_first_screen_needs(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANNOTATOR_EDITOR="test",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"))
    done = subprocess.run(
        [sys.executable, "-c", START_AND_REPORT, str(tmp_path / "ws.db"), *NOT_AT_START],
        env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    import json

    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["code"] == 0
    assert report["title"], "the window showed no seed article"
    assert report["loaded"] == []


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


@pytest.mark.parametrize(("argv", "db", "editor"), [
    ([], None, None),
    (["gui"], None, None),
    (["--db", "w.db"], "w.db", None),
    (["--db=w.db", "gui", "--editor", "Salma"], "w.db", "Salma"),
    (["gui", "--editor", "Salma", "--db", "w.db"], "w.db", "Salma"),
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
])
def test_everything_else_goes_to_the_command_line(argv: list[str]) -> None:
    assert gui_arguments(argv) is None
