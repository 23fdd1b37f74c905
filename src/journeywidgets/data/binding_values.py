"""Values a binding derives for a map's lanes: metric values per stage and the measured emotion curve.

Both read tables a :class:`~journeywidgets.data.binding.Binding` has already
computed (its funnel and KPIs), so they hold no state and no cache of their own.

Example:
    >>> from journeywidgets.model.entities import EmotionScale
    >>> emotion_from_scores({"experience": 5.0, "advocacy": 1.0}, kind="csat", scale=EmotionScale(-2, 2, {}))
    {'experience': 2.0, 'advocacy': -2.0}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from journeywidgets.data.kpis import FUNNEL_KINDS
from journeywidgets.model.entities import EmotionScale, MetricDef
from journeywidgets.model.journey import Journey

#: the score range of each satisfaction-like metric kind (worst, best), for the derived emotion curve
SCORE_RANGES = {"csat": (1.0, 5.0), "ces": (7.0, 1.0), "nps": (0.0, 10.0)}
#: the id of the one-off mean metric the emotion curve is computed from
MEAN_ID = "__mean"


def inputs_fingerprint(journey: Journey) -> tuple[Any, ...]:
    """What a binding's numbers depend on: stages and their events, persona segments, metric definitions.

    A journey edit that leaves it unchanged (a card's text, a title) needs no recompute.

    Args:
        journey: the bound journey.

    Returns:
        A hashable tuple: (stage id, name, events) per stage, (persona id, segment)
        per persona, and the metric definitions.
    """
    return (
        tuple((s.id, s.name, s.events) for s in journey.stages),
        tuple((p.id, p.segment) for p in journey.personas),
        tuple(journey.metrics),
    )


def side_by_side(all_users: pd.DataFrame, personas: Iterable[tuple[str, str, pd.DataFrame]]) -> pd.DataFrame:
    """Funnels stacked for comparison: "All users" first, then each ``(id, name, table)``; persona columns lead.

    Args:
        all_users: the funnel over all users.
        personas: ``(persona id, persona name, funnel table)`` per persona.

    Returns:
        The tables concatenated with ``persona`` and ``persona_id`` (None for "All
        users") as the first columns.
    """
    parts = [all_users.assign(persona="All users", persona_id=None)]
    parts += [table.assign(persona=name, persona_id=persona_id) for persona_id, name, table in personas]
    table = pd.concat(parts, ignore_index=True)
    columns = ["persona", "persona_id", *(c for c in table.columns if c not in {"persona", "persona_id"})]
    ordered: pd.DataFrame = table[columns]
    return ordered


def metric_values(
    metrics: Iterable[MetricDef], funnel_table: pd.DataFrame, kpis: pd.DataFrame
) -> dict[str, dict[str, float | None]]:
    """Every metric's value per stage id: funnel kinds from ``funnel_table``, column metrics from ``kpis``.

    A metric whose values are in neither table (a KPI without a column) is left out.

    Args:
        metrics: the journey's metric definitions.
        funnel_table: the funnel (for reach, conversion, drop-off, time to convert).
        kpis: the column metrics per stage (see ``Binding.kpis``).

    Returns:
        ``{metric id: {stage id: value}}``, a value None where missing (NaN), only the
        metric's ``stage_ids`` when it names some.
    """
    values: dict[str, dict[str, float | None]] = {}
    for metric in metrics:
        if metric.kind in FUNNEL_KINDS:
            column = FUNNEL_KINDS[metric.kind]
            if column == "ttc":
                column = "ttc_first_mean_s" if metric.aggregation == "mean" else "ttc_first_median_s"
            source = funnel_table
        elif metric.id in kpis.columns:
            column, source = metric.id, kpis
        else:
            continue
        values[metric.id] = {
            row["stage_id"]: None if row[column] is None or pd.isna(row[column]) else float(row[column])
            for _, row in source.iterrows()
            if not metric.stage_ids or row["stage_id"] in metric.stage_ids
        }
    return values


def emotion_source(metrics: Iterable[MetricDef]) -> MetricDef | None:
    """The metric the emotion curve is measured from: the first ``csat``/``ces``/``nps`` metric with a column.

    Args:
        metrics: the journey's metric definitions.

    Returns:
        That metric, or None when there is none.
    """
    return next((m for m in metrics if m.kind in SCORE_RANGES and m.column), None)


def mean_metric(source: MetricDef) -> MetricDef:
    """A one-off KPI metric: the mean of ``source``'s column at every stage (its values are under ``MEAN_ID``).

    Args:
        source: the satisfaction-like metric (see :func:`emotion_source`).

    Returns:
        A copy of ``source`` with id ``MEAN_ID``, kind ``"kpi"``, aggregation
        ``"mean"`` and no stage restriction.
    """
    return dataclasses.replace(source, id=MEAN_ID, kind="kpi", aggregation="mean", stage_ids=())


def emotion_from_scores(means: Mapping[str, Any], *, kind: str, scale: EmotionScale) -> dict[str, float]:
    """Each stage's mean score placed linearly on the emotion scale: worst score at its bottom, best at its top.

    Stages whose mean is missing (None or NaN) are left out.

    Args:
        means: the mean score per stage id.
        kind: ``"csat"``, ``"ces"`` or ``"nps"`` (a key of ``SCORE_RANGES``).
        scale: the journey's emotion scale.

    Returns:
        ``{stage id: emotion}``, rounded to 3 decimals.
    """
    low, high = SCORE_RANGES[kind]
    curve: dict[str, float] = {}
    for stage_id, mean in means.items():
        if mean is not None and not pd.isna(mean):
            fraction = (float(mean) - low) / (high - low)
            curve[stage_id] = round(scale.min + fraction * (scale.max - scale.min), 3)
    return curve
