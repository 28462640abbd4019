"""W3C TextQuoteSelector: making selectors and re-anchoring claims in revised articles."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from annotator.text.anchoring import QuoteSelector, anchor, make_selector
from annotator.text.canonical import canonicalize
from annotator.text.graphemes import find_all
from tests.conftest import CORPUS
from tests.text.strategies import mixed_text as _mixed_text
from tests.text.strategies import read_seed

PIECES = [
    "\n",
    " ",
    "َ",
    "ّ",
    "COVID-19",
    "٢٠٢٠",
    "19",
    "«",
    "»",
    "،",
    "😀",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "ال",
    "قال",
]
mixed_text = _mixed_text(PIECES)



@st.composite
def text_and_span(draw: st.DrawFn) -> tuple[str, int, int]:
    text = draw(mixed_text.filter(bool))
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, len(text)))
    return text, start, end


def test_make_selector() -> None:
    text = "0123456789"
    assert make_selector(text, 4, 6, context=3) == QuoteSelector("45", "123", "678")
    assert make_selector(text, 0, 2, context=3) == QuoteSelector("01", "", "234")
    assert make_selector(text, 8, 10) == QuoteSelector("89", "01234567", "")
    for bad in ((3, 3), (5, 4), (-1, 2), (0, 11)):
        with pytest.raises(ValueError):
            make_selector(text, *bad)


@given(text_and_span())
def test_anchor_own_selector(case: tuple[str, int, int]) -> None:
    text, start, end = case
    sel = make_selector(text, start, end)
    found = anchor(text, sel)
    assert found is not None
    assert text[found[0] : found[1]] == sel.exact
    if len(find_all(text, sel.exact)) == 1:
        assert found == (start, end)
    # With the old position as hint the original span always wins: it has the full score.
    assert anchor(text, sel, hint=start) == (start, end)


@given(text_and_span(), mixed_text, st.data())
def test_anchor_after_insertion_before_claim(
    case: tuple[str, int, int], inserted: str, data: st.DataObject
) -> None:
    text, start, end = case
    sel = make_selector(text, start, end)
    # Insert outside the stored prefix, so the original context is intact.
    at = data.draw(st.integers(0, start - len(sel.prefix)))
    revised = text[:at] + inserted + text[at:]
    shift = len(inserted)
    found = anchor(revised, sel)
    assert found is not None
    assert revised[found[0] : found[1]] == sel.exact
    if len(find_all(revised, sel.exact)) == 1:
        assert found == (start + shift, end + shift)
    assert anchor(revised, sel, hint=start + shift) == (start + shift, end + shift)


@given(text_and_span())
def test_orphaned_when_quote_removed(case: tuple[str, int, int]) -> None:
    text, start, end = case
    sel = make_selector(text, start, end)
    revised = text[:start] + text[end:]
    assume(sel.exact not in revised)
    assume(re.sub(r"\s+", " ", sel.exact) not in re.sub(r"\s+", " ", revised))
    assert anchor(revised, sel) is None


def test_repeated_quote_resolved_by_context() -> None:
    seed = read_seed()
    quote = "القوات الأميركية"
    hits = find_all(seed, quote)
    assert len(hits) == 3
    # Revised article: a new first paragraph, and after the second occurrence's paragraph a
    # new sentence that quotes the same words a fourth time.
    header = "تحديث: أضيفت تفاصيل جديدة.\n"
    added = "وقال مصدر إن القوات الأميركية في حالة تأهب.\n"
    middle = seed.index("\n", hits[1]) + 1
    assert hits[1] < middle < hits[2]
    revised = header + seed[:middle] + added + seed[middle:]
    assert len(find_all(revised, quote)) == 4
    for hit in hits:
        sel = make_selector(seed, hit, hit + len(quote))
        assert anchor(seed, sel) == (hit, hit + len(quote))
        moved = hit + len(header) + (len(added) if hit >= middle else 0)
        assert anchor(revised, sel) == (moved, moved + len(quote))


def test_hint_breaks_ties() -> None:
    text = "قال المسؤول. قال المسؤول. قال المسؤول."
    sel = QuoteSelector(exact="قال", prefix="", suffix="")
    assert anchor(text, sel) == (0, 3)
    assert anchor(text, sel, hint=14) == (13, 16)
    assert anchor(text, sel, hint=len(text)) == (26, 29)


def test_whitespace_tolerant_match() -> None:
    seed = read_seed()
    claim = "أن مهاجمين أطلقوا عدة صواريخ على القاعدة الأميركية"
    start = seed.index(claim)
    sel = make_selector(seed, start, start + len(claim))
    revised = seed.replace("مهاجمين أطلقوا", "مهاجمين  أطلقوا").replace("صواريخ على", "صواريخ\nعلى")
    assert claim not in revised
    found = anchor(revised, sel, hint=start)
    assert found is not None
    s, e = found
    assert re.sub(r"\s+", " ", revised[s:e]) == claim
    assert revised[s:e] == "أن مهاجمين  أطلقوا عدة صواريخ\nعلى القاعدة الأميركية"


def test_orphaned_claim() -> None:
    seed = read_seed()
    claim = "أصيب بجروح خطيرة"
    start = seed.index(claim)
    sel = make_selector(seed, start, start + len(claim))
    revised = seed.replace(claim, "أصيب بجروح طفيفة")
    assert anchor(revised, sel) is None
    assert anchor(seed, QuoteSelector("", "", "")) is None


def test_emoji_inserted_before_claim() -> None:
    seed = read_seed()
    claim = "«رويترز»"
    start = seed.index(claim)
    sel = make_selector(seed, start, start + len(claim))
    revised = "👨\u200d👩\u200d👧 عاجل 😀\n" + seed
    shift = len("👨\u200d👩\u200d👧 عاجل 😀\n")
    assert anchor(revised, sel, hint=start) == (start + shift, start + shift + len(claim))


def test_corpus_claim_after_crlf_canonicalisation() -> None:
    raw = (CORPUS / "Alarabeya-1.txt").read_bytes().decode("utf-8")
    text = canonicalize(raw)
    quote = "الذي أعلنته منظمة الصحة العالمية الأسبوع الماضي وباء"
    start = text.index(quote)
    end = start + len(quote)
    assert text[start:end] == quote
    # Offsets taken on the raw CRLF text would be off by one per preceding line break.
    assert raw.index(quote) - start == raw[: raw.index(quote)].count("\r")
    assert raw.index(quote) != start

    sel = make_selector(text, start, end)
    # Re-import of the same article (CRLF again, with a BOM): canonical text is identical,
    # so the claim anchors at the same offsets and the quote still matches exactly.
    reimported = canonicalize("\ufeff" + raw)
    assert reimported == text
    assert anchor(reimported, sel) == (start, end)
    # A revised version with an editor's note on top: the claim moves, the quote holds.
    revised = canonicalize("ملاحظة المحرر: حُدّث الخبر.\r\n" + raw)
    s, e = anchor(revised, sel) or (-1, -1)
    assert revised[s:e] == quote
    assert s == start + len("ملاحظة المحرر: حُدّث الخبر.\n")
