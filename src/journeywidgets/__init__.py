"""journeywidgets: customer-journey maps in Jupyter, bound to real data.

Example:
    >>> import journeywidgets as jw
    >>> journey = jw.sample_journey()
    >>> journey.stages[0].name
    'Awareness'
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

from journeywidgets import _wiring
from journeywidgets.model import (
    Card,
    Change,
    DocumentError,
    DuplicateIdError,
    EmotionPoint,
    EmotionScale,
    HistoryError,
    InvalidFieldError,
    InvalidOperationError,
    InvalidTextError,
    Journey,
    JourneyError,
    Lane,
    MetricDef,
    MissingDependencyError,
    MissingFieldError,
    NotFoundError,
    Persona,
    SchemaVersionError,
    Stage,
    Step,
    UnknownFieldError,
    UnsupportedWidgetError,
    WriteError,
    load,
    sample_journey,
)

if TYPE_CHECKING:
    from journeywidgets.data import (
        Binding,
        ColumnTypeError,
        EmptyLogError,
        EventLog,
        EventLogError,
        FunnelDefinitionError,
        MissingColumnError,
        SegmentError,
        TimeToConvert,
        TimezoneError,
        UnknownEventError,
        UnknownEventWarning,
        UnsupportedBackendError,
        compare_groups,
        compare_periods,
        funnel,
        newcombe_interval,
        next_actions,
        paths,
        retention,
        sample_events,
        stage_kpis,
        stage_retention,
        time_to_convert,
        transitions,
        trend,
        two_proportion_p_value,
        users,
        wilson_interval,
    )
    from journeywidgets.export import to_html, to_mermaid
    from journeywidgets.widgets import (
        Board,
        ErrorBanner,
        FunnelView,
        JourneyMap,
        PathView,
        PersonaCard,
        PersonaGallery,
    )

_wiring.wire()  # journey.bind, to_dataframe, to_plotly and to_svg reach the upper floors through these

try:
    __version__ = version("journeywidgets")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"


_EXPORT_NAMES = frozenset({"to_html", "to_mermaid"})
_WIDGET_NAMES = frozenset(
    {"Board", "ErrorBanner", "FunnelView", "JourneyMap", "PathView", "PersonaCard", "PersonaGallery"}
)
_DATA_NAMES = frozenset(
    {
        "Binding",
        "ColumnTypeError",
        "EmptyLogError",
        "EventLog",
        "EventLogError",
        "FunnelDefinitionError",
        "MissingColumnError",
        "SegmentError",
        "TimezoneError",
        "UnknownEventError",
        "UnknownEventWarning",
        "UnsupportedBackendError",
        "TimeToConvert",
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
    }
)


def __getattr__(name: str) -> Any:
    """Import the widgets and the data layer on first use, so the model works without them."""
    if name in _WIDGET_NAMES:
        import journeywidgets.widgets  # noqa: PLC0415

        return getattr(journeywidgets.widgets, name)
    if name in _EXPORT_NAMES:
        import journeywidgets.export  # noqa: PLC0415

        return getattr(journeywidgets.export, name)
    if name in _DATA_NAMES:
        import journeywidgets.data  # noqa: PLC0415

        return getattr(journeywidgets.data, name)
    msg = f"module 'journeywidgets' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "Binding",
    "Board",
    "Card",
    "Change",
    "ColumnTypeError",
    "DocumentError",
    "DuplicateIdError",
    "EmotionPoint",
    "EmotionScale",
    "EmptyLogError",
    "ErrorBanner",
    "EventLog",
    "EventLogError",
    "FunnelDefinitionError",
    "FunnelView",
    "HistoryError",
    "InvalidFieldError",
    "InvalidOperationError",
    "InvalidTextError",
    "Journey",
    "JourneyError",
    "JourneyMap",
    "Lane",
    "MetricDef",
    "MissingColumnError",
    "MissingDependencyError",
    "MissingFieldError",
    "NotFoundError",
    "PathView",
    "Persona",
    "PersonaCard",
    "PersonaGallery",
    "SchemaVersionError",
    "SegmentError",
    "Stage",
    "Step",
    "TimeToConvert",
    "TimezoneError",
    "UnknownEventError",
    "UnknownEventWarning",
    "UnknownFieldError",
    "UnsupportedBackendError",
    "UnsupportedWidgetError",
    "WriteError",
    "__version__",
    "compare_groups",
    "compare_periods",
    "funnel",
    "load",
    "newcombe_interval",
    "next_actions",
    "paths",
    "retention",
    "sample_events",
    "sample_journey",
    "stage_kpis",
    "stage_retention",
    "time_to_convert",
    "to_html",
    "to_mermaid",
    "transitions",
    "trend",
    "two_proportion_p_value",
    "users",
    "wilson_interval",
]
