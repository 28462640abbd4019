"""The composition root: parse the command line, open the workspace, start the window or
run a command. Nothing imports this module."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from annotator import cli

    argv = list(sys.argv[1:] if argv is None else argv)
    args = cli.build_parser().parse_args(argv)
    if args.command in (None, "gui"):
        from annotator.services.workspace import default_db_path
        from annotator.ui.application import run_gui

        return run_gui(getattr(args, "db", None) or default_db_path(),
                       editor=getattr(args, "editor", None))
    return cli.run(argv)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
