"""The first window, driven as an editor would, offscreen."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat

from annotator.services.workspace import Workspace


def _formats_at(view, position: int):  # type: ignore[no-untyped-def]
    """Highlight formats (from the syntax highlighter) covering a UTF-16 document position."""
    block = view.document().findBlock(position)
    local = position - block.position()
    return [
        QTextCharFormat(r.format)  # copy: the range's format dies with the list Qt returned
        for r in block.layout().formats()
        if r.start <= local < r.start + r.length
    ]


def test_window_shows_the_seed_right_to_left(window, seed_text: str) -> None:  # type: ignore[no-untyped-def]
    view = window.article_view
    assert view.toPlainText() == seed_text.rstrip("\n") or view.toPlainText() == seed_text
    assert view.isReadOnly()
    assert window.article_title.text() == "هجوم صاروخي على قاعدة أميركية في العراق"
    block = view.document().begin()
    while block.isValid():
        if block.text().strip():
            assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
        block = block.next()
    assert "Noto Naskh Arabic" in view.font().family()


def test_mixed_paragraph_direction_by_majority(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    outcome = workspace.import_text(
        "COVID-19 ينتشر في العالم بسرعة كبيرة\nThe WHO said on Monday that cases rose\n"
    )
    create_app()
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.open_article(outcome.article_id)
    doc = win.article_view.document()
    assert doc.findBlockByNumber(0).blockFormat().layoutDirection() == (
        Qt.LayoutDirection.RightToLeft)
    assert doc.findBlockByNumber(1).blockFormat().layoutDirection() == (
        Qt.LayoutDirection.LeftToRight)


def test_claims_are_highlighted_by_status_with_overlaps(
    qtbot, workspace: Workspace, seed_article_id: str, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    outer = workspace.add_claim(
        seed_article_id,
        quote="وكشفت مصادرة أمنية وحكومية لـ «رويترز» أن مهاجمين أطلقوا عدة صواريخ على "
        "القاعدة الأميركية",
        speakers=["مصادر أمنية وحكومية"], carriers=["رويترز"], status_id="in_progress",
    )
    inner = workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                                status_id="true")
    workspace.add_claim(seed_article_id, quote="أصيب جنود أميركيين بجروح طفيفة",
                        speakers=["مسؤول أميركي"], status_id="false")
    workspace.add_claim(
        seed_article_id,
        quote="«لنتفق على إطار زمني (للانسحاب) يكون سريعا حتى لا نطيل أمد الوجود وتبقى "
        "الهجمات مستمرة»",
        speakers=["السوداني"], carriers=["رويترز"], status_id="misleading",
    )
    create_app()
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.resize(1400, 860)
    win.show()
    qtbot.waitExposed(win)
    view = win.article_view
    colors = {s.id: QColor(s.color) for s in workspace.statuses()}
    offsets = view.offsets
    only_outer = _formats_at(view, offsets.to_utf16(outer.start + 1))
    assert only_outer and only_outer[0].background().color() == colors["in_progress"]
    both = _formats_at(view, offsets.to_utf16(inner.start + 2))
    assert both and both[0].fontUnderline()  # overlap drawn distinctly
    assert both[0].background().color() != colors["true"]
    outside = _formats_at(view, 2)
    assert outside == []
    assert win.claim_model.rowCount() == 4
    # Clicking a claim selects its span in the text (code points -> UTF-16 at the boundary).
    first = win.claim_model.claim_at(0)
    win.claim_table.clicked.emit(win.claim_model.index(0, 1))
    assert (first.start, first.end) == (outer.start, outer.end)
    assert win.selected_claim_id == outer.id
    assert view.selected_claim == outer.id  # outlined, not text-selected
    assert view.offsets.to_codepoint(view.textCursor().position()) == outer.start
    # Highlights are overlays: the document still holds exactly the stored text.
    assert view.toPlainText() == workspace.article(seed_article_id).text
    assert "4 claims" in win.status_label.text()
    path = screenshot_dir / "main-window-seed.png"
    assert win.grab().save(str(path))
    assert path.stat().st_size > 10_000


def test_selection_offsets_survive_emoji(qtbot, workspace: Workspace) -> None:  # type: ignore[no-untyped-def]
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    outcome = workspace.import_text("خبر 🚨🚨 عاجل\nقال 😀 المتحدث إن الهجوم وقع")
    create_app()
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    win.open_article(outcome.article_id)
    text = workspace.article(outcome.article_id).text
    start = text.index("المتحدث")
    win.article_view.select_codepoints(start, start + len("المتحدث"))
    cursor = win.article_view.textCursor()
    assert cursor.selectionStart() == start + 3  # three emoji before it, one extra unit each
    assert win.article_view.selection_codepoints() == (start, start + len("المتحدث"))
    assert cursor.selectedText() == "المتحدث"


def test_highlights_stay_readable_under_a_dark_palette(
    qtbot, workspace: Workspace, seed_article_id: str, screenshot_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    claim = workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                                status_id="false")
    app = create_app()
    original = app.palette()
    dark = QPalette(original)
    for role, color in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.Base,
                        "#202124"), (QPalette.ColorRole.Text, "#e8eaed"),
                        (QPalette.ColorRole.WindowText, "#e8eaed")):
        dark.setColor(role, QColor(color))
    QApplication.setPalette(dark)
    try:
        win = MainWindow(workspace)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        view = win.article_view
        [fmt] = _formats_at(view, view.offsets.to_utf16(claim.start + 1))
        background = fmt.background().color()
        foreground = fmt.foreground().color()
        # Contrast between text and highlight stays high whatever the palette.
        assert abs(background.lightnessF() - foreground.lightnessF()) > 0.5
        win.grab().save(str(screenshot_dir / "main-window-dark.png"))
    finally:
        QApplication.setPalette(original)


def test_the_arabic_interface_selects_the_claims_row_too(
    qtbot, workspace: Workspace, seed_article_id: str  # type: ignore[no-untyped-def]
) -> None:
    """In a right-to-left table ``QTableView.selectRow`` selected nothing; the claim chosen
    in the text must be the row selected in the claims table in both languages."""
    from PySide6.QtWidgets import QApplication

    from annotator.ui.i18n import install_translators
    from tests.ui.test_workbench import _open_window

    workspace.add_claim(seed_article_id, quote="أصيب جنود أميركيين بجروح طفيفة")
    workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ")
    try:
        for language in ("en", "ar"):
            win = _open_window(qtbot, workspace, language)
            win.open_article(seed_article_id)
            second = win._claims[1]
            win.jump_to_claim(second.id)
            rows = win.claim_table.selectionModel().selectedRows()
            assert [win.claim_model.claim_at(r.row()).id for r in rows] == [second.id]
            win.close()
    finally:
        install_translators(QApplication.instance(), "en")


def test_the_bundled_fonts_are_registered_from_files_or_from_an_archive(
    qtbot, tmp_path, monkeypatch  # type: ignore[no-untyped-def]
) -> None:
    """Qt opens the bundled font files itself; when the resources sit inside an archive (a
    zipped install) the fonts are handed over as bytes. Either way the reading font is the
    bundled Noto Naskh Arabic, not a fallback."""
    import zipfile

    from PySide6.QtGui import QFontInfo

    from annotator.bundled import resources_folder
    from annotator.ui import fonts
    from annotator.ui.application import create_app

    create_app()
    assert {"Noto Naskh Arabic", "Noto Sans Arabic"} <= set(fonts.register_bundled_fonts())
    assert QFontInfo(fonts.reading_font()).family() == "Noto Naskh Arabic"

    archive = tmp_path / "resources.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for name in fonts._FONT_FILES:
            zf.write(str(resources_folder() / "fonts" / name), f"fonts/{name}")
    monkeypatch.setattr(fonts, "resources_folder", lambda: zipfile.Path(archive))
    assert {"Noto Naskh Arabic", "Noto Sans Arabic"} <= set(fonts.register_bundled_fonts())
