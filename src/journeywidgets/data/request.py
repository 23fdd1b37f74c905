"""A funnel request, checked once: the log, the stages and every option, plus what follows from them.

:func:`~journeywidgets.funnel`, the derived tables (KPIs over the funnel's users, next actions)
and bindings all start from a :class:`FunnelRequest`, so they read the same options the same
way: the same mode, window, tie policy, date range (in the log's zone), segment and open or
closed funnel.

Example:
    >>> from journeywidgets import sample_events
    >>> request = funnel_request(sample_events(n_users=30), {"Ad": "ad_click"}, window="1D")
    >>> request.options.window_us, request.spec().mode
    (86400000000, 'ordered')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from journeywidgets.data.backend import Engine
from journeywidgets.data.breakdown import Attribution, by_columns, check_attribution
from journeywidgets.data.chains import ChainSpec, Mode, stage_tie_codes
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.exclusions import Exclusion, parse_exclusions
from journeywidgets.data.optional_steps import check_optional_use, parse_optional
from journeywidgets.data.options import FunnelOptions, TiePolicy, parse_date_range, parse_step_windows
from journeywidgets.data.segmented import segment_log
from journeywidgets.data.stages import FunnelStage, funnel_stages
from journeywidgets.model.journey import Journey


@dataclass(frozen=True)
class FunnelRequest:
    """Everything a funnel computation reads, checked.

    Example:
        >>> from journeywidgets import sample_events
        >>> funnel_request(sample_events(n_users=20), {"Ad": "ad_click"}).open
        False
    """

    log: EventLog
    stages: tuple[FunnelStage, ...]
    options: FunnelOptions
    open: bool
    by: tuple[str, ...]
    attribution: Attribution
    limit: int | None
    segment: str | None
    bounds: tuple[pd.Timestamp | None, pd.Timestamp | None]
    ttc_p90: bool = False
    exclude: tuple[Exclusion, ...] = ()
    step_windows_us: tuple[int | None, ...] = ()
    optional: tuple[int, ...] = ()

    def spec(self) -> ChainSpec:
        """The chains' definition: stages, mode, window, tie codes and the columns carried from anchors.

        Ties are favourable (by stage) under ``tie_policy="favorable"`` and on engines
        that keep no row order.

        Returns:
            The :class:`~journeywidgets.data.chains.ChainSpec`.

        Example:
            >>> from journeywidgets import sample_events
            >>> funnel_request(sample_events(n_users=20), {"Ad": "ad_click"}, tie_policy="favorable").spec().tie_codes
            {'ad_click': 1}
        """
        stages = tuple(stage.events for stage in self.stages)
        favorable = self.options.tie_policy == "favorable" or not self.log.orders_ties
        return ChainSpec(
            stages=stages,
            mode=self.options.mode,
            window_us=self.options.window_us,
            tie_codes=stage_tie_codes(stages) if favorable else None,
            carry=self.by if self.attribution == "entry" else (),
            exclude=self.exclude,
            step_windows_us=self.step_windows_us,
            optional=self.optional,
        )

    def segmented_log(self) -> EventLog:
        """The log restricted to the segment's users (a user is in it if any of their rows matches).

        Returns:
            The log itself without a segment.

        Example:
            >>> from journeywidgets import sample_events
            >>> request = funnel_request(sample_events(n_users=20), {"Ad": "ad_click"}, segment="device == 'mobile'")
            >>> type(request.segmented_log()).__name__
            'SegmentedLog'
        """
        return segment_log(self.log, self.segment)


def funnel_request(
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
    engine: Engine = "auto",
) -> FunnelRequest:
    """Check a funnel's log and options (the arguments of :func:`~journeywidgets.funnel`).

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        stages: a :class:`Journey` or an ordered mapping ``{stage: event or [events]}``.
        user: the user column.
        time: the timestamp column.
        event: the event-name column.
        mode: ``"ordered"``, ``"strict"`` or ``"any_order"``.
        window: the conversion window from the stage-1 event (a duration), or None.
        open: whether users may enter at any stage.
        by: breakdown column(s).
        attribution: where a breakdown value is read.
        limit: the most-entered breakdown values kept.
        segment: a filter selecting the users counted.
        date_range: ``(from, to)`` of entries, read in the log's zone.
        tz: the zone of naive timestamps.
        order: a column ordering equal timestamps.
        unit: ``"user"`` or the column(s) whose values with the user are the units counted.
        tie_policy: ``"row"`` or ``"favorable"``.
        ttc_p90: whether to add the 90th percentile of time to convert.
        exclude: exclusion steps (see :mod:`~journeywidgets.data.exclusions`).
        step_window: the time allowed from each stage's previous stage (see
            :func:`~journeywidgets.data.options.parse_step_windows`).
        optional: the stages a unit may skip (see :mod:`~journeywidgets.data.optional_steps`).
        engine: where an eager dataframe is computed.

    Returns:
        The checked :class:`FunnelRequest`.

    Raises:
        EventLogError: (or a subclass) naming the option or column that is wrong.

    Example:
        >>> from journeywidgets import sample_events
        >>> funnel_request(sample_events(n_users=20), {"Ad": "ad_click"}, by="device").by
        ('device',)
    """
    log = (
        data
        if isinstance(data, EventLog)
        else EventLog(data, user=user, time=time, event=event, tz=tz, order=order, unit=unit, engine=engine)
    )
    check_attribution(attribution)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise FunnelDefinitionError(f"limit must be a positive integer or None, got {limit!r}", path="limit")
    checked = funnel_stages(stages)
    exclusions = parse_exclusions(exclude, checked)
    step_windows = parse_step_windows(step_window, checked)
    if step_windows and mode == "any_order":
        msg = "step_window: any-order funnels have no prior step; use window= (from the first stage)"
        raise FunnelDefinitionError(msg, path="step_window")
    if exclusions and (open or mode == "any_order"):
        what = "open funnels" if open else "any-order funnels"
        msg = f"exclude: exclusion steps apply to closed ordered and strict funnels, not to {what}"
        raise FunnelDefinitionError(msg, path="exclude")
    skippable = parse_optional(optional, checked)
    ends = [end for x in exclusions for end in (x.start, x.end)]
    check_optional_use(
        skippable, checked, mode=mode, open_funnel=bool(open), step_windows=step_windows, exclusion_ends=ends
    )
    request = FunnelRequest(
        log=log,
        stages=checked,
        options=FunnelOptions.check(mode=mode, window=window, tie_policy=tie_policy),
        open=bool(open),
        by=by_columns(by),
        attribution=attribution,
        limit=limit,
        segment=segment,
        bounds=parse_date_range(date_range, zone=log.zone),
        ttc_p90=bool(ttc_p90),
        exclude=exclusions,
        step_windows_us=step_windows,
        optional=skippable,
    )
    log.require(request.by, role="breakdown")
    for name in request.by:
        if name in {log.user, log.time, log.event}:
            msg = (
                f"by={name!r} is the log's user, time or event column; break down by an attribute "
                "(for the events users went on to, see next_actions)"
            )
            raise FunnelDefinitionError(msg, path="by")
    if segment is not None:
        request.segmented_log()  # a bad segment fails here, before any computation
    return request
