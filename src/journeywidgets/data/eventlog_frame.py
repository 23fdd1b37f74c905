"""How an :class:`~journeywidgets.data.eventlog.EventLog` becomes its canonical frame, and how it orders ties.

The canonical frame has the internal columns ``USER``, ``TIME`` (integer µs since
1970-01-01 UTC), ``EVENT`` and, numbered, a per-user sort ``KEY``; or, unnumbered, the
tie ranks ``TIE`` + ``0``, ``1``, …. Equal timestamps are ordered by a code per event
name (``tie_codes``), by the input row, by an ``order=`` column, or not at all.
:meth:`EventLog.frame <journeywidgets.data.eventlog.EventLog.frame>` and
:meth:`EventLog.tie_order <journeywidgets.data.eventlog.EventLog.tie_order>` delegate here.

Example:
    >>> import pandas as pd
    >>> micros(pd.Timestamp("1970-01-01 00:00:01"))
    1000000
    >>> describe_ties(None, order="seq", orders_ties=True)
    "column 'seq'"
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.errors import UnsupportedBackendError
from journeywidgets.data.units import unit_key

if TYPE_CHECKING:
    from journeywidgets.data.eventlog import EventLog

# internal column names of the canonical frame
USER, TIME, KEY, EVENT = "__jw_user", "__jw_time", "__jw_key", "__jw_event"
TIE = "__jw_tie"  # the ranks that order equal times: __jw_tie0, __jw_tie1 (EventLog.frame(numbered=False))
#: Ties at the same microsecond are spread over this many key values (see ``EventLog.frame``).
TIE_SLOTS = 1024


def canonical_frame(
    log: EventLog,
    source: backend.LazyLog,
    *,
    aware: bool,
    events: Iterable[str] | None = None,
    columns: Iterable[str] = (),
    tie_codes: dict[str, int] | None = None,
    since: pd.Timestamp | None = None,
    numbered: bool = True,
) -> nw.LazyFrame[Any]:
    """The canonical lazy frame of ``log`` (what :meth:`EventLog.frame` returns; its docstring has the rules).

    Args:
        log: the event log (its column mapping, schema and engine).
        source: the log's data as a :class:`~journeywidgets.data.backend.LazyLog`.
        aware: whether the log's timestamps carry a time zone.
        events: keep only these event names (None: all).
        columns: the log's own columns to carry along.
        tie_codes: a code per event name that orders equal timestamps (None: rows or ``order=``).
        since: drop events before this instant.
        numbered: add the per-user ``KEY`` (True) or keep the tie ranks (False).

    Returns:
        A narwhals lazy frame with ``USER``, ``EVENT``, ``columns``, ``TIME`` and ``KEY`` (or the ties).

    Raises:
        MissingColumnError: when one of ``columns`` is not in the log.
        UnsupportedBackendError: for ``order=`` or ``tz=`` on an engine that cannot honour it.

    Example:
        >>> import pandas as pd
        >>> from journeywidgets.data.eventlog import EventLog
        >>> raw = pd.DataFrame({"user_id": ["a"], "timestamp": pd.to_datetime(["1970-01-01 00:00:02"]),
        ...                     "event": ["visit"]})
        >>> log, source = EventLog(raw, engine="pandas"), backend.to_lazy(raw, engine="pandas")
        >>> backend.collect_pandas(canonical_frame(log, source, aware=False))[[TIME, KEY]].values.tolist()
        [[2000000, 1]]
    """
    extra = [name for name in dict.fromkeys(columns) if name not in {log.user, log.time, log.event}]
    log.require(extra, role="attribute")
    row = [backend.ROW] if source.has_row_order else []
    order = [log.order] if log.order is not None else []
    unit = [name for name in log.unit_columns if name not in extra]
    lf = source.select(list(dict.fromkeys([log.user, log.time, log.event, *unit, *row, *order, *extra])))
    if log.unit_columns:  # the unit's key stands in for the user from here on (see journeywidgets.data.units)
        lf = lf.with_columns(unit_key(log.user, log.unit_columns).alias(log.user)).drop(*unit)
    if not isinstance(log.schema[log.time], nw.Datetime):
        lf = lf.with_columns(nw.col(log.time).cast(nw.Datetime("us")))
    if log.tz is not None and not aware:
        lf = declare_timezone(lf, time=log.time, tz=log.tz, implementation=log.implementation)
    lf = lf.filter(~nw.col(log.user).is_null() & ~nw.col(log.time).is_null())
    if events is not None:
        lf = lf.filter(nw.col(log.event).cast(nw.String).is_in(sorted(set(events))))
    ranks = tiebreak(source, event=log.event, order=log.order, tie_codes=tie_codes)
    keep = [nw.col(log.user).alias(USER), nw.col(log.event).cast(nw.String).alias(EVENT), *map(nw.col, extra)]
    lf = backend.epoch_microseconds(lf, log.time, aware=aware or log.tz is not None, name=TIME)
    if since is not None:
        lf = lf.filter(nw.col(TIME) >= micros(since))
    ties = [f"{TIE}{i}" for i in range(len(ranks))]
    lf = lf.select(*keep, nw.col(TIME), *(rank.alias(name) for rank, name in zip(ranks, ties, strict=True)))
    if not numbered:
        return backend.exact_integers(lf, [TIME])
    if backend.orders_windows(source.implementation):
        # each user's events numbered 1..n in canonical order: (time, then row / order column / code)
        key = nw.col(USER).cum_count().over(USER, order_by=[TIME, *ties]).cast(nw.Int64)
    else:  # Dask cannot order a window: pack (time, tie code) into one sortable integer
        key = nw.col(TIME) * TIE_SLOTS + nw.min_horizontal(nw.col(ties[0]), nw.lit(TIE_SLOTS - 1))
    lf = lf.with_columns(key.alias(KEY)).drop(*ties)
    return backend.exact_integers(lf, [TIME, KEY])


def tiebreak(
    source: backend.LazyLog, *, event: str, order: str | None, tie_codes: dict[str, int] | None
) -> list[nw.Expr]:
    """What orders equal timestamps: a code per event name, the row order, the ``order`` column, or nothing.

    Args:
        source: the log's data (whether it kept its row order, and its engine).
        event: the event-name column.
        order: the log's ``order=`` column, if any.
        tie_codes: a code per event name (None: order by row or ``order``).

    Returns:
        The rank expressions, most significant first (``[lit(0)]`` when nothing orders ties).

    Raises:
        UnsupportedBackendError: for ``order`` on an engine that cannot order rows within groups.

    Example:
        >>> import pandas as pd
        >>> source = backend.to_lazy(pd.DataFrame({"event": ["a"]}), engine="pandas")
        >>> len(tiebreak(source, event="event", order=None, tie_codes=None))  # the input row
        1
        >>> len(tiebreak(source, event="event", order=None, tie_codes={"a": 1}))  # the code, then the row
        2
    """
    rows = order or (backend.ROW if source.has_row_order else None)
    if tie_codes is not None:
        name = nw.col(event).cast(nw.String)
        if not backend.orders_windows(source.implementation):
            return [code_expr(name, tie_codes)]  # Dask packs the code into its key; nothing orders further
        return [code_expr(name, tie_codes), name if rows is None else nw.col(rows)]
    if rows is None:
        return [nw.lit(0)]
    if not backend.orders_windows(source.implementation):
        msg = (
            f"order={order!r} cannot be used on {source.implementation}: it cannot order rows within groups; "
            "leave order unset (ties are then resolved by stage)"
        )
        raise UnsupportedBackendError(msg, path="order")
    return [nw.col(rows)]


def declare_timezone(lf: nw.LazyFrame[Any], *, time: str, tz: str, implementation: str) -> nw.LazyFrame[Any]:
    """Read the naive timestamps of ``time`` as wall-clock times in ``tz``.

    Args:
        lf: the frame.
        time: the timestamp column.
        tz: the IANA zone declared with ``tz=``.
        implementation: the engine's name, for the error message.

    Returns:
        ``lf`` with ``time`` made aware in ``tz``.

    Raises:
        UnsupportedBackendError: when the engine cannot attach a time zone.

    Example:
        >>> import pandas as pd
        >>> lf = nw.from_native(pd.DataFrame({"t": pd.to_datetime(["2026-01-01"])})).lazy()
        >>> declare_timezone(lf, time="t", tz="Europe/Berlin", implementation="pandas").collect_schema()["t"].time_zone
        'Europe/Berlin'
    """
    try:
        declared = lf.with_columns(nw.col(time).dt.replace_time_zone(tz))
        declared.collect_schema()
    except NotImplementedError:
        msg = f"tz={tz!r} is not supported on {implementation}: convert the timestamps to UTC first"
        raise UnsupportedBackendError(msg, path="tz") from None
    return declared


def describe_ties(tie_codes: dict[str, int] | None, *, order: str | None, orders_ties: bool) -> str:
    """How equal timestamps are ordered, in words (what :meth:`EventLog.tie_order` returns).

    Args:
        tie_codes: the code per event name the frame was built with, or None.
        order: the log's ``order=`` column, if any.
        orders_ties: whether the log has an order of its own for ties (input rows or ``order``).

    Returns:
        ``"stage order"`` (with a note when the engine keeps no row order), ``"column '<order>'"``
        or ``"input row order"``.

    Example:
        >>> describe_ties({"visit": 0}, order=None, orders_ties=False)
        'stage order (this engine keeps no row order)'
    """
    if tie_codes is not None:
        return "stage order" if orders_ties else "stage order (this engine keeps no row order)"
    if order is not None:
        return f"column {order!r}"
    return "input row order"


def code_expr(column: nw.Expr, codes: dict[str, int]) -> nw.Expr:
    """``codes[value]`` for each value of ``column`` (0 for values not in ``codes``).

    Args:
        column: the expression whose values are looked up (event names).
        codes: the code of each value.

    Returns:
        An integer expression.

    Example:
        >>> import pandas as pd
        >>> frame = nw.from_native(pd.DataFrame({"e": ["a", "b", "z"]}))
        >>> frame.select(code_expr(nw.col("e"), {"a": 1, "b": 2}).alias("c"))["c"].to_list()
        [1, 2, 0]
    """
    expr: nw.Expr = nw.lit(0)
    for name, code in sorted(codes.items(), key=lambda item: -item[1]):
        expr = nw.when(column == name).then(nw.lit(code)).otherwise(expr)
    return expr


def micros(instant: pd.Timestamp) -> int:
    """An instant as integer microseconds since 1970-01-01 UTC (a naive one is read as UTC).

    Args:
        instant: the instant (anything ``pd.Timestamp`` accepts).

    Returns:
        The microseconds, as the canonical frame's ``TIME`` column counts them.

    Example:
        >>> micros(pd.Timestamp("1970-01-01 01:00", tz="Europe/Berlin"))  # midnight UTC
        0
    """
    stamp = pd.Timestamp(instant)
    stamp = stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")
    return int(stamp.value // 1000)
