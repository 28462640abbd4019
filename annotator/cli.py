"""The command line: a thin layer over the same services the window uses.

Every subcommand accepts ``--db PATH`` (default ``$ANNOTATOR_DB`` or ``annotations.db`` in the
user data directory) and ``--json`` where it prints data. Errors print one line per problem to
stderr and the exit status is non-zero: 1 for bad input or a refused change, 2 for usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any, TextIO

from annotator import (
    __version__,
    cli_adjudicate,
    cli_backup,
    cli_export,
    cli_review,
    cli_taxonomy,
)
from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Article, Claim
from annotator.services import importing
from annotator.services.workspace import Workspace, default_db_path
from annotator.storage.db import translate_sqlite_errors

EXIT_OK = 0
EXIT_FAILED = 1

DESCRIPTION = """\
Annotate and fact-check Arabic news: claims, sources, verification status.
Run without a command to start the desktop app."""


def _common(json_flag: bool = False) -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="workspace database (default: $ANNOTATOR_DB or annotations.db in the user data "
        "directory)",
    )
    parent.add_argument(
        "--editor",
        metavar="NAME",
        default=argparse.SUPPRESS,
        help="editor recorded for changes (default: $ANNOTATOR_EDITOR or the login name)",
    )
    if json_flag:
        parent.add_argument("--json", action="store_true", help="print JSON for scripts")
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="annotator",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        parents=[_common()],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("gui", parents=[_common()], help="start the desktop app (the default)",
                   description="Start the desktop app on the workspace.")

    p = sub.add_parser(
        "import",
        parents=[_common(json_flag=True)],
        help="import articles from text, Markdown, HTML, JSON or JSON Lines files",
        description="Import articles. Text and Markdown: UTF-8 (with or without BOM), UTF-16 "
        "with BOM, Windows-1256 or ISO-8859-6, detected; the first non-empty line is the "
        "title. HTML: the main text and title, without navigation. JSON / JSON Lines: one "
        "article per object (title, text, optional url, outlet, published, language). "
        "Directories are searched for such files. An article already in the workspace (same "
        "text, whatever its encoding or line endings) is reported, not duplicated. Exit "
        "status 1 if any file failed; the others are still imported.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or directories")
    p.add_argument("--encoding", metavar="ENC",
                   help="force a text encoding (e.g. cp1256, iso-8859-6, utf-8)")
    p.add_argument("--revision-of", metavar="ARTICLE_ID",
                   help="import one file as a revised version of this article; its claims are "
                   "re-anchored in the new text by quote and context, and claims whose quote "
                   "is gone are reported")

    p = sub.add_parser("articles", parents=[_common(json_flag=True)],
                       help="list the workspace's articles",
                       description="List articles: id, title, outlet, claim count, import time.")

    p = sub.add_parser("show", parents=[_common(json_flag=True)],
                       help="print an article with its claims",
                       description="Print an article's text with its claims marked ⟦n …⟧ and "
                       "listed below. Arabic is printed in logical order for terminals that "
                       "do bidi; --visual shapes and reorders it for terminals that do not "
                       "(display only, never with --json).")
    p.add_argument("article_id", metavar="ARTICLE_ID", help="article id or a unique prefix")
    p.add_argument("--visual", action="store_true",
                   help="shape and reorder Arabic for terminals without bidi support")

    p = sub.add_parser("claim", help="change claims", description="Change claims.")
    claim_sub = p.add_subparsers(dest="claim_command", metavar="ACTION", required=True)
    p = claim_sub.add_parser(
        "add",
        parents=[_common(json_flag=True)],
        help="mark a claim in an article",
        description="Mark a claim by quote (its Nth occurrence) or by code-point offsets "
        "(start inclusive, end exclusive, into the stored article text). A quote not in the "
        "text, a span out of range or splitting a letter from its marks is refused.",
    )
    p.add_argument("article_id", metavar="ARTICLE_ID", help="article id or a unique prefix")
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--quote", metavar="TEXT", help="exact text of the claim")
    where.add_argument("--start", type=int, metavar="N", help="start offset (code points)")
    p.add_argument("--end", type=int, metavar="N", help="end offset (code points, exclusive)")
    p.add_argument("--nth", type=int, default=1, metavar="N",
                   help="which occurrence of --quote (1-based, default 1)")
    p.add_argument("--source", action="append", default=[], metavar="NAME",
                   help="who made the claim (speaker): a source name or alias; repeatable")
    p.add_argument("--carrier", action="append", default=[], metavar="NAME",
                   help="who carried it (e.g. the agency that reported it); repeatable")
    p.add_argument("--status", default="unverified", metavar="ID",
                   help="verification status id (default: unverified)")
    p.add_argument("--note", default="", metavar="TEXT", help="the editor's note")

    p = sub.add_parser("claims", parents=[_common(json_flag=True)],
                       help="list claims (of one article or all)",
                       description="List claims: id, article_id, start, end, quote, sources, "
                       "status, note, editor, created, updated.")
    p.add_argument("article_id", nargs="?", metavar="ARTICLE_ID",
                   help="only this article (id or unique prefix)")

    p = sub.add_parser(
        "screenshot", parents=[_common()],
        help="save a picture of the main window showing an article",
        description="Render the main window offscreen with an article and its claims and save "
        "it as a PNG: for docs, bug reports and tests.")
    p.add_argument("--article", required=True, metavar="ID", help="article id or unique prefix")
    p.add_argument("--out", required=True, metavar="FILE.png", help="where to save the PNG")
    p.add_argument("--size", default="1400x860", metavar="WxH", help="window size in pixels")
    p.add_argument("--lang", choices=("ar", "en"), default="en", help="interface language")
    p.add_argument("--select", metavar="CLAIM_ID", help="outline this claim (id or prefix)")

    cli_export.register(sub, _common)
    cli_backup.register(sub, _common)
    cli_taxonomy.register(sub, _common)
    cli_review.register(sub, _common)
    cli_adjudicate.register(sub, _common)

    p = sub.add_parser("search", parents=[_common(json_flag=True)],
                       help="search articles and claims",
                       description="Find articles and claims containing every word of QUERY, "
                       "with or without harakat and whatever the alef, hamza, ta marbuta or "
                       "alef maqsura spelling.")
    p.add_argument("query", metavar="QUERY")
    return parser


# --- output helpers --------------------------------------------------------------------------
def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def visual(text: str) -> str:
    """Shape and reorder for terminals without bidi (display only, never stored).

    Uses python-bidi's reference algorithm, which mirrors brackets and guillemets (the
    default ``get_display`` in python-bidi 0.6 does not). Line by line: a paragraph is the
    unit of bidi reordering."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    return "\n".join(get_display(arabic_reshaper.reshape(line)) for line in text.split("\n"))


