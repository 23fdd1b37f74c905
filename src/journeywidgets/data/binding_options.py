"""What a :class:`~journeywidgets.data.binding.Binding` takes, checked: its options and the rows it appends.

A binding's keyword options are of two kinds: those that describe the log
(``user``, ``time``, ``event``, ``tz``, ``order``, ``engine``; fixed for the
binding's life) and the funnel's own (``mode``, ``window``, ...; changeable
through ``set_options``). An unknown name is refused with a did-you-mean hint.

Example:
    >>> split_log_options({"user": "uid", "window": "1D"})
    ({'user': 'uid'}, {'window': '1D'})
    >>> population_options({"mode": "strict", "by": ["device"]})
    {'mode': 'strict'}
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

import narwhals.stable.v2 as nw

from journeywidgets.data.errors import EventLogError, FunnelDefinitionError
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.request import funnel_request
from journeywidgets.data.stages import FunnelStage
from journeywidgets.model.entities import Persona

#: the options that describe the log (given to EventLog, fixed for a binding's life)
LOG_OPTIONS = ("user", "time", "event", "tz", "order", "unit", "engine")
#: the funnel options a binding takes (the log's own are LOG_OPTIONS)
FUNNEL_OPTIONS = (
    "mode",
    "window",
    "open",
    "by",
    "attribution",
    "limit",
    "segment",
    "date_range",
    "tie_policy",
    "ttc_p90",
    "exclude",
    "step_window",
    "optional",
)
#: those that decide who is in the funnel, for KPIs and next actions
POPULATION_OPTIONS = (
    "mode",
    "window",
    "open",
    "date_range",
    "tie_policy",
    "segment",
    "exclude",
    "step_window",
    "optional",
)


def split_log_options(options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The log's options and the rest (the funnel's), as two new dicts; ``options`` is left as it is.

    Args:
        options: a binding's keyword options.

    Returns:
        ``(log options, funnel options)``: those named in ``LOG_OPTIONS``, and the rest.
    """
    log = {key: options[key] for key in LOG_OPTIONS if key in options}
    rest = {key: value for key, value in options.items() if key not in log}
    return log, rest


def check_options(log: EventLog, stages: tuple[FunnelStage, ...], options: dict[str, Any]) -> None:
    """Raise, naming the option, unless every funnel option is known and valid for this log.

    Args:
        log: the bound event log.
        stages: the funnel's stages.
        options: the funnel options to check.

    Raises:
        FunnelDefinitionError: naming an unknown option (with a did-you-mean hint).
        EventLogError: (or a subclass) from ``funnel_request`` for a value that is not valid.
    """
    for name in options:
        if name not in FUNNEL_OPTIONS:
            close = difflib.get_close_matches(name, FUNNEL_OPTIONS + LOG_OPTIONS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            known = ", ".join(FUNNEL_OPTIONS)
            raise FunnelDefinitionError(f"unknown funnel option {name!r}{hint} (options: {known})", path=name)
    funnel_request(log, stages, **options)


def refuse_log_options(options: dict[str, Any]) -> None:
    """Raise if ``set_options`` was given an option of the log (those need a new binding).

    Args:
        options: the options given to ``set_options``.

    Raises:
        FunnelDefinitionError: naming the first (alphabetically) of the log's options given.

    Example:
        >>> refuse_log_options({"user": "uid"})
        Traceback (most recent call last):
        ...
        journeywidgets.data.errors.FunnelDefinitionError: ...
    """
    unknown = set(options) & set(LOG_OPTIONS)
    if unknown:
        msg = f"set_options: {sorted(unknown)} describe the log; bind again (journey.bind(data, ...)) to change them"
        raise FunnelDefinitionError(msg, path=min(unknown))


def merged_options(
    log: EventLog, stages: tuple[FunnelStage, ...], current: dict[str, Any], changes: dict[str, Any]
) -> dict[str, Any]:
    """``current`` updated with ``changes`` (a new dict), once the result is checked; ``set_options`` keeps it.

    Args:
        log: the bound event log.
        stages: the funnel's stages.
        current: the binding's funnel options.
        changes: the options to change.

    Returns:
        The merged options, as a new dict.

    Raises:
        FunnelDefinitionError: for an option of the log, or an unknown option.
        EventLogError: (or a subclass) for a value the funnel refuses.
    """
    refuse_log_options(changes)
    merged = {**current, **changes}
    check_options(log, stages, merged)
    return merged


def check_persona_segments(
    log: EventLog, stages: tuple[FunnelStage, ...], options: dict[str, Any], personas: Iterable[Persona]
) -> None:
    """Raise unless the funnel of every persona with a segment can be computed (the views draw each one).

    Args:
        log: the bound event log.
        stages: the funnel's stages.
        options: the binding's funnel options.
        personas: the journey's personas (those without a segment are skipped).

    Raises:
        EventLogError: (or a subclass, e.g. ``SegmentError``) from ``funnel_request`` for a
            persona's segment that is not valid.
    """
    for persona in personas:
        if persona.segment.strip():
            funnel_request(log, stages, **{**options, "segment": persona.segment})


def appended(data: Any, rows: Any) -> Any:
    """``data`` with ``rows`` below it, as ``data``'s own library; rows of another library or columns are refused.

    Args:
        data: the bound log's native dataframe.
        rows: the rows to add, a dataframe of the same library and columns.

    Returns:
        The combined native dataframe.

    Raises:
        EventLogError: naming ``rows`` when they cannot be stacked under ``data``.
    """
    try:
        combined = nw.concat([nw.from_native(data), nw.from_native(rows)], how="vertical")
    except (TypeError, ValueError, AttributeError) as err:
        msg = f"append: rows must be a {type(data).__name__} with the same columns as the bound log ({err})"
        raise EventLogError(msg, path="rows") from None
    return combined.to_native()


def population_options(funnel_options: dict[str, Any]) -> dict[str, Any]:
    """The funnel options that decide who is in the funnel (not how its numbers are broken down).

    Args:
        funnel_options: a binding's funnel options.

    Returns:
        A new dict of those named in ``POPULATION_OPTIONS``.
    """
    return {key: value for key, value in funnel_options.items() if key in POPULATION_OPTIONS}
