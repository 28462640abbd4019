"""Adjudication window (Review > Adjudicate article): the editors' layers of one article
side by side in one text, the disagreements in order, and accept / reject / edit.

- Each chosen editor's claims are drawn as a coloured bar under the text, one lane per
  editor (a toggle per editor shows or hides the layer); the reviewed layer is drawn as a
  background in the status colour (toggle too). The selected item is framed.
- The list on the side holds the review items (:mod:`services.reviewing`) in text order:
  disagreements with what differs, agreements (hidden unless asked for), resolved ones
  ticked.
- Decisions go through the main window's undo stack (``MainWindow.submit``): each is one
  undoable change recorded with the adjudicator as its editor; Ctrl+Z works here and there.
  "Edit" accepts the version if needed and opens it in the main window's reviewed layer,
  where every editing tool applies.

GUI thread only; reads through :class:`Workspace`, writes only through operations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QBrush,
    QColor,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextEdit,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.domain.models import (
    EDITOR_LAYER,
    REVIEWED_LAYER,
    Article,
    Claim,
    Editor,
    Status,
)
from annotator.domain.operations import ChangeSet
from annotator.services import reviewing
from annotator.services.reviewing import ReviewItem
from annotator.text.offsets import OffsetMap
from annotator.ui.fonts import reading_font
from annotator.ui.messages import show_plain_message
from annotator.ui.models import isolate, plain_tooltip, select_table_row

if TYPE_CHECKING:
    from annotator.ui.main_window import MainWindow

# Okabe-Ito: told apart by most colour-blind readers, and on light and dark palettes.
EDITOR_COLORS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9",
                 "#000000", "#F0E442")
LANE = 4.0  # px between editors' bars
BAR = 3.0  # bar thickness, px


class LayerView(QTextEdit):
    """Read-only article text with each editor's claims as bars under the lines (one lane
    per editor) and the reviewed layer as a background. Offsets given in code points."""

    def __init__(self) -> None:
        super().__init__()
        self.setReadOnly(True)
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self._map = OffsetMap("")
        # (start, end) in UTF-16 units, colour, lane
        self.bars: list[tuple[int, int, QColor, int]] = []
        self.frame: tuple[int, int] | None = None
        # The reviewed layer: (start, end) in UTF-16 units and background colour, sorted by
        # start. Only those in view (and a screen around it) are given to Qt as extra
        # selections: Qt rebuilds and searches all of them on every change and paint, which
        # cost tens of ms a decision with a thousand reviewed claims.
        self.reviewed: list[tuple[int, int, QColor]] = []
        self._selected_range: tuple[int, int] | None = None
        self.verticalScrollBar().valueChanged.connect(self._select_visible)

    def show_text(self, text: str) -> None:
        self._map = OffsetMap(text)
        self.setPlainText(text)
        # Room under every line for the editors' bars, and right-to-left paragraphs.
        cursor = QTextCursor(self.document())
        cursor.select(QTextCursor.SelectionType.Document)
        block = QTextBlockFormat()
        block.setLineHeight(160, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        block.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        cursor.mergeBlockFormat(block)

    def set_layers(self, bars: list[tuple[int, int, str, int]],
                   reviewed: list[tuple[int, int, str]],
                   frame: tuple[int, int] | None) -> None:
        """``bars``: (start, end, colour, lane) per editor claim; ``reviewed``: (start, end,
        colour) per reviewed claim; ``frame``: the selected item's extent. Code points."""
        to16 = self._map.to_utf16
        colors = {c: QColor(c) for c in {bar[2] for bar in bars}}  # a few, for thousands of bars
        self.bars = [(to16(s), to16(e), colors[c], lane) for s, e, c, lane in bars]
        self.reviewed = []
        for start, end, color in sorted(reviewed):
            background = QColor(color)
            background.setAlpha(110)
            self.reviewed.append((to16(start), to16(end), background))
        self._selected_range = None
        self._select_visible()
        self.set_frame(frame)

    def _select_visible(self) -> None:
        """Give Qt the reviewed backgrounds from a screen above the view to a screen below
        it (again only when that range changed: scrolling within it costs nothing)."""
        low, high = self.visible_range()
        if self._selected_range is not None and \
                self._selected_range[0] <= low and high <= self._selected_range[1]:
            return
        span = high - low
        low, high = max(0, low - span), high + span
        self._selected_range = (low, high)
        selections = []
        for start, end, background in self.reviewed:
            if start >= high:
                break
            if end <= low:
                continue
            selection = QTextEdit.ExtraSelection()
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            fmt = QTextCharFormat()
            fmt.setBackground(background)
            selection.cursor, selection.format = cursor, fmt
            selections.append(selection)
        self.setExtraSelections(selections)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._selected_range = None  # more (or less) text in view
        self._select_visible()

    def set_frame(self, frame: tuple[int, int] | None) -> None:
        """Frame the selected item's extent (code points), or nothing."""
        to16 = self._map.to_utf16
        self.frame = (to16(frame[0]), to16(frame[1])) if frame else None
        self.viewport().update()

    def scroll_to(self, start: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._map.to_utf16(start))
        self.setTextCursor(cursor)
        # A third of the way down the view: the item and what follows it are in sight.
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top() - self.viewport().height() // 3)

    def span_rects(self, start16: int, end16: int) -> list[tuple[QRectF, float]]:
        """Visual pieces of a UTF-16 span, one per line: (rectangle of the line's text
        between the span's ends, y of the line's baseline + descent), viewport coordinates."""
        doc = self.document()
        layout = doc.documentLayout()
        dx = -self.horizontalScrollBar().value()
        dy = -self.verticalScrollBar().value()
        out: list[tuple[QRectF, float]] = []
        block = doc.findBlock(start16)
        while block.isValid() and block.position() < end16:
            text_layout = block.layout()
            origin = layout.blockBoundingRect(block).topLeft()
            position = block.position()
            for i in range(text_layout.lineCount()):
                line = text_layout.lineAt(i)
                line_start = position + line.textStart()
                s = max(start16, line_start)
                e = min(end16, line_start + line.textLength())
                if s >= e:
                    continue
                x1 = line.cursorToX(s - position)[0]
                x2 = line.cursorToX(e - position)[0]
                top = origin.y() + line.y() + dy
                rect = QRectF(min(x1, x2) + origin.x() + dx, top, abs(x2 - x1), line.height())
                out.append((rect, top + line.ascent() + line.descent()))
            block = block.next()
        return out

    def visible_range(self) -> tuple[int, int]:
        """UTF-16 range of the blocks in view (whole blocks, so nothing at an edge is
        missed): painting only looks at the bars that reach into it.

        Found from the blocks' own rectangles, not by hit-testing the view's corners: Qt
        lays a long document out bit by bit after it is shown or resized, and until it has,
        a hit test far down answers a position far beyond the view (then every paint
        walked the bars of the whole article). Asking a block for its rectangle lays that
        block out first, so this is right at once and looks at the blocks in view only."""
        document = self.document()
        layout = document.documentLayout()
        top = float(self.verticalScrollBar().value())
        bottom = top + self.viewport().height()
        block = document.findBlock(self.cursorForPosition(QPoint(0, 0)).position())
        while block.previous().isValid() and layout.blockBoundingRect(block).top() > top:
            block = block.previous()
        while block.next().isValid() and layout.blockBoundingRect(block).bottom() < top:
            block = block.next()
        first = last = block
        while block.isValid() and layout.blockBoundingRect(block).top() <= bottom:
            last = block
            block = block.next()
        return first.position(), last.position() + last.length()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self.viewport())
        visible = QRectF(event.rect())
        low, high = self.visible_range()
        for start, end, color, lane in self.bars:
            if end <= low or start >= high:
                continue  # out of view: no layout lookups for it
            for rect, base in self.span_rects(start, end):
                bar = QRectF(rect.left(), base + 1 + lane * LANE, rect.width(), BAR)
                if bar.intersects(visible):
                    painter.fillRect(bar, color)
        if self.frame is not None:
            painter.setPen(QPen(self.palette().highlight().color(), 1.5, Qt.PenStyle.DashLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            lanes = len({lane for *_, lane in self.bars})
            for rect, _ in self.span_rects(*self.frame):
                # Around the text and the editors' bars under it.
                painter.drawRect(rect.adjusted(-3, -1, 3, 2 + lanes * LANE + BAR))
        painter.end()


class ReviewWindow(QMainWindow):
    """Adjudication of one article at a time (module docstring)."""

    decided = Signal()  # after each decision this window submitted

    def __init__(self, main: MainWindow) -> None:
        super().__init__(main)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.main = main
        self.workspace = main.workspace
        self.language = main.language
        if self.language == "ar":
            self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setObjectName("review-window")
        self.resize(1300, 820)
        self.article: Article | None = None
        self.items: list[ReviewItem] = []
        # The article's editors' claims and the items they make for the chosen editors: kept
        # between decisions, which change only the reviewed layer and the rejections, and
        # read again when the editors' claims change (see _on_change).
        self._editor_claims: list[Claim] | None = None
        self._shapes: tuple[tuple[str, ...], list[reviewing.ItemShape]] | None = None
        self.editors: list[Editor] = []
        self.colors: dict[str, str] = {}
        self.editor_boxes: dict[str, QCheckBox] = {}
        self._statuses: dict[str, Status] = {}
        self.names: dict[str, str] = {}  # editor id -> name
        self.reviewed_claims: list[Claim] = []
        self._difference_names = {
            reviewing.MISSING: self.tr("not marked by every editor"),
            reviewing.SPAN: self.tr("span"),
            reviewing.STATUS: self.tr("status"),
            reviewing.SOURCES: self.tr("sources"),
        }

        # --- top: layers ---------------------------------------------------------------------
        self.layers_bar = QWidget()
        self.layers_layout = QHBoxLayout(self.layers_bar)
        self.layers_layout.setContentsMargins(8, 4, 8, 4)
        self.layers_layout.addWidget(QLabel(self.tr("Layers:")))
        self.editors_box = QWidget()
        self.editors_layout = QHBoxLayout(self.editors_box)
        self.editors_layout.setContentsMargins(0, 0, 0, 0)
        self.layers_layout.addWidget(self.editors_box)
        self.reviewed_box = QCheckBox(self.tr("Reviewed layer"))
        self.reviewed_box.setChecked(True)
        self.reviewed_box.toggled.connect(self._paint_layers)
        self.layers_layout.addWidget(self.reviewed_box)
        self.layers_layout.addStretch(1)
        self.agreements_box = QCheckBox(self.tr("List agreements too"))
        self.agreements_box.toggled.connect(self._fill_items)
        self.layers_layout.addWidget(self.agreements_box)

        # --- items, text, versions -----------------------------------------------------------
        self.item_list = QListWidget()
        # Two lines per item (label, quote elided to the width): uniform heights let a
        # list of a thousand items scroll and select without measuring each one.
        self.item_list.setWordWrap(False)
        self.item_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.item_list.setUniformItemSizes(True)
        self.item_list.setSpacing(2)
        self.item_list.setAccessibleName(self.tr("Disagreements"))
        # Arabic quotes: right-aligned rows, whatever the interface language.
        self.item_list.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.item_list.currentRowChanged.connect(self._on_item_row)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.view = LayerView()
        self.view.setFont(reading_font(15))
        self.view.setAccessibleName(self.tr("Article text with the editors' layers"))
        center = QWidget()
        center_layout = QVBoxLayout(center)
        center_layout.setContentsMargins(0, 0, 0, 0)
        center_layout.addWidget(self.title)
        center_layout.addWidget(self.view, 1)

        self.versions = QTableWidget(0, 5)
        self.versions.setHorizontalHeaderLabels(
            [self.tr("Editor"), self.tr("Quote"), self.tr("Status"), self.tr("Sources"),
             self.tr("Note")])
        self.versions.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.versions.verticalHeader().hide()
        self.versions.setWordWrap(True)
        header = self.versions.horizontalHeader()
        # The quote takes the room (wrapped); the others keep to their content.
        for column in (0, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        for column, width in ((3, 110), (4, 80)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.versions.setAccessibleName(self.tr("Versions of the selected item"))
        self.versions.itemSelectionChanged.connect(self._update_enablement)
        self.versions.doubleClicked.connect(lambda _index: self.accept_version())
        self.decision_label = QLabel()
        self.decision_label.setTextFormat(Qt.TextFormat.PlainText)
        self.decision_label.setWordWrap(True)
        self.accept_button = QPushButton(self.tr("&Accept this version"))
        self.accept_button.clicked.connect(self.accept_version)
        self.edit_button = QPushButton(self.tr("&Edit in the reviewed layer"))
        self.edit_button.clicked.connect(self.edit_version)
        self.reject_button = QPushButton(self.tr("&Reject"))
        self.reject_button.setToolTip(plain_tooltip(self.tr(
            "None of the versions still open is taken into the reviewed layer")))
        self.reject_button.clicked.connect(self.reject_item)
        buttons = QHBoxLayout()
        for button in (self.accept_button, self.edit_button, self.reject_button):
            buttons.addWidget(button)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.versions, 1)
        side_layout.addLayout(buttons)
        side_layout.addWidget(self.decision_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.item_list)
        self.splitter.addWidget(center)
        self.splitter.addWidget(side)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([260, 560, 480])
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.layers_bar)
        body_layout.addWidget(self.splitter, 1)
        self.setCentralWidget(body)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.summary, 1)
        self._build_actions()
        main.changed.connect(self._on_change)
        main.article_opened.connect(self._follow_article)
        main.reloaded.connect(self._on_reload)

    def _build_actions(self) -> None:
        toolbar = QToolBar(self.tr("Adjudication"))
        toolbar.setObjectName("review-toolbar")
        self.undo_action = self.main.undo_stack.createUndoAction(self, self.tr("&Undo"))
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setIconText(self.tr("Undo"))
        self.redo_action = self.main.undo_stack.createRedoAction(self, self.tr("&Redo"))
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.redo_action.setIconText(self.tr("Redo"))
        self.accept_action = self._action(self.tr("Accept"), "Ctrl+Return",
                                          self.accept_version)
        self.reject_action = self._action(self.tr("Reject"), "Ctrl+Backspace",
                                          self.reject_item)
        self.edit_action = self._action(self.tr("Edit"), "Ctrl+E", self.edit_version)
        self.accept_agreements_action = self._action(
            self.tr("Accept all agreements"), "Ctrl+Shift+Return", self.accept_agreements)
        self.next_action = self._action(self.tr("Next disagreement"), "F8",
                                        lambda: self.step(+1))
        self.previous_action = self._action(self.tr("Previous disagreement"), "Shift+F8",
                                            lambda: self.step(-1))
        for action in (self.previous_action, self.next_action, None, self.accept_action,
                       self.edit_action, self.reject_action, self.accept_agreements_action,
                       None, self.undo_action, self.redo_action):
            if action is None:
                toolbar.addSeparator()
            else:
                toolbar.addAction(action)
        self.addAction(self.undo_action)
        self.addAction(self.redo_action)
        self.addToolBar(toolbar)

    def _action(self, label: str, shortcut: str, handler: object) -> QAction:
        action = QAction(label, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(lambda checked=False: handler())  # type: ignore[operator]
        self.addAction(action)
        return action

    # --- loading -------------------------------------------------------------------------------
    def show_article(self, article_id: str) -> None:
        """Adjudicate this article: every editor who marked claims in it is a layer."""
        self.article = self.workspace.article(article_id)
        self.setWindowTitle(self.tr("Adjudication: {title}").format(
            title=isolate(self.article.title)))
        self.title.setText(self.article.title)
        self.view.show_text(self.article.text)
        self._statuses = {s.id: s for s in self.workspace.statuses()}
        everyone = self.workspace.editors()
        self.names = {e.id: e.name for e in everyone}
        # Stable colours: by the editor's place among all editors of the workspace.
        self.colors = {e.id: e.color or EDITOR_COLORS[i % len(EDITOR_COLORS)]
                       for i, e in enumerate(everyone)}
        self._editor_claims = self.workspace.claims(self.article.id)
        self._shapes = None
        authors = {c.created_by for c in self._editor_claims}
        self.editors = [e for e in everyone if e.id in authors]
        for box in self.editor_boxes.values():
            box.deleteLater()
        self.editor_boxes = {}
        for editor in self.editors:
            box = QCheckBox(editor.name)
            box.setChecked(True)
            box.setStyleSheet(f"QCheckBox {{ color: {self.colors[editor.id]}; "
                              "font-weight: bold; }")
            box.toggled.connect(self.refresh)
            self.editors_layout.addWidget(box)
            self.editor_boxes[editor.id] = box
        self.refresh()
        self.step(+1)

    def chosen_editors(self) -> list[str]:
        return [e.id for e in self.editors if self.editor_boxes[e.id].isChecked()]

    def refresh(self) -> None:
        """Re-read the items (after a decision, an undo, a toggle) keeping the selection."""
        if self.article is None:
            return
        current = self.current_item()
        if self._editor_claims is None:
            self._editor_claims = self.workspace.claims(self.article.id)
        chosen = tuple(self.chosen_editors())
        if self._shapes is None or self._shapes[0] != chosen:
            self._shapes = (chosen, reviewing.item_shapes(self._editor_claims, chosen))
        self.reviewed_claims = self.workspace.claims(self.article.id, layer=REVIEWED_LAYER)
        self.items = self.workspace.review_items(self.article.id, chosen,
                                                 shapes=self._shapes[1],
                                                 reviewed=self.reviewed_claims)
        self._fill_items(keep=current.start if current else None)
        s = reviewing.summarize(self.items)
        self.summary.setText(self.tr(
            "{items} items: {agree} agreements, {disagree} disagreements; {resolved} resolved, "
            "{left} left").format(items=s.items, agree=s.agreements,
                                  disagree=s.disagreements, resolved=s.resolved,
                                  left=s.items - s.resolved))

    def listed_items(self) -> list[ReviewItem]:
        show_all = self.agreements_box.isChecked()
        return [i for i in self.items if show_all or not i.agreed]

    def _describe(self, item: ReviewItem) -> str:
        what = (self.tr("agreement") if item.agreed
                else self.tr("differs: {what}").format(
                    what=", ".join(self._difference_names[d] for d in item.differences)))
        mark = "✓ " if item.resolved else "• "
        quote = self.article.text[item.start:item.end] if self.article else ""
        if len(quote) > 120:  # the view elides it further to the list's width
            quote = quote[:120] + "…"
        # Each line isolated: the list is right-to-left (Arabic quotes), and an English
        # label must keep its own order inside it.
        return f"{isolate(f'{mark}{item.number}. {what}')}\n{isolate(quote)}"

    def _fill_items(self, *_args: object, keep: int | None = None) -> None:
        """List the items (selection kept near ``keep``, a code point). After a decision
        the same items are listed again: then only the rows whose text changed are
        touched, so a long list does not flicker or lose its scroll position."""
        if keep is None and self.current_item() is not None:
            keep = self.current_item().start  # type: ignore[union-attr]
        listed = self.listed_items()
        numbers = [item.number for item in listed]
        blocked = self.item_list.blockSignals(True)
        same_rows = numbers == [self.item_list.item(r).data(Qt.ItemDataRole.UserRole)
                                for r in range(self.item_list.count())]
        if not same_rows:
            self.item_list.clear()
        resolved_color = QBrush(self.palette().placeholderText().color())
        row_to_select = -1
        for row, item in enumerate(listed):
            text = self._describe(item)
            if same_rows:
                entry = self.item_list.item(row)
                if entry.text() != text:
                    entry.setText(text)
            else:
                entry = QListWidgetItem(text)
                entry.setData(Qt.ItemDataRole.UserRole, item.number)
                self.item_list.addItem(entry)
            entry.setForeground(resolved_color if item.resolved else QBrush())
            if keep is not None and row_to_select < 0 and item.end > keep:
                row_to_select = row
        if row_to_select >= 0 and row_to_select != self.item_list.currentRow():
            self.item_list.setCurrentRow(row_to_select)
        self.item_list.blockSignals(blocked)
        self._paint_layers()
        self._show_item()

    def current_item(self) -> ReviewItem | None:
        entry = self.item_list.currentItem()
        if entry is None:
            return None
        number = entry.data(Qt.ItemDataRole.UserRole)
        return next((i for i in self.items if i.number == number), None)

    def _on_item_row(self, _row: int) -> None:
        self._show_item()
        item = self.current_item()
        if item is not None:
            self.view.scroll_to(item.start)

    def step(self, direction: int) -> None:
        """Go to the next (or previous) item not yet resolved, wrapping around."""
        listed = self.listed_items()
        if not listed:
            return
        row = self.item_list.currentRow()
        count = len(listed)
        origin = row if row >= 0 else (-1 if direction > 0 else count)
        for k in range(1, count + 1):
            candidate = (origin + direction * k) % count
            if not listed[candidate].resolved:
                self.item_list.setCurrentRow(candidate)
                return
        if row < 0:
            self.item_list.setCurrentRow(0)

    # --- showing -------------------------------------------------------------------------------
    def _show_item(self) -> None:
        item = self.current_item()
        names = self.names
        self.versions.setRowCount(0)
        rows: list[tuple[str, Claim, bool]] = []
        if item is not None:
            rows = [(names.get(c.created_by or "", "?"), c, False) for c in item.versions]
            rows += [(self.tr("Reviewed"), c, True) for c in item.reviewed]
        for row, (who, claim, reviewed) in enumerate(rows):
            self.versions.insertRow(row)
            status = self._statuses.get(claim.status_id)
            sources = ", ".join(link.name_ar or link.name_en for link in claim.sources)
            cells = [who, claim.quote, status.label(self.language) if status else claim.status_id,
                     sources, claim.note]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, claim.id)
                cell.setToolTip(plain_tooltip(text))
                if column == 0:
                    color = self.colors.get(claim.created_by or "") if not reviewed else None
                    if color:
                        cell.setForeground(QBrush(QColor(color)))
                    font = cell.font()
                    font.setBold(True)
                    font.setItalic(reviewed)
                    cell.setFont(font)
                if column == 1:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignAbsolute
                                          | Qt.AlignmentFlag.AlignVCenter)
                if item is not None and not reviewed and claim.id in item.rejected:
                    font = cell.font()
                    font.setStrikeOut(True)
                    cell.setFont(font)
                self.versions.setItem(row, column, cell)
        self.versions.resizeRowsToContents()
        pending = item.pending if item else ()
        if pending:
            self.select_version_row(next(i for i, (_, c, r) in enumerate(rows)
                                         if not r and c.id == pending[0].id))
        elif rows:
            self.select_version_row(0)
        self.decision_label.setText(self._decision_text(item))
        # Only the frame moves with the selection; the layers are drawn when they change.
        self.view.set_frame(self._frame())
        self._update_enablement()

    def select_version_row(self, row: int) -> None:
        select_table_row(self.versions, row)

    def _decision_text(self, item: ReviewItem | None) -> str:
        if item is None:
            return self.tr("Nothing to adjudicate: no editor's claims in this article.") \
                if not self.items else ""
        if not item.resolved:
            return self.tr("Open: {n} version(s) to accept or reject.").format(
                n=len(item.pending))
        if item.reviewed:
            return self.tr("Resolved: in the reviewed layer.")
        return self.tr("Resolved: rejected.")

    def _paint_layers(self) -> None:
        if self.article is None:
            return
        chosen = self.chosen_editors()
        lane = {editor_id: i for i, editor_id in enumerate(chosen)}
        bars = [(c.start, c.end, self.colors[c.created_by or ""], lane[c.created_by or ""])
                for item in self.items for c in item.versions if c.created_by in lane]
        reviewed: list[tuple[int, int, str]] = []
        if self.reviewed_box.isChecked():
            overrides = self.main.preferences.highlight_colors()
            for claim in self.reviewed_claims:
                status = self._statuses.get(claim.status_id)
                color = overrides.get(claim.status_id, status.color if status else "#999999")
                reviewed.append((claim.start, claim.end, color))
        self.view.set_layers(bars, reviewed, self._frame())

    def _frame(self) -> tuple[int, int] | None:
        item = self.current_item()
        return (item.start, item.end) if item else None

    def selected_version(self) -> Claim | None:
        """The editor's version selected in the table (None for a reviewed row)."""
        item = self.current_item()
        rows = self.versions.selectionModel().selectedRows() if item else []
        if item is None or not rows:
            return None
        claim_id = self.versions.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((c for c in item.versions if c.id == claim_id), None)

    def _update_enablement(self) -> None:
        item = self.current_item()
        version = self.selected_version()
        covered = bool(version and item and any(
            r.start < version.end and version.start < r.end for r in item.reviewed))
        self.accept_action.setEnabled(version is not None and not covered)
        self.accept_button.setEnabled(self.accept_action.isEnabled())
        self.edit_action.setEnabled(version is not None or bool(item and item.reviewed))
        self.edit_button.setEnabled(self.edit_action.isEnabled())
        self.reject_action.setEnabled(bool(item and item.pending))
        self.reject_button.setEnabled(self.reject_action.isEnabled())
        self.accept_agreements_action.setEnabled(
            any(i.agreed and not i.resolved for i in self.items))

    # --- deciding ------------------------------------------------------------------------------
    def _refused(self, exc: AnnotatorError) -> None:
        show_plain_message(self, self.tr("Not done"), str(exc))

    def accept_version(self) -> None:
        """Take the selected editor's version into the reviewed layer (one undo step)."""
        version = self.selected_version()
        if version is None or not self.accept_action.isEnabled():
            return
        try:
            operation = self.workspace.accept_operation(version.id)
        except AnnotatorError as exc:
            self._refused(exc)
            return
        self.main.submit(operation, self.tr("Accept version"))
        self.decided.emit()
        self._after_decision()

    def reject_item(self) -> None:
        """Reject every version of the selected item still open (one undo step)."""
        item = self.current_item()
        if item is None or not item.pending:
            return
        self.main.submit(reviewing.reject_operation(item), self.tr("Reject versions"))
        self.decided.emit()
        self._after_decision()

    def accept_agreements(self) -> None:
        """Accept every agreement not yet resolved: one undo step for all of them."""
        operations = self.workspace.accept_agreements_operations(self.items)
        if operations:
            # One transaction and one refresh (through the main window's change signal).
            self.main.submit_macro(operations, self.tr("Accept all agreements"))
            self.decided.emit()

    def edit_version(self) -> None:
        """Open the reviewed claim for this item in the main window's reviewed layer (after
        accepting the selected version if none covers it yet)."""
        item = self.current_item()
        if item is None or self.article is None:
            return
        version = self.selected_version()
        target = None
        if version is not None:
            target = next((r for r in item.reviewed if r.reviewed_from == version.id), None)
            target = target or next((r for r in item.reviewed
                                     if r.start < version.end and version.start < r.end), None)
            if target is None:
                self.accept_version()
                refreshed = self.workspace.claims(self.article.id, layer=REVIEWED_LAYER)
                target = next((r for r in refreshed if r.reviewed_from == version.id), None)
        elif item.reviewed:
            target = item.reviewed[0]
        if target is None:
            return
        self.main.show_layer(REVIEWED_LAYER)
        self.main.open_article(self.article.id)
        self.main.jump_to_claim(target.id)
        self.main.raise_()
        self.main.activateWindow()

    def _after_decision(self) -> None:
        """Move on to the next open item once this one is resolved."""
        item = self.current_item()
        if item is not None and item.resolved:
            self.step(+1)

    def _follow_article(self, article_id: str) -> None:
        """The main window opened another article: adjudicate that one (when shown)."""
        if self.isVisible() and (self.article is None or self.article.id != article_id):
            self.show_article(article_id)

    def _on_change(self, changes: ChangeSet) -> None:
        """Any change in the main window (a decision, an undo, an edit of a reviewed claim).
        Nothing while the window is closed: typing a note in the main window must not
        re-read the items each keystroke (``show_article`` reads them when it opens)."""
        if (self.isVisible() and self.article is not None
                and self.article.id in changes.article_ids):
            if self._editor_claims_changed(changes):
                self._editor_claims = self._shapes = None
            self.refresh()

    def _editor_claims_changed(self, changes: ChangeSet) -> bool:
        """Whether a change may have touched the editors' claims (or the sources they name)
        rather than only the reviewed layer and the rejections (a layer is fixed when a
        claim is created: a changed or removed claim not among the editors' is reviewed)."""
        if changes.sources_changed or self._editor_claims is None:
            return True
        return bool(self.workspace.touches_layer(
            changes, {claim.id for claim in self._editor_claims}, EDITOR_LAYER))

    def _on_reload(self) -> None:
        """The main window re-read the workspace (another process or a merge wrote to it)."""
        self._editor_claims = self._shapes = None
        if self.isVisible() and self.article is not None:
            self.refresh()
