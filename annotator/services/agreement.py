"""Inter-annotator agreement on claim spans, statuses and sources; per-editor progress.

Agreement (:func:`agreement`): each editor's claims are the claims that editor created
(``created_by``), leaving out conflict copies of unresolved merge conflicts. Offsets are code
points; spans are compared only within the same article.

- **Spans**, for each pair of editors (A before B in the order given; A is the reference, B
  the prediction): *exact* matches (same start and end, one-to-one) and *overlap* matches
  (any shared character; greedy one-to-one matching, largest overlap first; ties go to the
  pair whose lengths differ least, then to the earlier spans). ``precision = matched /
  |B|``, ``recall = matched / |A|``, ``F1 = 2 matched / (|A| + |B|)`` (the harmonic mean of
  the two, and 0 rather than undefined when one side is empty); a figure whose denominator
  is 0 is ``None``. Per article and overall (micro: counts added over articles).
- **Statuses and sources** on matched spans: the overlap matching defines the items (for
  three or more editors, claims are grouped into units greedily by largest overlap, at most
  one claim per editor per unit; for two this is exactly the pair matching). The category of
  a claim is its status id, and for sources the whole attribution: the set of (role, source)
  pairs (no source at all is a category too). Two editors: Cohen's kappa over the matched
  pairs. Three or more: Krippendorff's alpha (nominal) over units with two or more values.
  Each figure comes with the number of items behind it and the observed agreement; a
  coefficient is ``None`` when undefined (no items, or a single category everywhere).
- **Articles**: by default those where every chosen editor created at least one claim
  (an editor with no claims in an article cannot be told apart from one who never opened
  it); articles annotated by only some are listed as skipped. ``article_ids`` overrides this
  (an editor without claims there then counts as having marked nothing).

Progress (:func:`progress`): per editor and per article, claims created and changed, counts
per status, articles touched and untouched; for the library's per-editor view.

Pure functions (:func:`greedy_overlap_matching`, :func:`exact_match_count`,
:func:`cohen_kappa`, :func:`krippendorff_alpha_nominal`, :func:`build_units`) need no
workspace. Nothing here writes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import combinations
from typing import Any

from annotator.domain.errors import InvalidValue, NotFound
from annotator.services.workspace import Workspace
from annotator.storage import merge_store

Span = tuple[int, int]
OPEN_STATUSES = frozenset({"unverified", "in_progress"})  # no verdict yet


# --- spans -----------------------------------------------------------------------------------
def overlap(a: Span, b: Span) -> int:
    """Number of code points two half-open spans share."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def exact_match_count(reference: Sequence[Span], prediction: Sequence[Span]) -> int:
    """One-to-one exact matches: for each span, the smaller of its two multiplicities."""
    return sum((Counter(reference) & Counter(prediction)).values())


def greedy_overlap_matching(reference: Sequence[Span], prediction: Sequence[Span]
                            ) -> list[tuple[int, int]]:
    """Pairs ``(i, j)`` of indices, each span used at most once, chosen greedily by largest
    overlap (ties: smallest length difference, then earliest reference, then earliest
    prediction span). Only pairs sharing at least one character are matched."""
    candidates = []
    for i, a in enumerate(reference):
        for j, b in enumerate(prediction):
            shared = overlap(a, b)
            if shared:
                candidates.append((-shared, abs((a[1] - a[0]) - (b[1] - b[0])), a, b, i, j))
    candidates.sort()
    used_a: set[int] = set()
    used_b: set[int] = set()
    pairs = []
    for *_, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j))
    return sorted(pairs)


