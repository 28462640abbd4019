"""CSV (spreadsheets) and Markdown exports, read back by real parsers."""

from __future__ import annotations

import csv
import importlib
import io
from html.parser import HTMLParser
from pathlib import Path

from annotator.services.exports import ExportOptions, export
from annotator.services.exports.tabular import CSV_COLUMNS
from tests.exports.conftest import HOSTILE_NOTE, Annotated


def test_csv_has_a_bom_one_row_per_claim_and_exact_quotes(annotated: Annotated,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "claims.csv"
    export(annotated.ws, "csv", out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # spreadsheets then read UTF-8, not cp1256
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 12
    by_id = {r["claim_id"]: r for r in rows}
    texts = {a: annotated.ws.article(a).text for a in {r["article_id"] for r in rows}}
    for row in rows:
        assert texts[row["article_id"]][int(row["start"]):int(row["end"])] == row["quote"]
    rockets = by_id[annotated.claims["rockets"].id]
    assert rockets["speakers"] == "مصادر أمنية وحكومية"
    assert rockets["carriers"] == "رويترز"
    assert rockets["source_kinds"] == "anonymous_sources; news_agency"
    assert rockets["status_label"] == "صحيح"
    assert rockets["rating_value"] == "5"
    assert rockets["note"] == HOSTILE_NOTE  # starts with Arabic: not a formula, untouched
    across = by_id[annotated.claims["across"].id]
    assert "\n" in across["quote"]  # a quoted field keeps the paragraph break


def test_csv_reads_in_pandas_and_labels_follow_lang(annotated: Annotated,
                                                    tmp_path: Path) -> None:
    pandas = importlib.import_module("pandas")
    out = tmp_path / "claims.csv"
    export(annotated.ws, "csv", out, options=ExportOptions(lang="en"))
    frame = pandas.read_csv(out, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert len(frame) == 12
    row = frame[frame["claim_id"] == annotated.claims["timetable"].id].iloc[0]
    assert row["status_label"] == "False"
    assert row["speakers"] == "Mohammed Shia al-Sudani"
    assert row["wording"].startswith("Sudani called")


def test_csv_defuses_formulas() -> None:
    from annotator.services.exports.tabular import spreadsheet_safe

    assert spreadsheet_safe('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("- قال المسؤول") == "- قال المسؤول"
    assert spreadsheet_safe("قال") == "قال"


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.rows: list[list[str]] = []
        self.text: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def test_markdown_renders_as_tables_with_user_text_escaped(annotated: Annotated,
                                                            tmp_path: Path) -> None:
    markdown_it = importlib.import_module("markdown_it")
    out = tmp_path / "claims.md"
    export(annotated.ws, "markdown", out)
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(
        out.read_text(encoding="utf-8"))
    parsed = _Collect()
    parsed.feed(html)
    assert "script" not in parsed.tags and "b" not in parsed.tags
    assert parsed.tags.count("table") == 4
    rows = [r for r in parsed.rows if r and r[0].isdigit()]
    assert len(rows) == 12
    assert all(len(r) == 7 for r in rows)  # no cell broke out of its column
    rockets = next(r for r in rows if r[1] == annotated.claims["rockets"].quote)
    assert rockets[4] == HOSTILE_NOTE  # shown as text, | and all
    assert rockets[3] == "صحيح"
    assert "رويترز (وكالة أنباء، ناقل)" in rockets[2]
    across = next(r for r in rows if r[1].startswith("التقييم ما زال"))
    assert across[1] == annotated.claims["across"].quote.replace("\n", "")  # <br> in HTML
