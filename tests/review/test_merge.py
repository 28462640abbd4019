"""Merging workspaces of several editors: mapping, fast-forward, conflicts, deletions,
idempotence, one transaction, and the other file left untouched."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from annotator.domain.errors import NotAWorkspace, WorkspaceError, WorkspaceTooNew
from annotator.domain.models import Evidence, Source, SourceKind, Status, new_id
from annotator.domain.operations import (
    CreateSource,
    DeleteClaim,
    SetEvidence,
    UpdateClaim,
)
from annotator.services import merging
from annotator.services.workspace import Workspace
from annotator.storage import claims as claims_store
from annotator.storage import merge_store
from annotator.storage.search_index import search as raw_search
from annotator.text.normalize import normalize_for_search
from tests.review.conftest import (
    Q_BALLISTIC,
    Q_DRONES,
    Q_ROCKETS,
    Q_ROCKETS_SHORT,
    Q_WOUNDED,
    SECURITY,
    US_OFFICIAL,
    assert_failed_merge_leaves_nothing,
    dump,
    file_digest,
    seed_id,
)

OpenWs = Callable[..., Workspace]


def _index_in_step(ws: Workspace) -> None:
    """Every claim and article has exactly one search entry and the FTS table no extras."""
    db = ws.db
    n_claims = next(db.query("SELECT count(*) AS n FROM claims"))["n"]
    n_articles = next(db.query("SELECT count(*) AS n FROM articles"))["n"]
    refs = {row["kind"]: row["n"] for row in db.query(
        "SELECT kind, count(*) AS n FROM search_refs GROUP BY kind")}
    assert refs.get("claim", 0) == n_claims
    assert refs.get("article", 0) == n_articles
    assert next(db.query("SELECT count(*) AS n FROM search_fts"))["n"] == n_claims + n_articles
    orphans = list(db.query("SELECT ref_id FROM search_refs WHERE kind = 'claim' AND ref_id "
                            "NOT IN (SELECT id FROM claims)"))
    assert orphans == []


def _shared_claim(open_ws: OpenWs, tmp_path: Path) -> tuple[Workspace, Workspace, str]:
    """editor-a marks a claim; editor-b's workspace merges it in (so both hold the same
    claim id, with history). Returns (a, b, claim id)."""
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    claim = a.add_claim(seed_id(a), quote=Q_ROCKETS, speakers=[SECURITY], carriers=["رويترز"])
    report = merging.merge(b, tmp_path / "a.db")
    assert report.claims_added == 1
    return a, b, claim.id


def test_merge_brings_articles_sources_editors_claims_and_history(
    open_ws: OpenWs, tmp_path: Path, corpus_files: list[Path]
) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    a.add_claim(seed_id(a), quote=Q_WOUNDED, speakers=[US_OFFICIAL])
    # editor-b: a corpus article editor-a does not have, a new source, one known only by an
    # alias of ours plus spellings we lack, and claims on the seed and on the new article.
    [outcome] = b.import_paths([corpus_files[0]])
    expert = Source(new_id(), "الأكاديمي والمحلل السياسي العراقي", "Iraqi academic analyst",
                    SourceKind.EXPERT, ("المحلل السياسي",))
    reuters_world = Source(new_id(), "رويترز العالمية", "Reuters World", SourceKind.NEWS_AGENCY,
                           ("وكالة رويترز",))
    b.apply(CreateSource(expert))
    b.apply(CreateSource(reuters_world))
    c1 = b.add_claim(seed_id(b), quote=Q_ROCKETS, speakers=[SECURITY],
                     carriers=["Reuters World"], status_id="in_progress", note="مصدر واحد")
    c2 = b.add_claim(seed_id(b), quote=Q_BALLISTIC, speakers=["المحلل السياسي"])
    b.apply(SetEvidence(c2.id, (Evidence(new_id(), "https://example.org/report", "report"),)))
    text = b.article(outcome.article_id).text
    first_words = text.split("\n")[2].split()[:4]
    c3 = b.add_claim(outcome.article_id, quote=" ".join(first_words))
    b.close()
    before_other = file_digest(tmp_path / "b.db")

    report = merging.merge(a, tmp_path / "b.db")

    assert report.articles_matched == 1 and len(report.articles_added) == 1
    assert report.claims_added == 3 and report.conflicts == []
    assert report.editors_added == ["editor-b"]
    how = {m.their_name: m for m in report.sources}
    assert how["الأكاديمي والمحلل السياسي العراقي"].how == "added"
    assert how["رويترز العالمية"].how == "alias"
    assert how["رويترز العالمية"].our_name == "رويترز"
    assert set(how["رويترز العالمية"].aliases_added) == {"رويترز العالمية", "Reuters World"}
    assert how[SECURITY].how == "name"
    # The claims, mapped to our article and source ids, offsets intact.
    merged = {c.id: c for c in a.claims()}
    assert {c1.id, c2.id, c3.id} <= set(merged)
    ours_seed = a.article(seed_id(a))
    for claim in merged.values():
        assert a.article(claim.article_id).text[claim.start:claim.end] == claim.quote
    assert merged[c1.id].article_id == ours_seed.id
    reuters_ours = next(s for s in a.sources() if s.name_en == "Reuters")
    assert [(s.source_id, str(s.role)) for s in merged[c1.id].sources][1] == (
        reuters_ours.id, "carrier")
    assert merged[c1.id].status_id == "in_progress" and merged[c1.id].note == "مصدر واحد"
    assert [e.url for e in merged[c2.id].evidence] == ["https://example.org/report"]
    editors = a.editor_names()
    assert editors[merged[c1.id].created_by] == "editor-b"
    assert editors[merged[c3.id].created_by] == "editor-b"
    # History: editor-b's own rows came along, and the merge recorded itself.
    actions = [(row["action"], editors.get(row["editor_id"])) for row in a.audit_entries(c2.id)]
    assert ("create_claim", "editor-b") in actions and ("set_evidence", "editor-b") in actions
    assert actions[-1] == ("merge_claim", "editor-a")
    # Search sees the new claims and article; the index is in step.
    assert any(h.claim_id == c1.id for h in a.search("مهاجمين أطلقوا"))
    assert any(h.article_id == report.articles_added[0] for h in a.search(first_words[0]))
    _index_in_step(a)
    # The alias now finds our Reuters.
    assert a.add_claim(seed_id(a), quote=Q_DRONES, carriers=["Reuters World"]).sources[0] \
        .source_id == reuters_ours.id
    assert file_digest(tmp_path / "b.db") == before_other
    assert not Path(f"{tmp_path / 'b.db'}-wal").exists()


def test_merging_the_same_file_twice_changes_nothing(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    a.add_claim(seed_id(a), quote=Q_WOUNDED, speakers=[US_OFFICIAL])
    b.add_claim(seed_id(b), quote=Q_ROCKETS, speakers=[SECURITY], status_id="true")
    b.close()
    first = merging.merge(a, tmp_path / "b.db")
    assert first.changed
    snapshot = dump(a)
    second = merging.merge(a, tmp_path / "b.db")
    assert not second.changed
    assert second.claims_unchanged == 1 and second.claims_added == 0
    assert second.history_rows == 0 and second.editors_added == []
    assert dump(a) == snapshot
    # And in the other direction, the same.
    a.close()
    b = open_ws("b", "editor-b")
    merging.merge(b, tmp_path / "a.db")
    snapshot_b = dump(b)
    assert not merging.merge(b, tmp_path / "a.db").changed
    assert dump(b) == snapshot_b


def test_fast_forward_when_only_theirs_changed(open_ws: OpenWs, tmp_path: Path) -> None:
    a, b, claim_id = _shared_claim(open_ws, tmp_path)
    b.apply(UpdateClaim(claim_id, (("status_id", "false"), ("note", "نفته الحكومة"))))
    b.close()

    report = merging.merge(a, tmp_path / "b.db")

    assert report.claims_updated == 1 and report.conflicts == []
    claim = a.claim(claim_id)
    assert (claim.status_id, claim.note) == ("false", "نفته الحكومة")
    assert a.editor_names()[claim.updated_by] == "editor-b"
    assert claim.created_by is not None and a.editor_names()[claim.created_by] == "editor-a"
    history = [(r["action"], a.editor_names().get(r["editor_id"]))
               for r in a.audit_entries(claim_id)]
    assert ("update_claim", "editor-b") in history
    assert history[-1] == ("merge_update_claim", "editor-a")
    assert any(h.claim_id == claim_id for h in a.search("نفته"))
    _index_in_step(a)
    assert not merging.merge(a, tmp_path / "b.db").changed


def test_ours_kept_when_only_ours_changed(open_ws: OpenWs, tmp_path: Path) -> None:
    a, b, claim_id = _shared_claim(open_ws, tmp_path)
    b.close()
    a.apply(UpdateClaim(claim_id, (("status_id", "true"),)))
    report = merging.merge(a, tmp_path / "b.db")
    assert report.claims_kept_ours == 1 and report.claims_updated == 0
    assert a.claim(claim_id).status_id == "true"
    # Nothing of the claim was written: only b's own history of the seed article and of
    # editor-a (b imported the seed, then added editor-a when it merged a) came along.
    assert "claim" not in report.history_by_entity
    assert set(report.history_by_entity) <= {"article", "editor"}
    assert not merging.merge(a, tmp_path / "b.db").changed


def test_claim_changed_on_both_sides_is_a_conflict_never_overwritten(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a, b, claim_id = _shared_claim(open_ws, tmp_path)
    b.apply(UpdateClaim(claim_id, (("status_id", "false"),)))
    b.apply(SetEvidence(claim_id, (Evidence(new_id(), "https://example.org/denial", None),)))
    b.close()
    a.apply(UpdateClaim(claim_id, (("note", "يحتاج إلى مصدر ثان"),)))
    ours_before = a.claim(claim_id)

    report = merging.merge(a, tmp_path / "b.db")

    assert report.claims_updated == 0
    [conflict] = report.conflicts
    assert conflict.kind == "both_changed" and conflict.claim_id == claim_id
    assert a.claim(claim_id) == ours_before  # ours untouched
    copy = a.claim(conflict.copy_id)
    assert copy.status_id == "false" and copy.note == ""
    assert [e.url for e in copy.evidence] == ["https://example.org/denial"]
    assert (copy.start, copy.end, copy.quote) == (ours_before.start, ours_before.end,
                                                  ours_before.quote)
    [row] = merging.list_conflicts(a)
    assert row["other_claim_id"] == copy.id and row["resolved"] == 0
    assert row["other_editor"] == "editor-b"
    assert row["other_workspace"] == str((tmp_path / "b.db").resolve())
    _index_in_step(a)
    # Again: recorded already, nothing written.
    snapshot = dump(a)
    again = merging.merge(a, tmp_path / "b.db")
    assert again.conflicts == [] and again.conflicts_known == 1 and not again.changed
    assert dump(a) == snapshot
    # Resolving it keeps the record, closed.
    resolved = merging.resolve_conflict(a, row["id"][:8], resolution="ours")
    assert resolved["resolved"] == 1 and resolved["resolution"] == "ours"
    assert merging.list_conflicts(a) == []
    assert len(merging.list_conflicts(a, include_resolved=True)) == 1


def test_their_deletion_is_carried_over_when_we_did_not_change_the_claim(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a, b, claim_id = _shared_claim(open_ws, tmp_path)
    b.apply(DeleteClaim(claim_id))
    b.close()
    report = merging.merge(a, tmp_path / "b.db")
    assert report.claims_deleted == 1
    assert claim_id not in {c.id for c in a.claims()}
    _index_in_step(a)
    assert not merging.merge(a, tmp_path / "b.db").changed


def test_their_deletion_of_a_claim_we_changed_is_a_conflict(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a, b, claim_id = _shared_claim(open_ws, tmp_path)
    b.apply(DeleteClaim(claim_id))
    b.close()
    a.apply(UpdateClaim(claim_id, (("status_id", "misleading"),)))
    report = merging.merge(a, tmp_path / "b.db")
    [conflict] = report.conflicts
    assert conflict.kind == "deleted_there" and conflict.copy_id is None
    assert a.claim(claim_id).status_id == "misleading"
    assert not merging.merge(a, tmp_path / "b.db").changed


def test_our_deletion_stays_unless_they_changed_the_claim(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a, b, claim_id = _shared_claim(open_ws, tmp_path)
    b.close()
    a.apply(DeleteClaim(claim_id))
    report = merging.merge(a, tmp_path / "b.db")
    assert report.claims_kept_deleted == 1 and report.claims_added == 0
    assert "claim" not in report.history_by_entity  # b's history of the seed and editors
    assert not merging.merge(a, tmp_path / "b.db").changed
    assert claim_id not in {c.id for c in a.claims()}  # not resurrected

    b = Workspace.open(tmp_path / "b.db", editor_name="editor-b")
    b.apply(UpdateClaim(claim_id, (("status_id", "true"),)))
    b.close()
    report = merging.merge(a, tmp_path / "b.db")
    [conflict] = report.conflicts
    assert conflict.kind == "deleted_here"
    assert claim_id not in {c.id for c in a.claims()}
    assert a.claim(conflict.copy_id).status_id == "true"
    assert not merging.merge(a, tmp_path / "b.db").changed


@pytest.mark.parametrize("failing", ["bulk_insert_claims", "overwrite_claim",
                                     "insert_conflict", "insert_audit_rows"])
def test_a_failed_merge_leaves_the_workspace_as_it_was(
    open_ws: OpenWs, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    corpus_files: list[Path], failing: str
) -> None:
    a, b, shared = _shared_claim(open_ws, tmp_path)
    fast_forward = a.add_claim(seed_id(a), quote=Q_WOUNDED)
    b.close()
    merging.merge(open_ws("b", "editor-b"), tmp_path / "a.db")
    b = Workspace.open(tmp_path / "b.db", editor_name="editor-b")
    b.import_paths(corpus_files[:2])
    b.apply(CreateSource(Source(new_id(), "مصدر جديد", "A new source", SourceKind.DOCUMENT)))
    for quote in (Q_ROCKETS_SHORT, Q_BALLISTIC):
        b.add_claim(seed_id(b), quote=quote, speakers=["مصدر جديد"])
    b.apply(UpdateClaim(shared, (("status_id", "false"),)))
    b.apply(UpdateClaim(fast_forward.id, (("status_id", "true"),)))
    b.close()
    a.apply(UpdateClaim(shared, (("note", "ours"),)))
    assert_failed_merge_leaves_nothing(monkeypatch, a, tmp_path / "b.db", failing)
    report = merging.merge(a, tmp_path / "b.db")  # and it works once the fault is gone
    assert (report.claims_added, report.claims_updated, len(report.conflicts)) == (2, 1, 1)
    assert len(report.articles_added) == 2


def test_bulk_writes_match_the_one_by_one_writers(open_ws: OpenWs, tmp_path: Path) -> None:
    """The merge's bulk writer leaves the same audit JSON and search entries as
    storage.claims.insert_claim."""
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    claim = b.add_claim(seed_id(b), quote=Q_ROCKETS, speakers=[SECURITY],
                        carriers=["رويترز"], note="ملاحظة", wording="Attackers fired rockets")
    b.apply(SetEvidence(claim.id, (Evidence(new_id(), "https://example.org/x", "x"),)))
    assert merge_store.claim_view(b.claim(claim.id)) == claims_store._audit_view(
        b.claim(claim.id))
    b.close()
    merging.merge(a, tmp_path / "b.db")
    merged = a.claim(claim.id)
    [row] = [r for r in a.audit_entries(claim.id) if r["action"] == "merge_claim"]
    assert row["after"] == claims_store._audit_view(merged)
    body = next(a.db.query(
        "SELECT f.body FROM search_fts f JOIN search_refs r ON r.fts_rowid = f.rowid "
        "WHERE r.ref_id = ?", [claim.id]))["body"]
    assert body == normalize_for_search(f"{merged.quote}\n{merged.note}\n{merged.wording}")
    assert {r["ref_id"] for r in raw_search(a.db, "Attackers fired")} == {claim.id}
    _index_in_step(a)


def test_the_other_workspace_is_read_only_even_while_open(
    open_ws: OpenWs, tmp_path: Path
) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    b.add_claim(seed_id(b), quote=Q_ROCKETS)
    b.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    files = {p.name: file_digest(p) for p in tmp_path.glob("b.db*")}
    report = merging.merge(a, tmp_path / "b.db")  # b is still open, with its -wal file
    assert report.claims_added == 1
    assert {p.name: file_digest(p) for p in tmp_path.glob("b.db*")
            if not p.name.endswith("-shm")} == {k: v for k, v in files.items()
                                                if not k.endswith("-shm")}


def test_refusals_leave_both_files_untouched(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    newer = open_ws("newer", "editor-b")
    newer.add_claim(seed_id(newer), quote=Q_ROCKETS)
    with newer.db.atomic():
        newer.db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                         "VALUES ('annotator', 'm999_from_the_future', '2030-01-01')")
    newer.close()
    snapshot = dump(a)
    digest = file_digest(tmp_path / "newer.db")
    with pytest.raises(WorkspaceTooNew):
        merging.merge(a, tmp_path / "newer.db")
    assert file_digest(tmp_path / "newer.db") == digest

    text_file = tmp_path / "notes.db"
    text_file.write_text("not a database", encoding="utf-8")
    with pytest.raises(NotAWorkspace):
        merging.merge(a, text_file)
    foreign = tmp_path / "foreign.db"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE things (x)")
    conn.commit()
    conn.close()
    with pytest.raises(NotAWorkspace):
        merging.merge(a, foreign)
    with pytest.raises(WorkspaceError):
        merging.merge(a, tmp_path / "missing.db")
    with pytest.raises(WorkspaceError, match="itself"):
        merging.merge(a, tmp_path / "a.db")
    assert dump(a) == snapshot


def test_statuses_by_id_and_source_ids_kept(open_ws: OpenWs, tmp_path: Path) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    with b.db.atomic():
        merge_store.insert_status(
            b.db, Status("needs_expert", "يحتاج خبيرا", "Needs an expert",
                                     "#b0bec5", None, 9),
            editor_id=b.editor_id(), action="create_status")
    source = Source(new_id(), "وزارة الدفاع العراقية", "Iraqi defence ministry",
                    SourceKind.ORGANISATION)
    b.apply(CreateSource(source))
    b.add_claim(seed_id(b), quote=Q_ROCKETS, speakers=["وزارة الدفاع العراقية"],
                status_id="needs_expert")
    b.close()
    report = merging.merge(a, tmp_path / "b.db")
    assert report.statuses_added == ["needs_expert"]
    assert "needs_expert" in {s.id for s in a.statuses()}
    assert source.id in {s.id for s in a.sources()}
    second = merging.merge(a, tmp_path / "b.db")
    assert {m.their_id: m.how for m in second.sources}[source.id] == "id"


def test_progress_is_reported_and_cancelling_writes_nothing(
    open_ws: OpenWs, tmp_path: Path, corpus_files: list[Path]
) -> None:
    a = open_ws("a", "editor-a")
    b = open_ws("b", "editor-b")
    b.import_paths(corpus_files[:1])
    for quote in (Q_ROCKETS, Q_WOUNDED, Q_BALLISTIC):
        b.add_claim(seed_id(b), quote=quote)
    b.close()
    snapshot = dump(a)
    with pytest.raises(merging.MergeCancelled):
        merging.merge(a, tmp_path / "b.db", cancelled=lambda: True)
    assert dump(a) == snapshot  # the corpus article was added, then rolled back
    seen: list[tuple[int, int]] = []
    report = merging.merge(a, tmp_path / "b.db", progress=lambda d, t: seen.append((d, t)),
                           cancelled=lambda: False)
    assert report.claims_added == 3
    assert seen[0] == (0, 3) and seen[-1] == (3, 3)
