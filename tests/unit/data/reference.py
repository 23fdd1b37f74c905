"""A brute-force, per-user reference for funnel semantics (metric-semantics.md section 2).

Deliberately naive and independent of the engine: plain Python over lists, an
exhaustive search over every chain for reach (so it also checks that greedy
matching is optimal), and explicit rules for time to convert. Retention reads calendar
periods off local dates (``zoneinfo``), paths and transitions off each user's sorted list.
"""

from __future__ import annotations

import datetime as dt
import itertools
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class Row:
    user: str | None
    ts: int | None  # microseconds
    event: str
    row: int


def tie_codes(stages: Sequence[set[str]]) -> dict[str, int]:
    """Favourable ties: events at one instant in stage order (an event of several stages: its first)."""
    codes: dict[str, int] = {}
    for index in reversed(range(len(stages))):
        codes |= dict.fromkeys(stages[index], index + 1)
    return codes


def _by_user(rows: Sequence[Row], codes: dict[str, int] | None = None) -> dict[str, list[Row]]:
    users: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.user is not None and row.ts is not None:
            users[row.user].append(row)
    for events in users.values():
        events.sort(key=lambda r: (r.ts, (codes or {}).get(r.event, 0), r.row))
    return users


def _matchable(rows: list[int], stages: Sequence[set[str]], events: list[Row]) -> bool:
    """Whether each of `stages` can have its own row among `rows` (exhaustive search)."""
    if not stages:
        return True
    return any(
        events[r].event in stages[0] and _matchable([x for x in rows if x != r], stages[1:], events) for r in rows
    )


def any_order_completion(
    events: list[Row], stages: Sequence[set[str]], window: int | None, anchor: int, first: int = 0
) -> list[int]:
    """Per stage after `first`, the index of the row at which the anchor's chain has all of them (stop at a miss).

    Brute force: the earliest prefix of usable rows (at or after the anchor, in the window, not the anchor
    itself) in which stages first+1..k can each have a different row.
    """
    base = events[anchor]
    usable = [
        i
        for i, r in enumerate(events)
        if i != anchor and r.ts >= base.ts and (window is None or r.ts - base.ts <= window)
    ]
    completion = [anchor]
    for k in range(first + 1, len(stages)):
        found = next(
            (usable[n] for n in range(len(usable)) if _matchable(usable[: n + 1], stages[first + 1 : k + 1], events)),
            None,
        )
        if found is None:
            break
        completion.append(found)
    return completion


def _breaks(events: list[Row], stages: Sequence[set[str]], a: int, b: int) -> bool:
    """Favourable ties: whether something between rows a and b breaks a strict chain.

    Any stage's event between them does; an unrelated event only when its instant is strictly between.
    """
    staged = set().union(*stages)
    between = events[a + 1 : b]
    return any(r.event in staged or events[a].ts < r.ts < events[b].ts for r in between)


def _chains(
    events: list[Row],
    stages: Sequence[set[str]],
    mode: str,
    window: int | None,
    first: int,
    *,
    lenient: bool = False,
    steps: Sequence[int | None] = (),
) -> list[list[int]]:
    """Every valid chain (list of indices into events) starting at stage `first`, of any length >= 1.

    ``steps``: per stage, the most time allowed since the chain's previous stage (None: no limit).
    """
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
            if steps and steps[j] is not None and candidate.ts - events[chain[-1]].ts > steps[j]:
                continue
            ordered = mode == "ordered" and index > chain[-1]
            if lenient:  # tied events are simultaneous: only an event strictly between breaks the chain
                strict = mode == "strict" and index > chain[-1] and not _breaks(events, stages, chain[-1], index)
            else:
                strict = mode == "strict" and index == chain[-1] + 1
            unordered = mode == "any_order" and index != chain[0] and candidate.ts >= anchor.ts and index not in chain
            if ordered or strict or unordered:
                extend([*chain, index])

    for index, row in enumerate(events):
        if row.event in stages[first]:
            extend([index])
    return found


def _greedy(
    events: list[Row], stages: Sequence[set[str]], mode: str, window: int | None, anchor: int, *, lenient: bool = False
) -> list[int]:
    if mode == "any_order":
        return any_order_completion(events, stages, window, anchor)
    chain = [anchor]
    for j in range(1, len(stages)):
        base = events[anchor]
        nxt = None
        if mode == "any_order":
            options = [i for i, r in enumerate(events) if r.event in stages[j] and i != anchor and r.ts >= base.ts]
        elif mode == "strict" and lenient:
            options = [
                i
                for i, r in enumerate(events)
                if r.event in stages[j] and i > chain[-1] and not _breaks(events, stages, chain[-1], i)
            ]
        elif mode == "strict":
            options = (
                [chain[-1] + 1] if chain[-1] + 1 < len(events) and events[chain[-1] + 1].event in stages[j] else []
            )
        else:
            options = [i for i, r in enumerate(events) if r.event in stages[j] and i > chain[-1]]
        options = [i for i in options if window is None or events[i].ts - base.ts <= window]
        if options:  # the earliest in canonical order (time, tie code, row): `events` is sorted by it
            nxt = min(options)
        if nxt is None:
            break
        chain.append(nxt)
    return chain


