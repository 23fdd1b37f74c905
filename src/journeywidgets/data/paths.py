"""Paths: the events users did right after (or before) reaching a funnel stage, as counted paths.

``paths(data, stages, stage, direction="after", steps=3, top=10)`` takes the users the
funnel counts at ``stage`` (``users(..., stage, status)``, under the same options: mode,
window, open, segment, date range, tie policy) and the moment each reached it: the event
that completed the stage earliest, the one :func:`~journeywidgets.users` reports as
``stage_time``. From that event it reads the user's next ``steps`` events (or, with
``direction="before"``, the ``steps`` events before it), of any kind, in canonical order
(time, then input row; under ``tie_policy="favorable"`` and on engines that keep no row
order, ties by stage as in the funnel).

- **Steps.** ``step_1`` is the event next to the stage (right after it, or right before it),
  ``step_2`` the one after (before) that, and so on. ``path`` reads in time order, joined
  by ``" → "``: after a stage ``step_1 → step_2 → ...``, before it ``... → step_2 → step_1``.
- **Ends.** A user with fewer events gets ``(end)`` (their log ends there: they dropped off)
  or, before the stage, ``(start)`` (their log starts there) in the first missing step, and
  no value beyond it. With a ``date_range``, events before its start are not read (the
  funnel ignores them), so ``(start)`` may mean the start of the range.
- **Top paths.** Paths are counted in users (each user has one path), most frequent first
  (then by path); the ``top`` most frequent are kept and the rest summed in one ``(other)``
  row. ``share`` is over the users at the stage (``attrs["users"]``), so shares add up to 1.

**Compared with PostHog Paths.** PostHog's "paths after/before a funnel step" also start
at the step's matched event and mark drop-offs; but it collapses consecutive repeats of an
event into one, cuts a person's events into sessions (30 minutes without an event by
default) and draws every path node by node (a Sankey), while here each path is the user's
raw next ``steps`` events, across sessions, counted whole. retentioneering's step matrix
counts the i-th event of *every* path from its start; here the paths start at a stage.

Each user's events are numbered in the log's engine; only the counts per path are
collected. Dask cannot number rows in order within groups and is refused.

Example:
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"user_id": ["a", "a", "a", "b", "b"],
    ...                     "event": ["visit", "faq", "buy", "visit", "buy"],
    ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:01", "2026-01-01 10:02",
    ...                                                  "2026-01-01 11:00", "2026-01-01 11:05"])})
    >>> paths(raw, {"Visit": "visit"}, "Visit", steps=2)[["path", "users"]].to_dict("list")
    {'path': ['buy → (end)', 'faq → buy'], 'users': [1, 1]}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.cohorts import AT_KEY, CONVERTED, Status, check_status, stage_members
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import EVENT, KEY, USER
from journeywidgets.data.request import funnel_request
from journeywidgets.data.stages import stage_position
from journeywidgets.data.transitions import SEQ, numbered_events
from journeywidgets.model.journey import Journey

Direction = Literal["after", "before"]
DIRECTIONS: tuple[str, ...] = get_args(Direction)
PATH_COLUMNS: tuple[str, ...] = ("path", "users", "share")
END, START, OTHER = "(end)", "(start)", "(other)"
ARROW = " → "
_STEP, _AT = "_step", "_at_seq"


def _check(direction: str, steps: Any, top: Any) -> None:
    if direction not in DIRECTIONS:
        raise FunnelDefinitionError(f"direction must be 'after' or 'before', got {direction!r}", path="direction")
    if isinstance(steps, bool) or not isinstance(steps, int) or steps < 1:
        raise FunnelDefinitionError(f"steps must be a positive integer, got {steps!r}", path="steps")
    if top is not None and (isinstance(top, bool) or not isinstance(top, int) or top < 1):
        raise FunnelDefinitionError(f"top must be a positive integer or None, got {top!r}", path="top")


def _column(step: int) -> str:
    return f"step_{step}"


def paths(
    data: Any,
    stages: Journey | Mapping[str, Any] | Sequence[Any],
    stage: str | int,
    direction: Direction = "after",
    steps: int = 3,
    *,
    top: int | None = 10,
    status: Status = "reached",
    **options: Any,
) -> pd.DataFrame:
    """The most frequent paths of ``steps`` events right after (or before) users reached ``stage``.

    See the module docstring for the steps, the end markers, the top paths and how this
    compares with PostHog's Paths.

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        stages: a :class:`Journey` or ``{stage: event or [events]}``.
        stage: a stage id, name or 0-based position.
        direction: ``"after"`` (the events that followed) or ``"before"`` (those that led there).
        steps: how many events per path.
        top: how many paths to keep (the rest are summed in ``(other)``); None keeps all.
        status: whose paths: ``"reached"`` (everyone at the stage), ``"converted"`` (went on to
            the next stage) or ``"abandoned"`` (did not), as in :func:`~journeywidgets.users`.
        **options: the options of :func:`~journeywidgets.funnel` (not ``by``).

    Returns:
        One row per path: ``path``, ``step_1`` to ``step_{steps}``, ``users`` and ``share``;
        ``attrs["users"]`` is the number of users at the stage.

    Raises:
        FunnelDefinitionError: naming ``stage``, ``direction``, ``steps``, ``top``, ``status``
            or ``by`` when they are not valid.
        UnsupportedBackendError: for engines that cannot number rows in order (Dask).
        EventLogError: (or a subclass) for the log and the funnel's options.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> table = paths(sample_events(n_users=300), sample_journey(), "purchase", steps=2, top=3)
        >>> table.columns.tolist(), len(table) <= 4
        (['path', 'step_1', 'step_2', 'users', 'share'], True)
    """
    _check(direction, steps, top)
    check_status(status)
    if options.get("by") is not None:
        raise FunnelDefinitionError("paths() follows one group; filter it with segment=, not by=", path="by")
    request = funnel_request(data, stages, **options)
    index = stage_position(request.stages, stage)
    events = numbered_events(
        request.segmented_log(), "paths", tie_codes=request.spec().tie_codes, since=request.bounds[0]
    )
    members = stage_members(request, index, all_rows=True)
    if status != "reached":
        members = members.filter(nw.col(CONVERTED) == (1 if status == "converted" else 0))
    events = backend.shared(events)
    at = events.select(nw.col(USER), nw.col(KEY).alias(AT_KEY), nw.col(SEQ).alias(_AT))  # the stage event's number
    moments = backend.shared(members.select(nw.col(USER), nw.col(AT_KEY)).join(at, on=[USER, AT_KEY], how="inner"))
    distance = nw.col(SEQ) - nw.col(_AT) if direction == "after" else nw.col(_AT) - nw.col(SEQ)
    near = (
        moments.join(events.select(nw.col(USER), nw.col(SEQ), nw.col(EVENT)), on=USER, how="inner")
        .with_columns(distance.alias(_STEP))
        .filter((nw.col(_STEP) >= 1) & (nw.col(_STEP) <= steps))
    )
    near = backend.shared(near)
    wide = moments.select(nw.col(USER))
    marker = END if direction == "after" else START
    for step in range(1, steps + 1):
        mine = near.filter(nw.col(_STEP) == step).select(nw.col(USER), nw.col(EVENT).alias(_column(step)))
        wide = wide.join(mine, on=USER, how="left")
    names = [_column(step) for step in range(1, steps + 1)]
    filled = wide.with_columns(*(nw.col(name).fill_null(marker) for name in names))
    counts = backend.collect_pandas(filled.group_by(*names).agg(nw.col(USER).count().alias("users")))
    return _path_table(counts, names, direction=direction, top=top, marker=marker)


def _path_table(
    counts: pd.DataFrame, names: list[str], *, direction: str, top: int | None, marker: str
) -> pd.DataFrame:
    """Counted paths as the result: markers after the first one cleared, paths named, the rest as ``(other)``."""
    entries = []
    found = zip(counts[names].itertuples(index=False), counts["users"].astype("int64").tolist(), strict=True)
    for row, users in found:
        events = [str(value) for value in row]
        if marker in events:
            events = events[: events.index(marker) + 1]
        shown = events if direction == "after" else events[::-1]
        entries.append((ARROW.join(shown), events + [None] * (len(names) - len(events)), users))
    entries.sort(key=lambda entry: (-entry[2], entry[0]))
    total = sum(entry[2] for entry in entries)
    kept = entries if top is None else entries[:top]
    rest = sum(entry[2] for entry in entries[len(kept) :])
    if rest:
        kept = [*kept, (OTHER, [None] * len(names), rest)]
    rows = [{"path": path, **dict(zip(names, steps, strict=True)), "users": users} for path, steps, users in kept]
    table: pd.DataFrame = pd.DataFrame(rows, columns=["path", *names, "users"])
    table["users"] = table["users"].astype("int64")
    table["share"] = (table["users"] / total if total else table["users"]).astype("float64")
    for name in names:
        table[name] = table[name].astype(object)
    table.attrs.update({"direction": direction, "steps": len(names), "users": total})
    return table


__all__ = ["DIRECTIONS", "END", "OTHER", "PATH_COLUMNS", "START", "Direction", "paths"]
