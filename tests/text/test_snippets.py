"""The paragraph a search token was found in: the fast path gives exactly what folding each
paragraph gives, and the premises it rests on hold for every simple character."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.canonical import canonicalize
from annotator.text.normalize import normalize_for_search, search_tokens
from annotator.text.snippets import (
    _tables,
    first_paragraph_in_utf8,
    first_paragraph_with,
    rules_key,
    simple_characters,
    simple_text_key,
)
from tests.conftest import CORPUS
from tests.text.strategies import ARABIC_LETTER, read_seed

CORPUS_FILES = sorted(CORPUS.glob("*.txt"))


def reference(text: str, token: str) -> str | None:
    """What the search showed before the fast path: fold paragraph after paragraph."""
    for paragraph in text.split("\n"):
        if token in normalize_for_search(paragraph):
            return paragraph
    return None


def _fold_alone(ch: str) -> str:
    """One character's contribution to a search form: a separator for whitespace."""
    if ch.isspace() or unicodedata.normalize("NFKC", ch).isspace():
        return " "
    return normalize_for_search(ch)


def test_simple_characters_fold_one_by_one_in_pairs() -> None:
    """The premise of the fast path: on simple characters the search form is the
    characters' own foldings, concatenated (then whitespace collapsed). Every pair."""
    chars = sorted(simple_characters())
    assert "\n" in chars and "ا" in chars and "أ" in chars and "\u064e" in chars
    for a in chars:
        fa = _fold_alone(a)
        for b in chars:
            expected = " ".join((fa + _fold_alone(b)).split())
            assert normalize_for_search(a + b) == expected, (hex(ord(a)), hex(ord(b)))


def test_presentation_forms_and_composing_marks_are_not_simple() -> None:
    simple = simple_characters()
    for ch in "\ufefb\ufdf2\ufdfa\u0653\u0654\u0655\u0301ﬁ²":
        assert ch not in simple, hex(ord(ch))


_, DELETABLE, PREIMAGES = _tables()
SIMPLE_LETTERS = sorted(ch for chars in PREIMAGES.values() for ch in chars)


@settings(max_examples=300)
@given(st.lists(st.sampled_from(sorted(simple_characters())), max_size=12))
def test_simple_text_folds_one_by_one(chars: list[str]) -> None:
    text = "".join(chars)
    expected = " ".join("".join(_fold_alone(ch) for ch in text).split())
    assert normalize_for_search(text) == expected


# Pieces of text: simple ones (letters with hamza, harakat, tatweel, joiners, spaces,
# punctuation, digits) and others the fast path must hand to the slow one (presentation
# forms, ligatures, composing marks, Latin with accents, emoji).
PIECES = [
    "\n", "\n", " ", "  ", "\t", "\u00a0", "\u2009", *(chr(cp) for cp in range(0x064B, 0x0653)),
    "\u0670", "\u0640", "\u200c", "\u200d", "\u200f", "أ", "إ", "آ", "ٱ", "ى", "ة", "ؤ", "ئ",
    "ی", "ک", "٢٠٢٠", "۱۹", "19", "«", "»", "،", "؟", "…", "Reuters", "COVID-19", "ال",
    "\ufefb", "\ufdf2", "\ufdfa", "ﬁ", "²", "e\u0301", "\u0627\u0654", "\u0647\u0654",
    "ẞ", "😀", "\u06e5", "\u0600", "\u200b",
]  # fmt: skip
TEXT = st.lists(st.one_of(st.sampled_from(PIECES), ARABIC_LETTER), max_size=60).map("".join)


@settings(max_examples=500)
@given(TEXT, st.data())
def test_same_paragraph_as_folding_each_one(text: str, data: st.DataObject) -> None:
    # A token from the text itself (found somewhere, or not: a token may span paragraphs
    # once they are folded together), or any other token.
    tokens = search_tokens(text) or ["x"]
    token = data.draw(st.one_of(
        st.sampled_from(tokens),
        st.sampled_from(tokens).flatmap(
            lambda t: st.integers(0, len(t) - 1).map(lambda i: t[i:])),
        st.sampled_from(search_tokens(" ".join(PIECES))),
    ))
    assert first_paragraph_with(text, token) == reference(text, token)


@given(st.lists(ARABIC_LETTER, min_size=1, max_size=8), st.data())
def test_harakat_between_letters_still_match(letters: list[str], data: st.DataObject) -> None:
    marks = [data.draw(st.sampled_from(["", "\u064e", "\u0651\u064e", "\u0640"]))
             for _ in letters]
    voweled = "".join(letter + mark for letter, mark in zip(letters, marks, strict=True))
    text = f"سطر أول\n{voweled} آخر\nسطر ثالث {voweled}"
    token = normalize_for_search("".join(letters))
    assert first_paragraph_with(text, token) == reference(text, token)


