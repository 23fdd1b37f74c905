"""Event logs to numbers: funnels, bindings, KPIs and the sample event log (via narwhals).

Example:
    >>> from journeywidgets.data import funnel, sample_events
    >>> int(funnel(sample_events(n_users=100), {"Ad": "ad_click"})["reached"].iloc[0]) > 0
    True
"""

from journeywidgets.data.binding import Binding
from journeywidgets.data.errors import (
    ColumnTypeError,
    EmptyLogError,
    EventLogError,
    FunnelDefinitionError,
    MissingColumnError,
    SegmentError,
    TimezoneError,
    UnknownEventWarning,
    UnsupportedBackendError,
)
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.funnel import funnel
from journeywidgets.data.kpis import stage_kpis
from journeywidgets.data.next_actions import next_actions
from journeywidgets.data.sample_events import sample_events

__all__ = [
    "Binding",
    "ColumnTypeError",
    "EmptyLogError",
    "EventLog",
    "EventLogError",
    "FunnelDefinitionError",
    "MissingColumnError",
    "SegmentError",
    "TimezoneError",
    "UnknownEventWarning",
    "UnsupportedBackendError",
    "funnel",
    "next_actions",
    "sample_events",
    "stage_kpis",
]
