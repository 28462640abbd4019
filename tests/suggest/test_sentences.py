"""Paragraph classification, sentence splitting and words (annotator.text.sentences)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.text.sentences import (
    ParagraphKind,
    classify_paragraphs,
    quote_pairs,
    sentences,
    split_sentences,
    words,
)


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text, 0, len(text))]


def test_seed_paragraph_kinds(seed_text: str) -> None:
    paragraphs = classify_paragraphs(seed_text)
    kinds = [p.kind for p in paragraphs]
    texts = {p.kind: [] for p in paragraphs}
    for p in paragraphs:
        texts[p.kind].append(seed_text[p.start : p.end])
    assert kinds[0] == ParagraphKind.TITLE
    assert texts[ParagraphKind.HEADING] == ["دعوات للانسحاب", "الفصائل تطالب بالخروج"]
    assert len(texts[ParagraphKind.RELATED]) == 2
    assert texts[ParagraphKind.RELATED][0].startswith("العراق يعلن مقتل")
    assert texts[ParagraphKind.FOOTER] == [
        "للمزيد تابع خليجيون نيوز على: فيسبوك | إكس | يوتيوب | إنستغرام | تيك توك"
    ]
    assert kinds.count(ParagraphKind.BODY) == 20


def test_mixed_and_doubled_marks() -> None:
    # ".،" continues the sentence (its attribution follows); ".." ends it.
    text = "أتت الهجمات في العراق.، وفق «بي بي سي» وأصيب جنود.. وأضاف المسؤول أن الوضع هادئ."
    assert _texts(text) == [
        "أتت الهجمات في العراق.، وفق «بي بي سي» وأصيب جنود..",
        "وأضاف المسؤول أن الوضع هادئ.",
    ]


def test_arabic_question_mark_and_exclamation() -> None:
    assert _texts("هل انتهت الأزمة؟ قال الوزير إنها لم تنته! ثم غادر.") == [
        "هل انتهت الأزمة؟", "قال الوزير إنها لم تنته!", "ثم غادر.",
    ]


def test_numbers_abbreviations_and_acronyms_do_not_split() -> None:
    text = "في الساعة 17.00 قال د. الباحث لشبكة سي.أن.أن إن العدد 5.6 ملايين. ثم انتهى."
    assert _texts(text) == [
        "في الساعة 17.00 قال د. الباحث لشبكة سي.أن.أن إن العدد 5.6 ملايين.", "ثم انتهى.",
    ]


def test_a_sentence_does_not_end_inside_a_quotation() -> None:
    text = "يقول المحلل إن «الانسحاب كان شرطا. وقد تبنته الحكومة». وانهارت الهدنة."
    assert _texts(text) == [
        "يقول المحلل إن «الانسحاب كان شرطا. وقد تبنته الحكومة».", "وانهارت الهدنة.",
    ]
    text = 'قال الخبير "يجب أن نبدأ. الحالات تعكس التعرض". وانتهى.'
    assert _texts(text) == ['قال الخبير "يجب أن نبدأ. الحالات تعكس التعرض".', "وانتهى."]


def test_a_stray_quotation_mark_is_ignored() -> None:
    text = "بأنه يريد خروجا سريعا ومنظما» لقوات التحالف. وتعالت أصوات."
    assert quote_pairs(text, 0, len(text)) == []
    assert len(_texts(text)) == 2


def test_headings_questions_related_and_footer() -> None:
    text = (
        "العنوان هنا\n"
        "قال الوزير إن الوضع مستقر.\n"
        "ماذا عن إغلاق المدارس؟\n"
        "أكثر من 7 آلاف وفاة\n"
        "وأوضح أن الدول الضعيفة صحيا ستعاني من انتشار كورونا\n"
        "تابعونا على فيسبوك وتويتر\n"
    )
    kinds = [p.kind for p in classify_paragraphs(text)]
    assert kinds == [
        ParagraphKind.TITLE, ParagraphKind.BODY, ParagraphKind.HEADING,
        ParagraphKind.HEADING, ParagraphKind.BODY, ParagraphKind.FOOTER,
    ]


def test_one_unpunctuated_last_line_is_not_a_related_headline() -> None:
    text = "العنوان\nقال الوزير إن الوضع مستقر.\nكما أعلنت قطر إغلاق جميع دور السينما والمسارح"
    assert classify_paragraphs(text)[-1].kind == ParagraphKind.BODY


def test_words_have_offsets_and_keep_clitics_and_harakat() -> None:
    text = "وقالَ لـ «رويترز»: نعم"
    found = words(text)
    assert [w.text for w in found] == ["وقالَ", "لـ", "رويترز", "نعم"]
    assert all(text[w.start : w.end] == w.text for w in found)


def test_sentences_of_the_corpus_are_trimmed_and_ordered(corpus_files) -> None:
    from annotator.text.canonical import canonicalize

    for path in corpus_files:
        text = canonicalize(path.read_text(encoding="utf-8"))
        previous_end = 0
        for s in sentences(text):
            piece = text[s.start : s.end]
            assert piece == piece.strip() and piece
            assert s.start >= previous_end
            previous_end = s.end


_ALPHABET = st.sampled_from([*"قال إن «» \".،؟!:\n0123456789ابتثجحخ", "..", ".،", "ـ", "َ"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_sentences_cover_the_non_space_text(text: str) -> None:
    """Sentences never overlap, are trimmed, and together hold every non-space character."""
    covered = 0
    last = 0
    for p in classify_paragraphs(text):
        for s in split_sentences(text, p.start, p.end, p.index):
            assert p.start <= s.start < s.end <= p.end
            assert s.start >= last
            last = s.end
            piece = text[s.start : s.end]
            assert piece == piece.strip()
            covered += sum(1 for ch in piece if not ch.isspace())
    assert covered == sum(1 for ch in text if not ch.isspace())
