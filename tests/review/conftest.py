"""Helpers for team-review tests: workspaces of several editors on the real seed and corpus."""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from annotator import cli, cli_review
from annotator.domain.errors import AnnotatorError
from annotator.services.workspace import Workspace

# Quotes of the seed article (each occurs once in it).
Q_ROCKETS = "أن مهاجمين أطلقوا عدة صواريخ على القاعدة الأميركية"
Q_ROCKETS_SHORT = "أن مهاجمين أطلقوا عدة صواريخ"  # nested in Q_ROCKETS
Q_WOUNDED = "أصيب جنود أميركيين بجروح طفيفة"
Q_BALLISTIC = "أن التقارير الأولية تشير أيضا إلى أن القاعدة تعرضت للقصف بصواريخ باليستية"
Q_DRONES = "تم إطلاق عدة طائرات بدون طيار ضد القوات في قاعدة عين الأسد الجوية"
Q_TIMEFRAME = "لنتفق على إطار زمني (للانسحاب) يكون سريعا"
Q_CONDITIONS = "الانسحاب كان من ضمن الشروط التي وُضعت لحكومة محمد شياع السوداني"

SECURITY = "مصادر أمنية وحكومية"
US_OFFICIAL = "مسؤول أميركي"


@pytest.fixture
def open_ws(tmp_path: Path) -> Iterator[Callable[..., Workspace]]:
    """``open_ws(name, editor)``: the workspace ``tmp_path/name.db`` (seeded on first open)
    as that editor; all are closed at the end."""
    opened: list[Workspace] = []

    def factory(name: str, editor: str) -> Workspace:
        ws = Workspace.open(tmp_path / f"{name}.db", editor_name=editor)
        opened.append(ws)
        return ws

    yield factory
    for ws in opened:
        with contextlib.suppress(Exception):  # some are closed by the test already
            ws.close()


def seed_id(ws: Workspace) -> str:
    return next(a.id for a in ws.articles() if a.outlet == "خليجيون نيوز")


def dump(ws: Workspace) -> list[str]:
    """Every row of every table (search index included), for "nothing changed" checks."""
    return list(ws.db.conn.iterdump())


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run_review(*argv: str) -> tuple[int, str, str]:
    """Run a review command as ``annotator`` will once ``cli_review`` is wired in (see the
    report's patch): the CLI's own common options, ``register`` and ``dispatch``."""
    parser = argparse.ArgumentParser(prog="annotator", parents=[cli._common()])
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    cli_review.register(sub, cli._common)
    args = parser.parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    try:
        with Workspace.open(args.db, editor_name=getattr(args, "editor", None)) as ws:
            code = cli_review.dispatch(ws, args, out, err)
    except AnnotatorError as exc:
        err.write(f"error: {exc}\n")
        code = 1
    assert code is not None
    return code, out.getvalue(), err.getvalue()


class SimulatedFault(Exception):
    """A failure in the middle of a merge (a bug's kind: no error translation touches it)."""


def assert_failed_merge_leaves_nothing(monkeypatch: pytest.MonkeyPatch, ws: Workspace,
                                       other: Path, failing: str) -> None:
    """Merge ``other`` into ``ws`` with ``merge_store.<failing>`` failing right after it has
    run once: the merge raises, and ``ws`` is exactly as before (every row of every
    table). The fault is removed again before returning."""
    from annotator.services import merging
    from annotator.storage import merge_store

    snapshot = dump(ws)
    real = getattr(merge_store, failing)
    calls = {"n": 0}

    def fail_after(*args: object, **kwargs: object) -> object:
        calls["n"] += 1
        real(*args, **kwargs)
        raise SimulatedFault(f"simulated failure after {failing}")

    monkeypatch.setattr(merge_store, failing, fail_after)
    try:
        with pytest.raises(SimulatedFault):
            merging.merge(ws, other)
    finally:
        monkeypatch.setattr(merge_store, failing, real)
    assert calls["n"] == 1
    assert dump(ws) == snapshot
