"""Exclusion steps: an event between two stages disqualifies the attempt (``metric-semantics.md``).

``exclude={"event": "support_contact", "between": ("Cart", "Buy")}`` removes every attempt
(a chain from one stage-1 event) in which a ``support_contact`` falls after the attempt's
Cart event and before its Buy event; an attempt that never reaches Buy is disqualified by
one after its Cart event inside the window (any time after it without a window). A unit
whose every attempt is disqualified is removed from **all** stages, as PostHog and Amplitude
do, and counted in ``result.attrs["excluded_units"]``. Without ``between`` the exclusion
spans the whole funnel, from the first stage to the last.

"Between" compares instants: an exclusion event at the same instant as either stage's
event does not disqualify (PostHog ignores exclusions on ties too), so the answer never
depends on how an engine orders rows at one instant. Exclusions apply to closed ordered and
strict funnels; in any order or open funnels "between two stages" has no single meaning,
and they are refused there.

Example:
    >>> from journeywidgets.data.stages import funnel_stages
    >>> stages = funnel_stages({"Visit": "visit", "Cart": "cart", "Buy": "buy"})
    >>> parse_exclusions({"event": "support", "between": ("Cart", "Buy")}, stages)
    (Exclusion(events=('support',), start=1, end=2),)
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog_frame import EVENT, TIME, USER
from journeywidgets.data.stages import FunnelStage, stage_position

if TYPE_CHECKING:
    from journeywidgets.data.eventlog import EventLog

#: the keys an exclusion takes
KEYS = ("event", "between")


@dataclass(frozen=True)
class Exclusion:
    """Events that disqualify an attempt when they fall between stage ``start`` and stage ``end``.

    Example:
        >>> Exclusion(events=("support",), start=0, end=2).end
        2
    """

    events: tuple[str, ...]
    start: int
    end: int


def parse_exclusions(exclude: Any, stages: Sequence[FunnelStage]) -> tuple[Exclusion, ...]:
    """Read ``exclude=``: one exclusion (a mapping) or a list of them.

    Args:
        exclude: ``None``, ``{"event": name or [names], "between": (stage, stage)}`` or a
            list of such mappings; stages by id, name or 0-based position; ``between``
            left out spans the whole funnel.
        stages: the funnel's stages.

    Returns:
        The exclusions, in the order given.

    Raises:
        FunnelDefinitionError: naming ``exclude`` for anything else: an unknown key or
            stage, no event, ``between`` not two stages in funnel order.

    Example:
        >>> from journeywidgets.data.stages import funnel_stages
        >>> stages = funnel_stages({"A": "a", "B": "b", "C": "c"})
        >>> parse_exclusions([{"event": ["x", "y"]}], stages)
        (Exclusion(events=('x', 'y'), start=0, end=2),)
        >>> parse_exclusions({"event": "x", "between": ("C", "A")}, stages)
        Traceback (most recent call last):
        ...
        journeywidgets.data.errors.FunnelDefinitionError: exclude: between must name two stages in funnel ...
    """
    if exclude is None:
        return ()
    items = [exclude] if isinstance(exclude, Mapping) else exclude
    if not isinstance(items, Iterable) or isinstance(items, str | bytes):
        raise _fail(f"must be a mapping {{'event': ..., 'between': (stage, stage)}} or a list of them, got {exclude!r}")
    found = tuple(_one(item, stages) for item in items)
    if not found:
        raise _fail("is an empty list; leave it out (None) for no exclusion")
    return found


def _fail(why: str) -> FunnelDefinitionError:
    return FunnelDefinitionError(f"exclude: {why}", path="exclude")


def _one(item: Any, stages: Sequence[FunnelStage]) -> Exclusion:
    if not isinstance(item, Mapping):
        raise _fail(f"each exclusion must be a mapping {{'event': ..., 'between': (stage, stage)}}, got {item!r}")
    unknown = [key for key in item if key not in KEYS]
    if unknown:
        raise _fail(f"unknown key {unknown[0]!r} (keys: 'event', 'between')")
    value = item.get("event")
    names = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, Iterable) else ()
    if not names or not all(isinstance(name, str) and name for name in names):
        raise _fail(f"'event' must be an event name or a list of them, got {value!r}")
    if len(stages) < 2:  # noqa: PLR2004 - an exclusion needs two stages to fall between
        raise _fail("a funnel of one stage has nothing to fall between")
    between = item.get("between", (0, len(stages) - 1))
    if isinstance(between, str) or not isinstance(between, Sequence) or len(between) != 2:  # noqa: PLR2004
        raise _fail(f"between must be two stages (ids, names or positions), got {between!r}")
    start, end = (stage_position(stages, stage, path="exclude") for stage in between)
    if start >= end:
        raise _fail(f"between must name two stages in funnel order, got {tuple(between)!r}")
    return Exclusion(events=tuple(dict.fromkeys(names)), start=start, end=end)


def excluded_events(exclusions: Sequence[Exclusion]) -> list[str]:
    """Every event name of the exclusions, once.

    Args:
        exclusions: the funnel's exclusions.

    Returns:
        The names, in order of appearance.

    Example:
        >>> excluded_events([Exclusion(("x",), 0, 1), Exclusion(("y", "x"), 1, 2)])
        ['x', 'y']
    """
    return list(dict.fromkeys(name for exclusion in exclusions for name in exclusion.events))


def drop_excluded(
    chains: nw.LazyFrame[Any],
    log: EventLog,
    exclusions: Sequence[Exclusion],
    *,
    window_us: int | None,
    since: pd.Timestamp | None,
    names: Mapping[str, str],
    time_of: Callable[[int], str],
) -> nw.LazyFrame[Any]:
    """The chains none of whose exclusions has an event between its two stages (see the module docstring).

    One join of the chains with the users' exclusion events, one group-by per chain, one
    anti-join (a left join and a filter: Dask lacks a working anti-join).

    Args:
        chains: the chain table (user, anchor key and time, each stage's time).
        log: the (segmented) event log the chains come from.
        exclusions: the funnel's exclusions.
        window_us: the conversion window from the anchor, in µs (None: no limit).
        since: drop events before this instant (the funnel's date range start).
        names: the chain table's ``anchor_key`` and ``anchor_time`` column names.
        time_of: a function from a stage position to its time column's name.

    Returns:
        The chain table without the disqualified chains.
    """
    anchor_key, anchor_time = names["anchor_key"], names["anchor_time"]
    rows = log.frame(events=excluded_events(exclusions), since=since, numbered=False).select(
        nw.col(USER), nw.col(EVENT).alias("_xe"), nw.col(TIME).alias("_xt")
    )
    hits = []
    for exclusion in exclusions:
        start, end = nw.col(time_of(exclusion.start)), nw.col(time_of(exclusion.end))
        limit = nw.lit(value=True) if window_us is None else nw.col("_xt") <= nw.col(anchor_time) + window_us
        before_end = nw.when(end.is_null()).then(limit).otherwise(nw.col("_xt") < end)
        hits.append(nw.col("_xe").is_in(list(exclusion.events)) & (nw.col("_xt") > start) & before_end)
    hit = functools.reduce(operator.or_, (h.fill_null(value=False) for h in hits))  # null: the start not reached
    wanted = list(dict.fromkeys([time_of(x.start) for x in exclusions] + [time_of(x.end) for x in exclusions]))
    keyed = chains.select(nw.col(USER), nw.col(anchor_key), nw.col(anchor_time), *map(nw.col, wanted))
    disqualified = (
        keyed.join(rows, on=USER, how="inner")
        .filter(hit)
        .select(nw.col(USER), nw.col(anchor_key))
        .unique()
        .with_columns(nw.lit(1, nw.Int64).alias("_excluded"))
    )
    kept = chains.join(disqualified, on=[USER, anchor_key], how="left").filter(nw.col("_excluded").is_null())
    return kept.drop("_excluded")


__all__ = ["Exclusion", "drop_excluded", "excluded_events", "parse_exclusions"]
