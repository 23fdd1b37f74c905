"""The funnel's options, checked once: mode, window, date range and tie policy.

Example:
    >>> parse_window("1D"), parse_window(None)
    (86400000000, None)
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import pandas as pd

from journeywidgets.data.chains import MODES, Mode
from journeywidgets.data.errors import FunnelDefinitionError

TiePolicy = Literal["row", "favorable"]
TIE_POLICIES: tuple[str, ...] = get_args(TiePolicy)


def parse_window(window: Any, *, name: str = "window") -> int | None:
    """A window (``timedelta``, ``pd.Timedelta`` or text such as ``"10min"``, ``"1D"``) in microseconds.

    Args:
        window: the duration, or None for no limit.
        name: the option's name, for the messages.

    Returns:
        The window in whole microseconds, or None.

    Raises:
        FunnelDefinitionError: naming ``name`` for a number (or numeric text without a
            unit), a value pandas cannot read as a duration, or one under 1 µs.

    Example:
        >>> import datetime as dt
        >>> parse_window(dt.timedelta(minutes=10)), parse_window("90s")
        (600000000, 90000000)
    """
    if window is None:
        return None
    hint = "a duration such as '30min', '1D' or datetime.timedelta(hours=2)"
    if isinstance(window, bool | int | float):
        raise FunnelDefinitionError(f"{name} must be {hint}, got the number {window!r}", path=name)
    if isinstance(window, str) and _is_number(window):  # pandas reads "5" as 5 nanoseconds
        msg = f"{name} must be {hint}, got {window!r}: a number without a unit is ambiguous"
        raise FunnelDefinitionError(msg, path=name)
    try:
        duration = pd.Timedelta(window)
    except (ValueError, TypeError, OverflowError):
        raise FunnelDefinitionError(f"{name} must be {hint}, got {window!r}", path=name) from None
    if pd.isna(duration) or duration < pd.Timedelta(microseconds=1):
        raise FunnelDefinitionError(f"{name} must be positive (at least 1 microsecond), got {window!r}", path=name)
    return int(duration.value // 1000)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def parse_date_range(date_range: Any, *, zone: str = "UTC") -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
    """``(from, to)`` of the entry date range (either may be None); naive values are read in ``zone``.

    Args:
        date_range: a ``(from, to)`` pair of dates, timestamps or ISO texts, or None.
        zone: the log's time zone (its declared ``tz=``, or the zone of its aware timestamps).

    Returns:
        The two bounds as aware timestamps in ``zone`` (or None).

    Raises:
        FunnelDefinitionError: when it is not a pair, a bound is not a date, or ``to`` is not after ``from``.

    Example:
        >>> parse_date_range(("2026-01-01", None))[0]
        Timestamp('2026-01-01 00:00:00+0000', tz='UTC')
        >>> parse_date_range(("2026-01-01", None), zone="America/New_York")[0].isoformat()
        '2026-01-01T00:00:00-05:00'
    """
    if date_range is None:
        return None, None
    if not (isinstance(date_range, Sequence) and not isinstance(date_range, str) and len(date_range) == 2):  # noqa: PLR2004
        msg = f"date_range must be a (from, to) pair of dates or timestamps, got {date_range!r}"
        raise FunnelDefinitionError(msg, path="date_range")
    bounds: list[pd.Timestamp | None] = []
    for value in date_range:
        if value is None:
            bounds.append(None)
            continue
        if isinstance(value, bool | int | float):
            msg = f"date_range: {value!r} is a number, not a date; give a date such as '2026-01-31' or a datetime"
            raise FunnelDefinitionError(msg, path="date_range")
        try:
            stamp = pd.Timestamp(value)
        except (ValueError, TypeError, OverflowError):
            raise FunnelDefinitionError(f"date_range: cannot read {value!r} as a date", path="date_range") from None
        if pd.isna(stamp):
            raise FunnelDefinitionError(f"date_range: {value!r} is not a date", path="date_range")
        bounds.append(stamp.tz_localize(zone) if stamp.tzinfo is None else stamp.tz_convert(zone))
    start, end = bounds
    if start is not None and end is not None and end <= start:
        raise FunnelDefinitionError(f"date_range: 'to' ({end}) must be after 'from' ({start})", path="date_range")
    return start, end


@dataclass(frozen=True)
class FunnelOptions:
    """Checked funnel options.

    Example:
        >>> FunnelOptions.check(mode="strict", window="1h", tie_policy="row").window_us
        3600000000
    """

    mode: Mode
    window_us: int | None
    tie_policy: TiePolicy

    @classmethod
    def check(cls, *, mode: str, window: Any, tie_policy: str) -> FunnelOptions:
        """Validate the options and return them.

        Args:
            mode: ``"ordered"``, ``"strict"`` or ``"any_order"``.
            window: the conversion window (see :func:`parse_window`), or None.
            tie_policy: ``"row"`` or ``"favorable"``.

        Returns:
            The :class:`FunnelOptions`, the window in microseconds.

        Raises:
            FunnelDefinitionError: naming ``mode``, ``tie_policy`` or ``window``.

        Example:
            >>> FunnelOptions.check(mode="ordered", window=None, tie_policy="favorable").mode
            'ordered'
        """
        if mode not in MODES:
            hint = difflib.get_close_matches(str(mode), MODES, n=1)
            did_you = f"; did you mean {hint[0]!r}?" if hint else ""
            msg = f"mode must be one of {', '.join(map(repr, MODES))}, got {mode!r}{did_you}"
            raise FunnelDefinitionError(msg, path="mode")
        if tie_policy not in TIE_POLICIES:
            msg = f"tie_policy must be one of {', '.join(map(repr, TIE_POLICIES))}, got {tie_policy!r}"
            raise FunnelDefinitionError(msg, path="tie_policy")
        return cls(mode=mode, window_us=parse_window(window), tie_policy=tie_policy)  # type: ignore[arg-type]

    @property
    def window(self) -> dt.timedelta | None:
        """The window as a ``timedelta``.

        Example:
            >>> FunnelOptions.check(mode="ordered", window="2h", tie_policy="row").window
            datetime.timedelta(seconds=7200)
        """
        return None if self.window_us is None else dt.timedelta(microseconds=self.window_us)
