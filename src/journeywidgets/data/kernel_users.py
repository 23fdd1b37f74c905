"""Who a closed funnel counts at each stage, from the one-pass kernel, as a lazy frame in the log's engine.

The derived tables (KPIs, the measured emotion) join this table to the log's rows
where the log lives; it is the table of :func:`journeywidgets.data.members.reached_stages`,
computed from the kernel's shared sorted rows instead of the chain joins.

Example:
    >>> from journeywidgets import sample_events
    >>> from journeywidgets.data.chains import ChainSpec
    >>> from journeywidgets.data.eventlog import EventLog
    >>> spec = ChainSpec(stages=(("ad_click",), ("landing_view",)), mode="ordered", window_us=None)
    >>> table = reached_users(EventLog(sample_events(n_users=30, seed=2)), spec, since=None, until_us=None)
    >>> table.collect().shape[1]
    2
"""

from __future__ import annotations

from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd

from journeywidgets.data.chains import STAGE, ChainSpec
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import USER, EventLog
from journeywidgets.data.kernel import chase_spec, sorted_rows


def reached_users(
    log: EventLog,
    spec: ChainSpec,
    *,
    since: pd.Timestamp | None,
    until_us: int | None,
) -> nw.LazyFrame[Any]:
    """One row per (user, stage position) a closed funnel counts the user at, as a lazy frame in the log's engine.

    The same table as :func:`journeywidgets.data.members.reached_stages`, from one
    kernel pass instead of the chain joins: the derived tables (KPIs, the measured
    emotion) join it to the log's rows where the log lives.

    Args:
        log: the (segmented) event log, on a local engine.
        spec: the chains' definition (ordered or strict).
        since: drop events before this instant.
        until_us: anchors must come before this instant (µs).

    Returns:
        Columns ``__jw_user`` and ``_stage``.

    Example:
        >>> from journeywidgets import sample_events
        >>> spec = ChainSpec(stages=(("ad_click",), ("landing_view",)), mode="ordered", window_us=None)
        >>> table = reached_users(EventLog(sample_events(n_users=30, seed=2)), spec, since=None, until_us=None)
        >>> sorted(table.collect_schema().names())
        ['__jw_user', '_stage']
    """
    rows = sorted_rows(log, spec, since=since)
    users = rows.users
    if users is None:  # the rows always carry the ids when read from a log
        raise FunnelDefinitionError("the funnel rows were read without their user ids", path="data")
    levels = chase_spec(rows, spec, until_us=until_us)
    depth = np.zeros(len(users), dtype=np.int64)
    for j, level in enumerate(levels):
        depth[level.user] = j + 1  # stages are reached in order, so the last write is the deepest
    counted = np.flatnonzero(depth)
    repeats = depth[counted]
    who = np.repeat(counted, repeats)
    starts = np.repeat(np.cumsum(repeats) - repeats, repeats)
    stage = np.arange(len(who), dtype=np.int64) - starts
    ids = users[who].alias(USER)
    table = ids.to_frame().with_columns(nw.new_series(STAGE, stage, nw.Int64, backend=ids.implementation))
    if log.implementation == "pandas":
        native = table if table.implementation.is_pandas() else nw.from_native(table.to_pandas())
        return native.lazy()
    return table.lazy(backend=log.implementation)  # type: ignore[arg-type]


__all__ = ["reached_users"]
