"""What is read off a chain table: each user's time to convert per stage, and how far a chain went.

:func:`~journeywidgets.data.chains.chain_table` builds the chains; this module reads them:
:func:`stage_times` picks, per user and stage, the chain the time to convert is measured on
(``metric-semantics.md``: the one completing the stage earliest, and of those the latest
anchor), and :func:`depth` is a chain's depth as a column expression.

Example:
    >>> from journeywidgets import sample_events
    >>> from journeywidgets.data.chains import ChainSpec, chain_table
    >>> from journeywidgets.data.eventlog import EventLog
    >>> spec = ChainSpec(stages=(("ad_click",), ("landing_view",)), mode="ordered", window_us=None)
    >>> table = chain_table(EventLog(sample_events(n_users=30)), spec, since=None, until=None)
    >>> sorted(stage_times(table, spec).collect_schema().names())
    ['__jw_user', '_stage', 'ttc_first', 'ttc_prev']
"""

from __future__ import annotations

from typing import Any

import narwhals.stable.v2 as nw

from journeywidgets.data.chains import ANCHOR_KEY, ANCHOR_TIME, STAGE, ChainSpec, k, t
from journeywidgets.data.eventlog import USER
from journeywidgets.data.step_windows import prev_time


def stage_times(chains: nw.LazyFrame[Any], spec: ChainSpec) -> nw.LazyFrame[Any]:
    """One row per (user, stage reached): ``_stage`` and seconds to convert, ``ttc_first`` and ``ttc_prev``.

    The chain used for a stage completes it earliest; among chains that complete
    it with the same event, the one with the latest anchor (the shortest path).
    "Earliest" is by sort key (time, then tie rank), the order chains are matched
    in: of two chains completing the stage at one instant with different events,
    the one whose event ranks first is used, not the later anchor.
    Greedy chains are monotone in their anchor (a later anchor never matches an
    earlier event), so per (user, matched event) the latest anchor and previous
    stage (the last required one before it, with optional stages) are maxima,
    and per user the earliest-completing group holds the minima: two group-bys
    per stage, no window and no join. Times are null at the first stage.

    Args:
        chains: the chain table (see :func:`chain_table`).
        spec: the chains' definition it was built from.

    Returns:
        A lazy frame: the user, ``_stage`` (0-based) and ``ttc_first``/``ttc_prev``
        in seconds (float, null at stage ``spec.first``).

    Example:
        >>> from journeywidgets import sample_events
        >>> from journeywidgets.data.chains import chain_table
        >>> from journeywidgets.data.eventlog import EventLog
        >>> spec = ChainSpec(stages=(("ad_click",), ("landing_view",)), mode="ordered", window_us=None)
        >>> table = chain_table(EventLog(sample_events(n_users=30)), spec, since=None, until=None)
        >>> sorted(stage_times(table, spec).collect_schema().names())
        ['__jw_user', '_stage', 'ttc_first', 'ttc_prev']
    """
    parts = [
        chains.select(nw.col(USER))
        .unique()
        .with_columns(
            nw.lit(spec.first, nw.Int64).alias(STAGE),
            nw.lit(None, nw.Float64).alias("ttc_first"),
            nw.lit(None, nw.Float64).alias("ttc_prev"),
        )
    ]
    for j in range(spec.first + 1, len(spec.stages)):
        if spec.mode == "any_order":
            parts.append(_picked_times(chains, j, previous=t(j - 1)))
            continue
        if spec.step_windows_us and spec.mode == "ordered":  # reachable chains: the previous event is p{j}
            parts.append(_picked_times(chains, j, previous=prev_time(j)))
            continue
        by_event = (
            chains.filter(~nw.col(k(j)).is_null())
            .group_by(USER, k(j))
            .agg(
                nw.col(ANCHOR_TIME).max().alias("_a"),
                nw.col(t(spec.prior(j))).max().alias("_p"),
                nw.col(t(j)).min().alias("_t"),
            )
        )
        best = by_event.group_by(USER).agg(nw.col("_t").min(), nw.col("_a").min(), nw.col("_p").min())
        parts.append(
            best.select(
                nw.col(USER),
                nw.lit(j, nw.Int64).alias(STAGE),
                ((nw.col("_t") - nw.col("_a")) / 1_000_000).alias("ttc_first"),
                ((nw.col("_t") - nw.col("_p")) / 1_000_000).alias("ttc_prev"),
            )
        )
    return nw.concat(parts, how="vertical")


