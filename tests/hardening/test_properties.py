"""Property tests: decoding and importing arbitrary bytes never fail other than with the
named input errors; random edits with undo and redo always come back to the same database.
"""

from __future__ import annotations

import codecs
import itertools
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.domain.errors import (
    BinaryInput,
    EmptyInput,
    InputError,
    InputTooLarge,
    InvalidSpan,
    InvalidValue,
    MalformedInput,
    NotFound,
    UndecodableInput,
    UnsupportedFormat,
)
from annotator.domain.models import ClaimSource, Evidence, Source, SourceKind, SourceRole
from annotator.domain.operations import (
    ChangeSpan,
    CreateClaim,
    CreateSource,
    DeleteClaim,
    DeleteSource,
    Operation,
    SetEvidence,
    SetSources,
    UpdateClaim,
)
from annotator.services import annotating, importing, readers
from annotator.services.decoding import decode_bytes, normalize_encoding_name
from annotator.services.workspace import Workspace
from annotator.text.graphemes import is_boundary
from tests.hardening.support import health
from tests.services.test_operations import dump as claims_dump

NAMED_DECODING_ERRORS = (EmptyInput, BinaryInput, UndecodableInput, InputTooLarge)

# --- bytes that look like what editors drop on the window ------------------------------------
_WORDS = [
    "قال",
    "الوزير",
    "إنَّ",
    "الاقتصاد",
    "ينمو",
    "«رويترز»",
    "٢٠٢٤",
    "café",
    "Reuters",
    "😀",
    "ـ",
    "ﻻ",
    "\u202e",
    "\u200b",
    "\u200c",
    "،",
    "؟",
]
_FRAGMENTS: list[bytes] = [
    *(w.encode("utf-8") for w in _WORDS),
    *(w.encode("cp1256", errors="ignore") for w in _WORDS),
    *(w.encode("iso-8859-6", errors="ignore") for w in _WORDS),
    codecs.BOM_UTF8,
    codecs.BOM_UTF16_LE,
    codecs.BOM_UTF16_BE,
    codecs.BOM_UTF32_LE,
    b"\x00",
    b"\r\n",
    b"\n",
    b"\r",
    b" ",
    b"\t",
    b"\x1b[31m",
    b"\xff",
    b"\xc3\x28",
    b"\x89PNG\r\n\x1a\n",
    b"%PDF-",
    b"PK\x03\x04",
    b"<html>",
    b"<script>alert(1)</script>",
    b"<p>",
    b"</p>",
    b"<title>",
    b'<meta charset="iso-8859-6">',
    b"<!--",
    b"&#x202E;",
    b"&#xD800;",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"text": ',
    b'"title": ',
    b'"',
    b",",
    b":",
    b"null",
    b"1e999",
    b"\\ud800",
    b"\\u0627",
]
hostile_bytes = st.one_of(
    st.binary(max_size=600),
    st.lists(st.one_of(st.sampled_from(_FRAGMENTS), st.binary(max_size=6)), max_size=60).map(
        b"".join
    ),
)
_ENCODINGS = [
    None,
    "utf-8",
    "UTF8",
    "cp1256",
    "windows-1256",
    "iso-8859-6",
    "utf-16",
    "utf-16-le",
    "utf-32",
    "latin-1",
    "base64",
    "rot13",
    "no-such-codec",
    "",
]


@settings(max_examples=600, deadline=None)
@given(
    data=hostile_bytes,
    encoding=st.sampled_from(_ENCODINGS),
    declared=st.sampled_from([None, "utf-8", "iso-8859-1", "windows-1256", "bogus"]),
)
def test_decoding_arbitrary_bytes_raises_only_named_errors(
    data: bytes, encoding: str | None, declared: str | None
) -> None:
    try:
        decoded = decode_bytes(data, encoding, path="dropped.txt", declared=declared)
    except NAMED_DECODING_ERRORS as exc:
        assert str(exc).startswith("dropped.txt: ") and "\n" not in str(exc)
        return
    assert decoded.text.strip()
    assert normalize_encoding_name(decoded.encoding) is not None
    if encoding is None and not data.startswith(
        (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
    ):
        assert "\x00" not in decoded.text


@settings(max_examples=400, deadline=None)
@given(
    data=hostile_bytes,
    name=st.sampled_from(["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.dat", "a"]),
)
def test_reading_arbitrary_bytes_gives_drafts_or_named_errors(data: bytes, name: str) -> None:
    try:
        items = importing.drafts_from_bytes(data, path=name)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    for item in items:
        assert isinstance(item, readers.ArticleDraft | MalformedInput)
        if isinstance(item, MalformedInput):
            assert "\n" not in str(item)


@pytest.fixture
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        yield Path(folder)


# Strings sometimes carry lone surrogates, which json.dumps writes as "\ud800" escapes: what
# broken encoders (and some JavaScript) produce; and bidi overrides and escape characters.
_json_strings = st.text(max_size=30) | st.lists(
    st.sampled_from(["\ud800", "\udfff", "\udc00", "ا", "نص", " ", "\u202e", "\x1b"]),
    min_size=1,
    max_size=8,
).map("".join)
_json_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), _json_strings)
_json_values = st.recursive(
    _json_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                ["text", "title", "url", "outlet", "published", "language", "articles", "body", "x"]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)
