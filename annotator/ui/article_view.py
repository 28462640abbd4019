"""The article view: read-only, each paragraph right to left or left to right by its own
script majority, claims highlighted by status colour as overlays, the selected claim
outlined, claim tooltips, reading font and zoom, and claim edges that can be dragged.

Contracts:
- The document holds exactly the stored article text (inserted as plain text, never HTML),
  so a Qt position is the UTF-16 offset into that text. Every offset that enters or leaves
  this widget (arguments, return values, signals) is a Unicode code point into the stored
  text; conversions go through :class:`annotator.text.offsets.OffsetMap` only.
- The document is never edited after it is built: highlights are a ``QSyntaxHighlighter``
  (formats on the block layouts, not in the document), the outline is painted over the
  viewport, so Arabic letters stay joined inside a highlight and the undo stack stays empty
  (``setUndoRedoEnabled(False)``).
- Highlighting is lazy and incremental. Opening an article builds a new document off
  screen, highlights the first blocks before anything is laid out, and highlights every
  other block just before it is first painted; :meth:`ArticleView.set_claims` compares the
  new claims with the previous ones and re-highlights (``rehighlightBlock``) only the blocks
  a changed claim touches. There is never a whole-document ``rehighlight()``.
- The view never writes: span edits by dragging are reported with :attr:`span_edited`.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QKeySequence,
    QSyntaxHighlighter,
    QTextBlock,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QTextEdit, QToolTip, QWidget

if TYPE_CHECKING:  # the handlers' event types: PySide makes them when the first one comes
    from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent, QWheelEvent

from annotator.domain.models import Claim, Status
from annotator.text.direction import paragraph_direction, paragraph_spans
from annotator.text.graphemes import snap_out, snap_to_words
from annotator.text.offsets import OffsetMap
from annotator.text.segments import segments

__all__ = ["ArticleView", "ClaimHighlighter", "ClaimIndex", "block_segments", "ltr_paragraphs"]

DEFAULT_HIGHLIGHT = "#fff59d"
OVERLAP_UNDERLINE = "#5d4037"
#: Outline of the selected claim; none of the status colours is close to it.
OUTLINE_COLOR = "#c2185b"
SUGGESTION_COLOR = "#6a1b9a"  # suggestions: dashed purple, never a status colour
OUTLINE_WIDTH = 2.0
#: How close (pixels) to a selected claim's edge a press starts dragging that edge.
EDGE_GRAB = 4
#: Articles up to this many characters are highlighted completely when opened.
EAGER_CHARS = 60_000
#: Longer articles: at least this many characters are highlighted before the first layout.
MIN_PREFETCH_CHARS = 4_000
ZOOM_FACTOR = 1.1
ZOOM_MIN_STEPS = -6
ZOOM_MAX_STEPS = 12

ClaimSpan = tuple[int, int, str, str]  # (start, end, claim_id, status_id), code points
TooltipProvider = Callable[[list[str]], str]


# --- paragraph direction ---------------------------------------------------------------------
@cache
def _bidi_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes matching one BMP character of bidi class L, and of class R or AL (built
    once per process from ``unicodedata``, ~13 ms)."""
    bidirectional = unicodedata.bidirectional
    classes: dict[str, list[tuple[int, int]]] = {"ltr": [], "rtl": []}
    run_kind, run_start = "", 0
    for cp in range(0x10001):
        bidi = bidirectional(chr(cp)) if cp < 0x10000 else ""
        kind = "ltr" if bidi == "L" else "rtl" if bidi in ("R", "AL") else ""
        if kind != run_kind:
            if run_kind:
                classes[run_kind].append((run_start, cp - 1))
            run_kind, run_start = kind, cp

    def compile_class(ranges: list[tuple[int, int]]) -> re.Pattern[str]:
        parts = (f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}" for a, b in ranges)
        # BMP only on purpose: the regex engine then tests a bitmap per character, while
        # one astral range makes it walk the whole range list (measured: 6x slower).
        return re.compile("[" + "".join(parts) + "]")

    return compile_class(classes["ltr"]), compile_class(classes["rtl"])


_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_RARE_BREAKS = ("\r", "\u2029", "\ufdd0", "\ufdd1")
#: Texts shorter than this (code points) are counted paragraph by paragraph: at ~0.2 µs a
#: character that is under 4 ms, less than building the character classes (~20 ms, once per
#: process), which a window that only ever shows news articles of a few pages never needs.
#: It also keeps the classes out of the window's start-up (empty view, then the seed).
EXACT_BELOW_CHARS = 20_000


