"""Command line for team review: merging, hand-off packs, agreement, progress, conflicts.

Commands (each takes ``--db`` and ``--editor``; all take ``--json``):

    annotator merge OTHER.db...                 bring another editor's workspace in
    annotator pack --article ID... --out FILE.db    a new workspace with just those articles
    annotator agreement [--editors A,B,...] [--article ID]...
    annotator progress                          per-editor and per-article progress
    annotator conflicts [--all] [--resolve ID [--resolution TEXT]]

``cli`` wires this module in with :func:`register` (parsers) and :func:`dispatch` (running a
parsed command). Exit status: 0 on success (a merge that found conflicts succeeded: they are
listed, both versions kept), 1 when a file or a change was refused (one line on stderr per
problem; with several files to merge, the others are still merged), 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from annotator.domain.errors import AnnotatorError
from annotator.services import agreement as agreement_service
from annotator.services import merging, packing
from annotator.services.workspace import Workspace

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2

COMMANDS = ("merge", "pack", "agreement", "progress", "conflicts")


def _print_json(data: Any, out: TextIO) -> None:
    json.dump(data, out, ensure_ascii=False, indent=2)
    out.write("\n")


def register(subparsers: Any, common: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``merge``, ``pack``, ``agreement``, ``progress`` and ``conflicts`` to
    ``subparsers`` (the CLI's ``add_subparsers`` object). ``common(json_flag)`` is the CLI's
    parent-parser factory (``--db``, ``--editor`` and, with ``json_flag``, ``--json``)."""
    data = common(json_flag=True)

    p = subparsers.add_parser(
        "merge", parents=[data], help="merge other editors' workspaces into this one",
        description="Merge workspace files into this one, each in one transaction (a file "
        "that fails leaves nothing behind). The other files are only read, never changed; a "
        "file written by a newer version is refused. Articles are matched by text (sha256), "
        "sources by id, then by name or alias (the mapping is reported), statuses by id, "
        "editors by name. Claims come with their sources, evidence and history; a claim "
        "changed only there is updated here; a claim changed on both sides is a conflict: "
        "ours is kept and theirs is added as a conflict copy, listed by 'annotator "
        "conflicts'. Merging the same file again changes nothing.",
    )
    p.add_argument("others", nargs="+", metavar="OTHER.db", help="workspace files to merge")

    p = subparsers.add_parser(
        "pack", parents=[data], help="make a new workspace with some articles, for hand-off",
        description="Write a new workspace file with just these articles, their claims and "
        "history, the sources and statuses the claims use, and the editors. Give it to "
        "another editor; 'annotator merge FILE.db' brings their work back. An existing "
        "file is never overwritten.",
    )
    p.add_argument("--article", action="extend", nargs="+", required=True, metavar="ID",
                   help="article id or unique prefix; repeatable")
    p.add_argument("--out", required=True, metavar="FILE.db", help="the new workspace file")

    p = subparsers.add_parser(
        "agreement", parents=[data], help="agreement between editors on spans, statuses, "
        "sources",
        description="Span agreement between editors (each editor's claims are those they "
        "created): exact and overlap precision, recall and F1 of each later editor against "
        "each earlier one, per article and overall; on matched spans, agreement on status "
        "and on sources (Cohen's kappa for two editors, Krippendorff's alpha for more), each "
        "with the number of items behind it. Default articles: those every editor "
        "annotated.",
    )
    p.add_argument("--editors", metavar="A,B,...",
                   help="editor names, comma-separated (default: all who created claims)")
    p.add_argument("--article", action="append", default=[], metavar="ID",
                   help="only this article (id or unique prefix); repeatable")

    subparsers.add_parser(
        "progress", parents=[data], help="claims and statuses per editor and article",
        description="Per editor: claims created and changed, counts per status, articles "
        "touched and untouched; per article: claims and editors.",
    )

    p = subparsers.add_parser(
        "conflicts", parents=[data], help="list (or resolve) merge conflicts",
        description="List merge conflicts still open (--all: resolved ones too): for a "
        "claim, the claim kept here and the conflict copy holding the other version; for a "
        "source changed on both sides, our fields and theirs. --resolve marks one resolved "
        "once the claims have been edited as wanted; for a source, --resolution theirs "
        "also takes their fields (the old names stay as aliases).",
    )
    p.add_argument("--all", action="store_true", help="include resolved conflicts")
    p.add_argument("--resolve", metavar="ID", help="mark this conflict (id or prefix) resolved")
    p.add_argument("--resolution", default="resolved", metavar="TEXT",
                   help="how it was resolved (e.g. ours, theirs, edited); 'theirs' on a "
                   "source conflict takes their version of the source")


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _source_differences(change: merging.SourceChange) -> str:
    """``field: «ours» -> «theirs»`` for each differing field of a source."""
    return "; ".join(f"{name}: «{ours or ''}» -> «{theirs or ''}»"
                     for name, ours, theirs in change.differences)


