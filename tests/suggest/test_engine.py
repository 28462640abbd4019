"""The attribution suggester on the seed article and on short constructed sentences."""

from __future__ import annotations

import random

import pytest

from annotator.domain.models import Source, SourceKind, SourceRole
from annotator.services.suggest_engine import suggest
from annotator.services.suggest_types import CueKind, SourceMatch, Suggestion, explain
from annotator.text.graphemes import is_boundary
from annotator.text.sentences import ParagraphKind, classify_paragraphs
from benchmarks.suggest_eval import default_sources

SOURCES = default_sources()
PM = next(s for s in SOURCES if "رئيس الوزراء العراقي" in s.aliases)


def by_quote(found: list[Suggestion], quote: str) -> Suggestion:
    matches = [s for s in found if s.quote == quote]
    assert matches, f"no suggestion {quote!r}; got {[s.quote for s in found]}"
    return matches[0]


def roles(s: Suggestion) -> list[tuple[str, str]]:
    return [(str(p.role), p.name) for p in s.sources]


@pytest.fixture(scope="module")
def seed_suggestions() -> tuple[str, list[Suggestion]]:
    from tests.conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    return text, suggest(text, SOURCES)


# --- the seed article ----------------------------------------------------------------------
def test_seed_reuters_with_typo_in_anonymous_sources(seed_suggestions) -> None:
    _, found = seed_suggestions
    s = by_quote(found, "أن مهاجمين أطلقوا عدة صواريخ على القاعدة الأميركية")
    assert roles(s) == [("speaker", "مصادر أمنية وحكومية"), ("carrier", "رويترز")]
    assert s.sources[0].match == SourceMatch.VARIANT  # "مصادرة" in the text
    assert s.sources[0].mention == "مصادرة أمنية وحكومية"
    assert s.cue.kind == CueKind.VERB and s.cue.lemma == "كشف"


def test_seed_anonymous_official_variants_and_carry_over(seed_suggestions) -> None:
    _, found = seed_suggestions
    official = [
        "أصيب جنود أميركيين بجروح طفيفة وأن أحد أفراد قوات الأمن العراقية أصيب بجروح خطيرة "
        "في الهجوم",
        "أن التقارير الأولية تشير أيضا إلى أن القاعدة تعرضت للقصف بصواريخ باليستية، وربما "
        "بأنواع أخرى من الصواريخ",
        "أن التقييم ما زال مستمرا",
        "أنه تم إطلاق عدة طائرات بدون طيار ضد القوات في قاعدة عين الأسد الجوية، وكذلك "
        "استهدفت طائرة بدون طيار قاعدة أربيل الجوية في العراق",
        "إن جميع الهجمات جاءت بعد هجوم طائرة بدون طيار على قاعدة أربيل الجوية، الأربعاء",
    ]
    for quote in official:
        s = by_quote(found, quote)
        assert roles(s) == [("speaker", "مسؤول أميركي")], quote
        assert s.sources[0].kind == SourceKind.ANONYMOUS_OFFICIAL
    first = by_quote(found, official[0])
    assert first.sources[0].match == SourceMatch.VARIANT  # "أميريكي"
    added = by_quote(found, official[1])
    assert added.sources[0].match == SourceMatch.CARRY_OVER  # "وأضاف المسؤول"
    assert any(r.code == "source.anonymity" for r in added.reasons)
    typo = by_quote(found, official[3])  # "وأضاف المسوؤول حينئذ"
    assert typo.sources[0].match == SourceMatch.CARRY_OVER
    assert typo.sources[0].mention == "المسوؤول"


