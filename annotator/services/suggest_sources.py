"""Matching the words of an article against the workspace's sources, tolerantly.

Words are compared in the search-folded form (``text.normalize``: no harakat, one alef, ة as
ه, ى as ي, ؤ as و, ئ as ي) and with their clitics peeled off: و/ف (and), ب/ل/ك (with, to,
like), ال (the), and لل (to the). Two words are the same word when one of their clitic-free
forms is equal, or when both are long enough and either their consonant skeletons agree
(long vowels ا و ي dropped after the first letter: أميركي, أمريكي, أميريكي) or they differ by a
single edit (مصادرة for مصادر, المسوؤول for المسؤول). Standard library only; no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from annotator.domain.models import Source, SourceKind
from annotator.services import suggest_lexicon as lex
from annotator.text.normalize import normalize_for_search
from annotator.text.sentences import words

_CONJUNCTIONS = ("و", "ف")
_PREPOSITIONS = ("ب", "ل", "ك")
_LONG_VOWELS = str.maketrans("", "", "اوي")

#: Shortest form compared by skeleton, and by edit distance.
SKELETON_MIN = 4
EDIT_MIN = 5


@lru_cache(maxsize=65536)
def clitic_forms(norm: str) -> frozenset[str]:
    """``norm`` (a folded word) and its forms without و/ف, then ب/ل/ك or لل, then ال.

    Each step applies only if at least three letters remain, so short words keep their
    letters ("ولد" is not و + "لد"). "للأنباء" gives "الانباء" and "انباء"."""
    out = {norm}
    if norm[:1] in _CONJUNCTIONS and len(norm) > 3:
        out.add(norm[1:])
    for form in list(out):
        if form.startswith("لل") and len(form) > 4:
            out.add("ال" + form[2:])
        elif form[:1] in _PREPOSITIONS and len(form) > 3:
            out.add(form[1:])
    for form in list(out):
        if form.startswith("ال") and len(form) > 4:
            out.add(form[2:])
    return frozenset(out)


def _skeleton(form: str) -> str:
    return form[:1] + form[1:].translate(_LONG_VOWELS)


def _within_one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    # len(a) <= len(b): find the first difference and compare the rests.
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            if len(a) == len(b):
                return a[i + 1 :] == b[i + 1 :]  # one substitution
            return a[i:] == b[i + 1 :]  # one insertion into a
    return True  # b is a plus one letter at the end


@lru_cache(maxsize=65536)
def _forms_similar(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) >= SKELETON_MIN and len(b) >= SKELETON_MIN and _skeleton(a) == _skeleton(b):
        return True
    return len(a) >= EDIT_MIN and len(b) >= EDIT_MIN and _within_one_edit(a, b)


def same_word(a: frozenset[str], b: frozenset[str]) -> tuple[bool, bool]:
    """(same, exactly): whether two words' clitic forms name the same word, and whether
    they do so without a spelling variant."""
    if a & b:
        return True, True
    for x in a:
        for y in b:
            if _forms_similar(x, y):
                return True, False
    return False, False


@dataclass(frozen=True)
class Tok:
    """A word of a sentence: offsets into the article, folded form and clitic forms."""

    index: int
    start: int
    end: int
    text: str
    norm: str
    forms: frozenset[str]

    def is_(self, vocabulary: frozenset[str]) -> bool:
        """True if one of the word's clitic forms is in ``vocabulary`` (folded words)."""
        return not self.forms.isdisjoint(vocabulary)


def tokens(text: str, start: int, end: int) -> list[Tok]:
    """The words of ``text[start:end]`` as :class:`Tok` (absolute offsets)."""
    out: list[Tok] = []
    for i, word in enumerate(words(text, start, end)):
        norm = normalize_for_search(word.text)
        out.append(Tok(i, word.start, word.end, word.text, norm, clitic_forms(norm)))
    return out


def phrase_forms(phrase: str) -> list[frozenset[str]]:
    """Clitic forms of each word of ``phrase`` (a name or an alias)."""
    return [clitic_forms(normalize_for_search(w.text)) for w in words(phrase)]


@dataclass(frozen=True)
class AliasMatch:
    """``source`` is named by the words ``[first, last)`` of a sentence, spelling ``alias``;
    ``exact`` is False when a spelling variant or typo was tolerated."""

    source: Source
    alias: str
    first: int
    last: int
    exact: bool


@dataclass(frozen=True)
class _Entry:
    source: Source
    alias: str
    forms: tuple[frozenset[str], ...]


