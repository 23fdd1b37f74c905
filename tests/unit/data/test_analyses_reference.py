"""Retention, paths and transitions against the brute-force reference on random small logs."""

from __future__ import annotations

import importlib.util

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeywidgets as jw
from tests.unit.data import reference
from tests.unit.data.helpers import log, reference_rows
from tests.unit.data.test_funnel_reference import DEFINITIONS, event_logs
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


def _local_engines() -> list[str]:
    """pandas, and polars where it can take a pandas frame (through pyarrow)."""
    engines = ["pandas"]
    if importlib.util.find_spec("polars") and importlib.util.find_spec("pyarrow"):
        engines.append("polars")
    return engines


def _engine_paths(table: pd.DataFrame, steps: int) -> dict[tuple[str | None, ...], int]:
    names = [f"step_{i}" for i in range(1, steps + 1)]
    return {
        tuple(None if pd.isna(v) else v for v in row[:-1]): int(row[-1])
        for row in table[[*names, "users"]].itertuples(index=False)
    }


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frame=event_logs(),
    stages=st.sampled_from(DEFINITIONS),
    index=st.integers(0, 2),
    direction=st.sampled_from(["after", "before"]),
    steps=st.integers(1, 4),
    mode=st.sampled_from(["ordered", "strict", "any_order"]),
    window=st.sampled_from([None, 60]),
    engine=st.sampled_from(_local_engines()),
)
def test_paths_match_the_reference(  # noqa: PLR0917 - one argument per drawn value
    frame: pd.DataFrame,
    stages: dict,
    index: int,
    direction: str,
    steps: int,
    mode: str,
    window: int | None,
    engine: str,
) -> None:
    if frame["user_id"].isna().all():
        return
    span = None if window is None else f"{window}s"
    table = jw.paths(frame, stages, index, direction, steps, top=None, mode=mode, window=span, engine=engine)
    sets = [set(v) for v in stages.values()]
    expected = reference.paths(
        reference_rows(frame),
        sets,
        index,
        direction=direction,
        steps=steps,
        mode=mode,
        window=None if window is None else window * 1_000_000,
    )
    assert _engine_paths(table, steps) == expected
    assert table.attrs["users"] == sum(expected.values())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=event_logs(), path_ends=st.booleans(), engine=st.sampled_from(_local_engines()))
def test_transitions_match_the_reference(frame: pd.DataFrame, path_ends: bool, engine: str) -> None:
    if frame["user_id"].isna().all():
        return
    table = jw.transitions(frame, path_ends=path_ends, engine=engine)
    expected = reference.transitions(reference_rows(frame), path_ends=path_ends)
    found = {
        (row.source, row.target): {
            "count": row.count,
            "units": row.units,
            "proba_out": pytest.approx(row.proba_out),
            "time_median_s": None if pd.isna(row.time_median_s) else pytest.approx(row.time_median_s),
            "time_p95_s": None if pd.isna(row.time_p95_s) else pytest.approx(row.time_p95_s),
        }
        for row in table.itertuples(index=False)
    }
    assert found == expected
