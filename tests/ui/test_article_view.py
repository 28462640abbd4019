"""The article view on its own, offscreen, with real articles: highlights as overlays,
lazy and incremental highlighting, paragraph direction, the selected claim's outline,
tooltips, zoom, and dragging a claim's edges (code points in, code points out)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QTextCharFormat, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip

from annotator.domain.defaults import DEFAULT_STATUSES
from annotator.domain.models import Claim, ClaimSource, SourceRole, Status
from annotator.text.canonical import canonicalize
from annotator.text.direction import paragraph_direction, paragraph_spans
from annotator.text.offsets import OffsetMap
from annotator.ui.article_view import (
    EAGER_CHARS,
    OUTLINE_COLOR,
    ArticleView,
    ClaimIndex,
    block_segments,
    ltr_paragraphs,
)
from tests.conftest import CORPUS, SEED
from tests.text.strategies import mixed_text

STATUSES: list[Status] = list(DEFAULT_STATUSES)
COLORS = {s.id: QColor(s.color) for s in STATUSES}
REUTERS = ClaimSource("src-reuters", SourceRole.CARRIER, "رويترز", "Reuters")
OFFICIAL = ClaimSource("src-official", SourceRole.SPEAKER, "مسؤول أميركي", "a US official")


# --- helpers ---------------------------------------------------------------------------------
def claim(text: str, quote: str, status_id: str = "unverified", *, n: int = 1,
          sources: tuple[ClaimSource, ...] = (), cid: str | None = None) -> Claim:
    """A claim over the ``n``-th occurrence of ``quote`` in ``text``."""
    start = -1
    for _ in range(n):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    return Claim(id=cid or f"c-{start}-{end}-{status_id}", article_id="a", start=start,
                 end=end, quote=quote, prefix=text[max(0, start - 32):start],
                 suffix=text[end:end + 32], status_id=status_id, sources=sources)


def span_claim(text: str, start: int, end: int, status_id: str, cid: str) -> Claim:
    return Claim(id=cid, article_id="a", start=start, end=end, quote=text[start:end],
                 prefix="", suffix="", status_id=status_id)


def formats_at(view: ArticleView, cp: int) -> list[QTextCharFormat]:
    """Highlight formats covering code point ``cp`` (copies: the ranges die with the list)."""
    position = view.offsets.to_utf16(cp)
    block = view.document().findBlock(position)
    local = position - block.position()
    return [QTextCharFormat(r.format) for r in block.layout().formats()
            if r.start <= local < r.start + r.length]


def caret(view: ArticleView, cp: int) -> QPoint:
    """Viewport point of the caret at code point ``cp`` (the boundary before it)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.to_utf16(cp))
    return view.cursorRect(cursor).center()


