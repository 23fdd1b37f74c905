"""The one-pass funnel kernel: closed ordered and strict funnels on the engines that run on one machine.

The relational plan (:mod:`journeywidgets.data.chains`) joins the chains with every
stage's events, once per stage. Here the engine does what it is fastest at (read,
filter to the stage events, number each user's events in canonical order, sort) and
hands over three numeric columns; the chase is a few vectorised searches over them,
the way ClickHouse's ``windowFunnel`` and PostHog's funnel UDF walk each user's
sorted events once (``docs/design/funnel-kernel.md``).

Rows are sorted by (user, canonical key), so a row's position orders it within its
user and the users follow one another. Every stage-1 row is an anchor; from each,
stage ``j`` is the first stage-``j`` row after the stage-``(j-1)`` match (strict: the
very next row, which must be a stage-``j`` event), within the window from the anchor.
That is the greedy match of ``chains.py``, for all anchors of all users at once. A
stage's time to convert is read off the chain that completes it earliest and, of
those, the one with the latest anchor: greedy chains are monotone in their anchor,
so within a user the chains at a stage are ordered by their match, and that chain is
the last of the first run of equal matches.

Example:
    >>> import numpy as np
    >>> rows = SortedRows(ucode=np.array([0, 0, 0, 1]), time=np.array([0, 10, 20, 0]) * 1_000_000,
    ...                   mask=np.array([1, 2, 2, 1]))
    >>> chains = chase(rows, levels=2, mode="ordered", window_us=None, until_us=None)
    >>> closed_aggregates(rows, chains)["reached"].tolist()
    [2, 1]
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd

from journeywidgets.data.chains import STAGE, ChainSpec
from journeywidgets.data.eventlog import EVENT, TIE, TIME, USER, EventLog
from journeywidgets.data.segmented import SEGMENT_BATCH, segment_memberships

#: engines whose logs the kernel reads (the rest keep the lazy relational plan, computed where they live)
LOCAL_ENGINES = frozenset({"pandas", "polars", "duckdb"})
KernelChoice = Literal["auto", "relational"]
_MASK = "__jw_mask"
_TTC = ("median", "mean", "p90")


@dataclass(frozen=True)
class SortedRows:
    """A log's funnel rows as numbers, sorted by user then canonical order.

    ``ucode`` numbers the users 0, 1, … in sort order; ``time`` is in µs; bit ``j`` of
    ``mask`` is set when the row's event belongs to stage ``j``. ``users`` holds the
    user ids in ``ucode`` order, as the engine returned them (they never become Python
    objects), when they were read.

    Example:
        >>> import numpy as np
        >>> SortedRows(ucode=np.array([0, 1]), time=np.array([5, 7]), mask=np.array([1, 1])).mask.tolist()
        [1, 1]
    """

    ucode: np.ndarray
    time: np.ndarray
    mask: np.ndarray
    users: nw.Series[Any] | None = None

    def only(self, members: np.ndarray) -> SortedRows:
        """The rows of the users marked in ``members`` (a boolean per ``ucode``).

        Args:
            members: which users to keep, indexed by ``ucode``.

        Returns:
            The kept users' rows, in the same order (their codes unchanged).

        Example:
            >>> import numpy as np
            >>> rows = SortedRows(ucode=np.array([0, 0, 1]), time=np.array([1, 2, 3]), mask=np.array([1, 2, 1]))
            >>> rows.only(np.array([False, True])).time.tolist()
            [3]
        """
        keep = members[self.ucode]
        return SortedRows(ucode=self.ucode[keep], time=self.time[keep], mask=self.mask[keep], users=self.users)


def uses_kernel(
    log: EventLog, spec: ChainSpec, *, open_funnel: bool, by: tuple[str, ...], choice: KernelChoice
) -> bool:
    """Whether the kernel computes this funnel (else the relational plan does).

    Args:
        log: the (segmented) event log.
        spec: the chains' definition.
        open_funnel: whether the funnel is open.
        by: the breakdown columns.
        choice: ``"auto"`` (the kernel where it applies) or ``"relational"`` (never).

    Returns:
        True for closed ordered and strict funnels without a breakdown, an
        exclusion, per-step windows or optional stages on pandas, polars and DuckDB.

    Example:
        >>> from journeywidgets import sample_events
        >>> spec = ChainSpec(stages=(("ad_click",),), mode="ordered", window_us=None)
        >>> uses_kernel(EventLog(sample_events(n_users=5)), spec, open_funnel=False, by=(), choice="auto")
        True
    """
    if choice == "relational" or open_funnel or by or spec.exclude or spec.step_windows_us or spec.optional:
        return False
    if log.implementation not in LOCAL_ENGINES:
        return False
    return spec.mode in ("ordered", "strict")


def sorted_rows(log: EventLog, spec: ChainSpec, *, since: pd.Timestamp | None) -> SortedRows:
    """Read the rows the funnel needs, computed in the log's engine, as three numeric columns.

    Strict funnels keep every event (the next event must be the stage's); the others
    keep the stage events only. The whole log's rows are read once and kept on it
    (``log.memo``), so a segmented log (a persona) takes its users' rows from them
    instead of reading and sorting the log again.

    Args:
        log: the event log (or a segmented view of it).
        spec: the chains' definition (stages, mode, tie codes).
        since: drop events before this instant.

    Returns:
        The :class:`SortedRows`.

    Example:
        >>> from journeywidgets import sample_events
        >>> spec = ChainSpec(stages=(("ad_click",), ("landing_view",)), mode="ordered", window_us=None)
        >>> rows = sorted_rows(EventLog(sample_events(n_users=30)), spec, since=None)
        >>> sorted(set(rows.mask.tolist()))
        [1, 2]
    """
    whole = log.whole()
    key = ("kernel-rows", spec.stages, spec.mode == "strict", tuple(sorted((spec.tie_codes or {}).items())), since)
    rows: SortedRows | None = whole.memo.get(key)
    if rows is None:
        rows = _read_sorted(whole, spec, since=since)
        for old in [k for k in list(whole.memo) if k[0] == "kernel-rows"][:-1]:  # keep the last two readings
            whole.memo.pop(old, None)
        whole.memo[key] = rows
    if rows.users is None or log is whole:
        return rows
    # a persona's funnel, KPIs and emotion ask for the same users: their rows are kept with the reading
    text = getattr(log, "segment_text", "")
    segment = ("kernel-members", key, text)
    members: SortedRows | None = whole.memo.get(segment) if text else None
    if members is None:
        for old in [k for k in list(whole.memo) if k[0] == "kernel-members" and k[1] not in whole.memo]:
            whole.memo.pop(old, None)  # those of readings no longer kept
        asked = whole.memo.get(SEGMENT_BATCH, ())
        batch = [s for s in asked if ("kernel-members", key, s.segment_text) not in whole.memo]
        if text and text in {s.segment_text for s in batch}:  # a binding's personas: all of them in one pass
            for other, users_in in zip(batch, segment_memberships(whole, batch, rows.users), strict=True):
                whole.memo["kernel-members", key, other.segment_text] = rows.only(users_in)
            return whole.memo[segment]  # type: ignore[no-any-return]
        found = log.members(rows.users)
        members = rows if found is None else rows.only(found)
        if text:
            whole.memo[segment] = members
    return members


def _read_sorted(log: EventLog, spec: ChainSpec, *, since: pd.Timestamp | None) -> SortedRows:
    events = None if spec.mode == "strict" else spec.all_events
    frame = log.frame(events=events, tie_codes=spec.tie_codes, since=since, numbered=False)
    bits = [
        nw.when(nw.col(EVENT).is_in(list(names))).then(nw.lit(1 << j)).otherwise(nw.lit(0))
        for j, names in enumerate(spec.stages)
    ]
    mask = nw.sum_horizontal(*bits).cast(nw.Int64).alias(_MASK)
    ties = [name for name in frame.collect_schema().names() if name.startswith(TIE)]
    collected = frame.select(nw.col(USER), nw.col(TIME), *map(nw.col, ties), mask).sort(USER, TIME, *ties).collect()
    users = collected.get_column(USER)
    starts = np.asarray((users != users.shift(1)).fill_null(value=True).to_numpy(), dtype=bool)
    ucode = np.cumsum(starts) - 1
    first_rows = users.filter(nw.new_series("starts", starts, nw.Boolean, backend=users.implementation))
    return SortedRows(ucode=ucode, time=_numbers(collected, TIME), mask=_numbers(collected, _MASK), users=first_rows)


def _numbers(frame: nw.DataFrame[Any], name: str) -> np.ndarray:
    return np.asarray(frame.get_column(name).to_numpy(), dtype=np.int64)


@dataclass(frozen=True)
class _Level:
    """The chains alive at one stage, in anchor order: user, anchor time, the match and the previous match."""

    user: np.ndarray
    anchor_time: np.ndarray
    match: np.ndarray
    previous_time: np.ndarray


def chase(
    rows: SortedRows,
    *,
    levels: int,
    mode: Literal["ordered", "strict"],
    window_us: int | None,
    until_us: int | None,
    lenient: bool = False,
) -> list[_Level]:
    """Follow every chain stage by stage; return the chains alive at each stage.

    Args:
        rows: the sorted rows.
        levels: the number of stages.
        mode: ``"ordered"`` (the first stage-``j`` row after the previous match) or
            ``"strict"`` (the very next row, if it is a stage-``j`` event).
        window_us: the window from the anchor in µs, inclusive; None for no limit.
        until_us: anchors must come before this instant (µs); None for no limit.
        lenient: strict with ties in stage order (events at one instant are
            simultaneous): the next *stage* row must be the stage-``j`` event, and no
            unrelated event may lie strictly between the two instants (rows of no stage
            sort first at an instant, so one at either end never breaks the chain).

    Returns:
        One entry per stage: the chains that reached it, in anchor order.

    Example:
        >>> import numpy as np
        >>> rows = SortedRows(ucode=np.array([0, 0, 0]), time=np.array([0, 1, 2]), mask=np.array([1, 1, 2]))
        >>> [level.match.tolist() for level in chase(rows, levels=2, mode="ordered", window_us=None, until_us=None)]
        [[0, 1], [2, 2]]
    """
    first = np.flatnonzero(rows.mask & 1)
    if until_us is not None:
        first = first[rows.time[first] < until_us]
    user, anchor_time, current = rows.ucode[first], rows.time[first], first
    found = [_Level(user, anchor_time, current, anchor_time)]
    n = len(rows.time)
    staged = np.flatnonzero(rows.mask) if lenient else None
    unrelated = np.flatnonzero(rows.mask == 0) if lenient else None
    for j in range(1, levels):
        if mode == "strict" and not lenient:
            candidate = current + 1
            ok = candidate < n
            candidate = np.where(ok, candidate, 0)
        else:  # ordered: the next stage-j row; lenient strict: the next row of any stage
            ok, candidate = _next_of(staged if mode == "strict" else np.flatnonzero(rows.mask & (1 << j)), current)
        if mode == "strict":
            ok &= (rows.mask[candidate] & (1 << j)) != 0
        ok &= rows.ucode[candidate] == user
        if lenient:  # the first unrelated row after the match is the user's next one; it must not come earlier
            found_other, other = _next_of(unrelated, current)
            between = found_other & (rows.ucode[other] == user) & (rows.time[other] < rows.time[candidate])
            ok &= ~between
        if window_us is not None:
            ok &= rows.time[candidate] <= anchor_time + window_us
        previous_time = rows.time[current[ok]]
        user, anchor_time, current = user[ok], anchor_time[ok], candidate[ok]
        found.append(_Level(user, anchor_time, current, previous_time))
    return found


def _next_of(positions: np.ndarray | None, current: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each position in ``current``: whether ``positions`` has a later one, and the first such."""
    if positions is None:  # only the lenient strict chase asks, and it always has them
        positions = np.empty(0, dtype=np.int64)
    index = np.searchsorted(positions, current, side="right")
    found = index < len(positions)
    if len(positions) == 0:
        return found, current
    return found, positions[np.minimum(index, len(positions) - 1)]


def _user_times(level: _Level, time: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per user at this stage: seconds from the anchor and from the previous stage, on the chain used."""
    user, match = level.user, level.match
    if len(user) == 0:
        return np.empty(0), np.empty(0)
    starts = np.flatnonzero(np.r_[True, (user[1:] != user[:-1]) | (match[1:] != match[:-1])])
    latest_anchor = np.maximum.reduceat(level.anchor_time, starts)
    latest_previous = np.maximum.reduceat(level.previous_time, starts)
    group_user = user[starts]
    earliest = np.r_[True, group_user[1:] != group_user[:-1]]  # each user's first group: the earliest match
    completed = time[match[starts][earliest]]
    return (completed - latest_anchor[earliest]) / 1_000_000, (completed - latest_previous[earliest]) / 1_000_000


def _statistics(seconds: np.ndarray, stat: str) -> float | None:
    if len(seconds) == 0:
        return None
    if stat == "median":
        return float(np.median(seconds))
    if stat == "mean":
        return float(np.mean(seconds))
    return float(np.quantile(seconds, 0.9))  # linear interpolation, as the engines' quantile


def chase_spec(rows: SortedRows, spec: ChainSpec, *, until_us: int | None) -> list[_Level]:
    """:func:`chase` with the stages, mode, window and tie policy of ``spec``.

    Args:
        rows: the sorted rows.
        spec: the chains' definition (ordered or strict).
        until_us: anchors must come before this instant (µs); None for no limit.

    Returns:
        One entry per stage: the chains that reached it, in anchor order.

    Example:
        >>> import numpy as np
        >>> rows = SortedRows(ucode=np.array([0, 0]), time=np.array([0, 1]), mask=np.array([1, 2]))
        >>> spec = ChainSpec(stages=(("a",), ("b",)), mode="strict", window_us=None)
        >>> [len(level.user) for level in chase_spec(rows, spec, until_us=None)]
        [1, 1]
    """
    return chase(
        rows,
        levels=len(spec.stages),
        mode="strict" if spec.mode == "strict" else "ordered",
        window_us=spec.window_us,
        until_us=until_us,
        lenient=spec.tie_codes is not None,  # ties in stage order
    )


def closed_aggregates(rows: SortedRows, chains: list[_Level], *, p90: bool = False) -> pd.DataFrame:
    """A closed funnel's per-stage aggregates, in the shape :func:`closed.closed_frame` reads.

    Args:
        rows: the sorted rows.
        chains: the chains alive at each stage (:func:`chase` or :func:`chase_spec` of ``rows``).
        p90: also the 90th percentile of the times to convert.

    Returns:
        One row per stage someone reached: ``_stage``, ``reached`` and the ``ttc_*_s`` statistics.

    Example:
        >>> import numpy as np
        >>> rows = SortedRows(ucode=np.array([0, 0]), time=np.array([0, 4_000_000]), mask=np.array([1, 2]))
        >>> chains = chase(rows, levels=2, mode="strict", window_us=None, until_us=None)
        >>> closed_aggregates(rows, chains)["ttc_first_mean_s"].tolist()
        [nan, 4.0]
    """
    stats = _TTC if p90 else _TTC[:2]
    table = []
    for j, level in enumerate(chains):
        if len(level.user) == 0:
            continue
        row: dict[str, Any] = {STAGE: j, "reached": int(np.count_nonzero(np.r_[True, np.diff(level.user) != 0]))}
        first, previous = _user_times(level, rows.time) if j else (np.empty(0), np.empty(0))
        for kind, seconds in (("first", first), ("prev", previous)):
            for stat in stats:
                row[f"ttc_{kind}_{stat}_s"] = _statistics(seconds, stat)
        table.append(row)
    columns = [STAGE, "reached", *(f"ttc_{kind}_{stat}_s" for kind in ("first", "prev") for stat in stats)]
    frame = pd.DataFrame(table, columns=columns)
    typed: pd.DataFrame = frame.astype(dict.fromkeys(columns[2:], "float64"))
    return typed


__all__ = [
    "LOCAL_ENGINES",
    "KernelChoice",
    "SortedRows",
    "chase",
    "chase_spec",
    "closed_aggregates",
    "sorted_rows",
    "uses_kernel",
]
