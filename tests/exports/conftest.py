"""An annotated workspace for export tests: the seed article with nested, crossing and
multi-paragraph claims, sources as the seed attributes them, evidence, a hostile note, two
editors, and a few real corpus articles with claims of their own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

from annotator.domain.models import Claim, Evidence, new_id
from annotator.domain.operations import CreateClaim, DeleteClaim
from annotator.services.workspace import Workspace

HOSTILE_NOTE = 'راجع <script>alert("x")</script> & <b>المصدر</b> | =1+1'


@dataclass
class Annotated:
    ws: Workspace
    seed_id: str
    corpus_ids: list[str]
    claims: dict[str, Claim] = field(default_factory=dict)

    def all_claims(self) -> list[Claim]:
        return self.ws.claims()


def with_evidence(ws: Workspace, claim: Claim, *urls: str) -> Claim:
    """Attach evidence through the workspace's operations (replace the claim by itself with
    evidence), as undo/redo would."""
    ws.apply(DeleteClaim(claim.id))
    ws.apply(CreateClaim(replace(claim, evidence=tuple(
        Evidence(new_id(), url, None) for url in urls))))
    return ws.claim(claim.id)


def _words(text: str, count: int, paragraph: int) -> str:
    """``count`` words from the ``paragraph``-th non-empty paragraph (a real quote)."""
    lines = [line for line in text.split("\n") if len(line.split()) > count + 2]
    match = re.search(r"\S+(?: \S+){" + str(count - 1) + "}", lines[paragraph % len(lines)])
    assert match
    return match.group(0)


@pytest.fixture
def annotated(workspace: Workspace, seed_article_id: str, corpus_files: list[Path]
              ) -> Iterator[Annotated]:
    ws = workspace
    sid = seed_article_id
    c: dict[str, Claim] = {}
    c["rockets"] = ws.add_claim(
        sid, quote="أن مهاجمين أطلقوا عدة صواريخ على القاعدة الأميركية",
        speakers=["مصادر أمنية وحكومية"], carriers=["رويترز"], status_id="true",
        note=HOSTILE_NOTE)
    # Nested inside "rockets".
    c["attackers"] = ws.add_claim(sid, quote="مهاجمين أطلقوا عدة صواريخ",
                                  status_id="in_progress")
    c["wounded"] = ws.add_claim(
        sid, quote="أصيب جنود أميركيين بجروح طفيفة", speakers=["مسؤول أميركي"],
        status_id="mostly_true")
    c["wounded"] = with_evidence(ws, c["wounded"], "https://www.reuters.com/world/x?a=1&b=2")
    # Crosses "wounded" (starts inside it, ends after it).
    c["iraqi"] = ws.add_claim(
        sid, quote="بجروح طفيفة وأن أحد أفراد قوات الأمن العراقية أصيب بجروح خطيرة",
        speakers=["مسؤول أميركي"], status_id="misleading")
    c["timetable"] = ws.add_claim(
        sid,
        quote="«لنتفق على إطار زمني (للانسحاب) يكون سريعا حتى لا نطيل أمد الوجود وتبقى "
        "الهجمات مستمرة»",
        speakers=["السوداني"], carriers=["وكالة رويترز للأنباء"], status_id="false",
        wording="Sudani called for a quick timetable for the withdrawal")
    c["drones"] = ws.add_claim(
        sid, quote="جميع الهجمات جاءت بعد هجوم طائرة بدون طيار على قاعدة أربيل الجوية",
        speakers=["مسؤول أميركي"])
    c["strike"] = ws.add_claim(sid, quote="غارة جوية أمريكية شنت، الأربعاء، على منشأتين",
                               carriers=["بي بي سي"], status_id="unverifiable")
    # Runs across a paragraph break.
    c["across"] = ws.add_claim(
        sid, quote="التقييم ما زال مستمرا.\nالهجوم الأخير على القواعد الأميركية ليس الأول",
        status_id="not_checkable")
    # A second editor, working in the same workspace.
    other = Workspace(ws.db, path=ws.path, editor_name="Second Editor")
    c["analyst"] = other.add_claim(
        sid, quote="الانسحاب كان من ضمن الشروط التي وُضعت لحكومة محمد شياع السوداني",
        status_id="true")
    corpus_ids: list[str] = []
    for index, path in enumerate(corpus_files[:3]):
        outcome = ws.import_paths([path])[0]
        assert outcome.article_id
        corpus_ids.append(outcome.article_id)
        text = ws.article(outcome.article_id).text
        c[f"corpus{index}"] = ws.add_claim(
            outcome.article_id, quote=_words(text, 6, 1),
            speakers=["منظمة الصحة العالمية"] if index == 0 else [],
            status_id=("false", "true", "unverified")[index])
    yield Annotated(ws, sid, corpus_ids, c)
