"""The article view: read-only, each paragraph right to left or left to right by its own
script majority, claims highlighted by status colour as overlays.

Contracts:
- The document holds exactly the stored article text (``setPlainText``, never HTML), so a
  Qt position is the UTF-16 offset into that text; conversions to the code points used
  everywhere else go through :class:`annotator.text.offsets.OffsetMap`.
- Highlights are a ``QSyntaxHighlighter`` over pre-split segments (overlaps drawn darker);
  the document is never edited, so Arabic letters stay joined inside a highlight.
"""

from __future__ import annotations

from bisect import bisect_right

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QWidget

from annotator.domain.models import Claim, Status
from annotator.text.direction import paragraph_direction
from annotator.text.offsets import OffsetMap
from annotator.text.segments import segments


class ClaimHighlighter(QSyntaxHighlighter):
    """Paints claim segments; call :meth:`set_claims` then it rehighlights once."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._starts: list[int] = []  # UTF-16 document positions, sorted
        self._ends: list[int] = []
        self._formats: list[QTextCharFormat] = []

    def set_claims(self, offsets: OffsetMap, claims: list[Claim], colors: dict[str, str]) -> None:
        by_id = {c.id: c for c in claims}
        starts: list[int] = []
        ends: list[int] = []
        formats: list[QTextCharFormat] = []
        for seg in segments((c.start, c.end, c.id) for c in claims):
            top = by_id[str(seg.keys[-1])]  # innermost (latest starting) claim's colour
            color = QColor(colors.get(top.status_id, "#fff59d"))
            fmt = QTextCharFormat()
            if len(seg.keys) > 1:  # overlap: darker, and underlined so it reads as nested
                color = color.darker(100 + 18 * min(len(seg.keys) - 1, 4))
                fmt.setFontUnderline(True)
                fmt.setUnderlineColor(QColor("#5d4037"))
            fmt.setBackground(color)
            starts.append(offsets.to_utf16(seg.start))
            ends.append(offsets.to_utf16(seg.end))
            formats.append(fmt)
        self._starts, self._ends, self._formats = starts, ends, formats
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        block = self.currentBlock()
        block_start = block.position()
        block_end = block_start + len(text.encode("utf-16-le")) // 2
        i = bisect_right(self._ends, block_start)
        while i < len(self._starts) and self._starts[i] < block_end:
            start = max(self._starts[i], block_start)
            end = min(self._ends[i], block_end)
            if end > start:
                self.setFormat(start - block_start, end - start, self._formats[i])
            i += 1


class ArticleView(QTextEdit):
    """Read-only article text with per-paragraph direction and claim highlights."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.document().setUndoRedoEnabled(False)
        self.document().setDocumentMargin(18)
        self._highlighter = ClaimHighlighter(self.document())
        self._text = ""
        self._offsets = OffsetMap("")

    @property
    def offsets(self) -> OffsetMap:
        return self._offsets

    @property
    def article_text(self) -> str:
        return self._text

    def show_article(self, text: str, claims: list[Claim], statuses: list[Status]) -> None:
        """Show ``text`` (the stored article text, unchanged) with ``claims`` highlighted."""
        self._text = text
        self._offsets = OffsetMap(text)
        self.setPlainText(text)
        self._apply_paragraph_directions()
        self.set_claims(claims, statuses)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def set_claims(self, claims: list[Claim], statuses: list[Status]) -> None:
        colors = {s.id: s.color for s in statuses}
        self._highlighter.set_claims(self._offsets, claims, colors)

    def _apply_paragraph_directions(self) -> None:
        """Qt guesses direction from a paragraph's first strong character ("COVID-19 ..."
        would go left to right); decide by script majority instead. The undo stack is off,
        so this does not fill it; the text itself is not touched."""
        doc = self.document()
        cursor = QTextCursor(doc)
        block = doc.begin()
        while block.isValid():
            rtl = paragraph_direction(block.text()) == "rtl"
            fmt = QTextBlockFormat(block.blockFormat())
            fmt.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight
            )
            # Absolute: a plain AlignRight is mirrored to the left in a right-to-left block.
            side = Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft
            fmt.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute)
            fmt.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            fmt.setBottomMargin(6)
            cursor.setPosition(block.position())
            cursor.setBlockFormat(fmt)
            block = block.next()
        doc.setModified(False)

    def selection_codepoints(self) -> tuple[int, int] | None:
        """The current selection as code-point offsets into the article text, or None."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return (
            self._offsets.to_codepoint(cursor.selectionStart()),
            self._offsets.to_codepoint(cursor.selectionEnd()),
        )

    def select_codepoints(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
