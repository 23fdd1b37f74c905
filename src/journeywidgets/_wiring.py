"""The default providers of the model's extension points (see :mod:`journeywidgets.model.extensions`).

This module sits above every floor (``import journeywidgets`` runs it), so it may
reach each one; each provider imports its floor only when first called, so the
model stays importable and quick without pandas, plotly or the widgets loaded.

Example:
    >>> from journeywidgets.model import extensions
    >>> extensions.BIND
    <ExtensionPoint 'bind': provided>
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from journeywidgets.model import extensions

if TYPE_CHECKING:
    import pandas as pd
    import plotly.graph_objects as go

    from journeywidgets.data.binding import Binding
    from journeywidgets.model.journey import Journey


def bind(journey: Journey, data: Any, **options: Any) -> Binding:
    """``Journey.bind``: a :class:`~journeywidgets.data.binding.Binding` of ``journey`` to ``data``.

    Args:
        journey: The journey to bind.
        data: The event log.
        **options: Column names and funnel options (see :class:`~journeywidgets.Binding`).

    Returns:
        The new binding.

    Example:
        >>> import journeywidgets as jw
        >>> bind(jw.sample_journey(), jw.sample_events(n_users=100)).journey.title
        'Online shop: from first ad to recommendation'
    """
    from journeywidgets.data.binding import Binding  # noqa: PLC0415 - loaded on first use

    return Binding(journey, data, **options)


def cards_table(journey: Journey) -> pd.DataFrame:
    """``Journey.to_dataframe``: the cards as a table (:func:`journeywidgets.export.tables.cards_table`).

    Args:
        journey: The journey.

    Returns:
        One row per card.

    Example:
        >>> import journeywidgets as jw
        >>> len(cards_table(jw.sample_journey())) == len(jw.sample_journey().cards)
        True
    """
    from journeywidgets.export.tables import cards_table as table  # noqa: PLC0415 - loaded on first use

    return table(journey)


def funnel_figure(table: pd.DataFrame, **options: Any) -> go.Figure:
    """``to_plotly``: a funnel table as a figure (:func:`journeywidgets.export.plotly_figures.funnel_figure`).

    Args:
        table: A funnel table.
        **options: ``series``, ``title``, ``colors``, ``name``, ``template``.

    Returns:
        The plotly figure.

    Example:
        >>> import journeywidgets as jw
        >>> table = jw.funnel(jw.sample_events(n_users=200), jw.sample_journey())
        >>> funnel_figure(table, title="Shop").layout.title.text
        'Funnel: Shop'
    """
    from journeywidgets.export.plotly_figures import funnel_figure as figure  # noqa: PLC0415 - loaded on first use

    return figure(table, **options)


def map_svg(journey: Journey, **options: Any) -> str:
    """``JourneyMap.to_svg``: the map as SVG text (:func:`journeywidgets.export.svg.map_svg`).

    Args:
        journey: The journey.
        **options: ``persona``, ``metrics``, ``derived_emotion``, ``theme``.

    Returns:
        The SVG text.

    Example:
        >>> import journeywidgets as jw
        >>> map_svg(jw.sample_journey(), theme="dark").startswith("<svg")
        True
    """
    from journeywidgets.export.svg import map_svg as draw  # noqa: PLC0415 - loaded on first use

    return draw(journey, **options)


def wire() -> None:
    """Provide every extension point that nothing provides yet (one provided by the user is kept).

    Example:
        >>> from journeywidgets.model import extensions
        >>> wire(); extensions.MAP_SVG.get() is map_svg
        True
    """
    defaults: list[tuple[extensions.ExtensionPoint[Any], Any]] = [
        (extensions.BIND, bind),
        (extensions.CARDS_TABLE, cards_table),
        (extensions.FUNNEL_FIGURE, funnel_figure),
        (extensions.MAP_SVG, map_svg),
    ]
    for point, implementation in defaults:
        if not point.provided:
            point.provide(implementation)
