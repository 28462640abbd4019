"""Command line for adjudication: ``annotator review ARTICLE``.

    annotator review ARTICLE [--editors A,B,...] [--json]     the items, in text order
    annotator review ARTICLE --accept-agreements              take every agreement

Lists the chosen editors' claims on the article grouped into review items (overlapping
spans; see :mod:`annotator.services.reviewing`): agreements and disagreements with what
differs, and how each is resolved so far. ``--accept-agreements`` copies each unresolved
agreement into the reviewed layer (one transaction per claim, each recorded with the
current editor). Disagreements are settled in the window (Review > Adjudicate article).
Exit status: 0 on success, 1 when the article or an editor is unknown, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any, TextIO

from annotator.domain.errors import NotFound
from annotator.services import reviewing
from annotator.services.workspace import Workspace

COMMANDS = ("review",)


def register(subparsers: Any, common: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``review`` to the CLI's ``add_subparsers`` object."""
    p = subparsers.add_parser(
        "review", parents=[common(json_flag=True)],
        help="adjudication: editors' claims on an article, agreements and disagreements",
        description="Group the chosen editors' claims on an article into review items "
        "(overlapping spans, in text order) and say, for each, whether the editors agree "
        "(same span, status and sources) or what differs, and whether it is resolved (taken "
        "into the reviewed layer or rejected). Export the reviewed layer with "
        "'annotator export FORMAT --layer reviewed'.",
    )
    p.add_argument("article", metavar="ARTICLE", help="article id or unique prefix")
    p.add_argument("--editors", metavar="A,B,...",
                   help="editor names, comma-separated (default: every editor who marked "
                   "claims in the article)")
    p.add_argument("--accept-agreements", action="store_true",
                   help="copy every unresolved agreement into the reviewed layer")


def _editor_ids(ws: Workspace, article_id: str, names: str | None) -> list[str]:
    editors = ws.editors()
    if names is None:
        authors = {c.created_by for c in ws.claims(article_id)}
        return [e.id for e in editors if e.id in authors]
    by_name = {e.name: e.id for e in editors}
    wanted = [n.strip() for n in names.split(",") if n.strip()]
    unknown = [n for n in wanted if n not in by_name]
    if unknown:
        raise NotFound(f"no editor called {unknown[0]!r} in this workspace (known: "
                       f"{', '.join(sorted(by_name))})")
    return [by_name[n] for n in wanted]


def _item_data(item: reviewing.ReviewItem, names: dict[str, str]) -> dict[str, Any]:
    return {
        "number": item.number,
        "start": item.start,
        "end": item.end,
        "agreed": item.agreed,
        "differences": list(item.differences),
        "resolved": item.resolved,
        "versions": [{
            "claim_id": c.id, "editor": names.get(c.created_by or ""),
            "start": c.start, "end": c.end, "quote": c.quote, "status": c.status_id,
            "sources": [{"id": s.source_id, "role": str(s.role)} for s in c.sources],
            "rejected": c.id in item.rejected,
        } for c in item.versions],
        "reviewed": [{"claim_id": c.id, "start": c.start, "end": c.end, "quote": c.quote,
                      "status": c.status_id, "reviewed_from": c.reviewed_from}
                     for c in item.reviewed],
    }


def cmd_review(ws: Workspace, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    article_id = ws.resolve_article_id(args.article)
    editor_ids = _editor_ids(ws, article_id, args.editors)
    items = ws.review_items(article_id, editor_ids)
    accepted = 0
    if args.accept_agreements:
        for operation in ws.accept_agreements_operations(items):
            ws.apply(operation)
            accepted += 1
        items = ws.review_items(article_id, editor_ids)
    names = ws.editor_names()
    summary = reviewing.summarize(items)
    if args.json:
        json.dump({"article_id": article_id, "editors": [names[e] for e in editor_ids],
                   "accepted": accepted, "items": [_item_data(i, names) for i in items],
                   "summary": {"items": summary.items, "agreements": summary.agreements,
                               "disagreements": summary.disagreements,
                               "resolved": summary.resolved}},
                  out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    out.write(f"editors: {', '.join(names[e] for e in editor_ids)}\n")
    for item in items:
        what = "agreement" if item.agreed else "differs: " + ", ".join(item.differences)
        state = "resolved" if item.resolved else "open"
        out.write(f"{item.number:>3}  {item.start}-{item.end}  {what}  [{state}]\n")
        for claim in item.versions:
            mark = " (rejected)" if claim.id in item.rejected else ""
            out.write(f"       {names.get(claim.created_by or '', '?')}: {claim.start}-"
                      f"{claim.end} {claim.status_id}{mark}  {claim.quote}\n")
        for claim in item.reviewed:
            out.write(f"       reviewed: {claim.start}-{claim.end} {claim.status_id}  "
                      f"{claim.quote}\n")
    if accepted:
        out.write(f"accepted {accepted} agreement(s) into the reviewed layer\n")
    out.write(f"{summary.items} items: {summary.agreements} agreements, "
              f"{summary.disagreements} disagreements, {summary.resolved} resolved\n")
    return 0


def dispatch(ws: Workspace, args: argparse.Namespace, out: TextIO | None = None,
             err: TextIO | None = None) -> int | None:
    """Run ``review`` if that is the command; None for any other."""
    if getattr(args, "command", None) != "review":
        return None
    return cmd_review(ws, args, out or sys.stdout, err or sys.stderr)
