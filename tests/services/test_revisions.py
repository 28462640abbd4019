"""A revised article: claims are re-anchored by quote and context, orphans reported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from annotator import cli
from annotator.domain.errors import InputError
from annotator.services.workspace import Workspace


def test_claims_follow_the_revised_text(workspace: Workspace, seed_article_id: str,
                                        seed_text: str, tmp_path: Path) -> None:
    kept = workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                               carriers=["رويترز"], status_id="in_progress", note="ملاحظة")
    gone = workspace.add_claim(seed_article_id, quote="أصيب جنود أميركيين بجروح طفيفة")
    # The same quote twice: the right occurrence is chosen by its context.
    second = workspace.add_claim(seed_article_id, quote="قاعدة عين الأسد الجوية", nth=2)
    revised = (
        "تحديث: هذه نسخة معدلة من الخبر 🚨\n"
        + seed_text.replace("أصيب جنود أميركيين بجروح طفيفة", "لم تقع إصابات")
    )
    path = tmp_path / "revised.txt"
    path.write_text(revised.replace("\n", "\r\n"), encoding="utf-8")

    result = workspace.import_revision(seed_article_id[:8], path)

    new_id = result.outcome.article_id
    new = workspace.article(new_id)
    assert new.revision_of == seed_article_id
    assert new.outlet == "خليجيون نيوز"
    assert result.orphaned == [gone.id]
    carried = dict(result.carried)
    assert set(carried) == {kept.id, second.id}
    for old_id, new_claim_id in result.carried:
        old_claim = workspace.claim(old_id)
        copy = workspace.claim(new_claim_id)
        assert new.text[copy.start:copy.end] == copy.quote == old_claim.quote
        assert copy.status_id == old_claim.status_id
        assert [s.source_id for s in copy.sources] == [s.source_id for s in old_claim.sources]
        assert copy.note == old_claim.note
    copy_of_second = workspace.claim(carried[second.id])
    first_occurrence = new.text.index("قاعدة عين الأسد الجوية")
    assert copy_of_second.start > first_occurrence
    # The old version keeps its claims untouched.
    assert len(workspace.claims(seed_article_id)) == 3


def test_the_same_text_is_not_a_revision(workspace: Workspace, seed_article_id: str,
                                         seed_text: str, tmp_path: Path) -> None:
    path = tmp_path / "same.txt"
    path.write_text(seed_text, encoding="utf-8")
    with pytest.raises(InputError, match="already in the workspace"):
        workspace.import_revision(seed_article_id, path)
    assert len(workspace.articles()) == 1


def test_cli_revision(tmp_path: Path, seed_text: str) -> None:
    db = str(tmp_path / "cli.db")
    out = io.StringIO()
    cli.run(["articles", "--db", db, "--json"], out=out)
    article_id = json.loads(out.getvalue())[0]["id"]
    cli.run(["claim", "add", article_id, "--db", db, "--quote", "«رويترز»"],
            out=io.StringIO())
    path = tmp_path / "v2.txt"
    path.write_text("سطر جديد\n" + seed_text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(["import", str(path), "--revision-of", article_id, "--db", db, "--json"],
                   out=out, err=err)
    assert code == 0, err.getvalue()
    data = json.loads(out.getvalue())
    assert len(data["carried"]) == 1 and data["orphaned"] == []
