"""Qt item models over service data (no SQL here: rows come from ``Workspace``).

GUI thread only. The library model fetches rows into the view lazily (``canFetchMore`` /
``fetchMore``), so a 10,000-article workspace never lays out 10,000 rows at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView

from annotator.domain.models import ArticleSummary, Claim, Status

ArticleIdRole = Qt.ItemDataRole.UserRole + 1
ClaimIdRole = Qt.ItemDataRole.UserRole + 2

_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` literally. Qt renders a tooltip as rich text when it
    merely looks like HTML, so user text (a title or a note with ``<b>``) is escaped and
    wrapped as rich text explicitly."""
    import html  # here, not with the module: see ui.article_view._plain_tooltip_html

    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def select_table_row(view: QAbstractItemView, row: int) -> None:
    """Select (and make current) a whole row of ``view``. Not ``QTableView.selectRow``: in a
    right-to-left table it looks the column up at the viewport's right edge, which is past
    the last column when the columns exactly fill the view, and then selects nothing (the
    Arabic interface's claim table lost its selection that way)."""
    index = view.model().index(row, 0)
    flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
             | QItemSelectionModel.SelectionFlag.Rows)
    view.selectionModel().setCurrentIndex(index, flags)


def isolate(text: str) -> str:
    """Wrap user text in a first-strong isolate (U+2068 ... U+2069) so an Arabic title or a
    stray bidi control in it cannot reorder the interface text around it."""
    return f"\u2068{text}\u2069"


class ArticleListModel(QAbstractListModel):
    """The library: one row per article: title, outlet, claim count (tooltip: per status)."""

    BATCH = 200

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ArticleSummary] = []
        self._loaded = 0
        self._fetching = False
        self._status_labels: dict[str, str] = {}
        self._claims_word = "claims"

    def set_labels(self, status_labels: dict[str, str], claims_word: str) -> None:
        self._status_labels = status_labels
        self._claims_word = claims_word

    def set_articles(self, rows: list[ArticleSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._loaded = min(self.BATCH, len(self._rows))
        self.endResetModel()

    def total(self) -> int:
        return len(self._rows)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else self._loaded

    def canFetchMore(self, parent: _Index) -> bool:
        return not parent.isValid() and not self._fetching and self._loaded < len(self._rows)

    def fetchMore(self, parent: _Index) -> None:
        # Re-entrancy guard: views and testers may ask for more from inside the
        # rowsAboutToBeInserted notification of this very insertion.
        if parent.isValid() or self._fetching:
            return
        more = min(self.BATCH, len(self._rows) - self._loaded)
        if more <= 0:
            return
        self._fetching = True
        try:
            self.beginInsertRows(QModelIndex(), self._loaded, self._loaded + more - 1)
            self._loaded += more
            self.endInsertRows()
        finally:
            self._fetching = False

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._loaded:
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            outlet = f"{isolate(row.outlet)} · " if row.outlet else ""
            return f"{isolate(row.title)}\n{outlet}{row.claim_count} {self._claims_word}"
        if role == Qt.ItemDataRole.ToolTipRole:
            counts = ", ".join(
                f"{self._status_labels.get(k, k)}: {n}" for k, n in row.status_counts
            )
            return plain_tooltip("\n".join(
                x for x in (row.title, row.outlet or "", row.published or "", counts) if x))
        if role == ArticleIdRole:
            return row.id
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{row.title}, {row.claim_count} {self._claims_word}"
        return None

    def update_article(self, summary: ArticleSummary) -> None:
        """Replace one article's row in place (e.g. its counts after an edit)."""
        for i, row in enumerate(self._rows):
            if row.id == summary.id:
                self._rows[i] = summary
                if i < self._loaded:
                    index = self.index(i)
                    self.dataChanged.emit(index, index)
                return

    def row_of(self, article_id: str) -> int:
        """The row of an article, fetching rows up to it if needed; -1 if not listed."""
        for i, row in enumerate(self._rows):
            if row.id == article_id:
                while self._loaded <= i:
                    self.fetchMore(QModelIndex())
                return i
        return -1


class ClaimTableModel(QAbstractTableModel):
    """The article's claims in reading order: number, quote, sources, status, editor."""

    COLUMNS = ("#", "Quote", "Sources", "Status", "Editor")

    def __init__(self) -> None:
        super().__init__()
        self._claims: list[Claim] = []
        self._statuses: dict[str, Status] = {}
        self._editors: dict[str, str] = {}
        self._language = "en"
        self._headers = list(self.COLUMNS)

    def set_headers(self, headers: list[str]) -> None:
        self._headers = headers
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(headers) - 1)

    def set_claims(self, claims: list[Claim], statuses: list[Status],
                   editors: dict[str, str], language: str) -> None:
        self.beginResetModel()
        self._claims = list(claims)
        self._statuses = {s.id: s for s in statuses}
        self._editors = editors
        self._language = language
        self.endResetModel()

    def claim_at(self, row: int) -> Claim | None:
        return self._claims[row] if 0 <= row < len(self._claims) else None

    def row_of(self, claim_id: str | None) -> int:
        return next((i for i, c in enumerate(self._claims) if c.id == claim_id), -1)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._claims)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._claims):
            return None
        claim = self._claims[index.row()]
        column = index.column()
        status = self._statuses.get(claim.status_id)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return plain_tooltip(str(text)) if text else None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == 0:
                return str(index.row() + 1)
            if column == 1:
                return claim.quote
            if column == 2:
                return "، ".join(
                    (s.name_ar or s.name_en) if self._language == "ar" else (
                        s.name_en or s.name_ar)
                    for s in claim.sources
                )
            if column == 3:
                return status.label(self._language) if status else claim.status_id
            if column == 4:
                return self._editors.get(claim.updated_by or "", "")
        if role == Qt.ItemDataRole.DecorationRole and column == 3 and status is not None:
            return QColor(status.color)
        if role == ClaimIdRole:
            return claim.id
        return None
