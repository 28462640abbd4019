"""Arabic search normalisation (folding), for search indexes and queries only.

The folded text is a search key: it is never shown, stored as the article, or used for
offsets (it has a different length from the original). Index a normalised shadow column
and normalise queries with the same function, so both sides fold identically.

FTS5's default tokenizer does none of this: it treats harakat as word separators and does
not fold hamza forms, alef maqsura, ta marbuta, tatweel or Arabic-Indic digits.
Proclitics (ال، و، ب، ل) are deliberately NOT stripped; that is the search layer's choice.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from annotator.text.canonical import BIDI_CONTROLS

__all__ = ["SEARCH_TABLE", "normalize_for_search", "search_tokens"]


def _ranges(*pairs: tuple[int, int]) -> list[int]:
    """Code points of inclusive ranges."""
    return [cp for lo, hi in pairs for cp in range(lo, hi + 1)]


# Harakat, Quranic annotation marks, superscript alef: spelling-neutral diacritics that
# news text uses inconsistently (قَالَ vs قال).
_DIACRITICS = _ranges(
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E8),
    (0x06EA, 0x06ED),
)
_TATWEEL = 0x0640  # kashida: pure justification, "لـ" is "ل"
_ZWNJ_ZWJ = (0x200C, 0x200D)  # joining controls: invisible, would split or glue search keys

# Letter folds for spellings that editors treat as the same word. The hamza seats are
# folded because hamza is often omitted in news copy (امريكية for أمريكية).
_LETTER_FOLDS = {
    "أ": "ا",  # U+0623 alef with hamza above
    "إ": "ا",  # U+0625 alef with hamza below
    "آ": "ا",  # U+0622 alef with madda
    "ٱ": "ا",  # U+0671 alef wasla
    "ى": "ي",  # U+0649 alef maqsura (final ى / ي are swapped freely, esp. in Egyptian copy)
    "ة": "ه",  # U+0629 ta marbuta (often typed as ه)
    "ؤ": "و",  # U+0624 waw with hamza
    "ئ": "ي",  # U+0626 yeh with hamza
    "ی": "ي",  # U+06CC Farsi yeh (Persian keyboards)
    "ک": "ك",  # U+06A9 keheh (Persian kaf)
}


def _build_table() -> dict[int, str | None]:
    """The whole folding as one ``str.translate``-style table: code point -> text or None."""
    table: dict[int, str | None] = {}
    for cp in (*_DIACRITICS, _TATWEEL, *_ZWNJ_ZWJ):
        table[cp] = None
    for ch in BIDI_CONTROLS:
        table[ord(ch)] = None
    for src, dst in _LETTER_FOLDS.items():
        table[ord(src)] = dst
    for digit in range(10):
        table[0x0660 + digit] = str(digit)  # Arabic-Indic ٠..٩
        table[0x06F0 + digit] = str(digit)  # Extended Arabic-Indic (Persian/Urdu) ۰..۹
    return table


#: Single definition of the folding; the fast path below is derived from it at import.
SEARCH_TABLE: dict[int, str | None] = _build_table()

# Applying the table: measured on the 43 corpus articles (CPython 3.11), ``str.translate``
# with this dict costs ~55 ns per character, because it looks up every character of Arabic
# text in the dict. A ``str.replace`` per table entry that actually occurs in the text gives
# the same result ~10x faster: each ``in`` test is a C-level scan (~0.1-0.2 us on an
# article), and news text holds only a handful of the table's characters (a few harakat,
# hamza seats, ta marbuta). A regex deleting the same set was ~2x slower than these tests.
# Deletions come first; the order does not matter (no entry maps to a character another
# one deletes or replaces), so the result is exactly ``str.translate``'s.
_DELETIONS: tuple[str, ...] = tuple(chr(cp) for cp, dst in SEARCH_TABLE.items() if dst is None)
_REPLACEMENTS: tuple[tuple[str, str], ...] = tuple(
    (chr(cp), dst) for cp, dst in SEARCH_TABLE.items() if dst is not None
)


def _apply_table(text: str) -> str:
    """Same as ``text.translate(SEARCH_TABLE)``, faster on Arabic text."""
    if len(text) < 32:
        # A name, a query word, one character: ``translate`` wins below ~40 characters
        # (measured: 0.13 us for one letter, where the tests below take ~2 us).
        return text.translate(SEARCH_TABLE)
    for src in _DELETIONS:
        if src in text:
            text = text.replace(src, "")
    for src, dst in _REPLACEMENTS:
        if src in text:
            text = text.replace(src, dst)
    return text


def normalize_for_search(s: str) -> str:
    """Fold ``s`` into a search key.

    Steps: NFKC (presentation forms and ligatures become letters); remove harakat and
    Quranic marks (U+0610-U+061A, U+064B-U+065F, U+0670, U+06D6-U+06DC, U+06DF-U+06E8,
    U+06EA-U+06ED), tatweel, bidi controls, ZWNJ and ZWJ; fold أ إ آ ٱ -> ا, ى -> ي, ة -> ه,
    ؤ -> و, ئ -> ي, Persian ی -> ي and ک -> ك; Arabic-Indic and Extended Arabic-Indic digits
    -> ASCII; casefold; collapse whitespace runs to one space and strip.

    Idempotent: ``normalize_for_search(normalize_for_search(x)) == normalize_for_search(x)``.
    """
    text = unicodedata.normalize("NFKC", s)
    text = _apply_table(text).casefold()
    # Second NFKC: deleting an invisible control can bring a base letter and a combining mark
    # together (e + ZWJ + U+0301), and casefold can decompose (ǰ -> j + U+030C); without it,
    # a second pass would change the result. It cannot re-create anything the table removes:
    # the Arabic marks that compose (U+0653-U+0655) are already gone.
    text = unicodedata.normalize("NFKC", text)
    return " ".join(text.split())


@cache
def _token_re() -> re.Pattern[str]:
    # A token is a run of letters, digits and combining marks. Python's re has no \p{M}, and
    # \w excludes marks, so list the BMP marks once (about 6 ms), on first use rather than at
    # import. Arabic harakat are gone after normalisation anyway; this keeps words of other
    # scripts (Devanagari vowel signs, leftover Latin accents) in one piece. Marks outside the
    # BMP (historic scripts, musical notation) still split a token.
    marks = "".join(
        re.escape(chr(cp)) for cp in range(0x10000) if unicodedata.category(chr(cp))[0] == "M"
    )
    return re.compile(rf"(?:[^\W_]|[{marks}])+")


def search_tokens(s: str) -> list[str]:
    """Normalise ``s`` and split it into word tokens (letters, digits, combining marks).

    Punctuation, symbols, underscores and whitespace separate tokens and are dropped,
    including Arabic punctuation (، ؛ ؟ « »). Example: ``"لـ «رويترز»"`` -> ``["ل", "رويترز"]``.
    """
    return _token_re().findall(normalize_for_search(s))
