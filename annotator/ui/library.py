"""The article library: a search box, filters (status, source, editor, outlet, date) and the
lazily fetched list of articles with their claim counts. GUI thread only; the panel never
reads the database: the window gives it the catalogue and the rows.
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QLineEdit, QListView, QVBoxLayout, QWidget

from annotator.domain.models import ArticleSummary, LibraryFilter, Source, Status
from annotator.ui.models import ArticleListModel


class LibraryPanel(QWidget):
    """Emits :attr:`changed` (debounced) when the query or a filter changes."""

    changed = Signal()

    def __init__(self, language: str = "en") -> None:
        super().__init__()
        self.language = language
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search articles and claims"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search articles and claims"))
        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Filter by status"))
        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("Filter by source"))
        self.editor = QComboBox()
        self.editor.setAccessibleName(self.tr("Filter by editor"))
        self.outlet = QComboBox()
        self.outlet.setAccessibleName(self.tr("Filter by outlet"))
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Filter by date"))
        for label, days in ((self.tr("Any date"), None), (self.tr("Today"), 0),
                            (self.tr("Last 7 days"), 7), (self.tr("Last 30 days"), 30),
                            (self.tr("Last 365 days"), 365)):
            self.period.addItem(label, days)

        self.model = ArticleListModel()
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setUniformItemSizes(True)  # constant-time layout for long libraries
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName(self.tr("Articles"))

        filters = QGridLayout()
        filters.addWidget(self.status, 0, 0)
        filters.addWidget(self.source, 0, 1)
        filters.addWidget(self.editor, 1, 0)
        filters.addWidget(self.outlet, 1, 1)
        filters.addWidget(self.period, 2, 0, 1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addLayout(filters)
        layout.addWidget(self.list, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(self.changed)
        self.search.textChanged.connect(self._debounce.start)
        for combo in (self.status, self.source, self.editor, self.outlet, self.period):
            combo.currentIndexChanged.connect(self._debounce.start)

    def set_catalogue(self, statuses: list[Status], sources: list[Source],
                      editors: dict[str, str], outlets: list[str]) -> None:
        """Fill the filter choices, keeping the current choices where they still exist."""
        def fill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for label, value in items:
                combo.addItem(label, value)
            found = combo.findData(current)
            combo.setCurrentIndex(found if found >= 0 else 0)
            combo.blockSignals(False)

        fill(self.status, self.tr("All statuses"),
             [(s.label(self.language), s.id) for s in statuses])
        fill(self.source, self.tr("All sources"),
             [(s.label(self.language), s.id) for s in sources])
        fill(self.editor, self.tr("All editors"),
             sorted((name, editor_id) for editor_id, name in editors.items()))
        fill(self.outlet, self.tr("All outlets"), [(o, o) for o in outlets])
        self.model.set_labels({s.id: s.label(self.language) for s in statuses},
                              self.tr("claims"))

    def query(self) -> str:
        return self.search.text()

    def filters(self) -> LibraryFilter:
        days = self.period.currentData()
        since = None if days is None else (date.today() - timedelta(days=int(days))).isoformat()
        return LibraryFilter(
            status_id=self.status.currentData(),
            source_id=self.source.currentData(),
            editor_id=self.editor.currentData(),
            outlet=self.outlet.currentData(),
            since=since,
        )

    def set_rows(self, rows: list[ArticleSummary]) -> None:
        self.model.set_articles(rows)