def test_seed_prime_minister_speaker_with_reuters_carrier(seed_suggestions) -> None:
    _, found = seed_suggestions
    quoted = by_quote(found, "لنتفق على إطار زمني (للانسحاب) يكون سريعا حتى لا نطيل أمد الوجود "
                             "وتبقى الهجمات مستمرة")
    assert [(str(p.role), p.source_id) for p in quoted.sources] == [
        ("speaker", PM.id), ("carrier", next(s.id for s in SOURCES if s.name_en == "Reuters"))]
    assert any(r.code == "content.quotation" for r in quoted.reasons)
    participle = by_quote(found, "أن الطريقة الوحيدة لتفادي حدوث تصعيد إقليمي هو وقف الحرب "
                                 "في غزة")
    assert participle.cue.kind == CueKind.PARTICIPLE
    assert roles(participle) == roles(quoted)
    indirect = [s for s in found if s.quote.startswith("بأنه يريد خروجا سريعا ومنظما»")]
    assert indirect and [p.source_id for p in indirect[0].sources] == [PM.id]


def test_seed_bbc_and_report(seed_suggestions) -> None:
    _, found = seed_suggestions
    bbc = [s for s in found if roles(s) == [("speaker", "بي بي سي")]]
    assert [s.quote[:20] for s in bbc] == ["وأتت الهجمات وقتها ف", "وردت واشنطن بشن هجما"]
    assert all(s.cue.kind == CueKind.PREPOSITION for s in bbc)
    report = [s for s in found if s.sources[0].name == "التقرير"]
    assert len(report) == 1 and report[0].sources[0].kind == SourceKind.DOCUMENT


def test_seed_analyst_new_source_and_carry_over(seed_suggestions) -> None:
    _, found = seed_suggestions
    analyst = [s for s in found if s.sources[0].kind == SourceKind.EXPERT]
    assert len(analyst) == 2
    assert analyst[0].sources[0].is_new and analyst[0].sources[0].match == SourceMatch.NEW
    assert analyst[0].sources[0].name.startswith("الأكاديمي والمحلل السياسي العراقي")
    assert analyst[0].quote.startswith("الانسحاب كان من ضمن الشروط")  # inside «...»
    assert analyst[0].quote.endswith("ويسيطر على من يحمل السلاح")
    assert analyst[1].quote.startswith("وانهارت هذه الهدنة وفق الأكاديمي العراقي")
    assert analyst[1].sources[0].match == SourceMatch.CARRY_OVER
    assert analyst[1].sources[0].name == analyst[0].sources[0].name


def test_seed_nothing_from_title_headings_related_or_footer(seed_suggestions) -> None:
    text, found = seed_suggestions
    not_body = [(p.start, p.end) for p in classify_paragraphs(text)
                if p.kind != ParagraphKind.BODY]
    assert len(not_body) == 6
    for s in found:
        assert not any(s.start < e and b < s.end for b, e in not_body), s.quote
    assert not any("تابع" in s.cue.text for s in found)


def test_seed_suggestions_are_well_formed_and_deterministic(seed_suggestions) -> None:
    text, found = seed_suggestions
    assert len(found) >= 14
    assert found == suggest(text, SOURCES)
    for s in found:
        assert text[s.start : s.end] == s.quote
        assert is_boundary(text, s.start) and is_boundary(text, s.end)
        assert s.quote == s.quote.strip(" .،")
        assert s.sources
        assert 0 < s.confidence < 1
        assert s.reasons and explain(s)
        assert text[s.cue.start : s.cue.end] == s.cue.text
        for p in s.sources:
            if p.mention_start is not None:
                assert text[p.mention_start : p.mention_end] == p.mention
    assert [s.start for s in found] == sorted(s.start for s in found)


# --- constructed sentences -----------------------------------------------------------------
def one(text: str, sources: list[Source] | None = None) -> Suggestion:
    found = suggest("عنوان\n" + text, SOURCES if sources is None else sources)
    assert len(found) == 1, [(s.quote, roles(s)) for s in found]
    return found[0]