@dataclass(frozen=True)
class SpanScores:
    """Matched spans out of ``reference`` (A's) and ``prediction`` (B's) spans."""

    matched: int = 0
    reference: int = 0
    prediction: int = 0

    @property
    def precision(self) -> float | None:
        return self.matched / self.prediction if self.prediction else None

    @property
    def recall(self) -> float | None:
        return self.matched / self.reference if self.reference else None

    @property
    def f1(self) -> float | None:
        total = self.reference + self.prediction
        return 2 * self.matched / total if total else None

    def __add__(self, other: SpanScores) -> SpanScores:
        return SpanScores(self.matched + other.matched, self.reference + other.reference,
                          self.prediction + other.prediction)

    def as_dict(self) -> dict[str, Any]:
        return {"matched": self.matched, "reference": self.reference,
                "prediction": self.prediction, "precision": self.precision,
                "recall": self.recall, "f1": self.f1}


# --- chance-corrected agreement --------------------------------------------------------------
def cohen_kappa(a: Sequence[Hashable], b: Sequence[Hashable]) -> float | None:
    """Cohen's kappa of two raters' labels for the same items; None if there are no items
    or chance agreement is 1 (both used one and the same single category)."""
    if len(a) != len(b):
        raise ValueError("both raters must label the same items")
    n = len(a)
    if not n:
        return None
    observed = sum(x == y for x, y in zip(a, b, strict=True)) / n
    count_a, count_b = Counter(a), Counter(b)
    expected = sum(count_a[c] * count_b[c] for c in count_a) / (n * n)
    if expected == 1:
        return None
    return (observed - expected) / (1 - expected)


def krippendorff_alpha_nominal(units: Sequence[Sequence[Hashable]]) -> float | None:
    """Krippendorff's alpha for nominal data. ``units``: for each unit, the values the
    raters gave it (missing values left out). Units with fewer than two values are not
    pairable and are ignored. None if fewer than two pairable values or a single category
    (no expected disagreement)."""
    coincidence: dict[tuple[Hashable, Hashable], float] = defaultdict(float)
    for values in units:
        m = len(values)
        if m < 2:
            continue
        counts = Counter(values)
        for c, n_c in counts.items():
            for k, n_k in counts.items():
                coincidence[(c, k)] += n_c * (n_k - (c == k)) / (m - 1)
    totals: dict[Hashable, float] = defaultdict(float)
    for (c, _), value in coincidence.items():
        totals[c] += value
    n = sum(totals.values())
    if n < 2:
        return None
    observed = sum(v for (c, k), v in coincidence.items() if c != k)
    expected = n * n - sum(t * t for t in totals.values())
    if expected <= 0:
        return None
    return 1 - (n - 1) * observed / expected


def observed_agreement_units(units: Sequence[Sequence[Hashable]]) -> float | None:
    """Share of agreeing pairs of values within units (pairwise percent agreement)."""
    agree = total = 0
    for values in units:
        for x, y in combinations(values, 2):
            total += 1
            agree += x == y
    return agree / total if total else None


# --- units across editors --------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """One editor's claim as agreement sees it."""

    claim_id: str
    editor: str
    start: int
    end: int
    status: str = ""
    sources: str = ""  # the attribution as one category: sorted "role:source" joined by "|"

    @property
    def span(self) -> Span:
        return (self.start, self.end)


def build_units(items_by_editor: Mapping[str, Sequence[Item]]) -> list[dict[str, Item]]:
    """Group the claims of several editors on one article into units: greedily join the
    pair of claims (of different editors) with the largest overlap, unless that would put
    two claims of one editor in a unit. Every claim ends in exactly one unit; for two
    editors the units with both are exactly :func:`greedy_overlap_matching`'s pairs."""
    editors = list(items_by_editor)
    nodes = [(e, idx) for e in editors for idx in range(len(items_by_editor[e]))]
    parent = {node: node for node in nodes}
    members: dict[tuple[str, int], dict[str, Item]] = {
        (e, idx): {e: items_by_editor[e][idx]} for e, idx in nodes}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    candidates = []
    for (pa, ea), (pb, eb) in combinations(enumerate(editors), 2):
        for i, a in enumerate(items_by_editor[ea]):
            for j, b in enumerate(items_by_editor[eb]):
                shared = overlap(a.span, b.span)
                if shared:
                    candidates.append((-shared, abs((a.end - a.start) - (b.end - b.start)),
                                       pa, a.span, pb, b.span, ea, i, eb, j))
    candidates.sort(key=lambda c: c[:6])
    for *_, ea, i, eb, j in candidates:
        ra, rb = find((ea, i)), find((eb, j))
        if ra == rb or set(members[ra]) & set(members[rb]):
            continue
        parent[rb] = ra
        members[ra].update(members.pop(rb))
    units = [members[node] for node in nodes if find(node) == node]
    units.sort(key=lambda u: min((it.start, it.end, it.editor) for it in u.values()))
    return units


