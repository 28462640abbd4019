"""Grapheme and word boundaries for spans made by code (suggestions, imports, snapping).

A span must never split a letter from its harakat, nor an emoji from its modifiers: the
highlight would show a detached mark and the exported quote would start with a bare mark.
All positions are code-point offsets (Python ``str`` indexes).

:func:`is_boundary` approximates UAX #29 extended grapheme clusters with the rules that matter
for news text: combining marks (Arabic harakat, Latin accents, Indic vowel signs), ZWJ/ZWNJ,
variation selectors, emoji skin-tone modifiers, emoji tag sequences (subdivision flags),
ZWJ emoji sequences and regional-indicator pairs (country flags). Not covered: Hangul
syllable sequences, prepend characters and Indic conjunct rules. Standard library only.
"""

from __future__ import annotations

import unicodedata

__all__ = ["find_all", "is_boundary", "snap_out", "snap_to_words"]

ZWNJ = "\u200c"
ZWJ = "\u200d"
TATWEEL = "\u0640"


def _extends(ch: str) -> bool:
    """True if ``ch`` never starts a grapheme cluster (it attaches to what precedes it)."""
    cp = ord(ch)
    if unicodedata.category(ch) in ("Mn", "Me", "Mc"):
        return True
    return (
        ch in (ZWJ, ZWNJ)  # UAX #29: ZWJ and ZWNJ are Extend
        or 0xFE00 <= cp <= 0xFE0F  # variation selectors (text/emoji presentation)
        or 0xE0100 <= cp <= 0xE01EF  # variation selectors supplement
        or 0x1F3FB <= cp <= 0x1F3FF  # emoji skin-tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # emoji tag characters (flag of England, Scotland...)
    )


def _is_regional_indicator(ch: str) -> bool:
    return "\U0001f1e6" <= ch <= "\U0001f1ff"


def _check_position(text: str, i: int) -> None:
    if not 0 <= i <= len(text):
        raise ValueError(f"offset {i} outside 0..{len(text)}")


def is_boundary(text: str, i: int) -> bool:
    """True if code-point offset ``i`` (``0 <= i <= len(text)``) is a grapheme boundary.

    Always True at 0 and ``len(text)``. False before a combining mark (category Mn, Me or
    Mc), ZWJ, ZWNJ, a variation selector, an emoji skin-tone modifier or an emoji tag
    character; False right after a ZWJ (which joins emoji sequences); False between the two
    regional indicators of a flag. Raises ``ValueError`` outside ``0..len(text)``.
    """
    _check_position(text, i)
    if i == 0 or i == len(text):
        return True
    if _extends(text[i]) or text[i - 1] == ZWJ:
        return False
    if _is_regional_indicator(text[i]) and _is_regional_indicator(text[i - 1]):
        # Flags pair up from the start of a run of regional indicators: break only after
        # an even number of them.
        run = 0
        j = i - 1
        while j >= 0 and _is_regional_indicator(text[j]):
            run += 1
            j -= 1
        return run % 2 == 0
    return True


