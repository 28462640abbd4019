"""Adjudication in the core: review items of two editors on the seed, accept / reject as
undoable operations with their editor, the reviewed layer in exports and merges."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.domain.errors import InvalidValue
from annotator.domain.models import EDITOR_LAYER, REVIEWED_LAYER
from annotator.domain.operations import ChangeSpan, RejectClaims, UpdateClaim
from annotator.services import merging, reviewing
from annotator.services.agreement import agreement, progress
from annotator.services.exports import ExportFilter, ExportOptions, export
from annotator.services.workspace import Workspace
from tests.review.conftest import (
    Q_BALLISTIC,
    Q_DRONES,
    Q_ROCKETS,
    Q_ROCKETS_SHORT,
    Q_TIMEFRAME,
    Q_WOUNDED,
    SECURITY,
    US_OFFICIAL,
    dump,
    seed_id,
)

OpenWs = Callable[..., Workspace]


@pytest.fixture
def team(open_ws: OpenWs) -> tuple[Workspace, str, str, str]:
    """One workspace where Amal and Badr annotated the seed differently; returns the
    adjudicator's (Rana's) workspace, the article id and the two editors' ids."""
    amal = open_ws("team", "Amal")
    article = seed_id(amal)
    amal.add_claim(article, quote=Q_ROCKETS, speakers=[SECURITY], status_id="unverified")
    amal.add_claim(article, quote=Q_WOUNDED, speakers=[US_OFFICIAL], status_id="true")
    amal.add_claim(article, quote=Q_BALLISTIC, status_id="unverified")
    amal.add_claim(article, quote=Q_TIMEFRAME, status_id="unverified")
    badr = open_ws("team", "Badr")
    badr.add_claim(article, quote=Q_ROCKETS_SHORT, speakers=[SECURITY],
                   status_id="unverified")
    badr.add_claim(article, quote=Q_WOUNDED, speakers=[US_OFFICIAL], status_id="true")
    badr.add_claim(article, quote=Q_BALLISTIC, status_id="misleading")
    badr.add_claim(article, quote=Q_DRONES, status_id="unverified")
    rana = open_ws("team", "Rana")
    return rana, article, amal.editor_id(), badr.editor_id()


def _quote(ws: Workspace, article: str, claim_start: int, claim_end: int) -> str:
    return ws.article(article).text[claim_start:claim_end]


def test_items_group_overlaps_in_text_order_and_name_what_differs(team) -> None:
    ws, article, amal, badr = team
    items = ws.review_items(article, [amal, badr])
    text = ws.article(article).text
    by_quote = {text[i.start:i.end]: i for i in items}
    assert [i.number for i in items] == list(range(1, len(items) + 1))
    assert [i.start for i in items] == sorted(i.start for i in items)
    # Nested spans of the two editors form one item, extent = the longer span.
    rockets = by_quote[Q_ROCKETS]
    assert [c.quote for c in rockets.versions] == [Q_ROCKETS, Q_ROCKETS_SHORT]
    assert [c.created_by for c in rockets.versions] == [amal, badr]
    assert rockets.differences == (reviewing.SPAN,)
    # Same span, same status, same source: an agreement.
    assert by_quote[Q_WOUNDED].agreed
    assert by_quote[Q_BALLISTIC].differences == (reviewing.STATUS,)
    assert by_quote[Q_TIMEFRAME].differences == (reviewing.MISSING,)
    assert by_quote[Q_DRONES].differences == (reviewing.MISSING,)
    assert not any(i.resolved for i in items)
    summary = reviewing.summarize(items)
    assert (summary.items, summary.agreements, summary.disagreements) == (5, 1, 4)
    # Every editor claim is in exactly one item; offsets hold.
    versions = [c for i in items for c in i.versions]
    assert len(versions) == len({c.id for c in versions}) == 8
    assert all(text[c.start:c.end] == c.quote for c in versions)


