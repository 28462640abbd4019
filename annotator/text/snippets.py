"""Which paragraph of an article a search token was found in, without folding the article.

A search hit shows the first paragraph (of the original text, split at ``"\\n"``) whose
search form (:func:`~annotator.text.normalize.normalize_for_search`) contains the query's
first token. Folding paragraph after paragraph cost ~50 us an article, more than the whole
SQL query for 50 hits. :func:`first_paragraph_with` gives the same answer with C-level
regex scans of the text up to the match (~10 us an article), and folds paragraph by
paragraph only when that part of the text has characters outside
:func:`simple_characters` (then the scans alone could be wrong).

Why the fast path is exact: :func:`simple_characters` are characters that are NFKC-stable
and compose with nothing, whose folding (``normalize_for_search`` on the character alone)
is empty (harakat, tatweel, joiners: "deletable"), one letter, digit or mark, whitespace,
or punctuation without any letter, digit or mark. On a paragraph of such characters the
folding acts character by character, so its search form contains a token (letters, digits
and marks, never whitespace) exactly when the paragraph has a run of characters, one
folding to each of the token's characters in turn, with only deletable characters between
them: what :func:`_token_plan` looks for. ``tests/text/test_snippets.py`` checks the
premises (every pair of simple characters folds one by one) and compares the result with
folding paragraph by paragraph, on generated text and on every word of the corpus.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from annotator.text.normalize import normalize_for_search

__all__ = [
    "first_paragraph_in_utf8", "first_paragraph_with", "rules_key", "simple_characters",
    "simple_text_key",
]

# Where the characters of Arabic news are: tab, newline, printable ASCII, no-break space and
# guillemets, the Arabic block, general punctuation (dashes, quotes, joiners, marks).
_CANDIDATES = (
    0x09, 0x0A, *range(0x20, 0x7F), 0xA0, 0xAB, 0xBB, *range(0x0600, 0x0700),
    *range(0x2000, 0x2070),
)  # fmt: skip
# Combining marks that compose with a preceding letter under NFC/NFKC (ا + U+0654 -> أ,
# ه + U+0654 -> ۀ): a paragraph holding one does not fold character by character. (Deleted
# by the folding like the other harakat, but only after NFKC has composed them.)
_COMPOSING = frozenset("\u0653\u0654\u0655")


def _word_like(text: str) -> bool:
    """Whether ``text`` has a character that can be part of a search token."""
    return any(ch.isalnum() or unicodedata.category(ch)[0] == "M" for ch in text)


@cache
def _tables() -> tuple[frozenset[str], frozenset[str], dict[str, frozenset[str]]]:
    """(simple characters, deletable characters, folded character -> its preimages).

    Built on first use from the candidates (~600 characters, a few ms). Each simple
    character is one of: deletable (folds to nothing: harakat, tatweel, joiners); a letter
    (NFKC-stable, not a combining mark, folds to one letter, digit or mark); a separator
    (folds to whitespace or punctuation only: spaces, "،", "«", "…" -> "..."), which no
    token can span. Anything else (presentation forms, ligatures, marks that stay or
    compose) is not simple."""
    simple: set[str] = set()
    deletable: set[str] = set()
    preimages: dict[str, set[str]] = {}
    for cp in _CANDIDATES:
        ch = chr(cp)
        if unicodedata.category(ch) in ("Cn", "Co", "Cs") or ch in _COMPOSING:
            continue
        nfkc = unicodedata.normalize("NFKC", ch)
        folded = normalize_for_search(ch)  # "" for whitespace too: it strips
        if ch.isspace() or nfkc.isspace():
            simple.add(ch)  # a separator before and after folding
        elif folded == "":
            simple.add(ch)
            deletable.add(ch)
        elif unicodedata.combining(ch):
            continue  # a mark that stays: NFKC could reorder or compose it
        elif not _word_like(folded):
            simple.add(ch)  # punctuation, also when NFKC spells it out ("…" -> "...")
        elif len(folded) == 1 and nfkc == ch:
            simple.add(ch)
            preimages.setdefault(folded, set()).add(ch)
    return (
        frozenset(simple),
        frozenset(deletable),
        {key: frozenset(chars) for key, chars in preimages.items()},
    )


def _class(chars: frozenset[str]) -> str:
    return "[" + "".join(re.escape(ch) for ch in sorted(chars)) + "]"


@cache
def _simple_run() -> re.Pattern[str]:
    """A run of simple characters. ``match(text, 0, end).end() == end`` tells that
    ``text[:end]`` is all simple: faster than searching for a character that is not (a
    repeated class is one tight loop in ``re``, a search a new attempt at each position)."""
    return re.compile(_class(_tables()[0]) + "*")


# The most frequent letters of news Arabic, most frequent first (as measured for the legacy
# decoder's scorer): a search starting at one of them stops at every occurrence (every "ال").
_FREQUENT_LETTERS = "اليمونترب"


@dataclass(frozen=True)
class _Plan:
    """How to find a token in simple text: ``anchor`` matches the token from its rarest
    letter on (from its start when no letter stands for itself alone); ``before`` are the
    classes of the letters before that one, nearest first, checked backwards by hand."""

    anchor: re.Pattern[str]
    before: tuple[frozenset[str], ...]


def _anchor_index(token: str, classes: list[frozenset[str]]) -> int:
    """Where to start matching: the least frequent letter that only itself folds to (a
    literal start lets ``re`` skip to its occurrences at C speed) and that leaves at least
    three letters to match from there (so that few places match and need checking back by
    hand), else the first letter."""
    singles = [i for i, chars in enumerate(classes) if len(chars) == 1 and len(token) - i >= 3]
    if not singles:
        return 0
    rank = {ch: r for r, ch in enumerate(_FREQUENT_LETTERS)}
    return min(singles, key=lambda i: (-rank.get(token[i], len(rank)), i))


@lru_cache(maxsize=256)
def _token_plan(token: str) -> _Plan | None:
    """The plan for ``token``, or None when some character of it is the folding of no
    simple character. The token's search form is in a simple paragraph exactly where the
    paragraph has one character of each class in turn with only deletable characters
    between them (see the module docstring)."""
    _, deletable, preimages = _tables()
    if any(ch not in preimages for ch in token):
        return None
    classes = [preimages[ch] for ch in token]
    k = _anchor_index(token, classes)
    anchor = re.compile((_class(deletable) + "*").join(_class(c) for c in classes[k:]))
    return _Plan(anchor, tuple(reversed(classes[:k])))


def _start_before(text: str, pos: int, before: tuple[frozenset[str], ...]) -> int | None:
    """Where the token starts when its anchored part starts at ``pos``: walking back over
    deletable characters, one character of each class of ``before`` in turn; None when the
    characters before ``pos`` are not the token's beginning. (The classes and the deletable
    characters are disjoint, so the walk has no choices to make.)"""
    deletable = _tables()[1]
    for chars in before:
        pos -= 1
        while pos >= 0 and text[pos] in deletable:
            pos -= 1
        if pos < 0 or text[pos] not in chars:
            return None
    return pos


def _first_match(text: str, plan: _Plan) -> tuple[int, int] | None:
    """(start, end) of the match whose anchored part starts first, or None. Each match lies
    inside one paragraph (no class holds a newline), so its paragraph is the first one that
    has a match."""
    pos = 0
    while (found := plan.anchor.search(text, pos)) is not None:
        start = _start_before(text, found.start(), plan.before)
        if start is not None:
            return start, found.end()
        pos = found.start() + 1  # not found.end(): the next anchor may overlap this one
    return None


def simple_characters() -> frozenset[str]:
    """The characters on which the fast path is exact (see the module docstring). Computed
    on first use, not at import: opening the window does not search."""
    return _tables()[0]


@cache
def rules_key() -> int:
    """A 63-bit digest of the rules the fast path relies on: the simple and deletable
    characters and what each folds to, as this version of the app and of Unicode
    (``unicodedata``) define them. Stored beside a text found to be simple
    (:func:`simple_text_key`), it says under which rules that was found: a workspace
    written by another version, whose rules differ, keeps its keys, which then no longer
    match and are ignored (the text is checked again when searched)."""
    simple, deletable, preimages = _tables()
    described = repr((
        unicodedata.unidata_version,
        sorted(simple),
        sorted(deletable),
        sorted((folded, sorted(chars)) for folded, chars in preimages.items()),
    ))
    return int.from_bytes(hashlib.sha256(described.encode()).digest()[:8], "big") >> 1


def simple_text_key(text: str) -> int | None:
    """:func:`rules_key` when every character of ``text`` is a simple character (then a
    snippet of it needs no check: see ``first_paragraph_in_utf8(simple=True)``), else
    None. About 1 us a kilobyte: computed once, when an article is stored."""
    return rules_key() if _simple_run().fullmatch(text) is not None else None


def _first_paragraph_slow(text: str, token: str) -> str | None:
    for paragraph in text.split("\n"):
        if token in normalize_for_search(paragraph):
            return paragraph
    return None


def first_paragraph_with(text: str, token: str, *, simple: bool = False) -> str | None:
    """The first paragraph of ``text`` (split at ``"\\n"``) whose search form
    (``normalize_for_search``) contains ``token``, or None when none does.

    ``token`` is one token of :func:`~annotator.text.normalize.search_tokens` (already in
    search form: letters, digits and marks, no whitespace). Exactly what folding each
    paragraph in turn gives, usually much faster (see the module docstring).

    ``simple=True`` promises that ``text`` has only simple characters (a key from
    :func:`simple_text_key` that still equals :func:`rules_key` says so), which skips
    checking it; a wrong promise gives wrong answers."""
    plan = _token_plan(token)
    simple_run = _simple_run()
    if plan is None:
        # No simple character folds to one of the token's: only other characters can match.
        simple = simple or simple_run.fullmatch(text) is not None
        return None if simple else _first_paragraph_slow(text, token)
    found = _first_match(text, plan)
    end = len(text) if found is None else _paragraph_end(text, found[1])
    if not simple and simple_run.match(text, 0, end).end() != end:
        return _first_paragraph_slow(text, token)
    if found is None:
        return None
    start = text.rfind("\n", 0, found[0]) + 1
    return text[start:end]


def first_paragraph_in_utf8(
    data: bytes, token: str, hints: tuple[bytes, ...], *, simple: bool = False
) -> str | None:
    """``first_paragraph_with(data.decode(), token, simple=simple)`` for a text given as
    UTF-8 ``data``,
    decoding only its first paragraphs when the answer is among them.

    Decoding a whole article costs more than finding its paragraph: this looks for the
    first of ``hints`` (byte strings, e.g. the token and the query's words that give it, as
    UTF-8) in the bytes, decodes the paragraphs up to and including the one where it is, and
    looks for the token there. The hints only say where to stop decoding, never what the
    answer is: the first paragraphs of a text are paragraphs of the text, so a paragraph
    found among them is the first one of the whole text too; when none is found (a hint
    that is no match, or no hint in the text), the whole text is decoded and searched. (In
    UTF-8 a match of a whole encoded string starts at a character, and byte 0x0A is only
    ever a newline, so the cut falls between characters, at a paragraph's end.)"""
    pos = -1
    for hint in hints:
        # Only an earlier occurrence of a later hint matters: look before ``pos`` only.
        found = data.find(hint) if pos < 0 else data.find(hint, 0, pos + len(hint) - 1)
        if found >= 0:
            pos = found
    if pos >= 0:
        end = data.find(b"\n", pos)
        if end >= 0:
            paragraph = first_paragraph_with(data[:end].decode(), token, simple=simple)
            if paragraph is not None:
                return paragraph
    return first_paragraph_with(data.decode(), token, simple=simple)


def _paragraph_end(text: str, pos: int) -> int:
    end = text.find("\n", pos)
    return len(text) if end < 0 else end