def middle_of(view: ArticleView, cp: int) -> QPoint:
    """Viewport point in the middle of the character at code point ``cp``."""
    a, b = caret(view, cp), caret(view, cp + 1)
    return QPoint((a.x() + b.x()) // 2, a.y())


def near(color: QColor, target: QColor, tolerance: int = 60) -> bool:
    return (abs(color.red() - target.red()) + abs(color.green() - target.green())
            + abs(color.blue() - target.blue())) <= tolerance


def count_color(image: QImage, x0: int, y0: int, x1: int, y1: int, target: QColor) -> int:
    found = 0
    for x in range(max(0, x0), min(image.width(), x1)):
        for y in range(max(0, y0), min(image.height(), y1)):
            if near(image.pixelColor(x, y), target):
                found += 1
    return found


def corpus_text(chars: int) -> str:
    """Real CC0 articles (canonicalised), repeated up to ``chars`` characters."""
    texts = [canonicalize(p.read_text(encoding="utf-8")).strip("\n")
             for p in sorted(CORPUS.glob("*.txt"))]
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < chars:
        parts.append(texts[len(parts) % len(texts)])
    return "\n".join(parts)


@pytest.fixture
def seed() -> str:
    return canonicalize(SEED.read_text(encoding="utf-8"))


@pytest.fixture
def make_view(qtbot) -> Iterator[object]:  # type: ignore[no-untyped-def]
    from annotator.ui.application import create_app
    from annotator.ui.fonts import reading_font

    create_app()

    def make(width: int = 900, height: int = 700) -> ArticleView:
        view = ArticleView()
        view.setFont(reading_font())
        qtbot.addWidget(view)
        view.resize(width, height)
        with qtbot.waitSignal(view.first_painted):  # tooltips are served from then on
            view.show()
        return view

    yield make


def seed_claims(text: str) -> list[Claim]:
    return [
        claim(text, "وكشفت مصادرة أمنية وحكومية لـ «رويترز» أن مهاجمين أطلقوا عدة صواريخ على "
              "القاعدة الأميركية", "in_progress", sources=(REUTERS,), cid="outer"),
        claim(text, "أن مهاجمين أطلقوا عدة صواريخ", "true", cid="inner"),
        claim(text, "أصيب جنود أميركيين بجروح طفيفة", "false", sources=(OFFICIAL,),
              cid="wounded"),
    ]


# --- highlights ------------------------------------------------------------------------------
def test_formats_at_claim_positions_and_overlaps(make_view, seed: str) -> None:  # type: ignore[no-untyped-def]
    view = make_view()
    claims = seed_claims(seed)
    view.show_article(seed, claims, STATUSES)
    outer, inner, wounded = claims
    only_outer = formats_at(view, outer.start + 1)
    assert only_outer and only_outer[0].background().color() == COLORS["in_progress"]
    assert not only_outer[0].fontUnderline()
    both = formats_at(view, inner.start + 2)
    assert both and both[0].fontUnderline()  # overlap: underlined and darker
    assert both[0].background().color() == COLORS["true"].darker(118)  # innermost's colour
    assert formats_at(view, wounded.end - 1)[0].background().color() == COLORS["false"]
    assert formats_at(view, wounded.end) == []
    assert formats_at(view, 2) == []
    # Overlays only: the document is the stored text, unmodified, with no undo history.
    assert view.toPlainText() == seed
    assert not view.document().isModified()
    assert not view.document().isUndoAvailable()
    assert not view.document().isUndoRedoEnabled()


def test_block_segments_nest_by_position_not_list_order(seed: str) -> None:
    claims = seed_claims(seed)
    outer, inner = claims[0], claims[1]
    forward = block_segments(ClaimIndex(claims), 0, len(seed))
    backward = block_segments(ClaimIndex(list(reversed(claims))), 0, len(seed))
    assert forward == backward
    assert (inner.start, inner.end, "true", 2) in forward
    assert (outer.start, inner.start, "in_progress", 1) in forward


def test_claim_index_add_remove_matches_a_rebuild(seed: str) -> None:
    claims = seed_claims(seed)
    index = ClaimIndex(claims[:1])
    for c in claims[1:]:
        index.add((c.start, c.end, c.id, c.status_id))
    assert index.overlapping(0, len(seed)) == ClaimIndex(claims).overlapping(0, len(seed))
    index.remove((claims[0].start, claims[0].end, claims[0].id, claims[0].status_id))
    assert index.overlapping(0, len(seed)) == ClaimIndex(claims[1:]).overlapping(0, len(seed))
    assert [c[2] for c in ClaimIndex(claims).covering(claims[1].start)] == ["inner", "outer"]


def test_large_article_is_highlighted_lazily_and_incrementally(make_view) -> None:  # type: ignore[no-untyped-def]
    text = corpus_text(4 * EAGER_CHARS)
    words = [(m.start(), m.end()) for m in __import__("re").finditer(r"\w+", text)]
    claims = [span_claim(text, words[i][0], words[i + 3][1], STATUSES[i % 5].id, f"c{i}")
              for i in range(0, len(words) - 4, 25)]
    view = make_view()
    view.show_article(text, claims, STATUSES)
    view.viewport().grab()
    highlighter = view.highlighter
    blocks = view.document().blockCount()
    opened = highlighter.blocks_highlighted
    assert 0 < opened < blocks / 4  # the first screens only, not the whole document
    # Mark one claim on screen: exactly the block it is in is highlighted again, and painted.
    start, end = words[12][0], words[14][1]
    new = span_claim(text, start, end, "false", "new")
    before = highlighter.blocks_highlighted
    view.set_claims([*claims, new], STATUSES)
    assert highlighter.blocks_highlighted - before == 1
    assert any(f.background().color() == COLORS["false"] or f.fontUnderline()
               for f in formats_at(view, start))
    # Change its status, then remove it: one block each time.
    before = highlighter.blocks_highlighted
    view.set_claims([*claims, span_claim(text, start, end, "true", "new")], STATUSES)
    assert highlighter.blocks_highlighted - before == 1
    before = highlighter.blocks_highlighted
    view.set_claims(claims, STATUSES)
    assert highlighter.blocks_highlighted - before == 1
    assert all(f.background().color() != COLORS["false"] for f in formats_at(view, start))
    # A claim far below the screen costs nothing now, and is painted when scrolled to.
    far = span_claim(text, words[-40][0], words[-38][1], "misleading", "far")
    before = highlighter.blocks_highlighted
    view.set_claims([*claims, far], STATUSES)
    assert highlighter.blocks_highlighted == before
    view.select_codepoints(far.start, far.end)
    view.ensureCursorVisible()
    view.viewport().grab()
    assert highlighter.blocks_highlighted - before < 40  # the blocks of one screen
    formats = formats_at(view, far.start)
    assert formats and formats[-1].background().color().isValid()
    assert view.toPlainText() == text


def test_scrolling_highlights_only_what_comes_into_view(make_view, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = corpus_text(4 * EAGER_CHARS)
    view = make_view()
    view.show_article(text, [span_claim(text, 0, 40, "true", "a")], STATUSES)
    view.document().documentLayout().documentSize()  # finish the background layout
    qtbot.wait(20)
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    view.viewport().grab()
    before = view.highlighter.blocks_highlighted
    for _ in range(10):
        bar.setValue(bar.value() + 3 * bar.singleStep())
        view.viewport().grab()
    assert view.highlighter.blocks_highlighted - before < 15


# --- direction -------------------------------------------------------------------------------
def test_paragraph_direction_by_script_majority(make_view) -> None:  # type: ignore[no-untyped-def]
    text = ("COVID-19 ينتشر في العالم بسرعة كبيرة\nThe WHO said on Monday that cases rose\n"
            "😀 𝐀𝐁𝐂𝐃 ok\n\nقال 🚨 المتحدث")
    view = make_view()
    view.show_article(text, [], STATUSES)
    directions = []
    block = view.document().begin()
    while block.isValid():
        directions.append(block.blockFormat().layoutDirection())
        block = block.next()
    rtl, ltr = Qt.LayoutDirection.RightToLeft, Qt.LayoutDirection.LeftToRight
    assert directions == [rtl, ltr, ltr, rtl, rtl]


def test_ltr_paragraphs_agrees_with_paragraph_direction(corpus_files: list[Path]) -> None:
    for path in corpus_files:
        text = canonicalize(path.read_text(encoding="utf-8"))
        expected = [s for s in paragraph_spans(text)
                    if paragraph_direction(text[s[0]:s[1]]) == "ltr"]
        assert ltr_paragraphs(text) == expected
        assert ltr_paragraphs(text, exact_below=0) == expected  # the fast scan, too


@settings(max_examples=200, deadline=None)
@given(mixed_text(["\n", " ", "a", "Z", "é", "1", "٣", "😀", "𝐀", "\u2029", "\r\n", "א",
                   "漢", "\u064e", "ـ", "."], max_size=60))
def test_ltr_paragraphs_property(text: str) -> None:
    expected = [s for s in paragraph_spans(text) if paragraph_direction(text[s[0]:s[1]]) == "ltr"]
    assert ltr_paragraphs(text, OffsetMap(text)) == expected
    assert ltr_paragraphs(text, OffsetMap(text), exact_below=0) == expected  # the fast scan


# --- outline ---------------------------------------------------------------------------------
def test_selected_claim_is_outlined(make_view, seed: str, screenshot_dir: Path) -> None:  # type: ignore[no-untyped-def]
    view = make_view(900, 640)
    claims = seed_claims(seed)
    view.show_article(seed, claims, STATUSES)
    outline = QColor(OUTLINE_COLOR)
    outer = claims[0]
    start = caret(view, outer.start)
    end = caret(view, outer.end)

    def outline_pixels(image: QImage, point: QPoint) -> int:
        return count_color(image, point.x() - 6, point.y() - 14, point.x() + 7, point.y() + 15,
                           outline)

    plain = view.viewport().grab().toImage()
    assert outline_pixels(plain, start) == 0
    view.set_selected_claim("outer")
    assert view.selected_claim == "outer"
    image = view.viewport().grab().toImage()
    assert outline_pixels(image, start) > 8  # the start edge (right side: Arabic)
    assert outline_pixels(image, end) > 8
    # Only the selected claim: nothing around the other claim.
    wounded = caret(view, claims[2].start)
    assert outline_pixels(image, wounded) == 0
    view.set_selected_claim(None)
    assert outline_pixels(view.viewport().grab().toImage(), start) == 0
    # A claim over a line break is outlined line by line; this one is the screenshot.
    wrapped = claim(seed, "للقصف الصاروخي اليوم السبت.، وسط دعوات متزايدة بانسحاب القوات "
                    "الأجنبية", "misleading", cid="wrapped")
    view.set_claims([*claims, wrapped], STATUSES)
    view.set_selected_claim("wrapped")
    image = view.viewport().grab().toImage()
    first, last = caret(view, wrapped.start), caret(view, wrapped.end)
    assert first.y() < last.y()  # it does wrap
    assert outline_pixels(image, first) > 8 and outline_pixels(image, last) > 8
    path = screenshot_dir / "article-view-outline.png"
    assert image.save(str(path))
    assert path.stat().st_size > 10_000
    view.set_selected_claim("no-such-claim")
    assert view.selected_claim is None
    assert view.toPlainText() == seed


# --- tooltips --------------------------------------------------------------------------------
def test_tooltip_names_sources_and_status(make_view, seed: str) -> None:  # type: ignore[no-untyped-def]
    view = make_view()
    claims = seed_claims(seed)
    view.show_article(seed, claims, STATUSES)
    _outer, inner, wounded = claims
    assert view.claims_at(inner.start) == ["inner", "outer"]
    point = middle_of(view, wounded.start + 3)
    assert view.claims_at_point(point) == ["wounded"]
    assert view.tooltip_text_at(point) == "مسؤول أميركي · زائف"
    view.set_language("en")
    assert view.tooltip_text_at(point) == "مسؤول أميركي · False"
    both = view.tooltip_text_at(middle_of(view, inner.start + 3))
    assert both == "— · True\nرويترز · In progress"
    assert view.tooltip_text_at(middle_of(view, 3)) is None  # the title: no claim
    assert view.tooltip_text_at(QPoint(3, 3)) is None  # the margin


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen tooltips
def test_tooltip_text_is_never_markup(make_view, seed: str) -> None:  # type: ignore[no-untyped-def]
    view = make_view()
    claims = seed_claims(seed)
    view.show_article(seed, claims, STATUSES)
    seen: list[list[str]] = []

    def provider(ids: list[str]) -> str:
        seen.append(ids)
        return "<b>مصدر مجهول</b> & <img src=x>"

    view.set_tooltip_provider(provider)
    point = middle_of(view, claims[2].start + 3)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    assert seen == [["wounded"]]
    shown = QToolTip.text()
    assert "&lt;b&gt;مصدر مجهول&lt;/b&gt; &amp; &lt;img src=x&gt;" in shown
    assert "<b>" not in shown and "<img" not in shown
    assert 'dir="rtl"' in shown  # Arabic letters are the majority
    QToolTip.hideText()


def test_tooltip_after_emoji_finds_the_right_claim(make_view) -> None:  # type: ignore[no-untyped-def]
    text = "خبر 🚨🚨 عاجل\nقال 😀 المتحدث إن الهجوم وقع صباح اليوم"
    view = make_view()
    c = claim(text, "الهجوم وقع", "false", sources=(OFFICIAL,), cid="attack")
    view.show_article(text, [c], STATUSES)
    assert view.claims_at_point(middle_of(view, c.start)) == ["attack"]
    assert view.claims_at_point(middle_of(view, c.end - 1)) == ["attack"]
    assert view.claims_at_point(middle_of(view, c.start - 2)) == []  # the word before
    assert view.claims_at_point(middle_of(view, c.end + 1)) == []


# --- font and zoom ---------------------------------------------------------------------------
def test_zoom_and_reading_font_keep_highlights_and_directions(make_view, seed: str) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.fonts import reading_font

    view = make_view()
    claims = seed_claims(seed)
    view.show_article(seed, claims, STATUSES)
    view.set_reading_font("Noto Naskh Arabic", 14)
    assert view.font().pointSizeF() == 14
    assert "Noto Naskh Arabic" in view.document().defaultFont().family()
    view.zoom_in()
    view.zoom_in()
    assert view.zoom_steps == 2
    assert view.font().pointSizeF() == pytest.approx(14 * 1.21, abs=0.1)
    assert view.document().defaultFont().pointSizeF() == view.font().pointSizeF()
    view.viewport().grab()
    assert formats_at(view, claims[2].start)[0].background().color() == COLORS["false"]
    assert view.document().firstBlock().blockFormat().layoutDirection() == (
        Qt.LayoutDirection.RightToLeft)
    view.zoom_out()
    view.zoom_out()
    view.zoom_out()
    assert view.font().pointSizeF() < 14
    view.zoom_reset()
    assert view.font().pointSizeF() == 14
    # A font set from outside (the preferences) is the new reading font, at zoom step 0.
    view.setFont(reading_font(20))
    view.zoom_in()
    assert (view.zoom_steps, view.font().pointSizeF()) == (1, 22)
    view.zoom_reset()
    assert view.font().pointSizeF() == 20
    view.set_reading_font("Noto Naskh Arabic", 14)
    # Ctrl+wheel zooms; a plain wheel scrolls.
    viewport = view.viewport()
    center = QPointF(viewport.rect().center())
    for modifiers, steps in ((Qt.KeyboardModifier.ControlModifier, 1),
                             (Qt.KeyboardModifier.NoModifier, 1)):
        wheel = QWheelEvent(center, QPointF(viewport.mapToGlobal(center.toPoint())), QPoint(),
                            QPoint(0, 120), Qt.MouseButton.NoButton, modifiers,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, wheel)
        assert view.zoom_steps == steps
    assert view.toPlainText() == seed


# --- dragging edges --------------------------------------------------------------------------
DRAG_TEXT = "خبر 🚨🚨 عاجل\nعاجل 😀🚨 قال المتحدث باسم الوزارة إن الهجوم وقع صباح اليوم"


def drag(qtbot, view: ArticleView, start: QPoint, end: QPoint,  # type: ignore[no-untyped-def]
         modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, start)
    middle = QPoint((start.x() + end.x()) // 2, start.y())
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, end)


@pytest.fixture(params=[Qt.LayoutDirection.LeftToRight, Qt.LayoutDirection.RightToLeft],
                ids=["ltr-window", "rtl-window"])
def drag_view(make_view, request) -> ArticleView:  # type: ignore[no-untyped-def]
    view = make_view()
    view.setLayoutDirection(request.param)  # the Arabic interface mirrors the window
    spoken = claim(DRAG_TEXT, "المتحدث باسم الوزارة", cid="spoken")
    view.show_article(DRAG_TEXT, [spoken], STATUSES)
    view.set_selected_claim("spoken")
    return view


def test_dragging_the_start_edge_snaps_to_whole_words(qtbot, drag_view: ArticleView) -> None:  # type: ignore[no-untyped-def]
    text = DRAG_TEXT
    start = text.index("المتحدث")
    end = start + len("المتحدث باسم الوزارة")
    said = text.index("قال")
    assert drag_view.offsets.to_utf16(start) == start + 4  # four emoji before the claim
    with qtbot.waitSignal(drag_view.span_edited, timeout=1000) as signal:
        drag(qtbot, drag_view, caret(drag_view, start), middle_of(drag_view, said + 1))
    assert signal.args == ["spoken", said, end]  # code points, whole word "قال"
    assert text[said:end] == "قال المتحدث باسم الوزارة"


def test_dragging_with_shift_is_exact(qtbot, drag_view: ArticleView) -> None:  # type: ignore[no-untyped-def]
    text = DRAG_TEXT
    start = text.index("المتحدث")
    end = start + len("المتحدث باسم الوزارة")
    said = text.index("قال")
    with qtbot.waitSignal(drag_view.span_edited, timeout=1000) as signal:
        drag(qtbot, drag_view, caret(drag_view, start), caret(drag_view, said + 1),
             Qt.KeyboardModifier.ShiftModifier)
    assert signal.args == ["spoken", said + 1, end]


def test_dragging_the_end_edge_shrinks_to_whole_words(qtbot, drag_view: ArticleView) -> None:  # type: ignore[no-untyped-def]
    text = DRAG_TEXT
    start = text.index("المتحدث")
    end = start + len("المتحدث باسم الوزارة")
    name = text.index("باسم")
    with qtbot.waitSignal(drag_view.span_edited, timeout=1000) as signal:
        drag(qtbot, drag_view, caret(drag_view, end), middle_of(drag_view, name + 2))
    assert signal.args == ["spoken", start, name + len("باسم")]


def test_dragging_shows_feedback_and_never_edits(qtbot, drag_view: ArticleView) -> None:  # type: ignore[no-untyped-def]
    text = DRAG_TEXT
    start = text.index("المتحدث")
    said = text.index("قال")
    viewport = drag_view.viewport()
    outline = QColor(OUTLINE_COLOR)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     caret(drag_view, start))
    target = middle_of(drag_view, said + 1)
    qtbot.mouseMove(viewport, target)
    image = viewport.grab().toImage()
    edge = caret(drag_view, said)  # the temporary outline already starts at "قال"
    assert count_color(image, edge.x() - 6, edge.y() - 14, edge.x() + 7, edge.y() + 15,
                       outline) > 3
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       target)
    assert drag_view.toPlainText() == text
    assert not drag_view.document().isModified()
    assert drag_view.textCursor().hasSelection() is False  # a drag is not a text selection


def test_press_away_from_the_edges_selects_text(qtbot, drag_view: ArticleView) -> None:  # type: ignore[no-untyped-def]
    text = DRAG_TEXT
    name = text.index("باسم")
    emitted: list[tuple[str, int, int]] = []
    drag_view.span_edited.connect(lambda *args: emitted.append(args))
    drag(qtbot, drag_view, middle_of(drag_view, name + 1), middle_of(drag_view, name + 3))
    assert emitted == []
    assert drag_view.selection_codepoints() is not None


def test_opening_articles_replaces_the_document(make_view, seed: str) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QTextDocument

    view = make_view()
    for n in range(3):
        view.show_article(f"{seed}\n{n}", seed_claims(seed), STATUSES)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
    assert len(view.findChildren(QTextDocument)) == 1  # the old ones are deleted
    assert view.toPlainText() == f"{seed}\n2"
    assert view.highlighter.document() is view.document()
    assert not view.document().isUndoRedoEnabled()
