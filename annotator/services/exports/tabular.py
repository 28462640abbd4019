"""Claims as a table: CSV for spreadsheets, Markdown for wikis and chat.

CSV contract: one row per claim, a header row, UTF-8 *with* BOM (spreadsheet programs read a
BOM-less file in the local legacy code page and show Arabic as mojibake), "\\r\\n" row ends
as RFC 4180 says, every field quoted when needed by :mod:`csv`. Offsets are code points.
A cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``@``, a tab or
a carriage return) gets a leading apostrophe: a note like ``=HYPERLINK(...)`` must show, not
run. ``-`` is left alone: Arabic news text often starts lines with a dash. The exact,
unaltered data is the JSON Lines export.

Markdown contract: one section per article (title, metadata) with a table of its claims.
Everything the user typed is escaped: ``|`` and ``\\`` for the table, ``<``, ``>`` and ``&``
as entities (Markdown renderers pass raw HTML through), newlines as ``<br>``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

from annotator.domain.models import Claim
from annotator.services.exports.base import (
    ArticleRecord,
    ExportContext,
    ExportResult,
    atomic_text,
    source_name,
)
from annotator.services.exports.labels import kind_label, role_label, word

CSV_COLUMNS = (
    "article_id", "article_title", "outlet", "url", "claim_id", "start", "end", "quote",
    "speakers", "carriers", "source_kinds", "status", "status_label", "rating_value", "note",
    "wording", "evidence", "editor", "created_by", "created", "updated",
)

_FORMULA_STARTS = ("=", "+", "@", "\t", "\r")


def spreadsheet_safe(value: str) -> str:
    """``value`` with a leading apostrophe if a spreadsheet would evaluate it."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def csv_row(record: ArticleRecord, claim: Claim, context: ExportContext) -> list[str]:
    """One claim as CSV cells (in ``CSV_COLUMNS`` order), labels in ``context.lang``."""
    catalogue, lang = context.catalogue, context.lang
    status = catalogue.status(claim.status_id)
    article = record.article

    def names(role: str) -> str:
        return "; ".join(
            source_name(s.name_ar, s.name_en, lang) for s in claim.sources if s.role == role
        )

    kinds = "; ".join(
        dict.fromkeys(catalogue.source_kind(s.source_id) for s in claim.sources)
    )
    cells = [
        article.id, article.title, article.outlet or "", article.url or "", claim.id,
        str(claim.start), str(claim.end), claim.quote, names("speaker"), names("carrier"),
        kinds, claim.status_id, status.label(lang),
        "" if status.rating_value is None else str(status.rating_value), claim.note,
        claim.wording, " ".join(e.url for e in claim.evidence),
        catalogue.editor_name(claim.updated_by) or "",
        catalogue.editor_name(claim.created_by) or "", claim.created_at, claim.updated_at,
    ]
    return [spreadsheet_safe(c) for c in cells]


def write_csv(records: Iterable[ArticleRecord], context: ExportContext, out: Path
              ) -> ExportResult:
    """Write one CSV row per claim of ``records`` to ``out`` (see the module contract)."""
    result = ExportResult(files=[out])
    # newline="" lets the csv module write its own "\r\n" without doubling it.
    with atomic_text(out, encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for record in records:
            result.articles += 1
            for claim in record.claims:
                writer.writerow(csv_row(record, claim, context))
                result.claims += 1
    return result


# --- Markdown ----------------------------------------------------------------------------------
_MD_ESCAPES = str.maketrans({
    "\\": "\\\\", "|": "\\|", "<": "&lt;", ">": "&gt;", "&": "&amp;", "*": "\\*",
    "_": "\\_", "`": "\\`", "[": "\\[", "]": "\\]", "#": "\\#",
})


def md_escape(value: str) -> str:
    """``value`` safe inside a Markdown table cell or heading: markup characters escaped,
    HTML neutralised, newlines as ``<br>`` (a raw newline would end the table row)."""
    return "<br>".join(line.translate(_MD_ESCAPES) for line in value.split("\n"))


def _md_sources(claim: Claim, context: ExportContext) -> str:
    """"name (kind, role)" for each source, with Arabic punctuation in Arabic output."""
    lang = context.lang
    comma, semicolon = ("، ", "؛ ") if lang == "ar" else (", ", "; ")
    parts = [
        md_escape(source_name(s.name_ar, s.name_en, lang))
        + " ("
        + md_escape(kind_label(context.catalogue.source_kind(s.source_id), lang))
        + comma
        + md_escape(role_label(str(s.role), lang))
        + ")"
        for s in claim.sources
    ]
    return semicolon.join(parts)


def write_markdown(records: Iterable[ArticleRecord], context: ExportContext, out: Path
                   ) -> ExportResult:
    """Write a Markdown document: per article a heading, its metadata and a claim table."""
    lang = context.lang
    result = ExportResult(files=[out])
    columns = ["number", "quote", "sources", "status", "note", "evidence", "editor"]
    with atomic_text(out) as fh:
        fh.write(f"# {md_escape(word('report_title', lang))}\n\n")
        for record in records:
            article = record.article
            result.articles += 1
            fh.write(f"## {md_escape(article.title)}\n\n")
            meta = [
                (word("outlet", lang), article.outlet),
                (word("published", lang), article.published),
                (word("url", lang), article.url),
                ("id", article.id),
            ]
            for label, value in meta:
                if value:
                    fh.write(f"- {md_escape(label)}: {md_escape(value)}\n")
            fh.write("\n")
            if not record.claims:
                fh.write(f"{md_escape(word('no_claims', lang))}\n\n")
                continue
            fh.write("| " + " | ".join(md_escape(word(c, lang)) for c in columns) + " |\n")
            fh.write("|" + "---|" * len(columns) + "\n")
            for number, claim in enumerate(record.claims, start=1):
                status = context.catalogue.status(claim.status_id)
                cells = [
                    str(number),
                    md_escape(claim.quote),
                    _md_sources(claim, context),
                    md_escape(status.label(lang)),
                    md_escape(claim.note),
                    " ".join(f"<{e.url}>" for e in claim.evidence if _plain_url(e.url)),
                    md_escape(context.catalogue.editor_name(claim.updated_by) or ""),
                ]
                fh.write("| " + " | ".join(cells) + " |\n")
                result.claims += 1
            fh.write("\n")
    return result


def _plain_url(url: str) -> bool:
    """Autolinks may not contain spaces, ``<``, ``>`` or ``|`` (which would break out of the
    link or the table); the database only holds http(s) URLs."""
    return url.startswith(("http://", "https://")) and not any(c in url for c in " <>|\n")
