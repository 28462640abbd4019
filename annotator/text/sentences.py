"""Paragraphs, sentences and words of Arabic news text, as code-point spans.

Every position here is a Unicode code point offset (a Python ``str`` index) into the text
given, which for an article is its stored canonical text; ``text[start:end]`` is always the
unit itself, with no surrounding whitespace. Standard library only.

Sentence splitting copes with what pasted Arabic news actually contains:

- Arabic marks: the question mark ``؟`` ends a sentence; the comma ``،`` and semicolon ``؛``
  do not.
- Doubled and mixed marks: ``..`` and ``...`` end a sentence as one mark; ``.،`` (a full stop
  typed before a comma, as in «اليوم السبت.، وسط دعوات») does *not*: the sentence goes on, and
  what follows is usually its attribution («.، وفق «بي بي سي»»).
- Full stops inside numbers (``17.00``), abbreviations of one letter (``د.``) and
  abbreviations spelled with dots (``سي.أن.أن``) do not end a sentence.
- Quotations: a full stop inside ``«...»`` or ``"..."`` does not end the sentence around the
  quotation, provided the quotation closes in the same paragraph (stray, unpaired marks are
  ignored).

Paragraph classification tells body text from the parts of a pasted article that are not
claims: the title (first line), section headings (short lines without final punctuation or
a reporting structure), related-article headlines at the end and "follow us" footers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from annotator.text.normalize import normalize_for_search

__all__ = [
    "Paragraph",
    "ParagraphKind",
    "Sentence",
    "Word",
    "classify_paragraphs",
    "quote_pairs",
    "sentences",
    "split_sentences",
    "words",
]

#: Marks that end a sentence (one or several in a row: "..", "؟!", "…").
TERMINALS = frozenset(".!?؟…")
#: Marks that, right after a run of terminals, say the sentence goes on (".،" ".,").
_CONTINUATIONS = frozenset("،,؛;")
#: Characters that close a quotation (kept with the sentence they end).
_CLOSERS = frozenset("»\"”'’)")
#: Final punctuation that makes a line read as a sentence rather than a heading.
_FINAL = frozenset(".!?؟…:")

_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e8\u06ea-\u06ed"
#: A word: letters and digits of any script, with harakat, tatweel and the joining controls.
_WORD_RE = re.compile(rf"(?:[^\W_]|[{_MARKS}\u0640\u200c\u200d])+")

_SOCIAL = frozenset(
    normalize_for_search(w)
    for w in (
        "فيسبوك", "فيس", "بوك", "تويتر", "إكس", "يوتيوب", "إنستغرام", "انستجرام", "إنستجرام",
        "تيك", "توك", "تيليغرام", "تلغرام", "تليجرام", "واتساب", "لينكدإن", "سناب", "شات",
        "facebook", "twitter", "x", "youtube", "instagram", "tiktok", "telegram", "whatsapp",
    )
)
_FOLLOW = frozenset(normalize_for_search(w) for w in ("تابع", "تابعوا", "تابعونا", "للمزيد"))
_RELATED_MARKERS = tuple(
    normalize_for_search(w)
    for w in ("اقرأ أيضا", "اقرأ المزيد", "مواضيع ذات صلة", "أخبار ذات صلة", "اقرأ ايضاً")
)
#: Complementisers that introduce reported content: a line that has one is a sentence.
_COMPLEMENTISERS = frozenset(
    normalize_for_search(w)
    for w in ("أن", "إن", "أنه", "أنها", "إنه", "إنها", "بأن", "بأنه", "بأنها", "أنهم", "إنهم")
)
_INTERROGATIVES = frozenset(
    normalize_for_search(w) for w in ("ما", "ماذا", "كيف", "هل", "لماذا", "متى", "أين", "من")
)
#: Openers of a body sentence that continues the text (never a heading or a headline).
_CONNECTIVES = frozenset(
    normalize_for_search(w) for w in ("كما", "ثم", "لكن", "ولكن", "إلا", "بينما", "فيما")
)
HEADING_MAX_WORDS = 8
RELATED_MAX_WORDS = 14


@dataclass(frozen=True)
class Word:
    """One word: ``text == source[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph; ``end`` includes its final marks and closing quote."""

    start: int
    end: int
    paragraph: int


class ParagraphKind(StrEnum):
    """What a line of an article is, for deciding whether it can hold claims."""

    TITLE = "title"
    HEADING = "heading"
    BODY = "body"
    RELATED = "related"  # related-article headlines, usually at the end
    FOOTER = "footer"  # "follow us on: Facebook | X | ..." and the like


@dataclass(frozen=True)
class Paragraph:
    """One non-blank line, trimmed: ``text[start:end]``; ``index`` counts non-blank lines."""

    start: int
    end: int
    index: int
    kind: ParagraphKind


def words(text: str, start: int = 0, end: int | None = None) -> list[Word]:
    """The words of ``text[start:end]`` in order, with absolute code-point offsets.

    A word is a maximal run of letters and digits (any script), combining marks (harakat),
    tatweel, ZWNJ and ZWJ; punctuation and spaces separate words. Clitics written attached
    stay in their word ("والعراق", "لـ" is the word "لـ")."""
    end = len(text) if end is None else end
    return [Word(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text, start, end)]


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, trimmed of surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start < end:
            spans.append((start, end))
    return spans


def quote_pairs(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Quotations in ``text[start:end]`` as ``(open, close)`` offsets of their marks.

    Guillemets nest (``«`` ... ``»``); straight double quotes pair in order of appearance and
    curly ones ``“`` ... ``”`` likewise. Marks without a partner in the range are ignored, so
    one stray ``»`` does not swallow the rest of a paragraph. Sorted by opening offset."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    straight: int | None = None
    curly: int | None = None
    for i in range(start, end):
        ch = text[i]
        if ch == "«":
            stack.append(i)
        elif ch == "»":
            if stack:
                pairs.append((stack.pop(), i))
        elif ch == '"':
            if straight is None:
                straight = i
            else:
                pairs.append((straight, i))
                straight = None
        elif ch == "“":
            curly = i
        elif ch == "”" and curly is not None:
            pairs.append((curly, i))
            curly = None
    return sorted(pairs)


def _inside_quote(pairs: list[tuple[int, int]], i: int) -> bool:
    return any(open_ < i < close for open_, close in pairs)


def _is_abbreviation(text: str, run_start: int, line_start: int) -> bool:
    """A full stop after a one-letter word ("د.") or inside a dotted acronym ("سي.أن.أن")."""
    if text[run_start] != ".":
        return False
    j = run_start
    while j > line_start and _WORD_RE.fullmatch(text[j - 1]):
        j -= 1
    return run_start - j == 1 and text[j].isalpha()


def split_sentences(text: str, start: int, end: int, paragraph: int = 0) -> list[Sentence]:
    """Sentences of the paragraph ``text[start:end]`` (see the module docstring for rules).

    The sentences cover the paragraph's non-space text in order and do not overlap; each is
    trimmed of surrounding whitespace."""
    pairs = quote_pairs(text, start, end)
    out: list[Sentence] = []
    sentence_start = start
    i = start
    while i < end:
        if text[i] not in TERMINALS:
            i += 1
            continue
        run_start = i
        while i < end and text[i] in TERMINALS:
            i += 1
        run_end = i
        # Closing quotes and brackets right after the marks belong to this sentence.
        while i < end and text[i] in _CLOSERS:
            i += 1
        boundary = i
        if boundary < end and not text[boundary].isspace():
            continue  # "17.00", ".،", "سي.أن": the sentence goes on
        if run_end - run_start == 1 and _is_abbreviation(text, run_start, start):
            continue
        if _inside_quote(pairs, run_start):
            continue
        nxt = boundary
        while nxt < end and text[nxt].isspace():
            nxt += 1
        if nxt < end and text[nxt] in _CONTINUATIONS:
            continue
        _append(out, text, sentence_start, boundary, paragraph)
        sentence_start = boundary
    _append(out, text, sentence_start, end, paragraph)
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append(Sentence(start, end, paragraph))


def _final_char(text: str, start: int, end: int) -> str:
    """The last character of the line that is not a closing quote or bracket."""
    j = end
    while j > start and text[j - 1] in _CLOSERS:
        j -= 1
    return text[j - 1] if j > start else ""


def _norm_words(text: str, start: int, end: int) -> list[str]:
    return [normalize_for_search(w.text) for w in words(text, start, end)]


def _is_footer(text: str, start: int, end: int, tokens: list[str]) -> bool:
    social = sum(1 for t in tokens if t in _SOCIAL)
    if social >= 2 or (social >= 1 and text.count("|", start, end) >= 1):
        return True
    return bool(tokens) and tokens[0] in _FOLLOW and social >= 1


def _has_complementiser(tokens: list[str]) -> bool:
    return any(t in _COMPLEMENTISERS for t in tokens)


def _opens_like_body(tokens: list[str]) -> bool:
    """Starts the way a running sentence does: a connective, or و/ف glued to a word."""
    if not tokens:
        return False
    first = tokens[0]
    return first in _CONNECTIVES or (first[:1] in ("و", "ف") and len(first) >= 4)


def _looks_like_heading(text: str, start: int, end: int, tokens: list[str]) -> bool:
    if not tokens or len(tokens) > HEADING_MAX_WORDS or tokens[0] in _CONNECTIVES:
        return False
    final = _final_char(text, start, end)
    if final in ("؟", "?"):
        return tokens[0] in _INTERROGATIVES or len(tokens) <= 5
    return final not in _FINAL and not _has_complementiser(tokens)


def classify_paragraphs(text: str) -> list[Paragraph]:
    """The non-blank lines of an article, each with its :class:`ParagraphKind`.

    - TITLE: the first non-blank line (the importer makes it the article's title).
    - FOOTER: a line naming two or more social networks, or one with a ``|`` separator,
      or "تابع/تابعونا/للمزيد ..." with a network ("للمزيد تابع ... على: فيسبوك | إكس").
    - RELATED: a "اقرأ أيضا"-style marker line and the lines after it; and the run of lines
      just before the footers (or at the very end) that have no final punctuation, no
      complementiser, do not open like a running sentence and have at most
      ``RELATED_MAX_WORDS`` words, when a footer follows them or there are two or more.
    - HEADING: at most ``HEADING_MAX_WORDS`` words, no final punctuation (``. ! ؟ : …``,
      looking through closing quotes), no complementiser and no opening connective (كما،
      ثم، لكن ...); or a short question ("ماذا عن إغلاق المدارس؟").
    - BODY: everything else.
    """
    spans = _lines(text)
    tokens = [_norm_words(text, s, e) for s, e in spans]
    kinds: list[ParagraphKind] = []
    related_from: int | None = None
    for index, (start, end) in enumerate(spans):
        toks = tokens[index]
        joined = " ".join(toks)
        if index == 0:
            kinds.append(ParagraphKind.TITLE)
        elif _is_footer(text, start, end, toks):
            kinds.append(ParagraphKind.FOOTER)
        elif related_from is not None or any(joined.startswith(m) for m in _RELATED_MARKERS):
            related_from = index if related_from is None else related_from
            kinds.append(ParagraphKind.RELATED)
        elif _looks_like_heading(text, start, end, toks):
            kinds.append(ParagraphKind.HEADING)
        else:
            kinds.append(ParagraphKind.BODY)

    # Related headlines: walk back from the end over footers, then over headline-like lines.
    i = len(spans) - 1
    footer_seen = False
    while i > 0 and kinds[i] == ParagraphKind.FOOTER:
        footer_seen = True
        i -= 1
    run: list[int] = []
    while i > 0 and kinds[i] in (ParagraphKind.BODY, ParagraphKind.HEADING):
        start, end = spans[i]
        toks = tokens[i]
        if (
            len(toks) > RELATED_MAX_WORDS
            or _final_char(text, start, end) in _FINAL
            or _has_complementiser(toks)
            or _opens_like_body(toks)
        ):
            break
        run.append(i)
        i -= 1
    if run and (footer_seen or len(run) >= 2):
        for j in run:
            kinds[j] = ParagraphKind.RELATED
    return [
        Paragraph(start, end, index, kinds[index]) for index, (start, end) in enumerate(spans)
    ]


def sentences(text: str, *, body_only: bool = False) -> list[Sentence]:
    """All sentences of ``text`` in reading order (of body paragraphs only if asked)."""
    out: list[Sentence] = []
    for paragraph in classify_paragraphs(text):
        if body_only and paragraph.kind != ParagraphKind.BODY:
            continue
        out.extend(split_sentences(text, paragraph.start, paragraph.end, paragraph.index))
    return out
