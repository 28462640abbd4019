"""Train/dev/test splits by article, stratified by status, with a dataset card.

Contracts:
- A whole article goes to one split (claims of one article never leak across splits).
- Stratified: each article's stratum is its most frequent claim status (ties go to the
  status listed first in the workspace, then to the smaller id; "none" for an article
  without claims); each stratum is divided in the requested ratios by largest remainder, so
  every split gets its share of every status as nearly as whole articles allow.
- Deterministic: the same articles, ratios and seed give the same assignment on every
  machine and Python version (``random.Random(seed)`` over sorted ids).
"""

from __future__ import annotations

import math
import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.domain.errors import InvalidValue
from annotator.services.exports.base import (
    OFFSET_UNIT,
    ArticleRecord,
    Catalogue,
    ExportContext,
    ExportResult,
    RecordSource,
    atomic_text,
)

NO_CLAIMS = "none"
_NAME = re.compile(r"^[A-Za-z0-9_-]+$")


def parse_split(spec: str) -> tuple[tuple[str, float], ...]:
    """Parse ``"train=0.8,dev=0.1,test=0.1"``: distinct names of letters, digits, ``_`` or
    ``-``; ratios > 0 adding up to 1 (within 1e-6). Raises :class:`InvalidValue`."""
    parts: list[tuple[str, float]] = []
    for item in spec.split(","):
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not _NAME.match(name):
            raise InvalidValue(f"bad split {item!r}: expected NAME=RATIO, e.g. train=0.8")
        try:
            ratio = float(value)
        except ValueError as exc:
            raise InvalidValue(f"bad split ratio {value!r} for {name}") from exc
        if not (ratio > 0 and math.isfinite(ratio)):
            raise InvalidValue(f"split ratio for {name} must be > 0")
        if any(name == n for n, _ in parts):
            raise InvalidValue(f"split {name} is given twice")
        parts.append((name, ratio))
    if abs(sum(r for _, r in parts) - 1.0) > 1e-6:
        raise InvalidValue("split ratios must add up to 1")
    return tuple(parts)


def stratum(record: ArticleRecord, catalogue: Catalogue) -> str:
    """The status an article is stratified by (see the module contract)."""
    counts = Counter(c.status_id for c in record.claims)
    if not counts:
        return NO_CLAIMS
    return min(
        counts,
        key=lambda s: (-counts[s], catalogue.status(s).position, s),
    )


def allocate(count: int, split: tuple[tuple[str, float], ...]) -> list[int]:
    """Whole numbers adding up to ``count`` in the ratios of ``split`` (largest remainder;
    ties go to the split listed first)."""
    quotas = [count * ratio for _, ratio in split]
    sizes = [math.floor(q) for q in quotas]
    order = sorted(range(len(split)), key=lambda i: (-(quotas[i] - sizes[i]), i))
    for i in order[: count - sum(sizes)]:
        sizes[i] += 1
    return sizes


def assign(records: Iterable[ArticleRecord], catalogue: Catalogue,
           split: tuple[tuple[str, float], ...], seed: int) -> dict[str, str]:
    """Article id -> split name, for every record (one streaming pass; only ids are kept)."""
    strata: dict[str, list[str]] = {}
    for record in records:
        strata.setdefault(stratum(record, catalogue), []).append(record.article.id)
    rng = random.Random(seed)
    assignment: dict[str, str] = {}
    for key in sorted(strata):
        ids = sorted(strata[key])
        rng.shuffle(ids)
        position = 0
        for (name, _), size in zip(split, allocate(len(ids), split), strict=True):
            for article_id in ids[position : position + size]:
                assignment[article_id] = name
            position += size
    return assignment


def split_path(out_dir: Path, name: str, extension: str) -> Path:
    """Where split ``name`` goes: ``DIR/NAME.EXT``, or ``DIR/NAME/`` for directory formats."""
    return out_dir / (f"{name}.{extension}" if extension else name)