@pytest.mark.parametrize(
    ("sentence", "lemma"),
    [
        ("وقالت الوزارة إن الوضع تحت السيطرة.", "قال"),
        ("وأكدوا أن الوضع تحت السيطرة.", "أكد"),
        ("فأوضحت الوزارة أن الوضع تحت السيطرة.", "أوضح"),
        ("وصرّح الوزير بأن الوضع تحت السيطرة.", "صرّح"),
        ("وذكرت الوزارة أن الوضع تحت السيطرة.", "ذكر"),
        ("يقول الوزير إن الوضع تحت السيطرة.", "قال"),
        ("وأفادت الوزارة بأن الوضع تحت السيطرة.", "أفاد"),
    ],
)
def test_verb_forms_with_prefixes_and_agreement(sentence: str, lemma: str) -> None:
    text = "قال الوزير إن الأمر عادي.\n" + sentence
    found = suggest("عنوان\n" + text, SOURCES)
    last = found[-1]
    assert last.cue.lemma == lemma
    assert last.quote.endswith("الوضع تحت السيطرة")


def test_prepositional_cues() -> None:
    s = one("ارتفع عدد الإصابات إلى 50 حالة، بحسب وزارة الصحة.")
    assert s.quote == "ارتفع عدد الإصابات إلى 50 حالة"
    assert roles(s) == [("speaker", "وزارة الصحة")] and s.sources[0].kind == SourceKind.ORGANISATION
    s = one("وفقا لـ «رويترز» ارتفع عدد الإصابات إلى 50 حالة.")
    assert roles(s) == [("speaker", "رويترز")]
    assert s.quote == "ارتفع عدد الإصابات إلى 50 حالة"
    s = one("طبقا لمصادر طبية فإن عدد الإصابات ارتفع.")
    assert s.sources[0].kind == SourceKind.ANONYMOUS_SOURCES
    s = one("وجاء على لسان المتحدث باسم الجيش أن القوات انسحبت.")
    assert s.sources[0].name == "المتحدث باسم الجيش"
    assert s.sources[0].kind == SourceKind.NAMED_OFFICIAL


def test_prepositional_cue_needs_a_source_like_phrase() -> None:
    assert suggest("عنوان\nيتطور المرض طبقا لكمية الفيروس في الجسم.", SOURCES) == []


def test_anonymity_markers_make_sources_anonymous() -> None:
    s = one("وقال مسؤول أوروبي طلب عدم الكشف عن هويته إن الاتفاق قريب.")
    assert s.sources[0].kind == SourceKind.ANONYMOUS_OFFICIAL
    assert any(r.code == "source.anonymity" for r in s.reasons)
    s = one("وقال موظف في الوزارة لم يكشف عن اسمه إن الاتفاق قريب.")
    assert s.sources[0].kind in (SourceKind.ANONYMOUS_SOURCES, SourceKind.ANONYMOUS_OFFICIAL)
    s = one("وأكد مصدر أمني أن الهجوم وقع فجرا.")
    assert s.sources[0].kind == SourceKind.ANONYMOUS_SOURCES


def test_new_source_kinds() -> None:
    assert one("وقال الخبير الاقتصادي إن الأسعار سترتفع.").sources[0].kind == SourceKind.EXPERT
    s = one("وذكرت صحيفة «الشرق» أن الأسعار سترتفع.")
    assert s.sources[0].kind == SourceKind.OUTLET and s.sources[0].name == "صحيفة «الشرق»"
    s = one("وكشف تقرير للبنك الدولي أن الأسعار سترتفع.")
    assert s.sources[0].kind == SourceKind.DOCUMENT


def test_told_an_outlet_in_guillemets_is_a_carrier() -> None:
    s = one("وقال الوزير لـ «الشرق الأوسط» إن الأسعار سترتفع.")
    assert roles(s) == [("speaker", "الوزير"), ("carrier", "الشرق الأوسط")]
    assert s.sources[1].kind == SourceKind.OUTLET


