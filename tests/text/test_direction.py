"""Paragraph spans (one per Qt block) and per-paragraph direction."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.canonical import canonicalize
from annotator.text.direction import paragraph_direction, paragraph_spans
from tests.conftest import CORPUS, SEED

CORPUS_FILES = sorted(CORPUS.glob("*.txt"))

lines_text = st.lists(st.text(alphabet="اب َCD19٢ 😀«»"), max_size=8).map("\n".join)


def test_direction_mixed_headline() -> None:
    # Qt would pick LTR from the first strong character; the majority is Arabic.
    assert paragraph_direction("COVID-19 ينتشر في العالم") == "rtl"


def test_direction_latin() -> None:
    assert paragraph_direction("Reuters reported an attack on Ain al-Asad") == "ltr"
    assert paragraph_direction("Reuters: «رويترز»", default="ltr") == "ltr"


@pytest.mark.parametrize("default", ["rtl", "ltr"])
def test_direction_default_on_tie_or_no_strong(default: str) -> None:
    assert paragraph_direction("", default=default) == default  # type: ignore[arg-type]
    assert paragraph_direction("2020 - ٢٠٢٠ «» 😀", default=default) == default  # type: ignore[arg-type]
    assert paragraph_direction("ab اب", default=default) == default  # type: ignore[arg-type]


def test_direction_hebrew_and_harakat() -> None:
    assert paragraph_direction("שלום עולם world") == "rtl"
    # Harakat are non-spacing marks, not strong: only the three letters count.
    assert paragraph_direction("قَالَ abcd") == "ltr"


def test_spans_edge_cases() -> None:
    assert paragraph_spans("") == [(0, 0)]
    assert paragraph_spans("a") == [(0, 1)]
    assert paragraph_spans("a\n") == [(0, 1), (2, 2)]
    assert paragraph_spans("\n\n") == [(0, 0), (1, 1), (2, 2)]
    assert paragraph_spans("ab\n\ncd") == [(0, 2), (3, 3), (4, 6)]


def test_spans_follow_qt_block_breaks() -> None:
    # QTextDocument.setPlainText also starts a block at U+2029 (measured), not at U+2028.
    assert paragraph_spans("a\u2029b") == [(0, 1), (2, 3)]
    assert paragraph_spans("a\u2028b") == [(0, 3)]


@given(lines_text)
def test_spans_rebuild_text(text: str) -> None:
    spans = paragraph_spans(text)
    assert len(spans) == text.count("\n") + 1
    assert "\n".join(text[s:e] for s, e in spans) == text
    for (_, end), (start, _) in itertools.pairwise(spans):
        assert text[end] == "\n" and start == end + 1


def test_seed_paragraphs_are_rtl() -> None:
    seed = SEED.read_text(encoding="utf-8")
    spans = paragraph_spans(seed)
    assert len(spans) == seed.count("\n") + 1
    assert all(paragraph_direction(seed[s:e], default="ltr") == "rtl" for s, e in spans if e > s)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_corpus_paragraphs(path: Path) -> None:
    raw = path.read_bytes().decode("utf-8")
    text = canonicalize(raw)
    spans = paragraph_spans(text)
    # One span per CRLF-separated line of the original file, empty lines included.
    assert [text[s:e] for s, e in spans] == raw.split("\r\n")
    for s, e in spans:
        paragraph = text[s:e]
        if any("\u0621" <= ch <= "\u064a" for ch in paragraph):
            assert paragraph_direction(paragraph, default="ltr") == "rtl"
        elif paragraph.strip():
            # e.g. a stray "S" line in Aljazeera-2.9: Latin only, so left-to-right.
            assert paragraph_direction(paragraph) == "ltr"
