"""How long users take to reach a stage: the distribution behind the funnel's time to convert.

``time_to_convert(data, stages, stage, bins=10)`` takes, for every user the funnel
counts at ``stage``, the seconds from the stage-1 event to the stage on the chain that
completes it earliest (latest anchor among ties): the funnel's ``ttc_first``, so the
median here is the funnel's ``ttc_first_median_s``. One number per such user is
collected (the histogram and percentiles are then exact on every engine).

- ``bins`` is a number of equal-width bins from 0 to the slowest user's time, or the
  bin edges in seconds (numbers) or durations (``"1h"``, ``timedelta``), increasing.
  Bins are ``[left, right)``, the last one closed; times outside the edges are counted
  in ``outside``.
- Percentiles (p25, p50, p75, p90) interpolate linearly, as the funnel's median does.

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> result = time_to_convert(sample_events(n_users=500), sample_journey(), "purchase", bins=4)
    >>> len(result.histogram), int(result.histogram["users"].sum()) == result.users
    (4, True)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.cohorts import AT, ENTRY, stage_members
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.options import parse_window
from journeywidgets.data.request import funnel_request
from journeywidgets.data.stages import stage_position
from journeywidgets.data.trend import check_closed
from journeywidgets.model.journey import Journey

PERCENTILES: tuple[float, ...] = (0.25, 0.5, 0.75, 0.9)


@dataclass(frozen=True)
class TimeToConvert:
    """The distribution of the time to reach one stage from the stage-1 event.

    Example:
        >>> TimeToConvert("Buy", "buy", 0, pd.DataFrame(), {}).users
        0
    """

    stage: str
    stage_id: str
    users: int
    histogram: pd.DataFrame
    percentiles: dict[str, float]
    mean_s: float = math.nan
    outside: int = 0
    attrs: dict[str, Any] = field(default_factory=dict)


def _is_zero(edge: Any) -> bool:
    """Whether a duration edge is zero (``"0s"``, ``timedelta(0)``), which a window may not be."""
    try:
        return bool(pd.Timedelta(edge) == pd.Timedelta(0))
    except (ValueError, TypeError, OverflowError):
        return False


def _edges(bins: Any, slowest: float) -> list[float]:
    if isinstance(bins, int) and not isinstance(bins, bool):
        if bins < 1:
            raise FunnelDefinitionError(f"bins must be a positive number of bins or bin edges, got {bins}", path="bins")
        top = slowest if slowest > 0 else 1.0
        return [top * i / bins for i in range(bins + 1)]
    if isinstance(bins, str) or not isinstance(bins, Sequence) or len(bins) < 2:  # noqa: PLR2004 - one bin
        msg = f"bins must be a number of bins or at least two bin edges (seconds or durations), got {bins!r}"
        raise FunnelDefinitionError(msg, path="bins")
    edges = []
    for edge in bins:
        if isinstance(edge, int | float) and not isinstance(edge, bool):
            edges.append(float(edge))
        else:
            micros = 0 if _is_zero(edge) else parse_window(edge, name="bins")
            edges.append(0.0 if micros is None else micros / 1_000_000)
    if any(b <= a for a, b in itertools.pairwise(edges)):
        raise FunnelDefinitionError(f"bins: edges must increase, got {bins!r}", path="bins")
    return edges


def time_to_convert(
    data: Any,
    stages: Journey | Mapping[str, Any] | Sequence[Any],
    stage: str | int,
    bins: int | Sequence[Any] = 10,
    **options: Any,
) -> TimeToConvert:
    """The histogram and percentiles of the seconds users took from the stage-1 event to ``stage``.

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        stages: a :class:`Journey` or ``{stage: event or [events]}``.
        stage: a stage id, name or 0-based position after the first.
        bins: a number of equal-width bins, or increasing bin edges (seconds or durations).
        **options: the options of :func:`~journeywidgets.funnel` (closed funnels: not ``open`` or ``by``).

    Returns:
        A :class:`TimeToConvert`: ``histogram`` (``left_s``, ``right_s``, ``users``,
        ``share``), ``percentiles`` (``p25``, ``p50``, ``p75``, ``p90``; NaN when nobody
        reached the stage), ``mean_s``, ``users`` and ``outside``.

    Raises:
        FunnelDefinitionError: naming ``stage`` (unknown, or the first stage), ``bins``, ``open`` or ``by``.
        EventLogError: (or a subclass) for the log and the funnel's options.

    Example:
        >>> import pandas as pd
        >>> raw = pd.DataFrame({"user_id": ["a", "a", "b", "b"], "event": ["visit", "buy"] * 2,
        ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:01",
        ...                                                  "2026-01-01 11:00", "2026-01-01 11:03"])})
        >>> result = time_to_convert(raw, {"Visit": "visit", "Buy": "buy"}, "Buy", bins=[0, "2min", "5min"])
        >>> result.histogram["users"].tolist(), result.percentiles["p50"]
        ([1, 1], 120.0)
    """
    check_closed(options, "time_to_convert")
    request = funnel_request(data, stages, **options)
    index = stage_position(request.stages, stage)
    if index == 0:
        msg = "time_to_convert measures from the first stage: give a later stage"
        raise FunnelDefinitionError(msg, path="stage")
    members = stage_members(request, index)
    seconds_frame = backend.collect_pandas(
        members.select(((nw.col(AT) - nw.col(ENTRY)) / 1_000_000).cast(nw.Float64).alias("_s"))
    )
    seconds = np.sort(seconds_frame["_s"].to_numpy(dtype="float64"))
    edges = _edges(bins, float(seconds[-1]) if len(seconds) else 0.0)
    counts, _ = np.histogram(seconds, bins=np.asarray(edges))
    inside = int(counts.sum())
    histogram = pd.DataFrame(
        {
            "left_s": np.asarray(edges[:-1], dtype="float64"),
            "right_s": np.asarray(edges[1:], dtype="float64"),
            "users": counts.astype("int64"),
            "share": counts / len(seconds) if len(seconds) else np.full(len(counts), np.nan),
        }
    )
    percentiles = {
        f"p{round(q * 100)}": float(np.quantile(seconds, q)) if len(seconds) else math.nan for q in PERCENTILES
    }
    chosen = request.stages[index]
    return TimeToConvert(
        stage=chosen.name,
        stage_id=chosen.id,
        users=len(seconds),
        histogram=histogram,
        percentiles=percentiles,
        mean_s=float(seconds.mean()) if len(seconds) else math.nan,
        outside=len(seconds) - inside,
        attrs={"window_s": None if request.options.window_us is None else request.options.window_us / 1e6},
    )


__all__ = ["PERCENTILES", "TimeToConvert", "time_to_convert"]
