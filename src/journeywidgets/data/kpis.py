"""Stage KPIs from columns (satisfaction, revenue, NPS/CSAT/CES, any column) and next actions.

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

from collections.abc import Sequence
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.chains import ANCHOR_KEY, ChainSpec, chain_table, depth, k, stage_tie_codes
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import EVENT, KEY, USER, EventLog
from journeywidgets.data.segments import parse_segment
from journeywidgets.data.stages import funnel_stages, stages_with_events
from journeywidgets.model.entities import MetricDef
from journeywidgets.model.journey import Journey

#: Metric kinds computed from the funnel itself rather than from a column.
FUNNEL_KINDS = {"reach": "reached", "conversion": "conv_from_prev", "dropoff": "dropoff", "time_to_convert": "ttc"}
NO_NEXT_EVENT = "(no later event)"


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

    Example:
        >>> from journeywidgets import sample_journey
        >>> [m.id for m in column_metrics(sample_journey())]
        ['csat', 'revenue']
    """
    return tuple(m for m in journey.metrics if m.kind not in FUNNEL_KINDS and m.column)


def stage_kpis(
    data: Any,
    journey: Journey,
    *,
    segment: str | None = None,
    metrics: Sequence[MetricDef] | None = None,
    **log_options: Any,
) -> pd.DataFrame:
    """One row per stage, one column per column metric of the journey (float64, NaN where it does not apply).

    ``metrics`` replaces the journey's column metrics (for a derived series);
    ``log_options`` are the :class:`EventLog` arguments (``user``, ``time``, ``event``, ...).

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> table = stage_kpis(sample_events(n_users=500), sample_journey())
        >>> revenue = table.set_index("stage_id")["revenue"]
        >>> bool(revenue["purchase"] > 0), bool(pd.isna(revenue["awareness"]))
        (True, True)
    """
    log = data if isinstance(data, EventLog) else EventLog(data, **log_options)
    metrics = column_metrics(journey) if metrics is None else tuple(metrics)
    stages = stages_with_events(journey)[0]
    rows: list[dict[str, Any]] = [{"stage": s.name, "stage_id": s.id} for s in stages]
    if not metrics:
        empty: pd.DataFrame = pd.DataFrame(rows, columns=pd.Index(["stage", "stage_id"]))
        return empty
    log.require(sorted({m.column for m in metrics}), role="metric")
    columns = sorted({m.column for m in metrics})
    base = log.frame(columns=columns)
    if segment is not None:
        expression, seg_columns = parse_segment(segment)
        log.require(sorted(seg_columns), role="segment")
        expression, seg_columns = parse_segment(segment, log.schema)
        members = log.frame(columns=sorted(seg_columns)).filter(expression).select(nw.col(USER)).unique()
        base = base.join(
            members, on=USER, how="inner"
        )  # members are unique: an inner join is a semi-join (Dask lacks a working one)
    parts = []
    for index, stage in enumerate(stages):
        rows_here = base.filter(nw.col(EVENT).is_in(list(stage.events)))
        applies = [m for m in metrics if not m.stage_ids or stage.id in m.stage_ids]
        values = [_aggregate(m) if m in applies else nw.lit(None, dtype=nw.Float64).alias(m.id) for m in metrics]
        parts.append(rows_here.select(nw.lit(index).alias("_stage"), *(v.cast(nw.Float64) for v in values)))
    table = backend.collect_pandas(nw.concat(parts, how="vertical")).set_index("_stage")
    for index, row in enumerate(rows):
        for metric in metrics:
            value = table.loc[index, metric.id]
            row[metric.id] = None if pd.isna(value) else float(value)
    result = pd.DataFrame(rows, columns=["stage", "stage_id", *(m.id for m in metrics)])
    typed: pd.DataFrame = result.astype(dict.fromkeys((m.id for m in metrics), "float64"))  # NaN: does not apply
    return typed


