"""Findings from a binding's numbers, ranked: where users leave, the slowest step, the worst stage, personas behind.

:func:`rank_insights` reads tables a :class:`~journeywidgets.Binding` has already computed (the
funnel of all users, each persona's funnel and the KPIs), so it runs no query of its own. It looks
for four kinds of finding, each with its numbers:

- ``abandonment``: the stage the most users leave (reached it, did not reach the next, GA4's
  "abandoned here"); severity: the users lost there as a share of everyone who entered.
- ``slow_transition``: the step between two stages with the longest median time; severity: its
  median as a share of the medians of all steps added up (needs two steps or more).
- ``low_satisfaction``: for each satisfaction-like metric (``csat``, ``nps``, ``ces``,
  ``satisfaction``) measured at two stages or more, the worst one; severity: how far below the
  top of its scale it is (``csat`` 1-5, or 0-100 with ``aggregation="rate"``; ``nps`` -100 to
  100; ``ces`` 7 to 1, lower is better). A ``satisfaction`` metric has no known scale: its
  severity is the worst stage's shortfall from the other stages' mean, relative to that mean.
- ``persona_gap``: for each persona, the step at which it converts significantly worse than the
  other users (all users minus the persona's); severity: the conversions it misses there (the
  difference times its users) as a share of everyone who entered. Significance is the pooled
  two-proportion z-test (:func:`~journeywidgets.two_proportion_p_value`) at ``alpha`` divided by
  the number of tests made (Bonferroni, so testing many personas and steps does not find gaps by
  chance); tables too small for the test (Cochran's rule) are not tested.

Findings are sorted by severity, largest first. Abandonment, slow transitions and satisfaction are
pain points; a persona's gap is an opportunity (a message tailored to that persona at that step).

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> binding = sample_journey().bind(sample_events(n_users=2000), window="7D")
    >>> table = rank_insights(binding.journey, binding.metrics, binding.kpis(), binding.persona_metrics)
    >>> table["kind"].iloc[0], table["stage_id"].iloc[0]
    ('abandonment', 'consideration')
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal

import pandas as pd

from journeywidgets.data.binding_values import SCORE_RANGES
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.optional_steps import table_priors
from journeywidgets.data.stats import small_sample, two_proportion_p_value
from journeywidgets.model.entities import MetricDef
from journeywidgets.model.journey import Journey

__all__ = ["INSIGHT_COLUMNS", "Insight", "InsightKind", "duration_text", "rank_insights"]

InsightKind = Literal["abandonment", "slow_transition", "low_satisfaction", "persona_gap"]
SATISFACTION_KINDS = ("csat", "nps", "ces", "satisfaction")
#: the scale (worst value, best value) of a csat metric aggregated as a top-2-box rate, in percent
CSAT_RATE_SCALE = (0.0, 100.0)


@dataclass(frozen=True)
class Insight:
    """One finding, with its numbers (a row of :func:`rank_insights`' table).

    Example:
        >>> Insight("abandonment", 0.4, "buy", "Buy", None, "60% of those who reach Buy go no further",
        ...         "6 of 10 users ...", 0.6, 6, math.nan, "dropoff", "pain_point").lane_kind
        'pain_point'
    """

    kind: InsightKind
    severity: float
    stage_id: str
    stage: str
    persona_id: str | None
    title: str
    text: str
    value: float
    users: float
    p_value: float
    metric: str
    lane_kind: Literal["pain_point", "opportunity"]


INSIGHT_COLUMNS = ("rank", *Insight.__dataclass_fields__)


def duration_text(seconds: float) -> str:
    """A duration as people say it: ``"45 s"``, ``"14 min"``, ``"5.2 h"``, ``"3.3 days"``.

    Args:
        seconds: the duration in seconds.

    Returns:
        The duration in its largest whole unit, with one decimal above minutes.

    Example:
        >>> duration_text(45), duration_text(842.5), duration_text(281410)
        ('45 s', '14 min', '3.3 days')
    """
    if seconds < 60:  # noqa: PLR2004 - a minute
        return f"{seconds:.0f} s"
    if seconds < 3600:  # noqa: PLR2004 - an hour
        return f"{seconds / 60:.0f} min"
    if seconds < 86400:  # noqa: PLR2004 - a day
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"


def _metric_of_kind(journey: Journey, kind: str) -> str:
    return next((m.id for m in journey.metrics if m.kind == kind), "")


def _abandonment(journey: Journey, table: pd.DataFrame) -> list[Insight]:
    # a loss is between required stages: skipping an optional stage abandons nothing
    funnel = table[~table["stage_id"].isin(table.attrs.get("optional_ids", []))]
    reached = [int(v) for v in funnel["reached"]]
    if len(reached) < 2 or reached[0] <= 0:  # noqa: PLR2004 - a step needs two stages
        return []
    losses = [(reached[k] - reached[k + 1], k) for k in range(len(reached) - 1) if reached[k] > 0]
    lost, k = max(losses, key=lambda pair: pair[0], default=(0, 0))  # the first stage of the largest loss
    if lost <= 0:
        return []
    names, ids = list(funnel["stage"]), list(funnel["stage_id"])
    share, severity = lost / reached[k], lost / reached[0]
    title = f"{share:.0%} of those who reach {names[k]} go no further"
    text = (
        f"{lost:,} of the {reached[k]:,} users who reached {names[k]} did not reach {names[k + 1]} "
        f"({share:.1%}): {severity:.1%} of the {reached[0]:,} who entered."
    )
    metric = _metric_of_kind(journey, "dropoff")
    where = (ids[k], names[k], None)
    return [Insight("abandonment", severity, *where, title, text, share, lost, math.nan, metric, "pain_point")]


def _slow_transition(journey: Journey, funnel: pd.DataFrame) -> list[Insight]:
    medians = [(k, float(v)) for k, v in enumerate(funnel["ttc_prev_median_s"]) if k > 0 and not pd.isna(v)]
    total = sum(v for _, v in medians)
    if len(medians) < 2 or total <= 0:  # noqa: PLR2004 - slowest of two steps or more
        return []
    k, median = max(medians, key=lambda pair: pair[1])
    names, ids = list(funnel["stage"]), list(funnel["stage_id"])
    before = names[table_priors(funnel)[k]]  # ttc_prev is measured from it (the last required stage before k)
    share = median / total
    title = f"Slowest step: {before} → {names[k]}, median {duration_text(median)}"
    text = (
        f"Users who went on from {before} to {names[k]} took a median of {duration_text(median)}: "
        f"{share:.0%} of the {len(medians)} steps' medians added up."
    )
    users = int(funnel["reached"].iloc[k])
    metric = _metric_of_kind(journey, "time_to_convert")
    where = (ids[k], names[k], None)
    return [Insight("slow_transition", share, *where, title, text, median, users, math.nan, metric, "pain_point")]


def _satisfaction_severity(metric: MetricDef, worst: float, others: list[float], lower_is_better: bool) -> float:
    """How bad a metric's worst stage value is, 0 (the top of its scale) to 1 (the bottom)."""
    if metric.kind == "nps":
        return (100.0 - worst) / 200.0
    scale = None
    if metric.kind == "csat" and metric.aggregation == "rate":
        scale = CSAT_RATE_SCALE
    elif metric.kind in {"csat", "ces"} and metric.aggregation in {"mean", "median"}:
        scale = SCORE_RANGES[metric.kind]  # the raw scores' scale, as the measured emotion reads it
    if scale is not None:
        low, high = scale
        return 1.0 - (worst - low) / (high - low)
    mean = sum(others) / len(others)
    shortfall = (worst - mean) if lower_is_better else (mean - worst)
    return max(0.0, min(1.0, shortfall / abs(mean))) if mean else 0.0


def _low_satisfaction(journey: Journey, kpis: pd.DataFrame) -> list[Insight]:
    found = []
    for metric in journey.metrics:
        if metric.kind not in SATISFACTION_KINDS or metric.id not in kpis.columns:
            continue
        stages = zip(kpis["stage_id"].astype(str), kpis["stage"].astype(str), kpis[metric.id], strict=True)
        values = [(stage_id, stage, float(v)) for stage_id, stage, v in stages if not pd.isna(v)]
        if len(values) < 2:  # noqa: PLR2004 - the worst of two stages or more
            continue
        lower_is_better = metric.kind == "ces" or metric.direction == "lower_is_better"
        stage_id, stage, worst = (max if lower_is_better else min)(values, key=lambda item: item[2])
        others = [v for sid, _, v in values if sid != stage_id]
        severity = _satisfaction_severity(metric, worst, others, lower_is_better)
        adjective = "Highest" if lower_is_better else "Lowest"
        title = f"{adjective} {metric.name}: {stage}, {worst:.2f}"
        text = (
            f"{metric.name} is {worst:.2f} at {stage}, the {'highest' if lower_is_better else 'lowest'} of the "
            f"{len(values)} stages it is measured at (the others average {sum(others) / len(others):.2f})."
        )
        where = (stage_id, stage, None)
        found.append(
            Insight(
                "low_satisfaction", severity, *where, title, text, worst, math.nan, math.nan, metric.id, "pain_point"
            )
        )
    return found


@dataclass(frozen=True)
class StepTest:
    """A persona's conversion into stage ``step`` (from the stage before) against the other users'.

    ``s1`` of the persona's ``n1`` users at the stage before reached it, and ``s2`` of the
    other ``n2``; ``p_value`` is the pooled two-proportion z-test's.

    Example:
        >>> StepTest("raj", 2, 10, 100, 40, 200, 0.01).rates
        (0.1, 0.2)
    """

    persona_id: str
    step: int
    s1: int
    n1: int
    s2: int
    n2: int
    p_value: float

    @property
    def rates(self) -> tuple[float, float]:
        """The persona's and the other users' conversion into the step.

        Example:
            >>> StepTest("raj", 1, 1, 4, 3, 4, 0.2).rates
            (0.25, 0.75)
        """
        return self.s1 / self.n1, self.s2 / self.n2


def persona_step_tests(funnel: pd.DataFrame, personas: Mapping[str, pd.DataFrame]) -> list[StepTest]:
    """Every persona's step conversions tested against the other users' (the tables big enough to test).

    Args:
        funnel: The funnel of all users.
        personas: Each persona's funnel by persona id (its users are some of all users).

    Returns:
        One :class:`StepTest` per persona and step, in order; steps with an expected count
        below 5 (see :func:`~journeywidgets.data.stats.small_sample`) are left out.

    Example:
        >>> import pandas as pd
        >>> everyone, raj = pd.DataFrame({"reached": [300, 150]}), pd.DataFrame({"reached": [100, 20]})
        >>> [(t.step, t.s1, t.n1, t.s2, t.n2) for t in persona_step_tests(everyone, {"raj": raj})]
        [(1, 20, 100, 130, 200)]
    """
    everyone = [int(v) for v in funnel["reached"]]
    prior = table_priors(funnel)  # each step from the stage it is compared with (past optional stages)
    tests: list[StepTest] = []
    for persona_id, table in personas.items():
        own = [int(v) for v in table["reached"]]
        for k in range(1, len(own)):
            n1, s1 = own[prior[k]], own[k]
            n2, s2 = everyone[prior[k]] - n1, everyone[k] - s1
            if not (0 <= s1 <= n1 and 0 <= s2 <= n2) or small_sample(s1, n1, s2, n2):
                continue
            tests.append(StepTest(persona_id, k, s1, n1, s2, n2, two_proportion_p_value(s1, n1, s2, n2)))
    return tests


def _persona_gaps(
    journey: Journey, funnel: pd.DataFrame, personas: Mapping[str, pd.DataFrame], alpha: float
) -> list[Insight]:
    everyone = [int(v) for v in funnel["reached"]]
    names, ids = list(funnel["stage"]), list(funnel["stage_id"])
    prior = table_priors(funnel)
    tests = [(t.persona_id, t.step, t.s1, t.n1, t.s2, t.n2, t.p_value) for t in persona_step_tests(funnel, personas)]
    best: dict[str, Insight] = {}
    for persona_id, k, s1, n1, s2, n2, p_value in tests:
        p1, p2 = s1 / n1, s2 / n2
        if math.isnan(p_value) or p_value >= alpha / len(tests) or p1 >= p2:
            continue
        missed = (p2 - p1) * n1
        name = journey.persona(persona_id).name
        title = f"{name} converts {(p2 - p1) * 100:.0f} points worse from {names[prior[k]]} to {names[k]}"
        text = (
            f"{p1:.1%} of {name}'s {n1:,} users at {names[prior[k]]} reached {names[k]}, against {p2:.1%} of the "
            f"other {n2:,} users (p = {p_value:.2g}, two-proportion z-test, Bonferroni over {len(tests)} tests): "
            f"about {missed:,.0f} conversions missed."
        )
        severity = missed / everyone[0]
        metric = _metric_of_kind(journey, "conversion")
        where = (ids[k], names[k], persona_id)
        insight = Insight(
            "persona_gap", severity, *where, title, text, p1 - p2, round(missed), p_value, metric, "opportunity"
        )
        if persona_id not in best or severity > best[persona_id].severity:
            best[persona_id] = insight
    return list(best.values())


def rank_insights(
    journey: Journey,
    funnel: pd.DataFrame,
    kpis: pd.DataFrame,
    personas: Mapping[str, pd.DataFrame],
    *,
    top: int | None = 5,
    alpha: float = 0.05,
) -> pd.DataFrame:
    """The findings in a journey's numbers, most severe first (see the module docstring for the rules).

    Args:
        journey: the bound journey (stage, metric and persona names).
        funnel: the funnel of all users (``Binding.metrics``).
        kpis: the column metrics per stage (``Binding.kpis()``).
        personas: each persona's funnel by persona id (``Binding.persona_metrics``).
        top: how many findings to keep; ``None`` keeps them all.
        alpha: the significance level of a persona's gap, before the Bonferroni correction.

    Returns:
        One row per finding, columns :data:`INSIGHT_COLUMNS`: ``rank`` (1 first), ``kind``,
        ``severity``, ``stage_id`` and ``stage`` (where the card belongs: the stage left, the
        stage reached slowly, the worst-rated stage, the stage a persona fails to reach),
        ``persona_id``, ``title`` and ``text`` (with the numbers), ``value`` (abandonment rate,
        median seconds, metric value, or conversion difference), ``users`` (users lost, users who
        made the step, or conversions missed), ``p_value``, ``metric`` (the journey's metric id
        that shows the number, ``""`` if none) and ``lane_kind``.

    Raises:
        FunnelDefinitionError: naming ``top`` or ``alpha`` when they are out of range.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> binding = sample_journey().bind(sample_events(n_users=500))
        >>> rank_insights(binding.journey, binding.metrics, binding.kpis(), {}, top=2)["rank"].tolist()
        [1, 2]
    """
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise FunnelDefinitionError(f"top must be a whole number of 1 or more, or None, got {top!r}", path="top")
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise FunnelDefinitionError(f"alpha must be a number between 0 and 1, got {alpha!r}", path="alpha")
    found = [
        *_abandonment(journey, funnel),
        *_slow_transition(journey, funnel),
        *_low_satisfaction(journey, kpis),
        *_persona_gaps(journey, funnel, personas, alpha),
    ]
    found.sort(key=lambda insight: -insight.severity)  # stable: the order above breaks ties
    rows: list[dict[str, Any]] = [{"rank": n, **asdict(i)} for n, i in enumerate(found[:top], start=1)]
    table = pd.DataFrame(rows, columns=list(INSIGHT_COLUMNS))
    numbers = {"rank": "int64", "severity": "float64", "value": "float64", "users": "float64", "p_value": "float64"}
    typed: pd.DataFrame = table.astype(numbers)
    return typed
