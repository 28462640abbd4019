"""The main window: the article library, the article view, and the article's claims.

Runs on the GUI thread; reads and writes only through :class:`Workspace`.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import Article, Claim, Status
from annotator.services.workspace import Workspace
from annotator.ui.article_view import ArticleView
from annotator.ui.fonts import reading_font
from annotator.ui.models import ArticleIdRole, ArticleListModel


class MainWindow(QMainWindow):
    def __init__(self, workspace: Workspace, *, language: str = "en") -> None:
        super().__init__()
        self.workspace = workspace
        self.language = language
        self.setWindowTitle(self.tr("Arabic News Annotator"))
        self.resize(1400, 860)

        self.article_model = ArticleListModel()
        self.article_list = QListView()
        self.article_list.setModel(self.article_model)
        self.article_list.setWordWrap(True)
        self.article_list.setSpacing(3)
        self.article_list.setAlternatingRowColors(True)
        self.article_list.setFont(reading_font(12))
        self.article_list.selectionModel().selectionChanged.connect(self._on_article_selected)

        self.article_view = ArticleView()
        self.article_view.setFont(reading_font())

        self.claim_list = QListWidget()
        self.claim_list.setWordWrap(True)
        self.claim_list.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.claim_list.setFont(reading_font(12))
        self.claim_list.setSpacing(4)
        self.claim_list.setAlternatingRowColors(True)
        self.claim_list.itemActivated.connect(self._on_claim_activated)
        self.claim_list.itemClicked.connect(self._on_claim_activated)

        self.article_title = QLabel()
        self.article_title.setWordWrap(True)
        title_font = reading_font(17)
        title_font.setBold(True)
        self.article_title.setFont(title_font)
        self.article_title.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
        )
        self.article_title.setContentsMargins(8, 6, 8, 6)

        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.article_title)
        center_layout.addWidget(self.article_view)

        claims_box = QWidget()
        claims_layout = QVBoxLayout(claims_box)
        claims_layout.setContentsMargins(0, 0, 0, 0)
        claims_layout.addWidget(QLabel(self.tr("Claims")))
        claims_layout.addWidget(self.claim_list)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.article_list)
        splitter.addWidget(center)
        splitter.addWidget(claims_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 6)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([300, 760, 340])
        self.setCentralWidget(splitter)

        # A permanent label, not showMessage(): temporary messages vanish under tooltips.
        self.status_label = QLabel()
        self.statusBar().addWidget(self.status_label, 1)

        self._statuses: list[Status] = workspace.statuses()
        self._claims: list[Claim] = []
        self.current_article: Article | None = None
        self.refresh_articles()

    # --- library -----------------------------------------------------------------------------
    def refresh_articles(self) -> None:
        self.article_model.set_articles(self.workspace.articles())
        self.status_label.setText(
            self.tr("{n} articles · workspace {path} · editor {editor}").format(
                n=self.article_model.rowCount(), path=self.workspace.path,
                editor=self.workspace.editor_name,
            )
        )
        if self.article_model.rowCount() and self.current_article is None:
            self.article_list.setCurrentIndex(self.article_model.index(0))

    def _on_article_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            self.open_article(str(indexes[0].data(ArticleIdRole)))

    def open_article(self, article_id: str) -> None:
        article = self.workspace.article(article_id)
        self.current_article = article
        self._claims = self.workspace.claims(article.id)
        self.article_title.setText(article.title)
        self.article_view.show_article(article.text, self._claims, self._statuses)
        self._fill_claims()
        counts: dict[str, int] = {}
        for claim in self._claims:
            counts[claim.status_id] = counts.get(claim.status_id, 0) + 1
        labels = {s.id: s.label(self.language) for s in self._statuses}
        summary = " · ".join(f"{labels.get(k, k)}: {v}" for k, v in counts.items())
        self.status_label.setText(
            self.tr("{n} claims {summary} · workspace {path} · editor {editor}").format(
                n=len(self._claims), summary=f"({summary})" if summary else "",
                path=self.workspace.path, editor=self.workspace.editor_name,
            )
        )

    # --- claims ------------------------------------------------------------------------------
    def _fill_claims(self) -> None:
        self.claim_list.clear()
        labels = {s.id: s.label(self.language) for s in self._statuses}
        for claim in self._claims:
            who = "، ".join(s.name_ar or s.name_en for s in claim.sources) or "—"
            item = QListWidgetItem(f"{claim.quote}\n{who} · {labels.get(claim.status_id, '')}")
            item.setData(Qt.ItemDataRole.UserRole, claim.id)
            item.setToolTip(claim.note or claim.quote)
            self.claim_list.addItem(item)

    def _on_claim_activated(self, item: QListWidgetItem) -> None:
        claim_id = item.data(Qt.ItemDataRole.UserRole)
        for claim in self._claims:
            if claim.id == claim_id:
                self.article_view.select_codepoints(claim.start, claim.end)
                self.article_view.ensureCursorVisible()
                return