def test_examples() -> None:
    text = "عنوان\nقَالَ وَزِيرُ الصِّحَّةِ إِنَّ المُسْتَشْفَى\nالصحة مرة أخرى"
    assert first_paragraph_with(text, "الصحه") == "قَالَ وَزِيرُ الصِّحَّةِ إِنَّ المُسْتَشْفَى"
    assert first_paragraph_with(text, "المستشفي") == "قَالَ وَزِيرُ الصِّحَّةِ إِنَّ المُسْتَشْفَى"
    assert first_paragraph_with(text, "بطيخ") is None
    # A ligature (not simple) before the match: the slow path, same answer.
    assert first_paragraph_with("\ufefb شيء\nلا شيء", "لا") == "\ufefb شيء"
    # A composing mark: ە + hamza above folds to ۀ, so the first line has no ە left.
    assert first_paragraph_with("\u06d5\u0654\n\u06d5", "\u06d5") == "\u06d5"
    assert first_paragraph_with("ه\u0654ذا\nهذا", "هذا") == "ه\u0654ذا"  # hamza deleted


def test_anchored_tokens_are_checked_back_to_their_first_letter() -> None:
    # "ممسعرق" is matched from its rare "س"; the letters before it are checked backwards,
    # over harakat, and a space or another letter there is no match.
    token = "ممسعرق"
    text = "م سعرق\nنمسعرق\nممَسعرق\nممسعرق"
    assert first_paragraph_with(text, token) == "ممَسعرق" == reference(text, token)
    # Overlapping places where the anchored part starts: the second one is the match.
    assert first_paragraph_with("سسسعرق x", "سسعرق") == "سسسعرق x" == reference(
        "سسسعرق x", "سسعرق")


@given(st.lists(st.sampled_from(["م", "س", "ع", "ر", "ق", "\u064e", " ", "\n", "أ", "ة"]),
                max_size=40).map("".join),
       st.sampled_from(["ممسعرق", "سعرق", "مسع", "سسعرق", "امسه", "عرقه"]))
def test_anchored_search_on_repetitive_text(text: str, token: str) -> None:
    assert first_paragraph_with(text, token) == reference(text, token)


def _corpus_texts() -> list[str]:
    return [canonicalize(path.read_text(encoding="utf-8")) for path in CORPUS_FILES]


def test_every_word_of_the_corpus_and_the_seed() -> None:
    texts = [*_corpus_texts(), canonicalize(read_seed())]
    for text in texts:
        words = sorted(set(search_tokens(text)))
        for token in [*words[::7], "عراق", "الصحه", "كورونا", "x"]:
            assert first_paragraph_with(text, token) == reference(text, token), token


def test_corpus_is_simple_text() -> None:
    """The fast path is the usual path: the real articles need no fallback."""
    simple = simple_characters()
    strays = {ch for text in _corpus_texts() for ch in text if ch not in simple}
    assert not strays, sorted(hex(ord(ch)) for ch in strays)


def test_module_builds_nothing_at_import(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = ("import annotator.text.snippets as s; "
            "assert s._tables.cache_info().currsize == 0")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


@settings(max_examples=500)
@given(TEXT, st.data())
def test_utf8_with_any_hints_is_the_same_as_decoding_all(text: str, data: st.DataObject) -> None:
    # The hints only say where to stop decoding: right, wrong or missing, same answer.
    tokens = search_tokens(text) or ["x"]
    token = data.draw(st.one_of(
        st.sampled_from(tokens),
        st.sampled_from(search_tokens(" ".join(PIECES))),
    ))
    words = text.split() or [""]
    hints = data.draw(st.lists(
        st.one_of(st.sampled_from(words), st.sampled_from(tokens), st.just("\n"),
                  st.text(max_size=3)).map(str.encode), max_size=3))
    expected = first_paragraph_with(text, token)
    assert first_paragraph_in_utf8(text.encode(), token, tuple(hints)) == expected


def test_utf8_on_the_corpus() -> None:
    for text in [*_corpus_texts(), canonicalize(read_seed())]:
        for token in [*sorted(set(search_tokens(text)))[::11], "عراق", "الصحه", "x"]:
            for hints in ((token.encode(),), (), ("ال".encode(), token.encode()), (b"",)):
                got = first_paragraph_in_utf8(text.encode(), token, hints)
                assert got == first_paragraph_with(text, token), token


def test_simple_text_key_marks_texts_of_simple_characters_only() -> None:
    texts = [*_corpus_texts(), canonicalize(read_seed())]
    assert {simple_text_key(text) for text in texts} == {rules_key()}
    # A presentation form (lam-alef ligature) or a composing hamza is not simple.
    assert simple_text_key(texts[0] + "\n\ufefbجئون") is None
    assert simple_text_key("ا\u0654") is None
    assert 0 <= rules_key() < 2**63  # fits SQLite's INTEGER


def test_simple_promise_gives_the_same_paragraphs_on_the_corpus() -> None:
    for text in [*_corpus_texts(), canonicalize(read_seed())]:
        assert simple_text_key(text) is not None
        for token in [*sorted(set(search_tokens(text)))[::5], "عراق", "الصحه", "x"]:
            expected = reference(text, token)
            assert first_paragraph_with(text, token, simple=True) == expected, token
            got = first_paragraph_in_utf8(text.encode(), token, (token.encode(),), simple=True)
            assert got == expected, token


def test_the_simple_promise_is_what_skips_the_check() -> None:
    # A ligature folds to two letters: only the checked path finds it in the first paragraph.
    text = "\ufefbجئون في المخيم\nلاجئون آخرون"
    assert first_paragraph_with(text, "لاجيون") == "\ufefbجئون في المخيم"
    assert first_paragraph_with(text, "لاجيون", simple=True) == "لاجئون آخرون"
