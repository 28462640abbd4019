"""JSON Lines export throughput against a bare ``json.dumps`` loop, in one run.

Builds a workspace of distinct articles made from the real CC0 Arabic corpus in
``tests/corpus`` (each variant reorders paragraphs and numbers its title) with N claims
(default 100,000) on word-aligned spans, sources and statuses varied. The workspace is built
through the import service in bulk (:func:`annotator.services.import_formats.import_annotated`,
the path ``annotator import export.jsonl`` takes: one savepoint per article with its claims,
search indexing deferred to the commit), not claim by claim through ``add_claim``.

Then, alternately and ``--rounds`` times (default 3, the best of each is reported, because
other work on the machine only ever adds time):

- app: ``annotator.services.exports.export(ws, "jsonl", ...)``: reads every article and its
  claims from SQLite, builds the records, serialises and writes them (streaming);
- baseline: the very same records, already built in memory as dictionaries, written with
  ``json.dumps`` in a plain loop.

Prints claims/s for both and the ratio (app time / baseline time): the cost of reading from
the workspace and building records, over serialisation alone. Wall-clock and CPU (process)
times are both shown; on a busy machine the CPU ratio is the steadier one.

Usage: ``python -m benchmarks.exports [--claims N] [--per-article N] [--rounds N]
[--keep DIR] [--reuse]`` (``--reuse`` exports an existing ``DIR/bench-exports.db``).
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

from annotator.domain.models import SourceRole, new_id
from annotator.services.exports import ExportContext, ExportFilter, export
from annotator.services.exports.jsonl import article_record
from annotator.services.exports.selection import select
from annotator.services.import_formats import (
    AnnotatedArticle,
    ClaimInfo,
    SourceInfo,
    StatusInfo,
    import_annotated,
)
from annotator.services.workspace import Workspace
from annotator.storage import search_index
from annotator.text.canonical import canonicalize

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus" / "cc0-arabic-news"
SOURCES = [[], ["رويترز"], ["مسؤول أميركي"], ["السوداني"], ["بي بي سي"]]
STATUSES = ["unverified", "in_progress", "true", "mostly_true", "misleading", "false"]


def corpus_texts() -> list[str]:
    files = sorted(CORPUS.glob("*.txt"))
    if not files:
        sys.exit(f"no corpus at {CORPUS}")
    return [f.read_text(encoding="utf-8").replace("\r\n", "\n") for f in files]


def articles(claims: int, per_article: int, seed: int = 20201) -> list[AnnotatedArticle]:
    """The articles and claims to import (distinct texts; no two claims of an article on
    the same span with the same status)."""
    texts = corpus_texts()
    rng = random.Random(seed)
    out: list[AnnotatedArticle] = []
    added = 0
    for i in range(-(-claims // per_article)):
        title, *paragraphs = [p for p in texts[i % len(texts)].split("\n") if p.strip()]
        rng.shuffle(paragraphs)
        text = canonicalize("\n".join([f"{title} ({i + 1})", *paragraphs]))
        words = [m.span() for m in re.finditer(r"\S+", text)]
        item = AnnotatedArticle(text=text, title=f"{title} ({i + 1})", where=f"article {i}")
        taken: set[tuple[int, int, str]] = set()
        while len(item.claims) < min(per_article, claims - added):
            first = rng.randrange(len(words))
            last = min(len(words) - 1, first + rng.randrange(1, 12))
            start, end, status = words[first][0], words[last][1], rng.choice(STATUSES)
            if (start, end, status) in taken:
                continue
            taken.add((start, end, status))
            item.claims.append(ClaimInfo(
                start, end, text[start:end], StatusInfo(status),
                tuple(SourceInfo(SourceRole.SPEAKER, name_ar=name)
                      for name in rng.choice(SOURCES)),
                note="ملاحظة المحرر" if rng.random() < 0.2 else "", claim_id=new_id()))
        added += len(item.claims)
        out.append(item)
    return out


def build(ws: Workspace, claims: int, per_article: int) -> int:
    """Import the benchmark's articles with their claims; returns the article count. One
    outer transaction: each article is its own savepoint inside it."""
    items = articles(claims, per_article)
    pending: list = []  # articles whose search indexing waits for the commit
    with ws.db.atomic():
        outcomes = import_annotated(ws.db, items, editor_id=ws.editor_id(),
                                    path="<benchmark>", index_later=pending)
        search_index.index_articles(ws.db, pending)
    failed = [o for o in outcomes if o.error]
    assert not failed, failed[:3]
    return len(items)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--per-article", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="keep the workspace and output in DIR")
    parser.add_argument("--reuse", action="store_true",
                        help="export the workspace kept in --keep DIR instead of building one")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        db = work / "bench-exports.db"
        if not args.reuse:
            db.unlink(missing_ok=True)
        ws = Workspace.open(db, editor_name="bench", import_seeds=False)
        if not args.reuse:
            started = time.perf_counter()
            count = build(ws, args.claims, args.per_article)
            print(f"build    {count} articles, {args.claims} claims via import_annotated in "
                  f"{time.perf_counter() - started:.1f} s")

        records = select(ws, ExportFilter())
        context = ExportContext(records.catalogue)
        rows = [article_record(r, context) for r in records]
        out = work / "claims.jsonl"
        app: list[tuple[float, float]] = []
        bare: list[tuple[float, float]] = []
        n = 0
        for _ in range(args.rounds):
            wall, cpu = time.perf_counter(), time.process_time()
            result = export(ws, "jsonl", out)
            app.append((time.perf_counter() - wall, time.process_time() - cpu))
            n = result.claims
            wall, cpu = time.perf_counter(), time.process_time()
            with (work / "baseline.jsonl").open("w", encoding="utf-8") as fh:
                for row in rows:
                    fh.write(json.dumps(row, ensure_ascii=False))
                    fh.write("\n")
            bare.append((time.perf_counter() - wall, time.process_time() - cpu))
        assert n == sum(len(r["spans"]) for r in rows), n
        assert out.read_bytes() == (work / "baseline.jsonl").read_bytes(), "outputs differ"
        app_s, app_cpu = min(a[0] for a in app), min(a[1] for a in app)
        raw_s, raw_cpu = min(b[0] for b in bare), min(b[1] for b in bare)
        size = out.stat().st_size / 1e6
        print(f"jsonl    app {n / app_s:9.0f} claims/s ({app_s:.2f} s wall, {app_cpu:.2f} s CPU, "
              f"{size:.1f} MB; best of {args.rounds})")
        print(f"         bare json.dumps loop {n / raw_s:9.0f} claims/s ({raw_s:.2f} s wall, "
              f"{raw_cpu:.2f} s CPU)")
        print(f"         app/bare {app_s / raw_s:5.2f}x wall, {app_cpu / raw_cpu:5.2f}x CPU")
        ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
