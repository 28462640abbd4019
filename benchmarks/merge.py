"""Merge benchmark: two editors' workspaces of N articles and M claims each, against a bare
``sqlite3`` baseline, in one run.

Builds workspace A (editor-a) and workspace B (editor-b) on the same N articles (distinct
texts made from the real CC0 corpus; each workspace has its own article and source ids, so
the merge must map them by sha256 and by name). Each holds M claims. A share of B's claims
(``--shared``, default 10%) came from A (same ids, their history included); of those, a
third is unchanged, a third was changed in B only (fast-forward) and a third in both
(conflicts). The rest of B's claims are new to A. Everything is written with bulk inserts
through ``storage.merge_store`` (rows, search index, audit rows), so building is quick.

Then it times ``services.merging.merge`` of B into A (match articles, map sources and
editors, compare every claim with its history, insert, index, audit, record conflicts; one
transaction) and, as the baselines, on a copy of A: raw ``ATTACH`` + ``INSERT ... SELECT`` of
the same new claims, their source links (mapped by name in SQL) and their history rows,
without and with indexing them in the same trigram FTS5 table. Prints seconds, claims/s and
the ratios; ``--check`` merges a second time and prints that nothing changed.

Usage: ``python -m benchmarks.merge [--articles N] [--claims M] [--shared F] [--keep DIR]``.
"""

from __future__ import annotations

import argparse
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from annotator.domain.models import Article, Claim, ClaimSource, SourceRole, new_id, utc_now
from annotator.services import merging
from annotator.services.workspace import Workspace
from annotator.storage import catalog, merge_store
from annotator.storage import claims as claims_store
from annotator.text.anchoring import make_selector
from annotator.text.canonical import text_sha256
from annotator.text.normalize import normalize_for_search

REPO = Path(__file__).resolve().parents[1]
CORPORA = (REPO.parent / "shared" / "corpus" / "cc0-arabic-news",
           REPO / "tests" / "corpus" / "cc0-arabic-news")
# A claim of A to copy into B: the claim, its article's sha256, its sources' English names.
SharedClaim = tuple[Claim, str, list[tuple[str, SourceRole]]]
STATUSES = ("unverified", "in_progress", "true", "mostly_true", "misleading", "false")


def corpus_texts() -> list[str]:
    for folder in CORPORA:
        files = sorted(folder.glob("*.txt"))
        if files:
            return [f.read_text(encoding="utf-8").replace("\r\n", "\n") for f in files]
    sys.exit("no corpus found (../shared/corpus or tests/corpus)")


def synthesize(count: int) -> list[tuple[str, str]]:
    """``count`` distinct (title, text) pairs: corpus articles, paragraphs reordered."""
    texts = corpus_texts()
    rng = random.Random(20201)
    out = []
    for i in range(count):
        title, *paragraphs = [p for p in texts[i % len(texts)].split("\n") if p.strip()]
        rng.shuffle(paragraphs)
        title = f"{title} ({i + 1})"
        out.append((title, "\n".join([title, *paragraphs])))
    return out


def word_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], None
    for i, ch in enumerate(text):
        if ch.isspace():
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(text)))
    return spans


