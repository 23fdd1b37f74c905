"""Funnel tables as plotly figures: one ``go.Funnel`` trace per persona, segment or breakdown value.

The figure carries the engine's numbers (reached counts on x, stage names on y, plotly's default
orientation); the hover text shows our conversion rates rather than plotly's own percentages,
so an open funnel (where a stage can be entered directly) reads the same as in the FunnelView.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from journeywidgets.model.errors import MissingDependencyError

if TYPE_CHECKING:
    import plotly.graph_objects as go


def _graph_objects() -> Any:
    """``plotly.graph_objects``, imported on first use: plotly is the optional ``plotly`` extra."""
    try:
        import plotly.graph_objects  # noqa: PLC0415 - optional: only to_plotly needs it
    except ImportError:  # not installed, or blocked (sys.modules["plotly"] = None)
        msg = 'to_plotly needs plotly, an optional package: pip install "journeywidgets[plotly]"'
        raise MissingDependencyError(msg, package="plotly", path="to_plotly") from None
    return plotly.graph_objects


def _rate(value: Any) -> str:
    return "n/a" if value is None or pd.isna(value) else f"{float(value):.1%}"


def _hover(row: pd.Series, is_open: bool) -> str:
    if is_open:
        return (
            f"continued {row['continued']} · abandoned {row['abandoned']}"
            f"<br>completion {_rate(row['completion_rate'])} · first entry here {row['first_entry_here']}"
        )
    return f"{_rate(row['conv_from_prev'])} of previous · {_rate(row['conv_from_first'])} of first"


def funnel_figure(
    table: pd.DataFrame,
    *,
    series: str | None = None,
    title: str | None = None,
    colors: dict[str, str] | None = None,
    name: str = "All users",
    template: Any = None,
) -> go.Figure:
    """A ``go.Figure`` of a funnel table from :func:`~journeywidgets.funnel` (or ``Binding.compare``).

    ``series`` names the column whose values become separate traces (``"persona"`` for
    ``binding.compare()``, a breakdown column); without it the table is one funnel.
    ``name`` names the single trace. ``colors`` maps trace names to colours (a persona's
    colour); the others take the colours of the figure's template. The template is
    plotly's current default (``plotly.io.templates.default``, as for any new figure)
    unless ``template`` names one (``"plotly_dark"``, a ``go.layout.Template``).

    Args:
        table: A funnel table (closed or open).
        series: The column whose values become separate traces; ``None`` for one funnel.
        title: Put after ``Funnel:`` (or ``Open funnel:``) in the figure's title.
        colors: Colours of traces, by trace name.
        name: The single trace's name when there is no ``series``.
        template: A plotly template to use instead of plotly's default.

    Returns:
        A new ``plotly.graph_objects.Figure``, bars horizontal, stages in the table's order.

    Raises:
        KeyError: ``series`` is not a column of ``table``.
        MissingDependencyError: plotly (the ``plotly`` extra) is not installed.

    Example:
        >>> import journeywidgets as jw
        >>> table = jw.funnel(jw.sample_events(n_users=500), jw.sample_journey())
        >>> figure = funnel_figure(table)
        >>> list(figure.data[0].x) == table["reached"].tolist(), figure.data[0].orientation
        (True, 'h')
    """
    if series is not None and series not in table.columns:
        msg = f"funnel_figure: no column {series!r} in the table; it has {list(table.columns)}"
        raise KeyError(msg)
    is_open = "completion_rate" in table.columns
    groups = [(None, table)] if series is None else list(table.groupby(series, sort=False, dropna=False))
    graph_objects = _graph_objects()
    figure = graph_objects.Figure()
    for value, rows in groups:
        label = name if value is None else str(value)
        figure.add_trace(
            graph_objects.Funnel(
                name=label,
                y=rows["stage_id"].tolist(),  # ids: two stages with one name stay two bars
                x=[int(value) for value in rows["reached"]],
                orientation="h",
                textinfo="value",
                customdata=[[row["stage"], _hover(row, is_open)] for _, row in rows.iterrows()],
                hovertemplate="%{customdata[0]}: %{x:,} users<br>%{customdata[1]}<extra>" + label + "</extra>",
                # a trace without a colour of its own takes the template's colorway (the user's theme)
                marker={"color": colors[label]} if colors and label in colors else None,
            )
        )
    kind = "Open funnel" if is_open else "Funnel"
    stages = table.drop_duplicates("stage_id")
    figure.update_yaxes(tickmode="array", tickvals=stages["stage_id"].tolist(), ticktext=stages["stage"].tolist())
    figure.update_layout(
        title=f"{kind}: {title}" if title else kind,
        showlegend=len(groups) > 1,
        funnelmode="group" if len(groups) > 1 else None,
    )
    if template is not None:
        figure.update_layout(template=template)
    return figure
