"""Code point <-> UTF-16 conversion at the Qt boundary."""

from __future__ import annotations

import time

import pytest
from hypothesis import given

from annotator.text.offsets import OffsetMap, utf16_len
from tests.conftest import SEED
from tests.text.strategies import mixed_text as _mixed_text

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
    "🇮🇶",
    "❤️",
    "𝕏",
    "\U0010ffff",
    "\uffff",
]
mixed_text = _mixed_text(PIECES)

FAMILY = "👨\u200d👩\u200d👧"  # 3 non-BMP emoji + 2 ZWJ: 5 code points, 8 UTF-16 units


def utf16_of_prefix(s: str, cp: int) -> int:
    return len(s[:cp].encode("utf-16-le")) // 2


@given(mixed_text)
def test_round_trip_and_reference(s: str) -> None:
    m = OffsetMap(s)
    assert m.utf16_length == utf16_len(s) == len(s.encode("utf-16-le")) // 2
    for cp in range(len(s) + 1):
        u16 = m.to_utf16(cp)
        assert u16 == utf16_of_prefix(s, cp)
        assert m.to_codepoint(u16) == cp


@given(mixed_text)
def test_to_codepoint_monotonic_and_rounds_down(s: str) -> None:
    m = OffsetMap(s)
    results = [m.to_codepoint(u) for u in range(m.utf16_length + 1)]
    assert results == sorted(results)
    for u, cp in enumerate(results):
        # The code point that contains u starts at or before it and ends after it.
        assert m.to_utf16(cp) <= u
        if u < m.utf16_length:
            assert u < m.to_utf16(cp + 1)


def test_inside_surrogate_pair_rounds_down() -> None:
    s = "a😀b"
    m = OffsetMap(s)
    assert [m.to_utf16(cp) for cp in range(4)] == [0, 1, 3, 4]
    assert [m.to_codepoint(u) for u in range(5)] == [0, 1, 1, 2, 3]


def test_bmp_only_is_identity() -> None:
    seed = SEED.read_text(encoding="utf-8")
    m = OffsetMap(seed)
    assert m.utf16_length == len(seed)
    for cp in (0, 1, 100, len(seed)):
        assert m.to_utf16(cp) == cp
        assert m.to_codepoint(cp) == cp


@pytest.mark.parametrize("bad", [-1, 4, 10**9])
def test_out_of_range_raises(bad: int) -> None:
    m = OffsetMap("a😀b")  # 3 code points, 4 units
    with pytest.raises(ValueError):
        m.to_utf16(bad)
    if bad != 4:  # 4 is a valid UTF-16 offset (the end)
        with pytest.raises(ValueError):
            m.to_codepoint(bad)
    with pytest.raises(ValueError):
        m.to_codepoint(5)


def test_empty_text() -> None:
    m = OffsetMap("")
    assert m.utf16_length == 0
    assert m.to_utf16(0) == 0
    assert m.to_codepoint(0) == 0


@pytest.mark.parametrize("count", [1, 2, 5])
def test_emoji_before_claim_shifts_qt_positions(count: int) -> None:
    seed = SEED.read_text(encoding="utf-8")
    quote = "«رويترز»"
    start = seed.index(quote)
    end = start + len(quote)

    text = "😀" * count + seed
    m = OffsetMap(text)
    # One code point per emoji in stored offsets, two UTF-16 units per emoji in Qt.
    assert text[start + count : end + count] == quote
    assert m.to_utf16(start + count) == start + 2 * count
    assert m.to_utf16(end + count) == end + 2 * count
    assert m.to_codepoint(start + 2 * count) == start + count


def test_zwj_sequence_before_claim() -> None:
    seed = SEED.read_text(encoding="utf-8")
    start = seed.index("«رويترز»")
    text = FAMILY + seed
    assert len(FAMILY) == 5 and utf16_len(FAMILY) == 8
    m = OffsetMap(text)
    assert m.to_utf16(start + 5) == start + 8
    assert m.to_codepoint(start + 8) == start + 5


def test_large_text_conversions_are_fast() -> None:
    # Design note: 10,000 conversions on 1 MB in well under a second.
    seed = SEED.read_text(encoding="utf-8")
    text = (seed + "😀") * 250  # ~1 MB of code points, 250 non-BMP characters
    t0 = time.perf_counter()
    m = OffsetMap(text)
    step = len(text) // 10_000
    for cp in range(0, len(text), step):
        assert m.to_codepoint(m.to_utf16(cp)) == cp
    assert time.perf_counter() - t0 < 1.0