class SourceIndex:
    """The workspace's sources, ready to be found in sentences.

    Deterministic: among matches of the same length, exact spellings win over variants and
    then the order of the sources given decides."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self.sources: tuple[Source, ...] = tuple(sources)
        entries: list[_Entry] = []
        for source in self.sources:
            seen: set[str] = set()
            for alias in (source.name_ar, source.name_en, *source.aliases):
                norm = normalize_for_search(alias)
                if not norm or norm in seen:
                    continue
                seen.add(norm)
                forms = tuple(phrase_forms(alias))
                if forms:
                    entries.append(_Entry(source, alias, forms))
        # Longest aliases first; stable for equal lengths (source order, then alias order).
        self._entries = sorted(entries, key=lambda e: -len(e.forms))

    def match_at(self, toks: Sequence[Tok], first: int, limit: int) -> AliasMatch | None:
        """The longest alias spelled by ``toks[first:...]`` without passing ``limit``."""
        best: AliasMatch | None = None
        for entry in self._entries:
            n = len(entry.forms)
            if first + n > limit or (best is not None and n < best.last - best.first):
                continue
            exact = True
            for k, forms in enumerate(entry.forms):
                tok = toks[first + k]
                if len(forms) == 1 and len(next(iter(forms))) < 2:
                    same, precise = (tok.norm in forms), True  # one-letter alias words
                else:
                    same, precise = same_word(tok.forms, forms)
                if not same:
                    break
                exact = exact and precise
            else:
                candidate = AliasMatch(entry.source, entry.alias, first, first + n, exact)
                if best is None or (candidate.exact and not best.exact):
                    best = candidate
        return best

    def find(self, toks: Sequence[Tok], first: int, limit: int) -> list[AliasMatch]:
        """Non-overlapping alias matches in ``toks[first:limit]``, left to right."""
        found: list[AliasMatch] = []
        i = first
        while i < limit:
            match = self.match_at(toks, i, limit)
            if match is None:
                i += 1
            else:
                found.append(match)
                i = match.last
        return found


def has_kind_evidence(toks: Sequence[Tok]) -> bool:
    """True if a word of the name belongs to one of the families of source kinds."""
    return any(tok.is_(vocabulary) for tok in toks for _, vocabulary in lex.KIND_FAMILIES)


def guess_kind(toks: Sequence[Tok], *, anonymous: bool = False, quoted: bool = False) -> SourceKind:
    """The kind of a source the workspace lacks, from the words that name it.

    The head word decides first (the families of ``suggest_lexicon.KIND_FAMILIES``, in
    order); then any word of the name; a name with a quoted part is an outlet; the default
    is an organisation. With an anonymity marker, officials become anonymous
    officials and anything else anonymous sources. "وكالة" is a news agency when "أنباء"
    follows or the agency's name is quoted, and "وكالات" always."""
    kind: SourceKind | None = None
    if toks:
        head = toks[0]
        for family_kind, vocabulary in lex.KIND_FAMILIES:
            if head.is_(vocabulary):
                kind = family_kind
                break
        if kind is None:
            for tok in toks[1:]:
                for family_kind, vocabulary in lex.KIND_FAMILIES:
                    if tok.is_(vocabulary):
                        kind = family_kind
                        break
                if kind is not None:
                    break
        if kind == SourceKind.OUTLET and head.is_(frozenset({"وكاله", "وكالات"})):
            # "وكالة" is a news agency with "أنباء" or a quoted name, and "وكالات" always;
            # otherwise a public agency ("الوكالة الأوروبية للأدوية").
            if head.is_(frozenset({"وكالات"})) or quoted or any(
                t.is_(lex.AGENCY_HINTS) for t in toks
            ):
                kind = SourceKind.NEWS_AGENCY
            else:
                kind = SourceKind.ORGANISATION
    if kind is None:
        kind = SourceKind.OUTLET if quoted else SourceKind.ORGANISATION
    if anonymous:
        if kind in (SourceKind.NAMED_OFFICIAL, SourceKind.ANONYMOUS_OFFICIAL):
            return SourceKind.ANONYMOUS_OFFICIAL
        if kind != SourceKind.ANONYMOUS_SOURCES:
            return SourceKind.ANONYMOUS_SOURCES
    return kind


def contained_in(needle: Sequence[frozenset[str]], haystack: Sequence[frozenset[str]]) -> bool:
    """True if every word of ``needle`` is, tolerantly, some word of ``haystack``."""
    return bool(needle) and all(
        any(same_word(word, other)[0] for other in haystack) for word in needle
    )
