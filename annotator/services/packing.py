"""Hand-off: pack some articles into a new workspace for another editor, and bring the work
home with :func:`services.merging.merge`.

``pack(workspace, article_ids, out)`` creates the workspace file ``out`` holding:

- those articles (same ids, same text, so merging back matches them at once);
- all their claims with source links, evidence and history (audit rows), same ids;
- the adjudicator's rejections of those claims (``review_rejections``), with who decided
  and when, and the merge conflicts still open on them (with their conflict copies, which
  are claims of the same articles);
- the suggestions rejected in those articles (``suggestion_rejections``), with who rejected
  them and when, so the other editor is not offered them again;
- the sources those claims use (same ids, aliases, note and URL) and no others (the default
  list a new workspace starts with is removed, so the packed copy shows only what is in
  use);
- the statuses those claims use, as this workspace defines them (labels, colours), on top of
  the default list every workspace has (so the other editor can still give any verdict);
- the editors the claims and their history name, and the packing editor;
- the history (audit rows) of those articles, sources, statuses, editors, rejections,
  rejected suggestions and conflicts, so a merge back recognises every row it already has.

The packed file is marked as already seeded (the seed article is not added on opening).
Merging it back brings in what the other editor changed (fast-forward), added and deleted;
merging it again changes nothing. The packing workspace is only read.

Contract: the new file is written in one transaction; if packing fails, the file is removed
(nothing is left behind). An existing ``out`` is refused, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.errors import InvalidValue, WorkspaceError
from annotator.domain.models import utc_now
from annotator.services import merging
from annotator.services.workspace import Workspace
from annotator.storage import catalog, merge_store

PACKED_FROM_KEY = "packed_from"
PACKED_AT_KEY = "packed_at"


@dataclass
class PackReport:
    """What went into a packed workspace."""

    out: str
    article_ids: list[str] = field(default_factory=list)
    claims: int = 0
    sources: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    history_rows: int = 0
    rejections: int = 0
    #: Rejected suggestions of the packed articles (``suggestion_rejections`` rows).
    suggestion_rejections: int = 0
    conflicts: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "out": self.out, "articles": list(self.article_ids), "claims": self.claims,
            "sources": list(self.sources), "statuses": list(self.statuses),
            "editors": list(self.editors), "history_rows": self.history_rows,
            "rejections": self.rejections,
            "suggestion_rejections": self.suggestion_rejections,
            "conflicts": self.conflicts,
        }


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def pack(workspace: Workspace, article_ids: list[str], out: str | Path) -> PackReport:
    """Write a new workspace ``out`` with these articles (ids or unique prefixes) and what
    their claims use (see the module docstring). Raises :class:`WorkspaceError` if ``out``
    exists, :class:`NotFound` for an unknown article, :class:`InvalidValue` for none."""
    out_path = Path(out)
    if out_path.exists():
        raise WorkspaceError("already exists; packing never overwrites a file",
                             path=str(out_path))
    ids = list(dict.fromkeys(workspace.resolve_article_id(a) for a in article_ids))
    if not ids:
        raise InvalidValue("name at least one article to pack")
    packed = Workspace.create(out_path, editor_name=workspace.editor_name)
    try:
        with packed.db.atomic():
            catalog.set_meta(packed.db, PACKED_FROM_KEY, workspace.path)
            catalog.set_meta(packed.db, PACKED_AT_KEY, utc_now())
            merge_store.delete_unused_sources(packed.db)
            result = merging.merge_into(
                packed.db, workspace.db, editor_name=workspace.editor_name,
                other=str(workspace.path), mode=merging.MODE_PACK, article_ids=ids)
        report = PackReport(
            out=str(out_path), article_ids=ids,
            claims=result.claims_added,
            sources=[m.our_name for m in result.sources],
            statuses=sorted(merge_store.used_status_ids(packed.db, ids)),
            editors=sorted(e.name for e in merge_store.list_editors(packed.db)),
            history_rows=result.history_rows,
            rejections=result.rejections_added,
            suggestion_rejections=result.suggestion_rejections_added,
            conflicts=len(result.conflicts_imported),
        )
    except BaseException:
        packed.close()
        _remove_database(out_path)
        raise
    packed.close()
    return report
