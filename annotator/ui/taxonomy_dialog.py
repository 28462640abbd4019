"""The taxonomy dialog: the workspace's sources (names, aliases, kind, note, URL, merging) and
verification statuses (labels, colour, ClaimReview rating, order), the exchange of the
whole list as a JSON file, and the sources a merge found changed on both sides (their
version taken, or ours kept).

Every change goes through :class:`annotator.services.taxonomy.Taxonomy` (one transaction
and an audit row each) and, when the window's undo stack is given, is one step on it. The action
methods take their values as arguments (the buttons ask for them first), so they are
testable without modal dialogs. GUI thread only.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.errors import AnnotatorError
from annotator.services import merging
from annotator.services.taxonomy import Taxonomy
from annotator.services.workspace import Workspace
from annotator.ui.messages import show_plain_message
from annotator.ui.models import isolate, select_table_row
from annotator.ui.undo import SourceConflictCommand, TaxonomyCommand

# Resolutions of a source conflict decided here.
OURS = "ours"


def _item(text: str, data: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


class TaxonomyDialog(QDialog):
    """Sources and statuses of one workspace. ``on_changed`` runs after every change (the
    window reloads its catalogue)."""

    def __init__(self, workspace: Workspace, language: str = "en",
                 on_changed: Callable[[], None] | None = None,
                 parent: QWidget | None = None,
                 undo_stack: QUndoStack | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sources and statuses"))
        self.resize(900, 560)
        self.workspace = workspace
        self.language = language
        self.taxonomy = Taxonomy.for_workspace(workspace)
        self._on_changed = on_changed or (lambda: None)
        # Every change becomes one step of the window's undo stack (when given).
        self.undo_stack = undo_stack
        self.last_error: str | None = None

        self.sources = QTableWidget(0, 6)
        self.sources.setHorizontalHeaderLabels([
            self.tr("Arabic name"), self.tr("English name"), self.tr("Kind"),
            self.tr("Aliases"), self.tr("Claims"), self.tr("Note / URL")])
        self.sources.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.sources.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.sources.horizontalHeader().setStretchLastSection(True)
        self.sources.setAccessibleName(self.tr("Sources"))
        source_buttons = self._buttons([
            (self.tr("Add…"), self._ask_add_source),
            (self.tr("Rename…"), self._ask_rename_source),
            (self.tr("Kind…"), self._ask_kind),
            (self.tr("Add aliases…"), self._ask_aliases),
            (self.tr("Note and URL…"), self._ask_note_url),
            (self.tr("Merge into…"), self._ask_merge),
        ])
        sources_page = QWidget()
        layout = QVBoxLayout(sources_page)
        layout.addWidget(self.sources, 1)
        layout.addLayout(source_buttons)

        self.statuses = QTableWidget(0, 5)
        self.statuses.setHorizontalHeaderLabels([
            self.tr("Id"), self.tr("Arabic label"), self.tr("English label"), self.tr("Colour"),
            self.tr("ClaimReview rating")])
        self.statuses.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.statuses.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.statuses.horizontalHeader().setStretchLastSection(True)
        self.statuses.setAccessibleName(self.tr("Verification statuses"))
        status_buttons = self._buttons([
            (self.tr("Add…"), self._ask_add_status),
            (self.tr("Rename…"), self._ask_rename_status),
            (self.tr("Colour…"), self._ask_colour),
            (self.tr("Rating…"), self._ask_rating),
            (self.tr("Move up"), lambda: self.move_status(self._current_status(), -1)),
            (self.tr("Move down"), lambda: self.move_status(self._current_status(), +1)),
        ])
        statuses_page = QWidget()
        layout = QVBoxLayout(statuses_page)
        layout.addWidget(self.statuses, 1)
        layout.addLayout(status_buttons)

        self.conflicts = QTableWidget(0, 4)
        self.conflicts.setHorizontalHeaderLabels([
            self.tr("Source"), self.tr("Here"), self.tr("In the other workspace"),
            self.tr("Merged from")])
        self.conflicts.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.conflicts.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        header = self.conflicts.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.ResizeToContents,
                                       QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents)):
            header.setSectionResizeMode(column, mode)
        self.conflicts.setWordWrap(True)
        self.conflicts.setAccessibleName(self.tr("Sources changed on both sides"))
        conflict_buttons = self._buttons([
            (self.tr("Take theirs"), lambda: self.take_theirs(self._current_conflict())),
            (self.tr("Keep ours"), lambda: self.keep_ours(self._current_conflict())),
        ])
        self.conflict_buttons = [conflict_buttons.itemAt(i).widget() for i in range(2)]
        self.conflicts.itemSelectionChanged.connect(self._update_conflict_buttons)
        conflicts_page = QWidget()
        layout = QVBoxLayout(conflicts_page)
        hint = QLabel(self.tr(
            "Sources that both you and the workspace you merged changed, each in its own way. "
            "Fields only one side changed have been merged already; here, choose whose "
            "version to keep."))
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(hint)
        layout.addWidget(self.conflicts, 1)
        layout.addLayout(conflict_buttons)

        self.tabs = QTabWidget()
        self.tabs.addTab(sources_page, self.tr("Sources"))
        self.tabs.addTab(statuses_page, self.tr("Statuses"))
        self.tabs.addTab(conflicts_page, "")  # titled with its count by refresh()
        exchange = self._buttons([
            (self.tr("Export to a file…"), self._ask_export),
            (self.tr("Import from a file…"), self._ask_import),
        ])
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        exchange.addWidget(close)
        main = QVBoxLayout(self)
        main.addWidget(self.tabs, 1)
        main.addLayout(exchange)
        self.refresh()

    def _buttons(self, specs: list[tuple[str, Callable[[], object]]]) -> QHBoxLayout:
        row = QHBoxLayout()
        for label, handler in specs:
            button = QPushButton(label)
            button.clicked.connect(lambda checked=False, h=handler: h())
            row.addWidget(button)
        row.addStretch(1)
        return row

    # --- showing -----------------------------------------------------------------------------
    def refresh(self) -> None:
        kinds = self.workspace.source_kind_labels()
        records = self.taxonomy.sources()
        self.sources.setRowCount(len(records))
        for row, record in enumerate(records):
            source = record.source
            kind = kinds.get(str(source.kind), (str(source.kind), str(source.kind)))
            cells = [source.name_ar, source.name_en, kind[0] if self.language == "ar" else kind[1],
                     "، ".join(record.extra_aliases), str(record.claim_count),
                     " · ".join(x for x in (record.note, record.url or "") if x)]
            for column, text in enumerate(cells):
                self.sources.setItem(row, column, _item(text, source.id))
        statuses = self.taxonomy.statuses()
        self.statuses.setRowCount(len(statuses))
        for row, status in enumerate(statuses):
            cells = [status.id, status.label_ar, status.label_en, status.color,
                     "" if status.rating_value is None else str(status.rating_value)]
            for column, text in enumerate(cells):
                item = _item(text, status.id)
                if column == 3:
                    item.setBackground(QColor(status.color))
                    item.setForeground(QColor("#000000"))
                self.statuses.setItem(row, column, item)
        self._refresh_conflicts(kinds)

    def _field_label(self, name: str) -> str:
        return {"name_ar": self.tr("Arabic name"), "name_en": self.tr("English name"),
                "kind": self.tr("Kind"), "note": self.tr("Note"), "url": self.tr("URL")}[name]

    def _refresh_conflicts(self, kinds: dict[str, tuple[str, str]]) -> None:
        """The open source conflicts: for each, the fields that differ, here and there."""
        rows = merging.list_source_conflicts(self.workspace)

        def shown(name: str, value: object) -> str:
            if name == "kind" and value is not None:
                labels = kinds.get(str(value), (str(value), str(value)))
                return labels[0] if self.language == "ar" else labels[1]
            # Isolated: an Arabic value must not reorder the label before it.
            return isolate(str(value)) if value else "—"

        self.conflicts.setRowCount(len(rows))
        for row, conflict in enumerate(rows):
            names = [n for n, theirs in conflict["their_fields"].items()
                     if conflict["ours"][n] != theirs]
            here = "\n".join(f"{self._field_label(n)}: {shown(n, conflict['ours'][n])}"
                             for n in names)
            there = "\n".join(
                f"{self._field_label(n)}: {shown(n, conflict['their_fields'][n])}"
                for n in names)
            origin = conflict["other_workspace"].replace("\\", "/").rsplit("/", 1)[-1]
            for column, text in enumerate((isolate(conflict["name"]), here, there, origin)):
                item = _item(text, conflict["id"])
                if column == 3:
                    item.setToolTip(conflict["other_workspace"])
                self.conflicts.setItem(row, column, item)
        self.conflicts.resizeRowsToContents()
        self.tabs.setTabText(2, self.tr("Merge conflicts ({n})").format(n=len(rows)))
        self._update_conflict_buttons()

    def _update_conflict_buttons(self) -> None:
        for button in self.conflict_buttons:
            button.setEnabled(self._current_conflict() is not None)

    def _changed(self) -> None:
        self.refresh()
        self._on_changed()

    def _run(self, action: Callable[[], object], label: str = "",
             link_sources: tuple[str, ...] = ()) -> bool:
        """Run one change; a refused one becomes a message and changes nothing. With an
        undo stack, the change is pushed as one undoable step named ``label`` (the claim
        links of ``link_sources`` are restored too: the sources of a merge)."""
        before = self.taxonomy.snapshot(link_sources=link_sources) if self.undo_stack else None
        try:
            action()
        except AnnotatorError as exc:
            self._refused(exc)
            return False
        if self.undo_stack is not None and before is not None:
            after = self.taxonomy.snapshot(link_sources=link_sources)
            if after != before:
                self.undo_stack.push(TaxonomyCommand(
                    self.taxonomy, before, after, label or self.tr("Edit sources and statuses"),
                    self._after_undo, self._refused))
        self._changed()
        return True

    def _refused(self, exc: AnnotatorError) -> None:
        self.last_error = str(exc)
        # Not exec(): the dialog stays responsive (and testable).
        show_plain_message(self, QMessageBox.Icon.Warning, self.tr("Not changed"), str(exc))

    def _after_undo(self) -> None:
        """An undo or redo of a taxonomy step (the dialog may be closed by then)."""
        with contextlib.suppress(RuntimeError):  # the dialog's C++ side may be gone
            if self.isVisible():
                self.refresh()
        self._on_changed()

    def _current_source(self) -> str | None:
        items = self.sources.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _current_status(self) -> str | None:
        items = self.statuses.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def _current_conflict(self) -> str | None:
        items = self.conflicts.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    # --- actions (values as arguments) -------------------------------------------------------
    def add_source(self, name_ar: str, name_en: str, kind: str,
                   aliases: list[str] | None = None) -> bool:
        return self._run(lambda: self.taxonomy.create_source(
            name_ar=name_ar, name_en=name_en, kind=kind, aliases=aliases or []),
            self.tr("Add source"))

    def rename_source(self, source_id: str, name_ar: str, name_en: str) -> bool:
        return self._run(lambda: self.taxonomy.rename_source(
            source_id, name_ar=name_ar, name_en=name_en), self.tr("Rename source"))

    def set_kind(self, source_id: str, kind: str) -> bool:
        return self._run(lambda: self.taxonomy.update_source(source_id, kind=kind),
                         self.tr("Change the kind of a source"))

    def add_aliases(self, source_id: str, aliases: list[str]) -> bool:
        return self._run(lambda: self.taxonomy.add_aliases(source_id, aliases),
                         self.tr("Add aliases"))

    def set_note_url(self, source_id: str, note: str, url: str) -> bool:
        return self._run(lambda: self.taxonomy.update_source(source_id, note=note, url=url),
                         self.tr("Change note and URL"))

    def merge(self, keep_id: str, other_id: str) -> bool:
        return self._run(lambda: self.taxonomy.merge_sources(keep_id, other_id),
                         self.tr("Merge sources"), link_sources=(keep_id, other_id))

    def add_status(self, status_id: str, label_ar: str, label_en: str, color: str) -> bool:
        return self._run(lambda: self.taxonomy.add_status(
            status_id, label_ar=label_ar, label_en=label_en, color=color),
            self.tr("Add status"))

    def rename_status(self, status_id: str, label_ar: str, label_en: str) -> bool:
        return self._run(lambda: self.taxonomy.rename_status(
            status_id, label_ar=label_ar, label_en=label_en), self.tr("Rename status"))

    def recolour(self, status_id: str, color: str) -> bool:
        return self._run(lambda: self.taxonomy.recolour_status(status_id, color),
                         self.tr("Recolour status"))

    def set_rating(self, status_id: str, rating: int | None) -> bool:
        return self._run(lambda: self.taxonomy.set_status_rating(status_id, rating),
                         self.tr("Set rating"))

    def move_status(self, status_id: str | None, direction: int) -> bool:
        if status_id is None:
            return False
        order = [s.id for s in self.taxonomy.statuses()]
        i = order.index(status_id)
        j = i + direction
        if not 0 <= j < len(order):
            return False
        order[i], order[j] = order[j], order[i]
        done = self._run(lambda: self.taxonomy.reorder_statuses(order),
                         self.tr("Reorder statuses"))
        select_table_row(self.statuses, j)
        return done

    def take_theirs(self, conflict_id: str | None) -> bool:
        """Give the source the other workspace's version (our old names stay aliases)."""
        return self._decide(conflict_id, merging.THEIRS,
                            self.tr("Take their version of a source"))

    def keep_ours(self, conflict_id: str | None) -> bool:
        """Keep our version of the source; the conflict is no longer listed."""
        return self._decide(conflict_id, OURS, self.tr("Keep our version of a source"))

    def _decide(self, conflict_id: str | None, resolution: str, label: str) -> bool:
        """Resolve a source conflict (one transaction); with an undo stack, one step that
        undoes the source's change and opens the conflict again."""
        if conflict_id is None:
            return False
        before = self.taxonomy.snapshot() if self.undo_stack is not None else None
        try:
            merging.resolve_conflict(self.workspace, conflict_id, resolution=resolution)
        except AnnotatorError as exc:
            self._refused(exc)
            return False
        if self.undo_stack is not None and before is not None:
            self.undo_stack.push(SourceConflictCommand(
                self.workspace, self.taxonomy, before, self.taxonomy.snapshot(),
                conflict_id, resolution, label, self._after_undo, self._refused))
        self._changed()
        return True

    def export_to(self, path: str) -> bool:
        return self._run(lambda: self.taxonomy.export_file(path))

    def import_from(self, path: str) -> bool:
        return self._run(lambda: self.taxonomy.import_file(path),
                         self.tr("Import sources and statuses"))

    # --- asking (buttons) --------------------------------------------------------------------
    def _text(self, title: str, label: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getText(self, title, label, text=value)
        return text.strip() if ok else None

    def _kind(self, title: str) -> str | None:
        kinds = self.workspace.source_kind_labels()
        ids = list(kinds)
        names = [kinds[k][0 if self.language == "ar" else 1] for k in ids]
        choice, ok = QInputDialog.getItem(self, title, self.tr("Kind:"), names, 0, False)
        return ids[names.index(choice)] if ok else None

    def _ask_add_source(self) -> None:
        name_ar = self._text(self.tr("New source"), self.tr("Arabic name:"))
        if name_ar is None:
            return
        name_en = self._text(self.tr("New source"), self.tr("English name:"))
        if name_en is None:
            return
        kind = self._kind(self.tr("New source"))
        if kind is not None:
            self.add_source(name_ar, name_en, kind)

    def _ask_rename_source(self) -> None:
        source_id = self._current_source()
        if source_id is None:
            return
        record = self.taxonomy.source(source_id)
        name_ar = self._text(self.tr("Rename source"), self.tr("Arabic name:"),
                             record.source.name_ar)
        name_en = None if name_ar is None else self._text(
            self.tr("Rename source"), self.tr("English name:"), record.source.name_en)
        if name_ar is not None and name_en is not None:
            self.rename_source(source_id, name_ar, name_en)

    def _ask_kind(self) -> None:
        source_id = self._current_source()
        kind = None if source_id is None else self._kind(self.tr("Kind of source"))
        if source_id is not None and kind is not None:
            self.set_kind(source_id, kind)

    def _ask_aliases(self) -> None:
        source_id = self._current_source()
        text = None if source_id is None else self._text(
            self.tr("Add aliases"), self.tr("Spellings as they appear in text, separated by ;"))
        if source_id is not None and text:
            self.add_aliases(source_id, [a for a in text.split(";") if a.strip()])

    def _ask_note_url(self) -> None:
        source_id = self._current_source()
        if source_id is None:
            return
        record = self.taxonomy.source(source_id)
        note = self._text(self.tr("Note and URL"), self.tr("Note:"), record.note)
        url = None if note is None else self._text(self.tr("Note and URL"), self.tr("URL:"),
                                                   record.url or "")
        if note is not None and url is not None:
            self.set_note_url(source_id, note, url)

    def _ask_merge(self) -> None:
        other = self._current_source()
        if other is None:
            return
        records = [r for r in self.taxonomy.sources() if r.id != other]
        names = [f"{r.source.label(self.language)} ({r.id[:8]})" for r in records]
        choice, ok = QInputDialog.getItem(
            self, self.tr("Merge sources"),
            self.tr("Merge the selected source into (its claims follow):"), names, 0, False)
        if ok:
            self.merge(records[names.index(choice)].id, other)

    def _ask_add_status(self) -> None:
        status_id = self._text(self.tr("New status"), self.tr("Id (letters, digits, _):"))
        label_ar = None if not status_id else self._text(self.tr("New status"),
                                                         self.tr("Arabic label:"))
        label_en = None if label_ar is None else self._text(self.tr("New status"),
                                                            self.tr("English label:"))
        if status_id and label_ar is not None and label_en is not None:
            color = QColorDialog.getColor(QColor("#eeeeee"), self, self.tr("Colour"))
            if color.isValid():
                self.add_status(status_id, label_ar, label_en, color.name())

    def _ask_rename_status(self) -> None:
        status_id = self._current_status()
        if status_id is None:
            return
        status = next(s for s in self.taxonomy.statuses() if s.id == status_id)
        label_ar = self._text(self.tr("Rename status"), self.tr("Arabic label:"),
                              status.label_ar)
        label_en = None if label_ar is None else self._text(
            self.tr("Rename status"), self.tr("English label:"), status.label_en)
        if label_ar is not None and label_en is not None:
            self.rename_status(status_id, label_ar, label_en)

    def _ask_colour(self) -> None:
        status_id = self._current_status()
        if status_id is None:
            return
        status = next(s for s in self.taxonomy.statuses() if s.id == status_id)
        color = QColorDialog.getColor(QColor(status.color), self, self.tr("Colour"))
        if color.isValid():
            self.recolour(status_id, color.name())

    def _ask_rating(self) -> None:
        status_id = self._current_status()
        if status_id is None:
            return
        choices = [self.tr("none (label only)"), "1", "2", "3", "4", "5"]
        choice, ok = QInputDialog.getItem(self, self.tr("ClaimReview rating"),
                                          self.tr("Rating (1 false … 5 true):"), choices, 0,
                                          False)
        if ok:
            self.set_rating(status_id, None if choice == choices[0] else int(choice))

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export the taxonomy"),
                                              "taxonomy.json", "JSON (*.json)")
        if path:
            self.export_to(path)

    def _ask_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import a taxonomy"), "",
                                              "JSON (*.json)")
        if path:
            self.import_from(path)
