"""What a funnel's "Over time" chart draws: conversion per stage for each entry period, as small JSON.

:func:`trend_state` turns :meth:`Binding.trend <journeywidgets.Binding.trend>` (calendar
periods in the log's zone, each user in the period of their first stage) into one list of
periods and, per stage, its reached counts and conversion from the first stage. A period
whose window has not ended by the log's last event is marked ``complete: False``: its
conversion can still grow, and the chart says so.

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> from journeywidgets.data.aside import ReadingAnalyses
    >>> binding = sample_journey().bind(sample_events(n_users=600), window="7D")
    >>> state = trend_state(ReadingAnalyses(binding.published), "W", None)
    >>> [stage["id"] for stage in state["stages"]][:2], state["periods"][0]["start"][:10]
    (['awareness', 'consideration'], '2026-01-05')
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from journeywidgets.data.binding_analyses import BindingAnalyses
from journeywidgets.data.trend import Freq


def finite(value: Any) -> float | None:
    """A trend's number for JSON: a float, or None where it is undefined (NaN).

    Args:
        value: a count or a rate from a trend table.

    Returns:
        The float, or None.

    Example:
        >>> finite(0.5), finite(float("nan"))
        (0.5, None)
    """
    number = float(value)
    return number if math.isfinite(number) else None


def trend_periods(table: pd.DataFrame) -> tuple[list[pd.Timestamp], list[dict[str, Any]]]:
    """The entry periods of a :func:`~journeywidgets.trend` table: their starts, and each as JSON.

    Args:
        table: the trend (one row per period and stage).

    Returns:
        The period starts in order, and ``[{"start", "end", "complete"}]`` (ISO timestamps in the log's zone).

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> starts, periods = trend_periods(sample_journey().bind(sample_events(n_users=300)).trend("M"))
        >>> len(starts) == len(periods), sorted(periods[0])
        (True, ['complete', 'end', 'start'])
    """
    starts = list(dict.fromkeys(table["period"]))
    ends = dict(zip(table["period"], table["period_end"], strict=True))
    complete = dict(zip(table["period"], table["complete"], strict=True))
    periods = [{"start": s.isoformat(), "end": ends[s].isoformat(), "complete": bool(complete[s])} for s in starts]
    return starts, periods


def trend_state(analyses: BindingAnalyses, period: Freq, persona: str | None) -> dict[str, Any]:
    """Conversion per stage for each entry period (``"D"``, ``"W"`` or ``"M"``), for all users or a persona.

    Args:
        analyses: The binding's analyses of the numbers shown (``ReadingAnalyses(binding.published)``).
        period: The calendar period users are grouped by, from their first stage.
        persona: Whose users (a persona id), or ``None`` for all users.

    Returns:
        ``{"period", "persona", "zone", "periods": [{"start", "end", "complete"}], "stages": [{"id", "name",
        "reached": [...], "conv_from_first": [...]}]}``, the lists in the order of ``periods`` (ISO
        timestamps in the log's zone; a rate with no one at the first stage is ``None``).

    Raises:
        FunnelDefinitionError: the funnel is open (a trend follows closed funnels), naming ``open``.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> from journeywidgets.data.aside import ReadingAnalyses
        >>> binding = sample_journey().bind(sample_events(n_users=400))
        >>> trend_state(ReadingAnalyses(binding.published), "M", "raj")["periods"][0]["start"][:7]
        '2026-01'
    """
    table = analyses.trend(period, persona=persona)
    starts, periods = trend_periods(table)
    stages = []
    for stage in analyses.stages:
        rows = table[table["stage_id"] == stage.id].set_index("period").reindex(starts)
        stages.append(
            {
                "id": stage.id,
                "name": stage.name,
                "reached": [0 if pd.isna(n) else int(n) for n in rows["reached"]],
                "conv_from_first": [finite(rate) for rate in rows["conv_from_first"]],
            }
        )
    return {"period": period, "persona": persona, "zone": table.attrs.get("zone"), "periods": periods, "stages": stages}
