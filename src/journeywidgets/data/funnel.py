"""``funnel()``: stage metrics computed from an event log, on any dataframe engine.

Implements ``metric-semantics.md`` section 2: ordered, strict and any-order
funnels, closed or open, with an optional conversion window measured from the
stage-1 event (inclusive), breakdowns with attribution, persona segments and an
entry date range. The work is a lazy narwhals query run inside the user's engine;
only per-stage aggregates are collected.

Example:
    >>> from journeywidgets import funnel, sample_events
    >>> log = sample_events(n_users=2_000, seed=1)
    >>> result = funnel(log, {"Ad": "ad_click", "Landing": "landing_view", "Product": "product_view"})
    >>> result[["stage", "reached"]].to_dict("list")
    {'stage': ['Ad', 'Landing', 'Product'], 'reached': [1524, 1398, 1079]}
    >>> result.attrs["dropped_null_user"], result.attrs["timezone"]
    (0, 'UTC')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.breakdown import best_chains, by_columns, check_attribution, top_values, user_buckets
from journeywidgets.data.chains import ChainSpec, chain_table, stage_tie_codes
from journeywidgets.data.closed import closed_frame, closed_query
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import EVENT, KEY, USER, EventLog
from journeywidgets.data.open import open_frame, open_query
from journeywidgets.data.options import FunnelOptions, parse_date_range
from journeywidgets.data.segments import parse_segment
from journeywidgets.data.stages import FunnelStage, funnel_stages, warn_unknown_events
from journeywidgets.model.journey import Journey

DEFINITIONS: dict[str, str] = {
    "reached": "units counted at the stage (closed: entered at stage 1 and reached it in order)",
    "conv_from_prev": "reached / reached at the previous stage (NaN when that is 0)",
    "conv_from_first": "reached / reached at stage 1 (NaN when that is 0)",
    "dropoff": "reached at the previous stage - reached here",
    "ttc_first_*_s": "seconds from the stage-1 event to this stage's event, on the chain that completes it earliest",
    "ttc_prev_*_s": "seconds from the previous stage's event to this one, on the same chain",
    "continued": "open funnels: units with a chain through this stage to the next",
    "abandoned": "open funnels: reached - continued",
    "completion_rate": "open funnels: continued / reached (not reached[k+1] / reached[k])",
    "first_entry_here": "open funnels: units whose first funnel event belongs to this stage",
}


@dataclass(frozen=True)
class _Request:
    log: EventLog
    stages: tuple[FunnelStage, ...]
    options: FunnelOptions
    open: bool
    by: tuple[str, ...]
    attribution: str
    limit: int | None
    segment: str | None
    bounds: tuple[pd.Timestamp | None, pd.Timestamp | None]
    ttc_p90: bool = False


def funnel(
    data: Any,
    stages: Journey | Mapping[str, Any] | Sequence[Any],
    *,
    user: str = "user_id",
    time: str = "timestamp",
    event: str = "event",
    mode: str = "ordered",
    window: Any = None,
    open: bool = False,  # noqa: A002 - the spec's name for open funnels
    by: str | Sequence[str] | None = None,
    attribution: str = "entry",
    limit: int | None = 10,
    segment: str | None = None,
    date_range: Any = None,
    tz: str | None = None,
    order: str | None = None,
    tie_policy: str = "row",
    ttc_p90: bool = False,
    engine: str = "auto",
) -> pd.DataFrame:
    """Compute a funnel over an event log; return one row per stage (per breakdown value).

    ``data`` is any dataframe narwhals accepts (pandas, polars eager or lazy,
    pyarrow, DuckDB, Dask, PySpark, Ibis) or an :class:`EventLog`. ``stages`` is a
    :class:`Journey` (its stages' events) or an ordered mapping ``{stage: event or
    [events]}``. ``mode`` is ``"ordered"`` (other events may come between stages),
    ``"strict"`` (each stage's event must be the user's very next event) or
    ``"any_order"`` (after the stage-1 event, the other stages in any order).
    ``window`` (``"30min"``, ``"1D"``, a ``timedelta``) limits the time from the
    stage-1 event, inclusive. ``open=True`` lets users enter at any stage.
    ``by`` breaks results down by column(s), attributed at ``attribution``
    (``"entry"``, ``"first_touch"``, ``"last_touch"``), keeping the ``limit`` most
    entered values and putting the rest in ``"__other__"``. ``segment`` is a
    filter (``"device == 'mobile'"``) selecting the users counted. ``date_range``
    ``(from, to)`` filters entries. ``tz`` declares the zone of naive timestamps,
    ``order`` a column that orders equal timestamps, and ``tie_policy="favorable"``
    orders them by stage instead. ``ttc_p90=True`` adds the 90th percentile of
    time to convert. ``engine`` picks where an eager dataframe is computed.

    Closed funnels return ``reached``, ``conv_from_prev``, ``conv_from_first``,
    ``dropoff`` and time to convert (``ttc_first_median_s``, ``ttc_first_mean_s``,
    ``ttc_prev_median_s``, ``ttc_prev_mean_s``); open funnels ``reached``,
    ``continued``, ``abandoned``, ``completion_rate`` and ``first_entry_here``.
    Rates and times are float64, NaN where undefined (a stage nobody reached);
    counts are integers (``continued``/``abandoned`` nullable ``Int64``, missing at
    the last stage). ``result.attrs`` holds the metadata: dropped
    rows, time zone, tie order, the definitions, the engine.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> result = funnel(sample_events(n_users=1_000), sample_journey(), window="7D")
        >>> result["stage"].tolist()
        ['Awareness', 'Consideration', 'Purchase', 'Experience', 'Advocacy']
        >>> float(result["conv_from_first"].iloc[0]), result.attrs["window"]
        (1.0, '7 days, 0:00:00')
    """
    log = (
        data
        if isinstance(data, EventLog)
        else EventLog(data, user=user, time=time, event=event, tz=tz, order=order, engine=engine)
    )
    check_attribution(attribution)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise FunnelDefinitionError(f"limit must be a positive integer or None, got {limit!r}", path="limit")
    request = _Request(
        log=log,
        stages=funnel_stages(stages),
        options=FunnelOptions.check(mode=mode, window=window, tie_policy=tie_policy),
        open=bool(open),
        by=by_columns(by),
        attribution=attribution,
        limit=limit,
        segment=segment,
        bounds=parse_date_range(date_range, zone=log.zone),
        ttc_p90=bool(ttc_p90),
    )
    log.require(request.by, role="breakdown")
    for name in request.by:
        if name in {log.user, log.time, log.event}:
            msg = (
                f"by={name!r} is the log's user, time or event column; break down by an attribute "
                "(for the events users went on to, see next_actions)"
            )
            raise FunnelDefinitionError(msg, path="by")
    present = log.present_events(name for stage in request.stages for name in stage.events)
    stats = log.stats
    warn_unknown_events(request.stages, present, lambda: log.event_names)
    result = _run(request, top=None)
    top = top_values(result, request.by, request.limit) if request.by else None
    if top is not None:
        result = _run(request, top=top)
    result.attrs.update(_metadata(request, stats))
    return result


def _spec(request: _Request) -> ChainSpec:
    stages = tuple(stage.events for stage in request.stages)
    favorable = request.options.tie_policy == "favorable" or not request.log.orders_ties
    carry = request.by if request.attribution == "entry" else ()
    return ChainSpec(
        stages=stages,
        mode=request.options.mode,
        window_us=request.options.window_us,
        tie_codes=stage_tie_codes(stages) if favorable else None,
        carry=carry,
    )


def _segment_log(request: _Request) -> EventLog:
    """The log restricted to the segment's users (a user is in it if any of their rows matches)."""
    if request.segment is None:
        return request.log
    expression, columns = parse_segment(request.segment)
    request.log.require(sorted(columns), role="segment")
    expression, columns = parse_segment(request.segment, request.log.schema)
    return _SegmentedLog(request.log, expression, columns)


