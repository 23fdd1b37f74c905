"""Errors and warnings about event logs and funnel definitions.

Every error is a :class:`~journeywidgets.JourneyError` (and a ``ValueError``) with a
``code`` and, where it is about a column or an argument, its name in ``path``.

Example:
    >>> import pandas as pd
    >>> from journeywidgets import funnel, MissingColumnError
    >>> try:
    ...     funnel(pd.DataFrame({"user": ["a"]}), {"Visit": "visit"})
    ... except MissingColumnError as err:
    ...     print(err.path)
    user_id
"""

from __future__ import annotations

from journeywidgets.model.errors import JourneyError


class EventLogError(JourneyError, ValueError):
    """The event log or the funnel definition cannot be used as given.

    Example:
        >>> issubclass(EmptyLogError, EventLogError)
        True
    """

    code = "event_log"


class MissingColumnError(EventLogError):
    """A column the funnel needs is not in the event log.

    Example:
        >>> MissingColumnError("no column 'ts'", path="ts").code
        'missing_column'
    """

    code = "missing_column"


class ColumnTypeError(EventLogError):
    """A column holds values of the wrong type (for example text where timestamps are expected).

    Example:
        >>> ColumnTypeError("column 'ts' must hold datetimes", path="ts").code
        'column_type'
    """

    code = "column_type"


class TimezoneError(ColumnTypeError):
    """Timestamps mix time-zone-aware and naive values, or ``tz=`` contradicts the data.

    Example:
        >>> TimezoneError("mixed", path="timestamp").code
        'timezone'
    """

    code = "timezone"


class EmptyLogError(EventLogError):
    """The event log has no rows (or none left after dropping null users and timestamps).

    Example:
        >>> EmptyLogError("the event log is empty").code
        'empty_log'
    """

    code = "empty_log"


class FunnelDefinitionError(EventLogError):
    """The stages, mode, window or another funnel argument is invalid.

    Example:
        >>> FunnelDefinitionError("mode must be ...", path="mode").code
        'funnel_definition'
    """

    code = "funnel_definition"


class UnknownEventError(FunnelDefinitionError):
    """An analysis names an event that never occurs in the event log (retention's start or return event).

    Example:
        >>> UnknownEventError("event 'sigup' never occurs", path="start_event").code
        'unknown_event'
    """

    code = "unknown_event"


class SegmentError(EventLogError):
    """A persona's segment filter cannot be read or names a column the log does not have.

    Example:
        >>> SegmentError("bad segment", path="segment").code
        'segment'
    """

    code = "segment"


class UnsupportedBackendError(EventLogError):
    """The dataframe library of the event log cannot express what was asked.

    Example:
        >>> UnsupportedBackendError("no", path="order").code
        'unsupported_backend'
    """

    code = "unsupported_backend"


class UnknownEventWarning(UserWarning):
    """A stage names an event that never occurs in the event log (likely a typo).

    Example:
        >>> issubclass(UnknownEventWarning, UserWarning)
        True
    """
