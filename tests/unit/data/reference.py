"""A brute-force, per-user reference for funnel semantics (metric-semantics.md section 2).

Deliberately naive and independent of the engine: plain Python over lists, an
exhaustive search over every chain for reach (so it also checks that greedy
matching is optimal), and explicit rules for time to convert.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    user: str | None
    ts: int | None  # microseconds
    event: str
    row: int


def _by_user(rows: Sequence[Row]) -> dict[str, list[Row]]:
    users: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.user is not None and row.ts is not None:
            users[row.user].append(row)
    for events in users.values():
        events.sort(key=lambda r: (r.ts, r.row))
    return users


def _chains(
    events: list[Row], stages: Sequence[set[str]], mode: str, window: int | None, first: int
) -> list[list[int]]:
    """Every valid chain (list of indices into events) starting at stage `first`, of any length >= 1."""
    found: list[list[int]] = []

    def extend(chain: list[int]) -> None:
        found.append(chain)
        j = first + len(chain)
        if j == len(stages):
            return
        anchor = events[chain[0]]
        for index, candidate in enumerate(events):
            if candidate.event not in stages[j]:
                continue
            if window is not None and candidate.ts - anchor.ts > window:
                continue
            ordered = mode == "ordered" and index > chain[-1]
            strict = mode == "strict" and index == chain[-1] + 1
            unordered = mode == "any_order" and index != chain[0] and candidate.ts >= anchor.ts and index not in chain
            if ordered or strict or unordered:
                extend([*chain, index])

    for index, row in enumerate(events):
        if row.event in stages[first]:
            extend([index])
    return found


def _greedy(events: list[Row], stages: Sequence[set[str]], mode: str, window: int | None, anchor: int) -> list[int]:
    chain = [anchor]
    for j in range(1, len(stages)):
        base = events[anchor]
        nxt = None
        if mode == "any_order":
            options = [i for i, r in enumerate(events) if r.event in stages[j] and i != anchor and r.ts >= base.ts]
        elif mode == "strict":
            options = (
                [chain[-1] + 1] if chain[-1] + 1 < len(events) and events[chain[-1] + 1].event in stages[j] else []
            )
        else:
            options = [i for i, r in enumerate(events) if r.event in stages[j] and i > chain[-1]]
        options = [i for i in options if window is None or events[i].ts - base.ts <= window]
        if options:
            nxt = min(options, key=lambda i: (events[i].ts, events[i].row))
        if nxt is None:
            break
        chain.append(nxt)
    return chain


def closed(rows: Sequence[Row], stages: Sequence[set[str]], mode: str = "ordered", window: int | None = None) -> dict:
    """reached per stage, and ttc lists (seconds) per stage, from an exhaustive search."""
    reached = [0] * len(stages)
    ttc_first: list[list[float]] = [[] for _ in stages]
    ttc_prev: list[list[float]] = [[] for _ in stages]
    for events in _by_user(rows).values():
        chains = _chains(events, stages, mode, window, 0)
        if mode == "any_order":  # any order: stage k needs stages 2..k all present from one anchor
            best = 0
            for anchor in {c[0] for c in chains}:
                greedy = _greedy(events, stages, mode, window, anchor)
                best = max(best, len(greedy))
        else:
            best = max((len(c) for c in chains), default=0)
        for j in range(best):
            reached[j] += 1
        anchors = sorted({c[0] for c in chains})
        greedy = {a: _greedy(events, stages, mode, window, a) for a in anchors}
        for j in range(1, best):
            candidates = [(g[j], a) for a, g in greedy.items() if len(g) > j]
            earliest = min(events[e].ts * 10_000 + events[e].row for e, _ in candidates)
            same = [a for e, a in candidates if events[e].ts * 10_000 + events[e].row == earliest]
            anchor = max(same, key=lambda a: (events[a].ts, events[a].row))
            chain = greedy[anchor]
            ttc_first[j].append((events[chain[j]].ts - events[anchor].ts) / 1e6)
            ttc_prev[j].append((events[chain[j]].ts - events[chain[j - 1]].ts) / 1e6)
    return {
        "reached": reached,
        "ttc_first_median": [statistics.median(v) if v else None for v in ttc_first],
        "ttc_prev_mean": [statistics.fmean(v) if v else None for v in ttc_prev],
    }


def open_funnel(
    rows: Sequence[Row], stages: Sequence[set[str]], mode: str = "ordered", window: int | None = None
) -> dict:
    """reached, continued and first_entry_here per stage of an open funnel."""
    n = len(stages)
    reached, continued, first_here = [0] * n, [0] * n, [0] * n
    for events in _by_user(rows).values():
        best_from = {}
        for first in range(n):
            chains = _chains(events, stages, mode, window, first)
            if mode == "any_order":
                lengths = [len(_greedy(events, stages[first:], mode, window, c[0])) for c in chains]
            else:
                lengths = [len(c) for c in chains]
            best_from[first] = max(lengths, default=0)
        for k in range(n):
            if any(best_from[s] >= k - s + 1 for s in range(k + 1)):
                reached[k] += 1
            if k + 1 < n and any(best_from[s] >= k + 1 - s + 1 for s in range(k + 1)):
                continued[k] += 1
        funnel_rows = [r for r in events if any(r.event in s for s in stages)]
        if funnel_rows:
            first_row = funnel_rows[0]
            first_here[min(j for j, s in enumerate(stages) if first_row.event in s)] += 1
    return {"reached": reached, "continued": continued[:-1], "first_entry_here": first_here}
