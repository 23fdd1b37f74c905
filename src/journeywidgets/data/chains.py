"""Conversion chains: for each stage-1 event of a user, the stages it goes on to reach.

This is the heart of the funnel engine (``metric-semantics.md`` section 2). Every
stage-``s`` event (the *anchor*) starts a chain; from there each further stage is
matched greedily to its earliest qualifying event, which is optimal for a given
anchor. A user's depth is the maximum over their chains; for time to convert,
the chain that completes a stage earliest is used, and among chains completing
it with the same event, the latest anchor (the shortest path).

Everything is a lazy narwhals query (joins, filters, group-bys, windows), so it
runs inside the user's engine. Events are compared by the integer sort key of
:class:`~journeywidgets.data.eventlog.EventLog` (time, then tie rank), so "after"
means strictly later in canonical order and one row never satisfies two stages of
a chain.

Example:
    >>> import pandas as pd
    >>> from journeywidgets.data.eventlog import EventLog
    >>> raw = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["visit", "buy", "visit"],
    ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:05", "2026-01-01 09:00"])})
    >>> spec = ChainSpec(stages=(("visit",), ("buy",)), mode="ordered", window_us=None)
    >>> table = chain_table(EventLog(raw, engine="pandas"), spec, since=None, until=None)
    >>> int(table.collect()["t1"].count())
    1
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.any_order import any_order_chains
from journeywidgets.data.eventlog import EVENT, KEY, TIME, USER, EventLog, _micros
from journeywidgets.data.exclusions import Exclusion, drop_excluded
from journeywidgets.data.optional_steps import prior_stage
from journeywidgets.data.step_windows import reachable_chains

Mode = Literal["ordered", "strict", "any_order"]
MODES: tuple[str, ...] = get_args(Mode)
ANCHOR_KEY, ANCHOR_TIME = "a_key", "a_time"
STAGE = "_stage"
#: the anchor's columns, for the modules that extend or filter chain tables (step windows, exclusions)
_ANCHOR_NAMES = {"anchor_key": ANCHOR_KEY, "anchor_time": ANCHOR_TIME}


@dataclass(frozen=True)
class ChainSpec:
    """What the chains follow: each stage's event names, the order mode and the window in microseconds.

    ``first`` is the stage chains start at (0 for closed funnels; open funnels
    start one set of chains at every stage). ``tie_codes`` orders equal
    timestamps by event (see ``EventLog.frame``); with them, events at the
    same instant count as simultaneous, so in strict mode an event tied with
    a stage's event never breaks the chain. ``carry`` names columns read from
    each chain's anchor event (breakdowns at entry). ``exclude`` holds the
    exclusion steps: a chain with an exclusion event between its two stages is
    dropped (see :mod:`~journeywidgets.data.exclusions`). ``step_windows_us``
    holds one window from the previous stage per stage (empty: none; see
    :mod:`~journeywidgets.data.step_windows`). ``optional`` holds the stages a chain may
    skip: each stage follows the last required stage before it (see
    :mod:`~journeywidgets.data.optional_steps`).

    Example:
        >>> ChainSpec(stages=(("a",), ("b",)), mode="strict", window_us=60_000_000).window_us
        60000000
    """

    stages: tuple[tuple[str, ...], ...]
    mode: Mode
    window_us: int | None
    first: int = 0
    tie_codes: dict[str, int] | None = None
    carry: tuple[str, ...] = ()
    exclude: tuple[Exclusion, ...] = ()
    step_windows_us: tuple[int | None, ...] = ()
    optional: tuple[int, ...] = ()

    def prior(self, j: int) -> int:
        """The stage stage ``j`` follows: ``j - 1``, or the last required stage before it.

        Args:
            j: a stage's 0-based position after ``first``.

        Returns:
            The position of the stage whose event stage ``j``'s event must come after.

        Example:
            >>> ChainSpec(stages=(("a",), ("b",), ("c",)), mode="ordered", window_us=None, optional=(1,)).prior(2)
            0
        """
        return prior_stage(j, self.optional, self.first) if self.optional else j - 1

    @property
    def all_events(self) -> list[str]:
        """Every event name of every stage, once.

        Example:
            >>> ChainSpec(stages=(("a", "b"), ("b",)), mode="ordered", window_us=None).all_events
            ['a', 'b']
        """
        return list(dict.fromkeys(name for events in self.stages for name in events))


def stage_tie_codes(stages: Sequence[Sequence[str]]) -> dict[str, int]:
    """Tie codes that order events at the same instant by stage (an event of several stages: its first).

    Args:
        stages: the event names of each stage, in order.

    Returns:
        ``{event name: 1-based stage position}``; events of no stage sort before them (code 0).

    Example:
        >>> stage_tie_codes([("a",), ("b", "a")])
        {'b': 2, 'a': 1}
    """
    codes: dict[str, int] = {}
    for index, events in reversed(list(enumerate(stages))):
        codes |= dict.fromkeys(events, index + 1)
    return codes


def k(j: int) -> str:
    """Column of the sort key of the event that matched stage ``j`` (null if not reached).

    Args:
        j: the stage's 0-based position.

    Returns:
        The column name, ``"k{j}"``.

    Example:
        >>> k(2)
        'k2'
    """
    return f"k{j}"


def t(j: int) -> str:
    """Column of the time (µs) of the event that matched stage ``j``.

    Args:
        j: the stage's 0-based position.

    Returns:
        The column name, ``"t{j}"``.

    Example:
        >>> t(2)
        't2'
    """
    return f"t{j}"


def _stage_rows(events: nw.LazyFrame[Any], names: Sequence[str]) -> nw.LazyFrame[Any]:
    return events.filter(nw.col(EVENT).is_in(list(names))).select(
        nw.col(USER), nw.col(KEY).alias("_ck"), nw.col(TIME).alias("_ct")
    )


def chain_table(
    log: EventLog,
    spec: ChainSpec,
    *,
    since: pd.Timestamp | None,
    until: pd.Timestamp | None,
    all_rows: bool = False,
) -> nw.LazyFrame[Any]:
    """One row per chain (user, anchor) with the key ``k{j}`` and time ``t{j}`` of each stage it reached.

    Chains start at stage ``spec.first``; anchors must fall in ``[since, until)``
    when given (the date range filters entries; later stages may fall after
    ``until``). Columns in ``spec.carry`` are carried from the anchor event.
    ``all_rows`` numbers keys over all the user's events (strict mode always
    does), so they compare with keys of another all-events frame.

    Args:
        log: the (segmented) event log.
        spec: the chains' definition (stages, mode, window, first stage, tie codes, carry).
        since: anchors (and the events read) from this instant; None for no limit.
        until: anchors before this instant; None for no limit.
        all_rows: number keys over all the user's events, not only the stages' events.

    Returns:
        A lazy frame: the user, ``a_key`` and ``a_time`` of the anchor, ``k{j}`` and
        ``t{j}`` from stage ``spec.first`` on (null where not reached), and
        ``a_{column}`` for each carried column.

    Example:
        >>> from journeywidgets import sample_events
        >>> spec = ChainSpec(stages=(("ad_click",), ("landing_view",)), mode="ordered", window_us=None)
        >>> table = chain_table(EventLog(sample_events(n_users=30)), spec, since=None, until=None)
        >>> sorted(table.collect_schema().names())
        ['__jw_user', 'a_key', 'a_time', 'k0', 'k1', 't0', 't1']
    """
    needs_all = all_rows or spec.mode == "strict"
    events = backend.shared(
        log.frame(
            events=None if needs_all else spec.all_events, columns=spec.carry, tie_codes=spec.tie_codes, since=since
        )
    )
    anchors = events.filter(nw.col(EVENT).is_in(list(spec.stages[spec.first])))
    if until is not None:
        anchors = anchors.filter(nw.col(TIME) < _micros(until))
    chains = anchors.select(
        nw.col(USER),
        nw.col(KEY).alias(ANCHOR_KEY),
        nw.col(TIME).alias(ANCHOR_TIME),
        nw.col(KEY).alias(k(spec.first)),
        nw.col(TIME).alias(t(spec.first)),
    )
    if spec.mode == "any_order":
        names = {"user": USER, "anchor_key": ANCHOR_KEY, "anchor_time": ANCHOR_TIME, "key": KEY, "time": TIME}
        names |= {"event": EVENT, "k": "k", "t": "t"}
        chains = any_order_chains(chains, events, spec.stages, first=spec.first, window_us=spec.window_us, names=names)
    elif spec.step_windows_us and spec.mode == "ordered":  # greedy is not optimal: follow what is reachable
        chains = reachable_chains(
            chains,
            lambda j: _stage_rows(events, spec.stages[j]),
            stages=range(spec.first, len(spec.stages)),
            window_us=spec.window_us,
            step_windows_us=spec.step_windows_us,
            names=_ANCHOR_NAMES,
            key_of=k,
            time_of=t,
        )
    else:
        for j in range(spec.first + 1, len(spec.stages)):
            chains = _advance(chains, events, spec, j)
    if spec.exclude:
        chains = drop_excluded(
            chains, log, spec.exclude, window_us=spec.window_us, since=since, names=_ANCHOR_NAMES, time_of=t
        )
    if spec.carry:  # read from the anchor row at the end: text never goes through the group-bys
        carried = anchors.select(
            nw.col(USER), nw.col(KEY).alias(ANCHOR_KEY), *(nw.col(c).alias(f"a_{c}") for c in spec.carry)
        )
        chains = chains.join(carried, on=[USER, ANCHOR_KEY], how="left")
    return chains


def _advance(chains: nw.LazyFrame[Any], events: nw.LazyFrame[Any], spec: ChainSpec, j: int) -> nw.LazyFrame[Any]:
    """Extend every chain by stage ``j`` (null key and time when the chain does not reach it)."""
    carried = [name for name in chains.collect_schema().names() if name not in {USER, ANCHOR_KEY}]
    in_window = nw.lit(value=True) if spec.window_us is None else nw.col("_ct") <= nw.col(ANCHOR_TIME) + spec.window_us
    previous = nw.col(k(spec.prior(j)))
    if spec.mode == "strict":
        return _advance_strict(chains, events, spec, j, carried)
    matches = (nw.col("_ck") > previous) & in_window
    return (
        chains.join(_stage_rows(events, spec.stages[j]), on=USER, how="left")
        .with_columns(
            nw.when(matches).then(nw.col("_ck")).alias("_mk"), nw.when(matches).then(nw.col("_ct")).alias("_mt")
        )
        .group_by(USER, ANCHOR_KEY)
        .agg(
            *(nw.col(name).min() for name in carried), nw.col("_mk").min().alias(k(j)), nw.col("_mt").min().alias(t(j))
        )
    )


def _advance_strict(
    chains: nw.LazyFrame[Any], events: nw.LazyFrame[Any], spec: ChainSpec, j: int, carried: list[str]
) -> nw.LazyFrame[Any]:
    """Extend every chain by stage ``j`` when its first stage-``j`` event is the chain's next event.

    With tie codes (events at one instant are simultaneous), an *unrelated* event (one
    no stage names) at the same instant as either end never breaks the chain; any
    stage's event in between still does, so the first stage-``j`` event stays the only
    candidate and greedy matching stays exact.
    """
    previous = nw.col(k(j - 1))
    in_window = nw.lit(value=True) if spec.window_us is None else nw.col("_ct") <= nw.col(ANCHOR_TIME) + spec.window_us
    rows = events.select(nw.col(USER), nw.col(KEY).alias("_ck"), nw.col(TIME).alias("_ct"), nw.col(EVENT))
    after = nw.col("_ck") > previous
    matches = after & nw.col(EVENT).is_in(list(spec.stages[j])) & in_window
    step = spec.step_windows_us[j] if spec.step_windows_us else None
    if step is not None:  # within the step's window of the previous stage (GA4's withinDurationFromPriorStep)
        matches = matches & (nw.col("_ct") - nw.col(t(j - 1)) <= step)
    lenient = spec.tie_codes is not None
    staged = nw.col(EVENT).is_in(spec.all_events)
    breaks = after & staged if lenient else after  # lenient: unrelated events are checked by time below
    unrelated = after & ~staged & (nw.col("_ct") > nw.col(t(j - 1)))
    grouped = (
        chains.join(rows, on=USER, how="left")
        .with_columns(
            nw.when(breaks).then(nw.col("_ck")).alias("_next"),
            nw.when(unrelated).then(nw.col("_ct")).alias("_other"),
            nw.when(matches).then(nw.col("_ck")).alias("_mk"),
            nw.when(matches).then(nw.col("_ct")).alias("_mt"),
        )
        .group_by(USER, ANCHOR_KEY)
        .agg(
            *(nw.col(name).min() for name in carried),
            nw.col("_next").min(),
            nw.col("_other").min(),
            nw.col("_mk").min(),
            nw.col("_mt").min(),
        )
    )
    is_next = nw.col("_mk") == nw.col("_next")
    if lenient:  # and no unrelated event strictly between the two instants
        is_next = is_next & (nw.col("_other").is_null() | (nw.col("_other") >= nw.col("_mt")))
    return grouped.with_columns(
        nw.when(is_next).then(nw.col("_mk")).alias(k(j)), nw.when(is_next).then(nw.col("_mt")).alias(t(j))
    ).drop("_next", "_other", "_mk", "_mt")
