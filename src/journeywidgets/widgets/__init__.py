"""Jupyter widgets (anywidget) that show and edit journeys.

Example:
    >>> from journeywidgets.widgets import JourneyMap
    >>> JourneyMap.__name__
    'JourneyMap'
"""

from journeywidgets.widgets.funnel_view import FunnelView
from journeywidgets.widgets.journey_map import JourneyMap

__all__ = ["FunnelView", "JourneyMap"]
