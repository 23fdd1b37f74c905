"""What a funnel view needs from a binding, as small JSON: per-stage aggregates of every series.

Only aggregates leave the kernel: one row of numbers per stage for "All users", for each persona
with a segment and, when asked, for each value of a breakdown column. Switching persona in the
browser then needs no kernel (saved notebooks, exported HTML), and the state stays a few KB
whatever the size of the log.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from journeywidgets.data.binding import Binding
from journeywidgets.data.closed import CLOSED_COLUMNS
from journeywidgets.data.insights import persona_step_tests
from journeywidgets.data.open import OPEN_COLUMNS

#: the numbers a closed funnel shows per stage (see ``funnel``: its columns after the stage's
#: name, id and index, less the p90 timings); open funnels show OPEN_FIELDS
CLOSED_FIELDS = tuple(column for column in CLOSED_COLUMNS[3:] if not column.endswith("_p90_s"))
OPEN_FIELDS = OPEN_COLUMNS

ALL_USERS = "all"
#: the significance level of a persona's step against the other users' (before the Bonferroni correction)
SIGNIFICANCE = 0.05


def _number(value: Any) -> float | int | None:
    if value is None or value is pd.NA:
        return None
    number = float(value)
    if math.isnan(number):
        return None
    return int(number) if number.is_integer() and abs(number) < 2**53 else number


def table_rows(table: pd.DataFrame) -> list[dict[str, float | int | None]]:
    """One dict of numbers per stage row of a funnel table.

    Args:
        table: A funnel table (closed or open, as :func:`~journeywidgets.funnel` returns).

    Returns:
        A list with one dict per row: the table's closed (or open) funnel columns, each a JSON number or ``None`` for a
        missing value.

    Example:
        >>> import journeywidgets as jw
        >>> rows = table_rows(jw.funnel(jw.sample_events(n_users=300), jw.sample_journey()))
        >>> sorted(rows[0])[:3], rows[0]["conv_from_prev"]
        (['conv_from_first', 'conv_from_prev', 'dropoff'], 1)
    """
    fields = OPEN_FIELDS if "completion_rate" in table.columns else CLOSED_FIELDS
    present = [field for field in fields if field in table.columns]
    return [{field: _number(row[field]) for field in present} for _, row in table.iterrows()]


def _stage(row: pd.Series, optional: set[str]) -> dict[str, Any]:
    stage: dict[str, Any] = {"id": row["stage_id"], "name": row["stage"]}
    if row["stage_id"] in optional:
        stage["optional"] = True
    return stage


def _series(key: str, label: str, table: pd.DataFrame, **extra: Any) -> dict[str, Any]:
    return {"key": key, "label": label, "rows": table_rows(table), **extra}


def _mark_significance(series: list[dict[str, Any]], funnel: pd.DataFrame, personas: dict[str, pd.DataFrame]) -> None:
    """Give each persona series, per stage, its conversion from the stage before tested against the other users'.

    ``significance[k]`` is ``None`` (the first stage, or a table too small to test) or
    ``{"others", "p_value", "significant"}``: the other users' conversion, the pooled
    two-proportion z-test's p-value, and whether it is below ``SIGNIFICANCE`` divided by the
    number of tests made across all personas and stages (Bonferroni).
    """
    tests = persona_step_tests(funnel, personas)
    level = SIGNIFICANCE / max(1, len(tests))
    marks: dict[str, list[dict[str, Any] | None]] = {pid: [None] * len(funnel) for pid in personas}
    for test in tests:
        significant = not math.isnan(test.p_value) and test.p_value < level
        marks[test.persona_id][test.step] = {
            "others": test.rates[1],
            "p_value": _number(test.p_value),
            "significant": significant,
            "tests": len(tests),
        }
    for entry in series[1:]:
        entry["significance"] = marks.get(entry["persona"], [])


def funnel_state(binding: Binding, *, by: str | None = None) -> dict[str, Any]:
    """The funnel payload of ``binding``: stages, options and one series per population.

    Series keys: ``"all"``, ``"persona:<id>"`` for each persona with a segment, and
    ``"by:<value>"`` for each value of ``by``. Raises what the binding raises.

    Args:
        binding: The binding whose funnel is shown.
        by: A user attribute to break the funnel down by; ``None`` for no breakdown.

    Returns:
        A JSON-ready dict: ``open``, ``mode``, ``window_s``, ``step_window_s``, ``exclude``, ``unit``,
        ``by``, ``stages`` (each ``id`` and ``name``, and ``optional: True`` for a stage units may
        skip), ``skipped_stages``, ``series``, ``rows`` and the binding's ``revision``.

    Raises:
        JourneyError: The binding cannot compute it (a persona's segment or ``by`` names no column, ...).

    Example:
        >>> import journeywidgets as jw
        >>> state = funnel_state(jw.sample_journey().bind(jw.sample_events(n_users=1500)))
        >>> [s["key"] for s in state["series"]]
        ['all', 'persona:maya', 'persona:raj', 'persona:elena']
        >>> state["stages"][0], state["series"][0]["rows"][0]["reached"] > 0
        ({'id': 'awareness', 'name': 'Awareness'}, True)
    """
    numbers = binding.published  # the last numbers computed: a view never waits for a recomputation
    table = numbers.metrics
    attrs = table.attrs
    series = [_series(ALL_USERS, "All users", table, persona=None, color=None)]
    for persona in numbers.journey.personas:  # the personas as they were when the numbers were computed
        if persona.segment.strip():
            funnel = numbers.persona_funnel(persona.id)
            series.append(
                _series(f"persona:{persona.id}", persona.name, funnel, persona=persona.id, color=persona.color or None)
            )
    optional = set(attrs.get("optional_ids", []))
    if not attrs.get("open"):
        _mark_significance(series, table, {s["persona"]: numbers.persona_funnel(s["persona"]) for s in series[1:]})
    if by is not None:
        for value, rows in numbers.breakdown(by).groupby(by, sort=False, dropna=False):
            series.append(_series(f"by:{value}", str(value), rows, persona=None, color=None))
    return {
        "open": bool(attrs.get("open")),
        "mode": attrs.get("mode", "ordered"),
        "window_s": _number(attrs.get("window_s")),
        "step_window_s": dict(attrs.get("step_window_s", {})),
        "exclude": [dict(x) for x in attrs.get("exclude", [])],
        "unit": list(attrs.get("unit", ["user"])),
        "by": by,
        "stages": [_stage(row, optional) for _, row in table.iterrows()],
        "skipped_stages": list(attrs.get("skipped_stages", [])),
        "series": series,
        "rows": _number(attrs.get("rows")),
        "revision": binding.revision,
    }