def _excluded(
    events: list[Row], chain: list[int], exclude: Sequence[tuple[set[str], int, int]], window: int | None
) -> bool:
    """Whether an exclusion event falls strictly between the chain's two stages (by instant).

    Strictly after the start stage's event; strictly before the end stage's event, or, when the
    chain never reached the end stage, inside the window from the anchor (any time without one).
    """
    anchor = events[chain[0]].ts
    for names, start, end in exclude:
        if len(chain) <= start:
            continue
        after = events[chain[start]].ts
        for row in events:
            if row.event not in names or row.ts <= after:
                continue
            if len(chain) > end:
                if row.ts < events[chain[end]].ts:
                    return True
            elif window is None or row.ts - anchor <= window:
                return True
    return False


def closed(
    rows: Sequence[Row],
    stages: Sequence[set[str]],
    mode: str = "ordered",
    window: int | None = None,
    favorable: bool = False,
    *,
    exclude: Sequence[tuple[set[str], int, int]] = (),
    codes: dict[str, int] | None = None,
) -> dict:
    """reached per stage, and ttc lists (seconds) per stage, from an exhaustive search.

    Time to convert: per stage, the chain that completes it earliest and, of those, the latest anchor;
    in any order a stage is complete when every stage up to it has its own row. With ``exclude``
    ((events, start stage, end stage) triples) each anchor's greedy chain is an attempt, attempts with an
    exclusion event between their two stages are dropped, and a user with none left counts nowhere
    (``excluded`` counts them). ``codes``: the favourable tie codes, when not those of ``stages``.
    """
    reached = [0] * len(stages)
    ttc_first: list[list[float]] = [[] for _ in stages]
    ttc_prev: list[list[float]] = [[] for _ in stages]
    excluded = 0
    for events in _by_user(rows, (codes or tie_codes(stages)) if favorable else None).values():
        anchors = [i for i, r in enumerate(events) if r.event in stages[0]]
        greedy = {a: _greedy(events, stages, mode, window, a, lenient=favorable) for a in anchors}
        if exclude:
            greedy = {a: g for a, g in greedy.items() if not _excluded(events, g, exclude, window)}
            excluded += bool(anchors) and not greedy
        if mode == "any_order" or exclude:
            best = max((len(g) for g in greedy.values()), default=0)
        else:  # exhaustive: also checks that greedy matching is optimal
            best = max((len(c) for c in _chains(events, stages, mode, window, 0, lenient=favorable)), default=0)
            assert best == max((len(g) for g in greedy.values()), default=0)
        for j in range(best):
            reached[j] += 1
        for j in range(1, best):
            candidates = [(g[j], a) for a, g in greedy.items() if len(g) > j]
            earliest = min(e for e, _ in candidates)
            anchor = max(a for e, a in candidates if e == earliest)
            chain = greedy[anchor]
            ttc_first[j].append((events[chain[j]].ts - events[anchor].ts) / 1e6)
            ttc_prev[j].append((events[chain[j]].ts - events[chain[j - 1]].ts) / 1e6)
    return {
        "reached": reached,
        "ttc_first_median": [statistics.median(v) if v else None for v in ttc_first],
        "ttc_prev_mean": [statistics.fmean(v) if v else None for v in ttc_prev],
        "ttc_prev": ttc_prev,
        "excluded": excluded,
    }


def closed_with_steps(
    rows: Sequence[Row],
    stages: Sequence[set[str]],
    steps: Sequence[int | None],
    mode: str = "ordered",
    window: int | None = None,
) -> dict:
    """reached and time to convert under per-step windows, from every valid chain (no greedy shortcut).

    Per stage: the chain completing it at the earliest event, of those the latest anchor, and of those
    the latest previous-stage event (the shortest path): ttc_first from the anchor, ttc_prev from that event.
    """
    reached = [0] * len(stages)
    ttc_first: list[list[float]] = [[] for _ in stages]
    ttc_prev: list[list[float]] = [[] for _ in stages]
    for events in _by_user(rows).values():
        chains = _chains(events, stages, mode, window, 0, steps=steps)
        best = max((len(c) for c in chains), default=0)
        for j in range(best):
            reached[j] += 1
        for j in range(1, best):
            long = [c for c in chains if len(c) > j]
            earliest = min(c[j] for c in long)
            anchor = max(c[0] for c in long if c[j] == earliest)
            previous = max(c[j - 1] for c in long if c[j] == earliest and c[0] == anchor)
            ttc_first[j].append((events[earliest].ts - events[anchor].ts) / 1e6)
            ttc_prev[j].append((events[earliest].ts - events[previous].ts) / 1e6)
    return {
        "reached": reached,
        "ttc_first_median": [statistics.median(v) if v else None for v in ttc_first],
        "ttc_prev_median": [statistics.median(v) if v else None for v in ttc_prev],
    }


