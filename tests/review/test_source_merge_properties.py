"""Sources merged field by field, on random edits of both sides: a field one side changed is
taken by the other, a field both changed differently is a conflict that keeps each side's
value, and merging back and forth settles."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.services import merging
from annotator.services.taxonomy import Taxonomy
from annotator.services.workspace import Workspace

FIELDS = ("name_en", "note", "url", "kind")
KINDS = ("outlet", "news_agency", "organisation")
# Per field: None (left alone) or the value a side sets.
Edit = dict[str, str | None]


def _value(field: str, tag: str) -> str:
    if field == "kind":
        return KINDS[sum(map(ord, tag)) % len(KINDS)]
    if field == "url":
        return f"https://example.org/{tag}"
    return f"{field}-{tag}"


def _edits(side: str) -> st.SearchStrategy[Edit]:
    # "shared" is the same value on both sides: changed alike, no conflict.
    tags = st.sampled_from([None, side, "shared", "1", "2"])
    return st.fixed_dictionaries({f: tags for f in FIELDS}).map(
        lambda chosen: {f: None if t is None else _value(f, t) for f, t in chosen.items()})


def _apply(ws: Workspace, edit: Edit) -> None:
    taxonomy = Taxonomy.for_workspace(ws)
    source_id = taxonomy.source("BBC").id
    if edit["name_en"] is not None:
        taxonomy.rename_source(source_id, name_ar="بي بي سي", name_en=edit["name_en"])
    changes = {f: edit[f] for f in ("note", "url", "kind") if edit[f] is not None}
    if changes:
        taxonomy.update_source(source_id, **changes)


def _fields(ws: Workspace, source_id: str) -> dict[str, object]:
    record = Taxonomy.for_workspace(ws).source(source_id)
    return {"name_en": record.source.name_en, "note": record.note, "url": record.url,
            "kind": str(record.source.kind)}


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_edits("a"), _edits("b"))
def test_sources_merge_field_by_field_and_settle(ours: Edit, theirs: Edit) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        a_path, b_path = Path(tmp) / "a.db", Path(tmp) / "b.db"
        with Workspace.open(a_path, editor_name="editor-a") as a:
            source_id = Taxonomy.for_workspace(a).source("BBC").id
            base = _fields(a, source_id)
        shutil.copy(a_path, b_path)  # the common version: both start from the same file
        with Workspace.open(a_path, editor_name="editor-a") as a:
            _apply(a, ours)
        with Workspace.open(b_path, editor_name="editor-b") as b:
            _apply(b, theirs)
        with Workspace.open(a_path, editor_name="editor-a") as a:
            a_before = _fields(a, source_id)
        with Workspace.open(b_path, editor_name="editor-b") as b:
            b_before = _fields(b, source_id)

        # Back and forth until neither side finds anything new. The sources settle in the
        # first two rounds; the last ones only carry history rows each side wrote in the
        # round before (each side's record of adding the other's editor): four at most.
        for _ in range(4):
            with Workspace.open(a_path, editor_name="editor-a") as a:
                first = merging.merge(a, b_path).changed
            with Workspace.open(b_path, editor_name="editor-b") as b:
                second = merging.merge(b, a_path).changed
            if not first and not second:
                break
        assert not first and not second, "merging back and forth did not settle"

        with Workspace.open(a_path, editor_name="editor-a") as a, \
                Workspace.open(b_path, editor_name="editor-b") as b:
            a_now, b_now = _fields(a, source_id), _fields(b, source_id)
            clashes = set()
            for field in FIELDS:
                mine, other = a_before[field], b_before[field]
                if mine == other:
                    assert a_now[field] == b_now[field] == mine, field
                elif mine == base[field]:
                    assert a_now[field] == b_now[field] == other, field  # only b changed it
                elif other == base[field]:
                    assert a_now[field] == b_now[field] == mine, field  # only a changed it
                else:
                    clashes.add(field)  # both changed it, differently: each keeps its own
                    assert (a_now[field], b_now[field]) == (mine, other), field
            for ws, here in ((a, a_now), (b, b_now)):
                open_ = merging.list_source_conflicts(ws)
                if clashes:
                    [row] = open_
                    assert {f for f in FIELDS if row["their_fields"][f] != here[f]} == clashes
                else:
                    assert open_ == []
