"""Defaults created with every new workspace (domain.md): statuses and well-known sources.

Status ids are stable forever (they are in exported data); labels and colours are editable.
"""

from __future__ import annotations

from annotator.domain.models import SourceKind, Status

DEFAULT_STATUS_ID = "unverified"

DEFAULT_STATUSES: tuple[Status, ...] = (
    Status("unverified", "لم يُتحقق منه", "Unverified", "#fff59d", None, 0),
    Status("in_progress", "قيد التحقق", "In progress", "#90caf9", None, 1),
    Status("true", "صحيح", "True", "#a5d6a7", 5, 2),
    Status("mostly_true", "صحيح في معظمه", "Mostly true", "#c5e1a5", 4, 3),
    Status("misleading", "مضلل", "Misleading", "#ffcc80", 2, 4),
    Status("false", "زائف", "False", "#ef9a9a", 1, 5),
    Status("unverifiable", "لا يمكن التحقق منه", "Unverifiable", "#cfd8dc", None, 6),
    Status("not_checkable", "رأي أو ليس ادعاءً", "Opinion / not checkable", "#e1bee7", None, 7),
)

# (Arabic name, English name, kind, aliases as they appear in text)
DEFAULT_SOURCES: tuple[tuple[str, str, SourceKind, tuple[str, ...]], ...] = (
    ("رويترز", "Reuters", SourceKind.NEWS_AGENCY, ("وكالة رويترز", "وكالة رويترز للأنباء")),
    (
        "وكالة الصحافة الفرنسية",
        "AFP",
        SourceKind.NEWS_AGENCY,
        ("فرانس برس", "فرانس پرس", "أ ف ب", "Agence France-Presse"),
    ),
    ("أسوشيتد برس", "AP", SourceKind.NEWS_AGENCY, ("أسوشييتد برس", "Associated Press")),
    ("بي بي سي", "BBC", SourceKind.OUTLET, ("هيئة الإذاعة البريطانية", "بي بي سي عربي")),
    ("الجزيرة", "Al Jazeera", SourceKind.OUTLET, ("قناة الجزيرة",)),
    ("العربية", "Al Arabiya", SourceKind.OUTLET, ("قناة العربية",)),
    ("مسؤول أميركي", "US official", SourceKind.ANONYMOUS_OFFICIAL, ("مسؤول أمريكي",)),
    ("مصادر أمنية وحكومية", "Security and government sources", SourceKind.ANONYMOUS_SOURCES, ()),
    (
        "محمد شياع السوداني",
        "Mohammed Shia al-Sudani",
        SourceKind.NAMED_OFFICIAL,
        ("السوداني", "رئيس الوزراء العراقي"),
    ),
    ("منظمة الصحة العالمية", "World Health Organization", SourceKind.ORGANISATION, ("WHO",)),
)

# Labels of the source kinds (domain.md); stored in the workspace so they can be renamed.
SOURCE_KIND_LABELS: tuple[tuple[SourceKind, str, str], ...] = (
    (SourceKind.NEWS_AGENCY, "وكالة أنباء", "News agency"),
    (SourceKind.OUTLET, "وسيلة إعلام", "Broadcaster / outlet"),
    (SourceKind.NAMED_OFFICIAL, "مسؤول مسمّى", "Named official"),
    (SourceKind.ANONYMOUS_OFFICIAL, "مسؤول مجهول الهوية", "Anonymous official"),
    (SourceKind.ANONYMOUS_SOURCES, "مصادر مجهولة", "Anonymous sources"),
    (SourceKind.EXPERT, "خبير / محلل", "Expert / analyst"),
    (SourceKind.ORGANISATION, "منظمة / جهة حكومية", "Organisation / government body"),
    (SourceKind.ARMED_GROUP, "جماعة / فصيل مسلح", "Armed group / faction"),
    (SourceKind.DOCUMENT, "وثيقة / تقرير", "Document / report"),
    (SourceKind.SOCIAL_MEDIA, "وسائل التواصل الاجتماعي", "Social media"),
)
