"""Hand-off: pack articles for another editor, edit there, merge back home."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.domain.errors import NotFound, WorkspaceError
from annotator.domain.models import Evidence, new_id
from annotator.domain.operations import DeleteClaim, SetEvidence, SetSources, UpdateClaim
from annotator.services import merging, packing
from annotator.services.workspace import Workspace
from tests.review.conftest import (
    Q_BALLISTIC,
    Q_CONDITIONS,
    Q_DRONES,
    Q_ROCKETS,
    Q_TIMEFRAME,
    Q_WOUNDED,
    SECURITY,
    US_OFFICIAL,
    dump,
    seed_id,
)

OpenWs = Callable[..., Workspace]


@pytest.fixture
def home(open_ws: OpenWs, corpus_files: list[Path]) -> Workspace:
    """editor-a's workspace: the seed and three corpus articles, claims on two of them."""
    ws = open_ws("home", "editor-a")
    outcomes = ws.import_paths(corpus_files[:3])
    assert all(o.article_id for o in outcomes)
    seed = seed_id(ws)
    ws.add_claim(seed, quote=Q_ROCKETS, speakers=[SECURITY], carriers=["رويترز"],
                 status_id="in_progress")
    ws.add_claim(seed, quote=Q_WOUNDED, speakers=[US_OFFICIAL])
    ws.add_claim(seed, quote=Q_TIMEFRAME, speakers=["السوداني"], carriers=["وكالة رويترز"])
    corpus = ws.article(outcomes[0].article_id or "")
    first_line = corpus.text.split("\n")[2]
    ws.add_claim(corpus.id, quote=" ".join(first_line.split()[:5]), speakers=["WHO"])
    with ws.db.atomic():  # a relabelled status: the pack must carry our labels
        ws.db.execute("UPDATE statuses SET label_en = 'Being checked' WHERE id = 'in_progress'")
    return ws


def test_pack_holds_just_those_articles_and_what_their_claims_use(
    home: Workspace, tmp_path: Path
) -> None:
    seed = seed_id(home)
    out = tmp_path / "handoff.db"
    report = packing.pack(home, [seed[:8]], out)
    assert report.article_ids == [seed] and report.claims == 3
    assert report.editors == ["editor-a"]

    packed = Workspace.open(out, editor_name="editor-b")  # no seed is added on opening
    try:
        assert [a.id for a in packed.articles()] == [seed]
        assert {c.id for c in packed.claims()} == {c.id for c in home.claims(seed)}
        used = {s.source_id for c in home.claims(seed) for s in c.sources}
        assert {s.id for s in packed.sources()} == used
        statuses = {s.id: s for s in packed.statuses()}
        assert statuses["in_progress"].label_en == "Being checked"
        assert {"true", "false", "unverified"} <= set(statuses)  # any verdict can be given
        for claim in packed.claims():
            assert packed.claim(claim.id) == home.claim(claim.id)
            assert packed.audit_entries(claim.id)[0]["action"] == "create_claim"
        assert packed.search("مهاجمين")
        assert set(packed.editor_names().values()) == {"editor-a"}
    finally:
        packed.close()


def test_pack_edit_elsewhere_merge_back_then_nothing_more(
    home: Workspace, tmp_path: Path
) -> None:
    seed = seed_id(home)
    out = tmp_path / "handoff.db"
    packing.pack(home, [seed], out)
    by_quote = {c.quote: c for c in home.claims(seed)}

    other = Workspace.open(out, editor_name="editor-b")
    rockets, wounded, timeframe = (by_quote[q] for q in (Q_ROCKETS, Q_WOUNDED, Q_TIMEFRAME))
    other.apply(UpdateClaim(rockets.id, (("status_id", "true"), ("note", "أكدته الوزارة"))))
    other.apply(SetEvidence(rockets.id, (Evidence(new_id(), "https://example.org/ministry",
                                                  "بيان الوزارة"),)))
    other.apply(DeleteClaim(wounded.id))
    other.apply(SetSources(timeframe.id, timeframe.sources[:1]))
    added = other.add_claim(seed, quote=Q_BALLISTIC, speakers=[US_OFFICIAL],
                            status_id="unverifiable")
    added2 = other.add_claim(seed, quote=Q_DRONES)
    other.close()

    report = merging.merge(home, out)

    assert report.claims_updated == 2 and report.claims_added == 2
    assert report.claims_deleted == 1 and report.conflicts == []
    assert report.editors_added == ["editor-b"]
    assert {m.how for m in report.sources} == {"id"}
    claims = {c.id: c for c in home.claims(seed)}
    assert claims[rockets.id].status_id == "true" and claims[rockets.id].note == "أكدته الوزارة"
    assert [e.title for e in claims[rockets.id].evidence] == ["بيان الوزارة"]
    assert wounded.id not in claims
    assert len(claims[timeframe.id].sources) == 1
    assert claims[added.id].status_id == "unverifiable" and added2.id in claims
    names = home.editor_names()
    assert names[claims[added.id].created_by] == "editor-b"
    assert names[claims[rockets.id].updated_by] == "editor-b"

    snapshot = dump(home)
    again = merging.merge(home, out)
    assert not again.changed and dump(home) == snapshot
    assert again.claims_unchanged == 4

    # Work continues at home and in the pack; the next merge brings only what is new.
    home.apply(UpdateClaim(timeframe.id, (("note", "تصريح لرويترز"),)))
    other = Workspace.open(out, editor_name="editor-b")
    other.add_claim(seed, quote=Q_CONDITIONS)
    other.close()
    third = merging.merge(home, out)
    assert (third.claims_added, third.claims_kept_ours, third.claims_updated) == (1, 1, 0)
    assert home.claim(timeframe.id).note == "تصريح لرويترز"


def test_pack_refuses_an_existing_file_and_unknown_articles(
    home: Workspace, tmp_path: Path
) -> None:
    existing = tmp_path / "there.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(WorkspaceError, match="never overwrites"):
        packing.pack(home, [seed_id(home)], existing)
    assert existing.read_bytes() == b"keep me"
    with pytest.raises(NotFound):
        packing.pack(home, ["ffffffff-no-such"], tmp_path / "new.db")
    assert not (tmp_path / "new.db").exists()


def test_pack_of_several_articles_with_the_corpus(home: Workspace, tmp_path: Path) -> None:
    ids = [a.id for a in home.articles()][:3]
    report = packing.pack(home, ids, tmp_path / "three.db")
    packed = Workspace.open(tmp_path / "three.db", editor_name="editor-c")
    try:
        assert sorted(a.id for a in packed.articles()) == sorted(ids)
        assert len(packed.claims()) == report.claims == sum(len(home.claims(i)) for i in ids)
        for claim in packed.claims():
            assert packed.article(claim.article_id).text[claim.start:claim.end] == claim.quote
    finally:
        packed.close()


def test_a_failed_pack_leaves_no_file(home: Workspace, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated failure while packing")

    monkeypatch.setattr(merging, "merge_into", fail)
    out = tmp_path / "handoff.db"
    with pytest.raises(RuntimeError):
        packing.pack(home, [seed_id(home)], out)
    assert list(tmp_path.glob("handoff.db*")) == []
