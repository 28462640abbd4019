"""Canonical text: BOM, newlines, NFC, hashing, presentation forms, bidi controls, diagnosis."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given

from annotator.text.canonical import (
    BIDI_CONTROLS,
    TextDiagnosis,
    canonicalize,
    count_bidi_controls,
    count_presentation_forms,
    diagnose,
    repair_presentation_forms,
    strip_bidi_controls,
    text_sha256,
)
from tests.conftest import CORPUS, SEED
from tests.text.strategies import mixed_text as _mixed_text
from tests.text.strategies import read_seed

SEEDS = SEED.parent

CORPUS_FILES = sorted(CORPUS.glob("*.txt"))

# Pieces of realistic imported text: Arabic letters, harakat, Latin, both digit sets, emoji
# (non-BMP, skin tone, ZWJ family, flag, VS16), spaces, punctuation, every newline
# convention, BOMs, and presentation forms as pasted from PDFs.
PIECES = [
    "\r\n",
    "\r",
    "\n",
    " ",
    "\t",
    "\u00a0",
    "\ufeff",
    "َ",
    "ُ",
    "ِ",
    "ّ",
    "ْ",
    "ً",
    "\u0653",
    "\u0654",
    "COVID-19",
    "Reuters",
    "e\u0301",
    "٢٠٢٠",
    "19",
    "😀",
    "👍🏽",
    "👨\u200d👩\u200d👧",
    "🇮🇶",
    "❤️",
    "«",
    "»",
    "،",
    "؛",
    "؟",
    ".",
    "\ufefb",
    "\ufe8d",
    "\ufedf",
    "\u200f",
    "\u2067",
]
mixed_text = _mixed_text(PIECES)



def test_corpus_is_present() -> None:
    # The corpus sits beside the repository; without it the corpus tests would pass vacuously.
    assert len(CORPUS_FILES) >= 40


# --- canonicalize ----------------------------------------------------------------------------


@given(mixed_text)
def test_canonicalize_idempotent_and_has_no_cr(raw: str) -> None:
    text = canonicalize(raw)
    assert canonicalize(text) == text
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    assert unicodedata.is_normalized("NFC", text)


@given(mixed_text)
def test_canonicalize_keeps_one_character_per_line_break(raw: str) -> None:
    breaks = re.findall("\r\n|\r|\n", raw)
    assert canonicalize(raw).count("\n") == len(breaks)


def test_canonicalize_strips_only_leading_boms() -> None:
    assert canonicalize("\ufeff\ufeffخبر\ufeffعاجل") == "خبر\ufeffعاجل"


def test_canonicalize_newlines() -> None:
    assert canonicalize("a\r\nb\rc\nd\r\n\r\n") == "a\nb\nc\nd\n\n"


def test_canonicalize_nfc() -> None:
    assert canonicalize("ا\u0653") == "آ"
    assert canonicalize("ا\u0654") == "أ"
    assert canonicalize("e\u0301") == "é"
    # NFC, not NFKC: compatibility characters are article content and stay.
    assert canonicalize("ﻻ ﬁ ²") == "ﻻ ﬁ ²"


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_canonicalize_corpus_crlf(path: Path) -> None:
    raw = path.read_bytes().decode("utf-8")
    assert "\r\n" in raw  # as published
    text = canonicalize(raw)
    assert "\r" not in text
    assert len(text) == len(raw) - raw.count("\r\n")
    assert text.split("\n") == raw.split("\r\n")
    # Same article with LF endings (another export): same canonical text, same hash.
    assert text_sha256(canonicalize(raw.replace("\r\n", "\n"))) == text_sha256(text)


def test_seed_is_already_canonical() -> None:
    seed = read_seed()
    assert canonicalize(seed) == seed


# --- hashing ---------------------------------------------------------------------------------


def test_text_sha256() -> None:
    assert text_sha256("abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
    seed = read_seed()
    assert text_sha256(seed) == hashlib.sha256(seed.encode("utf-8")).hexdigest()
    assert text_sha256("قال") != text_sha256("قَال")


# --- presentation forms ----------------------------------------------------------------------


def _isolated_forms() -> dict[str, str]:
    """Letter -> its isolated presentation form, for every letter that has one."""
    forms: dict[str, str] = {}
    for cp in range(0xFE70, 0xFEFF):
        ch = chr(cp)
        if "ISOLATED FORM" in unicodedata.name(ch, ""):
            letter = unicodedata.normalize("NFKC", ch)
            if len(letter) == 1:
                forms[letter] = ch
    return forms


def to_presentation_forms(text: str) -> str:
    """Simulate a PDF copy: every letter replaced by a presentation form."""
    return text.translate(str.maketrans(_isolated_forms()))


def test_count_presentation_forms() -> None:
    assert count_presentation_forms("ﻻ ﺍﻟ") == 3
    assert count_presentation_forms("\ufeffلا") == 0  # BOM is not a letter form
    assert count_presentation_forms("\ufdfa\ufb50") == 2  # both blocks
    assert count_presentation_forms(read_seed()) == 0


def test_repair_lam_alef_and_positional_forms() -> None:
    assert repair_presentation_forms("\ufefb") == "لا"
    assert repair_presentation_forms("\ufef5") == "لآ"  # lam + alef with madda
    assert repair_presentation_forms("\ufedf\ufee4\ufeae") == "لمر"


def test_repair_leaves_other_characters_alone() -> None:
    # Whole-text NFKC would turn these into "fi", "2", "A", "1" and a plain space.
    others = "ﬁ ² Ａ ① \u00a0 قَالَ 😀 \ufeff"
    assert repair_presentation_forms(others) == others
    assert repair_presentation_forms("ﻻ ﬁ") == "لا ﬁ"


def test_repair_recomposes_with_following_mark() -> None:
    assert repair_presentation_forms("\ufe8d\u0654") == "أ"


def test_repair_seed_after_simulated_pdf_copy() -> None:
    seed = read_seed()
    damaged = to_presentation_forms(seed)
    assert count_presentation_forms(damaged) > 1000
    assert repair_presentation_forms(damaged) == seed


# --- bidi controls ---------------------------------------------------------------------------


def test_bidi_controls() -> None:
    assert len(BIDI_CONTROLS) == 12
    text = "\u200fقال\u200e \u2067Reuters\u2069 \u202bx\u202c\u061c"
    assert count_bidi_controls(text) == 7
    assert strip_bidi_controls(text) == "قال Reuters x"
    assert count_bidi_controls(read_seed()) == 0
    # ZWJ/ZWNJ shape letters; they are not bidi controls.
    assert strip_bidi_controls("\u200c\u200d") == "\u200c\u200d"


# --- diagnose --------------------------------------------------------------------------------


def visual_order(text: str) -> str:
    """Simulate visual-order extraction: each line's characters reversed."""
    return "\n".join(line[::-1] for line in text.split("\n"))


def test_diagnose_clean_seed() -> None:
    assert diagnose(read_seed()) == TextDiagnosis(0, 0, False)


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_diagnose_corpus_is_logical(path: Path) -> None:
    text = canonicalize(path.read_bytes().decode("utf-8"))
    assert not diagnose(text).looks_visual_order
    assert diagnose(visual_order(text)).looks_visual_order


def test_diagnose_pdf_copy_of_seed() -> None:
    damaged = "\u200f" + to_presentation_forms(visual_order(read_seed()))
    found = diagnose(damaged)
    assert found.presentation_forms > 1000
    assert found.bidi_controls == 1
    assert found.looks_visual_order
    # Logical order with presentation forms is not flagged as visual.
    assert not diagnose(to_presentation_forms(read_seed())).looks_visual_order


def test_diagnose_short_text_is_never_visual() -> None:
    assert not diagnose("لا").looks_visual_order
    assert not diagnose("باتكلا").looks_visual_order  # one reversed word is not evidence
