"""Closed funnels: every user enters at stage 1; counts, conversion and time to convert per stage.

Example:
    >>> from journeywidgets import funnel, sample_events
    >>> result = funnel(sample_events(n_users=300), {"Ad": "ad_click", "Landing": "landing_view"})
    >>> list(result.columns[:5])
    ['stage', 'stage_id', 'stage_index', 'reached', 'conv_from_prev']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.chain_reads import stage_times
from journeywidgets.data.chains import STAGE, ChainSpec
from journeywidgets.data.eventlog import USER

CLOSED_COLUMNS: tuple[str, ...] = (
    "stage",
    "stage_id",
    "stage_index",
    "reached",
    "conv_from_prev",
    "conv_from_first",
    "dropoff",
    "ttc_first_median_s",
    "ttc_first_mean_s",
    "ttc_first_p90_s",
    "ttc_prev_median_s",
    "ttc_prev_mean_s",
    "ttc_prev_p90_s",
)
_TTC = ("median", "mean", "p90")


def _timing(column: nw.Expr, stat: str) -> nw.Expr:
    if stat == "median":
        return column.median()
    if stat == "mean":
        return column.mean()
    return column.quantile(0.9, interpolation="linear")


def closed_query(
    chains: nw.LazyFrame[Any], spec: ChainSpec, by: Sequence[str], *, p90: bool = False
) -> nw.LazyFrame[Any]:
    """One row per (breakdown group, stage): ``reached`` and time-to-convert statistics (seconds).

    Median and mean always; the 90th percentile when ``p90`` (each quantile costs
    a sort). ``by`` columns must already be on the chains, one value per user.

    Args:
        chains: the chain table (see :func:`~journeywidgets.data.chains.chain_table`).
        spec: the chains' definition.
        by: the breakdown columns.
        p90: also compute the 90th percentiles (null on Dask, whose grouped quantile
            returns the median).

    Returns:
        A lazy frame: the ``by`` columns, ``_stage``, ``reached`` and
        ``ttc_{first,prev}_{median,mean}_s`` (and ``..._p90_s`` with ``p90``).

    Example:
        >>> from journeywidgets.data.chains import chain_table
        >>> from journeywidgets.data.eventlog import EventLog
        >>> import pandas as pd
        >>> raw = pd.DataFrame({"user_id": ["a", "a", "a", "b"], "event": ["visit", "visit", "buy", "visit"],
        ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:02",
        ...                                                  "2026-01-01 10:05", "2026-01-01 09:00"])})
        >>> spec = ChainSpec(stages=(("visit",), ("buy",)), mode="ordered", window_us=None)
        >>> chains = chain_table(EventLog(raw, engine="pandas"), spec, since=None, until=None)
        >>> table = backend.collect_pandas(closed_query(chains, spec, [])).sort_values(STAGE)
        >>> table["reached"].tolist(), table["ttc_first_median_s"].tolist()[1]  # latest anchor: 10:02 -> 10:05
        ([2, 1], 180.0)
    """
    chains = backend.shared(chains)
    stacked = stage_times(chains, spec)
    if by:
        stacked = stacked.join(chains.select(nw.col(USER), *map(nw.col, by)).unique(), on=USER, how="left")
    # Dask's grouped quantile ignores the quantile asked for (it returns the median): no p90 there
    exact_p90 = not stacked.implementation.is_dask()
    stats = [nw.col(USER).count().alias("reached")]  # not nw.len(): Dask cannot mix it with a median
    missing = []
    for kind in ("first", "prev"):
        for stat in _TTC if p90 else _TTC[:2]:
            name = f"ttc_{kind}_{stat}_s"
            if stat == "p90" and not exact_p90:
                missing.append(nw.lit(None, nw.Float64).alias(name))
            else:
                stats.append(_timing(nw.col(f"ttc_{kind}"), stat).alias(name))
    grouped = stacked.group_by(*by, STAGE).agg(*stats)
    return grouped.with_columns(*missing) if missing else grouped


def _rate(numerator: int, denominator: int) -> float | None:
    return float(numerator) / denominator if denominator else None


def _seconds(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def closed_frame(
    aggregates: pd.DataFrame,
    names: Sequence[str],
    ids: Sequence[str],
    by: Sequence[str],
    *,
    prior: Sequence[int] | None = None,
) -> pd.DataFrame:
    """Turn the collected aggregates into the result: one row per stage per group, stages with no one included.

    Args:
        aggregates: the collected :func:`closed_query`.
        names: the stage names, in order.
        ids: the stage ids, in order.
        by: the breakdown columns.
        prior: per stage, the stage it is compared with (``conv_from_prev``, ``dropoff``):
            the previous one by default, the last required one with optional stages.

    Returns:
        One row per (group, stage): the ``by`` columns, ``stage``, ``stage_id``,
        ``stage_index``, ``reached``, ``conv_from_prev``, ``conv_from_first``,
        ``dropoff`` and the timings found (float64, NaN where undefined and at the
        first stage), sorted by group when ``by`` is given.

    Example:
        >>> agg = pd.DataFrame({"_stage": [0, 1], "reached": [10, 4], **{f"ttc_{k}_{s}_s": [None, 5.0]
        ...                     for k in ("first", "prev") for s in ("median", "mean")}})
        >>> closed_frame(agg, ["A", "B"], ["a", "b"], [])["conv_from_prev"].tolist()
        [1.0, 0.4]
        >>> closed_frame(agg, ["A", "B"], ["a", "b"], [])["ttc_first_median_s"].tolist()
        [nan, 5.0]
    """
    timings = [c for c in CLOSED_COLUMNS[7:] if c in aggregates.columns]
    groups = list(aggregates[list(by)].drop_duplicates().itertuples(index=False, name=None)) if by else [()]
    indexed = aggregates.set_index([*by, STAGE])
    before = list(prior) if prior is not None else [max(j - 1, 0) for j in range(len(names))]
    rows = []
    for group in groups:
        keys = [(*group, j) if by else j for j in range(len(names))]
        found = [key in indexed.index for key in keys]
        reached = [int(indexed.loc[keys[j], "reached"]) if found[j] else 0 for j in range(len(names))]
        for j, (name, stage_id) in enumerate(zip(names, ids, strict=True)):
            row: dict[str, Any] = dict(zip(by, group, strict=True))
            row |= {"stage": name, "stage_id": stage_id, "stage_index": j, "reached": reached[j]}
            row["conv_from_prev"] = _rate(reached[j], reached[before[j]]) if j else _rate(reached[0], reached[0])
            row["conv_from_first"] = _rate(reached[j], reached[0])
            row["dropoff"] = reached[before[j]] - reached[j] if j else 0
            for column in timings:
                row[column] = _seconds(indexed.loc[keys[j], column]) if found[j] and j else None
            rows.append(row)
    frame: pd.DataFrame = pd.DataFrame(rows, columns=[*by, *CLOSED_COLUMNS[:7], *timings])
    for column in ("conv_from_prev", "conv_from_first", *timings):  # float64, NaN where undefined
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    if by:
        frame = frame.sort_values([*by, "stage_index"], kind="stable").reset_index(drop=True)
    return frame
