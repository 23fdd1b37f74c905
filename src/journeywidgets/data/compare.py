"""Two groups' funnels side by side, with statistics: before and after a change, variant A and B.

Per stage, each group's conversion from the first stage (``reached / entered``), the
difference (group b minus group a: *after minus before*, *B minus A*), Newcombe's 95 %
hybrid score interval for it, the two-sided p-value of the pooled two-proportion z-test
(the same as Pearson's chi-square test without continuity correction) and a
``small_sample`` flag when an expected count of the 2x2 table is below 5 (see
:mod:`journeywidgets.data.stats`). Stage 1 is where users enter, its conversion is 1
by definition: its difference is 0 and its interval and p-value are NaN.

The groups are two independent funnels under the same options: two entry date ranges
(:func:`compare_periods`), two segments or personas, or the two values of a ``by=``
column such as an experiment's variant (:func:`compare_groups`). The tests assume the
groups are independent samples: segments that overlap share users, and a user who
entered in both periods counts in both.

Columns: ``stage``, ``stage_id``, ``stage_index``, then per group (``a``, ``b``) its
label (``group_a``), ``entered_a``, ``reached_a`` and ``conversion_a``, then
``difference``, ``ci_low``, ``ci_high``, ``p_value`` and ``small_sample``. Rates are
float64 with NaN where undefined (a group nobody entered).

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> table = compare_groups(sample_events(n_users=2_000, seed=1), sample_journey(), by="device",
    ...                        values=("mobile", "desktop"), window="7D")
    >>> table[["group_a", "group_b"]].iloc[0].tolist(), bool(table["p_value"].iloc[1:].between(0, 1).all())
    (['mobile', 'desktop'], True)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from journeywidgets.data.breakdown import NULL_BUCKET, OTHER_BUCKET
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.funnel import funnel
from journeywidgets.data.stats import newcombe_interval, small_sample, two_proportion_p_value
from journeywidgets.data.trend import check_closed
from journeywidgets.model.journey import Journey

COMPARE_COLUMNS: tuple[str, ...] = (
    "stage",
    "stage_id",
    "stage_index",
    "group_a",
    "entered_a",
    "reached_a",
    "conversion_a",
    "group_b",
    "entered_b",
    "reached_b",
    "conversion_b",
    "difference",
    "ci_low",
    "ci_high",
    "p_value",
    "small_sample",
)
_LOG_OPTIONS = ("user", "time", "event", "tz", "order", "unit", "engine")


def _pair(value: Any, name: str, what: str) -> tuple[Any, Any]:
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) != 2:  # noqa: PLR2004 - two groups
        raise FunnelDefinitionError(f"{name} must be a pair of {what}, got {value!r}", path=name)
    return value[0], value[1]


def compare_table(
    a: pd.DataFrame, b: pd.DataFrame, labels: tuple[str, str], *, confidence: float = 0.95
) -> pd.DataFrame:
    """Two closed funnels' results (same stages) side by side with the difference's interval and p-value.

    Args:
        a: the first group's funnel (``funnel()``'s result).
        b: the second group's.
        labels: the two groups' names.
        confidence: the interval's level.

    Returns:
        One row per stage (see the module docstring).

    Example:
        >>> one = pd.DataFrame({"stage": ["A", "B"], "stage_id": ["a", "b"], "stage_index": [0, 1],
        ...                     "reached": [80, 48]})
        >>> two = one.assign(reached=[70, 56])
        >>> row = compare_table(one, two, ("before", "after")).iloc[1]
        >>> [round(float(row[name]), 4) for name in ("difference", "ci_low", "ci_high")]
        [0.2, 0.0524, 0.3339]
    """
    rows = []
    entered_a, entered_b = int(a["reached"].iloc[0]), int(b["reached"].iloc[0])
    for (_, row_a), (_, row_b) in zip(a.iterrows(), b.iterrows(), strict=True):
        reached_a, reached_b = int(row_a["reached"]), int(row_b["reached"])
        rate_a = reached_a / entered_a if entered_a else math.nan
        rate_b = reached_b / entered_b if entered_b else math.nan
        if int(row_a["stage_index"]) == 0:  # where users enter: 100 % by definition, nothing to test
            low = high = p_value = math.nan
            small = not (entered_a and entered_b)
        else:
            low, high = newcombe_interval(reached_b, entered_b, reached_a, entered_a, confidence=confidence)
            p_value = two_proportion_p_value(reached_b, entered_b, reached_a, entered_a)
            small = small_sample(reached_b, entered_b, reached_a, entered_a)
        rows.append(
            {
                "stage": row_a["stage"],
                "stage_id": row_a["stage_id"],
                "stage_index": int(row_a["stage_index"]),
                "group_a": labels[0],
                "entered_a": entered_a,
                "reached_a": reached_a,
                "conversion_a": rate_a,
                "group_b": labels[1],
                "entered_b": entered_b,
                "reached_b": reached_b,
                "conversion_b": rate_b,
                "difference": rate_b - rate_a,
                "ci_low": low,
                "ci_high": high,
                "p_value": p_value,
                "small_sample": small,
            }
        )
    table: pd.DataFrame = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    floats = ("conversion_a", "conversion_b", "difference", "ci_low", "ci_high", "p_value")
    table = table.astype(dict.fromkeys(floats, "float64") | {"small_sample": bool})
    table.attrs.update(
        {
            "test": "two-sided pooled two-proportion z-test (= chi-square without continuity correction)",
            "interval": f"Newcombe hybrid score interval (method 10), {confidence:.0%}, of conversion_b - conversion_a",
            "small_sample": "an expected count of the 2x2 table below 5, or an empty group",
        }
    )
    return table


def compare_periods(
    data: Any,
    stages: Journey | Mapping[str, Any] | Sequence[Any],
    *,
    before: tuple[Any, Any],
    after: tuple[Any, Any],
    confidence: float = 0.95,
    **options: Any,
) -> pd.DataFrame:
    """Conversion before and after a change: the funnel over two entry date ranges, compared per stage.

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        stages: a :class:`Journey` or ``{stage: event or [events]}``.
        before: ``(from, to)`` of the entries before (read like ``date_range``).
        after: ``(from, to)`` of the entries after.
        confidence: the interval's level.
        **options: the options of :func:`~journeywidgets.funnel` (not ``date_range``, ``open`` or ``by``).

    Returns:
        One row per stage, group a = before, group b = after (see the module docstring).

    Raises:
        FunnelDefinitionError: naming ``before``, ``after``, ``date_range``, ``open`` or ``by``.
        EventLogError: (or a subclass) for the log and the funnel's options.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> table = compare_periods(sample_events(n_users=1_000), sample_journey(), window="7D",
        ...                         before=("2026-01-01", "2026-01-20"), after=("2026-01-20", "2026-02-10"))
        >>> table["group_a"].iloc[0], table["group_b"].iloc[0]
        ('before', 'after')
    """
    check_closed(options, "compare_periods")
    if "date_range" in options:
        msg = "compare_periods takes before= and after= as the two entry date ranges, not date_range="
        raise FunnelDefinitionError(msg, path="date_range")
    for name, value in (("before", before), ("after", after)):
        _pair(value, name, "dates (from, to)")
    log = _log(data, options)
    first = funnel(log, stages, date_range=before, **options)
    second = funnel(log, stages, date_range=after, **options)
    return compare_table(first, second, ("before", "after"), confidence=confidence)


def _log(data: Any, options: dict[str, Any]) -> EventLog:
    """One checked log for both funnels (the log's own options are taken out of ``options``)."""
    if isinstance(data, EventLog):
        return data
    return EventLog(data, **{key: options.pop(key) for key in _LOG_OPTIONS if key in options})


def compare_groups(
    data: Any,
    stages: Journey | Mapping[str, Any] | Sequence[Any],
    *,
    personas: tuple[str, str] | None = None,
    segments: tuple[str, str] | None = None,
    by: str | None = None,
    values: tuple[Any, Any] | None = None,
    confidence: float = 0.95,
    **options: Any,
) -> pd.DataFrame:
    """Two groups' conversion compared per stage: two personas, two segments, or the two values of a column.

    Give one of ``personas`` (two persona ids or names of the journey, whose segments
    select the users), ``segments`` (two filters) or ``by`` (a column such as an A/B
    test's variant; each user's value is read at entry, as in a breakdown). With
    ``by``, ``values`` picks the two values to compare; without it the column must have
    exactly two values (users with no value are left out).

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        stages: a :class:`Journey` or ``{stage: event or [events]}``.
        personas: two personas of ``stages`` (a Journey).
        segments: two segment filters.
        by: a column with the groups' values.
        values: with ``by``, the two values (group a, group b).
        confidence: the interval's level.
        **options: the options of :func:`~journeywidgets.funnel` (not ``segment``, ``open`` or ``limit``).

    Returns:
        One row per stage (see the module docstring).

    Raises:
        FunnelDefinitionError: naming ``personas``, ``segments``, ``by`` or ``values``.
        EventLogError: (or a subclass) for the log, a segment or the funnel's options.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> table = compare_groups(sample_events(n_users=1_500), sample_journey(), personas=("maya", "raj"))
        >>> table["group_a"].iloc[0]
        'Maya, the busy professional'
    """
    chosen = [name for name, value in (("personas", personas), ("segments", segments), ("by", by)) if value]
    if len(chosen) != 1:
        msg = f"compare_groups needs exactly one of personas=, segments= or by=, got {chosen or 'none'}"
        raise FunnelDefinitionError(msg, path=chosen[-1] if chosen else "by")
    check_closed({"open": options.get("open")}, "compare_groups")
    if "segment" in options and by is None:
        raise FunnelDefinitionError("segment= cannot be combined with personas= or segments=", path="segment")
    log = _log(data, options)
    if by is not None:
        return _compare_by(log, stages, by=by, values=values, confidence=confidence, options=options)
    if personas is not None:
        if not isinstance(stages, Journey):
            raise FunnelDefinitionError("personas= needs a Journey (its personas' segments)", path="personas")
        found = [stages.persona(ref) for ref in _pair(personas, "personas", "persona ids or names")]
        for persona in found:
            if not persona.segment.strip():
                msg = f"persona {persona.name!r} has no segment, so it selects no users"
                raise FunnelDefinitionError(msg, path="personas")
        pairs = [(p.name, p.segment) for p in found]
    else:
        pairs = [(str(s), str(s)) for s in _pair(segments, "segments", "segment filters")]
    first, second = (funnel(log, stages, segment=segment, **options) for _, segment in pairs)
    return compare_table(first, second, (pairs[0][0], pairs[1][0]), confidence=confidence)


def _compare_by(
    log: EventLog,
    stages: Journey | Mapping[str, Any] | Sequence[Any],
    *,
    by: str,
    values: tuple[Any, Any] | None,
    confidence: float,
    options: dict[str, Any],
) -> pd.DataFrame:
    if not isinstance(by, str):
        raise FunnelDefinitionError(f"by must name one column, got {by!r}", path="by")
    if "limit" in options:
        raise FunnelDefinitionError("compare_groups keeps every value of by=; leave limit= out", path="limit")
    result = funnel(log, stages, by=by, limit=None, **options)
    found = [v for v in dict.fromkeys(result[by].tolist()) if v not in {NULL_BUCKET, OTHER_BUCKET}]
    if values is None:
        if len(found) != 2:  # noqa: PLR2004 - two groups
            msg = f"by={by!r} has {len(found)} values ({', '.join(map(repr, found[:10]))}); pick two with values=(a, b)"
            raise FunnelDefinitionError(msg, path="values")
        labels = (found[0], found[1])
    else:
        pair = _pair(values, "values", "values of the by= column")
        labels = (str(pair[0]), str(pair[1]))  # breakdown buckets are text
        missing = [v for v in labels if v not in found]
        if missing:
            msg = (
                f"values {missing} are not values of {by!r} among entered users (values: {', '.join(map(repr, found))})"
            )
            raise FunnelDefinitionError(msg, path="values")
    groups = [result[result[by] == label].drop(columns=[by]).reset_index(drop=True) for label in labels]
    return compare_table(groups[0], groups[1], labels, confidence=confidence)


__all__ = ["COMPARE_COLUMNS", "compare_groups", "compare_periods", "compare_table"]