def ltr_paragraphs(
    text: str, offsets: OffsetMap | None = None, *, exact_below: int = EXACT_BELOW_CHARS
) -> list[tuple[int, int]]:
    """Code-point ``(start, end)`` of the paragraphs of ``text`` (Qt blocks, as
    ``paragraph_spans`` gives them) that are left to right by
    :func:`annotator.text.direction.paragraph_direction` (default "rtl"), in order.

    A text shorter than ``exact_below`` code points is simply counted paragraph by
    paragraph. Longer ones take a scan with the same answers, about 12 times faster on
    Arabic text (1 MB of news: 8 ms against 99 ms, plus 13 ms once per process to build the
    character classes): a paragraph without any character of bidi class L can only be
    right to left (a majority of R/AL letters, or a tie that goes to the default), so only
    paragraphs containing an L character, or a character outside the BMP (checked exactly,
    since the fast scan covers only the BMP), are counted letter by letter.
    """
    if len(text) < exact_below:
        return [(start, end) for start, end in paragraph_spans(text)
                if paragraph_direction(text[start:end]) == "ltr"]
    offsets = offsets if offsets is not None else OffsetMap(text)
    if any(ch in text for ch in _RARE_BREAKS):  # not in canonical text; exact and slower
        spans = paragraph_spans(text)
        starts = [s for s, _ in spans]

        def paragraph(i: int) -> tuple[int, int]:
            return spans[bisect_right(starts, i) - 1]
    else:

        def paragraph(i: int) -> tuple[int, int]:
            end = text.find("\n", i)
            return text.rfind("\n", 0, i) + 1, len(text) if end < 0 else end

    suspects: set[tuple[int, int]] = set()
    left_to_right, right_to_left = _bidi_patterns()
    pos = 0
    while pos < len(text):
        match = left_to_right.search(text, pos)
        if match is None:
            break
        span = paragraph(match.start())
        suspects.add(span)
        pos = span[1] + 1  # go on in the next paragraph
    astral: set[tuple[int, int]] = set()
    if offsets.utf16_length != len(text):  # some characters outside the BMP
        astral.update(paragraph(m.start()) for m in _ASTRAL.finditer(text))
    found = []
    for start, end in sorted(suspects | astral):
        part = text[start:end]
        if (start, end) in astral:
            ltr = paragraph_direction(part) == "ltr"
        else:  # the same count as paragraph_direction, done by the regex engine
            ltr = len(left_to_right.findall(part)) > len(right_to_left.findall(part))
        if ltr:
            found.append((start, end))
    return found


# --- claims ----------------------------------------------------------------------------------
_span_of: Callable[[Claim], ClaimSpan] = attrgetter("start", "end", "id", "status_id")


class ClaimIndex:
    """The claims of one article, queried by code-point range.

    Claims with ``start >= end`` are ignored. :meth:`overlapping` returns every claim with
    ``start < hi`` and ``end > lo`` in O(log n + k) for short claims (k = claims starting
    within the longest short claim's length before ``lo``), plus a scan of the few long ones.
    """

    LONG = 2048  # code points; longer claims are kept apart so they do not widen every query

    def __init__(self, claims: Iterable[Claim]) -> None:
        spans = sorted(s for s in map(_span_of, claims) if s[0] < s[1])
        self._short = [s for s in spans if s[1] - s[0] <= self.LONG]
        self._long = [s for s in spans if s[1] - s[0] > self.LONG]
        self._starts = [s[0] for s in self._short]
        self._reach = max((s[1] - s[0] for s in self._short), default=0)

    def __len__(self) -> int:
        return len(self._short) + len(self._long)

    def add(self, span: ClaimSpan) -> None:
        """Add one claim (start, end, id, status_id); O(n) memory move, no re-sort."""
        start, end = span[0], span[1]
        if start >= end:
            return
        if end - start > self.LONG:
            self._long.append(span)
            return
        i = bisect_left(self._short, span)
        self._short.insert(i, span)
        self._starts.insert(i, start)
        self._reach = max(self._reach, end - start)

    def remove(self, span: ClaimSpan) -> None:
        """Remove one claim given exactly as it was added; absent claims are ignored."""
        start, end = span[0], span[1]
        if end - start > self.LONG:
            if span in self._long:
                self._long.remove(span)
            return
        i = bisect_left(self._short, span)
        if i < len(self._short) and self._short[i] == span:
            del self._short[i]
            del self._starts[i]
            if end - start == self._reach:
                self._reach = max((s[1] - s[0] for s in self._short), default=0)

    def overlapping(self, lo: int, hi: int) -> list[ClaimSpan]:
        """Claims overlapping ``[lo, hi)`` (code points), as (start, end, id, status_id)."""
        first = bisect_left(self._starts, lo - self._reach + 1)
        last = bisect_left(self._starts, hi)
        found = [s for s in self._short[first:last] if s[1] > lo]
        found.extend(s for s in self._long if s[0] < hi and s[1] > lo)
        return found

    def covering(self, cp: int) -> list[ClaimSpan]:
        """Claims containing code point ``cp``, innermost first (latest start, then
        shortest, then id)."""
        return sorted(self.overlapping(cp, cp + 1), key=_innermost_key, reverse=True)


def _innermost_key(span: ClaimSpan) -> tuple[int, int, str]:
    """Order of nesting: the latest-starting, then shortest, claim is the innermost. Depends
    only on the claims themselves, never on list order, so an incremental update gives the
    same colours as a full one."""
    return span[0], -span[1], span[2]


def block_segments(index: ClaimIndex, lo: int, hi: int) -> list[tuple[int, int, str, int]]:
    """Non-overlapping pieces of ``[lo, hi)`` covered by claims, as (start, end, status_id
    of the innermost claim, number of claims covering the piece), in code points."""
    covering = index.overlapping(lo, hi)
    if not covering:
        return []
    pieces = []
    for seg in segments((max(c[0], lo), min(c[1], hi), k) for k, c in enumerate(covering)):
        members = [covering[k] for k in seg.keys]  # type: ignore[index]
        top = max(members, key=_innermost_key)
        pieces.append((seg.start, seg.end, top[3], len(members)))
    return pieces


