"""Label Studio, doccano, brat and spaCy exports, and the PDF report read back with pypdf."""

from __future__ import annotations

import importlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator.services.exports import ExportFilter, ExportOptions, export
from tests.exports.conftest import Annotated


def test_label_studio_tasks_match_their_config(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "tasks.json"
    result = export(annotated.ws, "label-studio", out)
    config = tmp_path / "tasks.config.xml"
    assert result.files == [out, config]
    tasks = json.loads(out.read_text(encoding="utf-8"))
    assert len(tasks) == 4
    view = ET.fromstring(config.read_text(encoding="utf-8"))
    labels = {e.get("value") for e in view.iter("Label")}
    labels_tag = next(view.iter("Labels"))
    text_tag = next(view.iter("Text"))
    count = 0
    for task in tasks:
        text = task["data"]["text"]
        for annotation in task.get("annotations", []):
            for region in annotation["result"]:
                value = region["value"]
                assert text[value["start"]:value["end"]] == value["text"]
                assert set(value["labels"]) <= labels
                assert region["from_name"] == labels_tag.get("name")
                assert region["to_name"] == text_tag.get("name")
                count += 1
    assert count == 12


def test_doccano_jsonl(annotated: Annotated, tmp_path: Path) -> None:
    out = tmp_path / "doccano.jsonl"
    export(annotated.ws, "doccano", out, ExportFilter(article_ids=(annotated.seed_id,)))
    (line,) = out.read_text(encoding="utf-8").splitlines()
    data = json.loads(line)
    assert len(data["label"]) == 9
    for start, end, label in data["label"]:
        assert data["text"][start:end] in {c.quote for c in annotated.all_claims()}
        assert label in {"true", "in_progress", "mostly_true", "misleading", "false",
                         "unverified", "unverifiable", "not_checkable"}


def test_brat_standoff_fragments_never_contain_a_newline(annotated: Annotated,
                                                         tmp_path: Path) -> None:
    out = tmp_path / "brat"
    export(annotated.ws, "brat", out)
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    types = set(conf.split("[entities]\n")[1].split("\n\n")[0].split())
    seed_txt = (out / f"{annotated.seed_id}.txt").read_text(encoding="utf-8")
    assert seed_txt == annotated.ws.article(annotated.seed_id).text
    entities = 0
    for ann in out.glob("*.ann"):
        text = ann.with_suffix(".txt").read_text(encoding="utf-8")
        for line in ann.read_text(encoding="utf-8").splitlines():
            if not line.startswith("T"):
                assert re.match(r"^#\d+\tAnnotatorNotes T\d+\t[^\n]+$", line)
                continue
            ident, middle, covered = line.split("\t")
            assert ident.startswith("T")
            kind, offsets = middle.split(" ", 1)
            assert kind in types
            fragments = [tuple(map(int, f.split())) for f in offsets.split(";")]
            assert all("\n" not in text[s:e] for s, e in fragments)
            assert " ".join(text[s:e] for s, e in fragments) == covered
            entities += 1
    assert entities == 12
    across = [line for line in (out / f"{annotated.seed_id}.ann").read_text().splitlines()
              if "not_checkable" in line]
    assert ";" in across[0]  # the claim across a paragraph break has two fragments


def test_spacy_docbin(annotated: Annotated, tmp_path: Path) -> None:
    spacy = importlib.import_module("spacy")
    from spacy.tokens import DocBin

    out = tmp_path / "claims.spacy"
    export(annotated.ws, "spacy", out)
    docs = list(DocBin().from_disk(out).get_docs(spacy.blank("ar").vocab))
    assert len(docs) == 4
    seed = next(d for d in docs if d.user_data["article_id"] == annotated.seed_id)
    assert len(seed.spans["claims"]) == 9
    quotes = {c.quote for c in annotated.all_claims()}
    assert all(span.text in quotes for span in seed.spans["claims"])


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_pdf_report_text_can_be_found_and_copied(annotated: Annotated, tmp_path: Path,
                                                 lang: str) -> None:
    importlib.import_module("fpdf")
    importlib.import_module("pypdf")
    out = tmp_path / "report.pdf"
    export(annotated.ws, "report-pdf", out, ExportFilter(article_ids=(annotated.seed_id,)),
           ExportOptions(lang=lang))  # type: ignore[arg-type]
    assert out.read_bytes().startswith(b"%PDF-")
    text = _pdf_text(out)
    # Logical order, letters not presentation forms: the quote is found as stored.
    for key in ("rockets", "wounded", "drones"):
        assert annotated.claims[key].quote in text
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", text)
    assert ("زائف" if lang == "ar" else "False") in text
