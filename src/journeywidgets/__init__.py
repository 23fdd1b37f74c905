"""journeywidgets: customer-journey maps in Jupyter, bound to real data.

Example:
    >>> import journeywidgets as jw
    >>> journey = jw.sample_journey()
    >>> journey.stages[0].name
    'Awareness'
"""

from importlib.metadata import PackageNotFoundError, version

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
from journeywidgets.widgets import JourneyMap

try:
    __version__ = version("journeywidgets")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

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