_articles = st.fixed_dictionaries(
    {"text": _json_strings},
    optional={
        key: st.one_of(st.none(), _json_strings, _json_values)
        for key in ("title", "url", "outlet", "published", "language")
    },
)
_json_documents = st.one_of(
    _json_values,
    _articles,
    st.lists(_articles, max_size=3),
    st.fixed_dictionaries({"articles": st.lists(_articles, max_size=3)}),
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.one_of(hostile_bytes, _json_documents.map(lambda v: json.dumps(v).encode())),
    name=st.sampled_from(["a.txt", "a.html", "a.json", "a.jsonl", "a.md"]),
)
def test_importing_arbitrary_files_never_crashes(scratch: Path, data: bytes, name: str) -> None:
    """End to end, into a real workspace: failures are outcomes, never exceptions, and the
    workspace stays consistent whatever was imported before."""
    path = scratch / name
    path.write_bytes(data)
    with Workspace.open(scratch / "ws.db", import_seeds=False, editor_name="Fuzz") as ws:
        outcomes = importing.import_one_file(ws.db, path, editor_id=None)
        for outcome in outcomes:
            assert outcome.status in (importing.IMPORTED, importing.DUPLICATE, importing.FAILED)
            if outcome.status == importing.FAILED:
                assert outcome.error and "\n" not in outcome.error
    assert health(scratch / "ws.db") == {}


def test_unsupported_office_documents_are_named() -> None:
    with pytest.raises(UnsupportedFormat):
        importing.drafts_from_bytes(b"PK\x03\x04....", path="report.docx")


# --- undo and redo ---------------------------------------------------------------------------
_STAMPS = {"created_at"}


def full_dump(ws: Workspace) -> list[tuple[Any, ...]]:
    """``tests/services/test_operations.dump`` (claims, links, evidence, claim index rows)
    plus the source catalogue, without the stamps an undo legitimately renews (a source
    re-created by undo has a new ``created_at``; its aliases get new row ids)."""
    rows = list(claims_dump(ws))
    for row in ws.db["sources"].rows:
        rows.append(("sources", *[v for k, v in sorted(row.items()) if k not in _STAMPS]))
    for row in ws.db.execute("SELECT source_id, alias, alias_norm FROM source_aliases"):
        rows.append(("source_aliases", *row))
    return sorted(rows, key=repr)


REFUSED = (InvalidSpan, InvalidValue, NotFound)
KINDS = [
    "create",
    "create",
    "status",
    "note",
    "span",
    "sources",
    "evidence",
    "delete",
    "create_source",
    "delete_source",
    "undo",
    "undo",
    "redo",
]
_ids = itertools.count()


def _spans(text: str) -> list[tuple[int, int]]:
    return [
        (m.start(), m.end())
        for m in re.finditer(r"\S+(?: \S+)?", text)
        if is_boundary(text, m.start()) and is_boundary(text, m.end())
    ]


