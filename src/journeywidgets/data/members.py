"""Who is in a funnel: each user's funnel chain and the stages they reached, as lazy frames.

The derived tables start from these, so they count the users the funnel counts: KPIs
aggregate a stage's rows only over users who reached it, next actions look at users
whose funnel chain ended at a stage. Both honour every option of the request (mode,
window, tie policy, date range, segment, open or closed).

Example:
    >>> from journeywidgets import sample_events
    >>> from journeywidgets.data.request import funnel_request
    >>> request = funnel_request(sample_events(n_users=50, seed=3), {"Ad": "ad_click", "Landing": "landing_view"})
    >>> sorted(reached_stages(request).collect_schema().names())
    ['__jw_user', '_stage']
"""

from __future__ import annotations

from typing import Any

import narwhals.stable.v2 as nw

from journeywidgets.data import backend
from journeywidgets.data.breakdown import best_chains
from journeywidgets.data.chain_reads import depth
from journeywidgets.data.chains import STAGE, chain_table, k, t
from journeywidgets.data.eventlog import USER, _micros
from journeywidgets.data.kernel import uses_kernel
from journeywidgets.data.kernel_users import reached_users
from journeywidgets.data.open import open_best_chains, open_chain_tables
from journeywidgets.data.request import FunnelRequest


def funnel_chains(request: FunnelRequest, *, all_rows: bool = False) -> nw.LazyFrame[Any]:
    """Each user's funnel chain: ``a_key``, ``_reach`` (furthest stage position) and ``_last`` (its key).

    Args:
        request: the checked funnel request.
        all_rows: number keys over every event of the user (to compare with an all-events frame).

    Returns:
        One row per user in the funnel.

    Example:
        >>> from journeywidgets import sample_events
        >>> from journeywidgets.data.request import funnel_request
        >>> request = funnel_request(sample_events(n_users=50), {"Ad": "ad_click"})
        >>> "_reach" in funnel_chains(request).collect_schema().names()
        True
    """
    log, spec = request.segmented_log(), request.spec()
    if request.open:
        return open_best_chains(spec, open_chain_tables(log, spec, request.bounds, all_rows=all_rows))
    since, until = request.bounds
    chains = backend.shared(chain_table(log, spec, since=since, until=until, all_rows=all_rows))
    return best_chains(chains, spec)


def reached_stages(request: FunnelRequest) -> nw.LazyFrame[Any]:
    """One row per (user, stage position) the funnel counts the user at (``reached`` of that stage).

    Args:
        request: the checked funnel request.

    Returns:
        Columns ``__jw_user`` and ``_stage``.

    Example:
        >>> from journeywidgets.data.request import funnel_request
        >>> import pandas as pd
        >>> raw = pd.DataFrame({"user_id": ["a", "a", "a", "b"], "event": ["visit", "visit", "buy", "visit"],
        ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:02",
        ...                                                  "2026-01-01 10:05", "2026-01-01 09:00"])})
        >>> request = funnel_request(raw, {"Visit": "visit", "Buy": "buy"}, engine="pandas")
        >>> table = backend.collect_pandas(reached_stages(request))
        >>> sorted(zip(table[USER], table[STAGE]))
        [('a', 0), ('a', 1), ('b', 0)]
    """
    log, spec = request.segmented_log(), request.spec()
    stages = len(spec.stages)
    since, until = request.bounds
    if uses_kernel(log, spec, open_funnel=request.open, by=(), choice="auto"):
        return reached_users(log, spec, since=since, until_us=None if until is None else _micros(until))
    if request.open:
        tables = open_chain_tables(log, spec, request.bounds)
        parts = [
            chains.filter(~nw.col(t(j)).is_null()).select(nw.col(USER), nw.lit(j, nw.Int64).alias(STAGE))
            for first, chains in tables
            for j in range(first, stages)
        ]
    else:
        chains = backend.shared(chain_table(log, spec, since=since, until=until))
        if spec.optional:  # a chain reaches no prefix of the stages: read each stage off its own key
            parts = [
                chains.filter(~nw.col(k(j)).is_null()).select(nw.col(USER), nw.lit(j, nw.Int64).alias(STAGE))
                for j in range(stages)
            ]
        else:
            users = chains.with_columns(depth(spec).alias("_depth")).group_by(USER).agg(nw.col("_depth").max())
            parts = [
                users.filter(nw.col("_depth") > j).select(nw.col(USER), nw.lit(j, nw.Int64).alias(STAGE))
                for j in range(stages)
            ]
    return nw.concat(parts, how="vertical").unique()
