"""Stage KPIs from columns (satisfaction, revenue, NPS/CSAT/CES, any column), over the funnel's users.

A column metric aggregates its column over the rows whose event marks the stage
(optionally only for a segment's users). Formulas: ``nps`` is the share of
9-10 scores minus the share of 0-6 scores, times 100; ``csat`` with
``aggregation="rate"`` is the share of 4-5 scores on a 1-5 scale (top-2 box),
otherwise the mean; ``ces`` is the mean effort score.

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> table = stage_kpis(sample_events(n_users=500), sample_journey())
    >>> sorted(table.columns)
    ['csat', 'revenue', 'stage', 'stage_id']
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.chains import STAGE
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import EVENT, USER, EventLog
from journeywidgets.data.members import reached_stages
from journeywidgets.data.request import funnel_request
from journeywidgets.data.segments import with_segment
from journeywidgets.data.stages import stages_with_events
from journeywidgets.model.entities import MetricDef
from journeywidgets.model.journey import Journey

#: Metric kinds computed from the funnel itself rather than from a column.
FUNNEL_KINDS = {"reach": "reached", "conversion": "conv_from_prev", "dropoff": "dropoff", "time_to_convert": "ttc"}
Population = Literal["funnel", "all"]
POPULATIONS: tuple[str, ...] = get_args(Population)


def _aggregate(metric: MetricDef) -> nw.Expr:
    value = nw.col(metric.column).cast(nw.Float64)
    if metric.kind == "nps":
        valid = value.is_null().__invert__().cast(nw.Int64).sum()
        promoters = (value >= 9).cast(nw.Int64).sum()  # noqa: PLR2004 - the NPS formula
        detractors = (value <= 6).cast(nw.Int64).sum()  # noqa: PLR2004
        return ((promoters - detractors) * 100.0 / valid).alias(metric.id)
    if metric.kind == "csat" and metric.aggregation == "rate":
        return ((value >= 4).cast(nw.Float64).mean() * 100.0).alias(metric.id)  # noqa: PLR2004 - top-2 box of 1-5
    simple = {
        "mean": value.mean(),
        "median": value.median(),
        "sum": value.sum(),
        "count": value.count(),
        "unique": nw.col(metric.column).n_unique(),
        "p90": value.quantile(0.9, interpolation="linear"),
        "rate": value.mean(),
    }
    return simple[metric.aggregation].alias(metric.id)


def column_metrics(journey: Journey) -> tuple[MetricDef, ...]:
    """The journey's metrics that are computed from a column (not from the funnel).

    Args:
        journey: the journey whose metrics are read.

    Returns:
        The metrics of a kind not in ``FUNNEL_KINDS`` (nor ``"retention"``, see
        :mod:`~journeywidgets.data.stage_retention`) that name a column, in the journey's order.

    Example:
        >>> from journeywidgets import sample_journey
        >>> [m.id for m in column_metrics(sample_journey())]
        ['csat', 'revenue']
    """
    return tuple(m for m in journey.metrics if m.kind not in FUNNEL_KINDS and m.kind != "retention" and m.column)


def stage_kpis(
    data: Any,
    journey: Journey,
    *,
    segment: str | None = None,
    metrics: Sequence[MetricDef] | None = None,
    population: Population = "funnel",
    funnel_options: Mapping[str, Any] | None = None,
    **log_options: Any,
) -> pd.DataFrame:
    """One row per stage, one column per column metric of the journey (float64, NaN where it does not apply).

    A stage's value aggregates its metric column over the rows of the stage's events.
    With ``population="funnel"`` (the default) only rows of users the funnel counts at
    that stage are read, under the funnel's options (``funnel_options``: ``mode``,
    ``window``, ``open``, ``date_range``, ``tie_policy``; rows before the date range are
    left out); ``"all"`` reads every row of the stage's events. ``segment`` keeps one
    segment's users either way.

    Args:
        data: the event log.
        journey: the journey whose stages and metrics are read.
        segment: a filter selecting the users counted.
        metrics: replaces the journey's column metrics (for a derived series).
        population: ``"funnel"`` or ``"all"``.
        funnel_options: the funnel's options (those of :func:`~journeywidgets.funnel`).
        **log_options: the :class:`EventLog` arguments (``user``, ``time``, ``event``, ...).

    Returns:
        Columns ``stage``, ``stage_id`` and one per metric.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> table = stage_kpis(sample_events(n_users=500), sample_journey())
        >>> revenue = table.set_index("stage_id")["revenue"]
        >>> bool(revenue["purchase"] > 0), bool(pd.isna(revenue["awareness"]))
        (True, True)
    """
    if population not in POPULATIONS:
        msg = f"population must be one of {', '.join(map(repr, POPULATIONS))}, got {population!r}"
        raise FunnelDefinitionError(msg, path="population")
    log = data if isinstance(data, EventLog) else EventLog(data, **log_options)
    metrics = column_metrics(journey) if metrics is None else tuple(metrics)
    if metrics and stages_with_events(journey)[0]:
        log.require(sorted({m.column for m in metrics}), role="metric")
    options = funnel_options
    return _population_kpis(log, journey, {None: segment}, metrics, population=population, funnel_options=options)[None]


def kpis_by_segment(
    log: EventLog,
    journey: Journey,
    segments: Mapping[str | None, str | None],
    *,
    metrics: Sequence[MetricDef] | None = None,
    funnel_options: Mapping[str, Any] | None = None,
) -> dict[str | None, pd.DataFrame]:
    """:func:`stage_kpis` of several segments of one log (all users and each persona), in one query.

    Every segment's table is the one ``stage_kpis(log, journey, segment=...)`` returns (with
    ``population="funnel"``, equal up to floating-point rounding: an engine may add a segment's
    values in another order); the engine reads the log's metric columns once for all of them.

    Args:
        log: the event log.
        journey: the journey whose stages and metrics are read.
        segments: a filter per key (``None``: every user), e.g. ``{None: None, "maya": "device == 'mobile'"}``.
        metrics: replaces the journey's column metrics.
        funnel_options: the funnel's options (those of :func:`~journeywidgets.funnel`).

    Returns:
        ``{key: table}``, each as :func:`stage_kpis` returns it.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> events, journey = sample_events(n_users=400), sample_journey()
        >>> tables = kpis_by_segment(EventLog(events), journey, {None: None, "mobile": "device == 'mobile'"})
        >>> alone = stage_kpis(events, journey, segment="device == 'mobile'")
        >>> pd.testing.assert_frame_equal(tables["mobile"], alone, rtol=1e-12)  # sums agree to rounding
    """
    metrics = column_metrics(journey) if metrics is None else tuple(metrics)
    if metrics and stages_with_events(journey)[0]:
        log.require(sorted({m.column for m in metrics}), role="metric")
    return _population_kpis(log, journey, segments, metrics, population="funnel", funnel_options=funnel_options)


def _population_kpis(
    log: EventLog,
    journey: Journey,
    segments: Mapping[str | None, str | None],
    metrics: Sequence[MetricDef],
    *,
    population: Population,
    funnel_options: Mapping[str, Any] | None,
) -> dict[str | None, pd.DataFrame]:
    """Each segment's KPI table; every (segment, stage) aggregate is a part of one query, collected once."""
    stages = stages_with_events(journey)[0]
    rows: list[dict[str, Any]] = [{"stage": s.name, "stage_id": s.id} for s in stages]
    if not metrics or not stages:
        empty = pd.DataFrame(rows, columns=pd.Index(["stage", "stage_id", *(m.id for m in metrics)]))
        typed_empty: pd.DataFrame = empty.astype(dict.fromkeys((m.id for m in metrics), "float64"))
        return {key: typed_empty.copy() for key in segments}
    columns = sorted({m.column for m in metrics})
    parts = []
    for number, segment in enumerate(segments.values()):
        request = funnel_request(log, stages, **with_segment(dict(funnel_options or {}), segment))
        members = None
        if population == "funnel":
            members = backend.shared(reached_stages(request))
            base = request.segmented_log().frame(columns=columns, since=request.bounds[0])
        else:
            base = request.segmented_log().frame(columns=columns)
        for index, stage in enumerate(stages):
            rows_here = base.filter(nw.col(EVENT).is_in(list(stage.events)))
            if members is not None:
                counted = members.filter(nw.col(STAGE) == index).select(nw.col(USER))
                rows_here = rows_here.join(counted, on=USER, how="inner")
            applies = [m for m in metrics if not m.stage_ids or stage.id in m.stage_ids]
            values = [_aggregate(m) if m in applies else nw.lit(None, dtype=nw.Float64).alias(m.id) for m in metrics]
            part = number * len(stages) + index
            parts.append(rows_here.select(nw.lit(part).alias("_part"), *(v.cast(nw.Float64) for v in values)))
    table = backend.collect_pandas(nw.concat(parts, how="vertical")).set_index("_part")
    tables = {}
    for number, key in enumerate(segments):
        result = pd.DataFrame(
            [
                {**row, **{m.id: table.loc[number * len(stages) + index, m.id] for m in metrics}}
                for index, row in enumerate(rows)
            ],
            columns=["stage", "stage_id", *(m.id for m in metrics)],
        )
        typed: pd.DataFrame = result.astype(dict.fromkeys((m.id for m in metrics), "float64"))  # NaN: n/a
        tables[key] = typed
    return tables