def test_quoted_speech_after_a_colon_or_quotes() -> None:
    s = one('وقال الوزير: "الأسعار سترتفع قريبا".')
    assert s.quote == "الأسعار سترتفع قريبا"
    s = one("وأضاف الوزير «الأسعار سترتفع قريبا».")
    assert s.quote == "الأسعار سترتفع قريبا"


def test_pronoun_subject_refers_to_the_last_speaker() -> None:
    found = suggest(
        "عنوان\nقال وزير المالية إن العجز تراجع.\nوأضاف أن الديون ستنخفض العام المقبل.",
        SOURCES,
    )
    assert [s.sources[0].name for s in found] == ["وزير المالية", "وزير المالية"]
    assert found[1].sources[0].match == SourceMatch.PRONOUN


def test_impersonal_negated_and_non_claims_are_not_suggested() -> None:
    for text in (
        "يذكر أن الفيروس ظهر في الصين.",
        "ولم يذكر الوزير أي تفاصيل عن الخطة.",
        "وأعلنت الحكومة حالة الطوارئ في البلاد.",
        "ارتفع عدد الإصابات إلى 50 حالة.",
    ):
        assert suggest("عنوان\n" + text, SOURCES) == [], text


def test_workspace_aliases_are_used() -> None:
    sources = [*SOURCES, Source("x-1", "وزارة الصحة السعودية", "Saudi MoH",
                                SourceKind.ORGANISATION, ("الصحة السعودية",))]
    s = one("وأعلنت الصحة السعودية أن الإصابات تراجعت.", sources)
    assert s.sources[0].source_id == "x-1" and s.sources[0].match == SourceMatch.ALIAS


def test_roles_are_speaker_then_carrier() -> None:
    s = one("ونقلت وكالة رويترز عن مصادر مطلعة قولها إن الاتفاق قريب.")
    assert [str(p.role) for p in s.sources] == ["speaker", "carrier"]
    assert s.sources[0].kind == SourceKind.ANONYMOUS_SOURCES
    assert s.sources[1].name == "رويترز"
    assert s.quote == "إن الاتفاق قريب"
    assert SourceRole.CARRIER in {p.role for p in s.sources}


def test_random_text_never_breaks_the_contract(corpus_files) -> None:
    """Shuffled words of the corpus with cue words and marks mixed in: no crash, and every
    suggestion quotes the text on grapheme boundaries with a source."""
    from annotator.text.canonical import canonicalize

    vocabulary: list[str] = []
    for path in corpus_files[:10]:
        vocabulary += canonicalize(path.read_text(encoding="utf-8")).split()
    extra = ["قال", "إن", "أن", "«", "»", '"', ":", "،", ".", "..", ".،", "وفق", "لـ", "بحسب",
             "مشيرا", "إلى", "مسؤول", "رويترز", "\n", "؟", "وقالوا", "المسؤول", "بأنه", "َ"]
    rng = random.Random(7)
    for _ in range(300):
        words = [rng.choice(vocabulary if rng.random() < 0.6 else extra)
                 for _ in range(rng.randint(0, 60))]
        text = "".join(w + rng.choice([" ", " ", "", "\n"]) for w in words)
        for s in suggest(text, SOURCES):
            assert text[s.start : s.end] == s.quote
            assert is_boundary(text, s.start) and is_boundary(text, s.end)
            assert s.sources and 0 <= s.confidence <= 1


def test_quoting_someone_makes_them_the_speaker_and_the_quoter_the_carrier() -> None:
    s = one("وذكرت صحيفة «النهار» نقلا عن مسؤول أمني أن الهجوم وقع فجرا.")
    assert s.quote == "أن الهجوم وقع فجرا"
    assert roles(s) == [("speaker", "مسؤول أمني"), ("carrier", "صحيفة «النهار»")]
    s = one("نقلا عن مصادر مطلعة، فإن الاتفاق قريب.")
    assert roles(s) == [("speaker", "مصادر مطلعة")] and s.quote == "فإن الاتفاق قريب"