def test_accept_copies_into_the_reviewed_layer_as_one_undoable_change(team) -> None:
    ws, article, amal, badr = team
    ws.editor_id()  # the adjudicator exists before the snapshot
    before = dump(ws)
    item = next(i for i in ws.review_items(article, [amal, badr])
                if reviewing.SPAN in i.differences)
    badr_version = item.versions[1]
    changes, inverse = ws.apply(ws.accept_operation(badr_version.id))
    [reviewed] = ws.claims(article, layer=REVIEWED_LAYER)
    assert changes.claims_added == (reviewed.id,)
    assert reviewed.reviewed_from == badr_version.id
    assert reviewed.created_by == ws.editor_id() != badr
    assert (reviewed.start, reviewed.end, reviewed.quote) == (
        badr_version.start, badr_version.end, badr_version.quote)
    assert reviewed.sources == badr_version.sources
    assert ws.article(article).text[reviewed.start:reviewed.end] == reviewed.quote
    # The editors' layer is untouched; the item is resolved (both versions covered).
    assert len(ws.claims(article)) == 8
    item = next(i for i in ws.review_items(article, [amal, badr]) if i.number == item.number)
    assert item.resolved and item.reviewed == (reviewed,)
    # The audit log names the adjudicator.
    entry = ws.audit_entries(reviewed.id)[-1]
    assert entry["editor_id"] == ws.editor_id() and entry["action"] == "create_claim"
    # Accepting the same span twice is refused, nothing written.
    with pytest.raises(InvalidValue):
        ws.accept_operation(badr_version.id)
    with pytest.raises(InvalidValue):
        ws.accept_operation(reviewed.id)
    # Undo restores the workspace exactly (apart from the audit log and the FTS5 index's
    # internal segments, which keep their own bookkeeping).
    ws.apply(inverse)
    assert ws.claims(article, layer=REVIEWED_LAYER) == []

    def data(lines: list[str]) -> list[str]:
        return [line for line in lines if not any(
            name in line for name in ("audit_log", "search_fts_", "sqlite_sequence"))]

    assert data(dump(ws)) == data(before)


def test_reject_and_undo_and_edit_after_accept(team) -> None:
    ws, article, amal, badr = team
    items = ws.review_items(article, [amal, badr])
    drones = next(i for i in items if i.versions[0].quote == Q_DRONES)
    changes, inverse = ws.apply(reviewing.reject_operation(drones))
    assert changes.reviews_changed and article in changes.article_ids
    assert isinstance(inverse, object) and inverse.claim_ids == (drones.versions[0].id,)
    drones = next(i for i in ws.review_items(article, [amal, badr])
                  if i.number == drones.number)
    assert drones.resolved and drones.rejected == {drones.versions[0].id}
    assert ws.claims(article, layer=REVIEWED_LAYER) == []
    # Rejecting again changes nothing; undo withdraws the rejection.
    _, again = ws.apply(RejectClaims(article, (drones.versions[0].id,)))
    assert again.claim_ids == ()
    ws.apply(inverse)
    assert not next(i for i in ws.review_items(article, [amal, badr])
                    if i.number == drones.number).resolved
    # Edit: accept Amal's ballistic version, then correct the status and the span.
    ballistic = next(i for i in items if reviewing.STATUS in i.differences)
    ws.apply(ws.accept_operation(ballistic.versions[0].id))
    [reviewed] = ws.claims(article, layer=REVIEWED_LAYER)
    ws.apply(UpdateClaim(reviewed.id, (("status_id", "false"),)))
    ws.apply(ChangeSpan(reviewed.id, reviewed.start + 4, reviewed.end))
    edited = ws.claim(reviewed.id)
    assert edited.status_id == "false" and edited.layer == REVIEWED_LAYER
    assert ws.article(article).text[edited.start:edited.end] == edited.quote
    # Amal's and Badr's own claims did not change.
    assert {c.status_id for c in ws.claims(article) if c.quote == Q_BALLISTIC} == {
        "unverified", "misleading"}


def test_accept_all_agreements_takes_only_agreements(team) -> None:
    ws, article, amal, badr = team
    items = ws.review_items(article, [amal, badr])
    for op in ws.accept_agreements_operations(items):
        ws.apply(op)
    reviewed = ws.claims(article, layer=REVIEWED_LAYER)
    assert [c.quote for c in reviewed] == [Q_WOUNDED]
    # Nothing left to accept the second time.
    assert ws.accept_agreements_operations(ws.review_items(article, [amal, badr])) == []


def test_reviewed_layer_stays_out_of_the_workbench_counts_and_agreement(team) -> None:
    ws, article, _amal, _badr = team
    before = agreement(ws)
    ws.apply(ws.accept_operation(ws.claims(article)[0].id))
    assert all(c.layer == EDITOR_LAYER for c in ws.claims(article))
    assert len(ws.claims(article, layer=None)) == 9
    assert ws.article_summary(article).claim_count == 8
    # The adjudicator is not a third annotator: agreement is between Amal and Badr as before.
    after = agreement(ws)
    assert after == before
    rana = [p for p in progress(ws).editors if p.editor_id == ws.editor_id()]
    assert all(p.created == 0 and p.changed == 0 for p in rana)


