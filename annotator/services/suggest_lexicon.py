"""Word lists of the attribution suggester (domain.md, "Attribution cues in Arabic news text").

Every list is written here in ordinary Arabic spelling, for people to read and extend, and
folded once at import with :func:`annotator.text.normalize.normalize_for_search` (no harakat,
one alef, ة as ه, ى as ي, ؤ as و, ئ as ي), which is the form the suggester compares. Words
carry no clitics here: و/ف before a verb and ب/ل/ك/ال before a noun are handled by the
matcher. Plain data, standard library only.
"""

from __future__ import annotations

from annotator.domain.models import SourceKind
from annotator.text.normalize import normalize_for_search


def fold(words: str) -> frozenset[str]:
    """The folded forms of the space-separated ``words``."""
    return frozenset(normalize_for_search(w) for w in words.split())


#: Verbs of saying: lemma -> its forms (past m/f/pl/dual, present, and so on). The lemma is
#: what a suggestion reports as its cue. The participles are in ``PARTICIPLES``.
VERB_FORMS: dict[str, frozenset[str]] = {
    "قال": fold("قال قالت قالوا قالا قالتا يقول تقول يقولون يقولان تقولان"),
    "أضاف": fold("أضاف أضافت أضافوا أضافا يضيف تضيف يضيفون"),
    "أكد": fold("أكد أكدت أكدوا أكدا يؤكد تؤكد يؤكدون"),
    "أوضح": fold("أوضح أوضحت أوضحوا أوضحا يوضح توضح يوضحون"),
    "كشف": fold("كشف كشفت كشفوا كشفا يكشف تكشف يكشفون"),
    "أعلن": fold("أعلن أعلنت أعلنوا أعلنا يعلن تعلن يعلنون"),
    "ذكر": fold("ذكر ذكرت ذكروا ذكرا يذكر تذكر يذكرون"),
    "صرّح": fold("صرح صرحت صرحوا يصرح تصرح يصرحون"),
    "أشار": fold("أشار أشارت أشاروا أشارا يشير تشير يشيرون"),
    "نقل": fold("نقل نقلت نقلوا ينقل تنقل ينقلون"),
    "تابع": fold("تابع تابعت تابعوا"),
    # Close synonyms, common in wire copy.
    "أفاد": fold("أفاد أفادت أفادوا يفيد تفيد"),
    "أردف": fold("أردف أردفت أردفوا"),
    "لفت": fold("لفت لفتت لفتوا يلفت"),
    "نوّه": fold("نوه نوهت نوهوا"),
}

#: Participles used as adverbs of a preceding verb ("، مشيرا إلى أن ..."): same speaker.
PARTICIPLES: dict[str, frozenset[str]] = {
    "قال": fold("قائلا قائلة قائلين"),
    "أضاف": fold("مضيفا مضيفة مضيفين"),
    "أكد": fold("مؤكدا مؤكدة مؤكدين"),
    "أوضح": fold("موضحا موضحة موضحين"),
    "كشف": fold("كاشفا كاشفة"),
    "أعلن": fold("معلنا معلنة"),
    "صرّح": fold("مصرحا مصرحة"),
    "أشار": fold("مشيرا مشيرة مشيرين"),
    "تابع": fold("متابعا متابعة"),
    "لفت": fold("لافتا لافتة"),
    "نوّه": fold("منوها منوهة"),
}

#: Lemmas whose object may be a noun phrase rather than a clause ("أعلنت الوزارة تسجيل ...").
OBJECT_VERBS = frozenset({"أعلن", "كشف", "أكد", "ذكر"})
#: Lemmas that report only with "عن" + a source ("نقلت رويترز عن مصادر ...").
NEEDS_AN = frozenset({"نقل"})

