"""Merging and packing bring the suggestions editors rejected (``suggestion_rejections``),
not only their history: on the real seed article (whose id differs between workspaces),
added and withdrawn by each side's history like the adjudicator's rejections, each merge one
transaction, and merging twice changes nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.services import merging, packing, suggesting
from annotator.services.workspace import Workspace
from tests.review.conftest import assert_failed_merge_leaves_nothing, dump, run_review, seed_id
from tests.review.test_merge_more import _make_old, _merge_until_quiet

OpenWs = Callable[..., Workspace]
Rejected = dict[str, tuple[int, int, str, str | None, str]]


def _suggested(ws: Workspace) -> list[suggesting.Suggestion]:
    return suggesting.suggestions(ws.db, seed_id(ws))


def _reject(ws: Workspace, suggestion: suggesting.Suggestion) -> None:
    """Reject a suggestion of the seed as the workspace's editor (``suggesting.reject``)."""
    suggesting.reject(ws.db, seed_id(ws), fingerprint=suggestion.fingerprint,
                      editor_id=ws.editor_id())


def _unreject(ws: Workspace, suggestion: suggesting.Suggestion) -> None:
    assert suggesting.unreject(ws.db, seed_id(ws), suggestion.fingerprint,
                               editor_id=ws.editor_id())


def _rejected(ws: Workspace) -> Rejected:
    """Fingerprint -> (start, end, quote, editor's name, rejected_at) of the seed's rejected
    suggestions."""
    names = ws.editor_names()
    return {r.fingerprint: (r.start, r.end, r.quote, names.get(r.rejected_by or ""),
                            r.rejected_at)
            for r in suggesting.rejections(ws.db, seed_id(ws))}


def _history(ws: Workspace, fingerprint: str) -> list[tuple[str, str | None]]:
    """(action, editor name) of the seed's audit rows about this suggestion, oldest first."""
    names = ws.editor_names()
    out = []
    for row in ws.audit_entries(seed_id(ws)):
        data = row["after"] or row["before"]
        if (row["entity"] == "article" and isinstance(data, dict)
                and data.get("fingerprint") == fingerprint):
            out.append((str(row["action"]), names.get(str(row["editor_id"]))))
    return out


