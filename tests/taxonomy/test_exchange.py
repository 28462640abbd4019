"""Sharing a taxonomy: export to JSON, import into another workspace, refusals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain.errors import InvalidValue, MalformedInput
from annotator.services.taxonomy import FORMAT, Taxonomy
from annotator.services.workspace import Workspace


def _open(path: Path, editor: str = "Test Editor") -> tuple[Workspace, Taxonomy]:
    ws = Workspace.open(path, editor_name=editor)
    return ws, Taxonomy.for_workspace(ws)


def _state(tax: Taxonomy) -> tuple[list, list]:
    return (
        [(s.id, s.label_ar, s.label_en, s.color, s.rating_value, s.position)
         for s in tax.statuses()],
        sorted((r.source.name_ar, r.source.name_en, str(r.source.kind),
                tuple(sorted(r.extra_aliases)), r.note, r.url) for r in tax.sources()),
    )


@pytest.fixture
def shared(tmp_path: Path) -> Path:
    """A newsroom taxonomy file made in one workspace."""
    ws, tax = _open(tmp_path / "desk.db", "Desk Editor")
    tax.create_source(name_ar="وزارة الصحة السعودية", name_en="Saudi Ministry of Health",
                      kind="organisation", aliases=["الصحة السعودية"], note="أرقام يومية",
                      url="https://www.moh.gov.sa")
    tax.add_aliases("Reuters", ["رويتر"])
    tax.rename_status("false", label_en="Fake")
    tax.add_status("partly_false", label_ar="زائف جزئيا", label_en="Partly false",
                   color="#ff8800", rating_value=2, position=5)
    tax.reorder_statuses(["false"])
    path = tmp_path / "taxonomy.json"
    data = tax.export_file(path)
    assert data["format"] == FORMAT and data["version"] == 1
    ws.close()
    return path


def test_export_then_import_makes_the_same_taxonomy(tmp_path: Path, shared: Path) -> None:
    desk, desk_tax = _open(tmp_path / "desk.db")
    expected = _state(desk_tax)
    desk.close()
    ws, tax = _open(tmp_path / "reporter.db")
    report = tax.import_file(shared)
    assert report.statuses_added == ["partly_false"]
    assert report.statuses_updated  # false renamed, positions moved
    assert len(report.sources_added) == 1 and len(report.sources_updated) == 1
    assert report.aliases_added == 1
    assert _state(tax) == expected
    imported = tax.source("الصحة السعودية")
    data = json.loads(shared.read_text(encoding="utf-8"))
    assert imported.id == next(s["id"] for s in data["sources"]
                               if s["name_en"] == "Saudi Ministry of Health")
    # Importing the same file again changes nothing.
    again = tax.import_file(shared)
    assert again.statuses_added == again.statuses_updated == []
    assert again.sources_added == again.sources_updated == []
    assert _state(tax) == expected
    actions = {e["action"] for e in ws.audit_entries()}
    assert {"import_source", "create_status", "import_status"} <= actions
    ws.close()


def test_dry_run_writes_nothing(tmp_path: Path, shared: Path) -> None:
    ws, tax = _open(tmp_path / "reporter.db")
    ws.editor_id()  # the editor exists before the dry run
    before = _state(tax)
    audit_before = len(ws.audit_entries())
    report = tax.import_file(shared, dry_run=True)
    assert report.dry_run and report.statuses_added == ["partly_false"]
    assert _state(tax) == before
    assert len(ws.audit_entries()) == audit_before
    tax.import_file(shared)  # a real import still works after a dry run
    assert "partly_false" in {s.id for s in tax.statuses()}
    ws.close()


def test_import_matches_sources_by_name_and_the_file_wins(tmp_path: Path) -> None:
    ws, tax = _open(tmp_path / "a.db")
    data = tax.export_data()
    bbc = next(s for s in data["sources"] if s["name_en"] == "BBC")
    bbc["id"] = "some-other-id"  # another workspace's id: matched by name instead
    bbc["note"] = "public broadcaster"
    bbc["kind"] = "news_agency"
    bbc["aliases"].append("BBC Arabic")
    report = tax.import_data(data)
    record = tax.source("BBC Arabic")
    assert record.source.name_en == "BBC" and record.note == "public broadcaster"
    assert str(record.source.kind) == "news_agency"
    assert report.sources_updated == [record.id]
    ws.close()


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda d: d.update(format="something-else"), MalformedInput),
        (lambda d: d.update(version=99), MalformedInput),
        (lambda d: d["statuses"].append({"id": "Bad Id", "label_ar": "س", "label_en": "x",
                                          "color": "#fff"}), MalformedInput),
        (lambda d: d["statuses"][0].update(color="yellow"), MalformedInput),
        (lambda d: d["sources"][0].update(kind="blog"), MalformedInput),
        (lambda d: d["sources"].append({"name_ar": "", "name_en": "", "kind": "outlet"}),
         MalformedInput),
        # Two sources of the file spelled alike.
        (lambda d: d["sources"].append({"name_ar": "رويترز", "kind": "outlet"}),
         MalformedInput),
    ],
)
def test_bad_files_are_refused_whole(tmp_path: Path, mutate, error) -> None:
    ws, tax = _open(tmp_path / "a.db")
    data = tax.export_data()
    data["statuses"][1]["label_en"] = "Changed first"  # would be written before the fault
    for source in data["sources"]:
        source["id"] = None
    mutate(data)
    before = _state(tax)
    with pytest.raises(error):
        tax.import_data(data)
    assert _state(tax) == before
    ws.close()


def test_a_source_naming_two_local_sources_is_refused(tmp_path: Path) -> None:
    ws, tax = _open(tmp_path / "a.db")
    data = tax.export_data()
    tax.create_source(name_ar="مصدر أول", kind="outlet", aliases=["alpha"])
    tax.create_source(name_ar="مصدر ثان", kind="outlet", aliases=["beta"])
    data["sources"].append({"name_ar": "جديد", "aliases": ["alpha", "beta"], "kind": "outlet"})
    data["statuses"][0]["label_en"] = "Changed"
    before = _state(tax)
    with pytest.raises(InvalidValue, match="merge them first"):
        tax.import_data(data)
    assert _state(tax) == before
    ws.close()


def test_unreadable_files(tmp_path: Path) -> None:
    ws, tax = _open(tmp_path / "a.db")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "arabic-news-annotator/taxonomy",\n  "version": ', "utf-8")
    with pytest.raises(MalformedInput) as info:
        tax.import_file(broken)
    assert info.value.line == 2 and info.value.path == str(broken)
    latin = tmp_path / "latin.json"
    latin.write_bytes(b"\xff\xfe\x00\x00garbage")
    with pytest.raises(MalformedInput):
        tax.import_file(latin)
    ws.close()
