"""The attribution suggester: reads an article and proposes claims with their sources.

Pure and deterministic: :func:`suggest` takes the article text and the workspace's sources
and returns the same suggestions for the same input, in reading order. No SQL, no Qt.

How it reads (domain.md, "Attribution cues in Arabic news text"):

1. Only body paragraphs are read: the title, section headings, related-article headlines
   and "follow us" footers are skipped (``text.sentences.classify_paragraphs``). Body
   paragraphs are split into sentences that survive Arabic and doubled marks.
2. In each sentence, cues are found: verbs of saying with و/ف and agreement (وكشفت، يقول،
   وقالوا), their participles after a comma (مشيرا إلى أن), prepositional cues (وفق، وفقا
   لـ، بحسب، نقلا عن، على لسان ...) and a complementiser right after a source the workspace
   knows (... رئيس الوزراء العراقي بأنه ...). Cues inside quoted speech are ignored.
3. For a verb, the words between it and its complementiser, colon or opening quotation are
   split into the speaker (up to a comma, a time word, "في حوار/مؤتمر ..." and the like, with
   an apposition between commas kept) and extras: a carrier («لـ «رويترز»», "في حوار مع
   وكالة رويترز", "في حديث لشبكة ..."), the speaker of "نقل ... عن", anonymity markers
   (شريطة عدم الكشف عن هويته). With no speaker after the verb, the subject is before it
   ("كبير المسؤولين ... قال") or, at the head of a clause, the last speaker (a pronoun:
   "وقال إن").
4. The claim span is the reported content: from the complementiser, or the inside of a
   quotation that is the whole content, or the clause a prepositional cue attaches to (after
   it at the start of a sentence, before it at the end or after a comma, the whole sentence
   when inside). It ends at the sentence's end, before the comma of a following cue
   ("، مشيرا"), before a writer's context clause ("، وسط ...") and without final marks. A
   prepositional cue after a comma that closes a verb's content adds a carrier instead.
5. A speaker is matched against the workspace's names and aliases (spelling variants and
   one-letter typos tolerated, ``suggest_sources``); a short definite description
   ("المسؤول", "الأكاديمي العراقي") refers back to a source named earlier in the article;
   otherwise a new source is proposed with a kind guessed from its head word.

Every suggestion records its cue, its reasons (stable codes) and a confidence; the spans are
on word boundaries (never splitting a letter from its harakat).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace

from annotator.domain.models import Source, SourceKind, SourceRole
from annotator.services import suggest_lexicon as lex
from annotator.services.suggest_sources import (
    AliasMatch,
    SourceIndex,
    Tok,
    contained_in,
    guess_kind,
    has_kind_evidence,
    phrase_forms,
    same_word,
    tokens,
)
from annotator.services.suggest_types import (
    Cue,
    CueKind,
    ProposedSource,
    Reason,
    SourceMatch,
    Suggestion,
)
from annotator.text.graphemes import is_boundary, snap_to_words
from annotator.text.normalize import normalize_for_search
from annotator.text.sentences import (
    ParagraphKind,
    Sentence,
    classify_paragraphs,
    quote_pairs,
    split_sentences,
)

__all__ = ["suggest"]

_COMMAS = frozenset("،,")
_TRIM = frozenset(" \t\n.،,؛;:!؟?…-–—")
_OPENERS = {"«": "»", '"': '"', "“": "”"}
_CLOSERS = frozenset("»\"”")
#: Verb cues look this many words ahead for their complementiser, colon or quotation.
WINDOW = 24
#: A subject before its verb, or a description referring back, has at most this many words.
LEFT_SUBJECT_MAX = 8
CARRY_OVER_MAX = 4
SHORT_NP_MAX = 5
SAME_HEAD_WORDS = 3
#: A quotation opens a verb's content only within this many words of the verb.
QUOTE_REGION_MAX = 12

_AUX = lex.fold(
    "قد وقد فقد كما وكما ثم لكن لكنه لكنها ولكن ولكنه ولكنها كان كانت وكان وكانت "
    "بدوره بدورها وبدوره وبدورها أيضا هذا وهذا"
)
_LEFT_LEADS: tuple[tuple[str, ...], ...] = tuple(
    tuple(normalize_for_search(w) for w in lead.split())
    for lead in ("بيد أن", "إلا أن", "غير أن", "كما أن", "علما أن", "في حين", "فيما", "بينما")
)
_KANA = lex.fold("كان كانت وكان وكانت")
_BI_COMPLEMENTISERS = lex.fold("بأن بأنه بأنها بأنهم بأنهما")
_LAM = frozenset({"ل"})
_NEGATIONS = lex.fold("لم لا لن ما ولم ولا ولن")
#: Form -> lemma, for verbs of saying and for their participles.
_VERBS: dict[str, str] = {f: lemma for lemma, forms in lex.VERB_FORMS.items() for f in forms}
_PARTICIPLES: dict[str, str] = {
    f: lemma for lemma, forms in lex.PARTICIPLES.items() for f in forms
}
_KIND_WORDS: frozenset[str] = frozenset().union(*(words for _, words in lex.KIND_FAMILIES))
_AN = normalize_for_search("عن")
_MAA = normalize_for_search("مع")
_FI = normalize_for_search("في")
_MIN = normalize_for_search("من")
_NAQLAN = normalize_for_search("نقلا")


@dataclass
class _Mention:
    """A noun phrase naming a source: words ``[first, last)`` of the sentence."""

    first: int
    last: int
    strip_lam: bool = False  # the first word's ل belongs to the cue ("وفقا لمسؤول")


@dataclass
class _Parse:
    """One cue of a sentence as read: where its content starts, who its speaker is and how
    it was found (``speaker_mode``: right = after the verb, left = before it, pronoun = the
    last speaker, inherit = the statement the participle continues, alias = a known source
    before "بأنه", carrier = the words after "نقلا عن")."""

    kind: CueKind
    lemma: str
    cue_first: int
    cue_last: int
    content_start: int | None = None  # code point; None: not a claim by itself
    content_reason: Reason | None = None
    speaker: _Mention | None = None
    speaker_mode: str = "right"
    speaker_alias: AliasMatch | None = None
    carriers: list[tuple[_Mention, str]] = field(default_factory=list)
    subject_as_carrier: bool = False  # "نقلت رويترز عن X": the subject carried X's words
    anonymity: str | None = None
    break_at: int | None = None  # where this cue's clause begins, ending earlier content
    position: str = ""  # prepositional cues: start | end | middle
    needs_evidence: bool = False  # a new speaker needs a word of a source kind
    region_end: int = 0  # first word after the speaker and extras (verbs)
    base_confidence: float = 0.5


@dataclass
class _Known:
    """A source already proposed in this article, for carry-over and pronouns: ``forms``
    are the words of all its names and mentions, ``head`` the first words of its mention."""

    source: ProposedSource
    forms: list[frozenset[str]]
    carriers: tuple[ProposedSource, ...] = ()
    head: list[frozenset[str]] = field(default_factory=list)
    plural: bool = False
    heads: list[frozenset[str]] = field(default_factory=list)  # first words of all names


def _refers_back(forms: Sequence[frozenset[str]], known: _Known) -> bool:
    """A description refers back to a source named earlier when it is short, all its words
    are words of that source's names or mentions, and it either starts with the same head
    word ("المسؤول" for "مسؤول أميركي", "الأكاديمي العراقي" for "الأكاديمي والمحلل السياسي
    العراقي ...") or repeats the end of the mention (a family name after a title); or when it
    starts with the same three words (``_same_head``). A single word without the article
    that occurs in the earlier mention (a family name alone, after "<name>، كبير خبراء ...")
    also refers back."""
    if _same_head(forms, known.head):
        return True
    if not forms or len(forms) > CARRY_OVER_MAX or not contained_in(forms, known.forms):
        return False
    if any(same_word(forms[0], head)[0] for head in known.heads):
        return True
    if (
        len(forms) == 1
        and not any(f.startswith("ال") for f in forms[0])
        and forms[0].isdisjoint(_KIND_WORDS)
    ):
        return True  # one name-like word of the earlier mention: a family name
    tail = known.head[-len(forms) :] if len(known.head) >= len(forms) else []
    return bool(tail) and all(same_word(a, b)[0] for a, b in zip(forms, tail, strict=True))


def _same_head(forms: Sequence[frozenset[str]], head: Sequence[frozenset[str]]) -> bool:
    """Two descriptions that agree on their first ``SAME_HEAD_WORDS`` words name the same
    source ("حاكم ولاية أوهايو الأميركية" and "حاكم ولاية أوهايو" + a name)."""
    if len(forms) < SAME_HEAD_WORDS or len(head) < SAME_HEAD_WORDS:
        return False
    return all(same_word(a, b)[0] for a, b in zip(forms, head[:SAME_HEAD_WORDS], strict=False))


class _SentenceReader:
    """Finds and parses the cues of one sentence."""

    def __init__(
        self,
        text: str,
        sentence: Sentence,
        index: SourceIndex,
        names_known: Callable[[Sequence[Tok]], bool] = lambda words: False,
    ) -> None:
        self.text = text
        self.s = sentence
        self.index = index
        self.names_known = names_known
        self.toks: list[Tok] = tokens(text, sentence.start, sentence.end)
        self.n = len(self.toks)
        self.pairs = quote_pairs(text, sentence.start, sentence.end)

    # --- small helpers -------------------------------------------------------------------
    def gap_before(self, i: int) -> str:
        """Text between word ``i - 1`` (or the sentence start) and word ``i`` (or the end)."""
        left = self.toks[i - 1].end if i > 0 else self.s.start
        right = self.toks[i].start if i < self.n else self.s.end
        return self.text[left:right]

    def comma_before(self, i: int) -> bool:
        return 0 < i < self.n + 1 and any(ch in _COMMAS for ch in self.gap_before(i))

    def in_quote(self, i: int) -> bool:
        tok = self.toks[i]
        return any(o < tok.start and tok.end <= c for o, c in self.pairs)

    def quote_opening_before(self, i: int) -> tuple[int, int] | None:
        """The quotation whose opening mark sits just before word ``i``, if any."""
        left = self.toks[i - 1].end if i > 0 else self.s.start
        for o, c in self.pairs:
            if left <= o < self.toks[i].start:
                return o, c
        return None

    def words_in(self, o: int, c: int) -> int:
        return sum(1 for t in self.toks if o < t.start and t.end <= c)

    @staticmethod
    def verb_lemma(tok: Tok, index: dict[str, str]) -> str | None:
        """The lemma of ``tok`` if it is one of ``index``'s forms, with و/ف or without."""
        lemma = index.get(tok.norm)
        if lemma is None and tok.norm[:1] in ("و", "ف") and len(tok.norm) > 3:
            lemma = index.get(tok.norm[1:])
        return lemma

    def seq_at(self, i: int, seq: tuple[str, ...]) -> int:
        """Length in words of ``seq`` (a cue or marker) at word ``i``, 0 if absent. The first
        word may carry و/ف; a final "ل" may be a word of its own or the next word's clitic."""
        k = i
        for pos, word in enumerate(seq):
            if pos == len(seq) - 1 and word == "ل":
                if k < self.n and self.toks[k].norm == "ل":
                    return k + 1 - i
                if k < self.n and self.toks[k].norm.startswith("ل") and len(self.toks[k].norm) > 2:
                    return k - i  # the clitic stays on the next word
                return 0
            if k >= self.n:
                return 0
            norm = self.toks[k].norm
            if not (norm == word or (pos == 0 and norm[:1] in ("و", "ف") and norm[1:] == word)):
                return 0
            k += 1
        return k - i

    def is_stop(self, k: int, first: int, *, glued: bool = True) -> bool:
        """Word ``k`` ends (or, at ``first``, rules out) a source's name starting at
        ``first``: punctuation, a time word, "في حوار ...", لـ/عن/مع, a relative pronoun, a
        complementiser, a verb of saying, a number, a carrier outlet glued to ل; and, at the
        start, a preposition (a phrase of place or time is not a speaker)."""
        tok = self.toks[k]
        if k > first and self.in_quote(k) and any(
            self.toks[first].start <= o for o, c in self.pairs if o < tok.start < c
        ):
            return False  # inside a quoted name that the phrase opened: «...», "سي.أن.أن"
        if k > first and any(ch in "،,-–:(;؛" for ch in self.gap_before(k)):
            return True
        if k == first and self.adverbial(k):
            return True
        if tok.norm in lex.TIME_WORDS or tok.norm in lex.CIRCUMSTANCE_WORDS:
            return True
        if tok.norm[:1] in ("و",) and tok.norm[1:] in lex.TIME_WORDS:
            return True
        if tok.norm in (_FI,) and k + 1 < self.n and self._speech_noun(self.toks[k + 1]):
            return True
        if tok.norm in _LAM or tok.norm in (_AN, _MAA, _NAQLAN) or tok.norm in lex.RELATIVES:
            return True
        if tok.norm in lex.COMPLEMENTISERS or tok.norm in lex.SAYING_NOUNS:
            return True
        if tok.norm in _AUX and k > first:
            return True
        if k > first and self.verb_lemma(tok, _VERBS):
            return True
        if glued and self.outlet_after_lam(k) is not None:
            return True
        if k > first and (self.marker_at(k) or (
            tok.is_(lex.MARKER_VERBS) and self.marker_at(k + 1)
        )):
            return True  # "مسؤول أوروبي طلب عدم الكشف عن هويته", "مسؤول تحدث شريطة ..."
        return tok.norm.isdigit()

    def adverbial(self, k: int) -> bool:
        """Word ``k`` opens a phrase of place, time or manner: a preposition ("في", "على"),
        a preposition with a pronoun ("عنهم") or ب/ل with the article ("بالرغم")."""
        norm = self.toks[k].norm
        forms = {norm}
        if norm[:1] in ("و", "ف") and len(norm) > 2:
            forms.add(norm[1:])
        return any(
            f in lex.PREPOSITIONS or f in lex.PRONOUN_PREPOSITIONS or f.startswith("بال")
            for f in forms
        )

    def outlet_after_lam(self, k: int) -> AliasMatch | _Mention | None:
        """"لفرانس برس", "لصحيفة ...": an outlet a statement was given to, glued to ل."""
        tok = self.toks[k]
        if not tok.norm.startswith("ل") or len(tok.norm) < 4 or tok.norm.startswith("لل"):
            return None
        match = self.index.match_at(self.toks, k, self.n)
        if match is not None and match.source.kind in (SourceKind.NEWS_AGENCY, SourceKind.OUTLET):
            return match
        if tok.norm[1:] in lex.OUTLET_WORDS:
            return _Mention(k, k + 1, strip_lam=True)
        return None

    @staticmethod
    def _speech_noun(tok: Tok) -> bool:
        return any(f.startswith(tuple(lex.SPEECH_NOUNS)) for f in tok.forms)

    def np_end(
        self, first: int, limit: int, *, apposition: bool = True, glued: bool = True
    ) -> int:
        """End of the name starting at ``first`` (see :meth:`is_stop`), extended over one
        apposition between commas ("<name>، كبير خبراء الطوارئ في المنظمة، إن");
        ``first`` itself when no name starts there."""
        if first >= limit or self.is_stop(first, first, glued=glued):
            return first
        k = first + 1
        while k < limit and not self.is_stop(k, first, glued=glued):
            k += 1
        if apposition and k < limit and self.comma_before(k) and (
            self.toks[k].is_(lex.TITLE_WORDS) or self.toks[k].is_(lex.EXPERT_WORDS)
        ):
            j = k + 1
            while j < limit and not self.is_stop(j, k):
                j += 1
            if j == limit or self.comma_before(j):
                return j
        return k

    def _skip_circumstances(self, k: int) -> int:
        """Skip time words and a prepositional phrase of time or place after a subject
        ("في وقت سابق", "يوم الخميس")."""
        while k < self.n:
            tok = self.toks[k]
            if tok.norm in lex.TIME_WORDS or tok.norm in lex.CIRCUMSTANCE_WORDS:
                k += 1
            elif tok.norm in lex.PREPOSITIONS and k + 1 < self.n and (
                self.toks[k + 1].is_(lex.TIME_NOUNS)
            ):
                k += 2
                while k < self.n and self.toks[k].is_(lex.TIME_NOUNS | lex.TIME_WORDS):
                    k += 1
            else:
                break
        return k

    def short_np(self, j: int) -> tuple[AliasMatch | None, int]:
        """A noun phrase starting at word ``j`` that nothing but the next word's shape ends
        ("أعلنت وزارة الصحة السعودية تسجيل ...", "ووفق مسؤول أميريكي أصيب ..."): a known
        alias if one starts there, else a head noun and the words of its construct chain
        (definite after definite), at most ``SHORT_NP_MAX`` words."""
        match = self.index.match_at(self.toks, j, self.n)
        if match is not None:
            return match, match.last
        end = j + 1
        head_is_title = self.toks[j].is_(lex.TITLE_WORDS)
        while (
            end < self.n
            and not self.is_stop(end, j)
            and end - j < SHORT_NP_MAX
            and not self.toks[end].is_(lex.MEASURE_NOUNS | lex.REPORT_NOUNS)
        ):
            prev_definite = self.toks[end - 1].norm.startswith(("ال", "وال", "لل", "بال"))
            definite = self.toks[end].norm.startswith(("ال", "لل"))
            if prev_definite and not definite and not head_is_title:
                break
            end += 1
        return None, end

    def marker_at(self, k: int) -> int:
        """Length of the anonymity marker starting at word ``k`` (0 if none)."""
        return max((self.seq_at(k, m) for m in lex.ANONYMITY_MARKERS), default=0)

    def in_marker(self, k: int) -> bool:
        """Word ``k`` is part of an anonymity marker ("لم يكشف عن اسمه")."""
        return any(
            self.marker_at(m) > k - m for m in range(max(0, k - 6), k + 1)
        )

    def anonymity_in(self, first: int, last: int) -> str | None:
        for k in range(first, last):
            for marker in lex.ANONYMITY_MARKERS:
                length = self.seq_at(k, marker)
                if length:
                    return self.text[self.toks[k].start : self.toks[k + length - 1].end]
        return None

    # --- finding cues ----------------------------------------------------------------------
    def parses(self) -> list[_Parse]:
        out: list[_Parse] = []
        used_openers: set[int] = set()
        region_end = 0  # words before it belong to the last verb's speaker and extras
        i = 0
        while i < self.n:
            if self.in_quote(i):
                i += 1
                continue
            parse = self._preposition(i) if i >= region_end else None
            if parse is not None:
                out.append(parse)
                i = parse.cue_last
                continue
            tok = self.toks[i]
            lemma = self.verb_lemma(tok, _VERBS)
            if lemma is not None:
                parse = self._verb(i, lemma, used_openers)
                if parse is not None:
                    out.append(parse)
                    region_end = max(region_end, parse.region_end)
                i += 1
                continue
            lemma = self.verb_lemma(tok, _PARTICIPLES)
            if lemma is not None:
                parse = self._participle(i, lemma)
                if parse is not None:
                    out.append(parse)
                i += 1
                continue
            if tok.norm in _BI_COMPLEMENTISERS and i not in used_openers:
                parse = self._complementiser(i)
                if parse is not None:
                    out.append(parse)
            i += 1
        # Writer's context clauses end the content before them.
        for k in range(1, self.n):
            if self.toks[k].norm in lex.CONTEXT_OPENERS and self.comma_before(k):
                out.append(_Parse(CueKind.VERB, "", k, k, break_at=self.toks[k - 1].end))
        return out

    def _find_opener(self, j: int) -> tuple[str, int, int] | None:
        """(kind, word, lead) of the content opener after a verb: a complementiser (with
        "إلى"/"على" before it as ``lead``), a colon or a quotation of speech."""
        for k in range(j, min(self.n, j + WINDOW)):
            gap = self.gap_before(k)
            if ":" in gap:
                return "colon", k, k
            pair = self.quote_opening_before(k)
            if pair is not None and k > 0 and k - j <= QUOTE_REGION_MAX and (
                self._speech_quote(pair, k)
            ):
                return "quote", k, k
            tok = self.toks[k]
            if (
                tok.norm in lex.COMPLEMENTISERS
                and not self.in_quote(k)
                and not (k > 0 and self.toks[k - 1].is_(lex.MODALS))
            ):
                lead = k - 1 if k - 1 >= j and self.toks[k - 1].norm in lex.COMPLEMENT_LEADS else k
                return "complementiser", k, lead
            if k > j and not self.in_marker(k) and (
                self.verb_lemma(tok, _VERBS) or self.verb_lemma(tok, _PARTICIPLES)
            ):
                return None
        return None

    def _speech_quote(self, pair: tuple[int, int], k: int) -> bool:
        """A quotation of speech, not a quoted name («رويترز», "سي.أن.أن")."""
        before = self.toks[k - 1]
        if before.norm in _LAM or before.is_(lex.OUTLET_WORDS):
            return False
        return self.words_in(*pair) >= 3

    def _verb(self, i: int, lemma: str, used_openers: set[int]) -> _Parse | None:
        tok = self.toks[i]
        if i > 0 and self.toks[i - 1].norm in _NEGATIONS:
            return None  # "لم يذكر": nothing said; "لم يكشف عن اسمه": an anonymity marker
        bare = tok.norm[1:] if tok.norm[:1] in ("و", "ف") and len(tok.norm) > 3 else tok.norm
        if (tok.norm in lex.IMPERSONAL_FORMS or bare in lex.IMPERSONAL_FORMS) and (
            i + 1 < self.n and self.toks[i + 1].norm in lex.COMPLEMENTISERS
        ):
            return None  # "يذكر أن": impersonal
        parse = _Parse(CueKind.VERB, lemma, i, i + 1)
        j = i + 1
        opener = self._find_opener(j)
        if opener is None:
            if lemma not in lex.OBJECT_VERBS:
                return None
            return self._verb_with_object(parse)
        kind, k, lead = opener
        used_openers.add(k)
        region_end = lead
        parse.region_end = lead
        if lemma in lex.NEEDS_AN and not any(
            self.toks[m].norm == _AN for m in range(j, region_end)
        ):
            return None
        self._parse_region(parse, j, region_end)
        if parse.speaker is None and not self._subject_left(parse, i):
            return None
        self._set_content(parse, kind, k)
        parse.base_confidence = 0.85 if kind in ("quote", "colon") else 0.8
        parse.break_at = self._clause_break(i)
        return parse

    def _verb_with_object(self, parse: _Parse) -> _Parse | None:
        """"أعلنت الوزارة تسجيل 119 إصابة": the subject is a short noun phrase after the verb
        and the object that follows is the content."""
        j = parse.cue_last
        k = j
        if j < self.n and not self.is_stop(j, j) and self.toks[j].norm not in lex.PREPOSITIONS:
            match, end = self.short_np(j)
            if match is None:
                # "كشفت الدراسة الطريقة التي ...": a source named earlier ends the subject.
                end = next(
                    (e for e in range(end, j, -1) if self.names_known(self.toks[j:e])), end
                )
            parse.speaker = _Mention(j, end)
            parse.speaker_alias = match
            # Without a complementiser the words after the verb may be its object, not its
            # subject: only a known source or a description of one is taken as a speaker.
            parse.needs_evidence = True
            k = end
        elif not self._subject_left(parse, parse.cue_first) or parse.speaker_mode != "left":
            return None
        k = self._skip_circumstances(k)
        if k >= self.n or self.toks[k].is_(lex.MEASURE_NOUNS):
            return None  # "أعلن حالة الطوارئ": a measure declared, not a claim
        parse.content_start = self.toks[k].start
        parse.content_reason = Reason("content.object")
        parse.base_confidence = 0.55
        parse.break_at = self._clause_break(parse.cue_first)
        return parse

    def _parse_region(self, parse: _Parse, j: int, region_end: int) -> None:
        """Split the words between a verb and its content into speaker and extras."""
        parse.anonymity = self.anonymity_in(j, region_end)
        end = self.np_end(j, region_end) if j < region_end else j
        if end > j:
            parse.speaker = _Mention(j, end)
        k = end
        while k < region_end:
            tok = self.toks[k]
            if tok.norm in _LAM and k + 1 < region_end:
                last = self.np_end(k + 1, region_end, apposition=False)
                if last > k + 1:
                    parse.carriers.append((_Mention(k + 1, last), "carrier.told"))
                k = max(last, k + 1)
                continue
            glued = self.outlet_after_lam(k)
            if glued is not None:
                if isinstance(glued, AliasMatch):
                    mention = _Mention(k, glued.last, strip_lam=True)
                else:
                    last = self.np_end(k, region_end, apposition=False, glued=False)
                    mention = _Mention(k, max(last, k + 1), strip_lam=True)
                parse.carriers.append((mention, "carrier.told"))
                k = mention.last
                continue
            if tok.norm == _MAA and k + 1 < region_end:
                last = self.np_end(k + 1, region_end, apposition=False)
                if last > k + 1:
                    parse.carriers.append((_Mention(k + 1, last), "carrier.interview"))
                k = max(last, k + 1)
                continue
            if (
                self._speech_noun(tok)
                and k + 1 < region_end
                and self.toks[k + 1].norm.startswith("ل")
                and len(self.toks[k + 1].norm) > 3
            ):
                last = self.np_end(k + 1, region_end, apposition=False)
                if last > k + 1:
                    parse.carriers.append(
                        (_Mention(k + 1, last, strip_lam=True), "carrier.interview")
                    )
                k = max(last, k + 1)
                continue
            quoting = tok.norm == _NAQLAN and k + 1 < region_end and self.toks[k + 1].norm == _AN
            if quoting:
                k += 1  # "قال الموقع نقلا عن مصادر ...": the sources speak, the site carries
            if (quoting or (tok.norm == _AN and parse.lemma in lex.NEEDS_AN)) and (
                k + 1 < region_end
            ):
                last = self.np_end(k + 1, region_end)
                if last > k + 1:
                    if parse.speaker is not None:
                        parse.subject_as_carrier = True
                        parse.carriers.append((parse.speaker, "carrier.via"))
                    parse.speaker = _Mention(k + 1, last)
                k = max(last, k + 1)
                continue
            k += 1

    def _subject_left(self, parse: _Parse, i: int) -> bool:
        """No speaker after the verb: take the subject before it, or (at the head of a
        clause) the last speaker. False when the verb is buried in a clause (nested)."""
        k = i - 1
        while k >= 0 and self.toks[k].norm in _AUX and not self.comma_before(k + 1):
            k -= 1
        if k >= 0 and self.toks[k].norm in lex.SUBORDINATORS and not self.comma_before(k + 1):
            parse.speaker_mode = "pronoun"  # "حين ذكر لصحيفة ...": the subject is implied
            return True
        if k < 0 or self.comma_before(k + 1):
            # Head of a clause. "وكان X، قد أعلن": the subject is the segment before "قد".
            if k >= 0 and k + 1 < i:
                seg_end = k + 1
                seg_start = k
                while seg_start > 0 and not self.comma_before(seg_start):
                    seg_start -= 1
                if self.toks[seg_start].norm in _KANA and seg_end - seg_start >= 2:
                    parse.speaker = _Mention(seg_start + 1, seg_end)
                    parse.speaker_mode = "left"
                    return True
            parse.speaker_mode = "pronoun"
            return True
        first = k
        while first > 0 and not self.comma_before(first):
            first -= 1
        for lead in _LEFT_LEADS:
            length = self.seq_at(first, lead)
            if length:
                first += length
                break
        while first <= k and self.toks[first].norm in _AUX:
            first += 1
        if first <= k and self.adverbial(first):
            # "وبالرغم من ذلك أعلن أن", "وفي هذا السياق، أوضح": a phrase, then the verb
            # with its implied subject.
            parse.speaker_mode = "pronoun"
            return True
        if first > k or k + 1 - first > LEFT_SUBJECT_MAX:
            return False
        if any(self.toks[m].norm in lex.COMPLEMENTISERS for m in range(first, k + 1)):
            return False  # inside reported content: "أن التقارير الأولية تشير إلى أن"
        if any(self.verb_lemma(self.toks[m], _VERBS) for m in range(first, k + 1)):
            return False
        if any(self.toks[m].norm in _NEGATIONS for m in range(first, k + 1)):
            return False  # "ولا سلطات الدولة نفسها تذكر عنهم شيئا"
        if self.toks[first].norm in lex.RELATIVES:
            return False  # "أستراليا، التي كشفت عن ...": a relative clause

        parse.speaker = _Mention(first, k + 1)
        parse.speaker_mode = "left"
        return True

    def _set_content(self, parse: _Parse, kind: str, k: int) -> None:
        tok = self.toks[k]
        if kind == "complementiser":
            parse.content_start = tok.start
            parse.content_reason = Reason("content.complementiser", tok.text)
            if k + 1 < self.n:
                pair = self.quote_opening_before(k + 1)
                if pair is not None:
                    parse.content_start = pair[0]  # decided in _span: whole-quote or not
        else:
            pair = self.quote_opening_before(k)
            parse.content_start = pair[0] if pair is not None else tok.start
            parse.content_reason = Reason("content.quotation" if pair else "content.clause")

    def _clause_break(self, i: int) -> int | None:
        """Where the clause of the cue at word ``i`` begins, if a comma opens it within
        three words before the cue (", وفي الصين قالت ..."); None if the cue is inside."""
        for m in range(i, max(0, i - 3), -1):
            if self.comma_before(m) and m > 0:
                return self.toks[m - 1].end
            if m < i and self.verb_lemma(self.toks[m], _VERBS):
                break
        return None

    def _participle(self, i: int, lemma: str) -> _Parse | None:
        opener = self._find_opener(i + 1)
        if opener is None or i == 0:
            return None
        kind, k, lead = opener
        if lead - (i + 1) > 2:
            return None
        parse = _Parse(CueKind.PARTICIPLE, lemma, i, i + 1, speaker_mode="inherit")
        self._set_content(parse, kind, k)
        parse.break_at = self.toks[i - 1].end
        parse.base_confidence = 0.75
        return parse

    def _preposition(self, i: int) -> _Parse | None:
        for cue in lex.PREPOSITIONAL_CUES:
            length = self.seq_at(i, cue)
            if not length:
                continue
            first = i + length
            if (
                cue[-1] != "ل"
                and first + 1 < self.n
                and self.toks[first].norm == lex.MA
                and self._saying_after_ma(self.toks[first + 1])
            ):
                first += 2  # "بحسب ما نقلته وكالة ...": the verb belongs to the cue
            strip_lam = cue[-1] == "ل" and first < self.n and self.toks[first - 1].norm != "ل"
            if first >= self.n:
                return None
            sentence_start = self.content_first_word()
            alias: AliasMatch | None = None
            if i <= sentence_start:
                alias, last = self.short_np(first)
                last = min(last, self.np_end(first, self.n, apposition=False, glued=False))
            else:
                last = self.np_end(first, self.n, apposition=False, glued=False)
            if last <= first:
                return None
            parse = _Parse(CueKind.PREPOSITION, " ".join(cue), i, first)
            parse.speaker = _Mention(first, last, strip_lam=strip_lam)
            parse.speaker_alias = alias if alias is not None and alias.last == last else None
            parse.anonymity = self.anonymity_in(first, min(self.n, last + 8))
            if i <= sentence_start:
                parse.position = "start"
                k = last
                while k < self.n and (
                    self.toks[k].norm in lex.TIME_WORDS
                    or self.toks[k].norm in lex.CIRCUMSTANCE_WORDS
                ):
                    k += 1
                if k >= self.n:
                    return None
                parse.content_start = self.toks[k].start
                parse.base_confidence = 0.75
            elif (
                self.comma_before(i)
                or "." in self.gap_before(i)
                or last >= self.n
                or self.toks[last].norm in lex.RELATIVES
            ):
                parse.position = "end"
                parse.break_at = self.toks[i - 1].end
                parse.content_start = self.toks[sentence_start].start
                parse.base_confidence = 0.75
            else:
                parse.position = "middle"
                parse.content_start = self.toks[sentence_start].start
                parse.base_confidence = 0.65
            parse.content_reason = Reason("content.clause")
            parse.cue_last = first
            return parse
        return None

    def _saying_after_ma(self, tok: Tok) -> bool:
        norm = tok.norm
        candidates = [norm] + [
            norm[: -len(suffix)] for suffix in lex.OBJECT_SUFFIXES
            if norm.endswith(suffix) and len(norm) - len(suffix) >= 3
        ]
        return any(
            c in forms for c in candidates for forms in lex.VERB_FORMS.values()
        )

    def content_first_word(self) -> int:
        """First word of the sentence's content: a leading connective before a comma and an
        impersonal "يذكر" are left out."""
        for lead in lex.LEADING_CONNECTIVES:
            length = self.seq_at(0, lead)
            if (
                length
                and length < self.n
                and (self.comma_before(length) or lead[0] in lex.IMPERSONAL_FORMS)
            ):
                return length - 1 if lead[-1] in lex.COMPLEMENTISERS else length
        return 0

    def _complementiser(self, i: int) -> _Parse | None:
        for first in range(max(0, i - 6), i):
            match = self.index.match_at(self.toks, first, i)
            if match is not None and match.last == i:
                parse = _Parse(CueKind.COMPLEMENTISER, self.toks[i].text, i, i + 1)
                parse.speaker = _Mention(first, i)
                parse.speaker_alias = match
                parse.speaker_mode = "alias"
                parse.content_start = self.toks[i].start
                parse.content_reason = Reason("content.complementiser", self.toks[i].text)
                parse.base_confidence = 0.6
                return parse
        return None

    # --- spans -------------------------------------------------------------------------------
    def content_end(self, start: int, breaks: Iterable[int]) -> int:
        later = [b for b in breaks if b > start]
        return min(later) if later else self.s.end

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        """Trim ``[start, end)`` to the reported content (see the module docstring)."""
        text = self.text
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if start >= end:
            return None
        if text[start] in _OPENERS:
            pair = next((p for p in self.pairs if p[0] == start), None)
            if pair is not None:
                close = pair[1]
                rest = text[close + 1 : end]
                if close < end and all(ch in _TRIM or ch in _CLOSERS for ch in rest):
                    start, end = pair[0] + 1, close  # the whole content is the quotation
                else:
                    start += 1  # embedded or unfinished quotation: start at the first word
            else:
                start += 1
        # A closing mark whose opening is outside the span is not part of it.
        while end > start and text[end - 1] in _CLOSERS:
            pair = next((p for p in self.pairs if p[1] == end - 1), None)
            if pair is not None and pair[0] >= start:
                break
            if pair is None and text[end - 1] == "»":
                break  # a stray closing guillemet inside the content ("ومنظما»")
            end -= 1
        while start < end and text[start] in _TRIM:
            start += 1
        while end > start and text[end - 1] in _TRIM:
            end -= 1
        if start >= end:
            return None
        start, end = snap_to_words(text, start, end)
        if not (is_boundary(text, start) and is_boundary(text, end)):
            return None
        if len(text[start:end].split()) < 2:
            return None
        return start, end


def _names_a_person(tok: Tok) -> bool:
    """The head word of a person's description: a title, an expert, an official."""
    return tok.is_(lex.TITLE_WORDS | lex.EXPERT_WORDS | lex.ANONYMOUS_OFFICIAL_WORDS)


def _plural_verb(tok: Tok) -> bool:
    """قالوا، أضافوا، يقولون: a verb with a plural subject."""
    norm = tok.norm
    return norm.endswith("وا") or (norm.endswith("ون") and norm[:2] in ("يق", "وي", "يؤ"))


def _plural_noun(tok: Tok) -> bool:
    """المنتقدين، المسؤولون، مصادر ...: a plural head or adjective (sound plurals; a few
    broken plurals of the lexicon)."""
    return any(
        form.endswith(("ون", "ين")) and len(form) > 4 for form in tok.forms
    ) or tok.is_(lex.ANONYMOUS_SOURCE_WORDS)


def _confidence(base: float, source: ProposedSource | None, anonymity: bool) -> float:
    score = base
    if source is None:
        score -= 0.3
    elif source.match == SourceMatch.ALIAS:
        score += 0.1
    elif source.match == SourceMatch.VARIANT:
        score += 0.05
    elif source.match == SourceMatch.PRONOUN or source.match == SourceMatch.NEW:
        score -= 0.05
    if anonymity:
        score += 0.05
    return round(min(0.99, max(0.05, score)), 2)


class _Suggester:
    def __init__(self, text: str, sources: Sequence[Source]) -> None:
        self.text = text
        self.index = SourceIndex(sources)
        self.known: list[_Known] = []
        self.out: list[Suggestion] = []

    # --- sources -------------------------------------------------------------------------------
    def _source_forms(self, source: Source) -> list[frozenset[str]]:
        forms: list[frozenset[str]] = []
        for name in (source.name_ar, source.name_en, *source.aliases):
            forms.extend(phrase_forms(name))
        return forms

    def _mention_text(self, reader: _SentenceReader, m: _Mention) -> tuple[str, int, int]:
        """The words of ``m`` as in the article, with their offsets (a ل that belongs to
        the cue left out)."""
        start = reader.toks[m.first].start + (1 if m.strip_lam else 0)
        end = reader.toks[m.last - 1].end
        # A quotation opened inside the name closes with it: «الشرق» keeps its "»".
        for o, c in reader.pairs:
            if start <= o < end <= c and not self.text[end:c].strip():
                end = c + 1
        return self.text[start:end], start, end

    @staticmethod
    def _name_of(reader: _SentenceReader, m: _Mention, mention: str) -> str:
        """The name a new source would get: the mention without quotation marks, and with
        the article restored after a cue's ل ("للدراسة" names "الدراسة")."""
        name = mention.strip()
        if m.strip_lam and reader.toks[m.first].norm.startswith("لل"):
            name = "ال" + name[1:]
        marks = [ch for ch in name if ch in "«»\"“”"]
        wrapped = len(marks) == 2 and name[0] in _OPENERS and name[-1] == _OPENERS[name[0]]
        if wrapped or len(marks) % 2 or marks.count("«") != marks.count("»"):
            name = "".join(ch for ch in name if ch not in "«»\"“”")  # «رويترز», "سبوتنيك
        return " ".join(name.split())

    def resolve(
        self,
        reader: _SentenceReader,
        m: _Mention,
        role: SourceRole,
        *,
        anonymity: str | None,
        alias: AliasMatch | None = None,
        carrier_only_known_or_outlet: bool = False,
        require_evidence: bool = False,
        known_only: bool = False,
    ) -> tuple[ProposedSource | None, list[Reason]]:
        """The source named by the words ``m`` of a sentence (see the module docstring)."""
        toks = reader.toks
        mention, start, end = self._mention_text(reader, m)
        match = alias or self.index.match_at(toks, m.first, m.last)
        if match is None and not _names_a_person(toks[m.first]):
            # A document or count naming whose it is: "حصيلة لوكالة فرانس برس", "تقرير «بي
            # بي سي»", "تعداد أعدته وكالة فرانس برس"; an outlet or agency anywhere in a
            # description that is not a person's.
            document = any(t.is_(lex.DOCUMENT_WORDS) for t in toks[m.first : m.first + 2])
            for inner in self.index.find(toks, m.first + 1, m.last):
                kinds = (SourceKind.NEWS_AGENCY, SourceKind.OUTLET)
                if document:
                    kinds = (*kinds, SourceKind.ORGANISATION)
                if inner.source.kind in kinds:
                    match = inner
                    break
        if match is not None:
            source = match.source
            proposed = ProposedSource(
                role=role,
                name=source.name_ar or source.name_en,
                kind=source.kind,
                match=SourceMatch.ALIAS if match.exact else SourceMatch.VARIANT,
                source_id=source.id,
                mention=mention,
                mention_start=start,
                mention_end=end,
                alias=match.alias,
            )
            matched = self.text[toks[match.first].start : toks[match.last - 1].end]
            code = "source.alias" if match.exact else "source.variant"
            detail = f"«{match.alias}»" if match.exact else f"«{matched}» ≈ «{match.alias}»"
            return proposed, [Reason(code, detail)]
        forms = [t.forms for t in toks[m.first : m.last]]
        if role == SourceRole.SPEAKER:
            for known in reversed(self.known):
                if _refers_back(forms, known):
                    proposed = replace(
                        known.source,
                        role=role,
                        match=SourceMatch.CARRY_OVER,
                        mention=mention,
                        mention_start=start,
                        mention_end=end,
                    )
                    return proposed, [
                        Reason("source.carry_over", f"«{mention}» → «{known.source.name}»")
                    ]
        if known_only:
            return None, []
        # "أحدث إحصاء متاح من جامعة ...": the organisation behind a document.
        first = m.first
        head_words = toks[m.first : min(m.last, m.first + 2)]
        if any(t.is_(lex.DOCUMENT_WORDS) for t in head_words):
            for k in range(m.first + 1, m.last):
                if toks[k].is_(lex.ORGANISATION_WORDS) and toks[k - 1].norm == _MIN:
                    first = k
                    break
        if first != m.first:
            m = _Mention(first, m.last)
            mention, start, end = self._mention_text(reader, m)
        quoted = any(
            toks[m.first].start - 1 <= o < toks[m.last - 1].end for o, _ in reader.pairs
        )
        words = toks[m.first : m.last]
        if require_evidence and not (quoted or has_kind_evidence(words)):
            return None, []  # "طبقا لكمية ما ...": not a source
        kind = guess_kind(words, anonymous=anonymity is not None, quoted=quoted)
        if carrier_only_known_or_outlet and kind not in (
            SourceKind.OUTLET, SourceKind.NEWS_AGENCY, SourceKind.DOCUMENT,
        ):
            return None, []
        name = self._name_of(reader, m, mention)
        proposed = ProposedSource(
            role=role, name=name, kind=kind, match=SourceMatch.NEW, mention=mention,
            mention_start=start, mention_end=end,
        )
        return proposed, [Reason("source.new", f"«{name}» ({kind})")]

    def _governing_subject(
        self, reader: _SentenceReader, parse: _Parse
    ) -> tuple[ProposedSource, list[Reason]] | None:
        """"وطالبت المنظمة الحكومات بدعم ...، مشيرة إلى أن ...": a participle of saying
        after a verb that is not one of saying shares that verb's subject, the noun phrase
        right after the sentence's first word (when that word has no article, as a verb
        does). Taken if it names a known source (the longest such start), or describes one."""
        first = reader.content_first_word()
        while first < parse.cue_first and reader.toks[first].norm in _AUX:
            first += 1
        j = first + 1
        if j >= parse.cue_first:
            return None
        head = reader.toks[first].norm
        if head.startswith(("ال", "وال")) or head.isdigit() or reader.is_stop(j, j):
            return None
        _, end = reader.short_np(j)
        end = min(end, parse.cue_first)
        for last in range(end, j, -1):
            found = self.resolve(reader, _Mention(j, last), SourceRole.SPEAKER,
                                 anonymity=None, known_only=True)
            if found[0] is not None:
                return found[0], found[1]
        if has_kind_evidence(reader.toks[j:end]):
            found = self.resolve(reader, _Mention(j, end), SourceRole.SPEAKER, anonymity=None)
            if found[0] is not None:
                return found[0], found[1]
        return None

    def _plural_subject(
        self,
        reader: _SentenceReader,
        parse: _Parse,
        made: list[tuple[_Parse, Suggestion, int]],
    ) -> tuple[ProposedSource, list[Reason], ProposedSource | None] | None:
        """"وأشارت رويترز إلى أن بعض المنتقدين شددوا ...، وقالوا إن ...": a plural verb
        whose last speaker is singular refers to the plural subject of the previous
        statement's content; the previous speaker becomes the carrier."""
        if not made or not self.known or self.known[-1].plural:
            return None
        if not _plural_verb(reader.toks[parse.cue_first]):
            return None
        previous_parse, previous, _ = made[-1]
        if previous_parse.kind != CueKind.VERB or not previous.speakers:
            return None
        first = next(
            (t.index + 1 for t in reader.toks if t.start == previous.start
             and t.norm in lex.COMPLEMENTISERS),
            None,
        )
        if first is None or first >= reader.n:
            return None
        _, last = reader.short_np(first)
        if last <= first or not _plural_noun(reader.toks[last - 1]):
            return None
        speaker, found = self.resolve(
            reader, _Mention(first, last), SourceRole.SPEAKER, anonymity=None
        )
        if speaker is None:
            return None
        carrier = replace(previous.speakers[0], role=SourceRole.CARRIER)
        return speaker, found, carrier

    def _names_known(self, words: Sequence[Tok]) -> bool:
        forms = [t.forms for t in words]
        return any(_refers_back(forms, known) for known in self.known)

    def _remember(self, source: ProposedSource, mention_forms: list[frozenset[str]],
                  carriers: tuple[ProposedSource, ...], plural: bool) -> None:
        """Record a speaker for carry-over: one entry per source (the most recent last),
        holding the words of all its names and of every mention of it so far."""
        key = (source.source_id, source.name)
        entry = next(
            (k for k in self.known if (k.source.source_id, k.source.name) == key), None
        )
        if entry is None:
            names = [source.name]
            if source.source_id is not None:
                match = next((s for s in self.index.sources if s.id == source.source_id), None)
                if match is not None:
                    names = [match.name_ar, match.name_en, *match.aliases]
            entry = _Known(source, [], carriers, list(mention_forms), plural, [])
            for name in names:
                name_forms = phrase_forms(name)
                entry.forms.extend(name_forms)
                entry.heads.extend(name_forms[:1])
        else:
            self.known.remove(entry)
            entry.source, entry.carriers, entry.plural = source, carriers, plural
            if mention_forms:
                entry.head = list(mention_forms)
        for forms in mention_forms:
            if forms not in entry.forms:
                entry.forms.append(forms)
        if mention_forms and mention_forms[0] not in entry.heads:
            entry.heads.append(mention_forms[0])
        self.known.append(entry)

    # --- reading ---------------------------------------------------------------------------------
    def run(self) -> list[Suggestion]:
        for paragraph in classify_paragraphs(self.text):
            if paragraph.kind != ParagraphKind.BODY:
                continue
            for sentence in split_sentences(
                self.text, paragraph.start, paragraph.end, paragraph.index
            ):
                self._sentence(sentence)
        unique: dict[tuple[int, int], Suggestion] = {}
        for s in self.out:
            unique.setdefault((s.start, s.end), s)
        return sorted(unique.values(), key=lambda s: (s.start, -s.end))

    def _sentence(self, sentence: Sentence) -> None:
        reader = _SentenceReader(self.text, sentence, self.index, self._names_known)
        if reader.n == 0:
            return
        parses = reader.parses()
        breaks = [p.break_at for p in parses if p.break_at is not None]
        made: list[tuple[_Parse, Suggestion, int]] = []  # parse, suggestion, content end
        for parse in parses:
            if not parse.lemma:
                continue  # a context-clause break only
            if parse.content_start is None:
                continue
            content_end = reader.content_end(parse.content_start, breaks)
            if parse.kind == CueKind.PREPOSITION and parse.position == "end":
                content_end = min(content_end, reader.toks[parse.cue_first].start)
                # A trailing "، وفق X" after the content of a verb that heads the sentence
                # names a carrier of that statement, not a statement of its own.
                owner = next(
                    (
                        entry for entry in made
                        if entry[2] == parse.break_at
                        and entry[0].kind != CueKind.PREPOSITION
                        and entry[0].cue_first <= reader.content_first_word() + 2
                    ),
                    None,
                )
                if owner is not None:
                    self._attach_carrier(reader, parse, owner, made)
                    continue
            if parse.kind == CueKind.PREPOSITION and parse.position == "middle":
                # "ذكرت الدراسة ... أن ... وفقا للدراسة ...": inside a statement already
                # suggested, the cue only adds who carried it.
                cue_start = reader.toks[parse.cue_first].start
                owner = next(
                    (e for e in made if e[1].start <= cue_start < e[1].end), None
                )
                if owner is not None:
                    self._attach_carrier(reader, parse, owner, made)
                    continue
            bounds = reader.span(parse.content_start, content_end)
            if bounds is None:
                continue
            suggestion = self._build(reader, parse, bounds, made)
            if suggestion is not None:
                self.out.append(suggestion)
                made.append((parse, suggestion, content_end))

    def _attach_carrier(
        self,
        reader: _SentenceReader,
        parse: _Parse,
        owner: tuple[_Parse, Suggestion, int],
        made: list[tuple[_Parse, Suggestion, int]],
    ) -> None:
        if parse.speaker is None:
            return
        carrier, reasons = self.resolve(
            reader, parse.speaker, SourceRole.CARRIER, anonymity=None, require_evidence=True
        )
        suggestion = owner[1]
        if carrier is None or any(
            (s.source_id, s.name) == (carrier.source_id, carrier.name)
            or contained_in(phrase_forms(carrier.name), phrase_forms(s.name))
            for s in suggestion.sources
        ):
            return  # the same source again ("ذكرت الدراسة ... وفقا للدراسة")
        updated = replace(
            suggestion,
            sources=(*suggestion.sources, carrier),
            reasons=(*suggestion.reasons, Reason("carrier.via", carrier.name), *reasons),
        )
        self.out[self.out.index(suggestion)] = updated
        made[made.index(owner)] = (owner[0], updated, owner[2])

    def _build(
        self,
        reader: _SentenceReader,
        parse: _Parse,
        bounds: tuple[int, int],
        made: list[tuple[_Parse, Suggestion, int]],
    ) -> Suggestion | None:
        toks = reader.toks
        cue_start = toks[parse.cue_first].start
        cue_end = toks[max(parse.cue_first, parse.cue_last - 1)].end
        cue = Cue(parse.kind, parse.lemma, cue_start, cue_end, self.text[cue_start:cue_end])
        reasons: list[Reason] = [Reason(f"cue.{parse.kind}", f"«{cue.text}» ({parse.lemma})")]
        if parse.content_reason is not None:
            reasons.append(parse.content_reason)
        if self.text[bounds[0] - 1 : bounds[0]] in _OPENERS and parse.content_reason and (
            parse.content_reason.code != "content.quotation"
        ):
            reasons.append(Reason("content.quotation"))
        sources: list[ProposedSource] = []
        speaker: ProposedSource | None = None
        inherited_carriers: tuple[ProposedSource, ...] = ()
        mode = parse.speaker_mode
        if mode == "inherit":
            previous = made[-1][1] if made else None
            if previous is not None:
                speaker = previous.speakers[0] if previous.speakers else None
                inherited_carriers = previous.carriers
                if speaker is not None:
                    speaker = replace(speaker, match=SourceMatch.CARRY_OVER)
                    reasons.append(Reason("source.carry_over", f"«{speaker.name}»"))
            else:
                governing = self._governing_subject(reader, parse)
                if governing is not None:
                    speaker, found = governing
                    reasons.extend(found)
                elif self.known:
                    speaker = replace(self.known[-1].source, match=SourceMatch.PRONOUN,
                                      mention="", mention_start=None, mention_end=None)
                    inherited_carriers = self.known[-1].carriers
                    reasons.append(Reason("source.pronoun", f"«{speaker.name}»"))
        elif mode == "pronoun":
            plural_subject = self._plural_subject(reader, parse, made)
            if plural_subject is not None:
                speaker, found, carrier = plural_subject
                reasons.extend(found)
                inherited_carriers = (carrier,) if carrier is not None else ()
            elif self.known:
                last = self.known[-1]
                speaker = replace(last.source, match=SourceMatch.PRONOUN, mention="",
                                  mention_start=None, mention_end=None)
                inherited_carriers = last.carriers
                reasons.append(Reason("source.pronoun", f"«{speaker.name}»"))
        elif parse.speaker is not None:
            role = SourceRole.SPEAKER
            speaker, found = self.resolve(
                reader, parse.speaker, role, anonymity=parse.anonymity,
                alias=parse.speaker_alias,
                require_evidence=parse.kind == CueKind.PREPOSITION or parse.needs_evidence,
            )
            reasons.extend(found)
            if speaker is not None and role == SourceRole.CARRIER:
                sources.append(speaker)
                speaker = None
        if speaker is None and not sources:
            return None
        if parse.anonymity:
            reasons.append(Reason("source.anonymity", f"«{parse.anonymity}»"))
        if speaker is not None:
            sources.append(replace(speaker, role=SourceRole.SPEAKER))
        for mention, code in parse.carriers:
            carrier, found = self.resolve(
                reader, mention, SourceRole.CARRIER, anonymity=None,
                carrier_only_known_or_outlet=not parse.subject_as_carrier,
            )
            if carrier is not None and all(
                (c.source_id, c.name) != (carrier.source_id, carrier.name) for c in sources
            ):
                sources.append(replace(carrier, role=SourceRole.CARRIER))
                reasons.append(Reason(code, carrier.name))
                reasons.extend(found)
        if not any(c.role == SourceRole.CARRIER for c in sources):
            for carrier in inherited_carriers:
                sources.append(replace(carrier, role=SourceRole.CARRIER))
        if speaker is not None and mode not in ("inherit",):
            mention_forms = (
                [t.forms for t in reader.toks[parse.speaker.first : parse.speaker.last]]
                if parse.speaker is not None and mode != "pronoun"
                else []
            )
            carriers = tuple(c for c in sources if c.role == SourceRole.CARRIER)
            plural = (
                parse.speaker is not None
                and mode != "pronoun"
                and _plural_noun(reader.toks[parse.speaker.first])
            ) or (mode == "pronoun" and _plural_verb(reader.toks[parse.cue_first]))
            self._remember(
                replace(speaker, role=SourceRole.SPEAKER), mention_forms, carriers, plural
            )
        start, end = bounds
        # Speakers first, then carriers; stable otherwise.
        ordered = tuple(sorted(sources, key=lambda s: s.role != SourceRole.SPEAKER))
        return Suggestion(
            start=start,
            end=end,
            quote=self.text[start:end],
            sources=ordered,
            cue=cue,
            confidence=_confidence(parse.base_confidence, speaker or (sources[0] if sources
                                                                      else None),
                                   parse.anonymity is not None),
            reasons=tuple(reasons),
        )


def suggest(text: str, sources: Iterable[Source]) -> list[Suggestion]:
    """Attribution suggestions for an article, in reading order.

    ``text`` is the stored article text (offsets in the result are code points into it);
    ``sources`` are the workspace's sources with their aliases. Deterministic: the same text
    and sources give the same suggestions. Spans do not repeat (one suggestion per span)
    and lie on word boundaries; every suggestion has at least one source."""
    return _Suggester(text, list(sources)).run()
