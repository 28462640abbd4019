"""A self-contained HTML annotation report: one file an editor can open, mail or print.

Contracts:
- Self-contained: no scripts, no external style sheets, images or fonts; the reading font
  (Noto Naskh Arabic, OFL) is embedded as a data URL so Arabic renders on a machine without
  Arabic fonts. Evidence links are plain links (followed only if the reader clicks).
- Every piece of user text (titles, quotes, notes, source names, status labels, URLs,
  editor names) is HTML-escaped; a status colour is used only if it is a hex colour.
- The article text is shown paragraph by paragraph, each with ``dir`` set by the majority
  of its strong characters (``text.direction``), so an Arabic paragraph opening with a Latin
  word is still right-to-left; the page's own direction follows ``--lang``.
- Claims are highlighted with ``<span>`` elements carrying an inline background colour (the
  status colour), numbered as in the claim table. Overlapping and nested claims are drawn
  from a segment sweep (``text.segments``) and nested properly: a claim's span stays open
  across the segments of the claims inside it, and a claim crossing another is split into
  as few spans as the nesting rules of HTML allow. Within each claim's spans, the text is
  exactly ``quote`` (apart from the ``<sup>`` number at its start).
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import cast

from annotator.bundled import resources_folder
from annotator.domain.models import Claim
from annotator.services.exports.base import (
    ArticleRecord,
    ExportContext,
    ExportResult,
    Language,
    RecordSource,
    atomic_text,
    source_name,
)
from annotator.services.exports.labels import kind_label, role_label, word
from annotator.text.direction import paragraph_direction, paragraph_spans
from annotator.text.segments import segments

_HEX_COLOUR = re.compile(r"^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_FALLBACK_COLOUR = "#e0e0e0"
FONT_FILE = "NotoNaskhArabic-Regular.ttf"

_CSS = """
@font-face { font-family: "Report Naskh"; src: url(data:font/ttf;base64,%(font)s)
  format("truetype"); }
