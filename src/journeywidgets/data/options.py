"""The funnel's options, checked once: mode, window, date range and tie policy.

Example:
    >>> parse_window("1D"), parse_window(None)
    (86400000000, None)
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

import pandas as pd

from journeywidgets.data.chains import MODES, Mode
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.stages import FunnelStage, stage_position

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


def parse_step_windows(step_window: Any, stages: Sequence[FunnelStage]) -> tuple[int | None, ...]:
    """Read ``step_window=``: a mapping from stage to window, or one window (or None) per stage.

    Args:
        step_window: ``None``; ``{stage: window}`` with stages by id, name or 0-based position;
            or a list with one entry per stage (the first must be None: it has no prior step).
            Windows as for ``window=`` (``"10min"``, a ``timedelta``).
        stages: the funnel's stages.

    Returns:
        One window in µs (or None) per stage; empty when ``step_window`` is None or sets none.

    Raises:
        FunnelDefinitionError: naming ``step_window`` for an unknown stage, a window on the
            first stage, a list of the wrong length, or a window that cannot be read.

    Example:
        >>> from journeywidgets.data.stages import funnel_stages
        >>> stages = funnel_stages({"A": "a", "B": "b"})
        >>> parse_step_windows([None, "30s"], stages)
        (None, 30000000)
        >>> parse_step_windows({"A": "30s"}, stages)
        Traceback (most recent call last):
        ...
        journeywidgets.data.errors.FunnelDefinitionError: step_window: stage 'A' is the first stage: it has no ...
    """
    if step_window is None:
        return ()
    windows: list[int | None] = [None] * len(stages)
    if isinstance(step_window, Mapping):
        for stage, value in step_window.items():
            index = stage_position(stages, stage, path="step_window")
            windows[index] = _window(value, stages[index], index)
    elif isinstance(step_window, Sequence) and not isinstance(step_window, str):
        if len(step_window) != len(stages):
            msg = f"step_window: a list needs one entry per stage ({len(stages)}), got {len(step_window)}"
            raise FunnelDefinitionError(msg, path="step_window")
        windows = [None if value is None else _window(value, stages[i], i) for i, value in enumerate(step_window)]
    else:
        msg = f"step_window must be {{stage: window}} or one window (or None) per stage, got {step_window!r}"
        raise FunnelDefinitionError(msg, path="step_window")
    return tuple(windows) if any(w is not None for w in windows) else ()


def _window(value: Any, stage: FunnelStage, index: int) -> int | None:
    if index == 0:
        msg = f"step_window: stage {stage.name!r} is the first stage: it has no prior step to be within"
        raise FunnelDefinitionError(msg, path="step_window")
    return parse_window(value, name=f"step_window[{stage.name!r}]")


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
