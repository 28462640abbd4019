"""Article view benchmark against a bare QTextEdit baseline, in one run, offscreen.

Builds a ~1,000,000-character article (about 1.8 MB of UTF-8) by repeating the real CC0
Arabic articles, and 10,000 claims as random word-boundary spans (1-30 words, so they
overlap and nest) with random statuses and sources (seeded RNG), then measures, as the
median of several runs, each on a fresh shown widget:

1. opening: ``setPlainText`` on a bare read-only ``QTextEdit`` (baseline), and
   ``ArticleView.show_article`` without claims and with the 10,000 claims, each until the
   first frame is painted (``viewport().grab()``), with the ratios to the baseline; the
   first open in the process (which builds a one-time direction table) is shown apart;
2. one claim marked, its status changed and it removed (``set_claims`` with the whole new
   list, as the window does) until painted, with the number of blocks re-highlighted;
3. scrolling three lines at a time into never-shown text, and jumping to never-shown
   places, until painted, against the same in the bare baseline; with the height of the
   area repainted and the number of blocks highlighted.

Usage: ``python -m benchmarks.view [--chars N] [--claims N] [--runs N]``.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QTextEdit

from annotator.domain.defaults import DEFAULT_STATUSES
from annotator.domain.models import Claim, ClaimSource, SourceRole, Status
from annotator.text.canonical import canonicalize
from annotator.ui.article_view import ArticleView
from annotator.ui.fonts import reading_font, register_bundled_fonts

REPO = Path(__file__).resolve().parents[1]
CORPORA = (REPO.parent / "shared" / "corpus" / "cc0-arabic-news",
           REPO / "tests" / "corpus" / "cc0-arabic-news")
SOURCES = (("رويترز", "Reuters"), ("مصادر أمنية", "security sources"),
           ("مسؤول أميركي", "a US official"), ("وزارة الصحة", "the health ministry"))
SIZE = (1000, 800)


def build_article(chars: int) -> str:
    """Real articles (canonicalised), repeated until the text has ``chars`` characters."""
    for folder in CORPORA:
        files = sorted(folder.glob("*.txt"))
        if files:
            break
    else:
        sys.exit("no corpus found (../shared/corpus or tests/corpus)")
    texts = [canonicalize(f.read_text(encoding="utf-8")).strip("\n") for f in files]
    parts: list[str] = []
    total = 0
    while total < chars:
        part = texts[len(parts) % len(texts)]
        parts.append(part)
        total += len(part) + 1
    return "\n".join(parts)


def make_claim(text: str, start: int, end: int, status_id: str, n: int,
               sources: tuple[ClaimSource, ...] = ()) -> Claim:
    return Claim(id=f"claim-{n:05d}", article_id="bench", start=start, end=end,
                 quote=text[start:end], prefix=text[max(0, start - 32):start],
                 suffix=text[end:end + 32], status_id=status_id, sources=sources)


def build_claims(text: str, count: int, rng: random.Random) -> list[Claim]:
    """``count`` claims over whole words (1-30 of them): overlapping and nested."""
    words = [m.span() for m in re.finditer(r"\w+", text)]
    statuses = [s.id for s in DEFAULT_STATUSES]
    claims = []
    for n in range(count):
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randrange(30))
        sources = tuple(
            ClaimSource(f"src-{k}", rng.choice(list(SourceRole)), *SOURCES[k])
            for k in rng.sample(range(len(SOURCES)), rng.randrange(3))
        )
        claims.append(make_claim(text, words[first][0], words[last][1],
                                 rng.choice(statuses), n, sources))
    return claims


class PaintRecorder(QObject):
    """Records the rectangles of the paint events a widget receives."""

    def __init__(self) -> None:
        super().__init__()
        self.heights: list[int] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(event, QPaintEvent):
            self.heights.append(event.rect().height())
        return False


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def fresh(app: QApplication, widget: QTextEdit) -> QTextEdit:
    widget.setFont(reading_font())
    widget.resize(*SIZE)
    widget.show()
    app.processEvents()
    return widget


def bare_widget(app: QApplication) -> QTextEdit:
    widget = QTextEdit()
    widget.setReadOnly(True)
    return fresh(app, widget)


def settle(app: QApplication, seconds: float = 0.05) -> None:
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def bench_open(app: QApplication, text: str, claims: list[Claim], statuses: list[Status],
               runs: int) -> dict[str, list[float]]:
    results: dict[str, list[float]] = {"bare": [], "view": [], "view+claims": []}
    for _ in range(runs):
        for name in results:
            if name == "bare":
                widget = bare_widget(app)
                seconds = timed(lambda w=widget: (w.setPlainText(text), w.viewport().grab()))
            else:
                view = fresh(app, ArticleView())
                shown = claims if name == "view+claims" else []
                seconds = timed(lambda v=view, c=shown: (v.show_article(text, c, statuses),
                                                        v.viewport().grab()))
                widget = view
            results[name].append(seconds)
            widget.close()
            widget.deleteLater()
            settle(app, 0.01)
    return results


def bench_edits(app: QApplication, text: str, claims: list[Claim], statuses: list[Status],
                runs: int) -> dict[str, tuple[float, int]]:
    view = fresh(app, ArticleView())
    view.show_article(text, claims, statuses)
    view.viewport().grab()
    settle(app)
    # A new claim in the first screen: three words from the 40th.
    words = [m.span() for m in re.finditer(r"\w+", text[:4000])]
    out: dict[str, tuple[float, int]] = {}
    samples: dict[str, list[float]] = {"mark one claim": [], "change its status": [],
                                       "remove it": []}
    counts: dict[str, int] = {}
    for run in range(runs):
        start, end = words[40 + run][0], words[42 + run][1]
        new = make_claim(text, start, end, "unverified", 90_000 + run)
        changed = make_claim(text, start, end, "false", 90_000 + run)
        for label, current in (("mark one claim", [*claims, new]),
                               ("change its status", [*claims, changed]),
                               ("remove it", claims)):
            before = view.highlighter.blocks_highlighted
            samples[label].append(timed(lambda c=current: (view.set_claims(c, statuses),
                                                           view.viewport().grab())))
            counts[label] = view.highlighter.blocks_highlighted - before
            settle(app, 0.01)
    for label, values in samples.items():
        out[label] = (statistics.median(values), counts[label])
    view.close()
    view.deleteLater()
    return out


def bench_scroll(app: QApplication, widget: QTextEdit, steps: int
                 ) -> tuple[float, float, int, float]:
    """Median seconds per 3-line step into new text, median repainted height, blocks
    highlighted during all steps (ArticleView only), and median seconds of a jump to a
    place never shown (as when dragging the scroll bar)."""
    widget.document().documentLayout().documentSize()  # finish the background layout
    settle(app, 0.1)  # let the scroll bar hear of the final size
    bar = widget.verticalScrollBar()
    jumps = []
    for fraction in (0.9, 0.7, 0.5, 0.1, 0.3):
        jumps.append(timed(lambda f=fraction: (bar.setValue(int(bar.maximum() * f)),
                                               widget.viewport().grab())))
    bar.setValue(bar.maximum() // 5)  # far from anything painted
    settle(app, 0.1)
    recorder = PaintRecorder()
    widget.viewport().installEventFilter(recorder)
    highlighter = getattr(widget, "highlighter", None)
    before = highlighter.blocks_highlighted if highlighter else 0
    times = []
    for _ in range(steps):
        times.append(timed(lambda: (bar.setValue(bar.value() + 3 * bar.singleStep()),
                                    app.processEvents())))
    widget.viewport().removeEventFilter(recorder)
    done = (highlighter.blocks_highlighted - before) if highlighter else 0
    return (statistics.median(times), statistics.median(recorder.heights or [0]), done,
            statistics.median(jumps))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)

    app = QApplication.instance() or QApplication(sys.argv[:1])
    register_bundled_fonts()
    rng = random.Random(20240611)
    text = build_article(args.chars)
    claims = build_claims(text, args.claims, rng)
    statuses = list(DEFAULT_STATUSES)
    print(f"article: {len(text):,} characters, {len(text.encode('utf-8')):,} bytes UTF-8, "
          f"{text.count(chr(10)) + 1:,} paragraphs; {len(claims):,} claims; "
          f"viewport {SIZE[0]}x{SIZE[1]}")

    first = fresh(app, ArticleView())
    cold = timed(lambda: (first.show_article(text, claims, statuses), first.viewport().grab()))
    first.close()
    first.deleteLater()
    settle(app)

    opened = bench_open(app, text, claims, statuses, args.runs)
    base = statistics.median(opened["bare"])
    best = min(opened["bare"])
    print(f"\nopen until the first frame is painted (median and best of {args.runs}, "
          "ratio to the baseline's):")
    for name, label in (("bare", "bare QTextEdit.setPlainText (baseline)"),
                        ("view", "ArticleView, no claims"),
                        ("view+claims", f"ArticleView, {len(claims):,} claims")):
        value, low = statistics.median(opened[name]), min(opened[name])
        print(f"  {label:<42} {value * 1000:7.1f} ms x{value / base:4.2f}   "
              f"best {low * 1000:6.1f} ms x{low / best:4.2f}")
    ratio = statistics.median(opened["view+claims"]) / statistics.median(opened["view"])
    low_ratio = min(opened["view+claims"]) / min(opened["view"])
    print(f"  {'with claims / no claims':<42} {'':>10}x{ratio:4.2f}   {'':>14}x{low_ratio:4.2f}")
    print(f"  {'first open in the process (cold)':<42} {cold * 1000:7.1f} ms")

    print(f"\nedit one claim until painted (median of {args.runs}; blocks re-highlighted):")
    for label, (seconds, blocks) in bench_edits(app, text, claims, statuses, args.runs).items():
        print(f"  {label:<42} {seconds * 1000:8.1f} ms   {blocks} block(s)")

    print("\nscroll into text never shown before, until painted:")
    bare = bare_widget(app)
    bare.setPlainText(text)
    bare_step, bare_height, _, bare_jump = bench_scroll(app, bare, 20)
    view = fresh(app, ArticleView())
    view.show_article(text, claims, statuses)
    step, height, blocks, jump = bench_scroll(app, view, 20)
    viewport_height = view.viewport().height()
    print(f"  {'3 lines, bare QTextEdit (baseline)':<42} {bare_step * 1000:7.2f} ms   "
          f"repainted {bare_height:.0f} of {viewport_height} px (median of 20)")
    print(f"  {'3 lines, ArticleView with claims':<42} {step * 1000:7.2f} ms   "
          f"repainted {height:.0f} of {viewport_height} px, x{step / bare_step:4.2f}; "
          f"{blocks} blocks highlighted in 20 steps")
    print(f"  {'jump (scroll bar), bare QTextEdit':<42} {bare_jump * 1000:7.2f} ms   "
          "(median of 5 places)")
    print(f"  {'jump (scroll bar), ArticleView':<42} {jump * 1000:7.2f} ms   "
          f"x{jump / bare_jump:4.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
