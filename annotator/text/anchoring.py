"""Re-anchoring claims with W3C TextQuoteSelectors.

Each claim keeps, beside its code-point offsets, the exact quote and some context before
and after it. When an article is re-imported in a revised version, the offsets are stale
but the quote and its context usually survive; :func:`anchor` finds the quote again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from annotator.text.graphemes import find_all

__all__ = ["DEFAULT_CONTEXT", "QuoteSelector", "anchor", "make_selector"]

#: Code points of prefix/suffix context kept with each claim (design note: ~32).
DEFAULT_CONTEXT = 32


@dataclass(frozen=True)
class QuoteSelector:
    """W3C Web Annotation TextQuoteSelector: the quoted text and its surroundings.

    ``prefix`` is the text just before ``exact`` and ``suffix`` the text just after it (each
    at most the context length; shorter at the start or end of the article).
    """

    exact: str
    prefix: str
    suffix: str


def make_selector(text: str, start: int, end: int, context: int = DEFAULT_CONTEXT) -> QuoteSelector:
    """Selector for the code-point span ``[start, end)`` of ``text``.

    Requires ``0 <= start < end <= len(text)`` (a claim quotes something) and
    ``context >= 0``; raises ``ValueError`` otherwise.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"span ({start}, {end}) not within 0 <= start < end <= {len(text)}")
    if context < 0:
        raise ValueError(f"context must be >= 0, got {context}")
    return QuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def _context_score(text: str, start: int, end: int, selector: QuoteSelector) -> int:
    """How much of the selector's context surrounds ``text[start:end]``.

    Length of the common suffix of ``text[:start]`` and ``prefix``, plus the length of the
    common prefix of ``text[end:]`` and ``suffix``. The full score is
    ``len(prefix) + len(suffix)``; the original position always achieves it.
    """
    prefix, suffix = selector.prefix, selector.suffix
    before = 0
    limit = min(len(prefix), start)
    while before < limit and text[start - 1 - before] == prefix[-1 - before]:
        before += 1
    after = 0
    limit = min(len(suffix), len(text) - end)
    while after < limit and text[end + after] == suffix[after]:
        after += 1
    return before + after


def _best(
    text: str, spans: list[tuple[int, int]], selector: QuoteSelector, hint: int | None
) -> tuple[int, int] | None:
    """The span with the best context score; ties go to the one nearest ``hint``, then the
    earliest (``spans`` is in text order and ``max`` keeps the first of equals)."""
    if not spans:
        return None
    if len(spans) == 1:
        return spans[0]

    def key(span: tuple[int, int]) -> tuple[int, int]:
        distance = 0 if hint is None else abs(span[0] - hint)
        return (_context_score(text, span[0], span[1], selector), -distance)

    return max(spans, key=key)


_WHITESPACE_RUN_RE = re.compile(r"(\s+)")


def _whitespace_tolerant_pattern(exact: str) -> re.Pattern[str]:
    # Every whitespace run in the quote matches any non-empty whitespace run, so a claim
    # survives re-wrapped lines, doubled spaces or NBSP-for-space edits in the revision.
    parts = _WHITESPACE_RUN_RE.split(exact)
    return re.compile(
        "".join(r"\s+" if part.isspace() else re.escape(part) for part in parts if part)
    )


def anchor(text: str, selector: QuoteSelector, hint: int | None = None) -> tuple[int, int] | None:
    """Find the code-point span of ``selector``'s quote in ``text`` (possibly revised).

    1. Exact occurrences of ``selector.exact`` (overlapping ones included). With several,
       the one whose surroundings best match ``prefix``/``suffix`` wins (score: common
       suffix of the text before it with ``prefix`` plus common prefix of the text after it
       with ``suffix``); ties go to the occurrence starting nearest ``hint`` (typically the
       old start offset), then to the earliest. The result satisfies
       ``text[s:e] == selector.exact``.
    2. Otherwise a whitespace-tolerant match, where each whitespace run in the quote matches
       any whitespace run; ``text[s:e]`` is then the revised wording, which the caller should
       store as the claim's new quote. Same tie-breaking, over non-overlapping matches.
    3. Otherwise ``None``: the claim is orphaned and needs an editor.

    An empty ``exact`` anchors nowhere (``None``).
    """
    exact = selector.exact
    if not exact:
        return None
    length = len(exact)
    found = _best(text, [(s, s + length) for s in find_all(text, exact)], selector, hint)
    if found is not None:
        return found
    if not any(ch.isspace() for ch in exact):
        return None  # the tolerant pattern would be the exact quote again
    pattern = _whitespace_tolerant_pattern(exact)
    spans = [m.span() for m in pattern.finditer(text)]
    return _best(text, spans, selector, hint)
