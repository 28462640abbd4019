"""Regression guard for PySide6 6.12.0 on Python 3.11 (arabic-text.md §1): every void C++
call dropped a reference from None until the interpreter aborted."""

from __future__ import annotations

import sys


def test_void_calls_do_not_leak_references_to_none(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for i in range(20_000):
        label.setText("قال" if i % 2 else "said")  # returns void
    after = sys.getrefcount(None)
    assert abs(after - before) < 100, (before, after)
