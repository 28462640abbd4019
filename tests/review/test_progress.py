"""Per-editor progress: claims, statuses, articles touched and untouched."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from annotator.domain.models import LibraryFilter
from annotator.domain.operations import UpdateClaim
from annotator.services import merging
from annotator.services.agreement import progress
from annotator.services.workspace import Workspace
from tests.review.conftest import (
    Q_BALLISTIC,
    Q_DRONES,
    Q_ROCKETS,
    Q_WOUNDED,
    US_OFFICIAL,
    seed_id,
)

OpenWs = Callable[..., Workspace]


def test_progress_per_editor_and_article(
    open_ws: OpenWs, tmp_path: Path, corpus_files: list[Path]
) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    outcomes = a.import_paths(corpus_files[:3])
    b.import_paths(corpus_files[:1])
    seed = seed_id(a)
    a.add_claim(seed, quote=Q_ROCKETS, status_id="true")
    wounded = a.add_claim(seed, quote=Q_WOUNDED, speakers=[US_OFFICIAL])
    corpus = a.article(outcomes[0].article_id or "")
    words = corpus.text.split("\n")[2].split()
    a.add_claim(corpus.id, quote=" ".join(words[:4]), status_id="misleading")
    b.add_claim(seed_id(b), quote=Q_BALLISTIC, status_id="in_progress")
    b.add_claim(seed_id(b), quote=Q_DRONES, status_id="false")
    b.close()
    merging.merge(a, tmp_path / "b.db")
    a.apply(UpdateClaim(next(c.id for c in a.claims(seed) if c.quote == Q_DRONES),
                        (("status_id", "true"),)))  # editor-a changes one of editor-b's

    report = progress(a)

    assert report.total_articles == 4
    ea, eb = report.editor("editor-a"), report.editor("editor-b")
    assert (ea.created, ea.changed, ea.decided) == (3, 1, 2)
    assert dict(ea.status_counts) == {"true": 1, "unverified": 1, "misleading": 1}
    assert (ea.articles_touched, ea.articles_untouched) == (2, 2)
    assert (eb.created, eb.changed, eb.decided) == (2, 0, 1)
    assert dict(eb.status_counts) == {"in_progress": 1, "true": 1}
    assert (eb.articles_touched, eb.articles_untouched) == (1, 3)
    [eb_seed] = eb.articles
    assert (eb_seed.article_id, eb_seed.created) == (seed, 2)
    ea_seed = next(x for x in ea.articles if x.article_id == seed)
    assert (ea_seed.created, ea_seed.changed) == (2, 1)
    assert ea_seed.last_change is not None
    articles = {x.article_id: x for x in report.articles}
    assert articles[seed].claims == 4 and articles[seed].editors == ("editor-a", "editor-b")
    assert dict(articles[seed].status_counts) == {"true": 2, "unverified": 1,
                                                  "in_progress": 1}
    assert len(report.untouched_article_ids) == 2
    assert corpus.id not in report.untouched_article_ids
    # The library's editor filter shows at least the articles progress counts as touched.
    for e in (ea, eb):
        shown = {row.id for row in a.articles(LibraryFilter(editor_id=e.editor_id))}
        assert {x.article_id for x in e.articles} <= shown
    assert wounded.id in {c.id for c in a.claims(seed)}
    data = report.as_dict()
    assert data["editors"][0]["name"] == "editor-a"


def test_progress_of_a_new_workspace(open_ws: OpenWs) -> None:
    ws = open_ws("fresh", "editor-a")
    ws.editor_id()
    report = progress(ws)
    assert report.total_articles == 1 and report.untouched_article_ids == (seed_id(ws),)
    [editor] = report.editors
    assert (editor.name, editor.created, editor.articles_untouched) == ("editor-a", 0, 1)
