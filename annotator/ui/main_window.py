"""The main window: the article library, the article view, the claim panel and the claims.

Runs on the GUI thread; reads and writes only through :class:`Workspace`. Every edit is one
operation pushed on the undo stack (:mod:`annotator.ui.undo`), so it is one transaction, one
undo step, and the views refresh from the ChangeSet it returns. In the Arabic interface the
whole layout is mirrored (right to left).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError, EditConflict
from annotator.domain.models import (
    EDITOR_LAYER,
    REVIEWED_LAYER,
    Article,
    Claim,
    Source,
    SourceKind,
    Status,
    new_id,
)
from annotator.services.workspace import Workspace
from annotator.text.graphemes import nudge, snap_out, snap_to_words
from annotator.ui import settings as S
from annotator.ui.article_view import ArticleView
from annotator.ui.claim_panel import ClaimPanel
from annotator.ui.export_action import make_export_action
from annotator.ui.fonts import reading_font
from annotator.ui.library import LibraryPanel
from annotator.ui.messages import choose_item, show_plain_message
from annotator.ui.models import (
    ArticleIdRole,
    ClaimTableModel,
    isolate,
    plain_tooltip,
    select_table_row,
)
from annotator.ui.undo import BatchCommand, OperationCommand

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDragMoveEvent, QDropEvent

    from annotator.domain.operations import ChangeSet, Operation
    from annotator.services.suggest_types import Suggestion
    from annotator.ui.export_dialog import ExportController
    from annotator.ui.import_dialogs import ImportController
    from annotator.ui.review_dialogs import MergeController
    from annotator.ui.review_window import ReviewWindow
    from annotator.ui.workspaces import WorkspaceController

# The edit operations (and services.annotating, which builds a claim) are imported in the
# methods that make them: no edit happens before the window is first drawn, and loading
# them costs ~7 ms of every start (see services.workspace).

# The File menu's controllers (import, merge, workspaces: their modules and dialogs) are
# imported after the first paint or on first use, not before the window shows: ~7 ms of the
# cold start, for entries nobody can reach before the window is drawn.


class MainWindow(QMainWindow):
    changed = Signal(object)  # ChangeSet: after every applied operation, undo and redo too
    article_opened = Signal(str)  # article id
    #: After :meth:`reload_from_workspace`: another process or a merge wrote to the workspace.
    reloaded = Signal()
    # Once, after the window was first drawn and its File menu completed (see
    # `_after_first_paint`): for work that must not delay the first paint.
    first_painted = Signal()

    def __init__(
        self,
        workspace: Workspace,
        *,
        language: str | None = None,
        preferences: S.Preferences | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.preferences = preferences or S.Preferences()
        self.language = language or self.preferences.language()
        if self.language == "ar":
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setWindowTitle(self.tr("Arabic News Annotator"))
        self.resize(1400, 860)
        self.undo_stack = QUndoStack(self)
        self.selected_claim_id: str | None = None
        self.current_article: Article | None = None
        self._claims: list[Claim] = []
        self._statuses: list[Status] = []
        # Which claims the window shows and marks: the editors' (default) or, for an
        # adjudicator editing the outcome, the reviewed layer.
        self.layer = EDITOR_LAYER
        self.review_window: ReviewWindow | None = None

        # --- library -----------------------------------------------------------------------
        self.library = LibraryPanel(self.language)
        self.article_list = self.library.list
        self.article_model = self.library.model
        self.article_list.selectionModel().selectionChanged.connect(self._on_article_selected)
        self.library.changed.connect(self.refresh_articles)

        # --- article -----------------------------------------------------------------------
        self.article_title = QLabel()
        self.article_title.setWordWrap(True)
        self.article_title.setTextFormat(Qt.TextFormat.PlainText)
        self.article_title.setAlignment(
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
        )
        self.article_title.setContentsMargins(8, 6, 8, 6)
        self.article_title.setAccessibleName(self.tr("Article title"))
        self.article_view = ArticleView()
        self.article_view.setAccessibleName(self.tr("Article text"))
        self.article_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.article_view.customContextMenuRequested.connect(self._article_context_menu)
        self.article_view.span_edited.connect(self.change_span)
        self.article_view.set_language(self.language)
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.article_title)
        # Shown while the reviewed layer is: edits here change the adjudicated outcome.
        self.layer_banner = QLabel(self.tr(
            "Reviewed layer: the adjudicated claims (View > Show the reviewed layer to go "
            "back to the editors' claims)"))
        self.layer_banner.setTextFormat(Qt.TextFormat.PlainText)
        self.layer_banner.setWordWrap(True)
        self.layer_banner.setContentsMargins(8, 4, 8, 4)
        self.layer_banner.setStyleSheet(
            "QLabel { background: palette(highlight); color: palette(highlighted-text); }")
        self.layer_banner.hide()
        center_layout.addWidget(self.layer_banner)
        center_layout.addWidget(self.article_view, 1)

        # --- claims ------------------------------------------------------------------------
        self.claim_panel = ClaimPanel(
            self.submit, self.language, submit_macro=self.submit_macro,
            ask_new_source=self.ask_new_source,
        )
        self.claim_model = ClaimTableModel()
        self.claim_model.set_headers(
            ["#", self.tr("Quote"), self.tr("Sources"), self.tr("Status"), self.tr("Editor")]
        )
        self.claim_table = QTableView()
        self.claim_table.setModel(self.claim_model)
        self.claim_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.claim_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.claim_table.setWordWrap(False)
        self.claim_table.verticalHeader().hide()
        header = self.claim_table.horizontalHeader()
        # The quote takes the room; the other columns keep to a readable width (a long list
        # of sources must not push the quote out of sight).
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((2, 110), (3, 105), (4, 70)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.claim_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.claim_table.setAccessibleName(self.tr("Claims of the article"))
        self.claim_table.clicked.connect(self._on_claim_clicked)
        self.claim_table.activated.connect(self._on_claim_clicked)
        self.suggestion_list = QListWidget()
        self.suggestion_list.setWordWrap(True)
        self.suggestion_list.setSpacing(3)
        # Arabic quotes: right-aligned rows, whatever the interface language.
        self.suggestion_list.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.suggestion_list.setAccessibleName(self.tr("Suggested attributions"))
        self.suggestion_list.currentRowChanged.connect(self._on_suggestion_row)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.claim_table, self.tr("Claims"))
        self.tabs.addTab(self.suggestion_list, self.tr("Suggestions"))
        claims_box = QWidget()
        claims_layout = QVBoxLayout(claims_box)
        claims_layout.setContentsMargins(0, 0, 0, 0)
        claims_layout.addWidget(self.tabs, 1)
        self._suggestions: list[Suggestion] = []
        self.suggestions_shown = False
        self.side_splitter = QSplitter(Qt.Orientation.Vertical)
        self.side_splitter.addWidget(self.claim_panel)
        self.side_splitter.addWidget(claims_box)
        self.side_splitter.setSizes([520, 300])

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.library)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.side_splitter)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 680, 460])
        self.setCentralWidget(self.splitter)

        # A permanent label, not showMessage(): temporary messages vanish under tooltips.
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status_label, 1)

        self._import_running = False
        self._build_actions()
        self.apply_preferences()
        self.reload_catalogue()
        self._restore_layout()
        self.refresh_articles()
        self.last_refusal: str | None = None
        # Changes made elsewhere (another window, the CLI, a merge) appear without a restart.
        self._data_version = self.workspace.data_version()
        self.external_timer = QTimer(self)
        self.external_timer.setInterval(1000)
        self.external_timer.timeout.connect(self._poll_external_changes)
        self.external_timer.start()

    # --- actions (declared once: label, shortcut, handler; listed in the menus) --------------
    def _build_actions(self) -> None:
        self.file_menu = self.menuBar().addMenu(self.tr("&File"))
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        view = self.menuBar().addMenu(self.tr("&View"))
        claim_menu = self.menuBar().addMenu(self.tr("&Claim"))
        self.undo_action = self.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        # Fixed toolbar labels: the menu entries say what will be undone ("Undo Mark claim").
        self.undo_action.setIconText(self.tr("Undo"))
        self.redo_action.setIconText(self.tr("Redo"))
        edit.addAction(self.undo_action)
        edit.addAction(self.redo_action)
        edit.addSeparator()
        self._action(edit, self.tr("&Find in library"), QKeySequence.StandardKey.Find,
                     self._focus_search)
        self.taxonomy_action = self._action(
            edit, self.tr("Sources and &statuses…"), "Ctrl+T", self.show_taxonomy)
        self.preferences_action = self._action(
            edit, self.tr("&Preferences…"), QKeySequence.StandardKey.Preferences,
            self.show_preferences)
        if self.preferences_action.shortcut().isEmpty():
            self.preferences_action.setShortcut(QKeySequence("Ctrl+,"))

        self._action(view, self.tr("Zoom &in"), QKeySequence.StandardKey.ZoomIn,
                     self.article_view.zoom_in)
        self._action(view, self.tr("Zoom &out"), QKeySequence.StandardKey.ZoomOut,
                     self.article_view.zoom_out)
        self._action(view, self.tr("&Reset zoom"), "Ctrl+0", self.article_view.zoom_reset)
        view.addSeparator()
        self._action(view, self.tr("&Progress of the editors…"), "Ctrl+Shift+P",
                     self.show_progress)
        self.reviewed_layer_action = self._action(
            view, self.tr("Show the re&viewed layer"), "Ctrl+Shift+L",
            lambda: self.show_layer(REVIEWED_LAYER if self.reviewed_layer_action.isChecked()
                                    else EDITOR_LAYER))
        self.reviewed_layer_action.setCheckable(True)
        review_menu = self.menuBar().addMenu(self.tr("&Review"))
        self.adjudicate_action = self._action(
            review_menu, self.tr("&Adjudicate article…"), "Ctrl+Shift+J", self.show_review)
        review_menu.addAction(self.reviewed_layer_action)

        self.mark_action = self._action(
            claim_menu, self.tr("&Mark claim"), "Ctrl+M", self.mark_claim)
        self.mark_exact_action = self._action(
            claim_menu, self.tr("Mark claim (&exact selection)"), "Ctrl+Shift+M",
            lambda: self.mark_claim(exact=True))
        self.delete_action = self._action(
            claim_menu, self.tr("&Delete claim"), QKeySequence.StandardKey.Delete,
            self.delete_claim)
        claim_menu.addSeparator()
        self.next_action = self._action(claim_menu, self.tr("&Next claim"), "F8",
                                        lambda: self.step_claim(+1))
        self.previous_action = self._action(claim_menu, self.tr("&Previous claim"),
                                            "Shift+F8", lambda: self.step_claim(-1))
        claim_menu.addSeparator()
        span_menu = claim_menu.addMenu(self.tr("S&pan"))
        self.span_actions = [
            self._action(span_menu, self.tr("Start one word earlier"), "Ctrl+[",
                         lambda: self.nudge_span("start", -1)),
            self._action(span_menu, self.tr("Start one word later"), "Ctrl+Shift+[",
                         lambda: self.nudge_span("start", +1)),
            self._action(span_menu, self.tr("End one word later"), "Ctrl+]",
                         lambda: self.nudge_span("end", +1)),
            self._action(span_menu, self.tr("End one word earlier"), "Ctrl+Shift+]",
                         lambda: self.nudge_span("end", -1)),
        ]
        self.status_menu = claim_menu.addMenu(self.tr("&Status"))
        self.status_actions: list[QAction] = []

        suggest_menu = self.menuBar().addMenu(self.tr("S&uggestions"))
        self.suggest_action = self._action(
            suggest_menu, self.tr("&Suggest attributions"), "Ctrl+G", self.show_suggestions)
        self.accept_action = self._action(
            suggest_menu, self.tr("&Accept suggestion"), "Ctrl+Return", self.accept_suggestion)
        self.reject_action = self._action(
            suggest_menu, self.tr("&Reject suggestion"), "Ctrl+Backspace",
            self.reject_suggestion)
        self.accept_all_action = self._action(
            suggest_menu, self.tr("Accept a&ll suggestions"), "Ctrl+Shift+Return",
            self.accept_all_suggestions)
        self.next_suggestion_action = self._action(
            suggest_menu, self.tr("&Next suggestion"), "F9", lambda: self.step_suggestion(+1))
        self.previous_suggestion_action = self._action(
            suggest_menu, self.tr("&Previous suggestion"), "Shift+F9",
            lambda: self.step_suggestion(-1))

        # The File menu's entries: right after the first paint (see `_build_file_menu`).
        self._file_controllers: tuple[ImportController, MergeController,
                                      WorkspaceController] | None = None
        self._exporter: ExportController | None = None
        # Queued after the article view's first paint, i.e. after the window's first frame
        # (every first screen draws the article view; the main window itself may get no
        # paint event of its own when its children cover it).
        self.article_view.first_painted.connect(self._after_first_paint)
        self.setAcceptDrops(True)

        toolbar = QToolBar(self.tr("Annotation"))
        toolbar.setObjectName("annotation-toolbar")
        toolbar.addAction(self.mark_action)
        toolbar.addAction(self.delete_action)
        toolbar.addSeparator()
        toolbar.addAction(self.undo_action)
        toolbar.addAction(self.redo_action)
        self.addToolBar(toolbar)

    def _build_file_menu(self) -> tuple[ImportController, MergeController,
                                         WorkspaceController]:
        """File menu: Import…, Paste as new article, Export…, Merge workspace…, then New,
        Open and Open recent workspace; once. Runs right after the first paint
        (:meth:`_after_first_paint`), or earlier when code asks for one of its controllers
        (:attr:`importer`, :attr:`merger`, :attr:`workspaces`, :attr:`exporter`), so the
        window never behaves as if they were missing: no input reaches the window before
        its first paint. GUI thread."""
        if self._file_controllers is not None:
            return self._file_controllers
        from annotator.ui.import_dialogs import install_import_actions
        from annotator.ui.review_dialogs import MergeController
        from annotator.ui.workspaces import install_workspace_actions

        importer = install_import_actions(self, self.file_menu, preferences=self.preferences)
        # File > Export… (Ctrl+E): the form, and the export on a worker thread with its own
        # connection; exports only read, so editing goes on meanwhile. The export code (every
        # format's writer) loads on first use: see `exporter`. The strings are
        # ExportDialog's, so they keep their translations.
        self.export_action = make_export_action(self, lambda: self.exporter.open_dialog())
        self.file_menu.addAction(self.export_action)
        self.addAction(self.export_action)
        merger = MergeController(self, self.file_menu)
        self.file_menu.addSeparator()
        workspaces = install_workspace_actions(
            self, self.file_menu, preferences=self.preferences, importer=importer)
        importer.running.connect(self.set_import_running)
        self._file_controllers = (importer, merger, workspaces)
        return self._file_controllers

    def _after_first_paint(self) -> None:
        self._build_file_menu()
        self.first_painted.emit()

    @property
    def importer(self) -> ImportController:
        """File > Import… and Paste as new article (also dropped files)."""
        return self._build_file_menu()[0]

    @property
    def merger(self) -> MergeController:
        """File > Merge workspace…"""
        return self._build_file_menu()[1]

    @property
    def workspaces(self) -> WorkspaceController:
        """File > New workspace…, Open workspace…, Open recent."""
        return self._build_file_menu()[2]

    @property
    def exporter(self) -> ExportController:
        """File > Export…'s controller (it owns the running export), made on first use
        around :attr:`export_action`: importing it loads every export format."""
        self._build_file_menu()
        if self._exporter is None:
            from annotator.ui.export_dialog import ExportController

            self._exporter = ExportController(self, preferences=self.preferences,
                                              action=self.export_action)
        return self._exporter

    def _action(self, menu: QMenu, label: str, shortcut: str | QKeySequence.StandardKey,
                handler: Callable[[], object]) -> QAction:
        action = QAction(label, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda checked=False: handler())
        menu.addAction(action)
        self.addAction(action)
        return action

    def _rebuild_status_actions(self) -> None:
        for action in self.status_actions:
            self.removeAction(action)
        self.status_menu.clear()
        self.status_actions = []
        for number, status in enumerate(self._statuses[:9], start=1):
            self.status_actions.append(self._action(
                self.status_menu, f"&{number}  {status.label(self.language)}", str(number),
                lambda sid=status.id: self.set_status(sid)))
        self._update_enablement()

    def _update_enablement(self) -> None:
        has_claim = self.selected_claim_id is not None and not self._import_running
        for action in (self.delete_action, *self.status_actions, *self.span_actions):
            action.setEnabled(has_claim)
        # Suggestions become editors' claims: not offered while the reviewed layer is shown.
        has_suggestion = (bool(self._suggestions) and not self._import_running
                          and self.layer == EDITOR_LAYER)
        for action in (self.accept_action, self.reject_action, self.accept_all_action,
                       self.next_suggestion_action, self.previous_suggestion_action):
            action.setEnabled(has_suggestion)

    def _focus_search(self) -> None:
        self.library.search.setFocus()
        self.library.search.selectAll()

    def _article_context_menu(self, pos: object) -> None:
        menu = self.article_view.createStandardContextMenu()
        menu.addSeparator()
        menu.addAction(self.mark_action)
        menu.addAction(self.mark_exact_action)
        if self.selected_claim_id is not None:
            menu.addAction(self.delete_action)
            menu.addMenu(self.status_menu)
        menu.exec(self.article_view.mapToGlobal(pos))  # type: ignore[arg-type]

    # --- preferences and layout --------------------------------------------------------------
    def apply_preferences(self) -> None:
        """Font, size and colours from the preferences (after the preferences dialog too)."""
        font = reading_font(float(self.preferences.get(S.ARTICLE_FONT_SIZE)))
        font.setFamily(str(self.preferences.get(S.ARTICLE_FONT)))
        self.article_view.set_reading_font(font.family(), font.pointSizeF())
        title_font = reading_font(font.pointSizeF() + 2)
        title_font.setFamily(font.family())
        title_font.setBold(True)
        self.article_title.setFont(title_font)
        list_font = reading_font(12)
        self.article_list.setFont(list_font)
        if self.current_article is not None:
            self.article_view.set_claims(self._claims, self._colored_statuses())

    def show_preferences(self) -> None:
        from annotator.ui.preferences import PreferencesDialog

        dialog = PreferencesDialog(self.preferences, self._statuses, self)
        if dialog.exec():
            self.apply_preferences()

    def show_layer(self, layer: str) -> None:
        """Show (and mark in) the editors' layer or the reviewed layer."""
        if layer == self.layer:
            return
        self.layer = layer
        self.reviewed_layer_action.setChecked(layer == REVIEWED_LAYER)
        self.layer_banner.setVisible(layer == REVIEWED_LAYER)
        self.suggest_action.setEnabled(layer == EDITOR_LAYER)
        if self.current_article is not None:
            self._reload_claims()
            self.select_claim(None)
        self._refresh_suggestions()
        self._show_counts()

    def show_review(self) -> None:
        """Review > Adjudicate article: the adjudication window on the current article."""
        if self.current_article is None:
            return
        from annotator.ui.review_window import ReviewWindow

        if self.review_window is None:
            self.review_window = ReviewWindow(self)
        self.review_window.show_article(self.current_article.id)
        self.review_window.show()
        self.review_window.raise_()
        self.review_window.activateWindow()

    def show_progress(self) -> None:
        from annotator.ui.review_dialogs import ProgressDialog

        dialog = ProgressDialog(self.workspace, self.language, self)
        dialog.open()
        self.progress_dialog = dialog

    def show_taxonomy(self) -> None:
        from annotator.ui.taxonomy_dialog import TaxonomyDialog

        dialog = TaxonomyDialog(self.workspace, self.language, self.catalogue_changed, self,
                                undo_stack=self.undo_stack)
        dialog.open()
        self.taxonomy_dialog = dialog

    def catalogue_changed(self) -> None:
        """Sources or statuses were edited (names, kinds, labels, colours, order, merges):
        reload them everywhere, and the article's claims whose links may have moved."""
        self.reload_catalogue()
        if self.current_article is not None:
            self._reload_claims()
            self.select_claim(self.selected_claim_id)

    def _colored_statuses(self) -> list[Status]:
        """The workspace's statuses with the editor's own highlight colours applied."""
        overrides = self.preferences.highlight_colors()
        from dataclasses import replace

        return [replace(s, color=overrides.get(s.id, s.color)) for s in self._statuses]

    def _restore_layout(self) -> None:
        geometry = self.preferences.get(S.WINDOW_GEOMETRY)
        if geometry:
            self.restoreGeometry(geometry)
        state = self.preferences.get(S.WINDOW_STATE)
        if state:
            self.restoreState(state)
        sizes = self.preferences.sizes(S.SPLITTER_SIZES)
        if len(sizes) == 3 and all(sizes):
            self.splitter.setSizes(sizes)
        panel = self.preferences.sizes(S.PANEL_SIZES)
        if len(panel) == 2 and all(panel):
            self.side_splitter.setSizes(panel)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.external_timer.stop()  # the workspace may be closed right after the window
        self.preferences.set(S.WINDOW_GEOMETRY, self.saveGeometry())
        self.preferences.set(S.WINDOW_STATE, self.saveState())
        self.preferences.set_sizes(S.SPLITTER_SIZES, self.splitter.sizes())
        self.preferences.set_sizes(S.PANEL_SIZES, self.side_splitter.sizes())
        super().closeEvent(event)

    # --- library -----------------------------------------------------------------------------
    def reload_catalogue(self) -> None:
        """Statuses, sources, editors and outlets from the workspace into the panels."""
        self._statuses = self.workspace.statuses()
        sources = self.workspace.sources()
        self.claim_panel.set_catalogue(self._statuses, sources,
                                       self.workspace.source_kind_labels())
        self.library.set_catalogue(self._statuses, sources,
                                   self.workspace.editor_names(), self.workspace.outlets())
        self._rebuild_status_actions()

    def refresh_articles(self) -> None:
        """Reload the library rows for the current query and filters, keeping the current
        article selected (without re-opening it); open the first one if none is open."""
        rows = self.workspace.library(self.library.query(), self.library.filters())
        blocker = QSignalBlocker(self.article_list.selectionModel())
        self.library.set_rows(rows)
        if self.current_article is not None:
            row = self.article_model.row_of(self.current_article.id)
            if row >= 0:
                self.article_list.setCurrentIndex(self.article_model.index(row))
        blocker.unblock()
        if self.current_article is None and self.article_model.rowCount():
            self.article_list.setCurrentIndex(self.article_model.index(0))
        self._show_counts()

    def _on_article_selected(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if indexes:
            article_id = str(indexes[0].data(ArticleIdRole))
            if self.current_article is None or self.current_article.id != article_id:
                self.open_article(article_id)

    def open_article(self, article_id: str) -> None:
        article = self.workspace.article(article_id)
        self.current_article = article
        self._claims = self.workspace.claims(article.id, layer=self.layer)
        self.article_title.setText(article.title)
        self.article_view.show_article(article.text, self._claims, self._colored_statuses())
        self._fill_claims()
        self.select_claim(None)
        self._refresh_suggestions()
        row = self.article_model.row_of(article.id)
        if row >= 0 and self.article_list.currentIndex().row() != row:
            blocker = QSignalBlocker(self.article_list.selectionModel())
            self.article_list.setCurrentIndex(self.article_model.index(row))
            blocker.unblock()
        self.article_opened.emit(article.id)

    def _reload_claims(self) -> None:
        assert self.current_article is not None
        self._claims = self.workspace.claims(self.current_article.id, layer=self.layer)
        self.article_view.set_claims(self._claims, self._colored_statuses())
        self._fill_claims()

    def _show_counts(self) -> None:
        counts: dict[str, int] = {}
        for claim in self._claims:
            counts[claim.status_id] = counts.get(claim.status_id, 0) + 1
        labels = {s.id: s.label(self.language) for s in self._statuses}
        summary = " · ".join(f"{labels.get(k, k)}: {v}" for k, v in counts.items())
        layer = self.tr("Reviewed layer · ") if self.layer == REVIEWED_LAYER else ""
        self.status_label.setText(layer +
            self.tr("{n} claims {summary} · {articles} articles · workspace {path} · "
                    "editor {editor}").format(
                n=len(self._claims), summary=f"({summary})" if summary else "",
                # A path reads left to right even in the Arabic interface (LRI ... PDI);
                # the editor's name takes its own direction (FSI ... PDI).
                articles=self.article_model.total(), path=f"\u2066{self.workspace.path}\u2069",
                editor=isolate(self.workspace.editor_name),
            )
        )

    # --- claims ------------------------------------------------------------------------------
    def _fill_claims(self) -> None:
        self.claim_model.set_claims(self._claims, self._statuses, self.workspace.editor_names(),
                                    self.language)
        self._show_counts()

    def _on_claim_clicked(self, index: QModelIndex) -> None:
        claim = self.claim_model.claim_at(index.row())
        if claim is not None:
            self.jump_to_claim(claim.id)

    def jump_to_claim(self, claim_id: str) -> None:
        claim = next((c for c in self._claims if c.id == claim_id), None)
        if claim is None:
            return
        # Move to the claim without selecting its text: the outline marks it, and a text
        # selection would hide its status colour.
        self.article_view.select_codepoints(claim.start, claim.start)
        self.article_view.ensureCursorVisible()
        self.select_claim(claim.id)

    def step_claim(self, direction: int) -> None:
        if not self._claims:
            return
        row = self.claim_model.row_of(self.selected_claim_id)
        row = 0 if row < 0 else (row + direction) % len(self._claims)
        self.jump_to_claim(self._claims[row].id)

    def select_claim(self, claim_id: str | None) -> None:
        claim = next((c for c in self._claims if c.id == claim_id), None)
        self.selected_claim_id = claim.id if claim else None
        self.claim_panel.show_claim(claim, self.workspace.editor_names())
        self.article_view.set_selected_claim(self.selected_claim_id)
        row = self.claim_model.row_of(self.selected_claim_id)
        blocker = QSignalBlocker(self.claim_table.selectionModel())
        if row >= 0:
            select_table_row(self.claim_table, row)
        else:
            self.claim_table.clearSelection()
        blocker.unblock()
        self._update_enablement()

    # --- editing -----------------------------------------------------------------------------
    def submit(self, operation: Operation, label: str) -> None:
        """Apply one operation as one undo step; a refused change becomes a message."""
        if self._refuse_while_importing():
            return
        command = OperationCommand(self.workspace, operation, label, self._on_change,
                                   self._refused)
        self.undo_stack.push(command)  # a refused command makes itself obsolete: not kept
        if command.error is not None:
            self._refused(command.error)

    def submit_macro(self, operations: list[Operation], label: str) -> None:
        """Several operations as one undo step (e.g. create a source and link it), applied
        in one transaction: all or, when one is refused, none (the message says why)."""
        if self._refuse_while_importing() or not operations:
            return
        command = BatchCommand(self.workspace, operations, label, self._on_change,
                               self._refused)
        self.undo_stack.push(command)  # a refused command makes itself obsolete: not kept
        if command.error is not None:
            self._refused(command.error)

    # --- suggestions -------------------------------------------------------------------------
    def show_suggestions(self) -> None:
        """Suggest attributions for the current article: dashed in the text, listed in the
        Suggestions tab; the editor accepts or rejects each (one undo step each)."""
        self.suggestions_shown = True
        self._refresh_suggestions()
        self.tabs.setCurrentWidget(self.suggestion_list)
        if self._suggestions:
            self.suggestion_list.setCurrentRow(0)

    def _refresh_suggestions(self) -> None:
        keep = self.current_suggestion()
        if (self.suggestions_shown and self.current_article is not None
                and self.layer == EDITOR_LAYER):
            self._suggestions = self.workspace.suggestions(self.current_article.id)
        else:
            self._suggestions = []
        blocker = QSignalBlocker(self.suggestion_list)
        self.suggestion_list.clear()
        for suggestion in self._suggestions:
            # Loaded with the suggester, not at start-up.
            from annotator.services.suggest_types import explain

            who = "، ".join(
                f"{p.name} ({self.tr('speaker') if p.role == 'speaker' else self.tr('carrier')})"
                for p in suggestion.sources
            ) or "—"
            item = QListWidgetItem(
                f"{isolate(suggestion.quote)}\n{isolate(who)} · {suggestion.confidence:.0%}")
            item.setToolTip(plain_tooltip(explain(suggestion)))
            self.suggestion_list.addItem(item)
        row = next((i for i, x in enumerate(self._suggestions)
                    if keep is not None and x.start >= keep.start), 0)
        if self._suggestions:
            self.suggestion_list.setCurrentRow(min(row, len(self._suggestions) - 1))
        blocker.unblock()
        self._show_suggestion_marks()
        self.tabs.setTabText(1, self.tr("Suggestions ({n})").format(n=len(self._suggestions))
                             if self.suggestions_shown else self.tr("Suggestions"))
        self._update_enablement()

    def current_suggestion(self) -> Suggestion | None:
        row = self.suggestion_list.currentRow()
        return self._suggestions[row] if 0 <= row < len(self._suggestions) else None

    def _show_suggestion_marks(self) -> None:
        current = self.current_suggestion()
        self.article_view.set_suggestions(
            [(x.fingerprint, x.start, x.end) for x in self._suggestions],
            current.fingerprint if current else None,
        )

    def _on_suggestion_row(self, row: int) -> None:
        self._show_suggestion_marks()
        suggestion = self.current_suggestion()
        if suggestion is not None:
            self.article_view.select_codepoints(suggestion.start, suggestion.start)
            self.article_view.ensureCursorVisible()

    def step_suggestion(self, direction: int) -> None:
        if self._suggestions:
            row = (self.suggestion_list.currentRow() + direction) % len(self._suggestions)
            self.suggestion_list.setCurrentRow(row)

    def accept_suggestion(self) -> None:
        suggestion = self.current_suggestion()
        if suggestion is None or self.current_article is None:
            return
        self.submit_macro(
            self.workspace.accept_operations(self.current_article.id, suggestion),
            self.tr("Accept suggestion"))

    def reject_suggestion(self) -> None:
        from annotator.domain.operations import RejectSuggestion

        suggestion = self.current_suggestion()
        if suggestion is None or self.current_article is None:
            return
        self.submit(RejectSuggestion(self.current_article.id, suggestion.start, suggestion.end),
                    self.tr("Reject suggestion"))

    def accept_all_suggestions(self) -> None:
        """Every suggestion of the article as claims: one undo step, one transaction (all
        or none), one refresh. A new source two suggestions propose is created once."""
        if self.current_article is None or not self._suggestions or \
                self._refuse_while_importing():
            return
        try:
            operations = self.workspace.accept_all_operations(self.current_article.id,
                                                              list(self._suggestions))
        except AnnotatorError as exc:
            self._refused(exc)
            return
        self.submit_macro(operations, self.tr("Accept all suggestions"))

    def set_import_running(self, running: bool) -> None:
        """While a background import writes, this window's connection must not (one writer
        at a time): editing is off, reading and browsing stay on."""
        self._import_running = running
        for action in (self.mark_action, self.mark_exact_action):
            action.setEnabled(not running)
        self.undo_action.setEnabled(not running and self.undo_stack.canUndo())
        self.redo_action.setEnabled(not running and self.undo_stack.canRedo())
        self.claim_panel.setEnabled(not running and self.selected_claim_id is not None)
        self._update_enablement()

    def _refuse_while_importing(self) -> bool:
        if self._import_running:
            from PySide6.QtWidgets import QMessageBox  # not before the first paint

            QMessageBox.information(self, self.tr("Not changed"), self.tr(
                "An import is running; edit again when it has finished."))
        return self._import_running

    def set_workspace(self, workspace: Workspace) -> None:
        """Show another, already open workspace; the caller closes the previous one. Undo
        history belongs to a workspace, so it is cleared."""
        self.undo_stack.clear()
        self.workspace = workspace
        self._data_version = workspace.data_version()
        self.current_article = None
        self._claims = []
        self.selected_claim_id = None
        self.article_title.clear()
        self.article_view.show_article("", [], [])
        self.reload_catalogue()
        self._fill_claims()
        self.select_claim(None)
        self.refresh_articles()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        from annotator.ui.import_dialogs import accept_drag

        accept_drag(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        from annotator.ui.import_dialogs import accept_drag

        accept_drag(event)

    def dropEvent(self, event: QDropEvent) -> None:
        from annotator.ui.import_dialogs import drop_paths

        paths = drop_paths(event)
        if paths:
            self.importer.import_files(paths)

    def _refused(self, error: AnnotatorError) -> None:
        """A change was refused (bad input, or a claim changed elsewhere since it was
        shown): say so, and show the workspace as it is now."""
        if isinstance(error, EditConflict):
            self.reload_from_workspace()
        from PySide6.QtWidgets import QMessageBox  # not before the first paint

        show_plain_message(self, QMessageBox.Icon.Warning, self.tr("Not changed"), str(error))
        self.last_refusal = str(error)

    def reload_from_workspace(self) -> None:
        """Show what the workspace holds now (after another window, process or merge wrote
        to it): catalogue, library counts, the article's claims and suggestions. The
        selection stays where it can."""
        self.reload_catalogue()
        if self.current_article is not None:
            self._reload_claims()
            self.select_claim(self.selected_claim_id)
            self._refresh_suggestions()
        self.refresh_articles()
        self.reloaded.emit()

    def _poll_external_changes(self) -> None:
        """Another connection committed (``PRAGMA data_version`` moved): reload. Our own
        commits do not move it."""
        if self._import_running:
            return
        version = self.workspace.data_version()
        if version != self._data_version:
            self._data_version = version
            self.reload_from_workspace()

    def ask_new_source(self, name: str) -> Source | None:
        """Ask for the kind of a source that is not in the catalogue yet."""
        labels = self.workspace.source_kind_labels()
        kinds = list(labels)
        names = [labels[k][0 if self.language == "ar" else 1] for k in kinds]
        choice = choose_item(
            self, self.tr("New source"),
            self.tr("“{name}” is not a known source. What kind of source is it?").format(
                name=name), names)
        if choice is None:
            return None
        kind = SourceKind(kinds[names.index(choice)])
        arabic = any("\u0600" <= ch <= "\u06ff" for ch in name)
        return Source(new_id(), name if arabic else "", "" if arabic else name, kind, ())

    def mark_claim(self, exact: bool = False) -> str | None:
        """Mark the selection as a claim. It snaps outward to whole words (clitics stay with
        their word) unless ``exact`` or snapping is off in the preferences; it never splits a
        letter from its marks and never starts or ends with a space."""
        from annotator.domain.operations import CreateClaim
        from annotator.services import annotating

        if self.current_article is None:
            return None
        span = self.article_view.selection_codepoints()
        if span is None:
            return None
        text = self.current_article.text
        start, end = span
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end:
            return None
        snap = not exact and bool(self.preferences.get(S.SNAP_TO_WORDS))
        start, end = snap_to_words(text, start, end) if snap else snap_out(text, start, end)
        try:
            claim = annotating.build_claim(
                self.workspace.db, article_id=self.current_article.id, start=start, end=end,
                editor_id=self.workspace.editor_id(), status_id="unverified",
                layer=self.layer,
            )
        except AnnotatorError as exc:
            from PySide6.QtWidgets import QMessageBox  # not before the first paint

            show_plain_message(self, QMessageBox.Icon.Warning, self.tr("Not marked"), str(exc))
            self.last_refusal = str(exc)
            return None
        self.selected_claim_id = claim.id
        self.submit(CreateClaim(claim), self.tr("Mark claim"))
        return claim.id

    def _version(self, claim_id: str) -> str | None:
        """The claim's version as this window shows it (edits are checked against it)."""
        claim = next((c for c in self._claims if c.id == claim_id), None)
        return claim.updated_at if claim else None

    def delete_claim(self) -> None:
        from annotator.domain.operations import DeleteClaim

        if self.selected_claim_id is not None:
            self.submit(DeleteClaim(self.selected_claim_id,
                                    expected_version=self._version(self.selected_claim_id)),
                        self.tr("Delete claim"))

    def set_status(self, status_id: str) -> None:
        from annotator.domain.operations import UpdateClaim

        if self.selected_claim_id is not None:
            self.submit(UpdateClaim(self.selected_claim_id, (("status_id", status_id),),
                                    expected_version=self._version(self.selected_claim_id)),
                        self.tr("Set status"))

    def nudge_span(self, edge: str, direction: int) -> None:
        from annotator.domain.operations import ChangeSpan

        claim = next((c for c in self._claims if c.id == self.selected_claim_id), None)
        if claim is None or self.current_article is None:
            return
        start, end = nudge(self.current_article.text, claim.start, claim.end, edge, direction)
        if (start, end) != (claim.start, claim.end):
            self.submit(ChangeSpan(claim.id, start, end, expected_version=claim.updated_at),
                        self.tr("Change span"))

    def change_span(self, claim_id: str, start: int, end: int) -> None:
        """The article view's edge drag ends here: one undoable span change."""
        from annotator.domain.operations import ChangeSpan

        self.submit(ChangeSpan(claim_id, start, end, expected_version=self._version(claim_id)),
                    self.tr("Change span"))

    def _shows_changes(self, changes: ChangeSet) -> bool:
        """Whether a change to the current article touches what this window shows: its
        layer's claims, or the sources they name. (A layer is fixed when a claim is
        created, so a changed or removed claim this window does not list belongs to the
        other layer.) A change that names no claims counts as shown, unless it is only
        about rejected versions or suggestions, which the claims here do not show."""
        if changes.sources_changed:
            return True
        touched = self.workspace.touches_layer(
            changes, {claim.id for claim in self._claims}, self.layer)
        if touched is None:
            return not (changes.reviews_changed or changes.suggestions_changed)
        return touched

    def _on_change(self, changes: ChangeSet) -> None:
        """Refresh what an operation touched."""
        if changes.sources_changed:
            self.reload_catalogue()
        here = self.current_article is not None and self.current_article.id in changes.article_ids
        # Another layer's claims (an adjudicator's decision while this window shows the
        # editors' claims, or the reverse) change nothing shown here: no reload.
        shown = here and self._shows_changes(changes)
        if shown:
            self._reload_claims()
        elif not here:
            for article_id in changes.article_ids:  # undo in another article: go there
                self.open_article(article_id)
                shown = True
                break
        if not shown:
            self.select_claim(self.selected_claim_id)
        elif changes.claims_removed and self.selected_claim_id in changes.claims_removed:
            self.select_claim(None)
        elif changes.claims_added:
            self.select_claim(changes.claims_added[0])
        elif changes.claims_changed:
            self.select_claim(changes.claims_changed[0])
        else:
            self.select_claim(self.selected_claim_id)
        # Suggestions depend on which spans are claims, on rejections and on the sources;
        # not on a claim's status or note, so typing a note does not rerun the suggester.
        if (self.suggestions_shown and self.current_article is not None
                and self.current_article.id in changes.article_ids
                and (changes.claims_added or changes.claims_removed
                     or changes.suggestions_changed or changes.sources_changed)):
            self._refresh_suggestions()
        # Only the touched articles' rows change (their counts): no full library reload on
        # the editing hot path.
        for article_id in changes.article_ids:
            summary = self.workspace.article_summary(article_id)
            if summary is not None:
                self.article_model.update_article(summary)
        self._show_counts()
        self.changed.emit(changes)