def snap_out(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` to the nearest enclosing grapheme boundaries.

    ``start`` moves left and ``end`` moves right until each is a boundary; a span already
    on boundaries is returned unchanged. Requires ``0 <= start <= end <= len(text)``
    (``ValueError`` otherwise).
    """
    _check_span(text, start, end)
    while not is_boundary(text, start):
        start -= 1
    while not is_boundary(text, end):
        end += 1
    return start, end


def _check_span(text: str, start: int, end: int) -> None:
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"span ({start}, {end}) not within 0 <= start <= end <= {len(text)}")


def _is_word_char(ch: str) -> bool:
    # Letters (Arabic included; tatweel is Lm), marks (harakat) and digits, plus the joining
    # controls that live inside Arabic and Persian words.
    return unicodedata.category(ch)[0] in "LMN" or ch in (ZWJ, ZWNJ, TATWEEL)


def _cluster_start(text: str, i: int) -> int:
    """Start of the grapheme cluster containing the character at ``i``."""
    while not is_boundary(text, i):
        i -= 1
    return i


def _cluster_end(text: str, i: int) -> int:
    """End of the grapheme cluster containing the character at ``i``."""
    i += 1
    while not is_boundary(text, i):
        i += 1
    return i


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen ``[start, end)`` outward to whole words, e.g. for a sloppy mouse selection.

    First leading and trailing whitespace is trimmed from the selection; a selection that
    is empty or only whitespace is returned unchanged. Then, if the selection starts inside
    a word it moves left to the word's start, and if it ends inside a word it moves right to
    the word's end. A word is a maximal run of letters (L*), marks (M*), digits (N*),
    tatweel, ZWJ and ZWNJ. Arabic clitics (و ب ل ال ف ك) are written attached to their word,
    so they stay part of it ("والعراق" is one word). Punctuation at an edge of the selection
    is kept and not extended past. The result is on grapheme boundaries, and applying
    ``snap_to_words`` to its own result changes nothing.
    Requires ``0 <= start <= end <= len(text)`` (``ValueError`` otherwise).
    """
    _check_span(text, start, end)
    s, e = start, end
    while s < e and text[s].isspace():
        s += 1
    # Whitespace glued into a cluster (after a ZWJ) is not trimmed: snapping would put it
    # back, and a second call would then trim it and give a different answer.
    while e > s and text[e - 1].isspace() and is_boundary(text, e - 1):
        e -= 1
    if s == e:
        return start, end
    s, e = snap_out(text, s, e)
    # Word membership is decided per grapheme cluster, by its first character: a mark or
    # variation selector belongs to whatever it is attached to (an emoji's VS16 is not a
    # word character even though it is category Mn).
    if _is_word_char(text[s]):
        while s > 0:
            previous = _cluster_start(text, s - 1)
            if not _is_word_char(text[previous]):
                break
            s = previous
    if _is_word_char(text[_cluster_start(text, e - 1)]):
        while e < len(text) and _is_word_char(text[e]):
            e = _cluster_end(text, e)
    return s, e


def find_all(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of ``quote`` in ``text``, overlapping ones included.

    "aa" in "aaa" gives ``[0, 1]``. An empty ``quote`` has no occurrences (``[]``).
    Matching is exact code-point comparison: normalise both sides first if needed.
    """
    if not quote:
        return []
    starts: list[int] = []
    i = text.find(quote)
    while i != -1:
        starts.append(i)
        i = text.find(quote, i + 1)
    return starts


def nudge(text: str, start: int, end: int, edge: str, direction: int) -> tuple[int, int]:
    """Move one edge of ``[start, end)`` by one word (keyboard nudges of a claim's span).

    ``edge`` is "start" or "end"; ``direction`` is -1 (towards the text's beginning) or +1.
    The moved edge lands on the next word boundary (skipping whitespace and punctuation
    between words); the span never becomes empty: a move that would empty it is refused by
    returning the span unchanged. Offsets are code points; results are grapheme boundaries.
    """
    _check_span(text, start, end)
    pos = start if edge == "start" else end
    if direction < 0:
        i = pos
        while i > 0 and not _is_word_char(text[i - 1]):
            i -= 1
        while i > 0 and _is_word_char(text[_cluster_start(text, i - 1)]):
            i = _cluster_start(text, i - 1)
        new = i
    else:
        i = pos
        while i < len(text) and not _is_word_char(text[i]):
            i += 1
        while i < len(text) and _is_word_char(text[i]):
            i = _cluster_end(text, i)
        new = i
    s, e = (new, end) if edge == "start" else (start, new)
    if edge == "start" and direction > 0 and s < e:
        # Shrinking from the start: skip the whitespace after the word left behind.
        while s < e and text[s].isspace():
            s += 1
    if edge == "end" and direction < 0:
        while e > s and text[e - 1].isspace():
            e -= 1
    if s >= e:
        return start, end
    return s, e
