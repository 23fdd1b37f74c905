"""Ways out of the notebook: standalone HTML, plotly figures, Mermaid text, tidy tables.

Example:
    >>> from journeywidgets.export import funnel_figure, to_mermaid
    >>> funnel_figure.__name__, to_mermaid.__name__
    ('funnel_figure', 'to_mermaid')
"""

from journeywidgets.export.html import to_html
from journeywidgets.export.mermaid import to_mermaid
from journeywidgets.export.plotly_figures import funnel_figure
from journeywidgets.export.tables import cards_table

__all__ = ["cards_table", "funnel_figure", "to_html", "to_mermaid"]