# --- the report ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ArticleSpanAgreement:
    article_id: str
    title: str
    exact: SpanScores
    overlap: SpanScores


@dataclass(frozen=True)
class PairAgreement:
    """Span agreement of ``prediction`` (B) against ``reference`` (A)."""

    reference: str
    prediction: str
    exact: SpanScores
    overlap: SpanScores
    articles: tuple[ArticleSpanAgreement, ...]


@dataclass(frozen=True)
class LabelAgreement:
    """Chance-corrected agreement on one label (status or sources) over matched spans.

    ``measure``: ``cohen_kappa`` (two editors) or ``krippendorff_alpha`` (three or more);
    ``items``: matched pairs (kappa) or units with two or more values (alpha);
    ``observed``: the share of agreeing (pairs of) values."""

    measure: str
    value: float | None
    items: int
    observed: float | None
    articles: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class AgreementReport:
    editors: tuple[str, ...]
    article_ids: tuple[str, ...]
    pairs: tuple[PairAgreement, ...]
    status: LabelAgreement
    sources: LabelAgreement
    skipped_article_ids: tuple[str, ...] = ()
    claims_per_editor: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        def pair(p: PairAgreement) -> dict[str, Any]:
            return {
                "reference": p.reference, "prediction": p.prediction,
                "exact": p.exact.as_dict(), "overlap": p.overlap.as_dict(),
                "articles": [{"article_id": a.article_id, "title": a.title,
                              "exact": a.exact.as_dict(), "overlap": a.overlap.as_dict()}
                             for a in p.articles],
            }

        return {
            "editors": list(self.editors),
            "claims_per_editor": dict(self.claims_per_editor),
            "articles": list(self.article_ids),
            "skipped_articles": list(self.skipped_article_ids),
            "pairs": [pair(p) for p in self.pairs],
            "status": {**asdict(self.status), "articles": list(self.status.articles)},
            "sources": {**asdict(self.sources), "articles": list(self.sources.articles)},
        }


def _label_agreement(units_by_article: Mapping[str, list[dict[str, Item]]],
                     editors: Sequence[str], label: str) -> LabelAgreement:
    two = len(editors) == 2
    measure = "cohen_kappa" if two else "krippendorff_alpha"

    def figures(units: list[dict[str, Item]]) -> tuple[float | None, int, float | None]:
        if two:
            pairs = [(u[editors[0]], u[editors[1]]) for u in units if len(u) == 2]
            a = [getattr(x, label) for x, _ in pairs]
            b = [getattr(y, label) for _, y in pairs]
            observed = (sum(x == y for x, y in zip(a, b, strict=True)) / len(a)
                        if a else None)
            return cohen_kappa(a, b), len(pairs), observed
        values = [[getattr(u[e], label) for e in editors if e in u] for u in units]
        values = [v for v in values if len(v) >= 2]
        return (krippendorff_alpha_nominal(values), len(values),
                observed_agreement_units(values))

    everything = [u for units in units_by_article.values() for u in units]
    value, items, observed = figures(everything)
    per_article = []
    for article_id, units in units_by_article.items():
        a_value, a_items, a_observed = figures(units)
        per_article.append({"article_id": article_id, "value": a_value, "items": a_items,
                            "observed": a_observed})
    return LabelAgreement(measure, value, items, observed, tuple(per_article))