def build(path: Path, editor: str, docs: list[tuple[str, str]], claims: int, seed: int,
          shared: list[SharedClaim] | None = None) -> tuple[Workspace, list[Claim]]:
    """A new workspace with these articles and ``claims`` claims by ``editor`` (of which
    ``shared``, remapped to this workspace's ids, are copies of another's)."""
    ws = Workspace.create(path, editor_name=editor)
    db = ws.db
    me = ws.editor_id()
    rng = random.Random(seed)
    now = utc_now()
    articles = [Article(new_id(), title, text, text_sha256(text), outlet="bench",
                        language="ar", imported_at=now) for title, text in docs]
    sources = [s.id for s in catalog.list_sources(db)]
    by_name = {s.name_en: s.id for s in catalog.list_sources(db)}
    spans = [word_spans(a.text) for a in articles]
    made: list[Claim] = []
    if shared:
        by_sha = {a.sha256: a.id for a in articles}
        with db.atomic():
            other = catalog.ensure_editor(db, "editor-a").id
        for claim, sha, names in shared:
            made.append(replace(
                claim, article_id=by_sha[sha], created_by=other, updated_by=other,
                sources=tuple(ClaimSource(by_name[n], r) for n, r in names)))
    for _ in range(claims - len(made)):
        index = rng.randrange(len(articles))
        words = spans[index]
        first = rng.randrange(len(words))
        last = min(len(words) - 1, first + rng.randint(2, 14))
        start, end = words[first][0], words[last][1]
        selector = make_selector(articles[index].text, start, end)
        links = [ClaimSource(rng.choice(sources), SourceRole.SPEAKER)]
        if rng.random() < 0.3:
            links.append(ClaimSource(rng.choice(sources), SourceRole.CARRIER))
        made.append(Claim(new_id(), articles[index].id, start, end, selector.exact,
                          selector.prefix, selector.suffix, rng.choice(STATUSES),
                          created_by=me, updated_by=me, created_at=now, updated_at=now,
                          sources=tuple(dict.fromkeys(links))))
    with db.atomic():
        merge_store.bulk_insert_articles(db, articles, editor_id=me)
        merge_store.bulk_insert_claims(db, made, editor_id=me, action="create_claim")
    return ws, made


def change(ws: Workspace, claim_ids: list[str], fields: dict[str, str]) -> None:
    with ws.db.atomic():
        now = utc_now()
        for claim_id in claim_ids:
            claims_store.update_claim(ws.db, claim_id, fields, editor_id=ws.editor_id(),
                                      action="update_claim", updated_at=now)


