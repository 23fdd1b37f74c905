"""What a funnel shows about its selected stage: the time-to-convert histogram and where its users went next.

:func:`stage_detail` turns two analyses of one stage into the small JSON the page draws:
``time_to_convert`` (the histogram and percentiles of the time from the first stage; closed
funnels, and not for the first stage, which takes no time to reach) and ``paths`` (the
commonest sequences of events after the stage, of the users who abandoned there, or of
everyone who reached the last stage). Only these aggregates travel to the browser.

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> from journeywidgets.data.aside import ReadingAnalyses
    >>> binding = sample_journey().bind(sample_events(n_users=800))
    >>> detail = stage_detail(ReadingAnalyses(binding.published), "purchase", None)
    >>> detail["paths"]["status"], len(detail["time_to_convert"]["bins"])
    ('abandoned', 12)
"""

from __future__ import annotations

import math
from typing import Any

from journeywidgets.data.binding_analyses import BindingAnalyses
from journeywidgets.data.cohorts import Status
from journeywidgets.data.optional_steps import next_required, parse_optional
from journeywidgets.model import JourneyError

#: bins of the time-to-convert histogram (equal widths from 0 to the slowest user)
DETAIL_BINS = 12
#: events per path, and paths shown (the rest are counted as "other")
PATH_STEPS = 3
PATH_TOP = 5


def _number(value: Any) -> float | None:
    """A JSON-safe number (NaN and infinities become None)."""
    number = float(value)
    return number if math.isfinite(number) else None


def _time_to_convert(analyses: BindingAnalyses, stage: str, persona: str | None) -> dict[str, Any]:
    result = analyses.time_to_convert(stage, bins=DETAIL_BINS, persona=persona)
    bins = [
        {"left_s": _number(left), "right_s": _number(right), "users": int(users)}
        for left, right, users in zip(
            result.histogram["left_s"], result.histogram["right_s"], result.histogram["users"], strict=True
        )
    ]
    percentiles = {name: _number(value) for name, value in result.percentiles.items()}
    return {"users": result.users, "mean_s": _number(result.mean_s), "percentiles": percentiles, "bins": bins}


def _paths(analyses: BindingAnalyses, stage: str, persona: str | None, status: Status) -> dict[str, Any]:
    table = analyses.paths(stage, "after", steps=PATH_STEPS, top=PATH_TOP, persona=persona, status=status)
    step_columns = [column for column in table.columns if column.startswith("step_")]
    rows: list[dict[str, Any]] = []
    for _, row in table.iterrows():
        steps = [str(step) for step in row[step_columns] if isinstance(step, str) and step]
        # "(other)", the paths past the top ones, has no steps of its own
        path, users, share = str(row["path"]), int(row["users"]), _number(row["share"])
        rows.append({"steps": steps or [path], "path": path, "users": users, "share": share})
    return {"status": status, "steps": PATH_STEPS, "users": int(table.attrs.get("users", 0)), "rows": rows}


def stage_detail(analyses: BindingAnalyses, stage: str, persona: str | None) -> dict[str, Any]:
    """The selected stage's time-to-convert histogram and paths, as the page draws them.

    An analysis the engine cannot run (Dask numbers no rows in order, so it has no paths)
    leaves its part ``None`` with the reason in ``errors``; the other part is still shown.

    Args:
        analyses: The binding's analyses of the numbers shown (``ReadingAnalyses(binding.published)``).
        stage: The stage's id.
        persona: Whose users (a persona id), or ``None`` for all users.

    Returns:
        ``{"stage", "persona", "time_to_convert", "paths", "errors"}``: ``time_to_convert`` is
        ``{"users", "mean_s", "percentiles": {"p25", "p50", "p75", "p90"}, "bins": [{"left_s",
        "right_s", "users"}]}`` (``None`` for the first stage and open funnels); ``paths`` is
        ``{"status", "steps", "users", "rows": [{"steps", "path", "users", "share"}]}``.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> from journeywidgets.data.aside import ReadingAnalyses
        >>> binding = sample_journey().bind(sample_events(n_users=500))
        >>> stage_detail(ReadingAnalyses(binding.published), "awareness", "raj")["time_to_convert"] is None
        True
    """
    ids = [s.id for s in analyses.stages]
    index = ids.index(stage)
    closed = not analyses.funnel_options.get("open", False)
    detail: dict[str, Any] = {"stage": stage, "persona": persona, "time_to_convert": None, "paths": None, "errors": {}}
    if closed and index > 0:
        try:
            detail["time_to_convert"] = _time_to_convert(analyses, stage, persona)
        except JourneyError as err:  # shown in place of the histogram; the paths may still work
            detail["errors"]["time_to_convert"] = str(err)
    skippable = parse_optional(analyses.funnel_options.get("optional"), analyses.stages)
    # who left here: those who did not reach the next required stage; where none follows, everyone who got here
    status: Status = "reached" if next_required(index, len(ids), skippable) is None else "abandoned"
    try:
        detail["paths"] = _paths(analyses, stage, persona, status)
    except JourneyError as err:  # shown in place of the paths
        detail["errors"]["paths"] = str(err)
    return detail
