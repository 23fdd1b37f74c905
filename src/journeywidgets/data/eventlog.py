"""An event log: a dataframe with user, time and event columns, checked and put in canonical order.

The canonical order of a user's events is ``(timestamp, input row)``: equal
timestamps are ordered by the row they came in (for eager dataframes), by an
``order=`` column, or, on lazy engines without one, by stage (favourably). Rows with a
null user or timestamp are dropped and counted, never merged into one user.

Example:
    >>> import pandas as pd
    >>> from journeywidgets.data.eventlog import EventLog
    >>> raw = pd.DataFrame({"user_id": ["a", None], "timestamp": pd.to_datetime(["2026-01-01", "2026-01-02"]),
    ...                     "event": ["visit", "visit"]})
    >>> log = EventLog(raw, engine="pandas")
    >>> log.stats["dropped_null_user"], log.timezone
    (1, 'UTC (naive timestamps read as UTC)')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data import eventlog_checks as checks
from journeywidgets.data.errors import (
    EmptyLogError,
    MissingColumnError,
    UnsupportedBackendError,
)

# internal column names of the canonical frame
USER, TIME, KEY, EVENT = "__jw_user", "__jw_time", "__jw_key", "__jw_event"
TIE = "__jw_tie"  # the ranks that order equal times: __jw_tie0, __jw_tie1 (EventLog.frame(numbered=False))
#: Ties at the same microsecond are spread over this many key values (see ``EventLog.frame``).
TIE_SLOTS = 1024


class EventLog:
    """A checked event log, ready for funnels: any dataframe narwhals accepts plus its column mapping.

    Args:
        data: any dataframe narwhals accepts (pandas, polars, pyarrow, DuckDB, Dask, PySpark, Ibis).
        user: the user column.
        time: the timestamp column.
        event: the event-name column.
        tz: the time zone of naive timestamps (default: read them as UTC).
        order: a column that orders events with equal timestamps (a sequence number or
            ingestion offset).
        engine: where an eager dataframe is computed (see
            :func:`journeywidgets.data.backend.to_lazy`).

    Raises:
        EventLogError: (or a subclass: ``MissingColumnError``, ``ColumnTypeError``,
            ``TimezoneError``, ``UnsupportedBackendError``) naming the column or option.

    Example:
        >>> from journeywidgets import sample_events
        >>> log = EventLog(sample_events(n_users=20, seed=1))
        >>> log.stats["rows"] > 20, log.timezone
        (True, 'UTC')
    """

    def __init__(
        self,
        data: Any,
        *,
        user: str = "user_id",
        time: str = "timestamp",
        event: str = "event",
        tz: str | None = None,
        order: str | None = None,
        engine: backend.Engine = "auto",
    ) -> None:
        self.data = data
        self.user, self.time, self.event, self.order, self.tz = user, time, event, order, tz
        checks.check_arguments(user=user, time=time, event=event, order=order, tz=tz)
        readable, self._source_zone = checks.readable_zone(data, time)
        self._lazy = backend.to_lazy(readable, engine=engine)
        self.schema: dict[str, Any] = self._lazy.schema
        self._check_columns()
        self._aware = checks.check_time(data, self.schema, time=time, tz=tz, source_zone=self._source_zone)
        self._stats: dict[str, int] | None = None
        #: what was computed from this log and may be reused while it lives (the funnel kernel's sorted rows);
        #: a segmented view of the log shares it
        self.memo: dict[Any, Any] = {}

    def whole(self) -> EventLog:
        """The log with every user (a segmented log's base; this log itself here).

        Returns:
            The unsegmented :class:`EventLog`.

        Example:
            >>> from journeywidgets import sample_events
            >>> log = EventLog(sample_events(n_users=5))
            >>> log.whole() is log
            True
        """
        return self

    def members(self, users: nw.Series[Any]) -> np.ndarray | None:  # noqa: ARG002 - a segmented log reads them
        """Which of ``users`` this log keeps: None when it keeps every user (a segmented log says).

        Args:
            users: user ids, as the log's engine returns them.

        Returns:
            None, or a boolean array aligned with ``users``.

        Example:
            >>> from journeywidgets import sample_events
            >>> EventLog(sample_events(n_users=5)).members(None) is None
            True
        """
        return None

    @property
    def implementation(self) -> str:
        """The engine the log is computed in (``'polars'``, ``'duckdb'``, ``'pandas'``, ``'pyspark'``, ...).

        Example:
            >>> import pandas as pd
            >>> EventLog(pd.DataFrame({"user_id": [1], "timestamp": pd.to_datetime(["2026-01-01"]),
            ...                        "event": ["x"]}), engine="pandas").implementation
            'pandas'
        """
        return self._lazy.implementation

    @property
    def columns(self) -> list[str]:
        """The log's own columns (without the internal row-order column).

        Example:
            >>> from journeywidgets import sample_events
            >>> EventLog(sample_events(n_users=5)).columns[:3]
            ['user_id', 'timestamp', 'event']
        """
        return [name for name in self.schema if name != backend.ROW]

    def require(self, columns: Iterable[str], *, role: str) -> None:
        """Raise :class:`MissingColumnError` unless every column exists; ``role`` says what it is for.

        Args:
            columns: the column names.
            role: what they are for, in the message (``"user"``, ``"breakdown"``, ...).

        Raises:
            MissingColumnError: naming the first missing column (with a did-you-mean hint).

        Example:
            >>> from journeywidgets import sample_events
            >>> EventLog(sample_events(n_users=5)).require(["device"], role="breakdown")
        """
        for name in columns:
            if name not in self.schema or name == backend.ROW:
                available = ", ".join(map(repr, self.columns))
                hint = checks.closest(name, self.columns)
                msg = f"{role} column {name!r} is not in the event log{hint} (columns: {available})"
                raise MissingColumnError(msg, path=name)

    def _check_columns(self) -> None:
        self.require([self.user], role="user")
        self.require([self.time], role="time")
        self.require([self.event], role="event")
        if self.order is not None:
            self.require([self.order], role="order")
        checks.check_event_type(self.schema, self.event)

    @property
    def zone(self) -> str:
        """The log's time zone: that of its aware timestamps, else the declared ``tz=``, else UTC.

        Date ranges and calendar buckets are read in it.

        Example:
            >>> import pandas as pd
            >>> raw = pd.DataFrame({"user_id": [1], "timestamp": pd.to_datetime(["2026-01-01"]), "event": ["x"]})
            >>> EventLog(raw, tz="America/New_York", engine="pandas").zone
            'America/New_York'
        """
        if self._aware:
            return self._source_zone or str(self.schema[self.time].time_zone or "UTC")
        return self.tz or "UTC"

    @property
    def timezone(self) -> str:
        """How timestamps were read, for the result's metadata.

        Example:
            >>> import pandas as pd
            >>> raw = pd.DataFrame({"user_id": [1], "timestamp": pd.to_datetime(["2026-01-01"]), "event": ["x"]})
            >>> EventLog(raw, tz="Europe/Berlin", engine="pandas").timezone
            'Europe/Berlin (naive timestamps, declared with tz=)'
        """
        if self._aware:
            zone = self._source_zone or self.schema[self.time].time_zone
            return "UTC" if zone in {"UTC", "Etc/UTC"} else f"{zone} (compared as UTC instants)"
        if self.tz is not None:
            return f"{self.tz} (naive timestamps, declared with tz=)"
        return "UTC (naive timestamps read as UTC)"

    @property
    def stats(self) -> dict[str, int]:
        """Row counts: ``rows`` kept, ``dropped_null_user`` and ``dropped_null_ts`` (one small query, cached).

        Raises :class:`EmptyLogError` when no row is left.

        Example:
            >>> from journeywidgets import sample_events
            >>> EventLog(sample_events(n_users=5, seed=2)).stats["dropped_null_ts"]
            0
        """
        if self._stats is None:
            self.present_events(())
        assert self._stats is not None  # noqa: S101 - set by present_events
        return self._stats

    def present_events(self, names: Iterable[str]) -> frozenset[str]:
        """Which of ``names`` occur in the log; counts rows and nulls in the same scan (see ``stats``).

        Args:
            names: the event names to look for.

        Returns:
            Those of ``names`` the log has.

        Raises:
            EmptyLogError: when every row has a null user or timestamp (or there is none).

        Example:
            >>> from journeywidgets import sample_events
            >>> sorted(EventLog(sample_events(n_users=30)).present_events(["ad_click", "nope"]))
            ['ad_click']
        """
        wanted = sorted(set(names))
        event = nw.col(self.event).cast(nw.String)
        row = backend.collect_pandas(
            self._lazy.select([self.user, self.time, self.event]).select(
                nw.len().alias("total"),
                nw.col(self.user).is_null().cast(nw.Int64).sum().alias("null_user"),
                (nw.col(self.time).is_null() & ~nw.col(self.user).is_null()).cast(nw.Int64).sum().alias("null_ts"),
                *((event == name).cast(nw.Int64).max().alias(f"_has_{i}") for i, name in enumerate(wanted)),
            )
        ).iloc[0]
        total, null_user, null_ts = (int(row[name]) for name in ("total", "null_user", "null_ts"))
        kept = total - null_user - null_ts
        if kept == 0:
            detail = f" ({total} rows, all with a null user or timestamp)" if total else ""
            raise EmptyLogError(f"the event log is empty{detail}", path="data")
        self._stats = {"rows": kept, "dropped_null_user": null_user, "dropped_null_ts": null_ts}
        return frozenset(name for i, name in enumerate(wanted) if row[f"_has_{i}"] == 1)

    @property
    def event_names(self) -> frozenset[str]:
        """The distinct event names in the log (one query each time it is read).

        Example:
            >>> from journeywidgets import sample_events
            >>> "ad_click" in EventLog(sample_events(n_users=30)).event_names
            True
        """
        names = backend.collect_pandas(
            self._lazy.select([self.event]).select(nw.col(self.event).cast(nw.String)).unique()
        )
        return frozenset(str(name) for name in names[self.event].dropna())

    def frame(
        self,
        *,
        events: Iterable[str] | None = None,
        columns: Iterable[str] = (),
        tie_codes: dict[str, int] | None = None,
        since: pd.Timestamp | None = None,
        numbered: bool = True,
    ) -> nw.LazyFrame[Any]:
        """The canonical lazy frame: user, time (µs), a per-user sort key, event, plus ``columns``.

        ``events`` keeps only those events (ties are ordered among the rows kept).
        ``tie_codes`` orders equal timestamps by a code per event name instead of
        by row (the "favorable" tie policy, and lazy logs without ``order=``).
        ``since`` drops events before that instant. The key numbers each user's
        events 1..n in canonical order (on Dask, which cannot order a window, it is
        ``time_us * TIE_SLOTS + tie code``); keys are comparable within one frame.
        ``numbered=False`` skips the key (a window over every user) and keeps the tie
        ranks instead, as ``TIE`` + ``0``, ``1``, …: sorting by user, time and then those
        columns is canonical order. With ``tie_codes``, rows of one code at one instant
        follow the input rows, or on engines with no row order the event names, so the
        order never depends on how the engine happened to sort.

        Example:
            >>> from journeywidgets import sample_events
            >>> lf = EventLog(sample_events(n_users=5, seed=2)).frame(events=["ad_click"])
            >>> sorted(lf.collect_schema().names())
            ['__jw_event', '__jw_key', '__jw_time', '__jw_user']
        """
        extra = [name for name in dict.fromkeys(columns) if name not in {self.user, self.time, self.event}]
        self.require(extra, role="attribute")
        row = [backend.ROW] if self._lazy.has_row_order else []
        order = [self.order] if self.order is not None else []
        lf = self._lazy.select([self.user, self.time, self.event, *row, *order, *extra])
        if not isinstance(self.schema[self.time], nw.Datetime):
            lf = lf.with_columns(nw.col(self.time).cast(nw.Datetime("us")))
        if self.tz is not None and not self._aware:
            lf = self._declare_timezone(lf)
        lf = lf.filter(~nw.col(self.user).is_null() & ~nw.col(self.time).is_null())
        if events is not None:
            lf = lf.filter(nw.col(self.event).cast(nw.String).is_in(sorted(set(events))))
        tiebreak = self._tiebreak(tie_codes)
        keep = [nw.col(self.user).alias(USER), nw.col(self.event).cast(nw.String).alias(EVENT), *map(nw.col, extra)]
        lf = backend.epoch_microseconds(lf, self.time, aware=self._aware or self.tz is not None, name=TIME)
        if since is not None:
            lf = lf.filter(nw.col(TIME) >= _micros(since))
        ties = [f"{TIE}{i}" for i in range(len(tiebreak))]
        lf = lf.select(*keep, nw.col(TIME), *(rank.alias(name) for rank, name in zip(tiebreak, ties, strict=True)))
        if not numbered:
            return backend.exact_integers(lf, [TIME])
        if backend.orders_windows(self.implementation):
            # each user's events numbered 1..n in canonical order: (time, then row / order column / code)
            key = nw.col(USER).cum_count().over(USER, order_by=[TIME, *ties]).cast(nw.Int64)
        else:  # Dask cannot order a window: pack (time, tie code) into one sortable integer
            key = nw.col(TIME) * TIE_SLOTS + nw.min_horizontal(nw.col(ties[0]), nw.lit(TIE_SLOTS - 1))
        lf = lf.with_columns(key.alias(KEY)).drop(*ties)
        return backend.exact_integers(lf, [TIME, KEY])

    def _tiebreak(self, tie_codes: dict[str, int] | None) -> list[nw.Expr]:
        """What orders equal timestamps: a code per event name, the row order, the ``order`` column, or nothing."""
        if tie_codes is not None:
            event = nw.col(self.event).cast(nw.String)
            if not backend.orders_windows(self.implementation):
                return [_code_expr(event, tie_codes)]  # Dask packs the code into its key; nothing orders further
            rows = self.order or (backend.ROW if self._lazy.has_row_order else None)
            return [_code_expr(event, tie_codes), event if rows is None else nw.col(rows)]
        column = self.order or (backend.ROW if self._lazy.has_row_order else None)
        if column is None:
            return [nw.lit(0)]
        if not backend.orders_windows(self.implementation):
            msg = (
                f"order={self.order!r} cannot be used on {self.implementation}: it cannot order rows within groups; "
                "leave order unset (ties are then resolved by stage)"
            )
            raise UnsupportedBackendError(msg, path="order")
        return [nw.col(column)]

    @property
    def orders_ties(self) -> bool:
        """Whether events at the same instant have an order of their own (input rows or an ``order=`` column).

        Lazy engines keep no row order: without ``order=``, ties there are resolved favourably (by stage).

        Example:
            >>> from journeywidgets import sample_events
            >>> EventLog(sample_events(n_users=5)).orders_ties  # an eager frame keeps its row order
            True
        """
        return self._lazy.has_row_order or self.order is not None

    def _declare_timezone(self, lf: nw.LazyFrame[Any]) -> nw.LazyFrame[Any]:
        try:
            declared = lf.with_columns(nw.col(self.time).dt.replace_time_zone(self.tz))
            declared.collect_schema()
        except NotImplementedError:
            msg = f"tz={self.tz!r} is not supported on {self.implementation}: convert the timestamps to UTC first"
            raise UnsupportedBackendError(msg, path="tz") from None
        return declared

    def tie_order(self, tie_codes: dict[str, int] | None) -> str:
        """Describe how equal timestamps are ordered, for the result's metadata.

        Example:
            >>> from journeywidgets import sample_events
            >>> EventLog(sample_events(n_users=5)).tie_order(None)
            'input row order'
            >>> EventLog(sample_events(n_users=5)).tie_order({"ad_click": 1})
            'stage order'
        """
        if tie_codes is not None:
            return "stage order" if self.orders_ties else "stage order (this engine keeps no row order)"
        if self.order is not None:
            return f"column {self.order!r}"
        return "input row order"


def _code_expr(column: nw.Expr, codes: dict[str, int]) -> nw.Expr:
    """``codes[value]`` for each value of ``column`` (0 for values not in ``codes``)."""
    expr: nw.Expr = nw.lit(0)
    for name, code in sorted(codes.items(), key=lambda item: -item[1]):
        expr = nw.when(column == name).then(nw.lit(code)).otherwise(expr)
    return expr


def _micros(instant: pd.Timestamp) -> int:
    stamp = pd.Timestamp(instant)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return int(stamp.value // 1000)