def next_actions(
    data: Any,
    stages: Any,
    *,
    mode: str = "ordered",
    window: Any = None,
    top: int | None = 5,
    repeats: bool = False,
    **log_options: Any,
) -> pd.DataFrame:
    """What users who stopped at each stage did next: the first event after their last matched stage.

    GA4's "next action", restricted to abandoners: for each stage where users
    stopped (every stage but the last), the distribution of the next event name,
    with ``(no later event)`` for users whose log ends there. Events of the stage
    the user stopped at (another product view after a product view) are skipped
    unless ``repeats=True``. ``top`` keeps the most frequent events per stage.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> table = next_actions(sample_events(n_users=800), sample_journey())
        >>> list(table.columns)
        ['stage', 'stage_id', 'next_event', 'users', 'share']
    """
    from journeywidgets.data.options import FunnelOptions  # noqa: PLC0415 - avoid an import cycle with funnel

    log = data if isinstance(data, EventLog) else EventLog(data, **log_options)
    definition = funnel_stages(stages)
    options = FunnelOptions.check(mode=mode, window=window, tie_policy="row")
    spec = ChainSpec(
        stages=tuple(s.events for s in definition),
        mode=options.mode,
        window_us=options.window_us,
        tie_codes=None if log.orders_ties else stage_tie_codes([s.events for s in definition]),
    )
    chains = chain_table(log, spec, since=None, until=None, all_rows=True).with_columns(depth(spec).alias("_depth"))
    chains = chains.with_columns(nw.col("_depth").max().over(USER).alias("_best"))
    chains = chains.filter(nw.col("_depth") == nw.col("_best"))
    chains = chains.with_columns(nw.col(ANCHOR_KEY).min().over(USER).alias("_first_anchor"))
    chains = chains.filter(nw.col(ANCHOR_KEY) == nw.col("_first_anchor")).filter(nw.col("_depth") < len(definition))
    last = nw.max_horizontal(*(nw.col(k(j)) for j in range(len(definition))))
    stopped = chains.select(nw.col(USER), nw.col("_depth"), last.alias("_last"))
    events = log.frame(tie_codes=spec.tie_codes).select(nw.col(USER), nw.col(KEY), nw.col(EVENT))
    after = stopped.join(events, on=USER, how="left").filter(nw.col(KEY) > nw.col("_last"))
    if not repeats:
        repeat = nw.lit(value=False)
        for index, stage in enumerate(definition):
            repeat = repeat | ((nw.col("_depth") == index + 1) & nw.col(EVENT).is_in(list(stage.events)))
        after = after.filter(~repeat)
    after = after.with_columns(nw.col(KEY).min().over(USER).alias("_next")).filter(nw.col(KEY) == nw.col("_next"))
    firsts = after.group_by(USER, "_depth").agg(nw.col(EVENT).min())
    counts = backend.collect_pandas(firsts.group_by("_depth", EVENT).agg(nw.len().alias("users")))
    totals = backend.collect_pandas(stopped.group_by("_depth").agg(nw.len().alias("users")))
    return _next_action_frame(counts, totals, definition, top)


def _next_action_frame(
    counts: pd.DataFrame, totals: pd.DataFrame, stages: Sequence[Any], top: int | None
) -> pd.DataFrame:
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise FunnelDefinitionError(f"top must be a positive integer or None, got {top!r}", path="top")
    rows = []
    total_by_depth = dict(zip(totals["_depth"].astype(int), totals["users"].astype(int), strict=True))
    for stopped_depth in sorted(total_by_depth):
        stage = stages[stopped_depth - 1]
        mine = counts[counts["_depth"] == stopped_depth].sort_values(["users", EVENT], ascending=[False, True])
        total = total_by_depth[stopped_depth]
        entries = list(zip(mine[EVENT], mine["users"].astype(int), strict=True))
        without = total - sum(n for _, n in entries)
        if without:
            entries.append((NO_NEXT_EVENT, without))
        entries.sort(key=lambda item: (-item[1], item[0]))
        for name, users in entries[:top] if top is not None else entries:
            rows.append(
                {"stage": stage.name, "stage_id": stage.id, "next_event": name, "users": users, "share": users / total}
            )
    table: pd.DataFrame = pd.DataFrame(rows, columns=pd.Index(["stage", "stage_id", "next_event", "users", "share"]))
    return table
