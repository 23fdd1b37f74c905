"""Optional steps: stages a unit may skip on its way to the later ones (PostHog's optional funnel steps).

``optional=["Newsletter"]`` in a Visit, Newsletter, Cart, Buy funnel means:

- **Required stages** (Visit, Cart, Buy) form the funnel on their own: a unit reaches Cart
  when it has a Visit and then a Cart, with or without a Newsletter between them.
- **An optional stage** counts the units that reached the required stages before it and
  then did its event, in order and inside the window (Visit, then Newsletter): it says who
  took the side step, and never blocks anyone.
- **Compared with the last required stage before it**: every stage's ``conv_from_prev``,
  ``dropoff`` and ``ttc_prev`` are measured from the last *required* stage before it
  (Newsletter and Cart both from Visit), since an optional stage may have been skipped.
  ``conv_from_first`` is from the first stage, as always.
- **Converting from a stage** (``users(..., "converted")``) means reaching the next
  required stage on the same chain.

Each chain follows the required stages greedily and matches an optional stage to its
earliest event after the last required stage before it, in one chain table (see
:func:`~journeywidgets.data.chains.chain_table`); for a given anchor that is exactly the
funnel of the required stages before it and itself. The first stage is always required.
Optional steps apply to closed ordered funnels: a strict funnel's "very next event" and an
any-order or open funnel's entry have no single meaning when a stage may be skipped; per-step
windows and exclusions that end on an optional stage are refused for the same reason.

Example:
    >>> from journeywidgets.data.stages import funnel_stages
    >>> stages = funnel_stages({"Visit": "visit", "Newsletter": "newsletter", "Buy": "buy"})
    >>> parse_optional(["Newsletter"], stages)
    (1,)
    >>> prior_stage(2, (1,)), next_required(0, 3, (1,))
    (0, 2)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.stages import FunnelStage, stage_position


def parse_optional(optional: Any, stages: Sequence[FunnelStage]) -> tuple[int, ...]:
    """Read ``optional=``: a stage, or a list of stages, a unit may skip.

    Args:
        optional: ``None``; a stage id, name or 0-based position; or a list of them.
        stages: the funnel's stages.

    Returns:
        The optional stages' positions, sorted, each once (empty for None).

    Raises:
        FunnelDefinitionError: naming ``optional`` for an unknown stage, the first stage
            (a funnel is entered at it) or a value that is not a stage.

    Example:
        >>> from journeywidgets.data.stages import funnel_stages
        >>> parse_optional("B", funnel_stages({"A": "a", "B": "b", "C": "c"}))
        (1,)
    """
    if optional is None:
        return ()
    if isinstance(optional, str | int) and not isinstance(optional, bool):
        items: Sequence[Any] = [optional]
    elif isinstance(optional, Sequence) and not isinstance(optional, bytes):
        items = optional
    else:
        msg = f"optional must be a stage or a list of stages (ids, names or positions), got {optional!r}"
        raise FunnelDefinitionError(msg, path="optional")
    positions = sorted({stage_position(stages, item, path="optional") for item in items})
    if positions and positions[0] == 0:
        msg = f"optional: the first stage cannot be optional ({stages[0].name!r}): units enter the funnel there"
        raise FunnelDefinitionError(msg, path="optional")
    return tuple(positions)


def check_optional_use(
    optional: Sequence[int],
    stages: Sequence[FunnelStage],
    *,
    mode: str,
    open_funnel: bool,
    step_windows: Sequence[int | None],
    exclusion_ends: Sequence[int],
) -> None:
    """Refuse the options optional steps do not combine with, naming the option.

    Args:
        optional: the optional stages' positions (see :func:`parse_optional`).
        stages: the funnel's stages.
        mode: the funnel's order mode.
        open_funnel: whether the funnel is open.
        step_windows: the per-step windows (empty: none).
        exclusion_ends: the stages every exclusion starts or ends at.

    Raises:
        FunnelDefinitionError: naming ``optional`` (a strict, any-order or open funnel, per-step
            windows) or ``exclude`` (an exclusion starting or ending at an optional stage).

    Example:
        >>> from journeywidgets.data.stages import funnel_stages
        >>> stages = funnel_stages({"A": "a", "B": "b"})
        >>> check_optional_use((1,), stages, mode="ordered", open_funnel=False, step_windows=(), exclusion_ends=())
    """
    if not optional:
        return
    if mode != "ordered":
        msg = f"optional: optional steps apply to ordered funnels, not to mode={mode!r}"
        raise FunnelDefinitionError(msg, path="optional")
    if open_funnel:
        raise FunnelDefinitionError("optional: optional steps apply to closed funnels", path="optional")
    if any(window is not None for window in step_windows):
        msg = "optional: optional steps do not combine with step_window (its prior step may be skipped)"
        raise FunnelDefinitionError(msg, path="optional")
    for end in exclusion_ends:
        if end in optional:
            msg = f"exclude: stage {stages[end].name!r} is optional: an exclusion lies between required stages"
            raise FunnelDefinitionError(msg, path="exclude")


def prior_stage(j: int, optional: Sequence[int], first: int = 0) -> int:
    """The last required stage before stage ``j``: the one it follows and is compared with.

    Args:
        j: a stage's 0-based position (after ``first``).
        optional: the optional stages' positions.
        first: the stage chains start at.

    Returns:
        ``j - 1`` without optional stages; else the nearest earlier stage that is not optional.

    Example:
        >>> prior_stage(3, (1, 2)), prior_stage(3, ())
        (0, 2)
    """
    return max(i for i in range(first, j) if i == first or i not in optional)


def next_required(j: int, count: int, optional: Sequence[int]) -> int | None:
    """The first required stage after stage ``j``: reaching it is converting from ``j``.

    Args:
        j: a stage's 0-based position.
        count: the number of stages.
        optional: the optional stages' positions.

    Returns:
        Its position, or None when no required stage follows (``j`` is the last one).

    Example:
        >>> next_required(0, 3, (1,)), next_required(1, 3, (2,))
        (2, None)
    """
    return next((i for i in range(j + 1, count) if i not in optional), None)


def table_priors(table: Any) -> list[int]:
    """Per row of a funnel result (one row per stage), the row it is compared with: see :func:`prior_stage`.

    Args:
        table: a funnel's result (one row per stage), whose ``attrs["optional_ids"]`` names its
            optional stages by ``stage_id``.

    Returns:
        ``[0, prior of stage 1, ...]``: ``j - 1`` without optional stages.

    Example:
        >>> import pandas as pd
        >>> table = pd.DataFrame({"stage_id": ["v", "n", "c"]}); table.attrs["optional_ids"] = ["n"]
        >>> table_priors(table)
        [0, 0, 0]
    """
    skippable = set(table.attrs.get("optional_ids", []))
    if not skippable or "stage_id" not in table.columns:  # no optional stage: each row follows the one before
        return [max(j - 1, 0) for j in range(len(table))]
    ids = list(table["stage_id"])
    optional = tuple(j for j, stage_id in enumerate(ids) if stage_id in skippable and j > 0)
    return [prior_stage(j, optional) if j else 0 for j in range(len(ids))]


def last_required(count: int, optional: Sequence[int]) -> int:
    """The last stage that is not optional (the funnel is complete there).

    Args:
        count: the number of stages.
        optional: the optional stages' positions.

    Returns:
        Its position.

    Example:
        >>> last_required(4, (3,)), last_required(4, ())
        (2, 3)
    """
    return max(j for j in range(count) if j == 0 or j not in optional)


__all__ = ["check_optional_use", "last_required", "next_required", "parse_optional", "prior_stage", "table_priors"]
