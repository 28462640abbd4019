"""Exports: the workspace's articles and claims as files for people, tools and models.

Contracts shared by every format:
- Exports never change the workspace: they read through the :class:`Workspace` API only.
- Offsets are Unicode code points into the stored article text, end exclusive.
- Output is streamed article by article and written to a temporary file that replaces the
  target only when complete (a failed export leaves no partial file).
- :data:`FORMATS` is the registry the CLI (and later the window) offers; each
  :class:`Exporter` names its write function, its file extension and whether it can be
  split into train/dev/test.

Thread: like the workspace it reads, an export runs on the thread that opened the workspace
(the window runs it on a worker thread with its own connection).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from annotator.domain.errors import InvalidValue
from annotator.services.exports import (
    checkthat,
    claimreview,
    conll,
    html_report,
    jsonl,
    pdf_report,
    tabular,
    tools,
    web_annotation,
)
from annotator.services.exports.base import (
    ArticleRecord,
    Catalogue,
    ExportContext,
    ExportFilter,
    ExportOptions,
    ExportResult,
    RecordSource,
    now_iso,
)
from annotator.services.exports.selection import select
from annotator.services.exports.splits import parse_split, write_splits
from annotator.services.workspace import Workspace

__all__ = [
    "FORMATS",
    "ArticleRecord",
    "Catalogue",
    "ExportContext",
    "ExportFilter",
    "ExportOptions",
    "ExportResult",
    "Exporter",
    "RecordSource",
    "export",
    "parse_split",
]

WriteFn = Callable[[RecordSource, ExportContext, Path], ExportResult]


@dataclass(frozen=True)
class Exporter:
    """One export format.

    ``write(records, context, out)`` writes ``records`` to ``out`` and returns what it
    wrote. ``extension`` is the file suffix without the dot (used for split files); an empty
    extension means ``out`` is a directory. ``splittable`` formats accept ``--split``.
    """

    name: str
    summary: str
    write: WriteFn
    extension: str
    splittable: bool = False


FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("jsonl", "JSON Lines, one article per line with its claim spans "
                 "(code-point offsets); loads with Hugging Face datasets",
                 jsonl.write_jsonl, "jsonl", splittable=True),
        Exporter("csv", "one row per claim, UTF-8 with BOM for spreadsheets",
                 tabular.write_csv, "csv", splittable=True),
        Exporter("markdown", "a Markdown document: each article with a table of its claims",
                 tabular.write_markdown, "md"),
        Exporter("report-html", "a self-contained HTML report: highlighted text, claim "
                 "table, summary; prints well", html_report.write_html_report, "html"),
        Exporter("claimreview", "schema.org ClaimReview JSON-LD for claims with a "
                 "publishable verdict", claimreview.write_claimreview, "json"),
        Exporter("web-annotation", "W3C Web Annotation JSON-LD collection, one annotation "
                 "per claim", web_annotation.write_web_annotations, "jsonld",
                 splittable=True),
        Exporter("sentences", "CLEF CheckThat!-style sentence TSV (id, sentence, label) "
                 "and a JSON Lines file with each sentence's claims",
                 checkthat.write_sentences, "tsv", splittable=True),
        Exporter("conll", "CoNLL tokens with IOB2 claim labels, one sentence per block",
                 conll.write_conll, "conll", splittable=True),
        Exporter("report-pdf", "a PDF report with shaped Arabic text that can be searched "
                 "and copied", pdf_report.write_pdf_report, "pdf"),
        Exporter("label-studio", "Label Studio tasks with predictions (JSON)",
                 tools.write_label_studio, "json", splittable=True),
        Exporter("doccano", "doccano sequence-labelling JSON Lines (text, label)",
                 tools.write_doccano, "jsonl", splittable=True),
        Exporter("brat", "brat standoff: a .txt and an .ann file per article",
                 tools.write_brat, "", splittable=True),
        Exporter("spacy", "spaCy DocBin (.spacy) with claim spans (needs spaCy)",
                 tools.write_spacy, "spacy", splittable=True),
    )
}


def export(
    ws: Workspace,
    format_name: str,
    out: Path,
    flt: ExportFilter | None = None,
    options: ExportOptions | None = None,
) -> ExportResult:
    """Export what ``flt`` selects from ``ws`` as ``format_name`` to ``out``.

    With ``options.split`` set, ``out`` is a directory that receives one file (or folder)
    per split and a ``README.md`` dataset card. Raises :class:`InvalidValue` for an unknown
    format or a split of a format that cannot be split, :class:`NotFound` for unknown
    articles, sources or editors, and ``OSError`` when the output cannot be written.
    """
    exporter = FORMATS.get(format_name)
    if exporter is None:
        raise InvalidValue(f"unknown export format {format_name!r} "
                           f"(known: {', '.join(FORMATS)})")
    flt = flt or ExportFilter()
    options = options or ExportOptions()
    records = select(ws, flt)
    context = ExportContext(records.catalogue, options, flt, now_iso())
    if options.split:
        if not exporter.splittable:
            raise InvalidValue(f"the {format_name} format cannot be split into "
                               "train/dev/test; use a dataset format such as jsonl")
        return write_splits(records, context, out, format_name=format_name,
                            extension=exporter.extension, write=exporter.write,
                            description=exporter.summary[0].upper() + exporter.summary[1:]
                            + ".")
    return exporter.write(records, context, out)
