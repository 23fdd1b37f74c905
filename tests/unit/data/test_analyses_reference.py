"""Retention, paths and transitions against the brute-force reference on random small logs."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeywidgets as jw
from tests.unit.data import reference
from tests.unit.data.helpers import log, reference_rows
from tests.unit.data.test_retention import cells, overall_cells

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")

HOURS = 3_600


@st.composite
def day_logs(draw: st.DrawFn) -> pd.DataFrame:
    """Up to 20 events of three users over ten days on a 5-hour grid (ties, and every hour of the day)."""
    n = draw(st.integers(1, 20))
    users = draw(st.lists(st.sampled_from(["u1", "u2", "u3", None]), min_size=n, max_size=n))
    seconds = draw(st.lists(st.integers(0, 48).map(lambda h: h * 5 * HOURS), min_size=n, max_size=n))
    events = draw(st.lists(st.sampled_from(["s", "r", "x"]), min_size=n, max_size=n))
    return log(*zip(users, seconds, events, strict=True))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frame=day_logs(),
    start=st.sampled_from([{"s"}, {"s", "r"}]),
    back=st.sampled_from([{"r"}, {"r", "s"}]),
    period=st.sampled_from(["D", "W"]),
    periods=st.integers(1, 4),
    kind=st.sampled_from(["classic", "rolling"]),
    zone=st.sampled_from(["UTC", "America/New_York"]),
)
def test_retention_matches_the_reference(  # noqa: PLR0917 - one argument per drawn value
    frame: pd.DataFrame, start: set[str], back: set[str], period: str, periods: int, kind: str, zone: str
) -> None:
    kept = frame[frame["user_id"].notna()]
    if kept.empty or not (start | back) <= set(frame["event"]):
        return
    zoned = frame.assign(timestamp=frame["timestamp"].dt.tz_convert(zone))
    table = jw.retention(zoned, sorted(start), sorted(back), period, periods, kind=kind, engine="pandas")
    expected = reference.retention(
        reference_rows(frame), start, back, period=period, periods=periods, kind=kind, zone=zone
    )
    assert cells(table) == expected["cells"]
    assert overall_cells(table) == expected["overall"]
