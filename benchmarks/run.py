"""Import and search benchmarks against bare baselines, in one run.

Builds a synthetic corpus of N articles (default 10,000) from the real CC0 Arabic articles
(each variant reorders paragraphs and numbers itself, so every text is distinct), then:

1. imports them from files through the app's importer (read, decode, canonicalise, hash,
   dedup, insert, normalise and index, audit) and, as baselines, inserts the same rows with
   raw ``sqlite3`` in one transaction, without and with the same trigram FTS5 index; prints
   articles/s and the ratios;
2. runs a set of Arabic queries through the app's search (normalisation, trigram FTS5,
   titles and snippets of the hits) and, as baselines, the same queries as raw FTS5 phrase
   MATCHes on a trigram table of the same texts: returning the same columns as the app (id,
   title, and a snippet cut by SQL), and returning rowids only;
   prints median latencies and the ratios (the target compares with the first: the app must
   return titles and snippets, which a bare MATCH does not).

Usage: ``python -m benchmarks.run [--articles N] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from annotator.services.workspace import Workspace

REPO = Path(__file__).resolve().parents[1]
CORPORA = (REPO.parent / "shared" / "corpus" / "cc0-arabic-news",
           REPO / "tests" / "corpus" / "cc0-arabic-news")
QUERIES = ["العراق", "فيروس كورونا", "منظمة الصحة العالمية", "الصين", "وزارة الصحة",
           "الحجر الصحي", "اللقاح", "ووهان", "إصابات جديدة", "الولايات المتحدة"]


def corpus_texts() -> list[str]:
    for folder in CORPORA:
        files = sorted(folder.glob("*.txt"))
        if files:
            return [f.read_text(encoding="utf-8") for f in files]
    sys.exit("no corpus found (../shared/corpus or tests/corpus)")


def synthesize(count: int, folder: Path) -> list[Path]:
    texts = corpus_texts()
    rng = random.Random(20201)
    paths = []
    for i in range(count):
        base = texts[i % len(texts)].replace("\r\n", "\n")
        title, *paragraphs = [p for p in base.split("\n") if p.strip()]
        rng.shuffle(paragraphs)
        body = "\r\n".join([f"{title} ({i + 1})", *paragraphs])
        path = folder / f"article-{i:05d}.txt"
        path.write_text(body, encoding="utf-8")
        paths.append(path)
    return paths


def bench_import(paths: list[Path], work: Path) -> tuple[float, float, Workspace]:
    ws = Workspace.open(work / "bench.db", editor_name="bench", import_seeds=False)
    started = time.perf_counter()
    outcomes = ws.import_paths(paths)
    app_seconds = time.perf_counter() - started
    assert sum(o.status == "imported" for o in outcomes) == len(paths)

    rows = []
    for path in paths:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        rows.append((hashlib.sha256(text.encode()).hexdigest(), text.split("\n", 1)[0], text))
    timings = []
    for with_index in (False, True):
        raw = sqlite3.connect(work / f"baseline-{with_index}.db")
        raw.execute("PRAGMA journal_mode=WAL")
        raw.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, sha256 TEXT UNIQUE, "
                    "title TEXT, text TEXT)")
        raw.execute("CREATE VIRTUAL TABLE fts USING fts5(body, tokenize='trigram')")
        started = time.perf_counter()
        with raw:
            raw.executemany("INSERT INTO articles (sha256, title, text) VALUES (?, ?, ?)",
                            rows)
            if with_index:
                raw.executemany("INSERT INTO fts (body) VALUES (?)",
                                ((f"{title}\n{text}",) for _, title, text in rows))
        timings.append(time.perf_counter() - started)
        raw.close()
    return app_seconds, timings[0], timings[1], ws


# The raw queries of the search baseline, on the raw sqlite3 database of the import baseline
# (articles.id is the FTS5 rowid there; ?1 the phrase, ?2 the query, ?3 the limit).
# SAME COLUMNS: what the app returns for each hit, the raw-SQL way: article id, title and a
# snippet, here the 160 characters around the first verbatim occurrence (the app's snippet
# is the first paragraph whose folded form has the query's first word, which SQL cannot
# compute; FTS5's own snippet() costs ~10x this whole query). BARE: the rowids only.
RAW_SAME_COLUMNS = (
    "SELECT a.id, a.title, substr(a.text, max(1, instr(a.text, ?2) - 80), 160) "
    "FROM fts JOIN articles a ON a.id = fts.rowid WHERE fts MATCH ?1 LIMIT ?3"
)
RAW_BARE = "SELECT rowid FROM fts WHERE fts MATCH ?1 LIMIT ?3"
SEARCH_LIMIT = 50


def bench_search(ws: Workspace, paths: list[Path], work: Path, repeat: int) -> None:
    raw = sqlite3.connect(work / "baseline-True.db")
    times: dict[str, list[float]] = {"app": [], "bare": [], "same": []}
    app_hits: dict[str, int] = {}
    for _ in range(repeat):
        for query in QUERIES:
            started = time.perf_counter()
            hits = ws.search(query, limit=SEARCH_LIMIT)
            times["app"].append(time.perf_counter() - started)
            app_hits[query] = len(hits)
            phrase = '"' + query.replace('"', "") + '"'
            # Each baseline goes first as often as the other: the first one reads the
            # query's pages into the cache for the second.
            order = [("bare", RAW_BARE), ("same", RAW_SAME_COLUMNS)]
            for key, sql in order if len(times["same"]) % 2 else order[::-1]:
                started = time.perf_counter()
                raw.execute(sql, (phrase, query, SEARCH_LIMIT)).fetchall()
                times[key].append(time.perf_counter() - started)
    raw.close()
    app, bare, same = (statistics.median(times[k]) * 1000 for k in ("app", "bare", "same"))
    print(f"search   app median {app:8.2f} ms   ({len(QUERIES)} queries x {repeat}, "
          f"limit {SEARCH_LIMIT}: ids, titles, snippets)")
    print(f"         raw FTS5 MATCH, same columns {same:8.2f} ms   app/raw {app / same:5.1f}x   "
          "(ids, titles, snippets)")
    print(f"         raw FTS5 MATCH, rowids only  {bare:8.2f} ms   app/raw {app / bare:5.1f}x")
    print("         hits per query (app): "
          + ", ".join(f"{q}={n}" for q, n in app_hits.items()))


def bench_library(ws: Workspace) -> None:
    """The window's library with every article: the service query plus the lazily fetching
    model and a painted list, against a bare QListView over a QStringListModel of the same
    titles."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QStringListModel
    from PySide6.QtWidgets import QApplication, QListView

    from annotator.ui.library import LibraryPanel

    app = QApplication.instance() or QApplication([])
    timings: dict[str, list[float]] = {"app": [], "bare": []}
    for _ in range(3):
        started = time.perf_counter()
        panel = LibraryPanel()
        panel.resize(300, 800)
        panel.set_rows(ws.library())
        panel.show()
        panel.list.viewport().repaint()
        app.processEvents()
        timings["app"].append(time.perf_counter() - started)
        rows = panel.model.total()
        panel.close()
        titles = [a.title for a in ws.articles()]
        started = time.perf_counter()
        bare = QListView()
        bare.setModel(QStringListModel(titles))
        bare.resize(300, 800)
        bare.show()
        bare.viewport().repaint()
        app.processEvents()
        timings["bare"].append(time.perf_counter() - started)
        bare.close()
    app_ms = statistics.median(timings["app"]) * 1000
    bare_ms = statistics.median(timings["bare"]) * 1000
    print(f"library  app {app_ms:8.1f} ms to list and paint {rows} articles (query + model)   "
          f"bare QListView {bare_ms:8.1f} ms   ratio {app_ms / bare_ms:5.1f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="keep the synthetic workspace in DIR")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        paths = synthesize(args.articles, work)
        size = sum(p.stat().st_size for p in paths) / 1e6
        print(f"corpus   {len(paths)} articles, {size:.1f} MB, built in "
              f"{time.perf_counter() - started:.1f} s")
        app_s, rows_s, indexed_s, ws = bench_import(paths, work)
        n = len(paths)
        print(f"import   app {n / app_s:8.0f} articles/s ({app_s:.2f} s)")
        print(f"         raw sqlite3 rows only      {n / rows_s:8.0f} articles/s "
              f"({rows_s:.2f} s)   app/raw {app_s / rows_s:5.1f}x")
        print(f"         raw sqlite3 rows + FTS5    {n / indexed_s:8.0f} articles/s "
              f"({indexed_s:.2f} s)   app/raw {app_s / indexed_s:5.1f}x")
        bench_search(ws, paths, work, args.repeat)
        bench_library(ws)
        ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