class _SegmentedLog(EventLog):
    """An EventLog whose frames keep only the users matching a segment filter."""

    def __init__(self, base: EventLog, expression: nw.Expr, columns: frozenset[str]) -> None:
        self.__dict__.update(base.__dict__)
        self._segment = expression
        self._segment_columns = sorted(columns)

    def frame(self, **kwargs: Any) -> nw.LazyFrame[Any]:
        rows = super().frame(**kwargs)
        members = super().frame(columns=self._segment_columns).filter(self._segment).select(nw.col(USER)).unique()
        return rows.join(
            members, on=USER, how="inner"
        )  # members are unique: an inner join is a semi-join (Dask lacks a working one)


def _run(request: _Request, *, top: dict[str, list[str]] | None) -> pd.DataFrame:
    log = _segment_log(request)
    spec = _spec(request)
    names = [stage.name for stage in request.stages]
    ids = [stage.id for stage in request.stages]
    since, until = request.bounds
    buckets = None
    if request.by:
        by, attribution = request.by, request.attribution

        def touch_rows(name: str) -> nw.LazyFrame[Any]:  # funnel-step events keyed like the chains
            rows = log.frame(
                events=None if spec.mode == "strict" else spec.all_events,
                columns=[name],
                tie_codes=spec.tie_codes,
                since=since,
            )
            return rows.filter(nw.col(EVENT).is_in(spec.all_events)).select(nw.col(USER), nw.col(KEY), nw.col(name))

        def buckets(best: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
            return user_buckets(best, touch_rows, by, top, attribution)

    if request.open:
        counts, entries = open_query(log, spec, buckets, request.by, request.bounds)
        return open_frame(backend.collect_pandas(counts), backend.collect_pandas(entries), names, ids, request.by)
    chains = backend.shared(chain_table(log, spec, since=since, until=until))
    if buckets is not None:
        chains = chains.join(buckets(best_chains(chains, spec)), on=USER, how="left")
    aggregates = backend.collect_pandas(closed_query(chains, spec, request.by, p90=request.ttc_p90))
    return closed_frame(aggregates, names, ids, request.by)


def _metadata(request: _Request, stats: dict[str, int]) -> dict[str, Any]:
    log, options = request.log, request.options
    spec = _spec(request)
    return {
        "mode": options.mode,
        "open": request.open,
        "window": None if options.window is None else str(options.window),
        "window_s": None if options.window_us is None else options.window_us / 1_000_000,
        "stages": {stage.name: list(stage.events) for stage in request.stages},
        "by": list(request.by),
        "attribution": request.attribution if request.by else None,
        "segment": request.segment,
        "date_range": [None if b is None else b.isoformat() for b in request.bounds],
        "rows": stats["rows"],
        "dropped_null_user": stats["dropped_null_user"],
        "dropped_null_ts": stats["dropped_null_ts"],
        "timezone": log.timezone,
        "tie_order": log.tie_order(spec.tie_codes),
        "engine": log.implementation,
        "columns": {"user": log.user, "time": log.time, "event": log.event},
        "definitions": DEFINITIONS,
    }


__all__ = ["DEFINITIONS", "EVENT", "funnel"]
