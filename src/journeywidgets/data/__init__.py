"""Event logs to numbers: funnels, bindings, KPIs and the sample event log (via narwhals).

Example:
    >>> from journeywidgets.data import funnel, sample_events
    >>> int(funnel(sample_events(n_users=100), {"Ad": "ad_click"})["reached"].iloc[0]) > 0
    True
"""

from journeywidgets.data.binding import Binding
from journeywidgets.data.cohorts import users
from journeywidgets.data.compare import compare_groups, compare_periods
from journeywidgets.data.errors import (
    ColumnTypeError,
    EmptyLogError,
    EventLogError,
    FunnelDefinitionError,
    MissingColumnError,
    SegmentError,
    TimezoneError,
    UnknownEventError,
    UnknownEventWarning,
    UnsupportedBackendError,
)
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.funnel import funnel
from journeywidgets.data.kpis import stage_kpis
from journeywidgets.data.next_actions import next_actions
from journeywidgets.data.paths import paths
from journeywidgets.data.retention import retention
from journeywidgets.data.sample_events import sample_events
from journeywidgets.data.stage_retention import stage_retention
from journeywidgets.data.stats import newcombe_interval, two_proportion_p_value, wilson_interval
from journeywidgets.data.time_to_convert import TimeToConvert, time_to_convert
from journeywidgets.data.transitions import transitions
from journeywidgets.data.trend import trend

__all__ = [
    "Binding",
    "ColumnTypeError",
    "EmptyLogError",
    "EventLog",
    "EventLogError",
    "FunnelDefinitionError",
    "MissingColumnError",
    "SegmentError",
    "TimeToConvert",
    "TimezoneError",
    "UnknownEventError",
    "UnknownEventWarning",
    "UnsupportedBackendError",
    "compare_groups",
    "compare_periods",
    "funnel",
    "newcombe_interval",
    "next_actions",
    "paths",
    "retention",
    "sample_events",
    "stage_kpis",
    "stage_retention",
    "time_to_convert",
    "transitions",
    "trend",
    "two_proportion_p_value",
    "users",
    "wilson_interval",
]