def agreement(workspace: Workspace, *, editors: Sequence[str] | None = None,
              article_ids: Sequence[str] | None = None) -> AgreementReport:
    """Agreement between editors (names; default: everyone who created claims, most claims
    first) on the chosen articles (ids or unique prefixes; default: see the module
    docstring). Raises :class:`NotFound` for an unknown editor or article and
    :class:`InvalidValue` with fewer than two editors. Read-only."""
    db = workspace.db
    if editors:
        names = list(dict.fromkeys(n.strip() for n in editors if n.strip()))
        ids_by_name = merge_store.editor_ids_by_name(db, names)
        unknown = [n for n in names if n not in ids_by_name]
        if unknown:
            known = ", ".join(sorted(workspace.editor_names().values()))
            raise NotFound(f"no editor named {', '.join(unknown)} (known: {known})")
    else:
        id_to_name = workspace.editor_names()
        ids_by_name = {id_to_name[row["created_by"]]: row["created_by"]
                       for row in merge_store.claim_creators(db)
                       if row["created_by"] in id_to_name}
        names = list(ids_by_name)
    if len(names) < 2:
        raise InvalidValue("agreement needs at least two editors with claims "
                           f"(found: {', '.join(names) or 'none'})")
    editor_ids = [ids_by_name[n] for n in names]
    skipped: list[str] = []
    if article_ids:
        chosen = list(dict.fromkeys(workspace.resolve_article_id(a) for a in article_ids))
    else:
        per_editor = merge_store.articles_with_claims_by(db, editor_ids)
        every = set.intersection(*per_editor.values())
        some = set.union(*per_editor.values())
        titles_all = merge_store.article_titles(db)
        chosen = [a for a in titles_all if a in every]
        skipped = [a for a in titles_all if a in some - every]
    titles = merge_store.article_titles(db, chosen)
    copies = merge_store.open_conflict_copy_ids(db)
    name_of = {v: k for k, v in ids_by_name.items()}
    grouped: dict[str, dict[str, list[Item]]] = {
        a: {n: [] for n in names} for a in chosen}
    counts: Counter[str] = Counter()
    for row in merge_store.claim_rows_for_agreement(db, chosen, editor_ids):
        if row["id"] in copies:
            continue
        name = name_of[row["created_by"]]
        grouped[row["article_id"]][name].append(Item(
            row["id"], name, row["start"], row["end"], row["status_id"],
            "|".join(row["sources"])))
        counts[name] += 1

    pairs = []
    for ref, pred in combinations(names, 2):
        per_article = []
        exact_total, overlap_total = SpanScores(), SpanScores()
        for article_id in chosen:
            a = [it.span for it in grouped[article_id][ref]]
            b = [it.span for it in grouped[article_id][pred]]
            exact = SpanScores(exact_match_count(a, b), len(a), len(b))
            over = SpanScores(len(greedy_overlap_matching(a, b)), len(a), len(b))
            exact_total, overlap_total = exact_total + exact, overlap_total + over
            per_article.append(ArticleSpanAgreement(article_id, titles.get(article_id, ""),
                                                    exact, over))
        pairs.append(PairAgreement(ref, pred, exact_total, overlap_total,
                                   tuple(per_article)))
    units = {a: build_units(grouped[a]) for a in chosen}
    return AgreementReport(
        editors=tuple(names), article_ids=tuple(chosen), pairs=tuple(pairs),
        status=_label_agreement(units, names, "status"),
        sources=_label_agreement(units, names, "sources"),
        skipped_article_ids=tuple(skipped),
        claims_per_editor={n: counts[n] for n in names},
    )


