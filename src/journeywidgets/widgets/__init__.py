"""Jupyter widgets (anywidget) that show and edit journeys.

Example:
    >>> from journeywidgets.widgets import JourneyMap
    >>> JourneyMap.__name__
    'JourneyMap'
"""

from journeywidgets.widgets.board import Board
from journeywidgets.widgets.error_banner import ErrorBanner
from journeywidgets.widgets.funnel_view import FunnelView
from journeywidgets.widgets.journey_map import JourneyMap
from journeywidgets.widgets.path_view import PathView
from journeywidgets.widgets.persona_cards import PersonaCard, PersonaGallery

__all__ = ["Board", "ErrorBanner", "FunnelView", "JourneyMap", "PathView", "PersonaCard", "PersonaGallery"]
