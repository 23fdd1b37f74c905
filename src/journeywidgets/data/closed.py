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

import narwhals as nw
import pandas as pd

from journeywidgets.data.chains import ChainSpec, per_user, t

CLOSED_COLUMNS: tuple[str, ...] = (
    "stage",
    "stage_id",
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


def closed_query(chains: nw.LazyFrame[Any], spec: ChainSpec, by: Sequence[str], *, p90: bool = False) -> nw.LazyFrame[Any]:
    """One row per breakdown group: ``reached{j}`` and time-to-convert statistics per stage (seconds).

    Median and mean always; the 90th percentile when ``p90`` (each quantile costs a sort).

    Example:
        >>> isinstance(closed_query, object)
        True
    """
    users = per_user(chains, spec, by=by)
    seconds = []
    for j in range(1, len(spec.stages)):
        seconds += [
            ((nw.col(t(j)) - nw.col(f"a{j}")) / 1_000_000).alias(f"first{j}"),
            ((nw.col(t(j)) - nw.col(f"p{j}")) / 1_000_000).alias(f"prev{j}"),
        ]
    users = users.with_columns(*seconds) if seconds else users
    stats = [nw.col(t(j)).count().alias(f"reached{j}") for j in range(len(spec.stages))]
    # Dask's grouped quantile ignores the quantile asked for (it returns the median): no p90 there
    exact_p90 = not (by and chains.implementation.is_dask())
    missing = []
    for j in range(1, len(spec.stages)):
        for kind in ("first", "prev"):
            for stat in _TTC if p90 else _TTC[:2]:
                if stat == "p90" and not exact_p90:
                    missing.append(nw.lit(None, nw.Float64).alias(f"{kind}_{stat}{j}"))
                else:
                    stats.append(_timing(nw.col(f"{kind}{j}"), stat).alias(f"{kind}_{stat}{j}"))
    if missing:
        return users.group_by(*by).agg(*stats).with_columns(*missing)
    return users.group_by(*by).agg(*stats) if by else users.select(*stats)


def _rate(numerator: int, denominator: int) -> float | None:
    return float(numerator) / denominator if denominator else None


def _seconds(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def closed_frame(
    aggregates: pd.DataFrame, names: Sequence[str], ids: Sequence[str], by: Sequence[str]
) -> pd.DataFrame:
    """Turn the collected aggregates (one row per group) into the long result: one row per stage per group.

    Example:
        >>> agg = pd.DataFrame({"reached0": [10], "reached1": [4], **{f"{k}_{s}1": [5.0] for k in ("first", "prev")
        ...                      for s in ("median", "mean", "p90")}})
        >>> closed_frame(agg, ["A", "B"], ["a", "b"], [])["conv_from_prev"].tolist()
        [1.0, 0.4]
    """
    stats = [stat for stat in _TTC if f"first_{stat}1" in aggregates.columns or stat != "p90"]
    rows = []
    for _, group in aggregates.iterrows():
        reached = [int(group[f"reached{j}"]) for j in range(len(names))]
        for j, (name, stage_id) in enumerate(zip(names, ids, strict=True)):
            row: dict[str, Any] = {col: group[col] for col in by}
            row |= {"stage": name, "stage_id": stage_id, "stage_index": j, "reached": reached[j]}
            row["conv_from_prev"] = _rate(reached[j], reached[j - 1]) if j else _rate(reached[0], reached[0])
            row["conv_from_first"] = _rate(reached[j], reached[0])
            row["dropoff"] = reached[j - 1] - reached[j] if j else 0
            for kind in ("first", "prev"):
                for stat in stats:
                    row[f"ttc_{kind}_{stat}_s"] = _seconds(group[f"{kind}_{stat}{j}"]) if j else None
            rows.append(row)
    columns = [*by, "stage", "stage_id", "stage_index", *CLOSED_COLUMNS[2:6]]
    columns += [f"ttc_{kind}_{stat}_s" for kind in ("first", "prev") for stat in stats]
    frame = pd.DataFrame(rows, columns=columns)
    for column in columns[len(by) + 4 :]:
        if column != "dropoff":
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    if by:
        frame = frame.sort_values([*by, "stage_index"], kind="stable").reset_index(drop=True)
    return frame
