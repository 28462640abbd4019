"""Sentence and token spans for the exports (pure: standard library only).

Offsets are Unicode code points into the given text, end exclusive, so ``text[start:end]``
is the sentence or token. Nothing is normalised: the spans index the stored text as is.

Sentences are those of :func:`annotator.text.sentences.sentences`, the splitter the
suggester reads articles with, so a sentence in a training file is the unit the app
itself reasons about. In short: a line always ends a sentence (headlines, "read more"
links and footers have no final stop); inside a line, ``.`` ``!`` ``?`` ``؟`` ``…`` (one or
several) end it, with the closing quotes after them, unless a comma or semicolon follows
(``.،`` then the attribution: «… في العراق.، وفق «بي بي سي»» is one sentence), the full
stop is part of a number, a one-letter abbreviation (``د.``) or a dotted acronym, or the
mark is inside a quotation that closes in the same line. ``؛`` and ``;`` do not end a
sentence. Sentences are trimmed of surrounding white space; none is empty.
"""

from __future__ import annotations

import unicodedata

from annotator.text.sentences import sentences

__all__ = ["sentence_spans", "token_spans"]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Code-point ``(start, end)`` of each sentence of ``text``, in order (module rules)."""
    return [(sentence.start, sentence.end) for sentence in sentences(text)]


def _is_word_char(ch: str) -> bool:
    """Letters, digits and combining marks (harakat stay with their letter), tatweel and the
    zero-width (non-)joiners that sit inside words."""
    category = unicodedata.category(ch)
    return category[0] in "LNM" or ch in "\u0640_\u200c\u200d"


def token_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Code-point spans of the tokens of ``text[start:end]``: runs of word characters
    (letters, digits, combining marks, tatweel), and each other non-space character on its
    own (punctuation such as « » ، . is a token). Offsets index ``text`` itself."""
    end = len(text) if end is None else end
    tokens: list[tuple[int, int]] = []
    i = start
    while i < end:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        j = i + 1
        if _is_word_char(ch):
            while j < end and _is_word_char(text[j]):
                j += 1
        else:
            # Keep a character with any combining marks or joiners that follow it.
            while j < end and unicodedata.category(text[j]) in ("Mn", "Me", "Cf"):
                j += 1
        tokens.append((i, j))
        i = j
    return tokens
