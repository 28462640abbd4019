"""Split overlapping spans into non-overlapping segments (a sweep over the boundaries).

Highlighting draws segments, so nested and overlapping claims stay visible as such: each
segment knows every span covering it. Units: whatever the spans use (code points here).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    start: int
    end: int
    keys: tuple[Hashable, ...]  # the spans covering [start, end), in input order


def segments(spans: Iterable[tuple[int, int, Hashable]]) -> list[Segment]:
    """Non-overlapping, non-empty segments covering exactly the union of ``spans``.

    ``spans`` are ``(start, end, key)`` with ``start < end``; O(n log n) in the number of
    spans."""
    items = [(s, e, k) for s, e, k in spans if s < e]
    order = {k: i for i, (_, _, k) in enumerate(items)}
    events: list[tuple[int, int, Hashable]] = []
    for s, e, k in items:
        events.append((s, 1, k))
        events.append((e, 0, k))
    events.sort(key=lambda ev: (ev[0], ev[1]))
    out: list[Segment] = []
    active: set[Hashable] = set()
    last = None
    for pos, kind, key in events:
        if last is not None and pos > last and active:
            out.append(Segment(last, pos, tuple(sorted(active, key=order.__getitem__))))
        if kind == 1:
            active.add(key)
        else:
            active.discard(key)
        last = pos
    return out
