"""Adjudicating a very long article: opening the adjudication window and deciding items.

Builds one article of about ``--chars`` code points (default 300,000) from the real CC0
Arabic articles, and two editors' claims on ``--claims`` of its sentences each (default
2,000: 4,000 claims in all; the second editor's span differs on 30% of them and his status
on 20%), written with ``merge_store.bulk_insert_claims``. Then, offscreen:

1. opens the main window on the article and the adjudication window (Review > Adjudicate
   article…), until painted;
2. accepts the first version of ``--decisions`` items in turn (default 20), each timed from
   the call to ``accept_version`` until the event queue is empty (the item list, the layers
   and both windows updated and painted), and prints the median and the slowest.
3. accepts all the remaining agreements at once (one undo step), then undoes that, each
   timed the same way.

Baseline for a decision: a bare ``sqlite3`` INSERT of one claim row + commit in the same
database (same pragmas), then deleted (untimed); median of the same number.

Usage: ``python -m benchmarks.review [--chars N] [--claims N] [--decisions N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.domain.models import Claim, new_id, utc_now
from annotator.services.workspace import Workspace
from annotator.storage import catalog, merge_store
from annotator.text.sentences import sentences
from benchmarks import exports, targets


def build(path: Path, chars: int, per_editor: int) -> tuple[str, int]:
    """The article and its two editors' claims; returns (article id, its length)."""
    texts = exports.corpus_texts()
    body: list[str] = []
    size = 0
    while size < chars:
        paragraphs = texts[len(body) % len(texts)].split("\n", 1)[1]
        body.append(paragraphs)
        size += len(paragraphs)
    ws = Workspace.open(path, editor_name="Amal", import_seeds=False)
    article = ws.article(ws.import_text("مقال طويل للتحكيم\n" + "\n".join(body)).article_id)
    text = article.text
    rng = random.Random(5)
    chosen = rng.sample([s for s in sentences(text) if s.end - s.start > 20], per_editor)
    with ws.db.atomic():
        for name in ("Amal", "Badr"):
            editor = catalog.ensure_editor(ws.db, name).id
            rows = []
            for sentence in chosen:
                start, end, status = sentence.start, sentence.end, "unverified"
                if name == "Badr" and rng.random() < 0.3:
                    end = max(start + 10, end - 7)
                if name == "Badr" and rng.random() < 0.2:
                    status = "true"
                now = utc_now()
                rows.append(Claim(new_id(), article.id, start, end, text[start:end],
                                  text[max(0, start - 32):start], text[end:end + 32], status,
                                  created_by=editor, updated_by=editor, created_at=now,
                                  updated_at=now))
            merge_store.bulk_insert_claims(ws.db, rows, editor_id=editor,
                                           action="create_claim")
    ws.close()
    return article.id, len(text)


def time_decisions(path: Path, article_id: str, decisions: int
                   ) -> tuple[float, float, list[float], int, tuple[int, float, float]]:
    """(seconds to open the main window on the article, seconds to open the adjudication
    window, seconds of each decision, items, (agreements accepted at once, seconds to
    accept them, seconds to undo that))."""
    from PySide6.QtCore import QSettings

    from annotator.ui.application import create_app
    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Preferences

    app = create_app()
    ws = Workspace.open(path, editor_name="Rana", import_seeds=False)
    preferences = Preferences(QSettings(str(path.with_suffix(".ini")),
                                        QSettings.Format.IniFormat))
    window = MainWindow(ws, language="en", preferences=preferences)
    window.show()
    app.processEvents()
    began = time.perf_counter()
    window.open_article(article_id)
    app.processEvents()
    window.grab()
    open_main = time.perf_counter() - began
    began = time.perf_counter()
    window.show_review()
    review = window.review_window
    assert review is not None
    app.processEvents()
    review.grab()
    open_review = time.perf_counter() - began
    times = []
    for _ in range(decisions):
        review.select_version_row(0)
        before = window.undo_stack.index()
        began = time.perf_counter()
        review.accept_version()
        app.processEvents()
        times.append(time.perf_counter() - began)
        assert window.undo_stack.index() == before + 1, "the decision was refused"
    items = len(review.items)
    agreements = sum(1 for i in review.items if i.agreed and not i.resolved)
    began = time.perf_counter()
    review.accept_agreements()
    app.processEvents()
    accept_all = time.perf_counter() - began
    began = time.perf_counter()
    window.undo_stack.undo()
    app.processEvents()
    undo_all = time.perf_counter() - began
    window.external_timer.stop()
    review.close()
    window.close()
    app.processEvents()
    ws.close()
    return open_main, open_review, times, items, (agreements, accept_all, undo_all)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=300_000)
    parser.add_argument("--claims", type=int, default=2_000, help="claims per editor")
    parser.add_argument("--decisions", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "review.db"
        started = time.perf_counter()
        article_id, length = build(path, args.chars, args.claims)
        print(f"review   built an article of {length:,} code points with {2 * args.claims:,} "
              f"claims by two editors in {time.perf_counter() - started:.1f} s")
        open_main, open_review, times, items, (agreements, accept_all, undo_all) = \
            time_decisions(path, article_id, args.decisions)
        bare = targets.bare_claim_inserts(path, article_id, args.decisions)
    app_ms, bare_ms = statistics.median(times) * 1000, statistics.median(bare) * 1000
    print(f"         main window on the article {open_main * 1000:7.0f} ms; adjudication "
          f"window ({items:,} items) {open_review * 1000:7.0f} ms")
    print(f"         decision (accept, lists and layers updated, painted) median "
          f"{app_ms:7.1f} ms, slowest {max(times) * 1000:7.1f} ms (of {len(times)})")
    print(f"         bare sqlite3 INSERT + COMMIT of one claim row {bare_ms:7.2f} ms   "
          f"ratio {app_ms / bare_ms:5.0f}x")
    print(f"         accept all {agreements:,} agreements (one step) {accept_all * 1000:7.0f} ms; "
          f"its undo {undo_all * 1000:7.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
