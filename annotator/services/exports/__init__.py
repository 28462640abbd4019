"""Exports: the workspace's articles and claims as files for people, tools and models.

Contracts shared by every format:
- Exports never change the workspace: they read through the :class:`Workspace` API and the
  read-only batch queries of :mod:`annotator.storage.export_queries`, in one snapshot.
- Offsets are Unicode code points into the stored article text, end exclusive.
- Output is streamed article by article and written to a temporary file (or directory) that
  replaces the target only when complete: a failed or cancelled export leaves no partial
  output and keeps any older file of the same name.
- :data:`FORMATS` is the registry the CLI and the window (``ui.export_dialog``) offer; each
  :class:`Exporter` names its write function, its file extension, whether it can be split
  into train/dev/test and how many passes over the articles it makes.

Thread: like the workspace it reads, an export runs on the thread that opened the workspace
(the window runs it on a worker thread with its own connection). ``progress`` and
``cancelled`` are called on that thread.
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
    ExportCancelled,
    ExportContext,
    ExportFilter,
    ExportOptions,
    ExportResult,
    Language,
    RecordSource,
    now_iso,
    relocated,
    staged_directory,
)
from annotator.services.exports.selection import select
from annotator.services.exports.splits import parse_split, write_splits
from annotator.services.workspace import Workspace
from annotator.storage.export_queries import read_snapshot

__all__ = [
    "FORMATS",
    "ArticleRecord",
    "Catalogue",
    "ExportCancelled",
    "ExportContext",
    "ExportFilter",
    "ExportOptions",
    "ExportResult",
    "Exporter",
    "Language",
    "ProgressFn",
    "RecordSource",
    "export",
    "parse_split",
]

WriteFn = Callable[[RecordSource, ExportContext, Path], ExportResult]
#: ``progress(done, total)``: articles looked at so far and in all, over every pass.
ProgressFn = Callable[[int, int], None]


@dataclass(frozen=True)
class Exporter:
    """One export format.

    ``write(records, context, out)`` writes ``records`` to ``out`` and returns what it
    wrote. ``extension`` is the file suffix without the dot (used for split files); an empty
    extension means ``out`` is a directory. ``splittable`` formats accept ``--split``.
    ``passes``: how many times ``write`` iterates the records (reports count first), for
    progress.
    """

    name: str
    summary: str
    write: WriteFn
    extension: str
    splittable: bool = False
    passes: int = 1


FORMATS: dict[str, Exporter] = {
    exporter.name: exporter
    for exporter in (
        Exporter("jsonl", "JSON Lines, one article per line with its claim spans "
                 "(code-point offsets); loads with Hugging Face datasets; imports back",
                 jsonl.write_jsonl, "jsonl", splittable=True),
        Exporter("csv", "one row per claim, UTF-8 with BOM for spreadsheets",
                 tabular.write_csv, "csv", splittable=True),
        Exporter("markdown", "a Markdown document: each article with a table of its claims",
                 tabular.write_markdown, "md"),
        Exporter("report-html", "a self-contained HTML report: highlighted text, claim "
                 "table, summary; prints well", html_report.write_html_report, "html",
                 passes=2),
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
                 "and copied", pdf_report.write_pdf_report, "pdf", passes=2),
        Exporter("label-studio", "Label Studio tasks with the claims as annotations (JSON); "
                 "imports back",
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
    *,
    progress: ProgressFn | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Export what ``flt`` selects from ``ws`` as ``format_name`` to ``out``.

    With ``options.split`` set, ``out`` is a directory that receives one file (or folder)
    per split and a ``README.md`` dataset card. Raises :class:`InvalidValue` for an unknown
    format or a split of a format that cannot be split, :class:`NotFound` for unknown
    articles, sources or editors, and ``OSError`` when the output cannot be written.

    ``progress(done, total)`` is called as articles are read (``total`` counts every pass
    the format makes) and once with ``done == total`` at the end. ``cancelled()`` is asked
    before each article; when it returns true the export stops with
    :class:`ExportCancelled` and leaves no output (nor does any other failure).

    Everything is read in one read transaction (one snapshot of the workspace, even over
    several passes), unless the caller's connection is already in a transaction.
    """
    with read_snapshot(ws.db):
        return _export(ws, format_name, out, flt, options, progress, cancelled)


def _export(
    ws: Workspace,
    format_name: str,
    out: Path,
    flt: ExportFilter | None,
    options: ExportOptions | None,
    progress: ProgressFn | None,
    cancelled: Callable[[], bool] | None,
) -> ExportResult:
    exporter = FORMATS.get(format_name)
    if exporter is None:
        raise InvalidValue(f"unknown export format {format_name!r} "
                           f"(known: {', '.join(FORMATS)})")
    flt = flt or ExportFilter()
    options = options or ExportOptions()
    if options.split and not exporter.splittable:
        raise InvalidValue(f"the {format_name} format cannot be split into "
                           "train/dev/test; use a dataset format such as jsonl")
    counter = {"done": 0, "total": 0}

    def on_article() -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled(f"the {format_name} export was cancelled")
        counter["done"] += 1
        if progress is not None:
            progress(min(counter["done"], counter["total"]), counter["total"])

    track = progress is not None or cancelled is not None
    records = select(ws, flt, on_article=on_article if track else None)
    passes = (1 + len(options.split)) * exporter.passes if options.split else exporter.passes
    counter["total"] = (records.total or 0) * passes
    context = ExportContext(records.catalogue, options, flt, now_iso())
    if options.split:
        with staged_directory(out) as staging:
            result = write_splits(records, context, staging, format_name=format_name,
                                  extension=exporter.extension, write=exporter.write,
                                  description=exporter.summary[0].upper()
                                  + exporter.summary[1:] + ".")
        result.files = relocated(result.files, staging, out)
    else:
        result = exporter.write(records, context, out)
    if progress is not None:
        progress(counter["total"], counter["total"])
    return result