#: Complementisers that open reported content ("أن"/"إن" fold alike).
COMPLEMENTISERS = fold(
    "أن إن أنه أنها أنهم أنهما أنني أننا أنهن إنه إنها إنهم إنني إننا "
    "بأن بأنه بأنها بأنهم بأنهما فإن فإنه فإنها"
)
#: Words after which "أن" introduces a verb ("يمكن أن تنتقل"), not reported content.
MODALS = fold(
    "يمكن يمكنه يمكنها يجب ينبغي يريد تريد يريدون يستطيع تستطيع بعد قبل دون بدون عسى "
    "يتوقع يرجح المتوقع المقرر المرجح المفترض ضرورة يحتمل"
)
#: Particles allowed between a verb and its complementiser ("أشار إلى أن", "أكد على أن").
COMPLEMENT_LEADS = fold("إلى على")
#: "قوله إن", "قولها إن": the masdar that introduces a quotation after "نقل عن".
SAYING_NOUNS = fold("قوله قولها قولهم بقوله بقولها بقولهم")

#: Prepositional cues, as word sequences (a trailing "ل" is the clitic of the next word:
#: "وفقا لمسؤول", "وفقًا لـ «رويترز»"). The first word may carry و/ف. Each may also be
#: followed by "ما" and a verb of saying ("بحسب ما نقلته وكالة ...", "حسب ما ذكر ..."),
#: which the suggester reads as part of the cue.
PREPOSITIONAL_CUES: tuple[tuple[str, ...], ...] = tuple(
    tuple(normalize_for_search(w) for w in cue.split())
    for cue in (
        "وفقا ل",
        "طبقا ل",
        "نقلا عن",
        "على لسان",
        "وفق",
        "بحسب",
        "حسب",
    )
)
#: "ما" in "بحسب ما ذكر": a verb of saying follows.
MA = normalize_for_search("ما")
#: Object pronouns a verb of saying may carry after "ما" ("نقلته", "ذكرها").
OBJECT_SUFFIXES = ("ته", "ها", "ه")

#: Anonymity markers: a source described with one of these is anonymous.
ANONYMITY_MARKERS: tuple[tuple[str, ...], ...] = tuple(
    tuple(normalize_for_search(w) for w in m.split())
    for m in (
        "شريطة عدم الكشف عن هويته",
        "شريطة عدم الكشف عن هويتها",
        "شريطة عدم الكشف عن هويتهم",
        "شريطة عدم الكشف عن اسمه",
        "شريطة عدم ذكر اسمه",
        "طلب عدم الكشف عن هويته",
        "طلبت عدم الكشف عن هويتها",
        "طلبوا عدم الكشف عن هويتهم",
        "طلب عدم ذكر اسمه",
        "طلب عدم نشر اسمه",
        "لم يكشف عن اسمه",
        "لم يكشف عن هويته",
        "رفض الكشف عن اسمه",
        "فضل عدم الكشف عن اسمه",
        "مفضلا عدم الكشف عن هويته",
    )
)

#: Verbs that introduce an anonymity marker ("تحدث شريطة عدم الكشف عن هويته").
MARKER_VERBS = fold("تحدث تحدثت تحدثوا متحدثا متحدثة مشترطا اشترط اشترطت")

