"""Next actions (GA4): what users who stopped at a stage did next, on the funnel's own terms.

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> list(next_actions(sample_events(n_users=300), sample_journey()).columns)
    ['stage', 'stage_id', 'next_event', 'users', 'share']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.chains import Mode
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import EVENT, KEY, USER
from journeywidgets.data.members import funnel_chains
from journeywidgets.data.optional_steps import last_required
from journeywidgets.data.options import TiePolicy
from journeywidgets.data.request import funnel_request

NO_NEXT_EVENT = "(no later event)"


def next_actions(
    data: Any,
    stages: Any,
    *,
    mode: Mode = "ordered",
    window: Any = None,
    open: bool = False,  # noqa: A002 - the funnel's own name
    segment: str | None = None,
    date_range: Any = None,
    tie_policy: TiePolicy = "row",
    top: int | None = 5,
    repeats: bool = False,
    **log_options: Any,
) -> pd.DataFrame:
    """What users who stopped at each stage did next: the first event after their furthest stage.

    GA4's "next action", restricted to abandoners. A user stopped at stage ``k`` when
    their funnel chain (the same one :func:`~journeywidgets.funnel` reports: furthest
    stage, completed earliest, latest anchor) ends there, under the same ``mode``,
    ``window``, ``open``, ``segment``, ``date_range`` and ``tie_policy``. For each
    stage where users stopped (every stage but the last), the distribution of the next
    event name, with ``(no later event)`` for users whose log ends there. Events of
    the stage the user stopped at (another product view after a product view) are
    skipped unless ``repeats=True``. ``top`` keeps the most frequent events per stage.

    Args:
        data: the event log.
        stages: a journey or ``{stage: events}``.
        mode: the funnel's order mode.
        window: the funnel's conversion window.
        open: whether users may enter at any stage.
        segment: a filter selecting the users counted.
        date_range: ``(from, to)`` of entries.
        tie_policy: ``"row"`` or ``"favorable"``.
        top: how many next events to keep per stage (None: all).
        repeats: whether events of the stopped-at stage count as a next action.
        **log_options: the :class:`~journeywidgets.data.eventlog.EventLog` arguments (``user``, ``time``, ...).

    Returns:
        One row per (stage, next event): ``users`` and their ``share`` of the users who stopped there.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> table = next_actions(sample_events(n_users=800), sample_journey(), segment="device == 'mobile'")
        >>> table["stage"].iloc[0], bool(table["share"].between(0, 1).all())
        ('Awareness', True)
    """
    request = funnel_request(
        data,
        stages,
        mode=mode,
        window=window,
        open=open,
        segment=segment,
        date_range=date_range,
        tie_policy=tie_policy,
        **log_options,
    )
    definition, spec = request.stages, request.spec()
    best = funnel_chains(request, all_rows=True)
    # stopped short of the last required stage (with optional stages, _reach is the furthest required one)
    stopped = best.filter(nw.col("_reach") < last_required(len(definition), spec.optional)).select(
        nw.col(USER), (nw.col("_reach") + 1).alias("_depth"), nw.col("_last")
    )
    stopped = backend.shared(stopped)
    events = request.segmented_log().frame(tie_codes=spec.tie_codes, since=request.bounds[0])
    events = events.select(nw.col(USER), nw.col(KEY), nw.col(EVENT))
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
