"""Per-step windows: a stage must follow the previous stage within a time (GA4's ``withinDurationFromPriorStep``).

``step_window={"Cart": "10min", "Buy": "1h"}`` asks that Cart come at most 10 minutes after
the chain's Visit event and Buy at most an hour after its Cart event, inclusive. With
``window=`` as well, both must hold (``metric-semantics.md``).

Greedy matching is no longer optimal then: the earliest Cart may be too early for any Buy
within the hour, while a later Cart is not. So ordered chains are followed by reachability
instead (:func:`reachable_chains`): for each anchor, the set of stage-``j`` events some valid
chain from it reaches, one join and one group-by per stage. A chain's stage ``j`` is the
earliest of them (it completes the stage earliest), and its time from the previous stage is
measured from the latest previous-stage event that reaches it (column ``p{j}``). Strict chains
have a single candidate at each stage, so there the step window is one more condition on it.

The option is read by :func:`journeywidgets.data.options.parse_step_windows`.

Example:
    >>> prev_time(1)
    'p1'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import narwhals.stable.v2 as nw

from journeywidgets.data import backend
from journeywidgets.data.eventlog_frame import USER


def prev_time(j: int) -> str:
    """Column of the time of the previous stage's event that the chain's stage-``j`` event follows.

    Args:
        j: the stage's 0-based position.

    Returns:
        ``"p{j}"``.

    Example:
        >>> prev_time(2)
        'p2'
    """
    return f"p{j}"


def reachable_chains(
    chains: nw.LazyFrame[Any],
    stage_rows: Callable[[int], nw.LazyFrame[Any]],
    *,
    stages: range,
    window_us: int | None,
    step_windows_us: Sequence[int | None],
    names: Mapping[str, str],
    key_of: Callable[[int], str],
    time_of: Callable[[int], str],
) -> nw.LazyFrame[Any]:
    """Extend each anchor's chain by every stage a valid chain reaches, under per-step windows (ordered mode).

    Args:
        chains: one row per anchor: the user, anchor key and time, and the first stage's key and time.
        stage_rows: a stage position's events: the user, their key ``_ck`` and time ``_ct``.
        stages: the positions of the chains' stages, from the one they start at to the last.
        window_us: the window from the anchor, in µs (None: no limit).
        step_windows_us: one window from the previous stage per stage, in µs (None: no limit).
        names: the chain table's ``anchor_key`` and ``anchor_time`` column names.
        key_of: a stage position's key column name.
        time_of: a stage position's time column name.

    Returns:
        ``chains`` with ``k{j}``, ``t{j}`` and ``p{j}`` for every later stage (null where not reached).
    """
    anchor_key, anchor_time = names["anchor_key"], names["anchor_time"]
    reach = chains.select(
        nw.col(USER),
        nw.col(anchor_key),
        nw.col(anchor_time),
        nw.col(key_of(stages[0])).alias("_rk"),
        nw.col(time_of(stages[0])).alias("_rt"),
    )
    table = chains
    for j in stages[1:]:
        rows = stage_rows(j)
        valid = nw.col("_ck") > nw.col("_rk")
        if step_windows_us[j] is not None:
            valid = valid & (nw.col("_ct") - nw.col("_rt") <= step_windows_us[j])
        if window_us is not None:
            valid = valid & (nw.col("_ct") <= nw.col(anchor_time) + window_us)
        reached = (
            reach.join(rows, on=USER, how="inner")
            .filter(valid)
            .group_by(USER, anchor_key, "_ck")
            .agg(nw.col(anchor_time).min(), nw.col("_ct").min(), nw.col("_rt").max().alias("_pt"))
        )
        reached = backend.checkpoint(reached)  # read twice: for the earliest event and for the next stage
        earliest = reached.group_by(USER, anchor_key).agg(nw.col("_ck").min().alias("_bk"))
        chosen = (
            reached.join(earliest, on=[USER, anchor_key], how="inner")
            .filter(nw.col("_ck") == nw.col("_bk"))
            .select(
                nw.col(USER),
                nw.col(anchor_key),
                nw.col("_ck").alias(key_of(j)),
                nw.col("_ct").alias(time_of(j)),
                nw.col("_pt").alias(prev_time(j)),
            )
        )
        table = backend.checkpoint(table.join(chosen, on=[USER, anchor_key], how="left"))
        reach = reached.select(
            nw.col(USER),
            nw.col(anchor_key),
            nw.col(anchor_time),
            nw.col("_ck").alias("_rk"),
            nw.col("_ct").alias("_rt"),
        )
    return table


__all__ = ["prev_time", "reachable_chains"]
