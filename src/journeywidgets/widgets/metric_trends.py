"""What a metric lane's sparklines draw: each funnel metric's value per entry period, per stage, as small JSON.

A bound :class:`~journeywidgets.JourneyMap` with ``trend_period="W"`` (or ``"D"``, ``"M"``) draws,
beside each value of a reach, conversion or drop-off metric, a sparkline of the same number
per calendar period of entry (:meth:`Binding.trend <journeywidgets.Binding.trend>`: users
in the period of their first stage, in the log's zone). A period whose conversion window has
not ended by the log's last event is ``complete: False``: the sparkline draws it hollow, as
the funnel's "Over time" chart does. Time to convert and column metrics (satisfaction,
revenue, retention) have no per-period series and no sparkline.

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> from journeywidgets.data.aside import ReadingAnalyses
    >>> binding = sample_journey().bind(sample_events(n_users=600), window="7D")
    >>> state = metric_trend_state(ReadingAnalyses(binding.published), binding.journey, "W", None)
    >>> sorted(state["metrics"]), len(state["metrics"]["reach"]["awareness"]) == len(state["periods"])
    (['conversion', 'dropoff', 'reach'], True)
"""

from __future__ import annotations

from typing import Any

from journeywidgets.data.binding_analyses import BindingAnalyses
from journeywidgets.data.trend import Freq
from journeywidgets.model.journey import Journey
from journeywidgets.widgets.funnel_trend import finite, trend_periods

#: the metric kinds with a sparkline, and the trend column each one reads
TREND_KINDS = {"reach": "reached", "conversion": "conv_from_prev", "dropoff": "dropoff"}


def metric_trend_state(
    analyses: BindingAnalyses, journey: Journey, period: Freq, persona: str | None
) -> dict[str, Any]:
    """Each reach, conversion and drop-off metric of ``journey`` per entry period and stage.

    Args:
        analyses: The binding's analyses of the numbers shown (``ReadingAnalyses(binding.published)``).
        journey: The journey whose metrics are drawn (the one the numbers were computed for).
        period: The calendar period users are grouped by, from their first stage.
        persona: Whose users (a persona id with a segment), or ``None`` for all users.

    Returns:
        ``{"period", "persona", "periods": [{"start", "end", "complete"}], "metrics": {metric id:
        {stage id: [value per period]}}}`` (ISO timestamps in the log's zone; a rate with no one to
        divide by is ``None``; a metric's ``stage_ids``, when it names some, limit its stages).

    Raises:
        FunnelDefinitionError: the funnel is open (a trend follows closed funnels), naming ``open``.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> from journeywidgets.data.aside import ReadingAnalyses
        >>> binding = sample_journey().bind(sample_events(n_users=400))
        >>> state = metric_trend_state(ReadingAnalyses(binding.published), binding.journey, "M", "raj")
        >>> state["persona"], state["periods"][0]["start"][:7]
        ('raj', '2026-01')
    """
    chosen = [m for m in journey.metrics if m.kind in TREND_KINDS]
    if not chosen:
        return {"period": period, "persona": persona, "periods": [], "metrics": {}}
    table = analyses.trend(period, persona=persona)
    starts, periods = trend_periods(table)
    by_stage = {str(stage_id): rows.set_index("period").reindex(starts) for stage_id, rows in table.groupby("stage_id")}
    metrics: dict[str, dict[str, list[float | None]]] = {}
    for metric in chosen:
        column = TREND_KINDS[metric.kind]
        metrics[metric.id] = {
            stage_id: [finite(value) for value in rows[column]]
            for stage_id, rows in by_stage.items()
            if not metric.stage_ids or stage_id in metric.stage_ids
        }
    return {"period": period, "persona": persona, "periods": periods, "metrics": metrics}


__all__ = ["TREND_KINDS", "metric_trend_state"]
