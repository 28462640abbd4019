"""The composition root: parse the command line, open the workspace, start the window or
run a command. Nothing imports this module."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import NamedTuple

_GUI_OPTIONS = ("--db", "--editor")


class GuiArguments(NamedTuple):
    """What a start of the window takes from the command line."""

    db: str | None = None
    editor: str | None = None


def gui_arguments(argv: Sequence[str]) -> GuiArguments | None:
    """``--db`` and ``--editor`` when ``argv`` starts the window (no command, or ``gui``,
    with only those options), else None.

    Why not the full parser: building it imports every command's services (exports with
    their PDF writer, merging, agreement, taxonomy...), a tenth of a second of the window's
    cold start spent on commands it does not run. Why not argparse either: building even
    this small parser and parsing with it took ~2 ms of that start (measured with argparse
    already imported). Only the plainest forms are read here: ``--db PATH``,
    ``--db=PATH`` (the same for ``--editor``; the last one counts, as with argparse) and
    at most one ``gui``. Anything else, including ``--help``, ``--version``, abbreviated or
    unknown options, ``--``, a value that starts with ``-`` and usage errors, returns None
    and goes to :func:`annotator.cli.build_parser`, so the command line behaves exactly as
    before (``tests/ui/test_startup.py`` checks the agreement with argparse).
    """
    values: dict[str, str] = {}
    commands = 0
    tokens = list(argv)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token == "gui":
            commands += 1
            if commands > 1:
                return None
            continue
        name, equals, value = token.partition("=")
        if name not in _GUI_OPTIONS:
            return None
        if not equals:
            if index >= len(tokens) or tokens[index].startswith("-"):
                return None
            value = tokens[index]
            index += 1
        values[name[2:]] = value
    return GuiArguments(**values)


def pause_collection_until_first_paint() -> None:
    """Switch Python's cyclic garbage collector off for the window's start; the window
    switches it on again once it is drawn (:func:`annotator.ui.application.run_gui`).

    Why: a start allocates hundreds of thousands of objects that live as long as the process
    (modules, classes, Qt's enum types) and creates almost no garbage cycles. The collector
    still ran every 700 allocations and walked the growing heap: ~10 ms of the cold start,
    measured, which freed nothing worth having. Reference counting still frees everything
    else at once. Called on the GUI thread before anything is imported for the window.
    """
    import gc

    gc.disable()


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    gui = gui_arguments(argv)
    if gui is None:
        from annotator import cli

        args = cli.build_parser().parse_args(argv)
        if args.command not in (None, "gui"):
            return cli.run(argv)
        gui = GuiArguments(db=getattr(args, "db", None), editor=getattr(args, "editor", None))
    pause_collection_until_first_paint()
    # The core before Qt: once PySide6 is loaded, its import hook reads the source of every
    # module imported after it (looking for "PySide6" in it); the core never needs that,
    # and skipping it for sqlite-utils and the core saves ~20 ms of the window's start.
    # Not on a thread beside Qt's import: measured, importing the core on a worker thread
    # while this one imports PySide6 and makes the QApplication made the start ~25 ms
    # slower, not faster. Both imports hold the GIL throughout (loading Qt's libraries
    # included), so they only take turns, and the hook then scans the core too.
    from pathlib import Path

    from annotator.services.workspace import default_db_path

    db_path = Path(gui.db) if gui.db else default_db_path()
    if not db_path.exists():
        # A first start: the new workspace receives the seed articles. The importer loads
        # only for that (not on later starts); load it here, before Qt's hook, too.
        import annotator.services.importing  # noqa: F401
    from annotator.ui.application import run_gui

    return run_gui(db_path, editor=gui.editor)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