:root { --ink: #1b1b1b; --muted: #5f6368; --rule: #d0d7de; }
body { font-family: "Report Naskh", "Noto Naskh Arabic", "Amiri", "Traditional Arabic",
  "DejaVu Sans", serif; color: var(--ink); margin: 2rem auto; max-width: 60rem;
  line-height: 1.9; padding: 0 1rem; }
h1, h2, h3 { line-height: 1.4; }
.meta, .generated { color: var(--muted); font-size: 0.9rem; }
.text p { margin: 0 0 0.8rem; font-size: 1.15rem; }
.claim { border-radius: 3px; padding: 0.1em 0; -webkit-box-decoration-break: clone;
  box-decoration-break: clone; }
.claim .claim { border-bottom: 2px solid rgba(0, 0, 0, 0.45); }
.claim .claim .claim { border-bottom-style: double; }
.claim-no { font-family: sans-serif; font-size: 0.65rem; font-weight: bold;
  color: var(--muted); margin: 0 0.1em; }
table { border-collapse: collapse; width: 100%%; margin: 1rem 0; font-size: 0.95rem; }
th, td { border: 1px solid var(--rule); padding: 0.35rem 0.5rem; vertical-align: top;
  text-align: start; }
th { background: #f6f8fa; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; border-radius: 2px;
  border: 1px solid rgba(0, 0, 0, 0.3); vertical-align: middle; margin-inline-end: 0.3em; }
.note { white-space: pre-wrap; }
.quote { white-space: pre-wrap; }
.evidence a { word-break: break-all; }
.dates { white-space: nowrap; font-size: 0.85rem; color: var(--muted); }
article.article { border-top: 2px solid var(--rule); margin-top: 2rem; padding-top: 1rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .claim, .swatch, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  article.article { break-before: page; border-top: none; }
  tr, .text p { break-inside: avoid; }
  thead { display: table-header-group; }
  .evidence a::after { content: ""; }
  a { color: inherit; }
}
"""


def safe_colour(colour: str | None) -> str:
    """``colour`` if it is a hex colour, else a neutral grey: status colours are editable
    data and must not smuggle CSS into a ``style`` attribute."""
    return colour if colour and _HEX_COLOUR.match(colour) else _FALLBACK_COLOUR


def _font_base64() -> str:
    data = resources_folder().joinpath("fonts", FONT_FILE).read_bytes()
    return base64.b64encode(data).decode("ascii")


def _dir(text: str) -> str:
    return paragraph_direction(text)


# --- highlighted text ------------------------------------------------------------------------
def _pieces(length: int, claims: tuple[Claim, ...]) -> Iterator[tuple[int, int, tuple[int, ...]]]:
    """``(start, end, numbers)`` covering ``[0, length)``: the segments of the claims
    (numbers 1-based, in table order) and the uncovered gaps between them (no numbers)."""
    position = 0
    for seg in segments((c.start, c.end, n) for n, c in enumerate(claims, start=1)):
        if seg.start > position:
            yield position, seg.start, ()
        yield seg.start, seg.end, tuple(cast(int, k) for k in seg.keys)
        position = seg.end
    if position < length:
        yield position, length, ()


def highlighted_paragraphs(record: ArticleRecord, context: ExportContext) -> Iterator[str]:
    """The article text as ``<p>`` elements with nested claim spans (module contract)."""
    text, claims = record.article.text, record.claims
    order = {n: (c.start, -c.end, n) for n, c in enumerate(claims, start=1)}
    pieces = list(_pieces(len(text), claims))
    index = 0
    for p_start, p_end in paragraph_spans(text):
        if p_start == p_end:
            continue
        out: list[str] = [f'<p dir="{_dir(text[p_start:p_end])}">']
        stack: list[int] = []
        while index < len(pieces) and pieces[index][1] <= p_start:
            index += 1
        i = index
        while i < len(pieces) and pieces[i][0] < p_end:
            start, end, numbers = pieces[i]
            start, end = max(start, p_start), min(end, p_end)
            wanted = sorted(numbers, key=order.__getitem__)  # outermost first
            common = 0
            while common < min(len(stack), len(wanted)) and stack[common] == wanted[common]:
                common += 1
            out.append("</span>" * (len(stack) - common))
            del stack[common:]
            for number in wanted[common:]:
                claim = claims[number - 1]
                status = context.catalogue.status(claim.status_id)
                out.append(
                    f'<span class="claim" data-claim="{number}" '
                    f'style="background-color: {safe_colour(status.color)}" '
                    f'title="{number} · {escape(status.label(context.lang))}">'
                )
                if claim.start == start:
                    out.append(f'<sup class="claim-no">{number}</sup>')
                stack.append(number)
            out.append(escape(text[start:end], quote=False))
            i += 1
        out.append("</span>" * len(stack))
        out.append("</p>")
        yield "".join(out)


# --- tables ----------------------------------------------------------------------------------
def _sources_html(claim: Claim, context: ExportContext) -> str:
    lang = context.lang
    if not claim.sources:
        return f'<span class="meta">{escape(word("no_source", lang))}</span>'
    comma = "، " if lang == "ar" else ", "
    items = []
    for s in claim.sources:
        kind = kind_label(context.catalogue.source_kind(s.source_id), lang)
        items.append(
            f"<li>{escape(source_name(s.name_ar, s.name_en, lang))} "
            f'<span class="meta">({escape(kind)}{comma}'
            f"{escape(role_label(str(s.role), lang))})</span></li>"
        )
    return '<ul class="sources">' + "".join(items) + "</ul>"


def _when(value: str) -> str:
    return value[:16].replace("T", " ") + " UTC" if value else ""


def claim_rows(record: ArticleRecord, context: ExportContext) -> Iterator[str]:
    lang = context.lang
    for number, claim in enumerate(record.claims, start=1):
        status = context.catalogue.status(claim.status_id)
        evidence = "".join(
            f'<li><a href="{escape(e.url)}" rel="noopener noreferrer">'
            f"{escape(e.title or e.url)}</a></li>"
            for e in claim.evidence if e.url.startswith(("http://", "https://"))
        )
        wording = (
            f'<div class="meta" dir="{_dir(claim.wording)}">{escape(word("wording", lang))}: '
            f"{escape(claim.wording)}</div>" if claim.wording else ""
        )
        editor = context.catalogue.editor_name(claim.updated_by) or ""
        yield (
            f'<tr id="claim-{escape(claim.id)}"><td>{number}</td>'
            f'<td class="quote" dir="{_dir(claim.quote)}">{escape(claim.quote)}{wording}</td>'
            f"<td>{_sources_html(claim, context)}</td>"
            f'<td><span class="swatch" style="background-color: {safe_colour(status.color)}">'
            f"</span>{escape(status.label(lang))}</td>"
            f'<td class="note" dir="{_dir(claim.note)}">{escape(claim.note)}</td>'
            f'<td class="evidence"><ul>{evidence}</ul></td>'
            f"<td>{escape(editor)}</td>"
            f'<td class="dates">{escape(word("created", lang))}: {escape(_when(claim.created_at))}'
            f"<br>{escape(word('updated', lang))}: {escape(_when(claim.updated_at))}</td></tr>"
        )


def _summary(records: RecordSource, context: ExportContext) -> tuple[str, int, int]:
    """The summary section (counts by status and by source kind) and the totals."""
    lang = context.lang
    by_status: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    articles = claims = 0
    for record in records:
        articles += 1
        for claim in record.claims:
            claims += 1
            by_status[claim.status_id] += 1
            kinds = {context.catalogue.source_kind(s.source_id) for s in claim.sources}
            for kind in kinds or {"-"}:
                by_kind[kind] += 1
    statuses = sorted(by_status, key=lambda s: (context.catalogue.status(s).position, s))
    rows = "".join(
        f'<tr><td><span class="swatch" style="background-color: '
        f'{safe_colour(context.catalogue.status(s).color)}"></span>'
        f"{escape(context.catalogue.status(s).label(lang))}</td><td>{by_status[s]}</td></tr>"
        for s in statuses
    )
    kind_rows = "".join(
        f"<tr><td>{escape(word('no_source', lang) if k == '-' else kind_label(k, lang))}</td>"
        f"<td>{n}</td></tr>"
        for k, n in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0]))
    )
    head = (f"<thead><tr><th>{{}}</th><th>{escape(word('count', lang))}</th></tr></thead>")
    html = (
        f'<section class="summary"><h2>{escape(word("summary", lang))}</h2>'
        f'<p>{escape(word("articles", lang))}: {articles} · '
        f'{escape(word("claims", lang))}: {claims}</p>'
        f'<h3>{escape(word("by_status", lang))}</h3><table class="by-status">'
        + head.format(escape(word("status", lang))) + f"<tbody>{rows}</tbody></table>"
        f'<h3>{escape(word("by_source_kind", lang))}</h3><table class="by-kind">'
        + head.format(escape(word("sources", lang))) + f"<tbody>{kind_rows}</tbody></table>"
        "</section>"
    )
    return html, articles, claims


def _article_html(record: ArticleRecord, context: ExportContext) -> Iterator[str]:
    lang: Language = context.lang
    article = record.article
    language = article.language or ("ar" if _dir(article.text) == "rtl" else "en")
    direction = _dir(article.title + "\n" + article.text[:5000])
    yield (f'<article class="article" id="article-{escape(article.id)}" '
           f'lang="{escape(language)}" dir="{direction}">')
    yield f"<h2>{escape(article.title)}</h2>"
    meta = [(word("outlet", lang), escape(article.outlet or "")),
            (word("published", lang), escape(article.published or ""))]
    if article.url:
        meta.append((word("url", lang),
                     f'<a href="{escape(article.url)}" dir="ltr">{escape(article.url)}</a>'
                     if article.url.startswith(("http://", "https://"))
                     else escape(article.url)))
    yield ('<p class="meta" dir="auto">'
           + " · ".join(f"{escape(k)}: {v}" for k, v in meta if v) + "</p>")
    yield '<div class="text">'
    yield from highlighted_paragraphs(record, context)
    yield "</div>"
    # The claim table is in the reader's language, whatever the article's.
    yield f'<section class="claims" dir="{"rtl" if lang == "ar" else "ltr"}" lang="{lang}">'
    yield f"<h3>{escape(word('claims', lang))} ({len(record.claims)})</h3>"
    if not record.claims:
        yield f"<p>{escape(word('no_claims', lang))}</p></section></article>"
        return
    columns = ("number", "quote", "sources", "status", "note", "evidence", "editor", "dates")
    yield ("<table><thead><tr>" + "".join(f"<th>{escape(word(c, lang))}</th>" for c in columns)
           + "</tr></thead><tbody>")
    yield from claim_rows(record, context)
    yield "</tbody></table></section></article>"


def write_html_report(records: RecordSource, context: ExportContext, out: Path
                      ) -> ExportResult:
    """Write the report (module contract) to ``out``. Two streaming passes over
    ``records``: one to count for the summary, one to write the articles."""
    lang = context.lang
    page_dir = "rtl" if lang == "ar" else "ltr"
    summary, _, _ = _summary(records, context)
    result = ExportResult(files=[out])
    filters = {k: v for k, v in context.filter.describe().items() if v}
    with atomic_text(out) as fh:
        fh.write(
            f'<!DOCTYPE html>\n<html lang="{lang}" dir="{page_dir}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            # No script may run, and nothing may be fetched, even if escaping were bypassed.
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            "style-src 'unsafe-inline'; font-src data:; img-src data:\">"
            f"<title>{escape(word('report_title', lang))}</title>"
            f"<style>{_CSS % {'font': _font_base64()}}</style></head><body>"
        )
        fh.write(f"<header><h1>{escape(word('report_title', lang))}</h1>"
                 f'<p class="generated">{escape(word("generated", lang))}: '
                 f"{escape(context.generated_at)}</p>")
        if filters:
            fh.write(f'<p class="generated">{escape(word("filters", lang))}: '
                     + escape("; ".join(f"{k}={v}" for k, v in filters.items())) + "</p>")
        fh.write("</header>")
        fh.write(summary)
        for record in records:
            result.articles += 1
            result.claims += len(record.claims)
            for chunk in _article_html(record, context):
                fh.write(chunk)
        fh.write("</body></html>\n")
    return result
