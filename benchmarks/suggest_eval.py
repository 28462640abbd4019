"""Evaluate the attribution suggester against the hand-annotated gold set.

Gold: ``tests/gold/attributions.json`` (the seed article and articles of the CC0 corpus, with
quotes, sources and roles; its ``conventions`` say what counts as a claim and where a span
starts and ends). The suggester runs on each article's canonical text with the sources a new
workspace has (``domain.defaults``), exactly as ``annotator suggest`` would on a fresh
workspace.

Figures printed, per split (dev, heldout) and overall:

- claim spans, exact: a suggestion counts when its span equals a gold span;
- claim spans, overlap: suggestions and gold claims are paired one to one, largest shared
  stretch of text first, when they share at least one code point;
- sources: over all (claim, source, role) triples; a suggested source counts when its claim
  is paired (overlap) with a gold claim that has the same source in the same role. The same
  source means: the same workspace source, or (for sources the workspace lacks) the words of
  one name contained in the other's, compared in search-folded form without ال/و;
- speakers: the same restricted to the speaker role;
- kinds: of the paired sources, how many have the gold kind;
- non-body: suggestions that overlap a title, heading, related headline or footer (should be 0).

Usage: ``python -m benchmarks.suggest_eval [--gold PATH] [--json] [--verbose]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain.defaults import DEFAULT_SOURCES
from annotator.domain.models import Source
from annotator.services.suggest_engine import suggest
from annotator.services.suggest_types import ProposedSource, Suggestion
from annotator.text.canonical import canonicalize
from annotator.text.normalize import normalize_for_search, search_tokens
from annotator.text.sentences import ParagraphKind, classify_paragraphs

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests" / "gold" / "attributions.json"


@dataclass(frozen=True)
class GoldSource:
    name: str
    kind: str
    role: str


@dataclass(frozen=True)
class GoldClaim:
    start: int
    end: int
    quote: str
    sources: tuple[GoldSource, ...]


@dataclass
class GoldArticle:
    file: str
    split: str
    text: str
    claims: list[GoldClaim]


def default_sources() -> list[Source]:
    """The sources of a new workspace, with stable ids for the evaluation."""
    return [
        Source(f"default-{i}", name_ar, name_en, kind, aliases)
        for i, (name_ar, name_en, kind, aliases) in enumerate(DEFAULT_SOURCES)
    ]


def load_gold(path: Path = GOLD) -> list[GoldArticle]:
    """Read the gold file; every quote must occur exactly once in its article's canonical
    text (ValueError otherwise), which fixes its offsets."""
    data = json.loads(path.read_text(encoding="utf-8"))
    articles: list[GoldArticle] = []
    for entry in data["articles"]:
        text = canonicalize((REPO / entry["file"]).read_text(encoding="utf-8"))
        claims: list[GoldClaim] = []
        for claim in entry["claims"]:
            quote = claim["quote"]
            count = text.count(quote)
            if count != 1:
                raise ValueError(f"{entry['file']}: gold quote occurs {count} times: {quote!r}")
            start = text.index(quote)
            sources = tuple(GoldSource(s["name"], s["kind"], s["role"]) for s in claim["sources"])
            claims.append(GoldClaim(start, start + len(quote), quote, sources))
        articles.append(GoldArticle(entry["file"], entry.get("split", "dev"), text, claims))
    return articles


def _words(name: str) -> set[str]:
    out: set[str] = set()
    for word in search_tokens(name):
        if word.startswith("و") and len(word) > 3:
            word = word[1:]
        if word.startswith("لل") and len(word) > 4:
            word = "ال" + word[2:]
        elif word.startswith(("ل", "ب")) and len(word) > 3:
            word = word[1:]
        if word.startswith("ال") and len(word) > 4:
            word = word[2:]
        out.add(word)
    return out


class _SameSource:
    def __init__(self, sources: Sequence[Source]) -> None:
        self.by_alias: dict[str, Source] = {}
        for source in sources:
            for alias in (source.name_ar, source.name_en, *source.aliases):
                self.by_alias.setdefault(normalize_for_search(alias), source)
        self.by_id = {s.id: s for s in sources}

    def __call__(self, gold: GoldSource, pred: ProposedSource) -> bool:
        known = self.by_alias.get(normalize_for_search(gold.name))
        if known is not None and pred.source_id is not None:
            return known.id == pred.source_id
        gold_words = _words(gold.name)
        pred_words = _words(pred.name) | _words(pred.mention)
        if pred.source_id is not None:
            source = self.by_id.get(pred.source_id)
            if source is not None:
                for alias in (source.name_ar, source.name_en, *source.aliases):
                    pred_words |= _words(alias)
        if known is not None:
            for alias in (known.name_ar, known.name_en, *known.aliases):
                if _words(alias) and _words(alias) <= pred_words:
                    return True
        return bool(gold_words) and (gold_words <= pred_words or _words(pred.name) <= gold_words)


@dataclass
class Counts:
    gold_claims: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    gold_sources: int = 0
    predicted_sources: int = 0
    sources_matched: int = 0
    gold_speakers: int = 0
    predicted_speakers: int = 0
    speakers_matched: int = 0
    kinds_right: int = 0
    non_body: int = 0

    def add(self, other: Counts) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else 0.0

    def figures(self) -> dict[str, float]:
        r = self._ratio
        return {
            "claims_exact_precision": r(self.exact, self.predicted),
            "claims_exact_recall": r(self.exact, self.gold_claims),
            "claims_overlap_precision": r(self.overlap, self.predicted),
            "claims_overlap_recall": r(self.overlap, self.gold_claims),
            "sources_precision": r(self.sources_matched, self.predicted_sources),
            "sources_recall": r(self.sources_matched, self.gold_sources),
            "speakers_precision": r(self.speakers_matched, self.predicted_speakers),
            "speakers_recall": r(self.speakers_matched, self.gold_speakers),
            "kind_accuracy": r(self.kinds_right, self.sources_matched),
        }


@dataclass
class ArticleResult:
    file: str
    split: str
    counts: Counts
    missed: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    wrong_sources: list[str] = field(default_factory=list)


def _pair(gold: list[GoldClaim], predicted: list[Suggestion]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, predicted index), largest overlap first."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predicted):
            shared = min(g.end, p.end) - max(g.start, p.start)
            if shared > 0:
                exact = g.start == p.start and g.end == p.end
                candidates.append((not exact, -shared, gi, pi))
    candidates.sort()
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def evaluate_article(
    article: GoldArticle, sources: Sequence[Source], same: _SameSource
) -> ArticleResult:
    predicted = suggest(article.text, sources)
    counts = Counts(gold_claims=len(article.claims), predicted=len(predicted))
    result = ArticleResult(article.file, article.split, counts)
    non_body = [
        (p.start, p.end) for p in classify_paragraphs(article.text)
        if p.kind != ParagraphKind.BODY
    ]
    counts.non_body = sum(
        1 for s in predicted if any(s.start < e and b < s.end for b, e in non_body)
    )
    for g in article.claims:
        counts.gold_sources += len(g.sources)
        counts.gold_speakers += sum(1 for s in g.sources if s.role == "speaker")
    for p in predicted:
        counts.predicted_sources += len(p.sources)
        counts.predicted_speakers += len(p.speakers)
    pairs = _pair(article.claims, predicted)
    paired_g = {gi for gi, _ in pairs}
    paired_p = {pi for _, pi in pairs}
    counts.overlap = len(pairs)
    for gi, pi in pairs:
        g, p = article.claims[gi], predicted[pi]
        if (g.start, g.end) == (p.start, p.end):
            counts.exact += 1
        used: set[int] = set()
        for gs in g.sources:
            for k, ps in enumerate(p.sources):
                if k not in used and str(ps.role) == gs.role and same(gs, ps):
                    used.add(k)
                    counts.sources_matched += 1
                    counts.speakers_matched += gs.role == "speaker"
                    counts.kinds_right += str(ps.kind) == gs.kind
                    break
            else:
                result.wrong_sources.append(
                    f"{g.quote[:50]}… expected {gs.role} {gs.name}; got "
                    + ", ".join(f"{s.role} {s.name}" for s in p.sources)
                )
    result.missed = [c.quote[:70] for i, c in enumerate(article.claims) if i not in paired_g]
    result.spurious = [s.quote[:70] for i, s in enumerate(predicted) if i not in paired_p]
    return result


def evaluate(
    path: Path = GOLD, sources: Sequence[Source] | None = None, split: str | None = None
) -> list[ArticleResult]:
    """Run the suggester on every gold article (of ``split`` only, if given); one result
    per article, in file order."""
    sources = default_sources() if sources is None else list(sources)
    same = _SameSource(sources)
    return [
        evaluate_article(a, sources, same)
        for a in load_gold(path)
        if split is None or a.split == split
    ]


def totals(results: Iterable[ArticleResult], split: str | None = None) -> Counts:
    total = Counts()
    for result in results:
        if split is None or result.split == split:
            total.add(result.counts)
    return total


def _print(results: list[ArticleResult], verbose: bool, out: Any) -> None:
    rows = [("all", totals(results))]
    for split in sorted({r.split for r in results}):
        rows.append((split, totals(results, split)))
    out.write(
        f"{'set':<10}{'claims':>7}{'sugg.':>7}  {'exact P/R':>13}  {'overlap P/R':>13}  "
        f"{'sources P/R':>13}  {'speakers P/R':>13}  {'kind':>5}  non-body\n"
    )
    for name, c in rows:
        f = c.figures()
        out.write(
            f"{name:<10}{c.gold_claims:>7}{c.predicted:>7}  "
            f"{f['claims_exact_precision']:>6.2f}/{f['claims_exact_recall']:<6.2f}  "
            f"{f['claims_overlap_precision']:>6.2f}/{f['claims_overlap_recall']:<6.2f}  "
            f"{f['sources_precision']:>6.2f}/{f['sources_recall']:<6.2f}  "
            f"{f['speakers_precision']:>6.2f}/{f['speakers_recall']:<6.2f}  "
            f"{f['kind_accuracy']:>5.2f}  {c.non_body}\n"
        )
    out.write("\nper article (overlap P/R, sources P/R):\n")
    for r in results:
        f = r.counts.figures()
        out.write(
            f"  {Path(r.file).name:<28} {r.split:<8} "
            f"{f['claims_overlap_precision']:.2f}/{f['claims_overlap_recall']:.2f}  "
            f"{f['sources_precision']:.2f}/{f['sources_recall']:.2f}\n"
        )
        if verbose:
            for line in r.missed:
                out.write(f"      missed:   {line}\n")
            for line in r.spurious:
                out.write(f"      spurious: {line}\n")
            for line in r.wrong_sources:
                out.write(f"      source:   {line}\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="gold file (JSON)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--split", help="evaluate only this split (dev, heldout)")
    parser.add_argument("--verbose", action="store_true",
                        help="list missed and spurious claims and wrong sources")
    args = parser.parse_args(argv)
    results = evaluate(args.gold, split=args.split)
    if args.json:
        data = {
            "all": totals(results).figures(),
            **{s: totals(results, s).figures() for s in sorted({r.split for r in results})},
            "counts": asdict(totals(results)),
        }
        json.dump(data, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        _print(results, args.verbose, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