def claim_dict(claim: Claim, editors: dict[str, str]) -> dict[str, Any]:
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "prefix": claim.prefix,
        "suffix": claim.suffix,
        "sources": [
            {"id": s.source_id, "name_ar": s.name_ar, "name_en": s.name_en, "role": str(s.role)}
            for s in claim.sources
        ],
        "status": claim.status_id,
        "note": claim.note,
        "wording": claim.wording,
        "evidence": [e.url for e in claim.evidence],
        "editor": editors.get(claim.updated_by or ""),
        "created": claim.created_at,
        "updated": claim.updated_at,
    }


def _sources_label(claim: Claim) -> str:
    return ", ".join(
        (s.name_ar or s.name_en) + (" (carrier)" if str(s.role) == "carrier" else "")
        for s in claim.sources
    )


def marked_text(article: Article, claims: list[Claim]) -> str:
    """The article text with ⟦n and ⟧n around each claim (terminal display only)."""
    inserts: list[tuple[int, int, str]] = []
    for number, claim in enumerate(claims, start=1):
        # Closings before openings at the same offset; inner spans close first.
        inserts.append((claim.start, 1, f"⟦{number} "))
        inserts.append((claim.end, 0, f" ⟧{number}"))
    inserts.sort(key=lambda item: (item[0], item[1]))
    parts, last = [], 0
    for offset, _, mark in inserts:
        parts.append(article.text[last:offset])
        parts.append(mark)
        last = offset
    parts.append(article.text[last:])
    return "".join(parts)


