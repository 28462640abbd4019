"""``annotator export FORMAT --out PATH [filters]``: the export command.

Kept apart from :mod:`annotator.cli` so the export formats can grow without touching the
other commands. ``cli`` wires it in with :func:`register` (parser) and :func:`run_export`
(command); nothing here writes to the workspace.

Exit status: 0 on success; 1 when the workspace refuses the selection (unknown article,
status, source or editor, bad date) or the output cannot be written, with one line on
stderr; 2 for a usage error (bad ``--split``, ``--split`` with a format that cannot be
split, ``--seed`` without ``--split``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import EDITOR_LAYER, REVIEWED_LAYER
from annotator.services.exports import FORMATS, ExportFilter, ExportOptions, export, parse_split
from annotator.services.workspace import Workspace

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

_DESCRIPTION = """\
Export articles and claims. Offsets in every format are Unicode code points into the stored
article text (end exclusive). Exports only read the workspace.

Formats:
""" + "\n".join(f"  {name:<15} {exporter.summary}" for name, exporter in FORMATS.items())


def register(
    subparsers: Any,
    common_parent_factory: Callable[..., argparse.ArgumentParser],
) -> argparse.ArgumentParser:
    """Add the ``export`` subcommand to ``subparsers``.

    ``common_parent_factory`` is the CLI's parent-parser factory (``cli._common``), called
    with ``json_flag=True`` for ``--db``, ``--editor`` and ``--json``. In this command
    ``--editor NAME`` selects the claims created or last changed by that editor (an export
    records no change, so the option has no other use here)."""
    p = subparsers.add_parser(
        "export",
        parents=[common_parent_factory(json_flag=True)],
        # The parent's --editor is redefined below with the filter's help text.
        conflict_handler="resolve",
        help="export articles and claims (JSONL, CSV, reports, ClaimReview, datasets...)",
        description=_DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("format", metavar="FORMAT", choices=list(FORMATS),
                   help="one of: " + ", ".join(FORMATS))
    p.add_argument("--out", required=True, metavar="PATH", type=Path,
                   help="output file (a directory with --split, and for brat)")
    p.add_argument("--article", action="append", default=[], metavar="ID",
                   help="only this article (id or unique prefix); repeatable")
    p.add_argument("--status", action="append", default=[], metavar="ID",
                   help="only claims with this status id; repeatable")
    p.add_argument("--source", action="append", default=[], metavar="NAME",
                   help="only claims attributed to this source (name or alias, speaker or "
                   "carrier); repeatable")
    p.add_argument("--editor", metavar="NAME", default=argparse.SUPPRESS,
                   help="only claims created or last changed by this editor")
    p.add_argument("--since", metavar="DATE",
                   help="only claims changed on or after DATE (ISO 8601, UTC by default)")
    p.add_argument("--layer", choices=("editors", "reviewed"), default="editors",
                   help="editors: every editor's claims (default); reviewed: the "
                   "adjudicated layer, only articles that have been reviewed")
    p.add_argument("--split", metavar="SPEC",
                   help="train/dev/test split by article, stratified by status, e.g. "
                   "train=0.8,dev=0.1,test=0.1; --out is then a directory")
    p.add_argument("--seed", type=int, metavar="N", help="seed for --split (default 0)")
    p.add_argument("--lang", choices=("ar", "en"), default="ar",
                   help="language of labels in reports and ClaimReview (default ar)")
    p.add_argument("--newsroom", default="Newsroom", metavar="NAME",
                   help="publisher named as ClaimReview author (default: Newsroom)")
    return p


def _options(args: argparse.Namespace) -> ExportOptions:
    split = parse_split(args.split) if args.split else ()
    return ExportOptions(
        lang=args.lang,
        newsroom=args.newsroom,
        split=split,
        seed=args.seed if args.seed is not None else 0,
    )


def run_export(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``annotator export`` with parsed ``args`` on ``ws``; returns the exit status."""
    if args.seed is not None and not args.split:
        err.write("error: --seed only applies with --split\n")
        return EXIT_USAGE
    try:
        options = _options(args)
    except AnnotatorError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_USAGE
    exporter = FORMATS[args.format]
    if options.split and not exporter.splittable:
        err.write(f"error: the {args.format} format cannot be split; splittable formats: "
                  + ", ".join(n for n, e in FORMATS.items() if e.splittable) + "\n")
        return EXIT_USAGE
    flt = ExportFilter(
        article_ids=tuple(args.article),
        status_ids=tuple(args.status),
        source_names=tuple(args.source),
        editor=getattr(args, "editor", None),
        since=args.since,
        layer=REVIEWED_LAYER if args.layer == "reviewed" else EDITOR_LAYER,
    )
    try:
        result = export(ws, args.format, args.out, flt, options)
    except AnnotatorError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_FAILED
    except NotImplementedError:
        err.write(f"error: the {args.format} export is not available in this version\n")
        return EXIT_FAILED
    except OSError as exc:
        err.write(f"error: cannot write {args.out}: {exc.strerror or exc}\n")
        return EXIT_FAILED
    for warning in result.warnings:
        err.write(f"warning: {warning}\n")
    if getattr(args, "json", False):
        json.dump({"format": args.format, "files": [str(f) for f in result.files],
                   "articles": result.articles, "claims": result.claims,
                   "warnings": result.warnings}, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(f"exported {result.claims} claims from {result.articles} articles as "
                  f"{args.format}: {', '.join(str(f) for f in result.files)}\n")
    return EXIT_OK