def write_splits(
    records: RecordSource,
    context: ExportContext,
    out_dir: Path,
    *,
    format_name: str,
    extension: str,
    write: Any,
    description: str,
) -> ExportResult:
    """Write each split with ``write`` (an exporter's write function) into ``out_dir`` and a
    ``README.md`` dataset card beside them."""
    split, seed = context.options.split, context.options.seed
    assignment = assign(records, records.catalogue, split, seed)
    result = ExportResult()
    stats: dict[str, dict[str, Any]] = {}
    for name, _ in split:
        counter: Counter[str] = Counter()
        articles = [0]

        def members(name: str = name, counter: Counter[str] = counter,
                    articles: list[int] = articles) -> Iterator[ArticleRecord]:
            for record in records:
                if assignment.get(record.article.id) == name:
                    articles[0] += 1
                    counter.update(c.status_id for c in record.claims)
                    yield record

        part = write(RecordSource(members, records.catalogue), context,
                     split_path(out_dir, name, extension))
        result.merge(part)
        stats[name] = {"articles": articles[0], "claims": sum(counter.values()),
                       "statuses": dict(counter)}
    card = out_dir / "README.md"
    with atomic_text(card) as fh:
        fh.write(dataset_card(format_name, extension, description, stats, context))
    result.files.append(card)
    return result


def dataset_card(format_name: str, extension: str, description: str,
                 stats: dict[str, dict[str, Any]], context: ExportContext) -> str:
    """A Hugging Face style dataset card (YAML header, then Markdown)."""
    from annotator import __version__

    split, seed = context.options.split, context.options.seed
    statuses = sorted(
        {s for info in stats.values() for s in info["statuses"]},
        key=lambda s: (context.catalogue.status(s).position, s),
    )
    lines = [
        "---",
        "language:",
        "- ar",
        "task_categories:",
        "- token-classification",
        "- text-classification",
        "pretty_name: Arabic news claims",
        "configs:",
        "- config_name: default",
        "  data_files:",
    ]
    for name, _ in split:
        target = f"{name}.{extension}" if extension else f"{name}/*"
        lines += [f"  - split: {name}", f"    path: {target}"]
    lines += [
        "---",
        "",
        "# Arabic news claims",
        "",
        f"Claims marked by newsroom editors in Arabic news articles, exported as `{format_name}`"
        f" by arabic-news-annotator {__version__}. {description}",
        "",
        f"Offsets are Unicode code points (`offset_unit: {OFFSET_UNIT}`) into the article text,"
        " end exclusive: `text[start:end]` is the claim's quote.",
        "",
        "## Splits",
        "",
        f"By article (an article's claims stay together), stratified by each article's most"
        f" frequent verification status, seed {seed}, ratios "
        + ", ".join(f"{n}={r:g}" for n, r in split) + ".",
        "",
        "| split | articles | claims | " + " | ".join(statuses) + " |",
        "|---|---|---|" + "---|" * len(statuses),
    ]
    for name, _ in split:
        info = stats[name]
        lines.append(
            f"| {name} | {info['articles']} | {info['claims']} | "
            + " | ".join(str(info["statuses"].get(s, 0)) for s in statuses) + " |"
        )
    lines += ["", "## Verification statuses", "", "| id | Arabic | English | rating |",
              "|---|---|---|---|"]
    for status_id in statuses:
        status = context.catalogue.status(status_id)
        rating = "" if status.rating_value is None else str(status.rating_value)
        lines.append(f"| {status_id} | {status.label_ar} | {status.label_en} | {rating} |")
    described = {k: v for k, v in context.filter.describe().items() if v}
    lines += ["", "## Selection", "",
              "Filters: " + (", ".join(f"{k}={v}" for k, v in described.items()) or "none")
              + ".", "",
              "## Licence", "",
              "The article texts keep their publishers' terms; check them before sharing.", ""]
    return "\n".join(lines)
