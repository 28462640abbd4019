"""Command line for taxonomy management and attribution suggestions.

Commands (each takes ``--db`` and ``--editor``; those that print data take ``--json``):

    annotator sources                      list sources: id, kind, names, aliases, claims
    annotator source add --ar NAME [--en NAME] --kind KIND [--alias A]... [--note T] [--url U]
    annotator source rename SOURCE [--ar NAME] [--en NAME]
    annotator source set SOURCE [--kind KIND] [--note TEXT] [--url URL]
    annotator source alias SOURCE ALIAS... [--remove]
    annotator source merge KEEP OTHER      OTHER's claims and spellings move to KEEP
    annotator statuses                     list statuses: id, labels, colour, rating, order
    annotator status add ID --ar LABEL --en LABEL --color #RRGGBB [--rating N] [--position N]
    annotator status rename ID [--ar LABEL] [--en LABEL]
    annotator status recolour ID #RRGGBB   (also: recolor)
    annotator status reorder ID [ID...]    these first, in this order; the rest after
    annotator status rating ID (1-5|none)  ClaimReview ratingValue
    annotator suggest ARTICLE_ID [--apply] [--min-confidence X] [--include-rejected]
                     [--reject FINGERPRINT]... [--unreject FINGERPRINT]... [--rejected]
    annotator taxonomy export [--out FILE] annotator taxonomy import FILE [--dry-run]

SOURCE is an id, a unique id prefix, or any name or alias of the source. ``cli`` wires this
module in with :func:`register` (parsers) and :func:`dispatch` (running a parsed command).
Exit status: 0 on success, 1 when a change is refused or an input is bad (one line on
stderr), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from annotator.domain.models import SourceKind
from annotator.services import suggesting
from annotator.services.suggest_types import explain
from annotator.services.taxonomy import Taxonomy, alias_language
from annotator.services.workspace import Workspace

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

COMMANDS = ("sources", "source", "statuses", "status", "suggest", "taxonomy")
_KINDS = ", ".join(k.value for k in SourceKind)


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def _rating(value: str) -> int | None:
    if value.lower() in ("none", "-", ""):
        return None
    try:
        rating = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not 1-5 or none") from None
    if not 1 <= rating <= 5:
        raise argparse.ArgumentTypeError(f"{value!r} is not 1-5 or none")
    return rating


def _confidence(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number") from None
    if not 0.0 <= number <= 1.0:
        raise argparse.ArgumentTypeError(f"{value!r} is not between 0 and 1")
    return number


def register(
    subparsers: Any, common: Callable[..., argparse.ArgumentParser]
) -> None:
    """Add ``sources``, ``source``, ``statuses``, ``status``, ``suggest`` and ``taxonomy``
    to ``subparsers`` (the CLI's ``add_subparsers`` object). ``common(json_flag)`` is the
    CLI's parent-parser factory (``--db``, ``--editor`` and, with ``json_flag``, ``--json``).
    """
    data = common(json_flag=True)
    plain = common(json_flag=False)

    subparsers.add_parser(
        "sources", parents=[data], help="list the workspace's sources",
        description="List sources: id, kind, Arabic and English names, aliases, note, URL "
        "and the number of claims linking each.",
    )

    p = subparsers.add_parser("source", help="add, rename, merge sources; aliases, kind, note",
                              description="Change the workspace's sources. SOURCE is an id, a "
                              "unique id prefix, or a name or alias of the source.")
    source_sub = p.add_subparsers(dest="source_command", metavar="ACTION", required=True)
    q = source_sub.add_parser(
        "add", parents=[data], help="add a source",
        description="Add a source. A name or alias that already names another source is "
        f"refused (merge them instead). Kinds: {_KINDS}.",
    )
    q.add_argument("--ar", default="", metavar="NAME", help="Arabic name")
    q.add_argument("--en", default="", metavar="NAME", help="English name")
    q.add_argument("--kind", required=True, metavar="KIND", help=f"one of: {_KINDS}")
    q.add_argument("--alias", action="append", default=[], metavar="TEXT",
                   help="another spelling, Arabic or English; repeatable")
    q.add_argument("--note", default="", metavar="TEXT", help="a note about the source")
    q.add_argument("--url", metavar="URL", help="a web page about the source (http/https)")
    q = source_sub.add_parser(
        "rename", parents=[data], help="change a source's names",
        description="Change a source's Arabic and/or English name. Old names stay as "
        "aliases, so text that spells them still finds the source.",
    )
    q.add_argument("source", metavar="SOURCE")
    q.add_argument("--ar", metavar="NAME", help="new Arabic name")
    q.add_argument("--en", metavar="NAME", help="new English name")
    q = source_sub.add_parser(
        "set", parents=[data], help="change a source's kind, note or URL",
        description="Change a source's kind, note or URL; an empty --note or --url clears it.",
    )
    q.add_argument("source", metavar="SOURCE")
    q.add_argument("--kind", metavar="KIND", help=f"one of: {_KINDS}")
    q.add_argument("--note", metavar="TEXT")
    q.add_argument("--url", metavar="URL")
    q = source_sub.add_parser(
        "alias", parents=[data], help="add (or --remove) spellings of a source",
        description="Add spellings of a source, Arabic or English (or remove them with "
        "--remove). A spelling that names another source is refused.",
    )
    q.add_argument("source", metavar="SOURCE")
    q.add_argument("aliases", nargs="+", metavar="ALIAS")
    q.add_argument("--remove", action="store_true", help="remove these aliases instead")
    q = source_sub.add_parser(
        "merge", parents=[data], help="merge OTHER into KEEP",
        description="Merge two sources: OTHER's claims (as speaker or carrier) now name KEEP, "
        "OTHER's names and aliases become KEEP's aliases, its note and URL fill KEEP's if "
        "empty, and OTHER is deleted. One change.",
    )
    q.add_argument("keep", metavar="KEEP")
    q.add_argument("other", metavar="OTHER")

    subparsers.add_parser(
        "statuses", parents=[data], help="list verification statuses",
        description="List verification statuses in order: id, Arabic and English labels, "
        "colour, ClaimReview rating (1-5 or none) and the number of claims with each.",
    )

    p = subparsers.add_parser("status", help="add, rename, recolour, reorder statuses",
                              description="Change the verification statuses. Ids are stable "
                              "(they are in exported data); labels, colours, ratings and "
                              "order are editable.")
    status_sub = p.add_subparsers(dest="status_command", metavar="ACTION", required=True)
    q = status_sub.add_parser("add", parents=[data], help="add a status",
                              description="Add a status. ID: lower-case letters, digits and _, "
                              "starting with a letter.")
    q.add_argument("status_id", metavar="ID")
    q.add_argument("--ar", required=True, metavar="LABEL", help="Arabic label")
    q.add_argument("--en", required=True, metavar="LABEL", help="English label")
    q.add_argument("--color", "--colour", required=True, metavar="#RRGGBB", dest="color")
    q.add_argument("--rating", type=_rating, default=None, metavar="N",
                   help="ClaimReview ratingValue 1-5, or none (default)")
    q.add_argument("--position", type=int, metavar="N", help="0-based place (default: last)")
    q = status_sub.add_parser("rename", parents=[data], help="change a status's labels")
    q.add_argument("status_id", metavar="ID")
    q.add_argument("--ar", metavar="LABEL")
    q.add_argument("--en", metavar="LABEL")
    q = status_sub.add_parser("recolour", aliases=["recolor"], parents=[data],
                              help="change a status's colour")
    q.add_argument("status_id", metavar="ID")
    q.add_argument("color", metavar="#RRGGBB")
    q = status_sub.add_parser("reorder", parents=[data], help="change the order of statuses",
                              description="Put these statuses first, in this order; the others "
                              "follow in their current order.")
    q.add_argument("status_ids", nargs="+", metavar="ID")
    q = status_sub.add_parser("rating", parents=[data],
                              help="set a status's ClaimReview rating (1-5 or none)")
    q.add_argument("status_id", metavar="ID")
    q.add_argument("rating", type=_rating, metavar="N|none")

    p = subparsers.add_parser(
        "suggest", parents=[data], help="suggest attributed claims in an article",
        description="Propose the article's attributed claims with their sources (speaker and "
        "carrier), the cue that triggered each, a confidence and the reasons. Spans are code "
        "points into the stored text. Spans already claimed and rejected suggestions are "
        "left out. --apply creates them as claims (status unverified, editor 'suggester'), "
        "creating the new sources they propose.",
    )
    p.add_argument("article_id", metavar="ARTICLE_ID", help="article id or a unique prefix")
    p.add_argument("--apply", action="store_true", help="create the suggestions as claims")
    p.add_argument("--min-confidence", type=_confidence, default=0.0, metavar="X",
                   help="only suggestions with at least this confidence (0-1)")
    p.add_argument("--include-rejected", action="store_true",
                   help="also show suggestions that were rejected")
    p.add_argument("--reject", action="append", default=[], metavar="FINGERPRINT",
                   help="reject this suggestion (it is not suggested again); repeatable")
    p.add_argument("--unreject", action="append", default=[], metavar="FINGERPRINT",
                   help="forget a rejection; repeatable")
    p.add_argument("--rejected", action="store_true", help="list the rejected suggestions")

    p = subparsers.add_parser("taxonomy", help="export or import sources and statuses",
                              description="Share a newsroom's sources and statuses as a JSON "
                              "file.")
    tax_sub = p.add_subparsers(dest="taxonomy_command", metavar="ACTION", required=True)
    q = tax_sub.add_parser("export", parents=[plain], help="write the taxonomy as JSON",
                           description="Write the statuses and sources (with aliases, kind, "
                           "note, URL) as UTF-8 JSON, to FILE or standard output.")
    q.add_argument("--out", metavar="FILE", help="output file (default: standard output)")
    q = tax_sub.add_parser(
        "import", parents=[data], help="merge a taxonomy JSON file into the workspace",
        description="Merge a taxonomy file: statuses by id, sources by id or by a name or "
        "alias; the file's names, labels, colours, kinds, notes and URLs win, aliases are "
        "added, nothing is deleted. A conflicting or malformed file is refused whole.",
    )
    q.add_argument("file", metavar="FILE")
    q.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")


# --- output ----------------------------------------------------------------------------------
def _source_line(record: Any) -> str:
    s = record.source
    names = " / ".join(n for n in (s.name_ar, s.name_en) if n)
    aliases = ", ".join(record.extra_aliases)
    extra = f"  [{aliases}]" if aliases else ""
    return f"{s.id[:8]}  {s.kind.value:<18}  {names}{extra}  ({record.claim_count} claims)\n"


def _source_dict(record: Any) -> dict[str, Any]:
    data = record.as_dict()
    data["aliases_ar"] = [a for a in record.extra_aliases if alias_language(a) == "ar"]
    data["aliases_en"] = [a for a in record.extra_aliases if alias_language(a) == "en"]
    return data


def _status_dict(status: Any, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "id": status.id, "label_ar": status.label_ar, "label_en": status.label_en,
        "color": status.color, "rating_value": status.rating_value,
        "position": status.position, "claim_count": counts.get(status.id, 0),
    }


def _emit_source(record: Any, args: argparse.Namespace, out: TextIO) -> None:
    if getattr(args, "json", False):
        _print_json(_source_dict(record), out)
    else:
        out.write(_source_line(record))


def _emit_status(status: Any, args: argparse.Namespace, out: TextIO) -> None:
    if getattr(args, "json", False):
        _print_json(_status_dict(status, {}), out)
    else:
        rating = status.rating_value if status.rating_value is not None else "-"
        out.write(f"{status.id}  {status.label_ar} / {status.label_en}  {status.color}  "
                  f"rating {rating}  #{status.position}\n")


# --- commands --------------------------------------------------------------------------------
def cmd_sources(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    records = Taxonomy.for_workspace(ws).sources()
    if args.json:
        _print_json([_source_dict(r) for r in records], out)
    else:
        for record in records:
            out.write(_source_line(record))
    return EXIT_OK


def cmd_source(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    taxonomy = Taxonomy.for_workspace(ws)
    action = args.source_command
    if action == "add":
        if not (args.ar.strip() or args.en.strip()):
            err.write("error: give --ar or --en (or both)\n")
            return EXIT_USAGE
        record = taxonomy.create_source(name_ar=args.ar, name_en=args.en, kind=args.kind,
                                        aliases=args.alias, note=args.note, url=args.url)
    elif action == "rename":
        if args.ar is None and args.en is None:
            err.write("error: give --ar and/or --en\n")
            return EXIT_USAGE
        record = taxonomy.rename_source(args.source, name_ar=args.ar, name_en=args.en)
    elif action == "set":
        if args.kind is None and args.note is None and args.url is None:
            err.write("error: give --kind, --note or --url\n")
            return EXIT_USAGE
        record = taxonomy.update_source(args.source, kind=args.kind, note=args.note,
                                        url=args.url)
    elif action == "alias":
        if args.remove:
            record = taxonomy.remove_aliases(args.source, args.aliases)
        else:
            record = taxonomy.add_aliases(args.source, args.aliases)
    else:  # merge
        outcome = taxonomy.merge_sources(args.keep, args.other)
        if args.json:
            _print_json(outcome.as_dict(), out)
        else:
            out.write(f"merged {outcome.removed_id[:8]} into {outcome.kept.id[:8]}: "
                      f"{len(outcome.claims)} claims follow, "
                      f"{len(outcome.aliases_moved)} spellings moved\n")
            out.write(_source_line(outcome.kept))
        return EXIT_OK
    _emit_source(record, args, out)
    return EXIT_OK


def cmd_statuses(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    taxonomy = Taxonomy.for_workspace(ws)
    counts = taxonomy.status_claim_counts()
    statuses = taxonomy.statuses()
    if args.json:
        _print_json([_status_dict(s, counts) for s in statuses], out)
        return EXIT_OK
    for s in statuses:
        rating = s.rating_value if s.rating_value is not None else "-"
        out.write(f"{s.position:>2}  {s.id:<16} {s.color}  rating {rating}  "
                  f"{s.label_ar} / {s.label_en}  ({counts.get(s.id, 0)} claims)\n")
    return EXIT_OK


def cmd_status(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    taxonomy = Taxonomy.for_workspace(ws)
    action = args.status_command
    if action == "add":
        status = taxonomy.add_status(args.status_id, label_ar=args.ar, label_en=args.en,
                                     color=args.color, rating_value=args.rating,
                                     position=args.position)
    elif action == "rename":
        if args.ar is None and args.en is None:
            err.write("error: give --ar and/or --en\n")
            return EXIT_USAGE
        status = taxonomy.rename_status(args.status_id, label_ar=args.ar, label_en=args.en)
    elif action in ("recolour", "recolor"):
        status = taxonomy.recolour_status(args.status_id, args.color)
    elif action == "rating":
        status = taxonomy.set_status_rating(args.status_id, args.rating)
    else:  # reorder
        statuses = taxonomy.reorder_statuses(args.status_ids)
        if args.json:
            _print_json([_status_dict(s, {}) for s in statuses], out)
        else:
            out.write(" ".join(s.id for s in statuses) + "\n")
        return EXIT_OK
    _emit_status(status, args, out)
    return EXIT_OK


def _suggestion_lines(s: suggesting.Suggestion) -> str:
    sources = ", ".join(
        f"{p.role}: {p.name} ({p.kind}{', new' if p.is_new else ''})" for p in s.sources
    )
    overlap = f"  overlaps {len(s.overlapping_claims)} claim(s)" if s.overlapping_claims else ""
    return (
        f"{s.fingerprint}  {s.start}-{s.end}  {s.confidence:.2f}  [{s.cue.kind}: {s.cue.text}]"
        f"{overlap}\n    {s.quote}\n    {sources}\n    why: {explain(s)}\n"
    )


def cmd_suggest(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    article_id = ws.resolve_article_id(args.article_id)
    if args.reject or args.unreject:
        editor = ws.editor_id()
        for fp in args.reject:
            suggesting.reject(ws.db, article_id, fingerprint=fp, editor_id=editor)
        for fp in args.unreject:
            if not suggesting.unreject(ws.db, article_id, fp, editor_id=editor):
                err.write(f"warning: {fp} was not rejected\n")
        if not (args.apply or args.rejected):
            out.write(f"rejected {len(args.reject)}, unrejected {len(args.unreject)}\n")
            return EXIT_OK
    if args.rejected:
        items = suggesting.rejections(ws.db, article_id)
        if args.json:
            _print_json([r.as_dict() for r in items], out)
        else:
            for r in items:
                out.write(f"{r.fingerprint}  {r.start}-{r.end}  {r.quote}\n")
        return EXIT_OK
    found = suggesting.suggestions(ws.db, article_id, include_rejected=args.include_rejected,
                                   min_confidence=args.min_confidence)
    if args.apply:
        result = suggesting.apply(ws.db, article_id, found)
        if args.json:
            _print_json({**result.as_dict(), "suggestions": [s.as_dict() for s in found]}, out)
        else:
            out.write(f"created {len(result.claim_ids)} claims and {len(result.created_sources)} "
                      f"sources (editor {suggesting.SUGGESTER_EDITOR}, status unverified)\n")
        return EXIT_OK
    if args.json:
        _print_json([s.as_dict() for s in found], out)
        return EXIT_OK
    for s in found:
        out.write(_suggestion_lines(s))
    if not found:
        err.write("no suggestions\n")
    return EXIT_OK


def cmd_taxonomy(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    taxonomy = Taxonomy.for_workspace(ws)
    if args.taxonomy_command == "export":
        if args.out:
            data = taxonomy.export_file(args.out)
            err.write(f"wrote {len(data['statuses'])} statuses and {len(data['sources'])} "
                      f"sources to {args.out}\n")
        else:
            _print_json(taxonomy.export_data(), out)
        return EXIT_OK
    report = taxonomy.import_file(args.file, dry_run=args.dry_run)
    if args.json:
        _print_json(report.as_dict(), out)
    else:
        verb = "would add" if report.dry_run else "added"
        out.write(
            f"{verb} {len(report.statuses_added)} statuses and {len(report.sources_added)} "
            f"sources; updated {len(report.statuses_updated)} statuses and "
            f"{len(report.sources_updated)} sources ({report.aliases_added} aliases); "
            f"{report.unchanged} unchanged\n"
        )
    return EXIT_OK


_DISPATCH: dict[str, Callable[[Workspace, argparse.Namespace, TextIO, TextIO], int]] = {
    "sources": cmd_sources,
    "source": cmd_source,
    "statuses": cmd_statuses,
    "status": cmd_status,
    "suggest": cmd_suggest,
    "taxonomy": cmd_taxonomy,
}


def dispatch(
    ws: Workspace, args: argparse.Namespace, out: TextIO | None = None,
    err: TextIO | None = None,
) -> int | None:
    """Run ``args.command`` if it is one of this module's, returning its exit status; None
    for any other command. Domain errors propagate (``cli.run`` prints them, exit 1)."""
    command = _DISPATCH.get(getattr(args, "command", None) or "")
    if command is None:
        return None
    return command(ws, args, out or sys.stdout, err or sys.stderr)