class ClaimHighlighter(QSyntaxHighlighter):
    """Paints claim segments (overlaps darker and underlined) of the block Qt asks for.

    It holds the claim index, not a precomputed list of segments: each block's segments are
    computed when the block is highlighted, so opening an article costs nothing per claim
    beyond sorting. It never highlights the whole document by itself; the view calls
    ``rehighlightBlock`` for the blocks that need it. ``blocks_highlighted`` counts
    ``highlightBlock`` calls (tests and benchmarks read it).
    """

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._offsets = OffsetMap("")
        self._index = ClaimIndex(())
        self._colors: dict[str, str] = {}
        self._formats: dict[tuple[str, int], QTextCharFormat] = {}
        self.blocks_highlighted = 0

    def set_data(self, offsets: OffsetMap, index: ClaimIndex, colors: dict[str, str]) -> None:
        """Use these claims and status colours from now on; repaints nothing by itself."""
        if colors != self._colors:
            self._formats.clear()
        self._offsets, self._index, self._colors = offsets, index, dict(colors)

    def _format(self, status_id: str, depth: int) -> QTextCharFormat:
        key = (status_id, min(depth, 5))
        fmt = self._formats.get(key)
        if fmt is None:
            color = QColor(self._colors.get(status_id, DEFAULT_HIGHLIGHT))
            fmt = QTextCharFormat()
            if depth > 1:  # overlap: darker, and underlined so it reads as nested
                color = color.darker(100 + 18 * min(depth - 1, 4))
                fmt.setFontUnderline(True)
                fmt.setUnderlineColor(QColor(OVERLAP_UNDERLINE))
            fmt.setBackground(color)
            # The text colour follows the highlight, not the palette: under a dark system
            # palette the default light text would vanish on the pastel status colours.
            fmt.setForeground(QColor("#000000") if color.lightnessF() > 0.45 else
                              QColor("#ffffff"))
            self._formats[key] = fmt
        return fmt

    def highlightBlock(self, text: str) -> None:
        self.blocks_highlighted += 1
        offsets = self._offsets
        block_u16 = self.currentBlock().position()
        if block_u16 > offsets.utf16_length:  # stale call during a document swap
            return
        lo = offsets.to_codepoint(block_u16)
        hi = min(lo + len(text), offsets.to_codepoint(offsets.utf16_length))
        for start, end, status_id, depth in block_segments(self._index, lo, hi):
            a = offsets.to_utf16(start) - block_u16
            b = offsets.to_utf16(end) - block_u16
            self.setFormat(a, b - a, self._format(status_id, depth))


# --- the view --------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Fragment:
    """One line's piece of a span, in viewport coordinates."""

    rect: QRectF
    x_start: float  # where the span's logical start lies on this line (right side if RTL)
    x_end: float
    has_start: bool  # the span starts on this line
    has_end: bool


@dataclass
class _EdgeDrag:
    claim_id: str
    edge: str  # "start" or "end"
    original: tuple[int, int]
    span: tuple[int, int]


