"""How exports read and write: the batched reader gives exactly what the repositories give,
the fast JSON Lines writer writes exactly what ``json.dumps`` would, progress counts every
pass, a cancel (or failure) leaves no output, and one export reads one snapshot."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.models import ClaimSource, SourceRole
from annotator.domain.operations import SetSources
from annotator.services.exports import (
    ExportCancelled,
    ExportContext,
    ExportFilter,
    ExportOptions,
    export,
    parse_split,
)
from annotator.services.exports.jsonl import article_record
from annotator.services.exports.selection import select
from annotator.services.workspace import Workspace
from annotator.storage import claims as claim_repo
from annotator.storage import export_queries
from tests.exports.conftest import Annotated


@pytest.fixture
def three_sources(annotated: Annotated) -> Annotated:
    """A claim whose three sources are recorded in an order that is neither by id nor by
    role, so the reader must follow the recorded positions."""
    ws = annotated.ws
    by_name = {s.name_ar: s for s in ws.sources()}
    chosen = [by_name["منظمة الصحة العالمية"], by_name["رويترز"], by_name["الجزيرة"]]
    links = (
        ClaimSource(chosen[0].id, SourceRole.CARRIER),
        ClaimSource(chosen[1].id, SourceRole.SPEAKER),
        ClaimSource(chosen[2].id, SourceRole.SPEAKER),
    )
    ws.apply(SetSources(annotated.claims["drones"].id, links))
    return annotated


def test_batched_reads_equal_the_repository(three_sources: Annotated) -> None:
    ws = three_sources.ws
    ids = export_queries.article_ids_in_import_order(ws.db)
    assert ids == [r.id for r in sorted(ws.articles(), key=lambda r: (r.imported_at, r.id))]
    for batch in (1, 2, 16):
        got = list(export_queries.articles_with_claims(ws.db, ids, batch_size=batch))
        assert [a.id for a, _ in got] == ids
        for article, claims in got:
            assert article == ws.article(article.id)
            assert claims == claim_repo.list_claims(ws.db, article.id)
    drones = ws.claim(three_sources.claims["drones"].id)
    assert [s.name_ar for s in drones.sources] == ["منظمة الصحة العالمية", "رويترز", "الجزيرة"]
    # Rows without context: prefix and suffix empty, everything else as read.
    for found in export_queries.claim_rows(ws.db, ids, context=False):
        for row, claim in zip(found.rows, found.claims(), strict=True):
            assert row[export_queries.PREFIX] == row[export_queries.SUFFIX] == ""
            full = ws.claim(claim.id)
            assert (claim.start, claim.end, claim.quote, claim.sources, claim.evidence) == (
                full.start, full.end, full.quote, full.sources, full.evidence)
    # An unknown id (an article deleted meanwhile) is skipped.
    assert [a.id for a, _ in export_queries.articles_with_claims(
        ws.db, ["no-such-article", ids[0]])] == [ids[0]]


@pytest.mark.parametrize("flt", [ExportFilter(), ExportFilter(status_ids=("true", "false"))])
def test_jsonl_lines_are_exactly_json_dumps(three_sources: Annotated, tmp_path: Path,
                                            flt: ExportFilter) -> None:
    """Both writer paths (rows without a claim filter, claims with one) write the bytes
    ``json.dumps(article_record(...), ensure_ascii=False)`` writes."""
    ws = three_sources.ws
    out = tmp_path / "claims.jsonl"
    export(ws, "jsonl", out, flt)
    records = select(ws, flt)
    assert (records.rows is None) == flt.filters_claims
    context = ExportContext(records.catalogue)
    expected = "".join(json.dumps(article_record(r, context), ensure_ascii=False) + "\n"
                       for r in records)
    assert out.read_text(encoding="utf-8") == expected


def test_progress_counts_every_pass(annotated: Annotated, tmp_path: Path) -> None:
    ws = annotated.ws
    for fmt, passes in (("jsonl", 1), ("report-html", 2), ("csv", 1)):
        seen: list[tuple[int, int]] = []
        export(ws, fmt, tmp_path / f"out.{fmt}", progress=lambda d, t, s=seen: s.append((d, t)))
        assert seen[-1] == (4 * passes, 4 * passes)
        assert [d for d, _ in seen] == sorted(d for d, _ in seen)
        assert {t for _, t in seen} == {4 * passes}
    seen = []
    export(ws, "jsonl", tmp_path / "split", options=ExportOptions(
        split=parse_split("train=0.5,test=0.5")), progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (4 * 3, 4 * 3)  # assignment pass + one pass per split


def _cancel_after(n: int):  # type: ignore[no-untyped-def]
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > n

    return cancelled


@pytest.mark.parametrize(("fmt", "name", "options"), [
    ("jsonl", "claims.jsonl", ExportOptions()),
    ("label-studio", "tasks.json", ExportOptions()),
    ("sentences", "sentences.tsv", ExportOptions()),
    ("report-html", "report.html", ExportOptions()),
    ("brat", "brat", ExportOptions()),
    ("jsonl", "split", ExportOptions(split=parse_split("train=0.5,test=0.5"))),
    ("brat", "split", ExportOptions(split=parse_split("train=0.5,test=0.5"))),
])
def test_a_cancelled_export_leaves_nothing_and_keeps_older_output(
    annotated: Annotated, tmp_path: Path, fmt: str, name: str, options: ExportOptions
) -> None:
    out = tmp_path / "out" / name
    export(annotated.ws, fmt, out, options=options)  # an older export of the same name
    before = _snapshot(tmp_path)
    for after in (0, 1, 3):
        with pytest.raises(ExportCancelled):
            export(annotated.ws, fmt, out, options=options, cancelled=_cancel_after(after))
        assert _snapshot(tmp_path) == before, f"cancelled after {after} articles"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_a_failed_export_leaves_nothing(annotated: Annotated, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from annotator.services.exports import tools

    def broken(*args: object) -> str:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tools, "brat_ann", broken)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError):
        export(annotated.ws, "brat", out / "brat")
    assert list(out.iterdir()) == []


def test_an_export_reads_one_snapshot(annotated: Annotated, tmp_path: Path) -> None:
    """A claim added on another connection while the export runs is not in it, nor half
    in it: the export reads the workspace as it was when it started."""
    ws = annotated.ws
    other = Workspace.open(ws.path, editor_name="Other", import_seeds=False)
    last = annotated.corpus_ids[-1]
    added: list[str] = []

    def progress(done: int, total: int) -> None:
        if done == 1 and not added:
            added.append(other.add_claim(last, quote=other.article(last).text.split()[0]).id)

    try:
        out = tmp_path / "claims.jsonl"
        export(ws, "jsonl", out, progress=progress)
        assert added
        ids = {s["id"] for line in out.read_text(encoding="utf-8").splitlines()
               for s in json.loads(line)["spans"]}
        assert added[0] not in ids
        assert len(ids) == 12
        export(ws, "jsonl", out)  # the next export sees it
        assert added[0] in out.read_text(encoding="utf-8")
    finally:
        other.close()