def _operation(
    ws: Workspace,
    article_id: str,
    text: str,
    kind: str,
    a: int,
    b: int,
) -> Operation | None:
    """The edit ``kind`` with choices drawn from ``a`` and ``b``; some are invalid on
    purpose (offsets inside a letter's marks, unknown status, no name, a javascript: link,
    a source still in use) and must be refused without writing anything."""
    claim_ids = sorted(c.id for c in ws.claims(article_id))
    target = claim_ids[a % len(claim_ids)] if claim_ids else None
    sources = sorted(ws.sources(), key=lambda s: s.id)
    statuses = [s.id for s in ws.statuses()]
    spans = _spans(text)
    if kind == "create":
        start, end = spans[a % len(spans)]
        if b % 5 == 0:
            start, end = a % len(text), a % len(text) + 1 + b % 9
        links = (ClaimSource(sources[b % len(sources)].id, SourceRole.CARRIER),) if sources else ()
        claim = annotating.build_claim(
            ws.db,
            article_id=article_id,
            start=start,
            end=end,
            editor_id=ws.editor_id(),
            status_id=statuses[b % len(statuses)] if b % 7 else "no-such-status",
            sources=links,
            note=f"ملاحظة {a}",
        )
        return CreateClaim(claim)
    if kind == "create_source":
        number = next(_ids)
        return CreateSource(
            Source(
                f"hyp-{number}",
                "" if b % 6 == 0 else f"مصدر {number}",
                "" if b % 4 == 0 else f"Source {number}",
                list(SourceKind)[a % len(SourceKind)],
                (f"اسم آخر {number}",) if b % 2 else (),
            )
        )
    if kind == "delete_source":
        return DeleteSource(sources[a % len(sources)].id) if sources else None
    if target is None:
        return None
    if kind == "status":
        status = statuses[b % len(statuses)] if b % 9 else "maybe"
        return UpdateClaim(target, (("status_id", status),))
    if kind == "note":
        return UpdateClaim(target, (("note", f"ملاحظة {b}"), ("wording", f"صياغة {a}")))
    if kind == "span":
        start, end = spans[b % len(spans)]
        if a % 4 == 0:
            start, end = b % (len(text) + 10), b % (len(text) + 10) + a % 7
        return ChangeSpan(target, start, end)
    if kind == "sources":
        picked = (
            sorted({sources[(a + i) % len(sources)].id for i in range(b % 3)}) if sources else []
        )
        return SetSources(
            target,
            tuple(
                ClaimSource(sid, SourceRole.SPEAKER if i % 2 else SourceRole.CARRIER)
                for i, sid in enumerate(picked)
            ),
        )
    if kind == "evidence":
        url = "https://example.org/تحقق" if b % 3 else "javascript:alert(1)"
        return SetEvidence(
            target, tuple(Evidence(f"ev-{next(_ids)}", f"{url}?{i}", "دليل") for i in range(b % 3))
        )
    return DeleteClaim(target)


@settings(max_examples=60, deadline=None)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(KINDS), st.integers(0, 10_000), st.integers(0, 10_000)),
        min_size=1,
        max_size=30,
    )
)
def test_random_edits_with_undo_and_redo(steps: list[tuple[str, int, int]]) -> None:
    """An undo stack over ``Workspace.apply``: after every undo the database equals the state
    before the undone edit, after every redo the state after it; a refused edit changes
    nothing; undoing everything returns the starting database, redoing everything the last
    one. A fresh seeded workspace for every example, so examples do not leak into each
    other."""
    with (
        tempfile.TemporaryDirectory() as folder,
        Workspace.open(Path(folder) / "undo.db", editor_name="Undo Test") as ws,
    ):
        _undo_redo(ws, ws.articles()[0].id, steps)
        assert health(Path(ws.path)) == {}


def _undo_redo(ws: Workspace, seed_article_id: str, steps: list[tuple[str, int, int]]) -> None:
    text = ws.article(seed_article_id).text
    states = [full_dump(ws)]
    position = 0
    undo: list[Operation] = []
    redo: list[Operation] = []
    for kind, a, b in steps:
        if kind == "undo":
            if undo:
                _, again = ws.apply(undo.pop())
                redo.append(again)
                position -= 1
                assert full_dump(ws) == states[position]
            continue
        if kind == "redo":
            if redo:
                _, back = ws.apply(redo.pop())
                undo.append(back)
                position += 1
                assert full_dump(ws) == states[position]
            continue
        before = full_dump(ws)
        try:
            operation = _operation(ws, seed_article_id, text, kind, a, b)
            if operation is None:
                continue
            _, inverse = ws.apply(operation)
        except REFUSED:
            assert full_dump(ws) == before, "a refused edit changed the workspace"
            continue
        undo.append(inverse)
        redo.clear()
        del states[position + 1 :]
        states.append(full_dump(ws))
        position += 1
    while undo:
        _, again = ws.apply(undo.pop())
        redo.append(again)
        position -= 1
        assert full_dump(ws) == states[position]
    assert position == 0 and full_dump(ws) == states[0]
    while redo:  # and all the way forward again
        _, back = ws.apply(redo.pop())
        undo.append(back)
        position += 1
        assert full_dump(ws) == states[position]
