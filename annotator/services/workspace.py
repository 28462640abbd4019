"""The workspace: one SQLite file, and the use cases the window and the CLI share.

A :class:`Workspace` owns one connection and must be used from the thread that opened it.
Every method that changes data runs exactly one transaction (imports: one savepoint per
article) and records the current editor in the audit log.
"""

from __future__ import annotations

import json
import os
from collections.abc import Collection, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from sqlite_utils import Database

from annotator.bundled import seeds_folder
from annotator.domain.defaults import DEFAULT_STATUS_ID
from annotator.domain.models import (
    EDITOR_LAYER,
    Article,
    ArticleSummary,
    Claim,
    ClaimSource,
    Editor,
    LibraryFilter,
    SearchHit,
    Source,
    SourceRole,
    Status,
    new_id,
)
from annotator.services import backup
from annotator.storage import articles, audit, catalog, claims, search_index
from annotator.storage.db import open_database, translate_sqlite_errors_in_methods
from annotator.text.normalize import normalize_for_search, search_tokens
from annotator.text.snippets import first_paragraph_in_utf8

if TYPE_CHECKING:
    # Imported where used: the suggester (its lexicon and patterns) and revisions are not
    # needed to open a workspace, and the window's cold start would pay for them. Nor is
    # importing (its readers, HTML parser, encoding detection: ~10 ms) once the seed is in,
    # nor reviewing (adjudication), nor the edit operations and their applier
    # (services.annotating): no edit happens before the window is drawn, and loading
    # them (mostly making their dataclasses) cost ~7 ms of every start.
    from annotator.domain.operations import ChangeSet, Operation
    from annotator.services import importing, revisions
    from annotator.services.reviewing import ItemShape, ReviewItem
    from annotator.services.suggest_types import Suggestion

APP_NAME = "arabic-news-annotator"
DB_ENV = "ANNOTATOR_DB"
EDITOR_ENV = "ANNOTATOR_EDITOR"
_SEEDED_KEY = "seeds_imported"


