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
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.breakdown import Attribution, best_chains, top_values, user_buckets
from journeywidgets.data.chains import Mode, chain_table
from journeywidgets.data.closed import closed_frame, closed_query
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import EVENT, KEY, TIME, USER, _micros
from journeywidgets.data.kernel import KernelChoice, chase_spec, closed_aggregates, sorted_rows, uses_kernel
from journeywidgets.data.open import open_frame, open_query
from journeywidgets.data.options import TiePolicy
from journeywidgets.data.request import FunnelRequest, funnel_request
from journeywidgets.data.stages import warn_unknown_events
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


def funnel(
    data: Any,
    stages: Journey | Mapping[str, Any] | Sequence[Any],
    *,
    user: str = "user_id",
    time: str = "timestamp",
    event: str = "event",
    mode: Mode = "ordered",
    window: Any = None,
    open: bool = False,  # noqa: A002 - the spec's name for open funnels
    by: str | Sequence[str] | None = None,
    attribution: Attribution = "entry",
    limit: int | None = 10,
    segment: str | None = None,
    date_range: Any = None,
    tz: str | None = None,
    order: str | None = None,
    unit: str | Sequence[str] = "user",
    tie_policy: TiePolicy = "row",
    ttc_p90: bool = False,
    exclude: Any = None,
    step_window: Any = None,
    optional: Any = None,
    engine: backend.Engine = "auto",
    kernel: KernelChoice = "auto",
) -> pd.DataFrame:
    """Compute a funnel over an event log; return one row per stage (per breakdown value).

    Args:
        data: the event log: any dataframe narwhals accepts (pandas, polars eager or
            lazy, pyarrow, DuckDB, Dask, PySpark, Ibis) or an :class:`EventLog`.
        stages: a :class:`Journey` (its stages' events) or an ordered mapping
            ``{stage: event or [events]}``.
        user: the user column.
        time: the timestamp column.
        event: the event-name column.
        mode: ``"ordered"`` (other events may come between stages), ``"strict"`` (each
            stage's event must be the user's very next event) or ``"any_order"`` (after
            the stage-1 event, the other stages in any order).
        window: the time allowed from the stage-1 event, inclusive (``"30min"``,
            ``"1D"``, a ``timedelta``); ``None`` for no limit.
        open: ``True`` lets users enter at any stage (GA4's open funnel).
        by: column(s) to break the results down by.
        attribution: where a user's ``by`` value is read: ``"entry"``,
            ``"first_touch"`` or ``"last_touch"``.
        limit: keep the ``limit`` most entered ``by`` values, the rest in ``"__other__"``.
        segment: a filter (``"device == 'mobile'"``) selecting the users counted.
        date_range: ``(from, to)``: only entries in this range, read in the log's zone.
        tz: the zone of naive timestamps (default: UTC).
        order: a column that orders events with equal timestamps.
        unit: what is counted: ``"user"`` (default), or a column (or columns) held
            constant along a chain, each user's values of which are separate units:
            ``"session_id"`` gives a session funnel (every stage in one session),
            ``"product_id"`` Amplitude's "hold property constant". Rows whose unit
            column is null are left out and counted (``dropped_null_unit``).
        tie_policy: ``"row"`` (input order, or ``order``) or ``"favorable"`` (stage order).
        ttc_p90: also return the 90th percentile of time to convert.
        exclude: exclusion steps: ``{"event": "support_contact", "between": ("Cart",
            "Buy")}`` (or a list of them) drops every attempt with that event between its
            two stages, and a unit with no attempt left from every stage
            (``result.attrs["excluded_units"]``); closed ordered and strict funnels. See
            :mod:`~journeywidgets.data.exclusions`.
        step_window: the time allowed from the previous stage, per stage, inclusive
            (GA4's "within X of the prior step"): ``{"Cart": "10min", "Buy": "1h"}``
            or one window (or None) per stage. With ``window`` both must hold. Ordered
            and strict funnels. See :mod:`~journeywidgets.data.step_windows`.
        optional: stages a unit may skip (a stage, or a list of them; never the first):
            required stages form the funnel on their own, an optional stage counts who
            did it after the required stages before it, and every stage is compared
            with the last required stage before it (``conv_from_prev``, ``dropoff``,
            ``ttc_prev``). Closed ordered funnels. See
            :mod:`~journeywidgets.data.optional_steps`.
        engine: where an eager dataframe is computed (``"auto"``, ``"pandas"``,
            ``"polars"``, ``"duckdb"``, or ``"native"``: its own library).
        kernel: ``"auto"`` computes closed ordered and strict funnels without a
            breakdown on pandas, polars and DuckDB with the one-pass kernel
            (:mod:`journeywidgets.data.kernel`), everything else with the lazy
            relational plan; ``"relational"`` always uses the plan (the numbers are
            the same: this is for comparing the two).

    Returns:
        One row per stage (and breakdown value). Closed funnels have ``reached``,
        ``conv_from_prev``, ``conv_from_first``, ``dropoff`` and time to convert
        (``ttc_first_median_s``, ``ttc_first_mean_s``, ``ttc_prev_median_s``,
        ``ttc_prev_mean_s``); open funnels ``reached``, ``continued``, ``abandoned``,
        ``completion_rate`` and ``first_entry_here``. Rates and times are float64,
        NaN where undefined (a stage nobody reached); counts are integers
        (``continued``/``abandoned`` nullable ``Int64``, missing at the last stage).
        ``result.attrs`` holds the metadata: dropped rows, time zone, tie order, the
        definitions, the engine, and ``kernel`` (``"one-pass"`` or ``"relational"``).

    Raises:
        EventLogError: (or a subclass: ``MissingColumnError``, ``ColumnTypeError``,
            ``EmptyLogError``, ``SegmentError``, ``FunnelDefinitionError``, ...) naming
            the column or option that is not valid.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> result = funnel(sample_events(n_users=1_000), sample_journey(), window="7D")
        >>> result["stage"].tolist()
        ['Awareness', 'Consideration', 'Purchase', 'Experience', 'Advocacy']
        >>> float(result["conv_from_first"].iloc[0]), result.attrs["window"]
        (1.0, '7 days, 0:00:00')
    """
    request = funnel_request(
        data,
        stages,
        user=user,
        time=time,
        event=event,
        mode=mode,
        window=window,
        open=open,
        by=by,
        attribution=attribution,
        limit=limit,
        segment=segment,
        date_range=date_range,
        tz=tz,
        order=order,
        unit=unit,
        tie_policy=tie_policy,
        ttc_p90=ttc_p90,
        exclude=exclude,
        step_window=step_window,
        optional=optional,
        engine=engine,
    )
    log = request.log
    present = log.present_events(name for stage in request.stages for name in stage.events)
    stats = log.stats
    warn_unknown_events(request.stages, present, lambda: log.event_names)
    if kernel not in ("auto", "relational"):
        raise FunnelDefinitionError(f"kernel must be 'auto' or 'relational', got {kernel!r}", path="kernel")
    one_pass = uses_kernel(log, request.spec(), open_funnel=request.open, by=tuple(request.by), choice=kernel)
    result = _run(request, top=None, one_pass=one_pass)
    top = top_values(result, request.by, request.limit) if request.by else None
    if top is not None:
        result = _run(request, top=top, one_pass=one_pass)
    result.attrs.update(_metadata(request, stats))
    result.attrs["kernel"] = "one-pass" if one_pass else "relational"
    if request.exclude:
        entered = _entered_units(request)
        result.attrs["excluded_units"] = entered - int(result.loc[result["stage_index"] == 0, "reached"].sum())
    return result


