"""A PDF annotation report whose Arabic can be searched and copied.

Why fpdf2: Qt's PDF output draws Arabic correctly but its text layer is unusable (arabic-text
design notes, section 5). fpdf2 shapes text with HarfBuzz (``set_text_shaping``, through
uharfbuzz), embeds the bundled Noto Naskh Arabic font and writes a text layer from which PDF
readers (and pypdf) extract the logical-order text, so an editor can copy a quote out of it.

Contracts:
- Per article: title, metadata, the text paragraph by paragraph (each laid out in the
  direction of the majority of its letters), then each claim numbered as in the HTML report
  with its status (label and colour swatch), sources (kind and role), quote, note, evidence
  and editor; a summary (counts by status and by source kind) opens the document.
- Arabic is never reshaped or reordered by us: HarfBuzz shapes, fpdf2 applies the bidi
  algorithm, the stored text stays as it is.
- Latin text (URLs, English labels and titles) needs a font with Latin letters, which Noto
  Naskh Arabic lacks: the bundled Noto Sans (OFL, ``resources/fonts``) is the fallback
  font, so a report never depends on the fonts of the machine that makes it.
- The fonts are subset by fpdf2; the file is written atomically like every export.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from annotator.bundled import resources_folder
from annotator.domain.models import Claim
from annotator.services.exports.base import (
    ArticleRecord,
    ExportContext,
    ExportResult,
    RecordSource,
    atomic_binary,
    source_name,
)
from annotator.services.exports.labels import kind_label, role_label, word
from annotator.text.direction import paragraph_direction, paragraph_spans

ARABIC_FONT = "NotoNaskhArabic-Regular.ttf"
ARABIC_BOLD_FONT = "NotoNaskhArabic-Bold.ttf"
#: Latin, Greek and Cyrillic letters, digits and punctuation the Arabic font lacks. One
#: weight is bundled; bold Latin text is drawn in it too.
LATIN_FONT = "NotoSans-Regular.ttf"


def _rgb(colour: str) -> tuple[int, int, int]:
    from annotator.services.exports.html_report import safe_colour

    value = safe_colour(colour).lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


class _Report:
    """A thin layer over ``fpdf.FPDF``: fonts, direction-aware paragraphs."""

    def __init__(self, lang: str) -> None:
        from fpdf import FPDF

        self.lang = lang
        pdf = FPDF(format="A4", unit="mm")
        pdf.set_margins(18, 16, 18)
        pdf.set_auto_page_break(True, margin=16)
        fonts = resources_folder().joinpath("fonts")
        pdf.add_font("naskh", "", str(fonts.joinpath(ARABIC_FONT)))
        pdf.add_font("naskh", "B", str(fonts.joinpath(ARABIC_BOLD_FONT)))
        pdf.add_font("latin", "", str(fonts.joinpath(LATIN_FONT)))
        pdf.add_font("latin", "B", str(fonts.joinpath(LATIN_FONT)))
        # exact_match=False: bold Arabic text falls back to the one Latin weight as well.
        pdf.set_fallback_fonts(["latin"], exact_match=False)
        pdf.set_font("naskh", size=11)
        pdf.set_title(word("report_title", lang))  # type: ignore[arg-type]
        pdf.set_creator("arabic-news-annotator")
        self.pdf = pdf

    def paragraph(self, text: str, *, size: float = 11, bold: bool = False,
                  height: float = 7, fill: tuple[int, int, int] | None = None,
                  direction: str | None = None) -> None:
        if not text.strip():
            return
        pdf = self.pdf
        direction = direction or paragraph_direction(text)
        pdf.set_text_shaping(use_shaping_engine=True, direction=direction)
        pdf.set_font("naskh", "B" if bold else "", size)
        if fill is not None:
            pdf.set_fill_color(*fill)
        pdf.multi_cell(0, height, text, align="R" if direction == "rtl" else "L",
                       fill=fill is not None, new_x="LMARGIN", new_y="NEXT")

    def gap(self, mm: float = 3) -> None:
        self.pdf.ln(mm)

    def rule(self) -> None:
        pdf = self.pdf
        y = pdf.get_y()
        pdf.set_draw_color(200, 200, 200)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        self.gap(2)


def _ui_dir(lang: str) -> str:
    return "rtl" if lang == "ar" else "ltr"


def _claim_block(report: _Report, number: int, claim: Claim, context: ExportContext) -> None:
    lang = context.lang
    status = context.catalogue.status(claim.status_id)
    ui = _ui_dir(lang)
    report.paragraph(f"{number}. {status.label(lang)}", bold=True, fill=_rgb(status.color),
                     direction=ui)
    report.paragraph(claim.quote, size=12)
    if claim.sources:
        comma = "، " if lang == "ar" else ", "
        names = [
            f"{source_name(s.name_ar, s.name_en, lang)} "
            f"({kind_label(context.catalogue.source_kind(s.source_id), lang)}{comma}"
            f"{role_label(str(s.role), lang)})"
            for s in claim.sources
        ]
        report.paragraph(f"{word('sources', lang)}: " + comma.join(names), size=10,
                         direction=ui)
    if claim.wording:
        report.paragraph(f"{word('wording', lang)}: {claim.wording}", size=10)
    if claim.note:
        report.paragraph(f"{word('note', lang)}: {claim.note}", size=10)
    for item in claim.evidence:
        report.paragraph(item.url, size=9, direction="ltr")
    editor = context.catalogue.editor_name(claim.updated_by) or ""
    report.paragraph(
        f"{word('editor', lang)}: {editor} · {word('created', lang)}: {claim.created_at[:10]}"
        f" · {word('updated', lang)}: {claim.updated_at[:10]}", size=9, direction=ui)
    report.gap(2)


def _article(report: _Report, record: ArticleRecord, context: ExportContext) -> None:
    lang = context.lang
    article = record.article
    report.pdf.add_page()
    report.paragraph(article.title, size=16, bold=True, height=10)
    meta = " · ".join(v for v in (article.outlet, article.published, article.url) if v)
    if meta:
        report.paragraph(meta, size=9)
    report.rule()
    for start, end in paragraph_spans(article.text):
        report.paragraph(article.text[start:end], size=11.5)
        report.gap(1)
    report.rule()
    report.paragraph(f"{word('claims', lang)} ({len(record.claims)})", size=13, bold=True,
                     direction=_ui_dir(lang))
    if not record.claims:
        report.paragraph(word("no_claims", lang), direction=_ui_dir(lang))
    for number, claim in enumerate(record.claims, start=1):
        _claim_block(report, number, claim, context)


def _summary(report: _Report, records: RecordSource, context: ExportContext) -> None:
    lang = context.lang
    ui = _ui_dir(lang)
    by_status: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    articles = 0
    for record in records:
        articles += 1
        for claim in record.claims:
            by_status[claim.status_id] += 1
            for kind in {context.catalogue.source_kind(s.source_id) for s in claim.sources}:
                by_kind[kind] += 1
    report.pdf.add_page()
    report.paragraph(word("report_title", lang), size=18, bold=True, height=11, direction=ui)
    report.paragraph(f"{word('generated', lang)}: {context.generated_at}", size=9,
                     direction=ui)
    report.paragraph(f"{word('articles', lang)}: {articles} · {word('claims', lang)}: "
                     f"{sum(by_status.values())}", direction=ui)
    report.gap()
    report.paragraph(word("by_status", lang), size=13, bold=True, direction=ui)
    for status_id in sorted(by_status, key=lambda s: (context.catalogue.status(s).position, s)):
        status = context.catalogue.status(status_id)
        report.paragraph(f"{status.label(lang)}: {by_status[status_id]}",
                         fill=_rgb(status.color), direction=ui)
    report.gap()
    report.paragraph(word("by_source_kind", lang), size=13, bold=True, direction=ui)
    for kind, count in sorted(by_kind.items(), key=lambda kv: (-kv[1], kv[0])):
        report.paragraph(f"{kind_label(kind, lang)}: {count}", direction=ui)


def write_pdf_report(records: RecordSource, context: ExportContext, out: Path
                     ) -> ExportResult:
    """Write the PDF report (module contract). fpdf2 builds the document in memory before
    writing it, so a PDF report suits a selection of articles, not a whole archive."""
    report = _Report(context.lang)
    _summary(report, records, context)
    result = ExportResult(files=[out])
    for record in records:
        result.articles += 1
        result.claims += len(record.claims)
        _article(report, record, context)
    data: Any = report.pdf.output()
    with atomic_binary(out) as fh:
        fh.write(bytes(data))
    return result
