"""Choosing what an export contains.

Contract: :func:`select` validates the whole filter first (unknown article, status, source or
editor, or a bad date, raise before any file is written) and returns a lazy
:class:`RecordSource`: articles are read in batches (:mod:`annotator.storage.export_queries`,
read-only), in import order (oldest first, then by id, so the order is stable from run to
run) or in the order given, each with its matching claims. The list of article ids is fixed
when :func:`select` runs; the articles and claims are read during each pass.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from annotator.domain.errors import InvalidValue, NotFound
from annotator.domain.models import LAYERS, REVIEWED_LAYER, Claim, Source
from annotator.services.exports.base import (
    ArticleRecord,
    Catalogue,
    ExportFilter,
    RecordSource,
    RowRecord,
)
from annotator.services.workspace import Workspace
from annotator.storage import export_queries, review_store
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


def select(
    ws: Workspace,
    flt: ExportFilter,
    *,
    on_article: Callable[[], None] | None = None,
) -> RecordSource:
    """The records ``flt`` selects from ``ws`` (see the module contract).

    ``on_article`` is called before each article a pass looks at, kept or not (progress and
    cancellation: it may raise to stop the pass); the source's ``total`` is how many calls
    one pass makes."""
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
    filters_claims = flt.filters_claims
    # ISO 8601 UTC stamps as the app writes them ("2026-11-25T11:15:00.123Z") parse once
    # each; claims share few distinct stamps per second, so remember them.
    parsed: dict[str, datetime] = {}

    def changed_since(stamp: str) -> bool:
        moment = parsed.get(stamp)
        if moment is None:
            moment = parsed[stamp] = parse_since(stamp)
        return since is not None and moment >= since

    def keep(claim: Claim) -> bool:
        if statuses and claim.status_id not in statuses:
            return False
        if source_ids and not any(s.source_id in source_ids for s in claim.sources):
            return False
        if editor_ids and not ({claim.created_by, claim.updated_by} & editor_ids):
            return False
        return since is None or changed_since(claim.updated_at)

    ids = (list(dict.fromkeys(article_ids)) if article_ids  # as given, without repeats
           else export_queries.article_ids_in_import_order(ws.db))
    layer = flt.layer
    if layer not in LAYERS:
        raise InvalidValue(f"unknown layer {layer!r} (known: {', '.join(LAYERS)})")
    if layer == REVIEWED_LAYER:
        # An article nobody has adjudicated yet is not a reviewed article without claims:
        # it is left out, so training data gets no false negatives.
        reviewed = review_store.reviewed_article_ids(ws.db)
        ids = [i for i in ids if i in reviewed]

    def produce() -> Iterator[ArticleRecord]:
        for article, claims in export_queries.articles_with_claims(ws.db, ids, layer=layer):
            if on_article is not None:
                on_article()
            kept = tuple(c for c in claims if keep(c)) if filters_claims else tuple(claims)
            if filters_claims and not kept:
                continue
            yield ArticleRecord(article, kept)

    def rows() -> Iterator[RowRecord]:
        # The quote's context (prefix, suffix) is not read: no row reader uses it.
        for found in export_queries.claim_rows(ws.db, ids, context=False, layer=layer):
            if on_article is not None:
                on_article()
            yield found

    return RecordSource(produce, catalogue, total=len(ids),
                        rows=None if filters_claims else rows)
