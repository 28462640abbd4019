"""The claim panel: the selected claim's quote, status, sources (with roles), note and
evidence. Every edit becomes one operation sent through ``submit``; the panel never writes.
GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.domain.models import Claim, ClaimSource, Evidence, Source, SourceRole, Status, new_id

if TYPE_CHECKING:
    from annotator.domain.operations import Operation

# The edit operations are imported in the handlers that make them: no edit happens before
# the window is first drawn, and loading them costs ~7 ms of every start (see
# services.workspace).

NAME_ROLE = Qt.ItemDataRole.UserRole + 7  # a source name in the completer's model


class ClaimPanel(QWidget):
    """Shows one claim; emits operations (via ``submit``) for the window's undo stack."""

    def __init__(
        self,
        submit: Callable[[Operation, str], None],
        language: str = "en",
        *,
        submit_macro: Callable[[list[Operation], str], None] | None = None,
        ask_new_source: Callable[[str], Source | None] | None = None,
    ) -> None:
        super().__init__()
        self._submit = submit
        self._submit_macro = submit_macro
        self._ask_new_source = ask_new_source
        self._kind_labels: dict[str, tuple[str, str]] = {}
        self._language = language
        self._claim: Claim | None = None
        self._sources: list[Source] = []
        self._completer_stale = False  # see set_catalogue

        self.quote = QLabel()
        self.quote.setWordWrap(True)
        self.quote.setTextFormat(Qt.TextFormat.PlainText)  # user text is never markup
        self.quote.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        self.quote.setAccessibleName(self.tr("Claim quote"))

        self.status = QComboBox()
        self.status.setAccessibleName(self.tr("Verification status"))
        self.status.activated.connect(self._status_chosen)

        self.source_list = QListWidget()
        self.source_list.setMaximumHeight(64)
        self.source_list.setAccessibleName(self.tr("Sources"))
        self.source_input = QLineEdit()
        self.source_input.setPlaceholderText(self.tr("Add a source (Arabic or English name)"))
        self.source_input.returnPressed.connect(self._add_source)
        self.role = QComboBox()
        self.role.addItem(self.tr("speaker"), SourceRole.SPEAKER)
        self.role.addItem(self.tr("carrier"), SourceRole.CARRIER)
        remove_source = QPushButton(self.tr("Remove"))
        remove_source.clicked.connect(self._remove_source)
        source_row = QHBoxLayout()
        source_row.addWidget(self.source_input, 1)
        source_row.addWidget(self.role)
        source_row.addWidget(remove_source)

        # QTextEdit in plain-text mode, not QPlainTextEdit: the latter left-aligns Arabic
        # paragraphs (QTBUG-7516); here each paragraph follows its own first strong letter.
        self.note = QTextEdit()
        self.note.setAcceptRichText(False)
        self.note.setPlaceholderText(self.tr("Note"))
        self.note.setMaximumHeight(90)
        self.note.setAccessibleName(self.tr("Note"))
        self.note.textChanged.connect(self._note_changed)

        self.evidence_list = QListWidget()
        self.evidence_list.setMaximumHeight(52)
        self.evidence_list.itemActivated.connect(self._open_evidence)
        self.evidence_input = QLineEdit()
        self.evidence_input.setPlaceholderText("https://…")
        self.evidence_input.returnPressed.connect(self._add_evidence)

        self.meta = QLabel()
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)

        form = QFormLayout()
        form.addRow(self.tr("Status"), self.status)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.quote)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("Sources")))
        layout.addWidget(self.source_list)
        layout.addLayout(source_row)
        layout.addWidget(QLabel(self.tr("Note")))
        layout.addWidget(self.note)
        layout.addWidget(QLabel(self.tr("Evidence")))
        layout.addWidget(self.evidence_list)
        layout.addWidget(self.evidence_input)
        layout.addWidget(self.meta)
        self.setEnabled(False)

    # --- data in -----------------------------------------------------------------------------
    def set_catalogue(self, statuses: list[Status], sources: list[Source],
                      kind_labels: dict[str, tuple[str, str]] | None = None) -> None:
        self._sources = sources
        self._kind_labels = kind_labels or self._kind_labels
        with QSignalBlocker(self.status):
            self.status.clear()
            for number, status in enumerate(statuses, start=1):
                self.status.addItem(f"{number}  {status.label(self._language)}", status.id)
        # The completer is (re)built when a claim is shown: sources are only added to a
        # claim, and the window's start shows none (~1.5 ms, every source's names).
        self._completer_stale = True
        if self._claim is not None:
            self._build_completer()

    def _build_completer(self) -> None:
        """The source field's completer over the catalogue's sources. The popup shows each
        name with its source's kind; completing matches and inserts the bare name, kept in
        its own role (QStandardItem shares DisplayRole with EditRole)."""
        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from PySide6.QtWidgets import QCompleter

        self._completer_stale = False
        model = QStandardItemModel(self)
        for source in self._sources:
            kind = self._kind_labels.get(str(source.kind), ("", ""))
            kind_label = kind[0] if self._language == "ar" else kind[1]
            for name in dict.fromkeys((source.name_ar, source.name_en, *source.aliases)):
                if not name:
                    continue
                item = QStandardItem()
                item.setData(name, NAME_ROLE)
                item.setData(f"{name} · {kind_label}" if kind_label else name,
                             Qt.ItemDataRole.DisplayRole)
                model.appendRow(item)
        completer = QCompleter(model, self.source_input)
        completer.setCompletionRole(NAME_ROLE)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.source_input.setCompleter(completer)

    def show_claim(self, claim: Claim | None, editor_names: dict[str, str]) -> None:
        self._claim = claim
        if claim is not None and self._completer_stale:
            self._build_completer()
        self.setEnabled(claim is not None)
        with QSignalBlocker(self.note), QSignalBlocker(self.status):
            if claim is None:
                self.quote.clear()
                self.note.clear()
                self.source_list.clear()
                self.evidence_list.clear()
                self.meta.clear()
                return
            self.quote.setText(claim.quote)
            self.status.setCurrentIndex(max(0, self.status.findData(claim.status_id)))
            if self.note.toPlainText() != claim.note:
                self.note.setPlainText(claim.note)
            self.source_list.clear()
            kinds = {s.id: str(s.kind) for s in self._sources}
            for link in claim.sources:
                name = link.name_ar if self._language == "ar" else (link.name_en or link.name_ar)
                kind = self._kind_labels.get(kinds.get(link.source_id, ""), ("", ""))
                kind_label = kind[0] if self._language == "ar" else kind[1]
                role = self.tr("speaker") if link.role == SourceRole.SPEAKER else self.tr(
                    "carrier")
                item = QListWidgetItem(f"{name} — {role}" + (f" · {kind_label}"
                                                            if kind_label else ""))
                self.source_list.addItem(item)
            self.evidence_list.clear()
            for item in claim.evidence:
                self.evidence_list.addItem(QListWidgetItem(item.url))
            self.meta.setText(
                self.tr("Created {created} by {creator} · changed {updated} by {updater}").format(
                    created=claim.created_at[:16].replace("T", " "),
                    creator=editor_names.get(claim.created_by or "", "—"),
                    updated=claim.updated_at[:16].replace("T", " "),
                    updater=editor_names.get(claim.updated_by or "", "—"),
                )
            )

    # --- edits out ---------------------------------------------------------------------------
    def _status_chosen(self, index: int) -> None:
        from annotator.domain.operations import UpdateClaim

        if self._claim is not None:
            status_id = str(self.status.itemData(index))
            if status_id != self._claim.status_id:
                self._submit(UpdateClaim(self._claim.id, (("status_id", status_id),),
                                         expected_version=self._claim.updated_at),
                             self.tr("Set status"))

    def _note_changed(self) -> None:
        from annotator.domain.operations import UpdateClaim

        if self._claim is not None:
            self._submit(UpdateClaim(self._claim.id, (("note", self.note.toPlainText()),),
                                     expected_version=self._claim.updated_at),
                         self.tr("Edit note"))

    def find_source(self, name: str) -> Source | None:
        wanted = name.strip().casefold()
        for source in self._sources:
            if wanted in {n.casefold() for n in (source.name_ar, source.name_en, *source.aliases)}:
                return source
        return None

    def _add_source(self) -> None:
        from annotator.domain.operations import CreateSource, SetSources

        if self._claim is None:
            return
        name = self.source_input.text().strip()
        if not name:
            return
        role = SourceRole(self.role.currentData())
        source = self.find_source(name)
        if source is None:
            # Not in the catalogue: create it in place (asks for its kind), and link it,
            # as one undo step.
            created = self._ask_new_source(name) if self._ask_new_source else None
            if created is None or self._submit_macro is None:
                self.source_input.selectAll()
                return
            link = ClaimSource(created.id, role, created.name_ar, created.name_en)
            self.source_input.clear()
            self._submit_macro(
                [CreateSource(created), SetSources(self._claim.id, (*self._claim.sources, link),
                           expected_version=self._claim.updated_at)],
                self.tr("Add new source"),
            )
            return
        link = ClaimSource(source.id, role, source.name_ar, source.name_en)
        if any(s.source_id == link.source_id and s.role == role for s in self._claim.sources):
            return
        self.source_input.clear()
        self._submit(SetSources(self._claim.id, (*self._claim.sources, link),
                           expected_version=self._claim.updated_at),
                     self.tr("Add source"))

    def _remove_source(self) -> None:
        from annotator.domain.operations import SetSources

        row = self.source_list.currentRow()
        if self._claim is None or row < 0:
            return
        remaining = tuple(s for i, s in enumerate(self._claim.sources) if i != row)
        self._submit(SetSources(self._claim.id, remaining,
                                expected_version=self._claim.updated_at),
                     self.tr("Remove source"))

    def _add_evidence(self) -> None:
        from annotator.domain.operations import SetEvidence

        url = self.evidence_input.text().strip()
        if self._claim is None or not url.lower().startswith(("http://", "https://")):
            self.evidence_input.selectAll()
            return
        self.evidence_input.clear()
        self._submit(
            SetEvidence(self._claim.id, (*self._claim.evidence, Evidence(new_id(), url)),
                        expected_version=self._claim.updated_at),
            self.tr("Add evidence"),
        )

    def _open_evidence(self, item: QListWidgetItem) -> None:
        # Imported here: PySide creates a class's Python type, with its enums, when it is
        # first imported; QUrl and QDesktopServices are not needed before the first paint.
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        url = QUrl(item.text())
        if url.scheme() in ("http", "https"):  # only web links ever open
            QDesktopServices.openUrl(url)
