"""Funnel stages: from a ``Journey`` or a mapping to an ordered list of (name, events).

Example:
    >>> [s.events for s in funnel_stages({"Visit": "landing_view", "Buy": ["checkout", "order"]})]
    [('landing_view',), ('checkout', 'order')]
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from journeywidgets.data.errors import FunnelDefinitionError, UnknownEventWarning
from journeywidgets.model.journey import Journey


@dataclass(frozen=True)
class FunnelStage:
    """One funnel stage: its display name, an id (the journey stage id, or the name) and its event names.

    Example:
        >>> FunnelStage("Visit", "visit", ("landing_view",)).events
        ('landing_view',)
    """

    name: str
    id: str
    events: tuple[str, ...]


def _event_names(stage: str, value: Any) -> tuple[str, ...]:
    names = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, Iterable) else None
    if not names or not all(isinstance(name, str) and name for name in names):
        msg = f"stage {stage!r} must name one event or a list of event names, got {value!r}"
        raise FunnelDefinitionError(msg, path=f"stages.{stage}")
    return tuple(dict.fromkeys(names))


def funnel_stages(stages: Journey | Mapping[str, Any] | Iterable[Any]) -> tuple[FunnelStage, ...]:
    """Read ``stages``: a Journey (its stages' events), a mapping ``{name: event(s)}``, or ``(name, events)`` pairs.

    Args:
        stages: the stages, in funnel order (pairs may also be :class:`FunnelStage`).

    Returns:
        One :class:`FunnelStage` per stage, its events deduplicated; a mapping's or a
        pair's name is also its id.

    Raises:
        FunnelDefinitionError: for a journey stage without events, a stage that names
            no event (or not text), an item that is not a pair, or no stage at all.

    Example:
        >>> from journeywidgets import sample_journey
        >>> funnel_stages(sample_journey())[2]
        FunnelStage(name='Purchase', id='purchase', events=('checkout_completed',))
    """
    if isinstance(stages, Journey):
        result = []
        for stage in stages.stages:
            if not stage.events:
                msg = (
                    f"journey stage {stage.name!r} ({stage.id}) has no events, so the funnel cannot find it in the "
                    f"data; give it some: journey.update_stage({stage.id!r}, events=[...])"
                )
                raise FunnelDefinitionError(msg, path=f"stages.{stage.id}.events")
            result.append(FunnelStage(stage.name, stage.id, tuple(stage.events)))
    elif isinstance(stages, Mapping):
        result = [FunnelStage(str(name), str(name), _event_names(str(name), value)) for name, value in stages.items()]
    elif isinstance(stages, Iterable) and not isinstance(stages, str):
        result = []
        for item in stages:
            if isinstance(item, FunnelStage):
                result.append(item)
                continue
            if not (isinstance(item, tuple | list) and len(item) == 2):  # noqa: PLR2004 - (name, events) pairs
                msg = f"stages must be a Journey, a mapping or (name, events) pairs; got item {item!r}"
                raise FunnelDefinitionError(msg, path="stages")
            result.append(FunnelStage(str(item[0]), str(item[0]), _event_names(str(item[0]), item[1])))
    else:
        msg = f"stages must be a Journey, a mapping {{stage: event(s)}} or (name, events) pairs, got {stages!r}"
        raise FunnelDefinitionError(msg, path="stages")
    if not result:
        raise FunnelDefinitionError("a funnel needs at least one stage", path="stages")
    return tuple(result)


def stage_position(stages: Sequence[FunnelStage], stage: str | int, *, path: str = "stage") -> int:
    """The 0-based position of ``stage``: a stage id, a stage name, or a position (the funnel's ``stage_index``).

    Args:
        stages: the funnel's stages.
        stage: the stage asked for.
        path: the option the error names.

    Returns:
        Its position in ``stages``.

    Raises:
        FunnelDefinitionError: naming ``path`` when there is no such stage.

    Example:
        >>> stages = (FunnelStage("Visit", "visit", ("v",)), FunnelStage("Buy", "buy", ("b",)))
        >>> stage_position(stages, "buy"), stage_position(stages, "Visit"), stage_position(stages, 1)
        (1, 0, 1)
    """
    if isinstance(stage, int) and not isinstance(stage, bool):
        if 0 <= stage < len(stages):
            return stage
        msg = f"stage {stage} is not a stage position: the funnel has stages 0 to {len(stages) - 1}"
        raise FunnelDefinitionError(msg, path=path)
    for attribute in ("id", "name"):
        for index, candidate in enumerate(stages):
            if getattr(candidate, attribute) == stage:
                return index
    names = [s.name for s in stages]
    close = difflib.get_close_matches(str(stage), names + [s.id for s in stages], n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    msg = f"stage must be a stage id, name or position (0-based), got {stage!r}{hint} (stages: {', '.join(names)})"
    raise FunnelDefinitionError(msg, path=path)


def stages_with_events(journey: Journey) -> tuple[tuple[FunnelStage, ...], tuple[str, ...]]:
    """The journey's stages that name events, and the ids of those that do not (a map still being drawn).

    Args:
        journey: the journey.

    Returns:
        ``(stages, ids)``: a :class:`FunnelStage` per stage with events, and the ids of
        the stages without.

    Example:
        >>> from journeywidgets import sample_journey
        >>> j = sample_journey(); _ = j.add_stage("Support", id="support")
        >>> [s.id for s in stages_with_events(j)[0]][-1], stages_with_events(j)[1]
        ('advocacy', ('support',))
    """
    kept = tuple(FunnelStage(s.name, s.id, tuple(s.events)) for s in journey.stages if s.events)
    return kept, tuple(s.id for s in journey.stages if not s.events)


def warn_unknown_events(
    stages: tuple[FunnelStage, ...], present: frozenset[str], known: Callable[[], frozenset[str]]
) -> None:
    """Warn (``UnknownEventWarning``) for each stage event not ``present`` in the log, with close names.

    ``known`` returns every event name of the log (only asked when a name is missing).

    Args:
        stages: the funnel's stages.
        present: the stage events the log has (see ``EventLog.present_events``).
        known: returns every event name of the log, for the hints.

    Example:
        >>> import warnings
        >>> with warnings.catch_warnings(record=True) as caught:
        ...     warnings.simplefilter("always")
        ...     buy = FunnelStage("Buy", "buy", ("chekout",))
        ...     warn_unknown_events((buy,), frozenset(), lambda: frozenset({"checkout"}))
        >>> "did you mean 'checkout'" in str(caught[0].message)
        True
    """
    missing = [(stage, name) for stage in stages for name in stage.events if name not in present]
    names = sorted(known()) if missing else []
    for stage, name in missing:
        close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
        hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else ""
        msg = f"stage {stage.name!r}: event {name!r} never occurs in the event log{hint}"
        warnings.warn(msg, UnknownEventWarning, stacklevel=3)