def test_a_suggestion_rejected_there_is_not_suggested_here(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    assert seed_id(a) != seed_id(b)  # the same text, imported apart: mapped by sha256
    first = _suggested(b)[0]
    assert first.fingerprint in {s.fingerprint for s in _suggested(a)}
    _reject(b, first)
    theirs = _rejected(b)
    b.close()

    report = merging.merge(a, tmp_path / "b.db")

    assert report.suggestion_rejections_added == 1 and report.changed
    assert report.counts()["suggestion_rejections"] == {"added": 1, "withdrawn": 0,
                                                        "kept_ours": 0}
    assert first.fingerprint not in {s.fingerprint for s in _suggested(a)}
    assert _rejected(a) == theirs  # same span and quote, same editor (by name), same time
    assert theirs[first.fingerprint][3] == "editor-b"
    # Their rejection, then the merge's record of it: the last row is the state here.
    assert _history(a, first.fingerprint) == [("reject_suggestion", "editor-b"),
                                              ("merge_reject_suggestion", "editor-a")]
    [row] = [r for r in a.audit_entries(seed_id(a))
             if r["action"] == "merge_reject_suggestion"]
    assert row["after"]["article_id"] == seed_id(a)  # our id, not theirs
    assert row["after"]["rejected_at"] == theirs[first.fingerprint][4]

    snapshot = dump(a)
    again = merging.merge(a, tmp_path / "b.db")
    assert not again.changed and again.suggestion_rejections_added == 0
    assert again.history_rows == 0 and dump(a) == snapshot
    # Back and forth: b takes our record of it (and editor-a, as any merge of ours does),
    # rejects nothing twice, and both sides settle as they do without rejections.
    with Workspace.open(tmp_path / "b.db", editor_name="editor-b") as b:
        back = merging.merge(b, tmp_path / "a.db")
        assert back.suggestion_rejections_added == 0 and _rejected(b) == theirs
        assert _history(b, first.fingerprint)[-1] == ("merge_reject_suggestion", "editor-a")
    assert _merge_until_quiet(a, tmp_path / "b.db", "editor-b", tmp_path / "a.db") == 2


def test_a_withdrawal_travels_when_they_withdrew_our_very_decision(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = open_ws("a", "editor-a")
    first = _suggested(a)[0]
    _reject(a, first)
    b = open_ws("b", "editor-b")
    assert merging.merge(b, tmp_path / "a.db").suggestion_rejections_added == 1
    _unreject(b, first)
    b.close()

    report = merging.merge(a, tmp_path / "b.db")

    assert report.suggestion_rejections_withdrawn == 1 and _rejected(a) == {}
    assert first.fingerprint in {s.fingerprint for s in _suggested(a)}  # suggested again
    history = _history(a, first.fingerprint)
    assert history[0] == ("reject_suggestion", "editor-a")
    assert ("unreject_suggestion", "editor-b") in history
    assert history[-1] == ("merge_unreject_suggestion", "editor-a")
    snapshot = dump(a)
    assert not merging.merge(a, tmp_path / "b.db").changed and dump(a) == snapshot


def test_our_later_decisions_are_kept(open_ws: OpenWs, tmp_path: Path) -> None:
    """We withdrew a rejection they still hold; they withdrew a decision older than ours."""
    a = open_ws("a", "editor-a")
    first, second = _suggested(a)[:2]
    _reject(a, first)
    _reject(a, second)
    b = open_ws("b", "editor-b")
    merging.merge(b, tmp_path / "a.db")
    _unreject(b, second)
    b.close()
    _unreject(a, first)  # withdrawn here: stays withdrawn
    _unreject(a, second)
    _reject(a, second)  # a new decision, after theirs
    ours = _rejected(a)
    history = _history(a, second.fingerprint)

    report = merging.merge(a, tmp_path / "b.db")

    assert report.suggestion_rejections_added == report.suggestion_rejections_withdrawn == 0
    assert report.suggestion_rejections_kept_ours == 2
    assert _rejected(a) == ours and set(ours) == {second.fingerprint}
    # Kept different: none of their rows about it (they name a decision we do not hold).
    assert _history(a, second.fingerprint) == history
    snapshot = dump(a)
    assert not merging.merge(a, tmp_path / "b.db").changed and dump(a) == snapshot


def test_a_log_without_the_row_is_repaired(open_ws: OpenWs, tmp_path: Path) -> None:
    """A workspace that merged before rejections travelled has their history of the
    rejection and not the row: the next merge brings the row."""
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    first = _suggested(b)[0]
    _reject(b, first)
    b.close()
    merging.merge(a, tmp_path / "b.db")
    a.close()
    conn = sqlite3.connect(tmp_path / "a.db")
    with conn:
        conn.execute("DELETE FROM suggestion_rejections")
        conn.execute("DELETE FROM audit_log WHERE action = 'merge_reject_suggestion'")
    conn.close()
    a = open_ws("a", "editor-a")
    assert _rejected(a) == {} and _history(a, first.fingerprint) == [
        ("reject_suggestion", "editor-b")]

    report = merging.merge(a, tmp_path / "b.db")

    assert report.suggestion_rejections_added == 1 and report.history_rows == 0
    assert set(_rejected(a)) == {first.fingerprint}
    assert _history(a, first.fingerprint)[-1] == ("merge_reject_suggestion", "editor-a")


def test_a_workspace_without_the_table_merges(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    old = open_ws("old", "editor-b")
    first = _suggested(old)[0]
    _reject(old, first)  # its history stays, its table goes: an older version's file
    old.add_claim(seed_id(old), quote=first.quote)
    old.close()
    _make_old(tmp_path / "old.db")

    report = merging.merge(a, tmp_path / "old.db")

    assert report.claims_added == 1 and report.suggestion_rejections_added == 0
    assert _rejected(a) == {} and _history(a, first.fingerprint) == []
    snapshot = dump(a)
    assert not merging.merge(a, tmp_path / "old.db").changed and dump(a) == snapshot


def test_pack_carries_the_rejected_suggestions(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    first, second = _suggested(a)[:2]
    _reject(a, first)
    _reject(a, second)
    ours = _rejected(a)
    report = packing.pack(a, [seed_id(a)], tmp_path / "pack.db")
    assert report.suggestion_rejections == 2
    assert report.as_dict()["suggestion_rejections"] == 2

    packed = Workspace.open(tmp_path / "pack.db", editor_name="editor-d")
    assert _rejected(packed) == ours
    assert not {first.fingerprint, second.fingerprint} & {s.fingerprint
                                                          for s in _suggested(packed)}
    assert _history(packed, first.fingerprint) == [("reject_suggestion", "editor-a"),
                                                   ("pack_reject_suggestion", "editor-a")]
    _unreject(packed, second)  # withdrawn in the pack: merged back, withdrawn here
    packed.close()

    back = merging.merge(a, tmp_path / "pack.db")

    assert back.suggestion_rejections_withdrawn == 1
    assert back.suggestion_rejections_added == back.suggestion_rejections_kept_ours == 0
    assert set(_rejected(a)) == {first.fingerprint}
    snapshot = dump(a)
    assert not merging.merge(a, tmp_path / "pack.db").changed and dump(a) == snapshot


def test_cli_reports_them(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    a.close()
    b = open_ws("b", "editor-b")
    _reject(b, _suggested(b)[0])
    b.close()
    code, out, err = run_review("merge", str(tmp_path / "b.db"), "--db",
                                str(tmp_path / "a.db"), "--editor", "editor-a")
    assert code == 0, err
    assert "rejected suggestions: 1 added, 0 withdrawn" in out
    code, out, err = run_review("merge", str(tmp_path / "b.db"), "--db",
                                str(tmp_path / "a.db"), "--editor", "editor-a", "--json")
    assert code == 0, err
    [report] = json.loads(out)
    assert report["changed"] is False
    assert report["suggestion_rejections"] == {"added": 0, "withdrawn": 0, "kept_ours": 0}
    code, out, err = run_review("pack", "--article", seed_id(open_ws("a", "editor-a")),
                                "--out", str(tmp_path / "pack.db"), "--db",
                                str(tmp_path / "a.db"), "--editor", "editor-a", "--json")
    assert code == 0, err
    assert json.loads(out)["suggestion_rejections"] == 1


@pytest.mark.parametrize("failing", ["insert_suggestion_rejection",
                                     "delete_suggestion_rejection", "insert_audit_rows"])
def test_a_failed_merge_leaves_everything_as_it_was(
    open_ws: OpenWs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    a = open_ws("a", "editor-a")
    first, second = _suggested(a)[:2]
    _reject(a, first)
    b = open_ws("b", "editor-b")
    merging.merge(b, tmp_path / "a.db")
    _unreject(b, first)
    _reject(b, second)
    b.close()
    assert_failed_merge_leaves_nothing(monkeypatch, a, tmp_path / "b.db", failing)

    report = merging.merge(a, tmp_path / "b.db")  # and it works once the fault is gone

    assert (report.suggestion_rejections_added, report.suggestion_rejections_withdrawn) == (
        1, 1)
    assert set(_rejected(a)) == {second.fingerprint}
