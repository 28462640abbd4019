"""The words exported documents show (headings, column names, source kinds, roles), in
Arabic and English.

Reports and ClaimReview are documents for people, written in one language chosen per export
(``--lang``); status labels come from the workspace (editors rename them), everything else
from here. Data exports (JSONL, CSV ids) carry stable ids, never these words alone.
"""

from __future__ import annotations

from annotator.domain.models import SourceKind, SourceRole
from annotator.services.exports.base import Language

SOURCE_KINDS: dict[str, tuple[str, str]] = {
    SourceKind.NEWS_AGENCY: ("وكالة أنباء", "News agency"),
    SourceKind.OUTLET: ("وسيلة إعلام", "Broadcaster / outlet"),
    SourceKind.NAMED_OFFICIAL: ("مسؤول مسمّى", "Named official"),
    SourceKind.ANONYMOUS_OFFICIAL: ("مسؤول مجهول الهوية", "Anonymous official"),
    SourceKind.ANONYMOUS_SOURCES: ("مصادر مجهولة", "Anonymous sources"),
    SourceKind.EXPERT: ("خبير أو محلل", "Expert / analyst"),
    SourceKind.ORGANISATION: ("منظمة أو جهة حكومية", "Organisation / government body"),
    SourceKind.ARMED_GROUP: ("جماعة أو فصيل مسلح", "Armed group / faction"),
    SourceKind.DOCUMENT: ("وثيقة أو تقرير", "Document / report"),
    SourceKind.SOCIAL_MEDIA: ("وسائل التواصل الاجتماعي", "Social media"),
}

ROLES: dict[str, tuple[str, str]] = {
    SourceRole.SPEAKER: ("قائل", "speaker"),
    SourceRole.CARRIER: ("ناقل", "carrier"),
}

WORDS: dict[str, tuple[str, str]] = {
    "report_title": ("تقرير التحقق من الادعاءات", "Claim annotation report"),
    "generated": ("أُنشئ في", "Generated"),
    "summary": ("ملخص", "Summary"),
    "by_status": ("حسب حالة التحقق", "By verification status"),
    "by_source_kind": ("حسب نوع المصدر", "By source kind"),
    "articles": ("المقالات", "Articles"),
    "claims": ("الادعاءات", "Claims"),
    "count": ("العدد", "Count"),
    "number": ("رقم", "No."),
    "quote": ("النص", "Quote"),
    "sources": ("المصادر", "Sources"),
    "status": ("الحالة", "Status"),
    "note": ("ملاحظة", "Note"),
    "evidence": ("الأدلة", "Evidence"),
    "editor": ("المحرر", "Editor"),
    "dates": ("التواريخ", "Dates"),
    "created": ("أُنشئ", "Created"),
    "updated": ("عُدّل", "Updated"),
    "outlet": ("الوسيلة", "Outlet"),
    "published": ("تاريخ النشر", "Published"),
    "url": ("الرابط", "URL"),
    "no_claims": ("لا ادعاءات.", "No claims."),
    "no_source": ("بلا مصدر", "no source"),
    "unknown_kind": ("نوع غير محدد", "unspecified kind"),
    "filters": ("عوامل التصفية", "Filters"),
    "article": ("المقالة", "Article"),
    "wording": ("الصياغة", "Wording"),
}


def word(key: str, lang: Language) -> str:
    ar, en = WORDS[key]
    return ar if lang == "ar" else en


def kind_label(kind: str, lang: Language) -> str:
    pair = SOURCE_KINDS.get(kind)
    if pair is None:
        return kind or word("unknown_kind", lang)
    return pair[0] if lang == "ar" else pair[1]


def role_label(role: str, lang: Language) -> str:
    pair = ROLES.get(role, (role, role))
    return pair[0] if lang == "ar" else pair[1]