def default_db_path() -> Path:
    """``$ANNOTATOR_DB``, else ``annotations.db`` in the user data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "annotations.db"


def default_editor_name() -> str:
    env = os.environ.get(EDITOR_ENV, "").strip()
    if env:
        return env
    try:
        import getpass

        return getpass.getuser() or "editor"
    except (OSError, KeyError):  # no login name in some containers
        return "editor"


def seed_files() -> list[Path]:
    """The seed articles shipped with the app (``seeds/`` in the repository)."""
    folder = seeds_folder()
    return sorted(
        Path(str(entry)) for entry in folder.iterdir()
        if entry.name.endswith((".txt", ".md", ".html", ".json", ".jsonl"))
        and not entry.name.endswith(".meta.json")
    )


@translate_sqlite_errors_in_methods
class Workspace:
    """Facade over one workspace database for the UI and the CLI.

    Every public method raises the environment's faults (locked, read-only, disk full,
    damaged file) as the named errors of ``annotator.domain.env_errors``, never as
    ``sqlite3`` errors."""

    def __init__(self, db: Database, *, path: str, editor_name: str | None = None) -> None:
        self.db = db
        self.path = path
        self.editor_name = (editor_name or default_editor_name()).strip() or "editor"
        self._editor: Editor | None = None
        #: With ``open(..., defer_backup=True)``: when the daily automatic backup was found
        #: due, for the caller to take (see :meth:`open`); None when none is due.
        self.backup_due_at: datetime | None = None

    # --- lifecycle ---------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path | None = None,
        *,
        editor_name: str | None = None,
        import_seeds: bool = True,
        defer_backup: bool = False,
    ) -> Workspace:
        """Open (or create and migrate) a workspace. A new, empty workspace receives the
        seed articles once, so a new user sees an article at once.

        The daily automatic backup (:mod:`annotator.services.backup`) is decided here,
        after migrating and before seeding, so a workspace that was blank when opened is
        never copied. By default a due backup is taken here, on the caller's thread,
        before this returns (the command line). With ``defer_backup`` it is only decided:
        :attr:`backup_due_at` holds the time it was found due (else None) and the caller
        takes it later with ``backup.take_backup(workspace.path)``; the window does so
        after its first paint, on a worker thread.
        """
        path = default_db_path() if path is None else path
        db = open_database(path)
        now = datetime.now(UTC)
        due_at: datetime | None = None
        if defer_backup:
            due_at = now if backup.backup_due(path, now) else None
        else:
            backup.maybe_rotate_backup(path, now)
        workspace = cls(db, path=str(path), editor_name=editor_name)
        workspace.backup_due_at = due_at
        if import_seeds:
            workspace._import_seeds_once()
        return workspace

    @classmethod
    def create(cls, path: str | Path, *, editor_name: str | None = None) -> Workspace:
        """Create a new, empty workspace (no seed article, now or later)."""
        workspace = cls.open(path, editor_name=editor_name, import_seeds=False)
        with workspace.db.atomic():
            catalog.set_meta(workspace.db, _SEEDED_KEY, "0")
        return workspace

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _import_seeds_once(self) -> None:
        if catalog.get_meta(self.db, _SEEDED_KEY) is not None:
            return
        if articles.count_articles(self.db) == 0:
            from annotator.services import importing

            for path in seed_files():
                for outcome in importing.import_paths(self.db, [path], editor_id=None):
                    if outcome.article_id and outcome.status == importing.IMPORTED:
                        self._apply_seed_meta(path, outcome.article_id)
        with self.db.atomic():
            catalog.set_meta(self.db, _SEEDED_KEY, "1")

    def _apply_seed_meta(self, path: Path, article_id: str) -> None:
        """A seed may carry ``<name>.meta.json`` with outlet, url, published, language."""
        meta_path = path.with_name(path.stem + ".meta.json")
        if not meta_path.is_file():
            return
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        allowed = {k: meta[k] for k in ("outlet", "url", "published", "language") if k in meta}
        if allowed:
            with self.db.atomic():
                sets = ", ".join(f"{k} = ?" for k in allowed)
                self.db.execute(
                    f"UPDATE articles SET {sets} WHERE id = ?", [*allowed.values(), article_id]
                )

    def data_version(self) -> int:
        """SQLite's ``data_version``: it changes when another connection commits to this
        workspace (not on this connection's own commits). Cheap; polled by the window."""
        return int(self.db.conn.execute("PRAGMA data_version").fetchone()[0])

    # --- editor ------------------------------------------------------------------------------
    def editor_id(self) -> str:
        """The current editor's id, created on first use (in its own transaction)."""
        if self._editor is None:
            with self.db.atomic():
                self._editor = catalog.ensure_editor(self.db, self.editor_name)
        return self._editor.id

    # --- reading -----------------------------------------------------------------------------
    def articles(self, filters: LibraryFilter | None = None) -> list[ArticleSummary]:
        return articles.list_articles(self.db, filters)

    def library(self, query: str = "", filters: LibraryFilter | None = None
                ) -> list[ArticleSummary]:
        """The library rows: ``filters`` and, when ``query`` has words, only the articles
        whose text, title or claims match it (same normalisation as :meth:`search`)."""
        filters = filters or LibraryFilter()
        if query.strip():
            rows = search_index.search(self.db, query, limit=100_000)
            ids = tuple(dict.fromkeys(row["article_id"] for row in rows))
            filters = replace(filters, article_ids=ids)
        return articles.list_articles(self.db, filters)

    def article_summary(self, article_id: str) -> ArticleSummary | None:
        """One library row (with fresh claim counts), without listing the whole library."""
        rows = articles.list_articles(self.db, LibraryFilter(article_ids=(article_id,)))
        return rows[0] if rows else None

    def outlets(self) -> list[str]:
        return articles.outlets(self.db)

    def article(self, article_id: str) -> Article:
        return articles.get_article(self.db, articles.resolve_article_id(self.db, article_id))

    def resolve_article_id(self, article_id: str) -> str:
        return articles.resolve_article_id(self.db, article_id)

    def claims(self, article_id: str | None = None, *, layer: str | None = EDITOR_LAYER
               ) -> list[Claim]:
        """Claims in reading order: the editors' layer (default), ``REVIEWED_LAYER``, or
        ``None`` for both."""
        if article_id is not None:
            article_id = self.resolve_article_id(article_id)
        return claims.list_claims(self.db, article_id, layer=layer)

    def touches_layer(self, changes: ChangeSet, held: Collection[str], layer: str
                      ) -> bool | None:
        """Whether ``changes`` touched claims of ``layer``, for a view holding that layer's
        claims ``held`` (ids): a changed or removed claim it holds, or an added claim of
        that layer (one query). A layer is fixed when a claim is created, so a changed or
        removed claim it does not hold is the other layer's. None when the change names no
        claim at all (the caller decides: rejections, suggestions...)."""
        if any(i in held for i in (*changes.claims_removed, *changes.claims_changed)):
            return True
        if changes.claims_added:
            from annotator.storage import merge_store

            layers = merge_store.claim_layers(self.db, changes.claims_added)
            # One gone already (added, then removed in the same step) counts as touched.
            return any(layers.get(i, layer) == layer for i in changes.claims_added)
        if changes.claims_removed or changes.claims_changed:
            return False
        return None

    # --- adjudication ------------------------------------------------------------------------
    def editors(self) -> list[Editor]:
        return catalog.list_editors(self.db)

    def review_items(self, article_id: str, editor_ids: Sequence[str], *,
                     shapes: Sequence[ItemShape] | None = None,
                     reviewed: Sequence[Claim] | None = None) -> list[ReviewItem]:
        """The chosen editors' claims on the article grouped for adjudication (see
        :func:`services.reviewing.review_items`, which says what ``shapes`` and ``reviewed``
        spare). Reads only."""
        # Imported by the adjudication methods only: not loaded for the window's start.
        from annotator.services import reviewing

        return reviewing.review_items(self.db, self.resolve_article_id(article_id), editor_ids,
                                      shapes=shapes, reviewed=reviewed)

    def accept_operation(self, claim_id: str) -> Operation:
        """The operation that accepts an editor's claim into the reviewed layer, by the
        current editor (apply it, or push it on the window's undo stack)."""
        from annotator.services import reviewing

        return reviewing.accept_operation(self.db, claim_id, editor_id=self.editor_id())

    def accept_agreements_operations(self, items: Sequence[ReviewItem]) -> list[Operation]:
        from annotator.services import reviewing

        return list(reviewing.accept_agreements_operations(self.db, items,
                                                           editor_id=self.editor_id()))

    def claim(self, claim_id: str) -> Claim:
        return claims.get_claim(self.db, claim_id)

    def statuses(self) -> list[Status]:
        return catalog.list_statuses(self.db)

    def sources(self) -> list[Source]:
        return catalog.list_sources(self.db)

    def source_kind_labels(self) -> dict[str, tuple[str, str]]:
        """Kind id -> (Arabic, English) label, as the workspace names them."""
        return catalog.source_kind_labels(self.db)

    def editor_names(self) -> dict[str, str]:
        return {row["id"]: row["name"] for row in self.db.query("SELECT id, name FROM editors")}

    def audit_entries(self, entity_id: str | None = None) -> list[dict[str, object]]:
        return audit.entries(self.db, entity_id)

    # --- importing ---------------------------------------------------------------------------
    def import_paths(
        self,
        paths: Iterable[str | Path],
        *,
        encoding: str | None = None,
        progress: importing.ProgressFn | None = None,
        cancelled: importing.CancelledFn | None = None,
    ) -> list[importing.ImportOutcome]:
        from annotator.services import importing

        return importing.import_paths(
            self.db, paths, editor_id=self.editor_id(), encoding=encoding,
            progress=progress, cancelled=cancelled,
        )

    def import_revision(
        self, article_id: str, path: str | Path, *, encoding: str | None = None
    ) -> revisions.RevisionResult:
        """Import ``path`` as a revised version of an article; its claims are re-anchored
        in the new text (one transaction)."""
        from annotator.services import revisions

        return revisions.revision_from_file(
            self.db, self.resolve_article_id(article_id), str(path),
            editor_id=self.editor_id(), encoding=encoding,
        )

    def import_text(self, text: str, **kwargs: str | None) -> importing.ImportOutcome:
        from annotator.services import importing

        return importing.import_text(self.db, text, editor_id=self.editor_id(), **kwargs)

    # --- annotating --------------------------------------------------------------------------
    def add_claim(
        self,
        article_id: str,
        *,
        start: int | None = None,
        end: int | None = None,
        quote: str | None = None,
        nth: int = 1,
        speakers: list[str] | None = None,
        carriers: list[str] | None = None,
        status_id: str = DEFAULT_STATUS_ID,
        note: str = "",
        wording: str = "",
    ) -> Claim:
        """Create a claim from offsets (code points) or from a quote (its ``nth``
        occurrence). Refuses spans out of range or splitting a character from its marks,
        quotes not in the text, unknown statuses and sources. One transaction."""
        from annotator.domain.operations import CreateClaim
        from annotator.services import annotating

        article = self.article(article_id)
        if quote is not None:
            start, end = annotating.locate_quote(article.text, quote, nth)
        if start is None or end is None:
            raise ValueError("give either a quote or both start and end")
        links = annotating.resolve_sources(self.db, speakers or [], carriers or [])
        claim = annotating.build_claim(
            self.db,
            article_id=article.id,
            start=start,
            end=end,
            editor_id=self.editor_id(),
            status_id=status_id,
            sources=links,
            note=note,
            wording=wording,
        )
        self.apply(CreateClaim(claim))
        return self.claim(claim.id)

    def apply(self, operation: Operation) -> tuple[ChangeSet, Operation]:
        """Apply one edit operation in one transaction; returns (changes, inverse)."""
        from annotator.services import annotating

        return annotating.apply(self.db, operation, editor_id=self.editor_id())

    def apply_all(self, operations: Sequence[Operation]) -> tuple[ChangeSet, list[Operation]]:
        """Apply several operations in order, in one transaction: all of them or, when one
        is refused, none (the error is raised, nothing written). Returns what they touched
        together and the inverses in the order that undoes them (last one first)."""
        from annotator.domain.operations import ChangeSet
        from annotator.services import annotating

        changes: list[ChangeSet] = []
        inverses: list[Operation] = []
        editor_id = self.editor_id()
        with self.db.atomic():
            for operation in operations:
                change, inverse = annotating.apply(self.db, operation, editor_id=editor_id)
                changes.append(change)
                inverses.append(inverse)
        return ChangeSet.combined(changes), inverses[::-1]

    # --- suggestions -------------------------------------------------------------------------
    def suggestions(self, article_id: str) -> list[Suggestion]:
        """Suggested claims with their sources for an article (not already claims, not
        rejected), in reading order. Reads only."""
        from annotator.services import suggesting

        return suggesting.suggestions(self.db, article_id)

    def accept_operations(self, article_id: str, suggestion: Suggestion) -> list[Operation]:
        """The operations that accept ``suggestion`` as a claim by the current editor:
        create the sources it proposes that the workspace lacks, then the claim with its
        sources. Applied in order (one undo step in the window), nothing is written here."""
        return self._accept_operations(article_id, suggestion, {s.id for s in self.sources()},
                                       {})

    def accept_all_operations(self, article_id: str, suggestions: Sequence[Suggestion]
                              ) -> list[Operation]:
        """:meth:`accept_operations` of several suggestions, in order: a new source two of
        them propose is created once. Nothing is written here."""
        known = {s.id for s in self.sources()}
        created: dict[tuple[str, str], str] = {}
        return [op for suggestion in suggestions
                for op in self._accept_operations(article_id, suggestion, known, created)]

    def _accept_operations(self, article_id: str, suggestion: Suggestion, known: set[str],
                           created: dict[tuple[str, str], str]) -> list[Operation]:
        """``created``: the sources already planned (normalised name and kind -> new id),
        shared across suggestions and filled here."""
        from annotator.domain.operations import CreateClaim, CreateSource
        from annotator.services import annotating

        article = self.article(article_id)
        ops: list[Operation] = []
        links: list[ClaimSource] = []
        for proposed in suggestion.sources:
            source_id = proposed.source_id if proposed.source_id in known else None
            if source_id is None:
                existing = catalog.find_source(self.db, proposed.name)
                source_id = existing.id if existing else None
            if source_id is None:
                key = (normalize_for_search(proposed.name), str(proposed.kind))
                if key not in created:
                    arabic = any("\u0600" <= ch <= "\u06ff" for ch in proposed.name)
                    new = Source(new_id(), proposed.name if arabic else "",
                                 "" if arabic else proposed.name, proposed.kind, ())
                    ops.append(CreateSource(new))
                    created[key] = new.id
                source_id = created[key]
            link = ClaimSource(source_id, SourceRole(proposed.role))
            if link not in links:
                links.append(link)
        claim = annotating.build_claim(
            self.db, article_id=article.id, start=suggestion.start, end=suggestion.end,
            editor_id=self.editor_id(), status_id=DEFAULT_STATUS_ID, sources=tuple(links),
        )
        ops.append(CreateClaim(claim))
        return ops

    # --- search ------------------------------------------------------------------------------
    def search(self, query: str, *, limit: int = 200) -> list[SearchHit]:
        """Articles and claims matching every word of ``query`` regardless of harakat,
        hamza/alef forms, ta marbuta, alef maqsura, tatweel and digit forms: articles first,
        then claims, at most ``limit``. An article's snippet is its first paragraph that
        contains the query's first word (see :func:`_snippet`); a claim's is its quote."""
        rows = search_index.search_hits(self.db, query, limit=limit)
        if not rows:
            return []
        first, hints = _first_token_hints(query)
        return [
            SearchHit(row.article_id, row.title, row.claim_id,
                      row.text if row.claim_id is not None
                      else _snippet(row.text, first, hints, simple=row.simple))
            for row in rows
        ]


@lru_cache(maxsize=256)
def _first_token_hints(query: str) -> tuple[str, tuple[bytes, ...]]:
    """The query's first search token, and where to look for it in a text's UTF-8 bytes
    (see :func:`first_paragraph_in_utf8`): the query's words that fold to it, as typed (a
    query is often spelled like the text, hamza and all), then the token itself."""
    first = search_index.query_tokens(query)[0]
    words = [word for word in query.split() if search_tokens(word)[:1] == [first]]
    return first, tuple(dict.fromkeys(w.encode() for w in [*words, first]))


def _snippet(
    data: bytes, token: str, hints: tuple[bytes, ...], width: int = 160, *, simple: bool
) -> str:
    """The first paragraph whose search form contains ``token`` (a search token), shortened:
    the original text (``data``, UTF-8), never the folded search form. The start of the
    text when no paragraph does (the token was only in the title). ``simple``: see
    :class:`~annotator.storage.search_index.HitRow`."""
    paragraph = first_paragraph_in_utf8(data, token, hints, simple=simple)
    if paragraph is None:
        return data.decode()[:width]
    return paragraph if len(paragraph) <= width else paragraph[:width].rstrip() + "…"