def test_export_layer_reviewed_selects_only_adjudicated_claims(team, tmp_path: Path) -> None:
    ws, article, amal, badr = team
    # Another article nobody reviewed: it must not appear as a claim-less article.
    other = ws.import_text("مقال آخر لم يراجعه أحد بعد. قال مسؤول إن الوضع هادئ.",
                           title="غير مراجع").article_id
    items = ws.review_items(article, [amal, badr])
    rockets = next(i for i in items if reviewing.SPAN in i.differences)
    ws.apply(ws.accept_operation(rockets.versions[1].id))
    for op in ws.accept_agreements_operations(items):
        ws.apply(op)
    ws.apply(reviewing.reject_operation(next(i for i in items
                                             if i.versions[0].quote == Q_DRONES)))
    out = tmp_path / "reviewed.jsonl"
    export(ws, "jsonl", out, ExportFilter(layer=REVIEWED_LAYER), ExportOptions())
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["meta"]["article_id"] for r in records] == [article]
    text = ws.article(article).text
    spans = [(c["start"], c["end"], c["text"]) for c in records[0]["spans"]]
    assert sorted(q for _, _, q in spans) == sorted([Q_ROCKETS_SHORT, Q_WOUNDED])
    assert all(text[s:e] == q for s, e, q in spans)
    # The default export is the editors' layer, unchanged by the adjudication.
    out_all = tmp_path / "editors.jsonl"
    export(ws, "jsonl", out_all, ExportFilter(), ExportOptions())
    records = [json.loads(line) for line in out_all.read_text(encoding="utf-8").splitlines()]
    assert {r["meta"]["article_id"] for r in records} == {article, other}
    assert len(next(r for r in records if r["meta"]["article_id"] == article)["spans"]) == 8
    with pytest.raises(InvalidValue):
        export(ws, "jsonl", tmp_path / "x.jsonl", ExportFilter(layer="mine"), ExportOptions())


def test_reviewed_layer_and_rejections_travel_with_a_merge(team, open_ws: OpenWs) -> None:
    ws, article, amal, badr = team
    items = ws.review_items(article, [amal, badr])
    ws.apply(ws.accept_operation(items[0].versions[0].id))
    home = open_ws("home", "Amal")
    merging.merge(home, ws.path)
    reviewed = home.claims(seed_id(home), layer=REVIEWED_LAYER)
    assert [(c.quote, c.reviewed_from) for c in reviewed] == [
        (items[0].versions[0].quote, items[0].versions[0].id)]
    assert len(home.claims(seed_id(home))) == 8


def test_cli_review_lists_items_and_accepts_agreements(team) -> None:
    import io

    from annotator import cli

    ws, article, _amal, _badr = team
    path = ws.path
    ws.close()
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["review", article[:8], "--db", str(path), "--editor", "Rana", "--json"],
                   out=out, err=err)
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert data["editors"] == ["Amal", "Badr"]
    assert data["summary"] == {"items": 5, "agreements": 1, "disagreements": 4, "resolved": 0}
    rockets = data["items"][0]
    assert [v["quote"] for v in rockets["versions"]] == [Q_ROCKETS, Q_ROCKETS_SHORT]
    assert rockets["differences"] == ["span"]
    out = io.StringIO()
    code = cli.run(["review", article, "--db", str(path), "--editor", "Rana",
                    "--accept-agreements"], out=out, err=err)
    assert code == 0
    assert "accepted 1 agreement(s)" in out.getvalue()
    assert "5 items: 1 agreements, 4 disagreements, 1 resolved" in out.getvalue()
    with Workspace.open(path, editor_name="Rana") as again:
        assert [c.quote for c in again.claims(article, layer=REVIEWED_LAYER)] == [Q_WOUNDED]
    # The CLI's --layer reviewed exports just that.
    target = Path(path).parent / "reviewed.jsonl"
    code = cli.run(["export", "jsonl", "--db", str(path), "--layer", "reviewed", "--out",
                    str(target)], out=io.StringIO(), err=err)
    assert code == 0, err.getvalue()
    [record] = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
    assert [span["text"] for span in record["spans"]] == [Q_WOUNDED]
    err = io.StringIO()
    code = cli.run(["review", article, "--db", str(path), "--editors", "Amal,Nobody"],
                   out=io.StringIO(), err=err)
    assert code == 1 and "Nobody" in err.getvalue()


def test_three_editors_and_a_chosen_pair(team, open_ws: OpenWs) -> None:
    ws, article, amal, badr = team
    carim = open_ws("team", "Carim")
    carim.add_claim(article, quote=Q_WOUNDED, speakers=[US_OFFICIAL], status_id="false")
    carim_id = carim.editor_id()
    items = ws.review_items(article, [amal, badr, carim_id])
    wounded = next(i for i in items if i.versions[0].quote == Q_WOUNDED)
    assert [c.created_by for c in wounded.versions] == [amal, badr, carim_id]
    assert wounded.differences == (reviewing.STATUS,)
    # Items Carim did not mark now miss an editor.
    assert all(reviewing.MISSING in i.differences for i in items if i is not wounded)
    # Choosing only Amal and Badr: the wounded soldiers are an agreement again.
    pair = ws.review_items(article, [amal, badr])
    assert next(i for i in pair if i.versions[0].quote == Q_WOUNDED).agreed
    # Choosing Carim alone: one item, nothing to disagree about.
    assert [(i.versions[0].quote, i.agreed) for i in ws.review_items(article, [carim_id])] == [
        (Q_WOUNDED, True)]