def closed_with_optional(
    rows: Sequence[Row],
    stages: Sequence[set[str]],
    optional: Sequence[int],
    window: int | None = None,
    *,
    favorable: bool = False,
) -> dict:
    """An ordered funnel with optional stages, as separate funnels: a required stage is read off the funnel
    of the required stages alone, an optional stage off the funnel of the required stages before it and
    itself (its last stage). Favourable ties keep the codes of the whole list of stages.
    """
    codes = tie_codes(stages)
    required = [j for j in range(len(stages)) if j not in optional]
    parts = dict.fromkeys(required, required)
    parts |= {j: [i for i in required if i < j] + [j] for j in optional}
    result: dict[str, list] = {"reached": [], "ttc_first_median": [], "ttc_prev_median": []}
    for j in range(len(stages)):
        chosen = parts[j]
        sub = closed(rows, [stages[i] for i in chosen], "ordered", window, favorable, codes=codes)
        at = chosen.index(j)
        result["reached"].append(sub["reached"][at])
        result["ttc_first_median"].append(sub["ttc_first_median"][at])
        result["ttc_prev_median"].append(statistics.median(sub["ttc_prev"][at]) if sub["ttc_prev"][at] else None)
    return result


def stage_retention(
    rows: Sequence[Row],
    stages: Sequence[set[str]],
    returns: set[str] | None,
    window: int,
    funnel_window: int | None = None,
    *,
    favorable: bool = False,
) -> list[float | None]:
    """Per stage, the share of the users at it (closed ordered funnel) back within ``window`` of reaching it.

    A user reaches a stage at the earliest end of every valid chain to it (exhaustive); a return is an
    event of ``returns`` (any event when None) in (that instant, that instant + window]; users whose
    window ends after the log's last event are left out. ``favorable``: ties in stage order.
    """
    last = max(r.ts for r in rows if r.ts is not None and r.user is not None)
    back, seen = [0] * len(stages), [0] * len(stages)
    for events in _by_user(rows, tie_codes(stages) if favorable else None).values():
        chains = _chains(events, stages, "ordered", funnel_window, 0)
        for j in range(len(stages)):
            ends = [events[c[j]].ts for c in chains if len(c) > j]
            if not ends or min(ends) + window > last:
                continue
            at = min(ends)
            seen[j] += 1
            back[j] += any(at < r.ts <= at + window and (returns is None or r.event in returns) for r in events)
    return [b / n if n else None for b, n in zip(back, seen, strict=True)]


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
                anchors = [i for i, r in enumerate(events) if r.event in stages[first]]
                lengths = [len(any_order_completion(events, stages, window, a, first)) for a in anchors]
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


def _stage_moments(
    rows: Sequence[Row], stages: Sequence[set[str]], index: int, mode: str, window: int | None
) -> dict[str, tuple[list[Row], int]]:
    """Per user who reached stage `index`: their events and the position of the event that completes it earliest."""
    moments = {}
    for user, events in _by_user(rows).items():
        anchors = [i for i, r in enumerate(events) if r.event in stages[0]]
        chains = [_greedy(events, stages, mode, window, a) for a in anchors]
        completions = [chain[index] for chain in chains if len(chain) > index]
        if completions:
            moments[user] = (events, min(completions))
    return moments


def paths(
    rows: Sequence[Row],
    stages: Sequence[set[str]],
    index: int,
    *,
    direction: str = "after",
    steps: int = 3,
    mode: str = "ordered",
    window: int | None = None,
) -> dict[tuple[str | None, ...], int]:
    """Users per path: the `steps` events after (before) the moment a user reached stage `index`.

    A path is a tuple of step 1 (next to the stage) to step `steps`; a user with fewer events has the
    marker "(end)" (after) or "(start)" (before) in the first missing step and None beyond.
    """
    counts: dict[tuple[str | None, ...], int] = defaultdict(int)
    marker = "(end)" if direction == "after" else "(start)"
    for events, at in _stage_moments(rows, stages, index, mode, window).values():
        if direction == "after":
            names = [r.event for r in events[at + 1 : at + 1 + steps]]
        else:
            names = [r.event for r in reversed(events[max(0, at - steps) : at])]
        path: list[str | None] = [*names]
        if len(path) < steps:
            path += [marker] + [None] * (steps - len(path) - 1)
        counts[tuple(path)] += 1
    return dict(counts)


