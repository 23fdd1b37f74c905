"""Transitions: the directly-follows graph (DFG) of an event log, each edge with its counts and times.

``transitions(data)`` counts, per user, every pair of *adjacent* events in canonical order
(time, then input row; metric-semantics.md): pm4py's DFG frequency and retentioneering's
``TransitionMatrix`` count. Per edge ``(source, target)``:

- ``count``: how many adjacent pairs (a user going a → b three times counts 3);
- ``units``: how many users have the edge at least once (retentioneering's ``unique_paths``);
- ``proba_out``: ``count`` over all edges out of ``source`` (the row-normalised matrix,
  retentioneering's ``proba_out``; with ``path_ends``, ``source → path_end`` is among them);
- ``time_median_s`` and ``time_p95_s``: the median and 95th percentile (linear
  interpolation) of the seconds from ``source`` to ``target``, as float seconds at
  microsecond resolution (retentioneering's ``time_median``/``time_q95`` truncate to whole
  seconds with ``date_diff('second')``; pm4py's performance DFG keeps fractions).

``path_ends=True`` adds the synthetic ``path_start → first event`` and ``last event →
path_end`` edges of each user (retentioneering's ``path_start``/``path_end``; pm4py's start
and end activities), without times.

Events at the same instant keep the input row order (or the log's ``order=`` column); on
engines that keep no row order (a polars ``LazyFrame``, DuckDB, ...) they come in event-name
order, so the graph is the same on every run. Each user's events are numbered in the
log's engine and joined to their successor there; only the edges are collected. Dask
cannot number rows in order within groups and is refused.

Example:
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"user_id": ["a", "a", "a"], "event": ["visit", "cart", "visit"],
    ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:01", "2026-01-01 10:03"])})
    >>> transitions(raw)[["source", "target", "count", "time_median_s"]].to_dict("list")
    {'source': ['cart', 'visit'], 'target': ['visit', 'cart'], 'count': [1, 1], 'time_median_s': [120.0, 60.0]}
"""

from __future__ import annotations

from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.errors import UnsupportedBackendError
from journeywidgets.data.eventlog import EVENT, KEY, TIME, USER, EventLog
from journeywidgets.data.retention import event_log
from journeywidgets.data.segmented import segment_log

PATH_START, PATH_END = "path_start", "path_end"
TRANSITION_COLUMNS: tuple[str, ...] = (
    "source",
    "target",
    "count",
    "units",
    "proba_out",
    "time_median_s",
    "time_p95_s",
)
#: each user's events numbered 1..n in canonical order (column of :func:`numbered_events`)
SEQ = "_seq"
_TARGET, _SECONDS = "_target", "_seconds"


def numbered_events(
    log: EventLog, what: str, *, tie_codes: dict[str, int] | None = None, since: pd.Timestamp | None = None
) -> nw.LazyFrame[Any]:
    """Every event of the log with ``EventLog.frame``'s key, and each user's events numbered 1..n in ``_seq``.

    The key orders a user's events (and matches the keys of the funnel's chains over
    all events), but need not run 1..n within a user (on pandas it counts over all
    rows); ``_seq`` does, so the next event is ``_seq + 1``.

    Args:
        log: the event log (or a segmented one).
        what: the analysis asking, for the error.
        tie_codes: orders equal timestamps by event (see ``EventLog.frame``).
        since: drops events before that instant.

    Returns:
        The lazy frame: user, time (µs), key, event and ``_seq``.

    Raises:
        UnsupportedBackendError: on engines that cannot number rows in order within groups (Dask).

    Example:
        >>> from journeywidgets import sample_events
        >>> sorted(numbered_events(EventLog(sample_events(n_users=5)), "paths").collect_schema().names())
        ['__jw_event', '__jw_key', '__jw_time', '__jw_user', '_seq']
    """
    if not backend.orders_windows(log.implementation):
        msg = (
            f"{what} need each user's events numbered in order, which {log.implementation} cannot do; "
            "compute the log first (for Dask: data.compute()) and pass the pandas frame"
        )
        raise UnsupportedBackendError(msg, path="data")
    frame = log.frame(tie_codes=tie_codes, since=since)
    seq = nw.col(KEY).rank("ordinal").over(USER).cast(nw.Int64).alias(SEQ)
    return frame.select(nw.col(USER), nw.col(TIME), nw.col(KEY), nw.col(EVENT), seq)


