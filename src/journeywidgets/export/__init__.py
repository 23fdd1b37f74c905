"""Ways out of the notebook: plotly figures of funnels (more exports follow the same floor).

Example:
    >>> from journeywidgets.export import funnel_figure
    >>> funnel_figure.__name__
    'funnel_figure'
"""

from journeywidgets.export.plotly_figures import funnel_figure

__all__ = ["funnel_figure"]
