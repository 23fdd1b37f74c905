"""What an :class:`~journeywidgets.data.eventlog.EventLog` checks of its input, with errors that name the column.

Column names and ``tz`` are checked before anything is read; then the event column
must hold text and the time column datetimes (or dates), aware or naive but not
both, and ``tz=`` only for naive ones.

Example:
    >>> closest("user", ["user_id", "timestamp"])
    "; did you mean 'user_id'?"
    >>> check_arguments(user="", time="timestamp", event="event", order=None, tz=None)
    Traceback (most recent call last):
    ...
    journeywidgets.data.errors.EventLogError: user must name a column of the log, got ''
"""

from __future__ import annotations

import difflib
import zoneinfo
from collections.abc import Sequence
from typing import Any

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data.errors import ColumnTypeError, EventLogError, TimezoneError

TEXT_TYPES = (nw.String, nw.Categorical, nw.Enum)


def closest(name: str, names: Sequence[str]) -> str:
    """A did-you-mean hint for a column name that is not there (empty when nothing is close).

    Args:
        name: the name asked for.
        names: the names there are.

    Returns:
        ``"; did you mean 'a' or 'b'?"`` with up to three close names, or ``""``.
    """
    close = difflib.get_close_matches(name, names, n=3, cutoff=0.5)
    return f"; did you mean {' or '.join(map(repr, close))}?" if close else ""


def check_arguments(**arguments: str | None) -> None:
    """Column names are non-empty text; ``tz`` is a zone the IANA database knows."""
    for role in ("user", "time", "event", "order"):
        value = arguments[role]
        if (value is not None or role != "order") and not (isinstance(value, str) and value):
            raise EventLogError(f"{role} must name a column of the log, got {value!r}", path=role)
    zone = arguments["tz"]
    if zone is None:
        return
    try:
        if not isinstance(zone, str):
            raise TypeError  # noqa: TRY301 - one message for every kind of bad zone
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, TypeError, ValueError):
        msg = f"tz must be a time zone name such as 'Europe/Berlin' or 'UTC', got {zone!r}"
        raise TimezoneError(msg, path="tz") from None


def readable_zone(data: Any, time: str) -> tuple[Any, str | None]:
    """``data`` as narwhals can read it, and the zone of its timestamps when that had to change.

    narwhals reads ``datetime64[ns, America/New_York]`` as an Unknown dtype (the
    underscore); the instants are the same in UTC, so such a pandas column is given
    in UTC and its zone is returned, to be kept for date ranges.

    Args:
        data: the native event log.
        time: the time column.

    Returns:
        ``(data, zone)``: a pandas frame whose time column has a zone other than UTC
        converted to UTC, with that zone; otherwise ``data`` itself and None.
    """
    if not isinstance(data, pd.DataFrame) or time not in data.columns:
        return data, None
    dtype = data[time].dtype
    if isinstance(dtype, pd.DatetimeTZDtype) and str(dtype.tz) not in {"UTC", "Etc/UTC"}:
        return data.assign(**{time: data[time].dt.tz_convert("UTC")}), str(dtype.tz)
    return data, None


def check_event_type(schema: dict[str, Any], event: str) -> None:
    """The event column holds event names (text, categorical or enum).

    Args:
        schema: the log's narwhals schema.
        event: the event column.

    Raises:
        ColumnTypeError: naming ``event`` when it does not hold text.
    """
    dtype = schema[event]
    if not isinstance(dtype, TEXT_TYPES):
        msg = f"event column {event!r} must hold event names (text), got {dtype}"
        raise ColumnTypeError(msg, path=event)


def check_time(data: Any, schema: dict[str, Any], *, time: str, tz: str | None, source_zone: str | None) -> bool:
    """Check the time column; return whether its timestamps are time-zone aware.

    Args:
        data: the native event log.
        schema: the log's narwhals schema.
        time: the time column.
        tz: the declared zone of naive timestamps, or None.
        source_zone: the zone :func:`readable_zone` converted from, or None.

    Returns:
        True for aware timestamps; False for naive timestamps and dates.

    Raises:
        TimezoneError: naming ``time`` when ``tz`` is given for aware timestamps of
            another zone, or a pandas object column mixes aware and naive values.
        ColumnTypeError: naming ``time`` when it holds neither datetimes nor dates.
    """
    if isinstance(data, pd.DataFrame) and data[time].dtype == object:
        explain_object_times(data[time], time)
    dtype = schema[time]
    if isinstance(dtype, nw.Datetime):
        aware = dtype.time_zone is not None
        zone = source_zone or dtype.time_zone
        if aware and tz is not None and zone not in {tz, f"Etc/{tz}"}:
            msg = f"time column {time!r} already carries time zone {zone!r}; tz={tz!r} is only for naive timestamps"
            raise TimezoneError(msg, path=time)
        return aware
    if isinstance(dtype, nw.Date):
        return False
    hint = " (parse them first, e.g. pd.to_datetime(df[col], utc=True))" if isinstance(dtype, nw.String) else ""
    msg = f"time column {time!r} must hold datetimes, got {dtype}{hint}"
    raise ColumnTypeError(msg, path=time)


def explain_object_times(native: pd.Series, time: str) -> None:
    """A pandas object column of timestamps: say whether it mixes aware and naive values.

    Args:
        native: the pandas object column.
        time: its name, for the message.

    Raises:
        TimezoneError: naming ``time`` when it mixes aware and naive timestamps.
    """
    kinds = {getattr(value, "tzinfo", None) is None for value in native.dropna() if hasattr(value, "tzinfo")}
    if len(kinds) > 1:
        msg = (
            f"time column {time!r} mixes time-zone-aware and naive timestamps; "
            "make them all aware (pd.to_datetime(..., utc=True)) or all naive"
        )
        raise TimezoneError(msg, path=time)
