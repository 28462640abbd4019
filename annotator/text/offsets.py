"""Code point <-> UTF-16 offset conversion at the Qt boundary.

Stored offsets are Unicode code points (Python ``str`` indexes). Qt positions
(``QTextCursor.position()`` etc.) are UTF-16 code units: every character outside the Basic
Multilingual Plane (emoji, U+10000 and above) takes two units, so each one before a claim
shifts every Qt position after it by one. Convert only where values cross into or out of Qt.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

__all__ = ["OffsetMap", "utf16_len"]

_NON_BMP_RE = re.compile("[\U00010000-\U0010ffff]")


def utf16_len(s: str) -> int:
    """Length of ``s`` in UTF-16 code units (non-BMP characters count twice)."""
    # One C-level encode beats a Python loop over characters, even with the copy.
    return len(s.encode("utf-16-le")) // 2


class OffsetMap:
    """Convert positions in one fixed string between code points and UTF-16 code units.

    Holds only a sorted list of the code-point indexes of non-BMP characters, so text that is
    all BMP (most Arabic articles) costs nothing per character, and each conversion is one
    ``bisect``: O(log k) for k non-BMP characters. Build it from exactly the string Qt shows.

    Valid positions are ``0..len(text)`` (code points) and ``0..utf16_length`` (UTF-16
    units), both inclusive so that an end offset at the end of the text converts;
    anything else raises ``ValueError``.
    """

    __slots__ = ("_length", "_non_bmp", "_non_bmp_u16", "_utf16_length")

    def __init__(self, text: str) -> None:
        self._length = len(text)
        # Code-point index of each non-BMP character, ascending (finditer yields in order).
        # Measured on 1 MB of Arabic: the UTF-16 length check takes ~1 ms, the regex scan ~6,
        # so the scan runs only when there is something to find.
        self._non_bmp: list[int] = (
            [m.start() for m in _NON_BMP_RE.finditer(text)]
            if utf16_len(text) != self._length
            else []
        )
        # UTF-16 index where each of those characters starts: its code-point index plus one
        # extra unit for every non-BMP character before it.
        self._non_bmp_u16: list[int] = [cp + k for k, cp in enumerate(self._non_bmp)]
        self._utf16_length = self._length + len(self._non_bmp)

    @property
    def utf16_length(self) -> int:
        """Length of the text in UTF-16 code units."""
        return self._utf16_length

    def to_utf16(self, cp: int) -> int:
        """UTF-16 position of code-point position ``cp`` (``0 <= cp <= len(text)``)."""
        if not 0 <= cp <= self._length:
            raise ValueError(f"code point offset {cp} outside 0..{self._length}")
        # Each non-BMP character strictly before cp adds one unit.
        return cp + bisect_left(self._non_bmp, cp)

    def to_codepoint(self, u16: int) -> int:
        """Code-point position of UTF-16 position ``u16`` (``0 <= u16 <= utf16_length``).

        A position between the two halves of a surrogate pair maps to the code point that
        contains it, i.e. it rounds down to the start of that character. The mapping is
        monotonic (non-decreasing) in ``u16``.
        """
        if not 0 <= u16 <= self._utf16_length:
            raise ValueError(f"UTF-16 offset {u16} outside 0..{self._utf16_length}")
        # Non-BMP characters that end at or before u16, i.e. start at or before u16 - 2.
        before = bisect_right(self._non_bmp_u16, u16 - 2)
        if before < len(self._non_bmp_u16) and self._non_bmp_u16[before] == u16 - 1:
            # u16 points at the low surrogate of character number `before`: round down.
            return self._non_bmp[before]
        return u16 - before
