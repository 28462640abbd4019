"""Importing files into a workspace: encodings, formats, dedup, repairs, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.services import importing
from annotator.services.workspace import Workspace


def _arabic_only(text: str, encoding: str) -> str:
    """The seed without characters the legacy code page cannot encode."""
    return text.encode(encoding, errors="ignore").decode(encoding)


@pytest.mark.parametrize(
    ("encoding", "recorded"),
    [
        ("utf-8", "utf-8"),
        ("utf-8-sig", "utf-8-sig"),
        ("utf-16", "utf-16"),
        ("cp1256", "cp1256"),
        ("iso-8859-6", "iso-8859-6"),
    ],
)
def test_each_encoding_imports_the_same_text(
    tmp_path: Path, seed_text: str, encoding: str, recorded: str
) -> None:
    text = _arabic_only(seed_text, encoding) if encoding.startswith(("cp", "iso")) else seed_text
    crlf = text.replace("\n", "\r\n")
    path = tmp_path / f"article-{encoding}.txt"
    path.write_bytes(crlf.encode(encoding))
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        [outcome] = ws.import_paths([path])
        assert outcome.status == importing.IMPORTED, outcome.error
        assert outcome.encoding == recorded
        article = ws.article(outcome.article_id)
        assert article.text == text  # canonical: \n, NFC, no BOM
        assert article.encoding == recorded
        assert article.title == text.split("\n", 1)[0]


def test_forced_encoding_overrides_detection(tmp_path: Path, seed_text: str) -> None:
    text = _arabic_only(seed_text, "cp1256")
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("cp1256"))
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        [outcome] = ws.import_paths([path], encoding="iso-8859-6")
        assert outcome.status == importing.FAILED
        assert outcome.error_code == "undecodable"
        [outcome] = ws.import_paths([path], encoding="cp1256")
        assert outcome.status == importing.IMPORTED
        assert ws.article(outcome.article_id).text == text


def test_same_text_in_other_encoding_or_crlf_is_a_duplicate(tmp_path: Path,
                                                            corpus_files: list[Path]) -> None:
    source = corpus_files[0]
    raw = source.read_bytes()  # UTF-8 with CRLF, as published
    text = raw.decode("utf-8")
    (tmp_path / "lf.txt").write_text(text.replace("\r\n", "\n"), encoding="utf-8")
    (tmp_path / "bom16.txt").write_bytes(text.encode("utf-16"))
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        outcomes = ws.import_paths([source, tmp_path / "lf.txt", tmp_path / "bom16.txt"])
        assert [o.status for o in outcomes] == ["imported", "duplicate", "duplicate"]
        assert len({o.article_id for o in outcomes}) == 1
        assert len(ws.articles()) == 1


def test_the_whole_corpus_imports_with_honest_text(tmp_path: Path,
                                                   corpus_files: list[Path]) -> None:
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        outcomes = ws.import_paths([corpus_files[0].parent])
        assert all(o.status == "imported" for o in outcomes), [o.error for o in outcomes]
        assert len(outcomes) == len(corpus_files)
        for outcome in outcomes:
            article = ws.article(outcome.article_id)
            original = Path(outcome.path).read_text(encoding="utf-8")
            assert article.text == original.replace("\r\n", "\n").lstrip("\ufeff")
            assert article.title == article.text.split("\n", 1)[0].strip()


def test_bad_files_fail_alone_and_write_nothing(tmp_path: Path, seed_text: str) -> None:
    good = tmp_path / "good.txt"
    good.write_text(seed_text, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\r\n\t", encoding="utf-8")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    missing = tmp_path / "missing.txt"
    broken = tmp_path / "batch.json"
    broken.write_text('[{"title": "أ", "text": "نص"},\n {"title": oops}]', encoding="utf-8")
    big = tmp_path / "big.txt"
    with big.open("wb") as fh:
        fh.truncate(importing.MAX_BYTES + 1)
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        outcomes = ws.import_paths([empty, blank, binary, missing, broken, big, good])
        by_path = {Path(o.path).name: o for o in outcomes}
        assert by_path["good.txt"].status == "imported"
        expected = {
            "empty.txt": "empty",
            "blank.txt": "empty",
            "image.txt": "binary",
            "missing.txt": "bad_input",
            "batch.json": "malformed",
            "big.txt": "too_large",
        }
        for name, code in expected.items():
            outcome = by_path[name]
            assert outcome.status == "error", name
            assert outcome.error_code == code, (name, outcome.error)
            assert name in outcome.error
            assert "\n" not in outcome.error
        assert "line 2" in by_path["batch.json"].error
        assert len(ws.articles()) == 1
        assert ws.db["search_refs"].count == 1


def test_jsonl_bad_line_reports_its_number_and_others_import(tmp_path: Path,
                                                              corpus_files: list[Path]) -> None:
    texts = [p.read_text(encoding="utf-8") for p in corpus_files[:3]]
    lines = [
        json.dumps({"title": "أول", "text": texts[0], "outlet": "العربية",
                    "url": "https://example.org/1", "published": "2020-03-01"},
                   ensure_ascii=False),
        json.dumps({"text": texts[1]}, ensure_ascii=False),
        "{not json",
        json.dumps({"title": "بلا نص"}, ensure_ascii=False),
        json.dumps({"title": "ثالث", "text": texts[2], "language": "ar"}, ensure_ascii=False),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        outcomes = ws.import_paths([path])
        assert [o.status for o in outcomes].count("imported") == 3
        errors = [o.error for o in outcomes if o.status == "error"]
        assert len(errors) == 2
        assert any("line 3" in e for e in errors)
        assert any("line 4" in e for e in errors)
        first = ws.article(next(o.article_id for o in outcomes if o.title == "أول"))
        assert first.outlet == "العربية"
        assert first.url == "https://example.org/1"
        assert first.published == "2020-03-01"
        assert first.text == texts[0].replace("\r\n", "\n")


def test_html_article(tmp_path: Path, corpus_files: list[Path]) -> None:
    text = corpus_files[5].read_text(encoding="utf-8").replace("\r\n", "\n")
    title, *paragraphs = [p for p in text.split("\n") if p.strip()]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = f"""<!doctype html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>{title} | الموقع</title><meta property="og:title" content="{title}">
