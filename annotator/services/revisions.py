"""Revised articles: import a new version of an article and carry its claims over.

The stored text of an article never changes; a revised version is a new article with
``revision_of`` pointing at the old one. Each claim of the old version is re-anchored in the
new text by its W3C TextQuoteSelector (exact quote, prefix, suffix; ``text.anchoring``) and
copied there with its sources, status, note and evidence. Claims whose quote is gone are
reported as orphaned and stay on the old version. One transaction for the whole revision.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from sqlite_utils import Database

from annotator.domain.errors import AnnotatorError, InputError
from annotator.domain.models import Evidence, new_id, utc_now
from annotator.services import importing
from annotator.services.readers import ArticleDraft
from annotator.storage import articles, claims
from annotator.text.anchoring import QuoteSelector, anchor, make_selector


@dataclass
class RevisionResult:
    outcome: importing.ImportOutcome
    carried: list[tuple[str, str]] = field(default_factory=list)  # (old claim, new claim)
    orphaned: list[str] = field(default_factory=list)  # old claim ids not found in the text


def import_revision(
    db: Database, old_article_id: str, draft: ArticleDraft, *, editor_id: str | None,
    path: str,
) -> RevisionResult:
    """Import ``draft`` as a revision of ``old_article_id`` and re-anchor its claims."""
    old = articles.get_article(db, old_article_id)
    with db.atomic():
        draft.outlet = draft.outlet or old.outlet
        draft.url = draft.url or old.url
        draft.language = draft.language or old.language
        outcome = importing.insert_draft(
            db, draft, editor_id=editor_id, path=path, revision_of=old.id
        )
        if outcome.status == importing.DUPLICATE:
            raise InputError(
                "this text is already in the workspace (article "
                f"{(outcome.article_id or '')[:8]}); nothing to revise", path=path
            )
        if outcome.status != importing.IMPORTED or outcome.article_id is None:
            raise InputError(outcome.error or "could not import the revision", path=path)
        new = articles.get_article(db, outcome.article_id)
        result = RevisionResult(outcome)
        now = utc_now()
        for claim in claims.list_claims(db, old.id, layer=None):
            span = anchor(
                new.text, QuoteSelector(claim.quote, claim.prefix, claim.suffix),
                hint=claim.start,
            )
            if span is None:
                result.orphaned.append(claim.id)
                continue
            selector = make_selector(new.text, *span)
            copy = replace(
                claim,
                id=new_id(),
                article_id=new.id,
                start=span[0],
                end=span[1],
                quote=selector.exact,
                prefix=selector.prefix,
                suffix=selector.suffix,
                updated_by=editor_id,
                updated_at=now,
                evidence=tuple(Evidence(new_id(), e.url, e.title) for e in claim.evidence),
            )
            claims.insert_claim(db, copy, editor_id=editor_id, action="reanchor_claim")
            result.carried.append((claim.id, copy.id))
    return result


def revision_from_file(
    db: Database, old_article_id: str, path: str, *, editor_id: str | None,
    encoding: str | None = None,
) -> RevisionResult:
    """Read one file (text, Markdown, HTML) and import it as a revision."""
    data = importing.read_file_bytes(path)
    drafts = importing.drafts_from_bytes(data, path=path, encoding=encoding)
    usable = [d for d in drafts if isinstance(d, ArticleDraft)]
    if len(usable) != 1:
        errors = [d for d in drafts if isinstance(d, AnnotatorError)]
        if errors:
            raise errors[0]
        raise InputError("a revision must be exactly one article", path=path)
    return import_revision(db, old_article_id, usable[0], editor_id=editor_id, path=path)
