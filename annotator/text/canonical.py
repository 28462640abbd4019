"""Canonical article text: the one exact string that is stored, hashed and annotated.

Every offset in the app is a Unicode code point index (a Python ``str`` index) into the
string returned by :func:`canonicalize`. That string is made once, at import, and never
re-normalised afterwards: re-normalising stored text would move every claim after the change.

This module also detects (and offers to repair) the two ways text copied out of PDFs arrives
broken: Arabic presentation forms instead of letters, and visual (reversed) order.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

__all__ = [
    "BIDI_CONTROLS",
    "TextDiagnosis",
    "canonicalize",
    "count_bidi_controls",
    "count_presentation_forms",
    "diagnose",
    "looks_visual_order",
    "repair_presentation_forms",
    "strip_bidi_controls",
    "text_sha256",
    "utf8_sha256",
]

BOM = "\ufeff"

#: Explicit bidi formatting characters: LRM, RLM, ALM, the embeddings/overrides LRE..RLO
#: (U+202A-U+202E) and the isolates LRI..PDI (U+2066-U+2069). Invisible, but they count as
#: code points, so they shift offsets and break search when pasted from web pages.
BIDI_CONTROLS: frozenset[str] = frozenset(
    "\u200e\u200f\u061c"
    + "".join(chr(cp) for cp in range(0x202A, 0x202F))
    + "".join(chr(cp) for cp in range(0x2066, 0x206A))
)

# Arabic Presentation Forms-A (U+FB50-U+FDFF) and -B (U+FE70-U+FEFE). U+FEFF sits at the end
# of block B but is the BOM / zero-width no-break space, not a letter form.
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]")
_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
# Either of the two above (what :func:`diagnose` looks for), for a single scan of clean text.
_DAMAGE_RE = re.compile(
    "[\ufb50-\ufdff\ufe70-\ufefe" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def _build_presentation_table() -> dict[int, str]:
    # Built once: ~900 entries, so repair is one C-level str.translate pass instead of a
    # per-character Python loop. Characters NFKC leaves alone (noncharacters, unassigned
    # code points) are simply absent from the table and pass through unchanged.
    table: dict[int, str] = {}
    for start, stop in ((0xFB50, 0xFE00), (0xFE70, 0xFEFF)):
        for cp in range(start, stop):
            ch = chr(cp)
            mapped = unicodedata.normalize("NFKC", ch)
            if mapped != ch:
                table[cp] = mapped
    return table


_PRESENTATION_TABLE = _build_presentation_table()


def canonicalize(raw: str) -> str:
    """Return the canonical form of an imported article.

    Steps, in order: strip any leading BOMs (U+FEFF), turn ``\\r\\n`` and lone ``\\r`` into
    ``\\n``, then NFC. The result never contains ``\\r`` and ``canonicalize`` is idempotent.

    Qt turns ``\\r\\n`` into one paragraph break, so stored text must already have one
    character per break or Qt positions and stored offsets drift apart by one per line.
    U+2028/U+2029 and other characters are deliberately left alone (only NFC touches them).
    """
    text = raw.lstrip(BOM)
    # "\r\n" first so that a CRLF pair becomes one "\n", not two.
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding of ``text`` (the canonical text's identity)."""
    return utf8_sha256(text.encode("utf-8"))


def utf8_sha256(encoded: bytes) -> str:
    """:func:`text_sha256` of the text whose UTF-8 encoding is ``encoded`` (for a caller
    that has the bytes already)."""
    return hashlib.sha256(encoded).hexdigest()


def count_presentation_forms(text: str) -> int:
    """Count Arabic presentation-form code points (U+FB50-U+FDFF, U+FE70-U+FEFE).

    U+FEFF (BOM / zero-width no-break space) is not counted.
    """
    return len(_PRESENTATION_RE.findall(text))


def count_bidi_controls(text: str) -> int:
    """Count bidi control characters (see :data:`BIDI_CONTROLS`)."""
    return len(_BIDI_RE.findall(text))


def repair_presentation_forms(text: str) -> str:
    """Replace each presentation-form character by its NFKC mapping; touch nothing else.

    For example the lam-alef ligature U+FEFB becomes ل + ا, and positional forms become
    plain letters. Whole-text NFKC is avoided on purpose: it would also rewrite superscripts,
    full-width Latin, "ﬁ" ligatures and so on that are part of the article.

    The result is NFC-normalised again, because a letter that comes out of a presentation
    form can compose with a following mark (e.g. alef + U+0654 hamza above -> أ); for NFC
    input that only changes the repaired characters and the marks attached to them.
    The code-point length may change, so repair before any offsets are taken.
    """
    if not _PRESENTATION_RE.search(text):
        return text
    return unicodedata.normalize("NFC", text.translate(_PRESENTATION_TABLE))