def _picked_times(chains: nw.LazyFrame[Any], j: int, *, previous: str) -> nw.LazyFrame[Any]:
    """Times at stage ``j`` read off one chain, picked explicitly (any-order and reachable chains).

    Completion times are not monotone in the anchor there, so the chain is picked
    explicitly: the one completing ``j`` earliest, and of those the latest anchor;
    ``previous`` is the column of the previous stage's time on that chain.
    """
    reached = chains.filter(~nw.col(k(j)).is_null())
    earliest = reached.group_by(USER).agg(nw.col(k(j)).min().alias("_bk"))
    best = reached.join(earliest, on=USER, how="inner").filter(nw.col(k(j)) == nw.col("_bk"))
    latest = best.group_by(USER).agg(nw.col(ANCHOR_KEY).max().alias("_ba"))
    chosen = best.join(latest, on=USER, how="inner").filter(nw.col(ANCHOR_KEY) == nw.col("_ba"))
    return chosen.select(
        nw.col(USER),
        nw.lit(j, nw.Int64).alias(STAGE),
        ((nw.col(t(j)) - nw.col(ANCHOR_TIME)) / 1_000_000).alias("ttc_first"),
        ((nw.col(t(j)) - nw.col(previous)) / 1_000_000).alias("ttc_prev"),
    )


def depth(spec: ChainSpec) -> nw.Expr:
    """How far a chain went: the number of stages from ``spec.first`` to its furthest one (over ``k{j}``).

    Without optional stages a chain reaches a prefix of the stages, so this is the
    number it reached; with them, skipped optional stages count too (the furthest
    stage's position), and whether a stage was reached is read off its own ``k{j}``.

    Args:
        spec: the chains' definition.

    Returns:
        An ``Int64`` expression: the non-null ``k{j}`` from stage ``spec.first`` on
        (with optional stages: the furthest non-null one's position, 1-based from ``first``).

    Example:
        >>> isinstance(depth(ChainSpec(stages=(("a",), ("b",)), mode="ordered", window_us=None)), nw.Expr)
        True
    """
    stages = range(spec.first, len(spec.stages))
    if spec.optional:
        furthest = (nw.when(~nw.col(k(j)).is_null()).then(j - spec.first + 1).otherwise(0) for j in stages)
        return nw.max_horizontal(*furthest).cast(nw.Int64)
    return nw.sum_horizontal(*((~nw.col(k(j)).is_null()).cast(nw.Int64) for j in stages))


def required_depth(spec: ChainSpec) -> nw.Expr:
    """How far a chain went in the required stages: :func:`depth`, with optional stages not counting as the end.

    Args:
        spec: the chains' definition.

    Returns:
        An ``Int64`` expression: the furthest *required* stage's position, 1-based from ``spec.first``
        (:func:`depth` itself when no stage is optional).

    Example:
        >>> spec = ChainSpec(stages=(("a",), ("b",), ("c",)), mode="ordered", window_us=None, optional=(2,))
        >>> isinstance(required_depth(spec), nw.Expr)
        True
    """
    if not spec.optional:
        return depth(spec)
    required = [j for j in range(spec.first, len(spec.stages)) if j == spec.first or j not in spec.optional]
    furthest = (nw.when(~nw.col(k(j)).is_null()).then(j - spec.first + 1).otherwise(0) for j in required)
    return nw.max_horizontal(*furthest).cast(nw.Int64)


__all__ = ["depth", "required_depth", "stage_times"]
