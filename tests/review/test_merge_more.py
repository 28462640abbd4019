"""Merging brings everything home: adjudicators' rejections (added and withdrawn by their
history), conflicts the other side recorded, the history of sources, statuses, articles and
editors, and sources' names, note and URL fast-forwarded like claims. All on the seed
article, each merge one transaction, and merging twice changes nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from annotator.domain.operations import (
    DeleteClaim,
    RejectClaims,
    RejectSuggestion,
    UnrejectClaims,
    UpdateClaim,
)
from annotator.services import merging, packing
from annotator.services.taxonomy import Taxonomy
from annotator.services.workspace import Workspace
from annotator.storage import review_store
from tests.review.conftest import (
    Q_BALLISTIC,
    Q_DRONES,
    Q_ROCKETS,
    Q_WOUNDED,
    SECURITY,
    US_OFFICIAL,
    assert_failed_merge_leaves_nothing,
    dump,
    run_review,
    seed_id,
)

OpenWs = Callable[..., Workspace]


def _rejections(ws: Workspace) -> dict[str, tuple[str | None, str]]:
    """Claim id -> (decider's name, decided_at) of the seed's rejections."""
    names = ws.editor_names()
    return {claim_id: (names.get(r.decided_by or ""), r.decided_at)
            for claim_id, r in review_store.list_rejections(ws.db, seed_id(ws)).items()}


def _history(ws: Workspace, entity: str, entity_id: str) -> list[tuple[str, str | None]]:
    """(action, editor name) of an entity's audit rows, oldest first."""
    names = ws.editor_names()
    return [(str(r["action"]), names.get(str(r["editor_id"])))
            for r in ws.audit_entries(entity_id) if r["entity"] == entity]


def _source(ws: Workspace, name: str) -> Any:
    return Taxonomy.for_workspace(ws).source(name)


def _merge_until_quiet(a: Workspace, b_path: Path, b_name: str, a_path: Path,
                       rounds: int = 3) -> int:
    """Merge back and forth until both sides find nothing new; returns the rounds taken."""
    for n in range(1, rounds + 1):
        first = merging.merge(a, b_path)
        with Workspace.open(b_path, editor_name=b_name) as b:
            second = merging.merge(b, a_path)
        if not first.changed and not second.changed:
            return n
    raise AssertionError(f"still something new after {rounds} rounds")


# --- rejections ------------------------------------------------------------------------------
def test_rejections_travel_with_their_decider_and_time_once(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = open_ws("a", "editor-a")
    rockets = a.add_claim(seed_id(a), quote=Q_ROCKETS, speakers=[SECURITY])
    wounded = a.add_claim(seed_id(a), quote=Q_WOUNDED, speakers=[US_OFFICIAL])
    rana = open_ws("rana", "Rana")
    merging.merge(rana, tmp_path / "a.db")
    rana.apply(RejectClaims(seed_id(rana), (wounded.id,)))
    # Rana's own reviewed claim: a reviewed-layer claim travels, but is never "rejected".
    rana.apply(rana.accept_operation(rockets.id))
    decided = _rejections(rana)
    rana.close()

    report = merging.merge(a, tmp_path / "rana.db")

    assert report.rejections_added == 1 and report.counts()["rejections"]["added"] == 1
    assert _rejections(a) == decided  # same claim, same decider (by name), same time
    assert decided[wounded.id][0] == "Rana"
    assert _history(a, "review_rejection", wounded.id) == [
        ("reject_claim", "Rana"), ("merge_reject_claim", "editor-a")]
    assert report.history_by_entity["review_rejection"] == 1
    # The review items see it: Rana's decision settles editor-a's claim here too.
    [item] = [i for i in a.review_items(seed_id(a), [a.editor_id()])
              if i.versions[0].id == wounded.id]
    assert item.rejected == {wounded.id} and item.resolved
    snapshot = dump(a)
    again = merging.merge(a, tmp_path / "rana.db")
    assert not again.changed and again.rejections_added == 0 and dump(a) == snapshot


def test_a_withdrawal_travels_when_they_withdrew_our_very_decision(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = open_ws("a", "editor-a")
    drones = a.add_claim(seed_id(a), quote=Q_DRONES)
    a.apply(RejectClaims(seed_id(a), (drones.id,)))
    b = open_ws("b", "editor-b")
    assert merging.merge(b, tmp_path / "a.db").rejections_added == 1
    b.apply(UnrejectClaims(seed_id(b), (drones.id,)))
    b.close()

    report = merging.merge(a, tmp_path / "b.db")

    assert report.rejections_withdrawn == 1 and _rejections(a) == {}
    history = _history(a, "review_rejection", drones.id)
    assert history[0] == ("reject_claim", "editor-a")
    assert ("unreject_claim", "editor-b") in history
    assert history[-1] == ("merge_unreject_claim", "editor-a")  # the state here, last
    snapshot = dump(a)
    assert not merging.merge(a, tmp_path / "b.db").changed and dump(a) == snapshot


def test_our_later_decisions_are_kept(open_ws: OpenWs, tmp_path: Path) -> None:
    """We withdrew a rejection they still hold; they withdrew a decision older than ours."""
    a = open_ws("a", "editor-a")
    drones = a.add_claim(seed_id(a), quote=Q_DRONES)
    ballistic = a.add_claim(seed_id(a), quote=Q_BALLISTIC)
    a.apply(RejectClaims(seed_id(a), (drones.id, ballistic.id)))
    b = open_ws("b", "editor-b")
    merging.merge(b, tmp_path / "a.db")
    b.apply(UnrejectClaims(seed_id(b), (ballistic.id,)))
    b.close()
    a.apply(UnrejectClaims(seed_id(a), (drones.id,)))  # withdrawn here: stays withdrawn
    a.apply(UnrejectClaims(seed_id(a), (ballistic.id,)))
    a.apply(RejectClaims(seed_id(a), (ballistic.id,)))  # a new decision, after theirs
    ours = _rejections(a)

    report = merging.merge(a, tmp_path / "b.db")

    assert report.rejections_added == report.rejections_withdrawn == 0
    assert report.rejections_kept_ours == 2
    assert _rejections(a) == ours and set(ours) == {ballistic.id}


def test_rejection_of_a_claim_not_here_is_skipped(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    drones = a.add_claim(seed_id(a), quote=Q_DRONES)
    b = open_ws("b", "editor-b")
    merging.merge(b, tmp_path / "a.db")
    b.apply(RejectClaims(seed_id(b), (drones.id,)))
    b.close()
    a.apply(DeleteClaim(drones.id))  # we deleted it; they did not change it: stays deleted

    report = merging.merge(a, tmp_path / "b.db")

    assert report.claims_kept_deleted == 1 and report.rejections_added == 0
    assert _rejections(a) == {} and drones.id not in {c.id for c in a.claims()}
    assert _history(a, "review_rejection", drones.id) == []


def _make_old(path: Path) -> None:
    """Turn a workspace into one an older version wrote: before m004 (no source note and
    URL, no suggestion_rejections), m005 (no merge_conflicts) and m006 (no claim layers,
    no review_rejections)."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        DROP TABLE review_rejections;
        DROP INDEX idx_claims_layer;
        ALTER TABLE claims DROP COLUMN reviewed_from;
        ALTER TABLE claims DROP COLUMN layer;
        DROP TABLE merge_conflicts;
        DROP TABLE suggestion_rejections;
        ALTER TABLE sources DROP COLUMN url;
        ALTER TABLE sources DROP COLUMN note;
        DELETE FROM _sqlite_migrations WHERE name IN
            ('m004_source_note_url', 'm005_merge_conflicts', 'm006_review_layer');
        """
    )
    conn.commit()
    conn.close()


def test_a_workspace_from_before_the_review_layer_merges(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = open_ws("a", "editor-a")
    old = open_ws("old", "editor-b")
    Taxonomy.for_workspace(old).create_source(
        name_ar="وزارة الدفاع العراقية", name_en="Iraqi Ministry of Defence",
        kind="organisation", note="lost with the column")
    claim = old.add_claim(seed_id(old), quote=Q_ROCKETS, speakers=["وزارة الدفاع العراقية"],
                          status_id="true")
    old.close()
    _make_old(tmp_path / "old.db")

    report = merging.merge(a, tmp_path / "old.db")

    assert report.claims_added == 1 and report.rejections_added == 0
    assert report.conflicts_imported == [] and report.sources_added == 1
    merged = a.claim(claim.id)
    assert merged.layer == "editor" and merged.status_id == "true"
    ministry = _source(a, "Iraqi Ministry of Defence")
    assert (ministry.note, ministry.url) == ("", None)
    assert ("create_source", "editor-b") in _history(a, "source", ministry.id)
    snapshot = dump(a)
    assert not merging.merge(a, tmp_path / "old.db").changed and dump(a) == snapshot


# --- conflicts recorded on the other side ----------------------------------------------------
def _conflict_in_c(open_ws: OpenWs, tmp_path: Path) -> tuple[Workspace, str, Any]:
    """editor-a marks a claim; editor-b and editor-c merge it and change it differently;
    c merges b: a conflict recorded in c (ours true, the copy holds b's false). Returns a
    (open), the claim id and c's conflict."""
    a = open_ws("a", "editor-a")
    claim = a.add_claim(seed_id(a), quote=Q_ROCKETS, speakers=[SECURITY])
    b = open_ws("b", "editor-b")
    merging.merge(b, tmp_path / "a.db")
    b.apply(UpdateClaim(claim.id, (("status_id", "false"),)))
    b.close()
    c = open_ws("c", "editor-c")
    merging.merge(c, tmp_path / "a.db")
    c.apply(UpdateClaim(claim.id, (("status_id", "true"), ("note", "أكدته الوزارة"))))
    [conflict] = merging.merge(c, tmp_path / "b.db").conflicts
    c.close()
    return a, claim.id, conflict


def test_their_open_conflicts_are_listed_here_once(open_ws: OpenWs, tmp_path: Path) -> None:
    a, claim_id, conflict = _conflict_in_c(open_ws, tmp_path)

    report = merging.merge(a, tmp_path / "c.db")

    assert report.claims_updated == 1 and report.claims_added == 1  # c's version; the copy
    assert report.conflicts == []
    [imported] = report.conflicts_imported
    assert (imported.conflict_id, imported.copy_id) == (conflict.conflict_id, conflict.copy_id)
    assert imported.quote == Q_ROCKETS and imported.article_id == seed_id(a)
    [row] = merging.list_conflicts(a)
    assert row["id"] == conflict.conflict_id and row["claim_id"] == claim_id
    assert row["kind"] == "both_changed" and row["resolved"] == 0
    assert row["other_editor"] == "editor-b"
    assert row["other_workspace"] == str((tmp_path / "b.db").resolve())
    assert a.editor_names()[row["detected_by"]] == "editor-c"
    assert a.claim(claim_id).status_id == "true"
    assert a.claim(conflict.copy_id).status_id == "false"
    assert _history(a, "merge_conflict", row["id"]) == [
        ("merge_import_conflict", "editor-a"), ("merge_conflict", "editor-c")]
    # Listed by `annotator conflicts`.
    code, out, _ = run_review("conflicts", "--db", str(tmp_path / "a.db"),
                              "--editor", "editor-a")
    assert code == 0 and row["id"][:8] in out and "both_changed" in out
    snapshot = dump(a)
    assert not merging.merge(a, tmp_path / "c.db").changed and dump(a) == snapshot
    # Merging b finds the same conflict (b's version against ours): already recorded.
    from_b = merging.merge(a, tmp_path / "b.db")
    assert from_b.conflicts == [] and from_b.conflicts_known == 1
    assert from_b.conflicts_imported == [] and len(merging.list_conflicts(a)) == 1


def test_a_conflict_resolved_here_is_not_imported_again(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a, _, conflict = _conflict_in_c(open_ws, tmp_path)
    merging.merge(a, tmp_path / "c.db")
    merging.resolve_conflict(a, conflict.conflict_id, resolution="ours")
    c = Workspace.open(tmp_path / "c.db", editor_name="editor-c")
    c.add_claim(seed_id(c), quote=Q_WOUNDED)  # something new, so the merge writes
    c.close()
    report = merging.merge(a, tmp_path / "c.db")
    assert report.claims_added == 1 and report.conflicts_imported == []
    assert merging.list_conflicts(a) == []
    assert len(merging.list_conflicts(a, include_resolved=True)) == 1


# --- pack ------------------------------------------------------------------------------------
def test_pack_carries_rejections_conflicts_and_source_details(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    _, claim_id, conflict = _conflict_in_c(open_ws, tmp_path)
    c = Workspace.open(tmp_path / "c.db", editor_name="editor-c")
    Taxonomy.for_workspace(c).update_source(SECURITY, note="مصادر لم تسمها رويترز",
                                            url="https://www.reuters.com/world")
    drones = c.add_claim(seed_id(c), quote=Q_DRONES, speakers=[SECURITY])
    c.apply(RejectClaims(seed_id(c), (drones.id,)))
    decided = _rejections(c)
    report = packing.pack(c, [seed_id(c)], tmp_path / "pack.db")
    assert report.rejections == 1 and report.conflicts == 1

    packed = Workspace.open(tmp_path / "pack.db", editor_name="editor-d")
    assert _rejections(packed) == decided
    [row] = merging.list_conflicts(packed)
    assert (row["id"], row["claim_id"], row["other_claim_id"]) == (
        conflict.conflict_id, claim_id, conflict.copy_id)
    security = _source(packed, SECURITY)
    assert (security.note, security.url) == ("مصادر لم تسمها رويترز",
                                             "https://www.reuters.com/world")
    # The source's history came with it (so merging back recognises it).
    assert ("update_source", "editor-c") in _history(packed, "source", security.id)
    # In the pack: a withdrawal and a better English name; merged back, both arrive.
    packed.apply(UnrejectClaims(seed_id(packed), (drones.id,)))
    Taxonomy.for_workspace(packed).rename_source(SECURITY,
                                                 name_en="Unnamed security and government sources")
    packed.close()

    back = merging.merge(c, tmp_path / "pack.db")

    assert back.rejections_withdrawn == 1 and _rejections(c) == {}
    [change] = back.sources_updated
    assert change.differences == (("name_en", security.source.name_en,
                                   "Unnamed security and government sources"),)
    assert _source(c, SECURITY).source.name_en == "Unnamed security and government sources"
    assert back.conflicts_imported == [] and len(merging.list_conflicts(c)) == 1
    snapshot = dump(c)
    assert not merging.merge(c, tmp_path / "pack.db").changed and dump(c) == snapshot
    c.close()


# --- sources ---------------------------------------------------------------------------------
def test_source_changed_only_there_is_fast_forwarded(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    tb = Taxonomy.for_workspace(b)
    tb.rename_source("Reuters", name_en="Thomson Reuters")
    tb.update_source("Thomson Reuters", note="وكالة أنباء بريطانية",
                     url="https://www.reuters.com")
    b.close()
    ours = _source(a, "Reuters")

    report = merging.merge(a, tmp_path / "b.db")

    [change] = report.sources_updated
    assert change.our_id == ours.id != change.their_id  # each workspace's own default
    assert change.differences == (
        ("name_en", "Reuters", "Thomson Reuters"), ("note", "", "وكالة أنباء بريطانية"),
        ("url", None, "https://www.reuters.com"))
    record = _source(a, "Thomson Reuters")
    assert record.id == ours.id and record.source.name_ar == "رويترز"
    assert (record.note, record.url) == ("وكالة أنباء بريطانية", "https://www.reuters.com")
    assert _source(a, "Reuters").id == ours.id  # the old name stays a spelling of it
    mapping = next(m for m in report.sources if m.our_id == ours.id)
    assert mapping.our_name == "رويترز" and mapping.how == "name"
    # Their history of the source, under our id, then the merge's own change.
    history = _history(a, "source", ours.id)
    assert ("rename_source", "editor-b") in history and ("update_source", "editor-b") in history
    assert ("merge_update_source", "editor-a") in history
    renamed = next(r for r in a.audit_entries(ours.id) if r["action"] == "rename_source")
    assert renamed["after"]["id"] == ours.id  # ids inside the JSON are ours too
    assert report.counts()["sources"]["updated"] == 1
    snapshot = dump(a)
    again = merging.merge(a, tmp_path / "b.db")
    assert not again.changed and again.sources_updated == [] and dump(a) == snapshot


def test_source_changed_only_here_is_kept(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    b.add_claim(seed_id(b), quote=Q_ROCKETS, carriers=["Reuters"])
    merging.merge(a, tmp_path / "b.db")
    Taxonomy.for_workspace(a).update_source("Reuters", note="ملاحظتنا")
    b.close()
    report = merging.merge(a, tmp_path / "b.db")
    assert report.sources_updated == [] and report.source_conflicts == []
    assert _source(a, "Reuters").note == "ملاحظتنا"


OUR_NOTE, THEIR_NOTE = "هيئة الإذاعة البريطانية", "الخدمة العربية لهيئة الإذاعة البريطانية"
BBC_URL = "https://www.bbc.com/arabic"


def _bbc_changed_on_both_sides(open_ws: OpenWs, tmp_path: Path) -> Workspace:
    """Both sides changed the BBC's note, differently; they also set its URL."""
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    Taxonomy.for_workspace(a).update_source("BBC", note=OUR_NOTE)
    Taxonomy.for_workspace(b).update_source("BBC", url=BBC_URL, note=THEIR_NOTE)
    b.close()
    return a


def test_different_fields_changed_on_each_side_are_both_kept(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    Taxonomy.for_workspace(a).update_source("BBC", note=OUR_NOTE)
    Taxonomy.for_workspace(b).update_source("BBC", url=BBC_URL)
    Taxonomy.for_workspace(b).rename_source("BBC", name_ar="بي بي سي عربي",
                                            name_en="BBC Arabic")
    b.close()
    before = _source(a, "BBC")

    report = merging.merge(a, tmp_path / "b.db")

    assert report.source_conflicts == [] and merging.list_source_conflicts(a) == []
    [change] = report.sources_updated
    assert change.differences == (("name_ar", "بي بي سي", "بي بي سي عربي"),
                                  ("name_en", "BBC", "BBC Arabic"), ("url", None, BBC_URL))
    bbc = _source(a, "BBC Arabic")
    assert bbc.id == before.id and (bbc.note, bbc.url) == (OUR_NOTE, BBC_URL)
    assert _source(a, "BBC").id == before.id  # the old name stays a spelling of it
    snapshot = dump(a)
    again = merging.merge(a, tmp_path / "b.db")
    assert not again.changed and dump(a) == snapshot
    # Merged back into theirs, both sides end with the same source.
    a.close()
    b = open_ws("b", "editor-b")
    merging.merge(b, tmp_path / "a.db")
    theirs = _source(b, "BBC Arabic")
    assert (theirs.note, theirs.url, theirs.source.name_ar) == (OUR_NOTE, BBC_URL, "بي بي سي عربي")


def test_source_changed_on_both_sides_is_recorded_and_ours_kept(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = _bbc_changed_on_both_sides(open_ws, tmp_path)
    before = _source(a, "BBC")

    report = merging.merge(a, tmp_path / "b.db")

    # The URL only they set is taken; the note both changed keeps ours and is a conflict.
    [conflict] = report.source_conflicts
    assert conflict.our_id == before.id
    assert conflict.differences == (("note", OUR_NOTE, THEIR_NOTE),)
    assert [c.differences for c in report.sources_updated] == [(("url", None, BBC_URL),)]
    bbc = _source(a, "BBC")
    assert (bbc.note, bbc.url) == (OUR_NOTE, BBC_URL)
    assert report.counts()["sources"]["conflicts"] == 1 and report.changed
    # Their version is kept, listed until resolved; their source's history did not come.
    [row] = merging.list_source_conflicts(a)
    assert row["id"] == conflict.conflict_id and row["source_id"] == before.id
    assert row["their_fields"]["note"] == THEIR_NOTE
    assert row["ours"]["note"] == OUR_NOTE and row["ours"]["url"] == BBC_URL
    assert row["other_workspace"] == str(tmp_path / "b.db") and not row["resolved"]
    assert _history(a, "source", before.id) == [("update_source", "editor-a"),
                                                 ("merge_update_source", "editor-a")]
    assert _history(a, "source_conflict", conflict.conflict_id) == [
        ("source_conflict", "editor-a")]
    # The next merge knows it: nothing new, nothing written.
    snapshot = dump(a)
    again = merging.merge(a, tmp_path / "b.db")
    assert again.source_conflicts == [] and again.source_conflicts_known == 1
    assert not again.changed and dump(a) == snapshot
    # The CLI says so, and lists it.
    code, out, _err = run_review("merge", str(tmp_path / "b.db"), "--db",
                                str(tmp_path / "a.db"), "--editor", "editor-a")
    assert code == 0 and "0 updated, 0 conflicts (1 already recorded)" in out
    code, out, _err = run_review("conflicts", "--db", str(tmp_path / "a.db"))
    assert code == 0 and conflict.conflict_id[:8] in out and "source" in out
    assert f"«{THEIR_NOTE}» there" in out
    code, out, _err = run_review("conflicts", "--db", str(tmp_path / "a.db"), "--json")
    [listed] = json.loads(out)
    assert (listed["kind"], listed["id"], listed["their_fields"]["note"]) == (
        "source", conflict.conflict_id, THEIR_NOTE)


def test_a_source_conflict_resolved_as_theirs_takes_their_fields(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = _bbc_changed_on_both_sides(open_ws, tmp_path)
    [conflict] = merging.merge(a, tmp_path / "b.db").source_conflicts
    a.close()

    code, out, _err = run_review("conflicts", "--db", str(tmp_path / "a.db"), "--editor",
                                "editor-a", "--resolve", conflict.conflict_id[:8],
                                "--resolution", "theirs")
    assert code == 0 and f"resolved {conflict.conflict_id[:8]} (theirs)" in out

    a = open_ws("a", "editor-a")
    bbc = _source(a, "BBC")
    assert (bbc.note, bbc.url) == (THEIR_NOTE, BBC_URL)
    assert merging.list_source_conflicts(a) == []
    [row] = merging.list_source_conflicts(a, include_resolved=True)
    assert row["resolved"] and row["resolution"] == "theirs"
    assert ("resolve_source_conflict", "editor-a") in _history(a, "source", bbc.id)
    # Now both sides agree on the source: merging again finds nothing to do for it.
    again = merging.merge(a, tmp_path / "b.db")
    assert again.source_conflicts == [] and again.sources_updated == []


def test_a_source_conflict_resolved_as_ours_keeps_ours_and_is_not_reported_again(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = _bbc_changed_on_both_sides(open_ws, tmp_path)
    [conflict] = merging.merge(a, tmp_path / "b.db").source_conflicts
    before = _source(a, "BBC")
    row = merging.resolve_conflict(a, conflict.conflict_id, resolution="ours")
    assert row["kind"] == "source" and row["resolved"] and row["resolution"] == "ours"
    assert _source(a, "BBC") == before
    again = merging.merge(a, tmp_path / "b.db")
    assert again.source_conflicts == [] and again.source_conflicts_known == 1
    # Reopened, it is listed again.
    merging.resolve_conflict(a, conflict.conflict_id, resolved=False)
    assert [r["id"] for r in merging.list_source_conflicts(a)] == [conflict.conflict_id]


def test_source_conflicts_recorded_elsewhere_come_with_a_merge(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    # b and c both changed the BBC's note; b recorded c's version. a, which never changed
    # it, merges b: b's note is taken and c's version is listed here too.
    c = open_ws("c", "editor-c")
    Taxonomy.for_workspace(c).update_source("BBC", note=THEIR_NOTE)
    c.close()
    b = open_ws("b", "editor-b")
    Taxonomy.for_workspace(b).update_source("BBC", note=OUR_NOTE)
    assert len(merging.merge(b, tmp_path / "c.db").source_conflicts) == 1
    b.close()
    a = open_ws("a", "editor-a")

    report = merging.merge(a, tmp_path / "b.db")

    assert report.source_conflicts_imported == 1 and report.changed
    assert report.counts()["sources"]["conflicts_imported"] == 1
    assert _source(a, "BBC").note == OUR_NOTE
    [row] = merging.list_source_conflicts(a)
    assert row["their_fields"]["note"] == THEIR_NOTE and row["ours"]["note"] == OUR_NOTE
    assert row["other_workspace"] == str(tmp_path / "c.db")
    assert row["source_id"] == _source(a, "BBC").id
    # Merging b again brings nothing new; nor does merging c itself (the same version).
    snapshot = dump(a)
    assert not merging.merge(a, tmp_path / "b.db").changed and dump(a) == snapshot
    again = merging.merge(a, tmp_path / "c.db")
    assert again.source_conflicts == [] and again.source_conflicts_known == 1
    code, out, _err = run_review("merge", str(tmp_path / "b.db"), "--db",
                                 str(tmp_path / "a.db"), "--editor", "editor-a")
    assert code == 0 and "recorded there, now here" not in out  # nothing new this time


def test_a_new_source_comes_with_its_note_and_url(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    created = Taxonomy.for_workspace(b).create_source(
        name_ar="وزارة الدفاع العراقية", name_en="Iraqi Ministry of Defence",
        kind="organisation", aliases=["الدفاع العراقية"], note="بيانات رسمية",
        url="https://mod.mil.iq")
    b.close()
    report = merging.merge(a, tmp_path / "b.db")
    assert {m.their_id: m.how for m in report.sources}[created.id] == "added"
    record = _source(a, "الدفاع العراقية")
    assert record.id == created.id
    assert (record.note, record.url, record.source.kind) == (
        "بيانات رسمية", "https://mod.mil.iq", created.source.kind)
    # Its history there (created by editor-b) and the merge adding it here.
    assert sorted(_history(a, "source", created.id)) == [("create_source", "editor-a"),
                                                         ("create_source", "editor-b")]


# --- everything else's history ---------------------------------------------------------------
def test_history_of_sources_statuses_articles_and_editors_comes_mapped(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    tb = Taxonomy.for_workspace(b)
    tb.add_aliases("Reuters", ["رويترز العربية"])
    tb.add_status("needs_expert", label_ar="يحتاج خبيرا", label_en="Needs an expert",
                  color="#b0bec5")
    text = b.article(seed_id(b)).text
    start = text.index(Q_DRONES)
    b.apply(RejectSuggestion(seed_id(b), start, start + len(Q_DRONES)))
    b.close()
    reuters = _source(a, "Reuters")

    report = merging.merge(a, tmp_path / "b.db")

    assert report.statuses_added == ["needs_expert"]
    by_entity = report.history_by_entity
    assert {"article", "source", "status", "editor"} <= set(by_entity)
    assert report.history_rows == sum(by_entity.values())
    # The alias added there, under our Reuters (a different id there), JSON in our ids.
    [alias_row] = [r for r in a.audit_entries(reuters.id)
                   if r["action"] == "add_source_alias"]
    assert alias_row["after"]["id"] == reuters.id
    assert a.editor_names()[str(alias_row["editor_id"])] == "editor-b"
    assert "رويترز العربية" in alias_row["after"]["aliases"]
    # The suggestion rejected there and b's import of the seed, under our seed's id.
    seed_history = _history(a, "article", seed_id(a))
    assert ("reject_suggestion", "editor-b") in seed_history
    assert [action for action, _ in seed_history].count("import_article") == 2
    assert ("create_status", "editor-b") in _history(a, "status", "needs_expert")
    editor_b = next(i for i, n in a.editor_names().items() if n == "editor-b")
    assert ("create_editor", "editor-b") in _history(a, "editor", editor_b)
    # Nothing twice; and merging back and forth settles: b merging a adds editor-a there
    # (one audit row), which a takes on its next merge of b, and then nothing is new.
    snapshot = dump(a)
    again = merging.merge(a, tmp_path / "b.db")
    assert not again.changed and again.history_rows == 0 and dump(a) == snapshot
    assert _merge_until_quiet(a, tmp_path / "b.db", "editor-b", tmp_path / "a.db") == 3


# --- one transaction -------------------------------------------------------------------------
@pytest.mark.parametrize("failing", ["insert_rejection", "delete_rejection", "import_conflict",
                                     "update_source", "insert_source", "insert_audit_rows"])
def test_a_failed_merge_leaves_everything_as_it_was(
    open_ws: OpenWs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    a, claim_id, _ = _conflict_in_c(open_ws, tmp_path)
    wounded = a.add_claim(seed_id(a), quote=Q_WOUNDED)
    drones = a.add_claim(seed_id(a), quote=Q_DRONES)
    a.apply(RejectClaims(seed_id(a), (drones.id,)))
    c = Workspace.open(tmp_path / "c.db", editor_name="editor-c")
    merging.merge(c, tmp_path / "a.db")
    c.apply(RejectClaims(seed_id(c), (wounded.id,)))
    c.apply(UnrejectClaims(seed_id(c), (drones.id,)))
    tc = Taxonomy.for_workspace(c)
    tc.update_source("AFP", note="الوكالة الفرنسية")
    tc.create_source(name_ar="مصدر جديد", kind="document", url="https://example.org/doc")
    c.close()
    assert_failed_merge_leaves_nothing(monkeypatch, a, tmp_path / "c.db", failing)

    report = merging.merge(a, tmp_path / "c.db")  # and it works once the fault is gone

    assert (report.rejections_added, report.rejections_withdrawn) == (1, 1)
    assert len(report.conflicts_imported) == 1 and report.claims_updated == 1
    assert [c.differences for c in report.sources_updated] == [
        (("note", "", "الوكالة الفرنسية"),)]
    assert report.sources_added == 1
    assert set(_rejections(a)) == {wounded.id} and a.claim(claim_id).status_id == "true"


# --- command line ----------------------------------------------------------------------------
def test_cli_merge_reports_what_is_new(open_ws: OpenWs, tmp_path: Path) -> None:
    a, _, conflict = _conflict_in_c(open_ws, tmp_path)
    c = Workspace.open(tmp_path / "c.db", editor_name="editor-c")
    drones = c.add_claim(seed_id(c), quote=Q_DRONES)
    c.apply(RejectClaims(seed_id(c), (drones.id,)))
    Taxonomy.for_workspace(c).update_source("AFP", url="https://www.afp.com/ar")
    c.close()
    a.close()
    code, out, err = run_review("merge", str(tmp_path / "c.db"), "--db",
                                str(tmp_path / "a.db"), "--editor", "editor-a")
    assert code == 0, err
    assert "1 updated, 0 conflicts" in out and "url: «» -> «https://www.afp.com/ar»" in out
    assert "rejections: 1 added, 0 withdrawn" in out
    assert "conflicts recorded there: 1 imported" in out
    assert "review_rejection 1" in out
    assert f"conflict recorded there (both_changed): claim {conflict.claim_id[:8]}" in err
    code, out, err = run_review("merge", str(tmp_path / "c.db"), "--db",
                                str(tmp_path / "a.db"), "--editor", "editor-a", "--json")
    assert code == 0, err
    [report] = json.loads(out)
    assert report["changed"] is False
    assert report["rejections"] == {"added": 0, "withdrawn": 0, "kept_ours": 0}
    assert report["conflicts_imported"] == [] and report["history_rows"] == 0
    assert report["sources"]["updated"] == 0 and report["source_conflicts"] == []


def test_a_source_conflict_closes_when_the_other_side_comes_to_agree(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = _bbc_changed_on_both_sides(open_ws, tmp_path)
    [conflict] = merging.merge(a, tmp_path / "b.db").source_conflicts
    a.close()
    # b merges a and takes a's note for the BBC (its own conflict, resolved as theirs).
    b = open_ws("b", "editor-b")
    merging.merge(b, tmp_path / "a.db")
    [theirs] = merging.list_source_conflicts(b)
    merging.resolve_conflict(b, theirs["id"], resolution="theirs")
    assert _source(b, "BBC").note == OUR_NOTE
    b.close()
    a = open_ws("a", "editor-a")

    report = merging.merge(a, tmp_path / "b.db")

    assert report.source_conflicts_settled == 1 and report.source_conflicts == []
    assert report.counts()["sources"]["conflicts_settled"] == 1
    assert merging.list_source_conflicts(a) == []
    [row] = merging.list_source_conflicts(a, include_resolved=True)
    assert row["id"] == conflict.conflict_id and row["resolution"] == "same"
    assert (_source(a, "BBC").note, _source(a, "BBC").url) == (OUR_NOTE, BBC_URL)


def test_a_newer_version_from_the_same_workspace_replaces_the_listed_one(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = _bbc_changed_on_both_sides(open_ws, tmp_path)
    [first] = merging.merge(a, tmp_path / "b.db").source_conflicts
    b = open_ws("b", "editor-b")
    Taxonomy.for_workspace(b).update_source("BBC", note="صيغة ثالثة")
    b.close()

    [second] = merging.merge(a, tmp_path / "b.db").source_conflicts

    [listed] = merging.list_source_conflicts(a)
    assert listed["id"] == second.conflict_id != first.conflict_id
    assert listed["their_fields"]["note"] == "صيغة ثالثة"
    resolutions = {r["id"]: r["resolution"]
                   for r in merging.list_source_conflicts(a, include_resolved=True)}
    assert resolutions == {first.conflict_id: "superseded", second.conflict_id: None}