<meta property="og:site_name" content="العربية"><style>p {{color: red}}</style>
<script>var tracking = "تتبع";</script></head><body>
<nav><a href="/">الرئيسية</a><a href="/world">العالم</a></nav>
<article><h1>{title}</h1>{body}</article>
<footer>تابعونا على فيسبوك</footer></body></html>"""
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        [outcome] = ws.import_paths([path])
        assert outcome.status == "imported", outcome.error
        article = ws.article(outcome.article_id)
        assert article.title == title.strip()
        assert article.outlet == "العربية"
        assert article.language == "ar"
        for paragraph in paragraphs:
            assert " ".join(paragraph.split()) in article.text
        for junk in ("الرئيسية", "تتبع", "تابعونا", "color"):
            assert junk not in article.text


def test_presentation_forms_are_detected_and_repaired(tmp_path: Path) -> None:
    # "قال المسؤول" as copied from a PDF: presentation forms plus an RLE/PDF pair.
    logical = "قال المسؤول إن الهجوم وقع"
    import unicodedata

    forms = {}
    for code in range(0xFE70, 0xFEFF):
        decomposed = unicodedata.normalize("NFKC", chr(code))
        if len(decomposed) == 1:
            forms.setdefault(decomposed, chr(code))
    pdf_text = "\u202b" + "".join(forms.get(ch, ch) for ch in logical) + "\u202c"
    path = tmp_path / "from-pdf.txt"
    path.write_text(pdf_text + "\n", encoding="utf-8")
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        [outcome] = ws.import_paths([path])
        assert outcome.status == "imported"
        assert any("presentation-form" in w for w in outcome.warnings)
        assert any("bidi control" in w for w in outcome.warnings)
        assert ws.article(outcome.article_id).text == logical + "\n"


def test_markdown_title(tmp_path: Path, seed_text: str) -> None:
    path = tmp_path / "a.md"
    path.write_text("# **هجوم صاروخي**\n\n" + seed_text, encoding="utf-8")
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        [outcome] = ws.import_paths([path])
        assert outcome.title == "هجوم صاروخي"


def test_import_text_pasted(workspace: Workspace) -> None:
    outcome = workspace.import_text("\ufeffعنوان\r\nنص الخبر", title=None)
    assert outcome.status == "imported"
    article = workspace.article(outcome.article_id)
    assert article.title == "عنوان"
    assert article.text == "عنوان\nنص الخبر"
    again = workspace.import_text("عنوان\nنص الخبر")
    assert again.status == "duplicate"
    assert again.article_id == article.id


def test_cancel_keeps_what_was_imported(tmp_path: Path, corpus_files: list[Path]) -> None:
    seen: list[int] = []
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        outcomes = ws.import_paths(
            corpus_files[:10],
            progress=lambda done, total, _p: seen.append(done),
            cancelled=lambda: len(seen) > 4,
        )
        assert len(outcomes) == 5
        assert len(ws.articles()) == 5
    with Workspace.open(tmp_path / "ws.db", import_seeds=False) as ws:
        assert len(ws.articles()) == 5  # committed, not lost
