"""Paragraph splitting and per-paragraph direction, matching Qt's text blocks.

Qt picks a paragraph's direction from its first strong character, so "COVID-19 ينتشر ..."
would be laid out left-to-right. The view sets each block's direction itself, from
:func:`paragraph_direction`, over the blocks given by :func:`paragraph_spans`.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

__all__ = ["Direction", "paragraph_direction", "paragraph_spans"]

Direction = Literal["rtl", "ltr"]

# Characters that QTextDocument.setPlainText turns into a block break. Measured with
# PySide6 6.11 (offscreen): "\n", "\r", U+2029 PARAGRAPH SEPARATOR and the noncharacters
# U+FDD0/U+FDD1 (Qt's internal frame markers) each start a new block; U+2028, VT, FF and NEL
# do not; "\r\n" makes one block break (of one position, so Qt positions after it no longer
# match code points: canonicalize() first). Canonical text has no "\r", but U+2029/U+FDD0/
# U+FDD1 survive canonicalisation, and splitting on "\n" alone would then misnumber every
# block after one of them.
_BLOCK_BREAK_RE = re.compile("\r\n|[\n\r\u2029\ufdd0\ufdd1]")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Code-point ``(start, end)`` of each paragraph, one per Qt block, in order.

    Paragraphs are separated by "\\n" (and the other Qt block breaks, see above); ``end``
    excludes the separator. Empty paragraphs are included, so ``len(result)`` is the Qt
    ``blockCount()`` and index i is block number i: "" gives ``[(0, 0)]`` and "a\\n" gives
    ``[(0, 1), (2, 2)]``. Each span's ``start`` is also the block's position in Qt, after
    conversion with :class:`annotator.text.offsets.OffsetMap`.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BLOCK_BREAK_RE.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def paragraph_direction(paragraph: str, default: Direction = "rtl") -> Direction:
    """Direction of ``paragraph`` by majority of strong characters.

    Characters with bidi class R or AL (Hebrew, Arabic letters) vote right-to-left, class L
    (Latin and most other scripts) votes left-to-right; digits, punctuation and spaces are
    neutral. A tie, or no strong character at all, gives ``default``.
    Example: "COVID-19 ينتشر في العالم" -> "rtl" (5 Latin letters against 13 Arabic).
    """
    rtl = ltr = 0
    for ch in paragraph:
        # Fast path: ASCII letters are L and everything else in ASCII is weak or neutral.
        if ch < "\x80":
            if ch.isalpha():
                ltr += 1
            continue
        bidi = unicodedata.bidirectional(ch)
        if bidi in ("R", "AL"):
            rtl += 1
        elif bidi == "L":
            ltr += 1
    if rtl > ltr:
        return "rtl"
    if ltr > rtl:
        return "ltr"
    return default
