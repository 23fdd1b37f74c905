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

from collections.abc import Iterable, Sequence
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd

from journeywidgets.data import backend, units
from journeywidgets.data import eventlog_checks as checks
from journeywidgets.data import eventlog_frame as framing
from journeywidgets.data.errors import EmptyLogError, MissingColumnError

# the canonical frame's column names and helpers live in eventlog_frame; imported from here as before
from journeywidgets.data.eventlog_frame import EVENT, KEY, TIE, TIE_SLOTS, TIME, USER
from journeywidgets.data.eventlog_frame import code_expr as _code_expr
from journeywidgets.data.eventlog_frame import micros as _micros

__all__ = ["EVENT", "KEY", "TIE", "TIE_SLOTS", "TIME", "USER", "EventLog", "_code_expr", "_micros"]


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
        unit: what is counted: ``"user"``, or a column (or columns) held constant along a
            chain, whose values with the user make the units (``"session_id"``: sessions);
            see :mod:`~journeywidgets.data.units`.
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
        unit: str | Sequence[str] = "user",
        engine: backend.Engine = "auto",
    ) -> None:
        self.data = data
        self.user, self.time, self.event, self.order, self.tz = user, time, event, order, tz
        checks.check_arguments(user=user, time=time, event=event, order=order, tz=tz)
        #: the columns that with the user make the unit counted (empty: users)
        self.unit_columns = units.unit_columns(unit, user=user, time=time, event=event)
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
        self.require(self.unit_columns, role="unit")
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
        """Row counts: ``rows`` kept, ``dropped_null_user``, ``dropped_null_unit`` and ``dropped_null_ts``.

        ``dropped_null_unit`` counts rows with a user but a null unit column (always 0 when the
        unit is the user). One small query, cached.

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
        no_user = nw.col(self.user).is_null()
        no_unit = units.unit_key(self.user, self.unit_columns).is_null() & ~no_user
        read = list(dict.fromkeys([self.user, *self.unit_columns, self.time, self.event]))
        row = backend.collect_pandas(
            self._lazy.select(read).select(
                nw.len().alias("total"),
                no_user.cast(nw.Int64).sum().alias("null_user"),
                no_unit.cast(nw.Int64).sum().alias("null_unit"),
                (nw.col(self.time).is_null() & ~no_user & ~no_unit).cast(nw.Int64).sum().alias("null_ts"),
                *((event == name).cast(nw.Int64).max().alias(f"_has_{i}") for i, name in enumerate(wanted)),
            )
        ).iloc[0]
        total, null_user, null_unit, null_ts = (int(row[n]) for n in ("total", "null_user", "null_unit", "null_ts"))
        kept = total - null_user - null_unit - null_ts
        if kept == 0:
            what = "user, unit or timestamp" if self.unit_columns else "user or timestamp"
            detail = f" ({total} rows, all with a null {what})" if total else ""
            raise EmptyLogError(f"the event log is empty{detail}", path="data")
        self._stats = {
            "rows": kept,
            "dropped_null_user": null_user,
            "dropped_null_unit": null_unit,
            "dropped_null_ts": null_ts,
        }
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

        Rows with a null user or timestamp are left out. Equal timestamps are ranked by
        ``tie_codes`` when given (the "favorable" tie policy, and lazy logs without ``order=``),
        else by the ``order=`` column, else by input row; rows of one code at one instant
        follow the input rows, or on engines with no row order the event names, so the order
        never depends on how the engine happened to sort (see :mod:`~journeywidgets.data.eventlog_frame`).

        Args:
            events: keep only these event names (None: all); ties are ranked among the rows kept.
            columns: more of the log's own columns to carry along, under their own names.
            tie_codes: a code per event name that orders equal timestamps (lower first;
                names not in it get 0).
            since: drop events before this instant (a naive one is read as UTC).
            numbered: True adds ``KEY``, which increases in canonical order within each
                user (polars and DuckDB number each user's events 1..n; on Dask, which cannot
                order a window, it is ``time_us * TIE_SLOTS + tie code``). Keys compare only
                within one frame. False skips that window over every user and keeps the tie
                ranks instead, as ``TIE`` + ``0``, ``1``, …: sorting by user, time and then
                those columns is canonical order.

        Returns:
            A narwhals lazy frame with the columns ``USER``, ``EVENT``, the ``columns``,
            ``TIME`` (integer µs since 1970-01-01 UTC) and ``KEY`` (or the tie ranks).

        Raises:
            MissingColumnError: when one of ``columns`` is not in the log.
            UnsupportedBackendError: when the engine cannot honour ``order=`` (it cannot order
                rows within groups) or ``tz=`` (it cannot attach a time zone).

        Example:
            >>> import pandas as pd
            >>> from journeywidgets.data.backend import collect_pandas
            >>> raw = pd.DataFrame({"user_id": ["a", "a", "b"],
            ...                     "timestamp": pd.to_datetime(["1970-01-01 00:00:01"] * 2 + ["1970-01-01 00:00:03"]),
            ...                     "event": ["buy", "visit", "visit"]})
            >>> log = EventLog(raw, engine="pandas")
            >>> def in_order(frame):
            ...     return collect_pandas(frame).sort_values([USER, KEY])[EVENT].tolist()
            >>> in_order(log.frame())  # a's tie at 1 s follows the input rows
            ['buy', 'visit', 'visit']
            >>> in_order(log.frame(tie_codes={"visit": 1, "buy": 2}))  # or the codes
            ['visit', 'buy', 'visit']
            >>> collect_pandas(log.frame(since=pd.Timestamp("1970-01-01 00:00:02")))[TIME].tolist()
            [3000000]
            >>> sorted(collect_pandas(log.frame(numbered=False)).columns)
            ['__jw_event', '__jw_tie0', '__jw_time', '__jw_user']
        """
        lazy, aware = self._lazy, self._aware
        return framing.canonical_frame(
            self, lazy, aware=aware, events=events, columns=columns, tie_codes=tie_codes, since=since, numbered=numbered
        )

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

    def tie_order(self, tie_codes: dict[str, int] | None) -> str:
        """Describe how equal timestamps are ordered, for the result's metadata.

        Args:
            tie_codes: the code per event name the frame was built with (see :meth:`frame`),
                or None when ties follow the log's own order.

        Returns:
            ``"stage order"`` (``"stage order (this engine keeps no row order)"`` when the log
            has no order of its own, see :attr:`orders_ties`), ``"column '<order>'"`` for an
            ``order=`` column, or ``"input row order"``.

        Example:
            >>> import pandas as pd
            >>> raw = pd.DataFrame({"user_id": ["a", "a"], "timestamp": pd.to_datetime(["2026-01-01"] * 2),
            ...                     "event": ["visit", "buy"], "seq": [2, 1]})
            >>> EventLog(raw, engine="pandas").tie_order(None)
            'input row order'
            >>> EventLog(raw, order="seq", engine="pandas").tie_order(None)
            "column 'seq'"
            >>> EventLog(raw, order="seq", engine="pandas").tie_order({"visit": 1, "buy": 2})
            'stage order'
        """
        return framing.describe_ties(tie_codes, order=self.order, orders_ties=self.orders_ties)
