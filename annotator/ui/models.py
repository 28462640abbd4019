"""Qt item models over service data (no SQL here: rows come from ``Workspace``)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from annotator.domain.models import ArticleSummary

ArticleIdRole = Qt.ItemDataRole.UserRole + 1

_Index = QModelIndex | QPersistentModelIndex


class ArticleListModel(QAbstractListModel):
    """The library: one row per article, title with outlet and claim count."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ArticleSummary] = []

    def set_articles(self, rows: list[ArticleSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            outlet = f"{row.outlet} · " if row.outlet else ""
            return f"{row.title}\n{outlet}{row.claim_count} ⚑"
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.title}\n{row.outlet or ''}\n{row.imported_at}\n{row.length} chars"
        if role == ArticleIdRole:
            return row.id
        return None

    def row_of(self, article_id: str) -> int:
        for i, row in enumerate(self._rows):
            if row.id == article_id:
                return i
        return -1