def baseline(a_copy: Path, b_path: Path, *, with_index: bool) -> tuple[float, int]:
    """The same new claims, links and history rows, copied with ATTACH + INSERT SELECT."""
    conn = sqlite3.connect(a_copy)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.create_function("norm", 1, normalize_for_search, deterministic=True)
    conn.execute(f"ATTACH DATABASE '{b_path}' AS b")
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.execute("CREATE TEMP TABLE amap AS SELECT ba.id AS theirs, a.id AS ours "
                 "FROM b.articles ba JOIN main.articles a ON a.sha256 = ba.sha256")
    conn.execute("CREATE TEMP TABLE smap AS SELECT bs.id AS theirs, s.id AS ours "
                 "FROM b.sources bs JOIN main.sources s ON s.name_en = bs.name_en")
    conn.execute("CREATE TEMP TABLE new_claims AS SELECT id FROM b.claims "
                 "WHERE id NOT IN (SELECT id FROM main.claims)")
    added = conn.execute(
        'INSERT INTO main.claims (id, article_id, start, "end", quote, prefix, suffix, note, '
        "wording, status_id, created_by, updated_by, created_at, updated_at) "
        'SELECT c.id, m.ours, c.start, c."end", c.quote, c.prefix, c.suffix, c.note, '
        "c.wording, c.status_id, NULL, NULL, c.created_at, c.updated_at FROM b.claims c "
        "JOIN amap m ON m.theirs = c.article_id WHERE c.id IN (SELECT id FROM new_claims)"
    ).rowcount
    conn.execute(
        "INSERT INTO main.claim_sources (claim_id, source_id, role, position) "
        "SELECT cs.claim_id, m.ours, cs.role, cs.position FROM b.claim_sources cs "
        "JOIN smap m ON m.theirs = cs.source_id "
        "WHERE cs.claim_id IN (SELECT id FROM new_claims)")
    conn.execute(
        "INSERT INTO main.audit_log (at, editor_id, action, entity, entity_id, before, after) "
        "SELECT at, NULL, action, entity, entity_id, before, after FROM b.audit_log "
        "WHERE entity = 'claim' AND entity_id IN (SELECT id FROM new_claims)")
    if with_index:
        conn.execute("CREATE TEMP TABLE fts_rows AS SELECT c.id, c.article_id, "
                     "norm(c.quote || char(10) || c.note || char(10) || c.wording) AS body "
                     "FROM main.claims c WHERE c.id IN (SELECT id FROM new_claims)")
        conn.execute("INSERT INTO main.search_fts (rowid, body) SELECT "
                     "(SELECT coalesce(max(rowid), 0) FROM main.search_fts) + t.rowid, t.body "
                     "FROM fts_rows t")
    conn.execute("COMMIT")
    seconds = time.perf_counter() - started
    conn.close()
    return seconds, added


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--shared", type=float, default=0.1,
                        help="share of B's claims that came from A (default 0.1)")
    parser.add_argument("--keep", type=Path, help="build the workspaces in this folder")
    parser.add_argument("--check", action="store_true",
                        help="merge a second time and check that nothing changes")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="merge-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    for name in ("a.db", "b.db", "baseline.db", "baseline-fts.db", "a-before-merge.db"):
        for suffix in ("", "-wal", "-shm"):
            Path(f"{work / name}{suffix}").unlink(missing_ok=True)

    docs = synthesize(args.articles)
    started = time.perf_counter()
    a, a_claims = build(work / "a.db", "editor-a", docs, args.claims, seed=1)
    shared_count = int(args.claims * args.shared)
    source_names = {s.id: s.name_en for s in catalog.list_sources(a.db)}
    sha_of = {row["id"]: row["sha256"] for row in merge_store.article_keys(a.db)}
    shared = [(c, sha_of[c.article_id], [(source_names[s.source_id], s.role) for s in c.sources])
              for c in a_claims[:shared_count]]
    b, _ = build(work / "b.db", "editor-b", docs, args.claims, seed=2, shared=shared)
    third = shared_count // 3
    ff_ids = [c.id for c in a_claims[third : 2 * third]]
    conflict_ids = [c.id for c in a_claims[2 * third : shared_count]]
    change(b, ff_ids + conflict_ids, {"note": "confirmed by the ministry"})
    change(a, conflict_ids, {"note": "checked at the desk"})
    build_seconds = time.perf_counter() - started
    b.close()
    a.close()
    shutil.copy(work / "a.db", work / "baseline.db")
    shutil.copy(work / "a.db", work / "baseline-fts.db")
    if args.keep:  # to rerun or profile the merge on the same data
        shutil.copy(work / "a.db", work / "a-before-merge.db")
    print(f"built 2 workspaces x {args.articles:,} articles, {args.claims:,} claims "
          f"({shared_count:,} shared: {third:,} unchanged, {len(ff_ids):,} changed there, "
          f"{len(conflict_ids):,} changed on both sides) in {build_seconds:.1f} s")

    a = Workspace.open(work / "a.db", editor_name="editor-a")
    started = time.perf_counter()
    report = merging.merge(a, work / "b.db")
    app_seconds = time.perf_counter() - started
    counts = report.counts()
    print(f"merge: {app_seconds:.2f} s ({counts['claims']['added'] / app_seconds:,.0f} new "
          f"claims/s); articles {counts['articles']}, claims {counts['claims']}, "
          f"history rows {report.history_rows:,}")
    if args.check:
        started = time.perf_counter()
        again = merging.merge(a, work / "b.db")
        print(f"merge again: {time.perf_counter() - started:.2f} s, changed: {again.changed}")
    a.close()

    bare, added = baseline(work / "baseline.db", work / "b.db", with_index=False)
    bare_fts, _ = baseline(work / "baseline-fts.db", work / "b.db", with_index=True)
    print(f"baseline ATTACH + INSERT SELECT ({added:,} claims, links, history): {bare:.2f} s; "
          f"ratio {app_seconds / bare:.1f}x")
    print(f"baseline with the same FTS5 index: {bare_fts:.2f} s; ratio "
          f"{app_seconds / bare_fts:.1f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of the whole run: {peak:,.0f} MB")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