#: Words that end the name of a source after a verb: times, circumstances and connectives.
TIME_WORDS = fold(
    "اليوم أمس غدا الليلة حينئذ حينها وقتها آنذاك أيضا كذلك الآن مساء صباح ظهر ظهيرة "
    "يوم الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد "
    "مؤخرا سابقا لاحقا مجددا بدوره بدورها بدورهم أخيرا"
)
#: "في" + one of these opens the circumstance of a statement, not part of the speaker.
SPEECH_NOUNS = fold(
    "حوار مقابلة مؤتمر تصريح تصريحات بيان حديث كلمة إيجاز تغريدة رسالة لقاء اتصال "
    "منشور تدوينة خطاب مداخلة جلسة اجتماع برنامج تقرير"
)
#: Words that open an adverbial phrase after the speaker ("خلال مؤتمر صحفي").
CIRCUMSTANCE_WORDS = fold("خلال أثناء عبر بعد قبل منذ عقب إثر لدى")
#: Prepositions that cannot open the name of a source.
PREPOSITIONS = fold("في على من إلى عن مع ب ل منذ حتى")
#: Prepositions carrying a pronoun: "عنهم", "لها" open a phrase, never a source's name.
PRONOUN_PREPOSITIONS = fold(
    "عنه عنها عنهم منه منها منهم له لها لهم عليه عليها عليهم فيه فيها فيهم إليه إليها إليهم "
    "معه معها معهم به بها بهم"
)
#: Nouns of time, for skipping "في وقت سابق", "في الساعة 17.00".
TIME_NOUNS = fold(
    "وقت الوقت ساعة الساعة يوم اليوم أيام الأيام أسبوع الأسبوع شهر الشهر سابق لاحق وقتها"
)
#: Nouns that open the object of أعلن/كشف (what was announced), never part of the speaker:
#: "أعلن وزير الصحة التركي ارتفاع عدد الوفيات".
REPORT_NOUNS = fold(
    "ارتفاع انخفاض تراجع زيادة تسجيل وفاة وفيات إصابة إصابات شفاء تعافي اكتشاف رصد تأكيد "
    "عدد حصيلة أول مقتل إصابته وصول"
)
#: Objects of أعلن/كشف that are measures declared, not claims ("أعلن حالة الطوارئ").
MEASURE_NOUNS = fold(
    "حالة إغلاق حظر فرض تعليق إلغاء منع تمديد رفع استئناف إطلاق تأجيل"
)
#: Subordinators: a verb right after one has an implied subject ("حين ذكر لصحيفة ...").
SUBORDINATORS = fold("حين حينما عندما بعدما لما كما إذ حيث بينما فيما")
#: Relative pronouns: "المسؤول، الذي تحدث شريطة ..." describes, not names, the speaker.
RELATIVES = fold("الذي التي الذين اللذين اللتين اللواتي")

#: Connectives that open a sentence and are left out of a span when a comma follows them.
LEADING_CONNECTIVES: tuple[tuple[str, ...], ...] = tuple(
    tuple(normalize_for_search(w) for w in c.split())
    for c in (
        "إلى ذلك", "من جهته", "من جهتها", "من جانبه", "من جانبها", "في المقابل", "بدوره",
        "بدورها", "وفي المقابل", "ومن جهته", "ومن جهتها", "ومن جانبه", "ومن جانبها",
        "في غضون ذلك", "في الأثناء", "في سياق متصل", "وفي سياق متصل", "هذا", "يذكر أن",
    )
)
#: A comma followed by one of these opens the writer's context clause: a span ends there.
CONTEXT_OPENERS = fold("وسط")
#: "يذكر أن", "يُذكر": impersonal ("it is worth recalling"), not a source speaking.
IMPERSONAL_FORMS = fold("يذكر يشار يعتقد يقال")