def strip_bidi_controls(text: str) -> str:
    """Remove every bidi control character (see :data:`BIDI_CONTROLS`)."""
    return _BIDI_RE.sub("", text)


@dataclass(frozen=True)
class TextDiagnosis:
    """What :func:`diagnose` found in a text; the import dialog offers repairs from this.

    ``looks_visual_order`` is only a hint (see :func:`diagnose`): offer, never auto-apply.
    """

    presentation_forms: int
    bidi_controls: int
    looks_visual_order: bool


# Arabic letters (plus harakat and tatweel, which may sit inside a word); digits U+0660-U+0669
# and punctuation U+066A-U+066D are outside these ranges, so they end a word.
_ARABIC_WORD_RE = re.compile("[\u0620-\u065f\u0670-\u06d3\u06d5\u06fa-\u06ff]+")
# Harakat (U+064B-U+065F), superscript alef (U+0670) and tatweel (U+0640).
_MARKS_AND_TATWEEL: tuple[str, ...] = tuple(
    chr(cp) for cp in (*range(0x064B, 0x0660), 0x0670, 0x0640)
)

# Visual-order evidence must clearly dominate: a reversed article has the definite article
# ("ال") at the end of most nouns as "لا", while logical text also has genuine words ending in
# "لا" (مثلا, أولا, قليلا, إلا...). Measured on the 43 CC0 corpus articles and the seed:
# logical text has 0-8 "لا"-endings (at most 7 per 100 "ال"-starts); word-reversed copies of
# the same articles have the mirror image (22-232 endings, almost no starts).
_VISUAL_MIN_EVIDENCE = 5
_VISUAL_RATIO = 2.0


_LETTER = "[\u0620-\u063f\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06ff]"
# Whole-text regexes (one C-level pass each) instead of a per-word Python loop: this runs on
# every imported article. A 3+ letter word starts with "ال" / ends with "لا" exactly when
# "ال" + letter is not preceded by a letter / letter + "لا" is not followed by one.
# Each pattern starts with its two literal letters and checks the letter before them with a
# lookbehind placed after them: a pattern that starts with a literal lets ``re`` skip ahead
# to the next "ال" / "لا" at C speed, where a leading assertion or class is tried at every
# position (measured 3x and 10x faster; the matches, and so the counts, are the same).
_STARTS_RE = re.compile(f"\u0627\u0644(?<!{_LETTER}\u0627\u0644){_LETTER}")
_ENDS_RE = re.compile(f"\u0644\u0627(?<={_LETTER}\u0644\u0627)(?!{_LETTER})")


def _article_word_counts(text: str) -> tuple[int, int]:
    """Return (words starting with "ال", words ending with "لا") among Arabic words of 3+ letters
    (harakat and tatweel ignored).

    Two-letter words are skipped because "لا" ("no") is itself a common word.
    """
    # Removing the marks with a ``str.replace`` per mark actually present is several times
    # faster than ``str.translate`` with a dict (a dict lookup per character of the text) or
    # a regex substitution; news text carries only a few kinds of harakat.
    bare = text
    for mark in _MARKS_AND_TATWEEL:
        if mark in bare:
            bare = bare.replace(mark, "")
    return len(_STARTS_RE.findall(bare)), len(_ENDS_RE.findall(bare))


def diagnose(text: str) -> TextDiagnosis:
    """Inspect imported text for PDF-copy damage.

    ``looks_visual_order`` heuristic: text copied from a PDF in visual order has each word's
    letters reversed, so the definite article "ال" that starts many Arabic nouns shows up as
    "لا" at the END of words. After repairing presentation forms, count Arabic words (3+
    letters, harakat and tatweel ignored) starting with "ال" and ending with "لا"; the text
    looks visual when there are at least 5 such endings and they outnumber the "ال" starts
    more than twofold. Short texts (fewer than 5 endings) never look visual. Only a hint.
    """
    # One scan for either kind of damage: clean text (nearly every import) is not scanned
    # again to count each kind, nor copied to repair presentation forms it does not have.
    damaged = _DAMAGE_RE.search(text) is not None
    return TextDiagnosis(
        presentation_forms=count_presentation_forms(text) if damaged else 0,
        bidi_controls=count_bidi_controls(text) if damaged else 0,
        looks_visual_order=looks_visual_order(text, presentation_forms=damaged),
    )


def looks_visual_order(text: str, *, presentation_forms: bool = True) -> bool:
    """``diagnose(text).looks_visual_order`` alone (see :func:`diagnose`).

    ``presentation_forms=False`` is the caller's promise that ``text`` has no presentation
    forms (it has just scanned for them): the text is then not searched for any to repair.
    """
    repaired = repair_presentation_forms(text) if presentation_forms else text
    starts, ends = _article_word_counts(repaired)
    return ends >= _VISUAL_MIN_EVIDENCE and ends > _VISUAL_RATIO * starts
