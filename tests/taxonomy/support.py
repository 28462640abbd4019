"""Helpers shared by the taxonomy and suggestion tests.

``run_cli`` drives the commands of
``annotator.cli_taxonomy`` through the real argument parser, as ``annotator.cli.run`` would.
"""

from __future__ import annotations

import argparse
import io
from pathlib import Path

from annotator import cli, cli_taxonomy
from annotator.domain.errors import AnnotatorError
from annotator.services.workspace import Workspace


def build_parser() -> argparse.ArgumentParser:
    """``annotator.cli``'s parser with this feature's commands registered (idempotent:
    when ``cli`` already registers them, it is returned as is)."""
    parser = cli.build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    if "suggest" not in sub.choices:
        cli_taxonomy.register(sub, cli._common)
    return parser


def run_cli(db: Path | str, *argv: str, editor: str = "Test Editor") -> tuple[int, str, str]:
    """Run one command on the workspace at ``db``: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        args = build_parser().parse_args([*argv, "--db", str(db), "--editor", editor])
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    with Workspace.open(db, editor_name=args.editor) as ws:
        try:
            code = cli_taxonomy.dispatch(ws, args, out, err)
        except AnnotatorError as exc:
            err.write(f"error: {exc}\n")
            code = cli.EXIT_FAILED
    assert code is not None, f"{args.command} is not a taxonomy command"
    return code, out.getvalue(), err.getvalue()
