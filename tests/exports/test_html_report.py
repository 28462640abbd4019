"""The HTML report, read back with the standard library's HTML parser: proper nesting of
overlapping claims, exact quotes inside the highlights, escaping, no network."""

from __future__ import annotations

import re
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

from annotator.services.exports import ExportOptions, export
from tests.exports.conftest import HOSTILE_NOTE, Annotated

_VOID = {"meta", "br", "img", "link", "hr", "input"}


class Tree(HTMLParser):
    """Checks that every end tag closes the innermost open element, and records for each
    piece of text the elements around it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.tags: list[str] = []
        self.texts: list[tuple[str, list[tuple[str, dict[str, str]]]]] = []
        self.mismatched: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.append(tag)
        if tag not in _VOID:
            self.stack.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1][0] != tag:
            self.mismatched.append(tag)
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.texts.append((data, list(self.stack)))


def _report(annotated: Annotated, tmp_path: Path, lang: str = "ar") -> tuple[str, Tree]:
    out = tmp_path / "report.html"
    export(annotated.ws, "report-html", out, options=ExportOptions(lang=lang))  # type: ignore[arg-type]
    html = out.read_text(encoding="utf-8")
    tree = Tree()
    tree.feed(html)
    tree.close()
    return html, tree


def _in(stack: list[tuple[str, dict[str, str]]], cls: str) -> list[dict[str, str]]:
    return [attrs for _, attrs in stack if cls in attrs.get("class", "").split()]


def test_highlights_nest_properly_and_hold_each_quote_exactly(annotated: Annotated,
                                                              tmp_path: Path) -> None:
    _, tree = _report(annotated, tmp_path)
    assert tree.mismatched == [] and tree.stack == []
    seed = annotated.ws.article(annotated.seed_id)
    numbers = {c.id: n for n, c in enumerate(annotated.ws.claims(seed.id), start=1)}
    per_claim: dict[str, list[str]] = defaultdict(list)
    body: list[str] = []
    for data, stack in tree.texts:
        articles = [a for tag, a in stack if tag == "article"]
        if not articles or articles[0]["id"] != f"article-{seed.id}":
            continue
        if not _in(stack, "text") or _in(stack, "claim-no"):
            continue
        body.append(data)
        for attrs in _in(stack, "claim"):
            per_claim[attrs["data-claim"]].append(data)
    # The text shown is the article, paragraph by paragraph.
    assert "".join(body) == seed.text.replace("\n", "")
    for claim in annotated.ws.claims(seed.id):
        assert "".join(per_claim[str(numbers[claim.id])]) == claim.quote.replace("\n", "")
    # Nested: "attackers" sits inside "rockets" without splitting "rockets".
    rockets = str(numbers[annotated.claims["rockets"].id])
    attackers = str(numbers[annotated.claims["attackers"].id])
    inner = [s for d, s in tree.texts if any(a.get("data-claim") == attackers
                                             for a in _in(s, "claim"))]
    assert inner and all([a["data-claim"] for a in _in(s, "claim")][:2] == [rockets, attackers]
                         for s in inner)


def test_user_text_is_escaped_and_nothing_is_fetched(annotated: Annotated,
                                                     tmp_path: Path) -> None:
    html, tree = _report(annotated, tmp_path)
    assert "script" not in tree.tags and "b" not in tree.tags
    notes = ["".join(d for d, s in tree.texts if _in(s, "note") and d.strip())]
    assert HOSTILE_NOTE in notes[0]
    assert "link" not in tree.tags and "img" not in tree.tags and "iframe" not in tree.tags
    for url in re.findall(r"url\(([^)]*)\)", html):
        assert url.startswith("data:")
    assert not re.search(r"\ssrc=", html)
    # Evidence stays a plain link with its query string escaped in the attribute.
    assert 'href="https://www.reuters.com/world/x?a=1&amp;b=2"' in html
    assert "@media print" in html


def test_directions_labels_colours_and_summary(annotated: Annotated, tmp_path: Path) -> None:
    html, tree = _report(annotated, tmp_path)
    assert html.startswith('<!DOCTYPE html>\n<html lang="ar" dir="rtl">')
    paragraphs = [s[-1][1] for d, s in tree.texts if s and s[-1][0] == "p" and _in(s, "text")]
    assert paragraphs and all(p["dir"] == "rtl" for p in paragraphs)
    assert 'style="background-color: #ef9a9a"' in html  # "false" status colour
    assert "زائف" in html and "تقرير التحقق من الادعاءات" in html
    summary = [(d, s) for d, s in tree.texts if _in(s, "summary")]
    by_status = [d for d, s in summary if any(t == "table" and "by-status" in a.get("class", "")
                                              for t, a in s)]
    assert "صحيح" in by_status and "3" in by_status[by_status.index("صحيح") + 1]
    english, _ = _report(annotated, tmp_path, lang="en")
    assert english.startswith('<!DOCTYPE html>\n<html lang="en" dir="ltr">')
    assert "Claim annotation report" in english and '"></span>False</td>' in english
    assert "Mostly true" in english and "News agency" in english
    # The Arabic article keeps its own direction inside an English report.
    assert f'id="article-{annotated.seed_id}" lang="ar" dir="rtl"' in english
