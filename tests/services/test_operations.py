"""Edit operations and their inverses: undo without Qt, on the seed article."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import EditConflict, InvalidSpan, InvalidValue
from annotator.domain.models import ClaimSource, Evidence, SourceRole
from annotator.domain.operations import (
    ChangeSpan,
    DeleteClaim,
    SetEvidence,
    SetSources,
    UpdateClaim,
)
from annotator.services.workspace import Workspace

STAMPS = {"updated_at", "updated_by", "added_by", "added_at"}


def dump(ws: Workspace) -> list[tuple[Any, ...]]:
    """The annotation data, without the who/when stamps (an undo is itself a stamped change)."""
    rows: list[tuple[Any, ...]] = []
    for table in ("claims", "claim_sources", "evidence"):
        for row in ws.db[table].rows:
            rows.append((table, *[v for k, v in sorted(row.items()) if k not in STAMPS]))
    rows.extend(ws.db.execute(
        "SELECT r.ref_id, f.body FROM search_refs r JOIN search_fts f ON f.rowid = r.fts_rowid"
    ).fetchall())
    return sorted(rows, key=repr)


@pytest.fixture
def claim_id(workspace: Workspace, seed_article_id: str) -> str:
    return workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                               carriers=["رويترز"]).id


def test_update_status_note_and_undo(workspace: Workspace, claim_id: str) -> None:
    before = dump(workspace)
    changes, inverse = workspace.apply(
        UpdateClaim(claim_id, (("status_id", "false"), ("note", "نفته وزارة الدفاع")))
    )
    assert changes.claims_changed == (claim_id,)
    claim = workspace.claim(claim_id)
    assert (claim.status_id, claim.note) == ("false", "نفته وزارة الدفاع")
    assert any(h.claim_id == claim_id for h in workspace.search("وزاره الدفاع"))
    workspace.apply(inverse)
    assert dump(workspace) == before


def test_change_span_keeps_the_quote_honest(workspace: Workspace, claim_id: str,
                                            seed_article_id: str) -> None:
    text = workspace.article(seed_article_id).text
    claim = workspace.claim(claim_id)
    end = text.index("الأميركية.", claim.end) + len("الأميركية")
    _, inverse = workspace.apply(ChangeSpan(claim_id, claim.start, end))
    moved = workspace.claim(claim_id)
    assert text[moved.start:moved.end] == moved.quote
    assert moved.quote.endswith("على القاعدة الأميركية")
    with pytest.raises(InvalidSpan):
        workspace.apply(ChangeSpan(claim_id, claim.start, len(text) + 5))
    workspace.apply(inverse)
    assert workspace.claim(claim_id).quote == claim.quote


def test_sources_and_evidence(workspace: Workspace, claim_id: str) -> None:
    by_name = {s.name_en: s for s in workspace.sources()}
    links = (
        ClaimSource(by_name["Security and government sources"].id, SourceRole.SPEAKER),
        ClaimSource(by_name["Reuters"].id, SourceRole.CARRIER),
    )
    _, undo_sources = workspace.apply(SetSources(claim_id, links))
    assert [(s.name_en, s.role) for s in workspace.claim(claim_id).sources] == [
        ("Security and government sources", SourceRole.SPEAKER), ("Reuters", SourceRole.CARRIER)]
    evidence = (Evidence("e1", "https://www.reuters.com/world/middle-east/", "رويترز"),)
    workspace.apply(SetEvidence(claim_id, evidence))
    assert [e.url for e in workspace.claim(claim_id).evidence] == [evidence[0].url]
    with pytest.raises(InvalidValue, match="http"):
        workspace.apply(SetEvidence(claim_id, (Evidence("e2", "javascript:alert(1)"),)))
    with pytest.raises(InvalidValue):
        workspace.apply(SetEvidence(claim_id, (Evidence("e3", "file:///etc/passwd"),)))
    assert [e.url for e in workspace.claim(claim_id).evidence] == [evidence[0].url]
    # The claim changed (evidence) after the sources were set: that undo step no longer
    # matches its version and is refused rather than silently overwriting.
    with pytest.raises(EditConflict, match="changed by Test Editor"):
        workspace.apply(undo_sources)
    workspace.apply(SetSources(claim_id, undo_sources.sources))
    assert [s.name_en for s in workspace.claim(claim_id).sources] == ["Reuters"]


def test_a_change_made_elsewhere_is_not_silently_overwritten(
    workspace: Workspace, claim_id: str, db_path
) -> None:
    seen = workspace.claim(claim_id)
    other = Workspace.open(db_path, editor_name="Second Editor")
    other.apply(UpdateClaim(claim_id, (("status_id", "false"),),
                            expected_version=seen.updated_at))
    other.close()
    before = dump(workspace)
    with pytest.raises(EditConflict, match="Second Editor"):
        workspace.apply(UpdateClaim(claim_id, (("status_id", "true"),),
                                    expected_version=seen.updated_at))
    assert dump(workspace) == before
    assert workspace.claim(claim_id).status_id == "false"


def test_bad_update_writes_nothing(workspace: Workspace, claim_id: str) -> None:
    before = dump(workspace)
    with pytest.raises(InvalidValue):
        workspace.apply(UpdateClaim(claim_id, (("status_id", "maybe"),)))
    with pytest.raises(InvalidValue):
        workspace.apply(UpdateClaim(claim_id, (("article_id", "x"),)))
    assert dump(workspace) == before


QUOTES = ["أن مهاجمين أطلقوا عدة صواريخ", "«رويترز»", "وسط دعوات متزايدة",
          "الهجوم الأخير على القواعد الأميركية", "عين الأسد"]


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.integers(0, 5), st.integers(0, 4), st.integers(0, 7)),
                      min_size=1, max_size=8))
def test_any_sequence_of_edits_undoes_to_the_start(
    workspace: Workspace, seed_article_id: str, steps: list[tuple[int, int, int]]
) -> None:
    """Random edits, then their inverses in reverse order: the data is as it was."""
    for claim in workspace.claims():
        workspace.apply(DeleteClaim(claim.id))
    base = workspace.add_claim(seed_article_id, quote=QUOTES[0], carriers=["رويترز"])
    start = dump(workspace)
    statuses = [s.id for s in workspace.statuses()]
    sources = workspace.sources()
    inverses = []
    for kind, pick, value in steps:
        ids = [c.id for c in workspace.claims()]
        target = ids[pick % len(ids)] if ids else None
        if kind == 0 or target is None:
            claim = workspace.add_claim(seed_article_id, quote=QUOTES[pick], nth=1)
            inverses.append(DeleteClaim(claim.id))
            continue
        if kind == 1:
            op: Any = UpdateClaim(target, (("status_id", statuses[value % len(statuses)]),))
        elif kind == 2:
            op = UpdateClaim(target, (("note", f"ملاحظة {value}"),))
        elif kind == 3:
            claim = workspace.claim(target)
            op = ChangeSpan(target, claim.start, claim.end + value % 3)
        elif kind == 4:
            op = SetSources(target, (ClaimSource(sources[value % len(sources)].id,
                                                 SourceRole.SPEAKER),))
        else:
            op = DeleteClaim(target)
        try:
            _, inverse = workspace.apply(op)
        except InvalidSpan:
            continue
        inverses.append(inverse)
    for inverse in reversed(inverses):
        workspace.apply(inverse)
    assert dump(workspace) == start
    assert workspace.claim(base.id).quote == QUOTES[0]


def test_create_source_in_place_and_undo(workspace: Workspace, claim_id: str) -> None:
    from annotator.domain.models import Source, SourceKind
    from annotator.domain.operations import CreateSource, DeleteSource

    analyst = Source("src-analyst", "علاء مصطفى", "Alaa Mustafa", SourceKind.EXPERT,
                     ("الأكاديمي العراقي",))
    changes, inverse = workspace.apply(CreateSource(analyst))
    assert changes.sources_changed and isinstance(inverse, DeleteSource)
    assert any(s.id == "src-analyst" for s in workspace.sources())
    workspace.apply(SetSources(claim_id, (ClaimSource("src-analyst", SourceRole.SPEAKER),)))
    with pytest.raises(InvalidValue, match="still attributed"):
        workspace.apply(inverse)
    workspace.apply(SetSources(claim_id, ()))
    workspace.apply(inverse)
    assert not any(s.id == "src-analyst" for s in workspace.sources())


def test_every_change_writes_a_new_version_even_within_a_millisecond(
    workspace: Workspace, claim_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from annotator.services import annotating

    frozen = workspace.claim(claim_id).updated_at
    monkeypatch.setattr(annotating, "utc_now", lambda: frozen)  # the clock does not move
    _, undo_status = workspace.apply(UpdateClaim(claim_id, (("status_id", "false"),)))
    first = workspace.claim(claim_id).updated_at
    workspace.apply(UpdateClaim(claim_id, (("note", "ثانية"),)))
    second = workspace.claim(claim_id).updated_at
    assert frozen < first < second
    with pytest.raises(EditConflict):
        workspace.apply(undo_status)


def test_a_source_twice_in_the_same_role_is_refused(workspace: Workspace,
                                                    claim_id: str) -> None:
    reuters = next(s for s in workspace.sources() if s.name_en == "Reuters")
    link = ClaimSource(reuters.id, SourceRole.CARRIER)
    before = dump(workspace)
    with pytest.raises(InvalidValue, match="twice"):
        workspace.apply(SetSources(claim_id, (link, link)))
    assert dump(workspace) == before


def test_several_operations_apply_together_or_not_at_all(
    workspace: Workspace, claim_id: str
) -> None:
    before = dump(workspace)
    audit_rows = len(workspace.audit_entries(claim_id))
    # The second one is refused (an unknown status): the first is not kept either.
    with pytest.raises(InvalidValue):
        workspace.apply_all([UpdateClaim(claim_id, (("note", "ملاحظة"),)),
                             UpdateClaim(claim_id, (("status_id", "no-such-status"),))])
    assert dump(workspace) == before
    assert len(workspace.audit_entries(claim_id)) == audit_rows

    changes, inverses = workspace.apply_all([
        UpdateClaim(claim_id, (("note", "ملاحظة"),)),
        UpdateClaim(claim_id, (("status_id", "false"),)),
    ])
    claim = workspace.claim(claim_id)
    assert (claim.note, claim.status_id) == ("ملاحظة", "false")
    assert changes.claims_changed == (claim_id, claim_id) and len(inverses) == 2
    workspace.apply_all(inverses)  # the inverses, last first, undo both
    assert dump(workspace) == before