# --- progress --------------------------------------------------------------------------------
@dataclass(frozen=True)
class EditorArticleProgress:
    """One editor on one article: claims created, claims of others last changed, statuses
    of the created claims, latest change."""

    article_id: str
    title: str
    created: int
    changed: int
    status_counts: tuple[tuple[str, int], ...]
    last_change: str | None


@dataclass(frozen=True)
class EditorProgress:
    """One editor across the workspace. ``decided``: created claims with a verdict (a
    status other than unverified and in progress). ``articles_untouched``: articles where
    the editor created or last changed no claim (imports do not count)."""

    editor_id: str
    name: str
    created: int
    changed: int
    decided: int
    status_counts: tuple[tuple[str, int], ...]
    articles_touched: int
    articles_untouched: int
    articles: tuple[EditorArticleProgress, ...]


@dataclass(frozen=True)
class ArticleProgress:
    """One article: all its claims, per status, and the editors who created or changed
    them (names)."""

    article_id: str
    title: str
    claims: int
    status_counts: tuple[tuple[str, int], ...]
    editors: tuple[str, ...]


@dataclass(frozen=True)
class Progress:
    total_articles: int
    editors: tuple[EditorProgress, ...]
    articles: tuple[ArticleProgress, ...]
    untouched_article_ids: tuple[str, ...]

    def editor(self, name: str) -> EditorProgress:
        for item in self.editors:
            if item.name == name:
                return item
        raise NotFound(f"no editor named {name}")

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def progress(workspace: Workspace) -> Progress:
    """Per-editor and per-article progress of the whole workspace (every editor, even one
    with no claims; conflict copies of open merge conflicts left out). Read-only; one pass
    over grouped counts, so it stays fast on large workspaces."""
    db = workspace.db
    titles = merge_store.article_titles(db)
    names = workspace.editor_names()
    rows = merge_store.progress_counts(db)

    per_editor: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    per_article: dict[str, dict[str, Any]] = {
        a: {"claims": 0, "statuses": Counter(), "editors": set()} for a in titles}
    for row in rows:
        editor, article = row["editor_id"], row["article_id"]
        cell = per_editor[editor].setdefault(
            article, {"created": 0, "changed": 0, "statuses": Counter(), "last": None})
        cell[row["how"]] += row["n"]
        if row["how"] == "created":
            cell["statuses"][row["status_id"]] += row["n"]
            per_article[article]["claims"] += row["n"]
            per_article[article]["statuses"][row["status_id"]] += row["n"]
        cell["last"] = max(filter(None, (cell["last"], row["last"])), default=None)
        per_article[article]["editors"].add(names.get(editor, editor))

    editors_out = []
    for editor_id, name in sorted(names.items(), key=lambda kv: kv[1]):
        cells = per_editor.get(editor_id, {})
        statuses: Counter[str] = Counter()
        for cell in cells.values():
            statuses.update(cell["statuses"])
        editor_articles = tuple(
            EditorArticleProgress(a, titles.get(a, ""), c["created"], c["changed"],
                                  tuple(sorted(c["statuses"].items())), c["last"])
            for a, c in sorted(cells.items(), key=lambda kv: kv[1]["last"] or "", reverse=True))
        editors_out.append(EditorProgress(
            editor_id=editor_id, name=name,
            created=sum(c["created"] for c in cells.values()),
            changed=sum(c["changed"] for c in cells.values()),
            decided=sum(n for s, n in statuses.items() if s not in OPEN_STATUSES),
            status_counts=tuple(sorted(statuses.items())),
            articles_touched=len(cells), articles_untouched=len(titles) - len(cells),
            articles=editor_articles,
        ))
    articles_out = tuple(
        ArticleProgress(a, titles[a], v["claims"], tuple(sorted(v["statuses"].items())),
                        tuple(sorted(v["editors"])))
        for a, v in per_article.items())
    untouched = tuple(a for a, v in per_article.items() if not v["editors"])
    return Progress(len(titles), tuple(editors_out), articles_out, untouched)
