"""A persona's view of the log: only the users (or units) matching a segment filter.

A user is in a segment when any of their rows matches it. :func:`segment_log` makes the
view; a binding's personas are found in one pass over the log (:func:`batch_segments`,
:func:`segment_memberships`).

Example:
    >>> from journeywidgets import sample_events
    >>> log = segment_log(EventLog(sample_events(n_users=20)), "device == 'mobile'")
    >>> type(log).__name__, log.segment_columns
    ('SegmentedLog', ['device'])
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np

from journeywidgets.data.eventlog import USER, EventLog
from journeywidgets.data.segments import parse_segment


class SegmentedLog(EventLog):
    """An EventLog whose frames keep only the users matching a segment filter.

    Example:
        >>> issubclass(SegmentedLog, EventLog)
        True
    """

    def __init__(self, base: EventLog, expression: nw.Expr, columns: frozenset[str], text: str = "") -> None:
        self.__dict__.update(base.__dict__)
        self._base = base
        self.segment_text = text
        self._segment = expression
        self._segment_columns = sorted(columns)

    @property
    def segment_expression(self) -> nw.Expr:
        """The segment as a row filter (true on the rows that match).

        Example:
            >>> from journeywidgets import sample_events
            >>> log = segment_log(EventLog(sample_events(n_users=20)), "device == 'mobile'")
            >>> type(log.segment_expression).__name__, log.segment_columns
            ('Expr', ['device'])
        """
        return self._segment

    @property
    def segment_columns(self) -> list[str]:
        """The columns the segment reads, sorted (see :attr:`segment_expression`)."""
        return list(self._segment_columns)

    def whole(self) -> EventLog:
        """The log with every user, this one's base.

        Returns:
            The unsegmented :class:`EventLog`.

        Example:
            >>> from journeywidgets import sample_events
            >>> log = EventLog(sample_events(n_users=20))
            >>> segment_log(log, "device == 'mobile'").whole() is log
            True
        """
        return self._base

    def _member_ids(self) -> nw.LazyFrame[Any]:
        return super().frame(columns=self._segment_columns).filter(self._segment).select(nw.col(USER)).unique()

    def members(self, users: nw.Series[Any]) -> np.ndarray:
        """Which of ``users`` match the segment (a user matches if any of their rows does).

        Args:
            users: user ids, as the log's engine returns them (a series of its kind).

        Returns:
            A boolean array aligned with ``users``.

        Example:
            >>> import narwhals.stable.v2 as nw, pandas as pd
            >>> from journeywidgets import sample_events
            >>> events = sample_events(n_users=20, seed=3)
            >>> log = segment_log(EventLog(events, engine="pandas"), "device == 'mobile'")
            >>> mobile = events.loc[events["device"] == "mobile", "user_id"].iloc[0]
            >>> log.members(nw.from_native(pd.Series(["nobody", mobile]), series_only=True)).tolist()
            [False, True]
        """
        found = self._member_ids().collect().with_columns(nw.lit(value=True).alias("_member"))
        return _aligned(users, found, ["_member"])[0]

    def frame(self, **kwargs: Any) -> nw.LazyFrame[Any]:
        """The base log's frame, only for the segment's users (see :meth:`EventLog.frame`).

        Args:
            **kwargs: the arguments of :meth:`EventLog.frame` (``events``, ``columns``,
                ``tie_codes``, ``since``, ``numbered``).

        Returns:
            The lazy frame of :meth:`EventLog.frame`, joined to the segment's users.

        Example:
            >>> from journeywidgets import sample_events
            >>> events = sample_events(n_users=40, seed=3)
            >>> mobile = segment_log(EventLog(events, engine="pandas"), "device == 'mobile'")
            >>> frame = mobile.frame(events=["ad_click"]).collect().to_native()
            >>> set(frame[USER]) <= set(events.loc[events["device"] == "mobile", "user_id"])
            True
        """
        rows = super().frame(**kwargs)
        members = self._member_ids()
        # members are unique: an inner join is a semi-join (Dask lacks a working one)
        return rows.join(members, on=USER, how="inner")


def _aligned(users: nw.Series[Any], found: nw.DataFrame[Any], flags: Sequence[str]) -> list[np.ndarray]:
    """Each flag column of ``found`` (one row per user who has one) as a boolean per entry of ``users``."""
    table = users.alias(USER).to_frame().with_row_index("_i").join(found, on=USER, how="left")
    rows = table.get_column("_i").to_numpy()
    arrays = []
    for flag in flags:
        members = np.zeros(len(users), dtype=bool)
        members[rows] = np.asarray(table.get_column(flag).fill_null(value=False).to_numpy(), dtype=bool)
        arrays.append(members)
    return arrays


def segment_memberships(log: EventLog, segments: Sequence[SegmentedLog], users: nw.Series[Any]) -> list[np.ndarray]:
    """Which of ``users`` are in each segment, for every segment in one pass over the log.

    The same answer as ``[s.members(users) for s in segments]`` (a user is in a segment if any of
    their rows matches it), from one query that reads the segments' columns once and groups by user,
    instead of one filter and one distinct per segment: what a binding asks for its personas.

    Args:
        log: the whole log the segments are of.
        segments: the segmented logs (see :func:`segment_log`).
        users: user ids, as the log's engine returns them (a series of its kind).

    Returns:
        One boolean array per segment, aligned with ``users``.

    Example:
        >>> import narwhals.stable.v2 as nw, pandas as pd
        >>> from journeywidgets import sample_events
        >>> events = sample_events(n_users=30, seed=3)
        >>> log = EventLog(events, engine="pandas")
        >>> segments = [segment_log(log, "device == 'mobile'"), segment_log(log, "device != 'mobile'")]
        >>> ids = nw.from_native(pd.Series(events["user_id"].unique()), series_only=True)
        >>> both = segment_memberships(log, segments, ids)
        >>> [a.tolist() == s.members(ids).tolist() for a, s in zip(both, segments)]
        [True, True]
    """
    if not segments:
        return []
    columns = sorted({name for segment in segments for name in segment.segment_columns})
    flags = [f"_in_{number}" for number in range(len(segments))]
    matched = [
        nw.when(segment.segment_expression).then(nw.lit(1)).otherwise(nw.lit(0)).alias(flag)
        for segment, flag in zip(segments, flags, strict=True)
    ]
    per_user = log.frame(columns=columns).select(nw.col(USER), *matched).group_by(USER).agg(nw.col(*flags).max())
    found = per_user.collect().with_columns(*(nw.col(flag) == 1 for flag in flags))
    return _aligned(users, found, flags)


#: the log's memo key of the segments asked for together (see :func:`batch_segments`)
SEGMENT_BATCH = "segment-batch"


def batch_segments(log: EventLog, segments: Sequence[str]) -> None:
    """Say that these segments of ``log`` will be asked for together (a binding's personas).

    The funnel kernel then finds the users of all of them in one pass (:func:`segment_memberships`)
    the first time it needs one of them, instead of one pass per segment.

    Args:
        log: the whole log.
        segments: the segment filters (empty ones are skipped).

    Raises:
        MissingColumnError: naming a column a segment reads that the log does not have.
        SegmentError: when a filter cannot be read.

    Example:
        >>> from journeywidgets import sample_events
        >>> log = EventLog(sample_events(n_users=20))
        >>> batch_segments(log, ["device == 'mobile'", "", "device == 'mobile'"])
        >>> [s.segment_text for s in log.memo[SEGMENT_BATCH]]
        ["device == 'mobile'"]
    """
    texts = [text for text in dict.fromkeys(segments) if text.strip()]
    log.memo[SEGMENT_BATCH] = tuple(segment_log(log, text) for text in texts)


def segment_log(log: EventLog, segment: str | None) -> EventLog:
    """``log`` restricted to the users matching ``segment`` (a user is in it if any of their rows matches).

    Args:
        log: the event log.
        segment: a segment filter (``"device == 'mobile'"``), or None for every user.

    Returns:
        A :class:`SegmentedLog`, or ``log`` itself without a segment.

    Raises:
        MissingColumnError: naming a column the segment reads that the log does not have.
        SegmentError: when the filter cannot be read or its values do not fit their columns.

    Example:
        >>> from journeywidgets import sample_events
        >>> log = EventLog(sample_events(n_users=20))
        >>> segment_log(log, None) is log, type(segment_log(log, "device == 'mobile'")).__name__
        (True, 'SegmentedLog')
    """
    if segment is None:
        return log
    _, columns = parse_segment(segment)
    log.require(sorted(columns), role="segment")
    expression, columns = parse_segment(segment, log.schema)
    return SegmentedLog(log, expression, columns, segment)


__all__ = ["SEGMENT_BATCH", "SegmentedLog", "batch_segments", "segment_log", "segment_memberships"]
