"""The journey document: pure Python, no Jupyter and no dataframes.

Example:
    >>> from journeywidgets.model import Journey
    >>> Journey("Demo").revision
    0
"""

from journeywidgets.model.entities import Card, EmotionPoint, EmotionScale, Lane, MetricDef, Persona, Stage, Step
from journeywidgets.model.errors import (
    DocumentError,
    DuplicateIdError,
    HistoryError,
    InvalidFieldError,
    InvalidOperationError,
    InvalidTextError,
    JourneyError,
    MissingDependencyError,
    MissingFieldError,
    NotFoundError,
    SchemaVersionError,
    UnknownFieldError,
    UnsupportedWidgetError,
    WriteError,
)
from journeywidgets.model.journey import Change, Journey, load
from journeywidgets.model.ops import OPERATION_NAMES, apply_op
from journeywidgets.model.sample import sample_journey

__all__ = [
    "OPERATION_NAMES",
    "Card",
    "Change",
    "DocumentError",
    "DuplicateIdError",
    "EmotionPoint",
    "EmotionScale",
    "HistoryError",
    "InvalidFieldError",
    "InvalidOperationError",
    "InvalidTextError",
    "Journey",
    "JourneyError",
    "Lane",
    "MetricDef",
    "MissingDependencyError",
    "MissingFieldError",
    "NotFoundError",
    "Persona",
    "SchemaVersionError",
    "Stage",
    "Step",
    "UnknownFieldError",
    "UnsupportedWidgetError",
    "WriteError",
    "apply_op",
    "load",
    "sample_journey",
]
