"""Retention as a stage metric: of the units at a stage, the share that came back within a window.

A journey metric of ``kind="retention"`` (``journey.add_metric("Back within a week",
kind="retention", events=["visit"], window="7D", unit="%")``) gives each stage a number for
its metric lane, per persona too:

- **Who**: the units the funnel counts at the stage, under the funnel's options (mode,
  window, segment, date range, ...), each at the instant it reached the stage (the
  earliest completion, the instant :func:`~journeywidgets.users` reports as ``stage_time``).
- **Back**: a unit is retained when one of the metric's ``events`` (any event when the
  list is empty) falls after that instant and at most ``window`` later, inclusive:
  ``(stage_time, stage_time + window]``. The window is an elapsed duration, like the
  funnel's, so "7D" is 168 hours. An event at the very instant of the stage is no return.
- **Only windows seen to the end**: a unit whose window has not ended by the log's last
  event (of any kind, any user) is left out of the stage's count, as Amplitude and PostHog
  leave out incomplete cohorts: it could still come back. A stage with no such unit has no
  value (None), not 0.

The counts run in the log's engine (one join of each stage's units with the return events);
only two numbers per stage and metric are collected. This is N-day retention *from a
stage*; :func:`~journeywidgets.retention` is the calendar cohort table from a start event.

Example:
    >>> import pandas as pd, journeywidgets as jw
    >>> raw = pd.DataFrame({"user_id": ["a", "a", "b", "c"], "event": ["buy", "visit", "buy", "visit"],
    ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-02 09:00",
    ...                                                  "2026-01-01 11:00", "2026-01-09 12:00"])})
    >>> journey = jw.Journey("Shop"); _ = journey.add_stage("Buy", events=["buy"])
    >>> _ = journey.add_metric("Back in 2 days", id="back", kind="retention", events=["visit"], window="2D")
    >>> stage_retention(raw, journey)["back"].tolist()  # a came back, b did not
    [0.5]
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.cohorts import AT, chain_tables, stage_members
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import TIME, USER, EventLog
from journeywidgets.data.options import parse_window
from journeywidgets.data.request import funnel_request
from journeywidgets.data.segments import with_segment
from journeywidgets.data.stages import stages_with_events
from journeywidgets.data.trend import last_event_us
from journeywidgets.model.entities import MetricDef
from journeywidgets.model.journey import Journey


def retention_metrics(journey: Journey) -> tuple[MetricDef, ...]:
    """The journey's metrics of kind ``"retention"``, in its order.

    Args:
        journey: the journey whose metrics are read.

    Returns:
        Those metric definitions.

    Example:
        >>> from journeywidgets import sample_journey
        >>> retention_metrics(sample_journey())
        ()
    """
    return tuple(m for m in journey.metrics if m.kind == "retention")


def _window_us(metric: MetricDef) -> int:
    path = f"metrics[{metric.id!r}].window"
    if not metric.window.strip():
        msg = f"{path}: a retention metric needs a window such as '7D' (the time a return counts in)"
        raise FunnelDefinitionError(msg, path=path)
    return cast("int", parse_window(metric.window, name=path))  # None only for None


def stage_retention(
    data: Any,
    journey: Journey,
    *,
    segment: str | None = None,
    funnel_options: Mapping[str, Any] | None = None,
    **log_options: Any,
) -> pd.DataFrame:
    """Each retention metric of the journey per stage: the share of the stage's units back within its window.

    See the module docstring for who is counted and what a return is.

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        journey: the journey whose stages and retention metrics are read.
        segment: a filter selecting the units counted (a persona's segment).
        funnel_options: the funnel's options (those of :func:`~journeywidgets.funnel`, not ``by``).
        **log_options: the :class:`EventLog` arguments (``user``, ``time``, ``event``, ...).

    Returns:
        Columns ``stage``, ``stage_id`` and one float column per retention metric (NaN where
        no unit's window has ended, or the metric names other stages). ``attrs["units"]``
        holds, per metric and stage, how many units the share is of.

    Raises:
        FunnelDefinitionError: naming ``metrics['<id>'].window`` when a metric's window is
            empty or cannot be read.
        EventLogError: (or a subclass) for the log and the funnel's options, as in ``funnel``.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> list(stage_retention(sample_events(n_users=50), sample_journey()).columns)
        ['stage', 'stage_id']
    """
    log = data if isinstance(data, EventLog) else EventLog(data, **log_options)
    metrics = retention_metrics(journey)
    windows = {m.id: _window_us(m) for m in metrics}
    stages = stages_with_events(journey)[0]
    table: pd.DataFrame = pd.DataFrame({"stage": [s.name for s in stages], "stage_id": [s.id for s in stages]})
    units: dict[str, dict[str, int]] = {m.id: {} for m in metrics}
    if not metrics or not stages:
        table.attrs["units"] = units
        return table
    request = funnel_request(log, stages, **with_segment(dict(funnel_options or {}), segment))
    last = last_event_us(request)
    returns = {m.id: _returns(request.segmented_log(), m) for m in metrics}
    tables = chain_tables(request)  # one set of chains for every stage
    parts: list[nw.LazyFrame[Any]] = []
    slots: list[tuple[str, str]] = []
    for index, stage in enumerate(stages):
        members = backend.shared(stage_members(request, index, tables=tables).select(nw.col(USER), nw.col(AT)))
        for metric in metrics:
            if metric.stage_ids and stage.id not in metric.stage_ids:
                continue
            window = windows[metric.id]
            seen = members.filter(nw.col(AT) + window <= last)
            back = (
                seen.join(returns[metric.id], on=USER, how="inner")
                .filter((nw.col(TIME) > nw.col(AT)) & (nw.col(TIME) <= nw.col(AT) + window))
                .select(nw.col(USER))
                .unique()
            )
            slot = len(slots)
            slots.append((metric.id, stage.id))
            parts.append(seen.select(nw.lit(2 * slot).alias("_slot"), nw.len().alias("_n")))
            parts.append(back.select(nw.lit(2 * slot + 1).alias("_slot"), nw.len().alias("_n")))
    if not parts:  # every metric names only stages without events: nothing to count
        for metric in metrics:
            table[metric.id] = float("nan")
        table.attrs["units"] = units
        return table
    counts = backend.collect_pandas(nw.concat(parts, how="vertical")).set_index("_slot")["_n"]
    values: dict[str, dict[str, float]] = {m.id: {} for m in metrics}
    for slot, (metric_id, stage_id) in enumerate(slots):
        seen_n, back_n = int(counts.get(2 * slot, 0)), int(counts.get(2 * slot + 1, 0))
        units[metric_id][stage_id] = seen_n
        values[metric_id][stage_id] = back_n / seen_n if seen_n else float("nan")
    for metric in metrics:
        table[metric.id] = [values[metric.id].get(stage_id, float("nan")) for stage_id in table["stage_id"]]
        table[metric.id] = table[metric.id].astype("float64")
    table.attrs["units"] = units
    return table


def _returns(log: EventLog, metric: MetricDef) -> nw.LazyFrame[Any]:
    """The unit and time of every return event of ``metric`` (any event when it names none)."""
    names = list(dict.fromkeys(metric.events)) or None
    return log.frame(events=names, numbered=False).select(nw.col(USER), nw.col(TIME))


__all__ = ["retention_metrics", "stage_retention"]