def _entered_units(request: FunnelRequest) -> int:
    """The units with a stage-1 event in the date range (before exclusions take any away)."""
    since, until = request.bounds
    anchors = request.segmented_log().frame(events=request.stages[0].events, since=since, numbered=False)
    if until is not None:
        anchors = anchors.filter(nw.col(TIME) < _micros(until))
    return int(backend.collect_pandas(anchors.select(nw.col(USER)).unique().select(nw.len().alias("n")))["n"].iloc[0])


def _run(request: FunnelRequest, *, top: dict[str, list[str]] | None, one_pass: bool) -> pd.DataFrame:
    log = request.segmented_log()
    spec = request.spec()
    names = [stage.name for stage in request.stages]
    ids = [stage.id for stage in request.stages]
    prior = [spec.prior(j) if j else 0 for j in range(len(names))]
    since, until = request.bounds
    if one_pass:
        rows = sorted_rows(log, spec, since=since)
        alive = chase_spec(rows, spec, until_us=None if until is None else _micros(until))
        aggregates = closed_aggregates(rows, alive, p90=request.ttc_p90)
        return closed_frame(aggregates, names, ids, ())
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
    return closed_frame(aggregates, names, ids, request.by, prior=prior)


def _metadata(request: FunnelRequest, stats: dict[str, int]) -> dict[str, Any]:
    log, options = request.log, request.options
    spec = request.spec()
    return {
        "mode": options.mode,
        "open": request.open,
        "window": None if options.window is None else str(options.window),
        "window_s": None if options.window_us is None else options.window_us / 1_000_000,
        "step_window_s": {
            request.stages[index].name: window / 1_000_000
            for index, window in enumerate(request.step_windows_us)
            if window is not None
        },
        "stages": {stage.name: list(stage.events) for stage in request.stages},
        "by": list(request.by),
        "attribution": request.attribution if request.by else None,
        "segment": request.segment,
        "date_range": [None if b is None else b.isoformat() for b in request.bounds],
        "optional": [request.stages[j].name for j in request.optional],
        "optional_ids": [request.stages[j].id for j in request.optional],
        "exclude": [
            {"event": list(x.events), "between": [request.stages[x.start].name, request.stages[x.end].name]}
            for x in request.exclude
        ],
        "rows": stats["rows"],
        "dropped_null_user": stats["dropped_null_user"],
        "dropped_null_unit": stats["dropped_null_unit"],
        "unit": ["user", *log.unit_columns],
        "dropped_null_ts": stats["dropped_null_ts"],
        "timezone": log.timezone,
        "tie_order": log.tie_order(spec.tie_codes),
        "engine": log.implementation,
        "columns": {"user": log.user, "time": log.time, "event": log.event},
        "definitions": DEFINITIONS,
    }


__all__ = ["DEFINITIONS", "EVENT", "funnel"]
