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
    Journey,
    JourneyError,
    Lane,
    MetricDef,
    MissingFieldError,
    NotFoundError,
    Persona,
    SchemaVersionError,
    Stage,
    Step,
    UnknownFieldError,
    load,
    sample_journey,
)

if TYPE_CHECKING:
    from journeywidgets.widgets import JourneyMap

try:
    __version__ = version("journeywidgets")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"


def __getattr__(name: str) -> Any:
    """Import the widgets on first use, so that the model works without Jupyter installed."""
    if name == "JourneyMap":
        from journeywidgets.widgets import JourneyMap  # noqa: PLC0415

        return JourneyMap
    msg = f"module 'journeywidgets' has no attribute {name!r}"
    raise AttributeError(msg)


__all__ = [
    "Card",
    "Change",
    "DocumentError",
    "DuplicateIdError",
    "EmotionPoint",
    "EmotionScale",
    "HistoryError",
    "InvalidFieldError",
    "InvalidOperationError",
    "Journey",
    "JourneyError",
    "JourneyMap",
    "Lane",
    "MetricDef",
    "MissingFieldError",
    "NotFoundError",
    "Persona",
    "SchemaVersionError",
    "Stage",
    "Step",
    "UnknownFieldError",
    "__version__",
    "load",
    "sample_journey",
]
