"""The composition root: parse the command line, open the workspace, start the window or
run a command. Nothing imports this module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn


class _NotTheWindow(Exception):
    """The command line is not a plain start of the window: the full parser takes it."""


class _GuiParser(argparse.ArgumentParser):
    """Raises instead of printing usage and exiting: the full parser reports errors."""

    def error(self, message: str) -> NoReturn:
        raise _NotTheWindow(message)


def gui_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """``--db`` and ``--editor`` when ``argv`` starts the window (no command, or ``gui``,
    with only those options), else None.

    Why not the full parser: building it imports every command's services (exports with
    their PDF writer, merging, agreement, taxonomy...), a tenth of a second of the window's
    cold start spent on commands it does not run. Anything else, including ``--help``,
    ``--version``, abbreviated or unknown options and usage errors, returns None and goes to
    :func:`annotator.cli.build_parser`, so the command line behaves exactly as before.
    """
    parser = _GuiParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--db")
    parser.add_argument("--editor")
    try:
        known, rest = parser.parse_known_args(list(argv))
    except _NotTheWindow:
        return None
    return known if rest in ([], ["gui"]) else None


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    gui = gui_arguments(argv)
    if gui is None:
        from annotator import cli

        args = cli.build_parser().parse_args(argv)
        if args.command not in (None, "gui"):
            return cli.run(argv)
        gui = argparse.Namespace(db=getattr(args, "db", None),
                                 editor=getattr(args, "editor", None))
    # The core before Qt: once PySide6 is loaded, its import hook reads the source of every
    # module imported after it (looking for "PySide6" in it); the core never needs that,
    # and skipping it for sqlite-utils and the core saves ~20 ms of the window's start.
    from annotator.services.workspace import default_db_path
    from annotator.ui.application import run_gui

    return run_gui(gui.db or default_db_path(), editor=gui.editor)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
