"""Choosing what an export contains, through the workspace's read API only.

Contract: :func:`select` validates the whole filter first (unknown article, status, source or
editor, or a bad date, raise before any file is written) and returns a lazy
:class:`RecordSource`: articles are read one at a time, in import order (oldest first, then
by id, so the order is stable from run to run), each with its matching claims.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

from annotator.domain.errors import InvalidValue, NotFound
from annotator.domain.models import Claim, Source
from annotator.services.exports.base import ArticleRecord, Catalogue, ExportFilter, RecordSource
from annotator.services.workspace import Workspace
from annotator.text.normalize import normalize_for_search


def load_catalogue(ws: Workspace) -> Catalogue:
    return Catalogue(
        statuses={s.id: s for s in ws.statuses()},
        sources={s.id: s for s in ws.sources()},
        editors=ws.editor_names(),
    )


def parse_since(value: str) -> datetime:
    """An ISO 8601 date ("2026-01-31") or date-time, as an aware UTC datetime."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise InvalidValue(
            f"--since {value!r} is not an ISO 8601 date (e.g. 2026-01-31 or "
            "2026-01-31T12:00:00Z)"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _match_sources(names: tuple[str, ...], sources: list[Source]) -> set[str]:
    """Ids of the sources any of ``names`` designates (id, name or alias, compared in
    search-normalised form so spelling variants in harakat or hamza do not matter)."""
    wanted: set[str] = set()
    for name in names:
        norm = normalize_for_search(name)
        hits = {
            s.id for s in sources
            if s.id == name or norm in {
                normalize_for_search(n) for n in (s.name_ar, s.name_en, *s.aliases) if n
            }
        }
        if not hits:
            raise NotFound(f"unknown source {name!r}; use a name or alias of an existing source")
        wanted |= hits
    return wanted


def select(ws: Workspace, flt: ExportFilter) -> RecordSource:
    """The records ``flt`` selects from ``ws`` (see the module contract)."""
    catalogue = load_catalogue(ws)
    article_ids = [ws.resolve_article_id(a) for a in flt.article_ids]
    unknown = [s for s in flt.status_ids if s not in catalogue.statuses]
    if unknown:
        known = ", ".join(catalogue.statuses)
        raise InvalidValue(f"unknown status {unknown[0]!r} (known: {known})")
    source_ids = _match_sources(flt.source_names, list(catalogue.sources.values()))
    editor_ids: set[str] = set()
    if flt.editor is not None:
        editor_ids = {i for i, n in catalogue.editors.items() if n == flt.editor.strip()}
        if not editor_ids:
            raise NotFound(f"no editor called {flt.editor!r} in this workspace")
    since = parse_since(flt.since) if flt.since else None
    statuses = set(flt.status_ids)

    def keep(claim: Claim) -> bool:
        if statuses and claim.status_id not in statuses:
            return False
        if source_ids and not any(s.source_id in source_ids for s in claim.sources):
            return False
        if editor_ids and not ({claim.created_by, claim.updated_by} & editor_ids):
            return False
        return not (since and parse_since(claim.updated_at) < since)

    def ordered_ids() -> list[str]:
        if article_ids:
            return list(dict.fromkeys(article_ids))  # as given, without repeats
        rows = sorted(ws.articles(), key=lambda r: (r.imported_at, r.id))
        return [r.id for r in rows]

    def produce() -> Iterator[ArticleRecord]:
        for article_id in ordered_ids():
            claims = tuple(c for c in ws.claims(article_id) if keep(c))
            if flt.filters_claims and not claims:
                continue
            yield ArticleRecord(ws.article(article_id), claims)

    return RecordSource(produce, catalogue)
