"""JSON Lines export throughput against a bare ``json.dumps`` loop, in one run.

Builds a workspace through the Workspace API: distinct articles made from the real CC0
Arabic corpus in ``tests/corpus`` (each variant reorders paragraphs and numbers its title),
imported with ``import_text``, and N claims (default 100,000) on word-aligned spans added
with ``add_claim``, with sources and statuses varied. Then:

- app: ``annotator.services.exports.export(ws, "jsonl", ...)``: reads every article and its
  claims from SQLite, builds the records, serialises and writes them (streaming);
- baseline: the very same records, already built in memory, written with
  ``json.dumps`` in a plain loop.

Prints claims/s for both and the ratio (app time / baseline time): the cost of reading from
the workspace and building records, over serialisation alone.

Usage: ``python -m benchmarks.exports [--claims N] [--per-article N] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from annotator.services.exports import ExportContext, ExportFilter, export
from annotator.services.exports.jsonl import article_record
from annotator.services.exports.selection import select
from annotator.services.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus" / "cc0-arabic-news"
SOURCES = [[], ["رويترز"], ["مسؤول أميركي"], ["السوداني"], ["بي بي سي"]]
STATUSES = ["unverified", "in_progress", "true", "mostly_true", "misleading", "false"]


def corpus_texts() -> list[str]:
    files = sorted(CORPUS.glob("*.txt"))
    if not files:
        sys.exit(f"no corpus at {CORPUS}")
    return [f.read_text(encoding="utf-8").replace("\r\n", "\n") for f in files]


def build(ws: Workspace, claims: int, per_article: int, seed: int = 20201) -> int:
    """Import enough distinct articles and add ``claims`` claims; returns the article count.

    All claims go in one outer transaction: each ``add_claim`` is its own savepoint inside
    it, which keeps the set-up to seconds instead of one fsync per claim."""
    texts = corpus_texts()
    rng = random.Random(seed)
    articles = -(-claims // per_article)
    added = 0
    with ws.db.atomic():
        for i in range(articles):
            title, *paragraphs = [p for p in texts[i % len(texts)].split("\n") if p.strip()]
            rng.shuffle(paragraphs)
            outcome = ws.import_text("\n".join([f"{title} ({i + 1})", *paragraphs]),
                                     title=f"{title} ({i + 1})")
            assert outcome.article_id, outcome
            text = ws.article(outcome.article_id).text
            words = [m.span() for m in re.finditer(r"\S+", text)]
            for _ in range(min(per_article, claims - added)):
                first = rng.randrange(len(words))
                last = min(len(words) - 1, first + rng.randrange(1, 12))
                ws.add_claim(
                    outcome.article_id, start=words[first][0], end=words[last][1],
                    speakers=rng.choice(SOURCES), status_id=rng.choice(STATUSES),
                    note="ملاحظة المحرر" if rng.random() < 0.2 else "",
                )
                added += 1
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="keep the workspace and output in DIR")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        ws = Workspace.open(work / "bench-exports.db", editor_name="bench",
                            import_seeds=False)
        started = time.perf_counter()
        articles = build(ws, args.claims, args.per_article)
        print(f"build    {articles} articles, {args.claims} claims via the Workspace API in "
              f"{time.perf_counter() - started:.1f} s")

        out = work / "claims.jsonl"
        started = time.perf_counter()
        result = export(ws, "jsonl", out)
        app_s = time.perf_counter() - started
        assert result.claims == args.claims, result

        records = select(ws, ExportFilter())
        context = ExportContext(records.catalogue)
        rows = [article_record(r, context) for r in records]
        started = time.perf_counter()
        with (work / "baseline.jsonl").open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False))
                fh.write("\n")
        raw_s = time.perf_counter() - started
        size = out.stat().st_size / 1e6
        n = result.claims
        print(f"jsonl    app {n / app_s:9.0f} claims/s ({app_s:.2f} s, {size:.1f} MB)")
        print(f"         bare json.dumps loop {n / raw_s:9.0f} claims/s ({raw_s:.2f} s)   "
              f"app/bare {app_s / raw_s:5.1f}x")
        ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
