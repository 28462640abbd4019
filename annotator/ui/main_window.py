"""The main window: the article library, the article view, and the article's claims.

Runs on the GUI thread; reads and writes only through :class:`Workspace`.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import Article, Claim, Status
from annotator.domain.operations import ChangeSet, CreateClaim, DeleteClaim, Operation, UpdateClaim
from annotator.services import annotating
from annotator.services.workspace import Workspace
from annotator.text.graphemes import snap_out, snap_to_words
from annotator.ui.article_view import ArticleView
from annotator.ui.claim_panel import ClaimPanel
from annotator.ui.fonts import reading_font
from annotator.ui.models import ArticleIdRole, ArticleListModel
from annotator.ui.undo import OperationCommand


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

        self.undo_stack = QUndoStack(self)
        self.claim_panel = ClaimPanel(self.submit, language=language)
        self.selected_claim_id: str | None = None

        claims_list_box = QWidget()
        claims_layout = QVBoxLayout(claims_list_box)
        claims_layout.setContentsMargins(0, 0, 0, 0)
        claims_layout.addWidget(QLabel(self.tr("Claims")))
        claims_layout.addWidget(self.claim_list, 1)
        claims_box = QSplitter(Qt.Orientation.Vertical)
        claims_box.addWidget(self.claim_panel)
        claims_box.addWidget(claims_list_box)
        claims_box.setSizes([520, 300])

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
        self.claim_panel.set_catalogue(self._statuses, workspace.sources())
        self._claims: list[Claim] = []
        self.current_article: Article | None = None
        self._build_actions()
        self.article_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.article_view.customContextMenuRequested.connect(self._article_context_menu)
        self.refresh_articles()

    # --- actions (declared once: label, shortcut, handler) -----------------------------------
    def _build_actions(self) -> None:
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        claim_menu = self.menuBar().addMenu(self.tr("&Claim"))
        self.mark_action = self._action(
            claim_menu, self.tr("&Mark claim (whole words)"), "Ctrl+M", self.mark_claim
        )
        self.mark_exact_action = self._action(
            claim_menu, self.tr("Mark claim (&exact selection)"), "Ctrl+Shift+M",
            lambda: self.mark_claim(exact=True),
        )
        self.delete_action = self._action(
            claim_menu, self.tr("&Delete claim"), "Delete", self.delete_claim
        )
        status_menu = claim_menu.addMenu(self.tr("&Status"))
        self.status_actions: list[QAction] = []
        for number, status in enumerate(self._statuses[:9], start=1):
            action = self._action(
                status_menu, f"{number}  {status.label(self.language)}", str(number),
                lambda checked=False, sid=status.id: self.set_status(sid),
            )
            self.status_actions.append(action)
        self._update_enablement()

    def _action(self, menu: QMenu, label: str, shortcut: str, handler: object) -> QAction:
        action = QAction(label, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(handler)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _update_enablement(self) -> None:
        has_claim = self.selected_claim_id is not None
        self.delete_action.setEnabled(has_claim)
        for action in self.status_actions:
            action.setEnabled(has_claim)

    def _article_context_menu(self, pos: object) -> None:
        menu = self.article_view.createStandardContextMenu()
        menu.addSeparator()
        menu.addAction(self.mark_action)
        menu.addAction(self.mark_exact_action)
        menu.exec(self.article_view.mapToGlobal(pos))  # type: ignore[arg-type]

    # --- editing -----------------------------------------------------------------------------
    def submit(self, operation: Operation, label: str) -> None:
        """Apply one operation as one undo step; errors become a message, nothing changes."""
        try:
            self.undo_stack.push(OperationCommand(self.workspace, operation, label,
                                                  self._on_change))
        except AnnotatorError as exc:
            QMessageBox.warning(self, self.tr("Not changed"), str(exc))

    def mark_claim(self, exact: bool = False) -> str | None:
        """Mark the selection as a claim. It snaps outward to whole words (clitics stay with
        their word) unless ``exact``; either way it never splits a letter from its marks."""
        if self.current_article is None:
            return None
        span = self.article_view.selection_codepoints()
        if span is None:
            return None
        text = self.current_article.text
        start, end = span
        # Never spaces at the edges, even for an exact selection.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return None
        start, end = snap_out(text, start, end) if exact else snap_to_words(text, start, end)
        try:
            claim = annotating.build_claim(
                self.workspace.db, article_id=self.current_article.id, start=start, end=end,
                editor_id=self.workspace.editor_id(), status_id="unverified",
            )
        except AnnotatorError as exc:
            QMessageBox.warning(self, self.tr("Not marked"), str(exc))
            return None
        self.selected_claim_id = claim.id
        self.submit(CreateClaim(claim), self.tr("Mark claim"))
        return claim.id

    def delete_claim(self) -> None:
        if self.selected_claim_id is not None:
            self.submit(DeleteClaim(self.selected_claim_id), self.tr("Delete claim"))

    def set_status(self, status_id: str) -> None:
        if self.selected_claim_id is not None:
            self.submit(UpdateClaim(self.selected_claim_id, (("status_id", status_id),)),
                        self.tr("Set status"))

    def _on_change(self, changes: ChangeSet) -> None:
        """Refresh what an operation touched (the current article's claims and counts)."""
        if self.current_article is not None and self.current_article.id in changes.article_ids:
            self._reload_claims()
        else:
            for article_id in changes.article_ids:  # undo in another article: go there
                self.open_article(article_id)
                break
        if changes.claims_removed and self.selected_claim_id in changes.claims_removed:
            self.select_claim(None)
        elif changes.claims_added:
            self.select_claim(changes.claims_added[0])
        else:
            self.select_claim(self.selected_claim_id)
        self._refresh_library()

    def _refresh_library(self) -> None:
        """Reload the library rows (claim counts) keeping the current article selected,
        without re-opening it."""
        blocker = QSignalBlocker(self.article_list.selectionModel())
        self.article_model.set_articles(self.workspace.articles())
        if self.current_article is not None:
            row = self.article_model.row_of(self.current_article.id)
            if row >= 0:
                self.article_list.setCurrentIndex(self.article_model.index(row))
        blocker.unblock()

    def select_claim(self, claim_id: str | None) -> None:
        claim = next((c for c in self._claims if c.id == claim_id), None)
        self.selected_claim_id = claim.id if claim else None
        self.claim_panel.show_claim(claim, self.workspace.editor_names())
        self._update_enablement()

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
        self._show_counts()
        self.select_claim(None)
        row = self.article_model.row_of(article.id)
        if row >= 0 and self.article_list.currentIndex().row() != row:
            self.article_list.setCurrentIndex(self.article_model.index(row))

    def _reload_claims(self) -> None:
        assert self.current_article is not None
        self._claims = self.workspace.claims(self.current_article.id)
        self.article_view.set_claims(self._claims, self._statuses)
        self._fill_claims()
        self._show_counts()

    def _show_counts(self) -> None:
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
                self.select_claim(claim.id)
                return
