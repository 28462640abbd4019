"""Shared hypothesis strategies for the text layer: Arabic letters mixed with the pieces
each module cares about (harakat, Latin, digits, emoji, newlines, presentation forms...)."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.conftest import SEED

ARABIC_LETTER = st.characters(min_codepoint=0x0621, max_codepoint=0x064A)


def mixed_text(pieces: list[str], max_size: int = 40) -> st.SearchStrategy[str]:
    """Strings built from ``pieces`` and random Arabic letters."""
    return st.lists(st.one_of(st.sampled_from(pieces), ARABIC_LETTER), max_size=max_size).map(
        "".join
    )


def read_seed() -> str:
    return SEED.read_text(encoding="utf-8")
