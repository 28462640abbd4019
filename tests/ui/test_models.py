"""Item models pass Qt's model tester, and the library stays lazy with many articles."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from annotator.services.workspace import Workspace
from annotator.ui.models import ArticleIdRole, ArticleListModel, ClaimTableModel


def test_article_model_passes_modeltester_and_fetches_lazily(
    qtmodeltester, workspace: Workspace, corpus_files: list[Path]  # type: ignore[no-untyped-def]
) -> None:
    workspace.import_paths(corpus_files)
    rows = workspace.library()
    model = ArticleListModel()
    model.BATCH = 10
    model.set_articles(rows * 12)  # 528 rows: more than a batch
    assert model.rowCount() == 10
    assert model.canFetchMore(model.index(-1, -1).parent())
    qtmodeltester.check(model)
    target = rows[-1].id
    assert model.row_of(target) == len(rows) - 1
    assert model.rowCount() >= len(rows)
    assert model.index(len(rows) - 1).data(ArticleIdRole) == target
    title = model.index(0).data()
    assert title.startswith("\u2068")  # user text isolated from the interface text


def test_claim_model_passes_modeltester(qtmodeltester, workspace: Workspace,  # type: ignore[no-untyped-def]
                                        seed_article_id: str) -> None:
    workspace.add_claim(seed_article_id, quote="«رويترز»", carriers=["رويترز"])
    workspace.add_claim(seed_article_id, quote="أن مهاجمين أطلقوا عدة صواريخ",
                        status_id="false")
    model = ClaimTableModel()
    model.set_claims(workspace.claims(seed_article_id), workspace.statuses(),
                     workspace.editor_names(), "ar")
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert [model.index(r, 1).data() for r in range(2)] == [
        "«رويترز»", "أن مهاجمين أطلقوا عدة صواريخ"]
    assert model.index(1, 3).data() == "زائف"
    assert model.index(0, 2).data() == "رويترز"


def test_library_search_and_filters_in_the_window(qtbot, workspace: Workspace,  # type: ignore[no-untyped-def]
                                                  seed_article_id: str,
                                                  corpus_files: list[Path]) -> None:
    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow

    workspace.import_paths(corpus_files[:8])
    workspace.add_claim(seed_article_id, quote="«رويترز»", status_id="false")
    create_app()
    win = MainWindow(workspace)
    qtbot.addWidget(win)
    assert win.article_model.total() == 9
    with qtbot.waitSignal(win.library.changed, timeout=2000):
        win.library.search.setText("عين الاسد")  # no hamza: still finds الأسد
    assert win.article_model.total() == 1
    assert win.article_model.index(0).data(ArticleIdRole) == seed_article_id
    with qtbot.waitSignal(win.library.changed, timeout=2000):
        win.library.search.clear()
    assert win.article_model.total() == 9
    combo = win.library.status
    with qtbot.waitSignal(win.library.changed, timeout=2000):
        combo.setCurrentIndex(combo.findData("false"))
    assert win.article_model.total() == 1


def test_user_text_is_never_markup_in_tooltips(workspace: Workspace,
                                               seed_article_id: str) -> None:
    from PySide6.QtGui import QTextDocument

    outcome = workspace.import_text("<b>عنوان</b> <img src=x>\nنص الخبر <script>x</script>")
    workspace.add_claim(outcome.article_id, quote="نص الخبر")
    model = ArticleListModel()
    model.set_articles(workspace.library())
    row = model.row_of(outcome.article_id)
    tooltip = model.index(row).data(Qt.ItemDataRole.ToolTipRole)
    shown = QTextDocument()
    shown.setHtml(tooltip)  # what QToolTip renders
    assert "<b>عنوان</b> <img src=x>" in shown.toPlainText()
    claims = ClaimTableModel()
    claims.set_claims(workspace.claims(outcome.article_id), workspace.statuses(), {}, "ar")
    shown.setHtml(claims.index(0, 1).data(Qt.ItemDataRole.ToolTipRole))
    assert shown.toPlainText() == "نص الخبر"