def _linear_quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def transitions(rows: Sequence[Row], *, path_ends: bool = False) -> dict[tuple[str, str], dict]:
    """Per (source, target): count, units, proba_out, time_median_s and time_p95_s, from adjacent pairs."""
    pairs: dict[tuple[str, str], list[tuple[str, float | None]]] = defaultdict(list)
    for user, events in _by_user(rows).items():
        names = [r.event for r in events]
        for a, b in itertools.pairwise(events):
            pairs[(a.event, b.event)].append((user, (b.ts - a.ts) / 1e6))
        if path_ends:
            pairs[("path_start", names[0])].append((user, None))
            pairs[(names[-1], "path_end")].append((user, None))
    out: dict[str, int] = defaultdict(int)
    for (source, _), found in pairs.items():
        out[source] += len(found)
    table = {}
    for (source, target), found in pairs.items():
        times = [s for _, s in found if s is not None]
        table[(source, target)] = {
            "count": len(found),
            "units": len({u for u, _ in found}),
            "proba_out": len(found) / out[source],
            "time_median_s": statistics.median(times) if times else None,
            "time_p95_s": _linear_quantile(times, 0.95) if times else None,
        }
    return table


def _local(ts: int, zone: str) -> dt.datetime:
    return (dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc) + dt.timedelta(microseconds=ts)).astimezone(ZoneInfo(zone))


def _period_number(day: dt.date, period: str) -> int:
    """A calendar period as a number: days, Monday weeks or months since a fixed origin."""
    if period == "D":
        return day.toordinal()
    if period == "W":
        return (day.toordinal() - day.weekday()) // 7
    return day.year * 12 + day.month - 1


def _period_start(number: int, period: str, zone: str) -> int:
    """The instant (µs) a calendar period of `_period_number` starts at, local midnight in `zone`."""
    if period == "D":
        day = dt.date.fromordinal(number)
    elif period == "W":
        day = dt.date.fromordinal(number * 7 + 1)  # ordinal 1 is a Monday
    else:
        day = dt.date(number // 12, number % 12 + 1, 1)
    local = dt.datetime(day.year, day.month, day.day, tzinfo=ZoneInfo(zone))
    return round(local.timestamp() * 1e6)


def retention(
    rows: Sequence[Row],
    start: set[str],
    back: set[str],
    *,
    period: str = "D",
    periods: int = 30,
    kind: str = "classic",
    zone: str = "UTC",
) -> dict:
    """Cohort cells {(cohort start µs, N): (size, retained, complete)} and overall {N: (size, retained, complete)}.

    A user's cohort is the calendar period of their first `start` event; a return event at or after that
    instant in calendar period cohort + N retains them in N (classic), or in every N' <= N (rolling).
    Cohorts run from the first one to the period of the log's last event; a cell is complete when its
    period ends by the last event.
    """
    users = _by_user(rows)
    if not users:
        return {"cells": {}, "overall": {}}
    last = max(r.ts for events in users.values() for r in events)
    cohort_of: dict[str, int] = {}
    returns: dict[str, set[int]] = {}
    for user, events in users.items():
        firsts = [r.ts for r in events if r.event in start]
        if not firsts:
            continue
        first = min(firsts)
        cohort_of[user] = _period_number(_local(first, zone).date(), period)
        returns[user] = {
            _period_number(_local(r.ts, zone).date(), period) - cohort_of[user]
            for r in events
            if r.event in back and r.ts >= first
        }
    if not cohort_of:
        return {"cells": {}, "overall": {}}
    cells = {}
    overall: dict[int, list] = {n: [0, 0, True] for n in range(periods)}
    for cohort in range(min(cohort_of.values()), _period_number(_local(last, zone).date(), period) + 1):
        members = [u for u, c in cohort_of.items() if c == cohort]
        for n in range(periods):
            if kind == "classic":
                retained = sum(1 for u in members if n in returns[u])
            else:
                retained = sum(1 for u in members if any(m >= n for m in returns[u]))
            complete = _period_start(cohort + n + 1, period, zone) <= last
            cells[(_period_start(cohort, period, zone), n)] = (len(members), retained, complete)
            if complete:
                overall[n][0] += len(members)
                overall[n][1] += retained
            elif members:
                overall[n][2] = False
    return {"cells": cells, "overall": {n: tuple(v) for n, v in overall.items()}}