# --- commands --------------------------------------------------------------------------------
def cmd_merge(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    reports = []
    failed = False
    for other in args.others:
        try:
            report = merging.merge(ws, other)
        except AnnotatorError as exc:
            err.write(f"error: {exc}\n")
            failed = True
            continue
        reports.append(report)
        if args.json:
            continue
        counts = report.counts()
        c = counts["claims"]
        out.write(f"merged {report.other}{'' if report.changed else ' (nothing new)'}\n")
        out.write(f"  articles: {counts['articles']['added']} added, "
                  f"{counts['articles']['matched']} matched\n")
        out.write(f"  sources: {counts['sources']['added']} added, "
                  f"{counts['sources']['mapped']} mapped, "
                  f"{counts['sources']['updated']} updated, "
                  f"{counts['sources']['conflicts']} conflicts"
                  + (f" ({counts['sources']['conflicts_known']} already recorded)"
                     if counts["sources"]["conflicts_known"] else "")
                  + (f"; {counts['sources']['conflicts_imported']} recorded there, now here"
                     if counts["sources"]["conflicts_imported"] else "")
                  + (f"; {counts['sources']['conflicts_settled']} closed (both sides agree "
                     "now)" if counts["sources"]["conflicts_settled"] else "") + "\n")
        for m in report.sources:
            if m.how != "id" or m.aliases_added or m.note:
                extra = f"; aliases added: {', '.join(m.aliases_added)}" if m.aliases_added \
                    else ""
                extra += f"; {m.note}" if m.note else ""
                out.write(f"    {m.their_name} ({m.their_id[:8]}) -> {m.our_name} "
                          f"({m.our_id[:8]}) by {m.how}{extra}\n")
        for change in report.sources_updated:
            out.write(f"    {change.name} ({change.our_id[:8]}) updated: "
                      f"{_source_differences(change)}\n")
        if report.statuses_added:
            out.write(f"  statuses added: {', '.join(report.statuses_added)}\n")
        if report.editors_added:
            out.write(f"  editors added: {', '.join(report.editors_added)}\n")
        known = f" ({c['conflicts_known']} already recorded)" if c["conflicts_known"] else ""
        out.write(f"  claims: {c['added']} added, {c['unchanged']} unchanged, "
                  f"{c['updated']} updated, {c['kept_ours']} kept (ours newer), "
                  f"{c['deleted']} deleted, {c['conflicts']} conflicts{known}\n")
        r = counts["rejections"]
        out.write(f"  rejections: {r['added']} added, {r['withdrawn']} withdrawn"
                  + (f" ({r['kept_ours']} of ours kept)" if r["kept_ours"] else "") + "\n")
        r = counts["suggestion_rejections"]
        out.write(f"  rejected suggestions: {r['added']} added, {r['withdrawn']} withdrawn"
                  + (f" ({r['kept_ours']} of ours kept)" if r["kept_ours"] else "") + "\n")
        out.write(f"  conflicts recorded there: {counts['conflicts_imported']} imported\n")
        by_entity = ", ".join(f"{entity} {n}" for entity, n in
                              counts["history_by_entity"].items())
        out.write(f"  history: {report.history_rows} audit rows"
                  + (f" ({by_entity})" if by_entity else "") + "\n")
        for conflict in report.conflicts:
            copy = f"theirs is claim {conflict.copy_id[:8]}" if conflict.copy_id else \
                "theirs deleted it"
            err.write(f"conflict ({conflict.kind}): claim {conflict.claim_id[:8]} "
                      f"«{conflict.quote}»: {copy}\n")
        for conflict in report.conflicts_imported:
            copy = f"the other version is claim {conflict.copy_id[:8]}" \
                if conflict.copy_id else "deleted in another workspace"
            err.write(f"conflict recorded there ({conflict.kind}): claim "
                      f"{conflict.claim_id[:8]} «{conflict.quote}»: {copy}\n")
        for change in report.source_conflicts:
            err.write(f"source conflict {(change.conflict_id or '')[:8]}: {change.name} "
                      f"({change.our_id[:8]}) changed on both sides, ours kept, theirs "
                      f"recorded: {_source_differences(change)}\n")
    if args.json:
        _print_json([r.as_dict() for r in reports], out)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_pack(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    report = packing.pack(ws, args.article, args.out)
    if args.json:
        _print_json(report.as_dict(), out)
        return EXIT_OK
    out.write(f"packed {report.out}: {len(report.article_ids)} articles, {report.claims} "
              f"claims, {len(report.sources)} sources, statuses {', '.join(report.statuses)}, "
              f"editors {', '.join(report.editors)}\n")
    return EXIT_OK


def cmd_agreement(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    editors = [e for e in (args.editors or "").split(",") if e.strip()] or None
    report = agreement_service.agreement(ws, editors=editors, article_ids=args.article or None)
    if args.json:
        _print_json(report.as_dict(), out)
        return EXIT_OK
    editors_line = ", ".join(f"{n} ({report.claims_per_editor.get(n, 0)} claims)"
                             for n in report.editors)
    out.write(f"editors: {editors_line}\n")
    out.write(f"articles: {len(report.article_ids)}"
              + (f" ({len(report.skipped_article_ids)} annotated by only some skipped)"
                 if report.skipped_article_ids else "") + "\n")
    for pair in report.pairs:
        out.write(f"\n{pair.prediction} against {pair.reference} (reference)\n")
        out.write("  match    matched  ref  pred  precision  recall  F1\n")
        for label, s in (("exact", pair.exact), ("overlap", pair.overlap)):
            out.write(f"  {label:<8} {s.matched:>7}  {s.reference:>3}  {s.prediction:>4}  "
                      f"{_fmt(s.precision):>9}  {_fmt(s.recall):>6}  {_fmt(s.f1)}\n")
        for a in pair.articles:
            out.write(f"    {a.article_id[:8]}  exact F1 {_fmt(a.exact.f1)}  overlap F1 "
                      f"{_fmt(a.overlap.f1)}  ({a.overlap.reference}/{a.overlap.prediction})"
                      f"  {a.title}\n")
    for label, figure in (("status", report.status), ("sources", report.sources)):
        out.write(f"\n{label}: {figure.measure} {_fmt(figure.value)} over {figure.items} "
                  f"items (observed agreement {_fmt(figure.observed)})\n")
    return EXIT_OK


def cmd_progress(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    report = agreement_service.progress(ws)
    if args.json:
        _print_json(report.as_dict(), out)
        return EXIT_OK
    out.write(f"{report.total_articles} articles, {len(report.untouched_article_ids)} "
              "without claims\n")
    for e in report.editors:
        statuses = ", ".join(f"{s} {n}" for s, n in e.status_counts) or "-"
        out.write(f"{e.name}: {e.created} claims created ({e.decided} with a verdict), "
                  f"{e.changed} of others' changed; {e.articles_touched} articles touched, "
                  f"{e.articles_untouched} untouched; {statuses}\n")
    return EXIT_OK


def cmd_conflicts(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.resolve:
        row = merging.resolve_conflict(ws, args.resolve, resolution=args.resolution)
        if args.json:
            _print_json(row, out)
        else:
            out.write(f"resolved {row['id'][:8]} ({row['resolution']})\n")
        return EXIT_OK
    rows = merging.list_conflicts(ws, include_resolved=args.all)
    sources = merging.list_source_conflicts(ws, include_resolved=args.all)
    if args.json:
        # Claims' conflicts as before; sources' after them, with "kind": "source".
        _print_json([*rows, *({**row, "kind": "source"} for row in sources)], out)
        return EXIT_OK
    for row in rows:
        state = "resolved" if row["resolved"] else "open"
        copy = (row["other_claim_id"] or "-")[:8]
        out.write(f"{row['id'][:8]}  {state:<8}  {row['kind']:<13}  claim {row['claim_id'][:8]}"
                  f"  copy {copy}  {row['other_editor'] or ''}  {row['other_workspace']}\n")
    for row in sources:
        state = "resolved" if row["resolved"] else "open"
        differences = "; ".join(
            f"{name}: «{row['ours'][name] or ''}» here, «{theirs or ''}» there"
            for name, theirs in row["their_fields"].items() if row["ours"][name] != theirs)
        out.write(f"{row['id'][:8]}  {state:<8}  {'source':<13}  {row['name']} "
                  f"({row['source_id'][:8]})  {differences or 'now the same'}  "
                  f"{row['other_workspace']}\n")
    if not rows and not sources:
        err.write("no conflicts\n")
    return EXIT_OK


_DISPATCH: dict[str, Callable[[Workspace, argparse.Namespace, TextIO, TextIO], int]] = {
    "merge": cmd_merge,
    "pack": cmd_pack,
    "agreement": cmd_agreement,
    "progress": cmd_progress,
    "conflicts": cmd_conflicts,
}


def dispatch(ws: Workspace, args: argparse.Namespace, out: TextIO | None = None,
             err: TextIO | None = None) -> int | None:
    """Run ``args.command`` if it is one of this module's, returning its exit status; None
    for any other command. Domain errors propagate (``cli.run`` prints them, exit 1), except
    in ``merge``, which reports each refused file and goes on with the others."""
    command = _DISPATCH.get(getattr(args, "command", None) or "")
    if command is None:
        return None
    return command(ws, args, out or sys.stdout, err or sys.stderr)
