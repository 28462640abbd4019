"""Sentence and token splitting for Arabic news text (pure: standard library only).

Offsets are Unicode code points into the given text, end exclusive, so ``text[start:end]``
is the sentence or token. Nothing is normalised: the spans index the stored text as is.

Sentence rules:
- A newline always ends a sentence (headlines, "read more" links and footers are lines of
  their own in pasted articles and have no final stop).
- Inside a line, a sentence ends after a run of terminal marks — ``.`` ``!`` ``?`` ``؟``
  ``؛`` ``…`` (and ``;``) — together with any further marks glued to it (``..``, ``.،``,
  ``!؟``, closing quotes or brackets such as ``»`` ``"`` ``)``), when that run is followed by
  white space or the end of the line. So "السبت.، وسط" splits after "،" and "2.5" or
  "U.S.A" do not split.
- Sentences are trimmed of surrounding white space; empty ones are dropped.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["sentence_spans", "token_spans"]

_TERMINALS = ".!?؟؛;…"
# Marks that may follow a terminal in the same run: more terminals, commas (Arabic and
# Latin), closing quotes and brackets.
_TRAILERS = _TERMINALS + "،,»\"”’')]}"
_BOUNDARY = re.compile(
    "[" + re.escape(_TERMINALS) + "][" + re.escape(_TRAILERS) + "]*(?=\\s|$)"
)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Code-point ``(start, end)`` of each sentence of ``text``, in order (module rules)."""
    spans: list[tuple[int, int]] = []
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        start = line_start
        for match in _BOUNDARY.finditer(line):
            span = _trimmed(text, start, line_start + match.end())
            if span:
                spans.append(span)
            start = line_start + match.end()
        span = _trimmed(text, start, line_end)
        if span:
            spans.append(span)
        line_start = line_end + 1
    return spans


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