# --- kinds of source ------------------------------------------------------------------------
ANONYMOUS_SOURCE_WORDS = fold("مصدر مصادر مصدرا المصدر المصادر")
ANONYMOUS_OFFICIAL_WORDS = fold("مسؤول مسؤولة مسؤولون مسؤولين مسئول مسئولون مسئولين")
TITLE_WORDS = fold(
    "رئيس رئيسة وزير وزيرة مدير مديرة المدير المديرة المتحدث المتحدثة متحدث الناطق "
    "الناطقة ناطق نائب نائبة سفير سفيرة حاكم حاكمة قائد أمين الأمين كبير كبيرة عضو عضوة "
    "محافظ عمدة الرئيس الملك الأمير ولي مستشار مستشارة زعيم زعيمة الوزير الوزيرة الحاكم "
    "المستشار السفير القائد النائب المبعوث مبعوث مندوب المندوب منسق المنسق"
)
EXPERT_WORDS = fold(
    "أكاديمي الأكاديمي محلل المحلل خبير الخبير خبراء الخبراء باحث الباحث باحثون الباحثون "
    "أستاذ الأستاذ الدكتور دكتور البروفيسور بروفيسور اختصاصي أخصائي المختص مختص علماء"
)
OUTLET_WORDS = fold(
    "وكالة قناة صحيفة موقع تلفزيون التلفزيون إذاعة الإذاعة مجلة شبكة جريدة وسائل وكالات "
    "إعلام صحف مراسل مراسلة"
)
AGENCY_HINTS = fold("أنباء الأنباء للأنباء")
DOCUMENT_WORDS = fold(
    "تقرير التقرير التقارير تقارير بيان البيان دراسة الدراسة وثيقة الوثيقة إحصاء "
    "الإحصاء إحصائية إحصاءات حصيلة الحصيلة تقديرات التقديرات بيانات قاعدة استطلاع "
    "الاستطلاع مذكرة رسالة"
)
ORGANISATION_WORDS = fold(
    "وزارة الوزارة منظمة المنظمة حكومة الحكومة السلطات سلطات البرلمان برلمان الجيش جيش "
    "جامعة الجامعة مجلس المجلس هيئة الهيئة اتحاد الاتحاد رابطة الرابطة شركة الشركة "
    "البيت الأبيض البنتاغون مكتب المكتب مركز المركز معهد المعهد إدارة الإدارة الشرطة "
    "مفوضية المفوضية الخارجية الداخلية الأمم بلدية البلدية الولاية ولاية المؤسسة مؤسسة"
)
SOCIAL_WORDS = fold("تغريدة حساب منشور تدوينة تويتر فيسبوك إنستغرام تيليغرام")
#: Countries and a few capitals standing for their governments ("أعلنت إيطاليا ...").
COUNTRY_WORDS = fold(
    "مصر السعودية العراق سوريا لبنان الأردن فلسطين إسرائيل إيران تركيا قطر الكويت البحرين "
    "الإمارات عمان اليمن ليبيا تونس الجزائر المغرب موريتانيا السودان الصومال جيبوتي "
    "فرنسا ألمانيا إيطاليا إسبانيا بريطانيا البرتغال هولندا بلجيكا سويسرا النمسا اليونان "
    "السويد النرويج الدنمارك فنلندا بولندا روسيا أوكرانيا الصين اليابان كوريا الهند "
    "باكستان أفغانستان إندونيسيا ماليزيا الفلبين أستراليا كندا المكسيك البرازيل الأرجنتين "
    "نيجيريا السنغال إثيوبيا كينيا واشنطن موسكو بكين طهران أنقرة باريس لندن برلين"
)
ARMED_GROUP_WORDS = fold("فصائل الفصائل كتائب فصيل جماعة الجماعة تنظيم حركة الحركة ميليشيا")

#: Order matters: the first family a source's head word belongs to decides its kind.
KIND_FAMILIES: tuple[tuple[SourceKind, frozenset[str]], ...] = (
    (SourceKind.ANONYMOUS_SOURCES, ANONYMOUS_SOURCE_WORDS),
    (SourceKind.ANONYMOUS_OFFICIAL, ANONYMOUS_OFFICIAL_WORDS),
    (SourceKind.EXPERT, EXPERT_WORDS),
    (SourceKind.NAMED_OFFICIAL, TITLE_WORDS),
    (SourceKind.SOCIAL_MEDIA, SOCIAL_WORDS),
    (SourceKind.OUTLET, OUTLET_WORDS),
    (SourceKind.DOCUMENT, DOCUMENT_WORDS),
    (SourceKind.ARMED_GROUP, ARMED_GROUP_WORDS),
    (SourceKind.ORGANISATION, ORGANISATION_WORDS | COUNTRY_WORDS),
)
