"""Funnels over time: per entry period (day, week, month), each stage's reach and conversion.

``trend(data, stages, freq="D")`` is the trended funnel of Amplitude and Mixpanel: each
user is bucketed by the calendar period of their *entry* (a chain's stage-1 event),
and the closed funnel is run per period. A user with entries in several periods counts
in each of them, with the chains anchored there; that is why per-period rates can be
lower than the overall rate. Within a period, a user's depth is the furthest stage of
the chains anchored in it, exactly as ``funnel(..., date_range=(period start, period
end))`` would count (later stages may fall after the period, inside the window).

- **Calendar periods** are read in the log's zone (``EventLog.zone``): days start at
  local midnight (a DST day lasts 23 or 25 hours), weeks on Monday (ISO weeks), months
  on the 1st. A local midnight that does not exist (a DST jump at midnight) starts the
  period at the next valid instant.
- **Which periods.** From the period of the first entry to the period of the log's last
  event (or of the end of ``date_range``, when earlier), every period, with zeros where
  nobody entered.
- **Complete periods.** A period is ``complete`` when every entry in it has had its full
  conversion window by the log's last event (of any kind, any user): ``period end +
  window <= last event``. Without a window there is no bound on when a user may still
  convert; the rule then takes the window as 0, so only the period that the last event
  falls in (still filling) is incomplete.

Columns: ``period`` (its start, a timestamp in the zone), ``period_end``, ``stage``,
``stage_id``, ``stage_index``, ``reached`` (int), ``conv_from_first`` and
``conv_from_prev`` (float64, NaN where the denominator is 0), ``dropoff`` (int: reached at the
previous stage minus reached here, as in :func:`~journeywidgets.funnel`) and ``complete`` (bool).
Open funnels and breakdowns are not trended (use ``segment=`` for one group).

Example:
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"user_id": ["a", "a", "b"], "event": ["visit", "buy", "visit"],
    ...                     "timestamp": pd.to_datetime(["2026-01-01 10:00", "2026-01-01 10:05", "2026-01-02 09:00"])})
    >>> table = trend(raw, {"Visit": "visit", "Buy": "buy"})
    >>> table[["reached", "complete"]].to_dict("list")
    {'reached': [1, 1, 1, 0], 'complete': [True, True, False, False]}
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal, get_args

import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd

from journeywidgets.data import backend
from journeywidgets.data.chains import ANCHOR_TIME, chain_table, k
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.eventlog import TIME, USER, EventLog
from journeywidgets.data.request import FunnelRequest, funnel_request
from journeywidgets.model.journey import Journey

Freq = Literal["D", "W", "M"]
FREQS: tuple[str, ...] = get_args(Freq)
TREND_COLUMNS: tuple[str, ...] = (
    "period",
    "period_end",
    "stage",
    "stage_id",
    "stage_index",
    "reached",
    "conv_from_first",
    "conv_from_prev",
    "dropoff",
    "complete",
)
_PERIOD = "_period"


def check_freq(freq: str, *, name: str = "freq") -> None:
    """Raise unless ``freq`` is one of :data:`FREQS`.

    Args:
        freq: the period: ``"D"``, ``"W"`` or ``"M"``.
        name: the option's name, for the message.

    Raises:
        FunnelDefinitionError: naming ``name``.

    Example:
        >>> check_freq("W")
    """
    if freq not in FREQS:
        msg = f"{name} must be one of 'D' (days), 'W' (weeks from Monday) or 'M' (months), got {freq!r}"
        raise FunnelDefinitionError(msg, path=name)


def display_zone(log: EventLog) -> str:
    """The zone calendar periods and result times are read in: the log's zone, ``"UTC"`` for any name of UTC.

    (DuckDB names UTC ``"Etc/UTC"``; the results of every engine should look alike.)

    Args:
        log: the event log.

    Returns:
        The zone's name.

    Example:
        >>> from journeywidgets import sample_events
        >>> display_zone(EventLog(sample_events(n_users=5)))
        'UTC'
    """
    zone = log.zone
    return "UTC" if zone in {"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu", "Etc/Zulu"} else zone


def _stamp(micros: int, zone: str) -> pd.Timestamp:
    stamp: pd.Timestamp = pd.Timestamp(int(micros), unit="us", tz="UTC").tz_convert(zone)
    return stamp


def calendar_bounds(first_us: int, last_us: int, freq: str, zone: str) -> list[pd.Timestamp]:
    """Calendar period boundaries in ``zone`` covering the instants ``first_us`` to ``last_us`` (µs, UTC).

    Args:
        first_us: the earliest instant to cover.
        last_us: the latest instant to cover.
        freq: ``"D"``, ``"W"`` (weeks from Monday) or ``"M"``.
        zone: the IANA zone periods are read in.

    Returns:
        ``b0 <= first < b1 < ... <= last < bn``: n periods, as aware timestamps.

    Example:
        >>> bounds = calendar_bounds(0, 86_400_000_000, "D", "America/New_York")
        >>> [b.isoformat() for b in bounds]
        ['1969-12-31T00:00:00-05:00', '1970-01-01T00:00:00-05:00', '1970-01-02T00:00:00-05:00']
    """
    check_freq(freq)
    first = _stamp(first_us, zone).tz_localize(None).normalize()
    last = _stamp(last_us, zone).tz_localize(None)
    if freq == "W":
        first -= pd.Timedelta(days=first.weekday())
    elif freq == "M":
        first = first.replace(day=1)
    step = {"D": pd.DateOffset(days=1), "W": pd.DateOffset(weeks=1), "M": pd.DateOffset(months=1)}[freq]
    naive = [first]
    while naive[-1] <= last:
        naive.append(naive[-1] + step)
    local = pd.DatetimeIndex(naive).tz_localize(
        zone, ambiguous=np.ones(len(naive), dtype=bool), nonexistent="shift_forward"
    )
    bounds = list(local)
    while len(bounds) > 2 and bounds[-2].value // 1000 > last_us:  # noqa: PLR2004 - DST shifts can overshoot
        bounds.pop()
    return bounds


def period_of(column: nw.Expr, bounds: Sequence[pd.Timestamp]) -> nw.Expr:
    """The 0-based period (between ``bounds``) of each instant of an integer µs column.

    A flat sum of comparisons, so it runs on every engine.

    Args:
        column: instants in µs since the epoch (UTC).
        bounds: the output of :func:`calendar_bounds`.

    Returns:
        An integer expression.

    Example:
        >>> isinstance(period_of(nw.col("t"), calendar_bounds(0, 1, "D", "UTC")), nw.Expr)
        True
    """
    inner = [int(b.value // 1000) for b in bounds[1:-1]]
    if not inner:
        return nw.lit(0, nw.Int64)
    return nw.sum_horizontal(*((column >= edge).cast(nw.Int64) for edge in inner))


def last_event_us(source: FunnelRequest | EventLog) -> int:
    """The instant (µs, UTC) of the log's last event (of any kind, any user: how far the data reaches).

    ``source`` is a funnel request (its whole log, not only its segment) or an event log.

    Args:
        source: the funnel request or event log.

    Returns:
        Microseconds since 1970-01-01 UTC.

    Example:
        >>> raw = pd.DataFrame({"user_id": ["a", "b"], "event": ["visit", "buy"],
        ...                     "timestamp": pd.to_datetime(["1970-01-01 00:00:03", "1970-01-01 00:00:01"])})
        >>> last_event_us(EventLog(raw, engine="pandas"))  # 3 s after the epoch, whoever and whatever it was
        3000000
        >>> last_event_us(funnel_request(raw, {"Buy": "buy"}, segment="user_id == 'b'", engine="pandas"))  # whole log
        3000000
    """
    log = source if isinstance(source, EventLog) else source.log
    # only the time is read: no per-user key, so no window over every user (numbered=False)
    row = backend.collect_pandas(log.frame(numbered=False).select(nw.col(TIME).max().alias("_last")))
    return int(row["_last"].iloc[0])


def _reached(j: int) -> str:
    return f"_r{j}"


def _entries_by_period(request: FunnelRequest, freq: str) -> tuple[pd.DataFrame, list[pd.Timestamp]]:
    """Per period the users reaching each stage (``_r{j}``), and the periods' bounds (empty: nobody entered)."""
    spec = request.spec()
    since, until = request.bounds
    chains = backend.shared(chain_table(request.segmented_log(), spec, since=since, until=until))
    span = backend.collect_pandas(
        chains.select(nw.col(ANCHOR_TIME).min().alias("_first"), nw.col(ANCHOR_TIME).max().alias("_last"))
    )
    if span.empty or pd.isna(span["_first"].iloc[0]):
        return pd.DataFrame({_PERIOD: [], **{_reached(j): [] for j in range(len(spec.stages))}}), []
    last = last_event_us(request)
    if until is not None:
        last = min(last, int(until.value // 1000) - 1)
    last = max(last, int(span["_last"].iloc[0]))
    bounds = calendar_bounds(int(span["_first"].iloc[0]), last, freq, display_zone(request.log))
    # per (user, period), whether any chain reached each stage (with optional stages, not a prefix)
    flags = [(~nw.col(k(j)).is_null()).cast(nw.Int64).alias(_reached(j)) for j in range(len(spec.stages))]
    per_user = (
        chains.with_columns(period_of(nw.col(ANCHOR_TIME), bounds).alias(_PERIOD), *flags)
        .group_by(USER, _PERIOD)
        .agg(*(nw.col(_reached(j)).max() for j in range(len(spec.stages))))
    )
    counts = backend.collect_pandas(
        per_user.group_by(_PERIOD).agg(*(nw.col(_reached(j)).sum() for j in range(len(spec.stages))))
    )
    return counts, bounds


def check_closed(options: Mapping[str, Any], what: str) -> None:
    """Raise, naming the option, when ``options`` ask for an open funnel or a breakdown.

    Args:
        options: the funnel options given.
        what: the analysis, for the message (``"trend"``, ...).

    Raises:
        FunnelDefinitionError: naming ``open`` (when true) or ``by`` (when given).

    Example:
        >>> check_closed({"window": "1D"}, "trend")
    """
    if options.get("open"):
        raise FunnelDefinitionError(f"{what} follows closed funnels; open=True is not supported", path="open")
    if options.get("by") is not None:
        raise FunnelDefinitionError(f"{what} is not broken down; select one group with segment=", path="by")


def trend(
    data: Any,
    stages: Journey | Mapping[str, Any] | Sequence[Any],
    freq: Freq = "D",
    **options: Any,
) -> pd.DataFrame:
    """The funnel per entry period: each stage's reach and conversion, with incomplete periods marked.

    Users are bucketed by the calendar period of each entry (stage-1 event) in the
    log's zone; the closed funnel runs per period (see the module docstring for the
    rules on periods and completeness).

    Args:
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        stages: a :class:`Journey` or ``{stage: event or [events]}``.
        freq: ``"D"`` (days), ``"W"`` (weeks from Monday) or ``"M"`` (months).
        **options: the options of :func:`~journeywidgets.funnel` (not ``open`` or ``by``).

    Returns:
        One row per (period, stage): ``period``, ``period_end``, ``stage``, ``stage_id``,
        ``stage_index``, ``reached``, ``conv_from_first``, ``conv_from_prev``, ``dropoff``
        (reached at the previous stage, or the last required one, minus reached here), ``complete``.

    Raises:
        FunnelDefinitionError: naming ``freq``, ``open`` or ``by`` when they are not supported.
        EventLogError: (or a subclass) for the log and the funnel's options, as in ``funnel``.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> table = trend(sample_events(n_users=300), sample_journey(), freq="W", window="7D")
        >>> table.columns[:3].tolist(), bool(table["complete"].iloc[0]), bool(table["complete"].iloc[-1])
        (['period', 'period_end', 'stage'], True, False)
    """
    check_freq(freq)
    check_closed(options, "trend")
    request = funnel_request(data, stages, **options)
    counts, bounds = _entries_by_period(request, freq)
    last = last_event_us(request) if bounds else 0
    window = request.options.window_us or 0
    spec = request.spec()
    prior = [spec.prior(j) if j else 0 for j in range(len(request.stages))]
    rows = []
    for period in range(len(bounds) - 1):
        start, end = bounds[period], bounds[period + 1]
        mine = counts[counts[_PERIOD] == period]
        reached = [int(mine[_reached(j)].sum()) for j in range(len(request.stages))]
        complete = int(end.value // 1000) + window <= last
        for j, stage in enumerate(request.stages):
            rows.append(
                {
                    "period": start,
                    "period_end": end,
                    "stage": stage.name,
                    "stage_id": stage.id,
                    "stage_index": j,
                    "reached": reached[j],
                    "conv_from_first": reached[j] / reached[0] if reached[0] else None,
                    "conv_from_prev": reached[j] / reached[prior[j]] if j and reached[prior[j]] else None,
                    "dropoff": reached[prior[j]] - reached[j] if j else 0,
                    "complete": complete,
                }
            )
            if j == 0:
                rows[-1]["conv_from_prev"] = 1.0 if reached[0] else None
    frame: pd.DataFrame = pd.DataFrame(rows, columns=list(TREND_COLUMNS))
    for column in ("conv_from_first", "conv_from_prev"):
        frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
    frame["reached"] = frame["reached"].astype("int64")
    frame["dropoff"] = frame["dropoff"].astype("int64")
    frame["complete"] = frame["complete"].astype(bool)
    frame.attrs.update(
        {
            "freq": freq,
            "timezone": request.log.timezone,
            "zone": display_zone(request.log),
            "window_s": None if request.options.window_us is None else request.options.window_us / 1_000_000,
            "last_event": None if not bounds else _stamp(last, display_zone(request.log)).isoformat(),
        }
    )
    return frame


__all__ = ["FREQS", "Freq", "calendar_bounds", "display_zone", "period_of", "trend"]
