"""Preferences, declared in one place over QSettings.

Each :class:`Setting` has a key, a type, a default and a description; read and write them
through :class:`Preferences` only, so the preferences dialog, the docs test and the code
agree. GUI thread only (QSettings is reentrant, but the app keeps one object).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QLocale, QSettings

ORGANISATION = "arabic-news-annotator"
APPLICATION = "Arabic News Annotator"


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    description: str


EDITOR_NAME = Setting("editor/name", str, "", "The editor's name, recorded with every change")
UI_LANGUAGE = Setting("ui/language", str, "auto",
                      "Interface language: auto (the system's), ar or en")
ARTICLE_FONT = Setting("article/font_family", str, "Noto Naskh Arabic",
                       "Font of the article text")
ARTICLE_FONT_SIZE = Setting("article/font_size", float, 15.0, "Article font size in points")
HIGHLIGHT_COLORS = Setting("article/highlight_colors", str, "{}",
                           "Highlight colour per status id (JSON), over the workspace's colours")
SNAP_TO_WORDS = Setting("editing/snap_to_words", bool, True,
                        "Marking a claim widens the selection to whole words")
WINDOW_GEOMETRY = Setting("window/geometry", bytes, b"", "Main window geometry")
WINDOW_STATE = Setting("window/state", bytes, b"", "Main window toolbars and docks")
SPLITTER_SIZES = Setting("window/splitter_sizes", str, "[]", "Widths of the three areas (JSON)")
PANEL_SIZES = Setting("window/panel_sizes", str, "[]", "Heights in the claim column (JSON)")

IMPORT_DIRECTORY = Setting("import/last_directory", str, "",
                           "Folder the Import dialog opens in (the last one used)")
RECENT_WORKSPACES = Setting("workspaces/recent", str, "[]",
                            "Recently opened workspace files, newest first (JSON list)")

EXPORT_DIRECTORY = Setting("export/last_directory", str, "",
                           "Folder the Export dialog proposes (the last one used)")
EXPORT_OPEN_RESULT = Setting("export/open_result", bool, True,
                             "Open the exported file when the export has finished")

ALL_SETTINGS: tuple[Setting, ...] = (
    EDITOR_NAME, UI_LANGUAGE, ARTICLE_FONT, ARTICLE_FONT_SIZE, HIGHLIGHT_COLORS, SNAP_TO_WORDS,
    WINDOW_GEOMETRY, WINDOW_STATE, SPLITTER_SIZES, PANEL_SIZES, IMPORT_DIRECTORY,
    RECENT_WORKSPACES, EXPORT_DIRECTORY, EXPORT_OPEN_RESULT,
)


class Preferences:
    """Typed access to the declared settings."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings or QSettings(ORGANISATION, APPLICATION)

    def get(self, setting: Setting) -> Any:
        value = self.qsettings.value(setting.key, setting.default)
        if value is None:
            return setting.default
        try:
            if setting.type is bool:
                return value if isinstance(value, bool) else str(value).lower() in ("true", "1")
            if setting.type is bytes:
                return bytes(value) if value else b""  # QByteArray or bytes
            return setting.type(value)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting, value: Any) -> None:
        self.qsettings.setValue(setting.key, value)

    # --- conveniences --------------------------------------------------------------------
    def language(self) -> str:
        """"ar" or "en": the chosen one, or the system locale's when "auto"."""
        chosen = str(self.get(UI_LANGUAGE))
        if chosen in ("ar", "en"):
            return chosen
        return "ar" if QLocale.system().language() == QLocale.Language.Arabic else "en"

    def highlight_colors(self) -> dict[str, str]:
        try:
            data = json.loads(self.get(HIGHLIGHT_COLORS))
        except ValueError:
            return {}
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def set_highlight_colors(self, colors: dict[str, str]) -> None:
        self.set(HIGHLIGHT_COLORS, json.dumps(colors, sort_keys=True))

    def sizes(self, setting: Setting) -> list[int]:
        try:
            data = json.loads(self.get(setting))
        except ValueError:
            return []
        return [int(x) for x in data] if isinstance(data, list) else []

    def set_sizes(self, setting: Setting, sizes: list[int]) -> None:
        self.set(setting, json.dumps(list(sizes)))
