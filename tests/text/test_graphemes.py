"""Grapheme boundaries, snapping spans, finding quotes."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.text.graphemes import find_all, is_boundary, snap_out, snap_to_words
from tests.text.strategies import mixed_text as _mixed_text
from tests.text.strategies import read_seed

PIECES = [
    "\n",
    " ",
    "َ",
    "ُ",
    "ّ",
    "ٌ",
    "COVID-19",
    "e\u0301",
    "٢٠٢٠",
    "19",
    "«",
    "»",
    "،",
    "ـ",
    "\u200c",
    "😀",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "🇮🇶",
    "🇺🇸",
    "❤️",
    "#\ufe0f\u20e3",
]
mixed_text = _mixed_text(PIECES, max_size=30)



def boundaries(text: str) -> list[int]:
    return [i for i in range(len(text) + 1) if is_boundary(text, i)]


def test_harakat_stay_with_their_letter() -> None:
    word = "قَالَ"  # ق َ ا ل َ
    assert boundaries(word) == [0, 2, 3, 5]
    assert snap_out(word, 0, 1) == (0, 2)
    assert snap_out(word, 3, 4) == (3, 5)
    assert snap_out(word, 1, 4) == (0, 5)
    assert boundaries("مُحَمَّد") == [0, 2, 4, 7, 8]  # shadda + fatha on the meem


def test_seed_harakat_are_never_boundaries() -> None:
    seed = read_seed()
    marks = [i for i, ch in enumerate(seed) if unicodedata.category(ch) == "Mn"]
    assert marks  # the seed has a few (صدَق, بُعَيد, وُضعت)
    for i in marks:
        assert not is_boundary(seed, i)
        assert snap_out(seed, i, i) == (i - 1, i + 1)


def test_emoji_clusters() -> None:
    assert boundaries("👍🏽") == [0, 2]  # skin tone
    assert boundaries("a👨\u200d👩\u200d👧b") == [0, 1, 6, 7]  # ZWJ family
    assert boundaries("❤️") == [0, 2]  # VS16
    assert boundaries("#\ufe0f\u20e3") == [0, 3]  # keycap (Me)
    assert boundaries("🇮🇶🇺🇸") == [0, 2, 4]  # two flags
    assert boundaries("🇮🇶🇺") == [0, 2, 3]
    assert boundaries("می\u200cخواهم")[:3] == [0, 1, 3]  # ZWNJ extends the yeh


def test_is_boundary_range() -> None:
    assert is_boundary("", 0)
    with pytest.raises(ValueError):
        is_boundary("ab", 3)
    with pytest.raises(ValueError):
        is_boundary("ab", -1)


@given(mixed_text, st.data())
def test_snap_out_properties(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_out(text, start, end)
    assert s <= start <= end <= e
    assert is_boundary(text, s) and is_boundary(text, e)
    assert snap_out(text, s, e) == (s, e)
    # Nothing between the new and old edges is a boundary: the widening is minimal.
    assert not any(is_boundary(text, i) for i in range(s + 1, start))
    assert not any(is_boundary(text, i) for i in range(end, e))


def test_snap_out_rejects_bad_spans() -> None:
    with pytest.raises(ValueError):
        snap_out("abc", 2, 1)
    with pytest.raises(ValueError):
        snap_out("abc", 0, 4)


def test_snap_to_words_in_seed() -> None:
    seed = read_seed()
    word = "رويترز"
    i = seed.index(word)
    # A selection in the middle of the word grows to the whole word, not the guillemets.
    assert snap_to_words(seed, i + 2, i + 4) == (i, i + len(word))
    # Guillemets selected on purpose are kept; the word they cut into is completed.
    j = seed.index("«رويترز»")
    assert snap_to_words(seed, j, j + 8) == (j, j + 8)
    assert seed[slice(*snap_to_words(seed, j, j + 4))] == "«رويترز"
    assert seed[slice(*snap_to_words(seed, j + 3, j + 8))] == "رويترز»"
    # Leading/trailing spaces are trimmed, then the words are completed.
    phrase = "قاعدة عين الأسد"
    k = seed.index(phrase)
    s, e = snap_to_words(seed, k - 1, k + len(phrase) - 2)
    assert seed[s:e] == phrase


def test_snap_to_words_keeps_clitics_and_marks() -> None:
    text = "انسحاب القوات من والعراق اليوم"
    i = text.index("عراق")
    s, e = snap_to_words(text, i, i + 2)
    assert text[s:e] == "والعراق"
    text = "قال لـ «رويترز» إن"
    i = text.index("لـ")
    assert text[slice(*snap_to_words(text, i, i + 1))] == "لـ"
    text = "ثم قَالَ المسؤول"
    i = text.index("قَالَ")
    assert text[slice(*snap_to_words(text, i + 1, i + 2))] == "قَالَ"


def test_snap_to_words_latin_and_digits() -> None:
    text = "انتشار COVID-19 في ٢٠٢٠"
    i = text.index("VI")
    assert text[slice(*snap_to_words(text, i, i + 2))] == "COVID"
    i = text.index("٠٢")
    assert text[slice(*snap_to_words(text, i, i + 1))] == "٢٠٢٠"


def test_snap_to_words_whitespace_only_unchanged() -> None:
    text = "قال   المسؤول"
    assert snap_to_words(text, 4, 6) == (4, 6)
    assert snap_to_words(text, 4, 4) == (4, 4)


@given(mixed_text, st.data())
def test_snap_to_words_contains_trimmed_selection(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    s, e = snap_to_words(text, start, end)
    stripped = text[start:end].strip()
    if not stripped:
        assert (s, e) == (start, end)  # empty or whitespace-only selections are left alone
        return
    assert is_boundary(text, s) and is_boundary(text, e)
    assert stripped in text[s:e]
    assert snap_to_words(text, s, e) == (s, e)


def test_find_all() -> None:
    assert find_all("aaa", "aa") == [0, 1]
    assert find_all("abc", "") == []
    assert find_all("abc", "x") == []
    seed = read_seed()
    hits = find_all(seed, "القوات الأميركية")
    assert len(hits) == 3
    assert all(seed[h : h + len("القوات الأميركية")] == "القوات الأميركية" for h in hits)


def test_nudge_by_words_on_the_seed() -> None:
    from annotator.text.graphemes import nudge

    text = read_seed()
    quote = "أطلقوا عدة صواريخ"
    s = text.index(quote)
    e = s + len(quote)
    assert text[slice(*nudge(text, s, e, "start", -1))] == "مهاجمين " + quote
    assert text[slice(*nudge(text, s, e, "start", +1))] == "عدة صواريخ"
    assert text[slice(*nudge(text, s, e, "end", +1))] == quote + " على"
    assert text[slice(*nudge(text, s, e, "end", -1))] == "أطلقوا عدة"
    one = text.index("صواريخ")
    assert nudge(text, one, one + 6, "end", -1) == (one, one + 6)  # never empties the span
