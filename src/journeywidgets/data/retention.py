"""Retention: of the users who started in a period, how many came back N periods later.

``retention(data, start_event, return_event, period="D", periods=30)`` is the N-day
(N-week, N-month) retention of PostHog and Amplitude, on calendar periods:

- **Cohort.** A user's cohort is the calendar period of their *first* start event (over
  the whole log: PostHog's "first time" retention). Later start events change nothing.
- **Period N** of a user is the calendar period N periods after their cohort's:
  ``[cohort start + N·P, cohort start + (N+1)·P)``; N = 0 is the cohort period itself.
  Calendar periods are read in the log's zone (``EventLog.zone``), as :func:`trend`
  does: days from local midnight (a DST day lasts 23 or 25 hours), weeks from Monday,
  months from the 1st. So a user who starts at 23:00 and returns at 00:30 is retained in
  period 1, not period 0: periods are calendar periods, not elapsed 24-hour windows.
- **Returning.** Only return events at or after the instant of the user's first start
  event count. ``kind="classic"``: retained in N when a return event falls in period N.
  ``kind="rolling"`` (Amplitude's "unbounded"): retained in N when a return event falls
  in period N *or any later one* (also after the last period shown), so rolling retention
  never rises with N.
- **Period 0 and the start event.** The start event itself counts as a return when it is
  one of the return events (and a return event at the same instant counts, whatever the
  row order): with one event for both, period 0 is 100 %, as in PostHog and Amplitude.
  With different events, period 0 is the share who also did a return event later in
  their first period.
- **Which cohorts.** Every calendar period from the first cohort's to the period of the
  log's last event (of any kind, any user), with size 0 where nobody started; periods
  0 to ``periods - 1`` of each.
- **Complete.** A cell is ``complete`` when its period has ended by the log's last event
  (``period end <= last event``): an incomplete cell's count can still grow.
- **Overall.** One row per N (``cohort`` is NaT) adds up the complete cells of every
  cohort: ``retained`` over ``cohort_size`` of those cohorts (weighted by cohort size,
  Amplitude's and PostHog's average). Its ``complete`` is False when a non-empty cohort was
  left out because its cell N has not ended.

With ``segment=`` (a persona's segment) only the matching users count. Everything up to
the counts per (cohort, N) runs in the log's engine; only those counts are collected.

Example:
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"user_id": ["a", "a", "b", "c"], "event": ["signup", "visit", "signup", "visit"],
    ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-02 09:00",
    ...                                                  "2026-01-01 11:00", "2026-01-03 12:00"])})
    >>> table = retention(raw, "signup", "visit", periods=2)
    >>> table[table["cohort"].isna()][["period", "cohort_size", "retained", "rate"]].to_dict("list")
    {'period': [0, 1], 'cohort_size': [2, 2], 'retained': [0, 1], 'rate': [0.0, 0.5]}
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any, Literal, get_args

import narwhals.stable.v2 as nw
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.errors import FunnelDefinitionError, UnknownEventError
from journeywidgets.data.eventlog import EVENT, TIME, USER, EventLog
from journeywidgets.data.segmented import segment_log
from journeywidgets.data.trend import Freq, calendar_bounds, check_freq, display_zone, last_event_us, period_of

Kind = Literal["classic", "rolling"]
KINDS: tuple[str, ...] = get_args(Kind)
RETENTION_COLUMNS: tuple[str, ...] = (
    "cohort",
    "cohort_size",
    "period",
    "period_start",
    "retained",
    "rate",
    "complete",
)
_FIRST, _COHORT, _N = "_first", "_cohort", "_n"
_LONGEST_PERIOD_US = 32 * 86_400_000_000  # a month and a DST hour, with room


def event_log(data: Any, **log_options: Any) -> EventLog:
    """``data`` as an :class:`EventLog`: an event log as it is, a dataframe read with ``log_options``.

    Args:
        data: an :class:`EventLog` or any dataframe narwhals accepts.
        **log_options: ``user``, ``time``, ``event``, ``tz``, ``order``, ``engine`` (see ``EventLog``).

    Returns:
        The event log.

    Example:
        >>> from journeywidgets import sample_events
        >>> log = event_log(sample_events(n_users=5))
        >>> event_log(log) is log
        True
    """
    return data if isinstance(data, EventLog) else EventLog(data, **log_options)


def event_names(value: Any, *, name: str) -> tuple[str, ...]:
    """One event name or several, as a tuple; raise naming the option otherwise.

    Args:
        value: a name or a sequence of names.
        name: the option's name, for the error.

    Returns:
        The names, in the order given, each once.

    Raises:
        FunnelDefinitionError: naming ``name`` when ``value`` is not a name or a non-empty list of names.

    Example:
        >>> event_names("visit", name="return_event"), event_names(["a", "b", "a"], name="start_event")
        (('visit',), ('a', 'b'))
    """
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, Sequence) or not names or not all(isinstance(n, str) and n for n in names):
        msg = f"{name} must be an event name or a non-empty list of event names, got {value!r}"
        raise FunnelDefinitionError(msg, path=name)
    return tuple(dict.fromkeys(names))


def check_present(log: EventLog, names: Sequence[str], *, name: str) -> None:
    """Raise :class:`UnknownEventError` naming ``name`` unless every event of ``names`` occurs in the log.

    Args:
        log: the event log.
        names: the event names an option gives.
        name: the option's name (``start_event``, ``return_event``), for the error.

    Raises:
        UnknownEventError: naming ``name``, with the closest event name of the log.

    Example:
        >>> from journeywidgets import sample_events
        >>> check_present(EventLog(sample_events(n_users=20)), ["ad_click"], name="start_event")
    """
    missing = [event for event in names if event not in log.present_events(names)]
    if missing:
        known = sorted(log.event_names)
        close = difflib.get_close_matches(missing[0], known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        msg = f"{name}: event {missing[0]!r} never occurs in the event log{hint}"
        raise UnknownEventError(msg, path=name)


def _check_options(period: str, periods: Any, kind: str) -> None:
    check_freq(period, name="period")
    if isinstance(periods, bool) or not isinstance(periods, int) or periods < 1:
        raise FunnelDefinitionError(f"periods must be a positive integer, got {periods!r}", path="periods")
    if kind not in KINDS:
        msg = f"kind must be 'classic' or 'rolling' (Amplitude's unbounded retention), got {kind!r}"
        raise FunnelDefinitionError(msg, path="kind")


def _counts(frame: nw.LazyFrame[Any]) -> dict[tuple[int, int], int]:
    """``{(cohort, n): users}`` from a lazy frame of (user, cohort, n) rows, each row once."""
    table = backend.collect_pandas(frame.group_by(_COHORT, _N).agg(nw.col(USER).count().alias("_users")))
    return {(int(c), int(n)): int(u) for c, n, u in zip(table[_COHORT], table[_N], table["_users"], strict=True)}


def retention(
    data: Any,
    start_event: str | Sequence[str],
    return_event: str | Sequence[str],
    period: Freq = "D",
    periods: int = 30,
    *,
    kind: Kind = "classic",
    segment: str | None = None,
    **log_options: Any,
) -> pd.DataFrame:
    """Per cohort (the calendar period of each user's first start event), the share back in each later period.

    See the module docstring for the rules (cohorts, calendar periods in the log's zone,
    period 0, complete cells, the overall rows).

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        start_event: the event (or events) that puts a user in a cohort.
        return_event: the event (or events) that counts as coming back.
        period: ``"D"`` (days), ``"W"`` (weeks from Monday) or ``"M"`` (months).
        periods: how many periods to show per cohort: N = 0 to ``periods - 1``.
        kind: ``"classic"`` (back in period N) or ``"rolling"`` (back in period N or later).
        segment: a filter selecting the users counted (a persona's segment).
        **log_options: the :class:`EventLog` arguments ``user``, ``time``, ``event``, ``tz``,
            ``order`` and ``engine`` (when ``data`` is not an ``EventLog``).

    Returns:
        A pandas DataFrame, one row per (cohort, N) and then one overall row per N:
        ``cohort`` (the period's start in the log's zone; NaT on overall rows),
        ``cohort_size``, ``period`` (N), ``period_start`` (NaT on overall rows),
        ``retained``, ``rate`` (float64, NaN for an empty cohort) and ``complete``.

    Raises:
        FunnelDefinitionError: naming ``start_event``, ``return_event``, ``period``,
            ``periods`` or ``kind`` when they are not valid.
        UnknownEventError: naming ``start_event`` or ``return_event`` when an event never occurs.
        EventLogError: (or a subclass) for the log, its columns and the segment.

    Example:
        >>> from journeywidgets import sample_events
        >>> table = retention(sample_events(n_users=300), "ad_click", "page_view", period="W", periods=3)
        >>> table.columns.tolist()[:3], int(table["period"].max())
        (['cohort', 'cohort_size', 'period'], 2)
    """
    _check_options(period, periods, kind)
    starts_with = event_names(start_event, name="start_event")
    back = event_names(return_event, name="return_event")
    base = event_log(data, **log_options)
    check_present(base, starts_with, name="start_event")
    check_present(base, back, name="return_event")
    log, zone = segment_log(base, segment), display_zone(base)
    frame = backend.shared(log.frame(events=sorted({*starts_with, *back})))
    starts = backend.shared(
        frame.filter(nw.col(EVENT).is_in(list(starts_with))).group_by(USER).agg(nw.col(TIME).min().alias(_FIRST))
    )
    span = backend.collect_pandas(starts.select(nw.col(_FIRST).min()))
    last = last_event_us(base)
    attrs = {
        "period": period,
        "periods": periods,
        "kind": kind,
        "start_event": list(starts_with),
        "return_event": list(back),
        "zone": zone,
        "timezone": base.timezone,
        "last_event": pd.Timestamp(last, unit="us", tz="UTC").tz_convert(zone).isoformat(),
    }
    if span.empty or pd.isna(span[_FIRST].iloc[0]):
        return _table([], attrs)
    first = int(span[_FIRST].iloc[0])
    bounds = calendar_bounds(first, last, period, zone)
    ends = calendar_bounds(first, last + (periods + 1) * _LONGEST_PERIOD_US, period, zone)
    cohorts = starts.with_columns(period_of(nw.col(_FIRST), bounds).alias(_COHORT))
    sizes = backend.collect_pandas(cohorts.group_by(_COHORT).agg(nw.col(USER).count().alias("_users")))
    size_of = dict(zip(sizes[_COHORT].astype(int), sizes["_users"].astype(int), strict=True))
    returns = (  # each event's period before the join (Dask cannot sum many columns of a joined frame)
        frame.filter(nw.col(EVENT).is_in(list(back)))
        .select(nw.col(USER), nw.col(TIME), period_of(nw.col(TIME), bounds).alias(_N))
        .join(cohorts, on=USER, how="inner")
        .filter(nw.col(TIME) >= nw.col(_FIRST))
        .select(nw.col(USER), nw.col(_COHORT), (nw.col(_N) - nw.col(_COHORT)).alias(_N))
    )
    if kind == "classic":
        counts = _counts(returns.filter(nw.col(_N) < periods).unique())
    else:  # per user, the last period they came back in: retained in every period up to it
        latest = _counts(returns.group_by(USER, _COHORT).agg(nw.col(_N).max()))
        counts = {
            (c, n): sum(users for (cc, m), users in latest.items() if cc == c and m >= n)
            for c in size_of
            for n in range(periods)
        }
    cells = [
        (
            bounds[c],
            size_of.get(c, 0),
            n,
            ends[c + n],
            counts.get((c, n), 0),
            int(ends[c + n + 1].value // 1000) <= last,
        )
        for c in range(len(bounds) - 1)
        for n in range(periods)
    ]
    return _table(cells, attrs)


def _table(cells: list[tuple[Any, int, int, Any, int, bool]], attrs: dict[str, Any]) -> pd.DataFrame:
    """The tidy result: the cohort cells, then one overall row per N over the complete cells."""
    rows = [dict(zip(RETENTION_COLUMNS, (*cell[:5], None, cell[5]), strict=True)) for cell in cells]
    for n in range(attrs["periods"] if cells else 0):
        mine = [cell for cell in cells if cell[2] == n]
        done = [cell for cell in mine if cell[5]]
        left_out = any(cell[1] and not cell[5] for cell in mine)
        size, retained = sum(cell[1] for cell in done), sum(cell[4] for cell in done)
        rows.append(dict(zip(RETENTION_COLUMNS, (pd.NaT, size, n, pd.NaT, retained, None, not left_out), strict=True)))
    frame: pd.DataFrame = pd.DataFrame(rows, columns=list(RETENTION_COLUMNS))
    zone = attrs["zone"]
    for column in ("cohort", "period_start"):
        frame[column] = pd.to_datetime(frame[column], utc=True).dt.tz_convert(zone)
    for column in ("cohort_size", "period", "retained"):
        frame[column] = frame[column].astype("int64")
    sizes = frame["cohort_size"].where(frame["cohort_size"] > 0)
    frame["rate"] = (frame["retained"] / sizes).astype("float64")
    frame["complete"] = frame["complete"].astype(bool)
    frame.attrs.update(attrs)
    return frame


__all__ = ["KINDS", "RETENTION_COLUMNS", "Kind", "check_present", "event_log", "event_names", "retention"]