def _edge_table(frame: nw.LazyFrame[Any]) -> pd.DataFrame:
    """Per (source, target) of adjacent pairs: count, units and the seconds' median and p95."""
    following = frame.select(
        nw.col(USER), (nw.col(SEQ) - 1).alias(SEQ), nw.col(EVENT).alias(_TARGET), nw.col(TIME).alias("_next")
    )
    pairs = frame.join(following, on=[USER, SEQ], how="inner").with_columns(
        ((nw.col("_next") - nw.col(TIME)) / 1_000_000).cast(nw.Float64).alias(_SECONDS)
    )
    return backend.collect_pandas(
        pairs.group_by(EVENT, _TARGET).agg(
            nw.col(USER).count().alias("count"),
            nw.col(USER).n_unique().alias("units"),
            nw.col(_SECONDS).median().alias("time_median_s"),
            nw.col(_SECONDS).quantile(0.95, interpolation="linear").alias("time_p95_s"),
        )
    )


def _end_table(frame: nw.LazyFrame[Any]) -> pd.DataFrame:
    """The synthetic edges: ``path_start`` to each user's first event, their last event to ``path_end``."""
    last = frame.group_by(USER).agg(nw.col(SEQ).max().alias("_last"))
    ends = frame.join(last, on=USER, how="inner").filter(nw.col(SEQ) == nw.col("_last"))
    parts = []
    for edges, source, target in (
        (frame.filter(nw.col(SEQ) == 1), nw.lit(PATH_START), nw.col(EVENT)),
        (ends, nw.col(EVENT), nw.lit(PATH_END)),
    ):
        counted = edges.select(source.alias(EVENT), target.alias(_TARGET), nw.col(USER))
        parts.append(backend.collect_pandas(counted.group_by(EVENT, _TARGET).agg(nw.col(USER).count().alias("count"))))
    table = pd.concat(parts, ignore_index=True)
    ended: pd.DataFrame = table.assign(units=table["count"])
    return ended


def transitions(
    data: Any,
    *,
    segment: str | None = None,
    path_ends: bool = False,
    **log_options: Any,
) -> pd.DataFrame:
    """The directly-follows graph: per pair of adjacent events, its count, users, share and times.

    See the module docstring for the definitions and how they compare with pm4py and
    retentioneering.

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        segment: a filter selecting the users counted (a persona's segment).
        path_ends: whether to add the synthetic ``path_start`` and ``path_end`` edges.
        **log_options: the :class:`EventLog` arguments ``user``, ``time``, ``event``, ``tz``,
            ``order`` and ``engine`` (when ``data`` is not an ``EventLog``).

    Returns:
        One row per edge, most frequent first (then by source and target): ``source``,
        ``target``, ``count``, ``units``, ``proba_out``, ``time_median_s`` and ``time_p95_s``
        (float64; NaN on the synthetic edges).

    Raises:
        UnsupportedBackendError: for engines that cannot number rows in order (Dask).
        EventLogError: (or a subclass) for the log, its columns and the segment.

    Example:
        >>> from journeywidgets import sample_events
        >>> table = transitions(sample_events(n_users=200), path_ends=True)
        >>> bool(table.groupby("source")["proba_out"].sum().round(9).eq(1).all())
        True
    """
    base = event_log(data, **log_options)
    log = segment_log(base, segment)
    codes = None if base.orders_ties else {name: i for i, name in enumerate(sorted(base.event_names))}
    frame = backend.shared(numbered_events(log, "transitions", tie_codes=codes))
    parts = [_edge_table(frame)]
    if path_ends:
        parts.append(_end_table(frame))
    table = pd.concat([part for part in parts if not part.empty] or parts[:1], ignore_index=True)
    table = table.rename(columns={EVENT: "source", _TARGET: "target"})
    table = table.reindex(columns=list(TRANSITION_COLUMNS))
    for column in ("count", "units"):
        table[column] = table[column].astype("int64")
    table["source"] = table["source"].astype(str)
    table["target"] = table["target"].astype(str)
    out = table.groupby("source")["count"].transform("sum")
    table["proba_out"] = (table["count"] / out).astype("float64")
    for column in ("time_median_s", "time_p95_s"):
        table[column] = pd.to_numeric(table[column], errors="coerce").astype("float64")
    ordered: pd.DataFrame = table.sort_values(["count", "source", "target"], ascending=[False, True, True])
    result: pd.DataFrame = ordered.reset_index(drop=True)
    result.attrs.update(
        {"path_ends": path_ends, "tie_order": base.tie_order(None) if base.orders_ties else "event name"}
    )
    return result


__all__ = ["PATH_END", "PATH_START", "SEQ", "TRANSITION_COLUMNS", "numbered_events", "transitions"]