class _TooltipFilter(QObject):
    """Event filter on an :class:`ArticleView`'s viewport: tooltip requests go to
    :meth:`ArticleView.show_tooltip`; every other event passes through untouched."""

    def __init__(self, view: ArticleView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self._view.show_tooltip(event)
            return True
        return False


class ArticleView(QTextEdit):
    """Read-only article text with per-paragraph direction and claim highlights.

    Public API (all offsets are code points into the article text):
    ``show_article``, ``set_claims``, ``set_selected_claim``, ``selection_codepoints``,
    ``select_codepoints``, ``claims_at``, ``claims_at_point``, ``tooltip_text_at``,
    ``set_tooltip_provider``, ``set_language``, ``set_reading_font``, ``zoom_in``,
    ``zoom_out``, ``zoom_reset``, and the :attr:`span_edited` signal.
    """

    #: A selected claim's edge was dragged: (claim_id, start, end), code points, end
    #: exclusive, on word boundaries (grapheme boundaries with Shift). Nothing is written.
    span_edited = Signal(str, int, int)
    #: Once, queued after the view's first paint (so after the rest of that frame too).
    first_painted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        # The viewport is not asked for before the first paint (see _after_first_paint);
        # QTextEdit tracks the mouse over it already, which hover and edge dragging need.
        self._painted = False
        self._tooltips: _TooltipFilter | None = None
        self._text = ""
        self._offsets = OffsetMap("")
        self._claim_list: list[Claim] = []
        self._claims_by_id: dict[str, Claim] | None = None
        self._signatures: dict[str, ClaimSpan] | None = {}
        self._statuses: dict[str, Status] = {}
        self._colors: dict[str, str] = {}
        self._index = ClaimIndex(())
        self._highlighted = bytearray()  # per block number: 1 = formats are up to date
        self._block_hint = 0  # block number found by the last _block_at_y
        self._selected: str | None = None
        self._suggestions: list[tuple[str, int, int]] = []
        self._current_suggestion: str | None = None
        self._drag: _EdgeDrag | None = None
        self._tooltip_provider: TooltipProvider | None = None
        self._language = "ar"
        self._base_font: QFont | None = None  # the reading font (zoom step 0)
        self._zoomed_font: QFont | None = None  # the font the last zoom set
        self._zoom_steps = 0
        self._wheel_delta = 0
        self._made_document: QTextDocument | None = None  # the last one _install_document made
        self._highlighter = self._install_document("")

    # --- properties --------------------------------------------------------------------------
    @property
    def offsets(self) -> OffsetMap:
        """Code point <-> UTF-16 map of the article shown."""
        return self._offsets

    @property
    def article_text(self) -> str:
        """The article text shown, exactly as given to :meth:`show_article`."""
        return self._text

    @property
    def highlighter(self) -> ClaimHighlighter:
        """The highlighter of the current document (replaced by every ``show_article``)."""
        return self._highlighter

    @property
    def selected_claim(self) -> str | None:
        return self._selected

    @property
    def zoom_steps(self) -> int:
        """Zoom steps from the reading font (positive: larger), 0 after ``zoom_reset``."""
        return self._zoom_steps

    # --- opening an article ------------------------------------------------------------------
    def show_article(self, text: str, claims: list[Claim], statuses: list[Status]) -> None:
        """Show ``text`` (the stored article text, unchanged) with ``claims`` highlighted.

        Builds a new document off screen: text, paragraph directions and the first blocks'
        highlights are in place before the first layout, so the first frame is complete and
        nothing is laid out twice. The selection and the selected claim are cleared.
        """
        self._drag = None
        self._selected = None
        self._suggestions = []
        self._current_suggestion = None
        self._text = text
        self._offsets = OffsetMap(text)
        self._claim_list = []
        self._signatures = {}
        self._highlighter = self._install_document(text, claims, statuses)
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _install_document(
        self, text: str, claims: list[Claim] | None = None, statuses: list[Status] | None = None
    ) -> ClaimHighlighter:
        """Build the document for ``text`` off screen, then show it.

        Order matters, each step avoids a whole-document pass: the highlighter is attached
        while the document is empty (attached to a full one, Qt re-highlights everything);
        text, directions and the first blocks' highlights go in before the document has a
        layout (nothing is laid out twice); the layout is created with signals blocked (it
        announces the whole text as changed, which would make the highlighter run over every
        block). The view then lays out lazily: what the viewport shows first, the rest in
        the background.
        """
        doc = QTextDocument(self)  # the view owns it until the next article replaces it
        doc.setUndoRedoEnabled(False)
        doc.setDocumentMargin(18)
        doc.setDefaultFont(self.font())
        option = doc.defaultTextOption()
        option.setWrapMode(self.wordWrapMode())
        doc.setDefaultTextOption(option)
        highlighter = ClaimHighlighter(doc)
        self._highlighter = highlighter
        self._apply_claims(claims or [], statuses or [], full=True)
        blocked = doc.blockSignals(True)
        try:
            self._fill_document(QTextCursor(doc), text)
        finally:
            doc.blockSignals(blocked)
        self._highlighted = bytearray(doc.blockCount())
        self._block_hint = 0
        # Highlight the blocks the first frame shows, before anything is laid out.
        budget = len(text) if len(text) <= EAGER_CHARS else self._first_screen_chars()
        block = doc.begin()
        while block.isValid() and block.position() <= budget:
            self._highlighted[block.blockNumber()] = 1
            highlighter.rehighlightBlock(block)
            block = block.next()
        blocked = doc.blockSignals(True)
        try:
            doc.documentLayout()
        finally:
            doc.blockSignals(blocked)
        doc.setModified(False)
        # Qt deletes only the document its control made; the ones made here are ours. Known
        # from our own record, not ``previous.parent()``: PySide's first call of it resolves
        # the Python types of ~100 Qt enums, ~30 ms of the window's start-up.
        previous = self.document()
        ours = previous is self._made_document
        self.setDocument(doc)
        self._made_document = doc
        if ours:
            previous.deleteLater()
        return highlighter

    def _first_screen_chars(self) -> int:
        """Generous estimate of how many characters the first frame shows: the viewport
        (at least 1600x1200 pixels, the window may not have its final size yet) filled
        with average characters at 125% line height, plus half. Blocks beyond it are
        highlighted when first painted, at the cost of laying them out again."""
        metrics = QFontMetricsF(self.font())
        size = self.maximumViewportSize()  # not viewport(): see _after_first_paint
        width = max(size.width(), 1600)
        height = max(size.height(), 1200)
        columns = width / max(metrics.averageCharWidth(), 1.0)
        rows = height / max(metrics.lineSpacing() * 1.25, 1.0)
        return max(int(columns * rows * 1.5), MIN_PREFETCH_CHARS)

    def _fill_document(self, cursor: QTextCursor, text: str) -> None:
        """Insert ``text`` with every paragraph's direction decided by script majority.

        Qt guesses direction from a paragraph's first strong character ("COVID-19 ..."
        would go left to right). All paragraphs are inserted right to left (the first
        block's format is inherited by every new block), then the few left-to-right ones
        are changed.
        """
        rtl = QTextBlockFormat()
        rtl.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        # Absolute: a plain AlignRight is mirrored to the left in a right-to-left block.
        rtl.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute)
        rtl.setLineHeight(125, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        rtl.setBottomMargin(6)
        ltr = QTextBlockFormat(rtl)
        ltr.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        ltr.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute)
        cursor.setBlockFormat(rtl)
        cursor.insertText(text)
        for start, _end in ltr_paragraphs(text, self._offsets):
            cursor.setPosition(self._offsets.to_utf16(start))
            cursor.setBlockFormat(ltr)

    # --- claims ------------------------------------------------------------------------------
    def set_claims(self, claims: list[Claim], statuses: list[Status]) -> None:
        """Show ``claims`` (of the article shown) coloured by ``statuses``.

        Incremental: compared with the previous claims by id, only the blocks touched by an
        added, removed or changed (span or status) claim are re-highlighted; blocks never
        painted yet are left for their first paint. A change of status colours refreshes
        the visible blocks now and the others when they are painted.
        """
        self._apply_claims(claims, statuses, full=False)
        self._update_viewport()

    def _apply_claims(self, claims: list[Claim], statuses: list[Status], *, full: bool) -> None:
        colors = {s.id: s.color for s in statuses}
        full = full or colors != self._colors
        removed: list[ClaimSpan] = []
        added: list[ClaimSpan] = []
        signatures: dict[str, ClaimSpan] | None = None
        if not full:
            previous = self._spans_by_id()
            signatures = {span[2]: span for span in map(_span_of, claims)}
            removed = [old for claim_id, old in previous.items()
                       if signatures.get(claim_id) != old]
            added = [new for claim_id, new in signatures.items()
                     if previous.get(claim_id) != new]
            full = len(removed) + len(added) > 500  # re-sorting is cheaper then
        self._claim_list = claims
        self._claims_by_id = None
        self._signatures = signatures  # built when first needed after a full change
        self._statuses = {s.id: s for s in statuses}
        self._colors = colors
        if full:
            self._index = ClaimIndex(claims)
        else:
            for span in removed:
                self._index.remove(span)
            for span in added:
                self._index.add(span)
        self._highlighter.set_data(self._offsets, self._index, colors)
        if self._selected is not None and self._selected not in self._spans_by_id():
            self._selected = None
            self._drag = None
        if full:
            self._invalidate_all()
        else:
            self._rehighlight_spans([span[:2] for span in removed + added])

    def _spans_by_id(self) -> dict[str, ClaimSpan]:
        """(start, end, id, status_id) of each claim shown, by id."""
        if self._signatures is None:
            self._signatures = {span[2]: span for span in map(_span_of, self._claim_list)}
        return self._signatures

    def _claim(self, claim_id: str) -> Claim | None:
        """The claim with this id among those shown, or None."""
        if self._claims_by_id is None:
            self._claims_by_id = {c.id: c for c in self._claim_list}
        return self._claims_by_id.get(claim_id)

    def _invalidate_all(self) -> None:
        """Every block's formats are stale: redo the visible ones now, others when painted."""
        doc = self.document()
        if self._highlighter.document() is not doc:  # document being built: done after
            return
        self._highlighted = bytearray(doc.blockCount())
        if self._painted:  # else the first paint highlights what it shows
            self._highlight_visible(self.viewport().rect())

    def _rehighlight_spans(self, spans: list[tuple[int, int]]) -> None:
        doc = self.document()
        if self._highlighter.document() is not doc or not spans:
            return
        numbers: dict[int, QTextBlock] = {}
        limit = len(self._text)
        for start, end in spans:
            start, end = min(max(start, 0), limit), min(max(end, 0), limit)
            block = doc.findBlock(self._offsets.to_utf16(start))
            end_u16 = self._offsets.to_utf16(end)
            while block.isValid():
                numbers[block.blockNumber()] = block
                if block.position() + block.length() > end_u16:
                    break
                block = block.next()
        self._rehighlight_blocks(
            b for n, b in sorted(numbers.items()) if self._highlighted[n]
        )

    def _rehighlight_blocks(self, blocks: Iterable[QTextBlock]) -> None:
        """``rehighlightBlock`` each block. Each one makes Qt (6.11) lay that block out
        again and move every later block: up to ~5 ms per block near the top of 1 MB,
        ~1 ms further down. Batching them in one edit does not help (measured)."""
        for block in blocks:
            self._highlighted[block.blockNumber()] = 1
            self._highlighter.rehighlightBlock(block)

    def _highlight_visible(self, rect: QRect) -> None:
        """Highlight the blocks in ``rect`` (viewport coordinates) not highlighted yet."""
        todo = [b for b in self._blocks_in(rect.top(), rect.bottom())
                if not self._highlighted[b.blockNumber()]]
        self._rehighlight_blocks(todo)

    def _blocks_in(self, top: int, bottom: int) -> Iterator[QTextBlock]:
        """Blocks intersecting viewport rows ``top..bottom``, in order."""
        layout = self.document().documentLayout()
        dy = self.verticalScrollBar().value()
        block = self._block_at_y(top + dy)
        while block.isValid() and layout.blockBoundingRect(block).top() - dy <= bottom:
            yield block
            block = block.next()

    def _block_at_y(self, y: float) -> QTextBlock:
        """The first block whose bounding box reaches down to document row ``y`` (the last
        block if none does).

        ``hitTest`` is no help here (in margins it answers positions far away, and it costs
        milliseconds on a long document), so this gallops from the block found last time
        and bisects: O(log d) ``blockBoundingRect`` calls for a move of d blocks, which lays
        out at most twice as far as the answer.
        """
        doc = self.document()
        layout = doc.documentLayout()
        count = doc.blockCount()

        def below(number: int) -> bool:  # block `number` ends above row y
            return layout.blockBoundingRect(doc.findBlockByNumber(number)).bottom() < y

        hint = min(self._block_hint, count - 1)
        if below(hint):  # the answer is after the hint: gallop forwards
            lo, step = hint + 1, 1
            hi = min(hint + step, count - 1)
            while hi < count - 1 and below(hi):
                lo, step = hi + 1, step * 2
                hi = min(hint + step, count - 1)
        else:  # at or before the hint: gallop backwards
            hi, step = hint, 1
            lo = max(hint - step, 0)
            while lo > 0 and not below(lo):
                hi, step = lo, step * 2
                lo = max(hint - step, 0)
        while lo < hi:  # first block in [lo, hi] not below y (hi qualifies or is the last)
            mid = (lo + hi) // 2
            if below(mid):
                lo = mid + 1
            else:
                hi = mid
        self._block_hint = lo
        return doc.findBlockByNumber(lo)

    def claims_at(self, cp: int) -> list[str]:
        """Ids of the claims containing code point ``cp`` (``start <= cp < end``),
        innermost first."""
        return [span[2] for span in self._index.covering(cp)]

    # --- selection ---------------------------------------------------------------------------
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
        """Select ``[start, end)`` (code points) in the text."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._offsets.to_utf16(start))
        cursor.setPosition(self._offsets.to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def set_selected_claim(self, claim_id: str | None) -> None:
        """Outline claim ``claim_id`` (None, or an id not among the claims: no outline).
        Its edges can then be dragged."""
        claim_id = claim_id if claim_id in self._spans_by_id() else None
        if claim_id != self._selected:
            self._selected = claim_id
            self._drag = None
            self._update_viewport()

    # --- geometry ----------------------------------------------------------------------------
    def _scroll_offset(self) -> QPointF:
        """Document coordinates minus viewport coordinates (as QTextEdit paints)."""
        hbar = self.horizontalScrollBar()
        dx = hbar.maximum() - hbar.value() if self.isRightToLeft() else hbar.value()
        return QPointF(dx, self.verticalScrollBar().value())

    def _fragments(self, start: int, end: int) -> list[_Fragment]:
        """Line pieces of ``[start, end)`` (code points) that are at least partly visible.

        The x range of a piece comes from ``QTextLine.cursorToX`` at both ends, ordered,
        so right-to-left lines give the same box; within a line that mixes directions the
        box spans from the one end to the other (it may include text of the other run).
        """
        if start >= end or end > len(self._text):
            return []
        doc = self.document()
        layout = doc.documentLayout()
        off = self._scroll_offset()
        height = self.viewport().height()
        s16, e16 = self._offsets.to_utf16(start), self._offsets.to_utf16(end)
        block = doc.findBlock(s16)
        first_visible = self._block_at_y(off.y())
        if first_visible.blockNumber() > block.blockNumber():
            block = first_visible
        found: list[_Fragment] = []
        while block.isValid() and block.position() < e16:
            box = layout.blockBoundingRect(block)
            if box.top() - off.y() > height:
                break
            if box.bottom() - off.y() >= 0:
                found.extend(self._block_fragments(block, s16, e16, off))
            block = block.next()
        return found

    def _block_fragments(
        self, block: QTextBlock, s16: int, e16: int, off: QPointF
    ) -> Iterator[_Fragment]:
        text_layout = block.layout()
        origin = text_layout.position() - off
        base = block.position()
        a = max(s16, base) - base
        b = min(e16, base + block.length() - 1) - base
        for i in range(text_layout.lineCount()):
            line = text_layout.lineAt(i)
            line_start = line.textStart()
            line_end = line_start + line.textLength()
            fa, fb = max(a, line_start), min(b, line_end)
            if fa >= fb:
                continue
            xa = _x(line.cursorToX(fa))
            xb = _x(line.cursorToX(fb))
            rect = QRectF(min(xa, xb), line.y(), abs(xb - xa), line.height())
            yield _Fragment(
                rect.translated(origin),
                xa + origin.x(),
                xb + origin.x(),
                base + fa == s16,
                base + fb == e16,
            )

    def _codepoint_at(self, pos: QPoint) -> int | None:
        """Code point of the character drawn under viewport point ``pos``, or None (margin,
        beyond the end of a line)."""
        doc = self.document()
        point = QPointF(pos) + self._scroll_offset()
        hit = doc.documentLayout().hitTest(point, Qt.HitTestAccuracy.ExactHit)
        if hit < 0 or not self._text:
            return None
        block = doc.findBlock(hit)
        if not block.isValid():
            return None
        text_layout = block.layout()
        x = point.x() - text_layout.position().x()
        y = point.y() - text_layout.position().y()
        base = block.position()
        here = self._offsets.to_codepoint(hit)
        block_end = base + block.length() - 1
        for cp in (here, here - 1):
            if cp < 0 or cp >= len(self._text):
                continue
            a16, b16 = self._offsets.to_utf16(cp), self._offsets.to_utf16(cp + 1)
            if a16 < base or b16 > block_end:
                continue
            line = text_layout.lineForTextPosition(a16 - base)
            if not line.isValid() or not line.y() <= y <= line.y() + line.height():
                continue
            xa, xb = _x(line.cursorToX(a16 - base)), _x(line.cursorToX(b16 - base))
            if min(xa, xb) <= x <= max(xa, xb):
                return cp
        return None

    def claims_at_point(self, pos: QPoint) -> list[str]:
        """Ids of the claims under viewport point ``pos``, innermost first."""
        cp = self._codepoint_at(pos)
        return [] if cp is None else self.claims_at(cp)

    # --- painting ----------------------------------------------------------------------------
    def set_suggestions(self, spans: list[tuple[str, int, int]], current: str | None) -> None:
        """Show suggested claims (``(id, start, end)`` in code points) distinctly from claims:
        a dashed underline, and a dashed box around ``current``. They are not claims: no
        highlight, nothing stored."""
        self._suggestions = list(spans)
        self._current_suggestion = current
        self._update_viewport()

    def _paint_suggestions(self, event: QPaintEvent) -> None:
        spans = self._suggestions
        if not spans:
            return
        area = QRectF(event.rect())
        # Imported when something is drawn over the text: not for a first frame that has
        # nothing to outline (PySide makes their types, and QPainter's enums, on import).
        from PySide6.QtGui import QPainter, QPen

        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            for suggestion_id, start, end in spans:
                current = suggestion_id == self._current_suggestion
                pen = QPen(QColor(SUGGESTION_COLOR), 2.5 if current else 1.5)
                pen.setStyle(Qt.PenStyle.DashLine)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for fragment in self._fragments(start, end):
                    if not fragment.rect.intersects(area):
                        continue
                    rect = fragment.rect
                    if current:
                        painter.drawRoundedRect(rect.adjusted(-2, 0, 2, 0), 4, 4)
                    else:
                        painter.drawLine(rect.bottomLeft(), rect.bottomRight())
        finally:
            painter.end()

    def paintEvent(self, event: QPaintEvent) -> None:
        """Highlight blocks about to be shown for the first time, let QTextEdit paint the
        (exposed part of the) text, then draw suggestions and the selected claim's outline
        over it."""
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self, self._after_first_paint)
        self._highlight_visible(event.rect())
        super().paintEvent(event)
        self._paint_suggestions(event)
        if self._drag is not None:
            span: tuple[int, int] | None = self._drag.span
        elif self._selected is not None:
            span = self._spans_by_id()[self._selected][:2]
        else:
            span = None
        if span is None:
            return
        fragments = [f for f in self._fragments(*span) if f.rect.intersects(QRectF(event.rect()))]
        if not fragments:
            return
        from PySide6.QtGui import QPainter, QPen  # see _paint_suggestions

        painter = QPainter(self.viewport())
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            pen = QPen(QColor(OUTLINE_COLOR), OUTLINE_WIDTH)
            if self._drag is not None:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for fragment in fragments:
                painter.drawRoundedRect(fragment.rect.adjusted(-2, 0, 2, 0), 4, 4)
        finally:
            painter.end()

    def _update_viewport(self) -> None:
        """Schedule a repaint of what the view shows; before the first paint there is
        nothing on screen to refresh (that paint draws the current state)."""
        if self._painted:
            self.viewport().update()

    def _after_first_paint(self) -> None:
        """The view's first frame is drawn: tooltips are served from now on, then
        :attr:`first_painted` is emitted.

        Why not before: PySide makes a Python object for the viewport on the first call of
        ``viewport()``, and to find its class it creates the Python types of every QWidget
        subclass it has not created yet (~70, with their enums): ~10 ms of the window's
        start. The first event an event filter (or a ``viewportEvent`` override) receives
        does the same for every QEvent subclass (~50, ~3 ms). Nobody hovers a view that is
        not drawn yet. GUI thread."""
        if self._tooltips is None:
            self._tooltips = _TooltipFilter(self)
            self.viewport().installEventFilter(self._tooltips)
        self.first_painted.emit()

    # --- tooltips ----------------------------------------------------------------------------
    def set_tooltip_provider(self, provider: TooltipProvider | None) -> None:
        """Tooltip text for the claims under the mouse (ids, innermost first). The text is
        shown as plain text: markup in it is escaped, never interpreted. None restores the
        default (each claim's sources and status label, one line per claim)."""
        self._tooltip_provider = provider

    def set_language(self, language: str) -> None:
        """Language of the status labels in the default tooltip ("ar" or "en")."""
        self._language = language

    def default_tooltip(self, claim_ids: list[str]) -> str:
        """One line per claim: its sources (speakers and carriers, Arabic names first)
        and its status label."""
        lines = []
        for claim_id in claim_ids:
            claim = self._claim(claim_id)
            if claim is None:
                continue
            who = "، ".join(s.name_ar or s.name_en for s in claim.sources) or "—"
            status = self._statuses.get(claim.status_id)
            label = status.label(self._language) if status else claim.status_id
            lines.append(f"{who} · {label}")
        return "\n".join(lines)

    def tooltip_text_at(self, pos: QPoint) -> str | None:
        """Plain tooltip text for viewport point ``pos``, or None if no claim is there."""
        claim_ids = self.claims_at_point(pos)
        if not claim_ids:
            return None
        provider = self._tooltip_provider or self.default_tooltip
        return provider(claim_ids) or None

    def show_tooltip(self, event: QHelpEvent) -> None:
        """Show the tooltip for ``event`` (a tooltip request on the viewport): the claims
        under it as plain text, or no tooltip (the event is then ignored)."""
        text = self.tooltip_text_at(event.pos())
        if text:
            QToolTip.showText(event.globalPos(), _plain_tooltip_html(text), self.viewport())
        else:
            QToolTip.hideText()
            event.ignore()

    # --- font and zoom -----------------------------------------------------------------------
    def set_reading_font(self, family: str, point_size: float) -> None:
        """Read in ``family`` at ``point_size`` (times the current zoom). Highlights and
        paragraph directions stay (they are not font properties). A font set with
        ``setFont`` instead becomes the reading font at zoom step 0 when zooming next."""
        font = QFont(family)
        font.setPointSizeF(point_size)
        self._base_font = font
        self._apply_zoom()

    def zoom_in(self) -> None:
        """One step larger (x1.1), up to 12 steps above the reading font."""
        self._zoom_by(1)

    def zoom_out(self) -> None:
        """One step smaller, down to 6 steps below the reading font."""
        self._zoom_by(-1)

    def zoom_reset(self) -> None:
        """Back to the reading font's own size."""
        self._sync_reading_font()
        self._zoom_steps = 0
        self._apply_zoom()

    def _sync_reading_font(self) -> None:
        """Never zoomed, or a font was set with ``setFont`` since: that is the reading font
        now, at zoom step 0."""
        current, zoomed = self.font(), self._zoomed_font
        if self._base_font is None or zoomed is None or (
            (current.family(), current.pointSizeF()) != (zoomed.family(), zoomed.pointSizeF())
        ):
            self._base_font = QFont(current)
            self._zoom_steps = 0

    def _zoom_by(self, steps: int) -> None:
        self._sync_reading_font()
        new = max(ZOOM_MIN_STEPS, min(ZOOM_MAX_STEPS, self._zoom_steps + steps))
        if new != self._zoom_steps:
            self._zoom_steps = new
            self._apply_zoom()

    def _apply_zoom(self) -> None:
        assert self._base_font is not None
        font = QFont(self._base_font)
        size = self._base_font.pointSizeF() * ZOOM_FACTOR ** self._zoom_steps
        font.setPointSizeF(round(max(size, 4.0), 1))
        self._zoomed_font = font
        self.setFont(font)  # QTextEdit passes it on as the document's default font

    def wheelEvent(self, event: QWheelEvent) -> None:
        """Ctrl+wheel zooms (one step per notch); otherwise scrolls."""
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self._wheel_delta += event.angleDelta().y()
            while self._wheel_delta >= 120:
                self._wheel_delta -= 120
                self.zoom_in()
            while self._wheel_delta <= -120:
                self._wheel_delta += 120
                self.zoom_out()
            event.accept()
            return
        super().wheelEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl++ / Ctrl+- / Ctrl+0 zoom in, out and back (standard zoom keys)."""
        if event.matches(QKeySequence.StandardKey.ZoomIn) or (
            event.modifiers() & Qt.KeyboardModifier.ControlModifier
            and event.key() in (Qt.Key.Key_Equal, Qt.Key.Key_Plus)
        ):
            self.zoom_in()
        elif event.matches(QKeySequence.StandardKey.ZoomOut):
            self.zoom_out()
        elif (event.modifiers() & Qt.KeyboardModifier.ControlModifier
              and event.key() == Qt.Key.Key_0):
            self.zoom_reset()
        else:
            super().keyPressEvent(event)

    # --- dragging a claim's edges ------------------------------------------------------------
    def _edge_at(self, pos: QPoint) -> str | None:
        """"start" or "end" if ``pos`` is within EDGE_GRAB pixels of that edge of the
        selected claim's outline, else None."""
        if self._selected is None:
            return None
        start, end = self._spans_by_id()[self._selected][:2]
        best: tuple[float, str] | None = None
        for fragment in self._fragments(start, end):
            top, bottom = fragment.rect.top() - 2, fragment.rect.bottom() + 2
            if not top <= pos.y() <= bottom:
                continue
            for edge, x, present in (("start", fragment.x_start, fragment.has_start),
                                     ("end", fragment.x_end, fragment.has_end)):
                distance = abs(pos.x() - x)
                if present and distance <= EDGE_GRAB and (best is None or distance < best[0]):
                    best = (distance, edge)
        return None if best is None else best[1]

    def _drag_to(self, pos: QPoint, exact: bool) -> None:
        """Move the dragged edge to the character boundary nearest ``pos``: to whole words,
        or with ``exact`` to the nearest grapheme boundary (never onto white space). The
        span keeps at least one character; an impossible move keeps the previous span."""
        assert self._drag is not None
        text = self._text
        start, end = self._drag.original
        cp = self._offsets.to_codepoint(self.cursorForPosition(pos).position())
        if self._drag.edge == "start":
            new = min(cp, end - 1)
            if exact:
                while new < end - 1 and text[new].isspace():
                    new += 1
                new = snap_out(text, new, end)[0]
            else:
                new = snap_to_words(text, new, end)[0]
            span = (new, end)
        else:
            new = max(cp, start + 1)
            if exact:
                while new > start + 1 and text[new - 1].isspace():
                    new -= 1
                new = snap_out(text, start, new)[1]
            else:
                new = snap_to_words(text, start, new)[1]
            span = (start, new)
        s, e = span
        valid = s < e and not text[s].isspace() and not text[e - 1].isspace()
        if valid and span != self._drag.span:
            self._drag.span = span
            self._update_viewport()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._selected is not None:
            edge = self._edge_at(event.position().toPoint())
            if edge is not None:
                span = self._spans_by_id()[self._selected][:2]
                self._drag = _EdgeDrag(self._selected, edge, span, span)
                self._update_viewport()
                event.accept()
                return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        if self._drag is not None:
            exact = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self._drag_to(pos, exact)
            event.accept()
            return
        if event.buttons() == Qt.MouseButton.NoButton:
            shape = (Qt.CursorShape.SizeHorCursor if self._edge_at(pos) is not None
                     else Qt.CursorShape.IBeamCursor)
            if self.viewport().cursor().shape() != shape:
                self.viewport().setCursor(shape)
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._drag is not None and event.button() == Qt.MouseButton.LeftButton:
            exact = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            self._drag_to(event.position().toPoint(), exact)
            drag, self._drag = self._drag, None
            self._update_viewport()
            event.accept()
            if drag.span != drag.original:
                self.span_edited.emit(drag.claim_id, *drag.span)
            return
        super().mouseReleaseEvent(event)


def _x(value: object) -> float:
    """``QTextLine.cursorToX`` returns (x, position) in PySide; take x."""
    if isinstance(value, tuple):
        return float(value[0])
    return float(value)  # type: ignore[arg-type]


def _plain_tooltip_html(text: str) -> str:
    """``text`` as tooltip rich text that shows it literally (markup escaped), in the
    direction of its script majority."""
    # Imported on the first tooltip: ``html`` loads its table of 2,231 entities, and the
    # window's first paint needs neither (~2 ms of the start).
    import html

    direction = paragraph_direction(text)
    body = html.escape(text).replace("\n", "<br>")
    return f'<p dir="{direction}" style="white-space:pre-wrap">{body}</p>'