# --- commands --------------------------------------------------------------------------------
def cmd_revision(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if len(args.paths) != 1:
        err.write("error: --revision-of takes exactly one file\n")
        return 2
    result = ws.import_revision(args.revision_of, args.paths[0], encoding=args.encoding)
    if args.json:
        _print_json({"import": result.outcome.as_dict(),
                     "carried": [{"from": a, "to": b} for a, b in result.carried],
                     "orphaned": result.orphaned}, out)
    else:
        out.write(f"imported  {(result.outcome.article_id or '')[:8]}  {result.outcome.title}  "
                  f"(revision of {args.revision_of})\n")
        out.write(f"claims re-anchored: {len(result.carried)}; orphaned: "
                  f"{len(result.orphaned)}\n")
        for claim_id in result.orphaned:
            err.write(f"warning: claim {claim_id[:8]} was not found in the revised text\n")
    return EXIT_OK


def cmd_import(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.revision_of:
        return cmd_revision(ws, args, out, err)
    outcomes = ws.import_paths(args.paths, encoding=args.encoding)
    failed = [o for o in outcomes if o.status == importing.FAILED]
    if args.json:
        _print_json([o.as_dict() for o in outcomes], out)
    else:
        for o in outcomes:
            if o.status == importing.IMPORTED:
                out.write(f"imported  {o.article_id[:8] if o.article_id else ''}  {o.title}  "
                          f"[{o.encoding}]  ({o.path})\n")
            elif o.status == importing.DUPLICATE:
                out.write(f"present   {o.article_id[:8] if o.article_id else ''}  {o.title}  "
                          f"({o.path}: already in the workspace)\n")
            for warning in o.warnings:
                if o.status == importing.IMPORTED:
                    err.write(f"warning: {o.path}: {warning}\n")
    for o in failed:
        err.write(f"error: {o.error}\n")
    return EXIT_FAILED if failed else EXIT_OK


def cmd_articles(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    rows = ws.articles()
    if args.json:
        _print_json([asdict(r) for r in rows], out)
        return EXIT_OK
    for r in rows:
        out.write(f"{r.id[:8]}  {r.claim_count:>4} claims  {r.outlet or '-'}  {r.title}\n")
    return EXIT_OK


def cmd_show(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.json and args.visual:
        err.write("error: --visual is for terminals; it cannot be combined with --json\n")
        return 2
    article = ws.article(args.article_id)
    claims = ws.claims(article.id)
    editors = ws.editor_names()
    if args.json:
        data = asdict(article)
        data["claims"] = [claim_dict(c, editors) for c in claims]
        _print_json(data, out)
        return EXIT_OK
    header = f"{article.title}\n{article.outlet or ''}  {article.id}\n"
    lines = [marked_text(article, claims), ""]
    for number, c in enumerate(claims, start=1):
        lines.append(f"⟦{number}⟧ {c.start}-{c.end} [{c.status_id}] {_sources_label(c)}")
        lines.append(f"    {c.quote}")
        if c.note:
            lines.append(f"    note: {c.note}")
    body = header + "\n".join(lines) + "\n"
    out.write(visual(body) if args.visual else body)
    return EXIT_OK


def cmd_claim_add(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.start is not None and args.end is None:
        err.write("error: --start needs --end\n")
        return 2
    claim = ws.add_claim(
        args.article_id,
        start=args.start,
        end=args.end,
        quote=args.quote,
        nth=args.nth,
        speakers=args.source,
        carriers=args.carrier,
        status_id=args.status,
        note=args.note,
    )
    if args.json:
        _print_json(claim_dict(claim, ws.editor_names()), out)
    else:
        out.write(f"{claim.id}  {claim.start}-{claim.end}  {claim.quote}\n")
    return EXIT_OK


def cmd_claims(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    claims = ws.claims(args.article_id)
    editors = ws.editor_names()
    if args.json:
        _print_json([claim_dict(c, editors) for c in claims], out)
        return EXIT_OK
    for c in claims:
        out.write(f"{c.id[:8]}  {c.article_id[:8]}  {c.start}-{c.end}  [{c.status_id}]  "
                  f"{_sources_label(c)}  {c.quote}\n")
    return EXIT_OK


def cmd_search(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    hits = ws.search(args.query)
    if args.json:
        _print_json([asdict(h) for h in hits], out)
        return EXIT_OK
    for h in hits:
        kind = f"claim {h.claim_id[:8]}" if h.claim_id else "article"
        out.write(f"{h.article_id[:8]}  {kind}  {h.article_title}\n    {h.snippet}\n")
    if not hits:
        err.write("no matches\n")
    return EXIT_OK


def cmd_screenshot(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        width, height = (int(x) for x in args.size.lower().split("x"))
    except ValueError:
        err.write(f"error: --size must look like 1400x860, not {args.size}\n")
        return 2
    from annotator.ui.screenshot import render

    path = render(ws, ws.resolve_article_id(args.article), args.out, size=(width, height),
                  language=args.lang, select=args.select)
    out.write(f"{path}\n")
    return EXIT_OK


COMMANDS = {
    "import": cmd_import,
    "articles": cmd_articles,
    "show": cmd_show,
    "claims": cmd_claims,
    "search": cmd_search,
    "screenshot": cmd_screenshot,
}


def run(
    argv: Sequence[str] | None = None,
    *,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run a non-GUI command; returns the exit status. ``gui`` is handled by ``app``."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    db_path = getattr(args, "db", None) or default_db_path()
    if args.command in cli_backup.COMMANDS:
        return cli_backup.run(args, db_path, out, err)
    try:
        with translate_sqlite_errors(db_path), Workspace.open(
            db_path, editor_name=getattr(args, "editor", None)
        ) as ws:
            code = cli_taxonomy.dispatch(ws, args, out, err)
            if code is not None:
                return code
            code = cli_review.dispatch(ws, args, out, err)
            if code is not None:
                return code
            code = cli_adjudicate.dispatch(ws, args, out, err)
            if code is not None:
                return code
            if args.command == "claim":
                return cmd_claim_add(ws, args, out, err)
            if args.command == "export":
                return cli_export.run_export(ws, args, out, err)
            return COMMANDS[args.command](ws, args, out, err)
    except AnnotatorError as exc:
        err.write(f"error: {exc}\n")
        return EXIT_FAILED
