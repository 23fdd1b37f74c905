"""retention(): N-day (week, month) retention of cohorts by first start event, classic and rolling."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets.data.retention import RETENTION_COLUMNS, retention
from tests.unit.data import reference
from tests.unit.data.helpers import reference_rows, values
from tests.unit.data.test_cohorts import ENGINES
from tests.unit.data.test_trend import _log


def _day(text: str, tz: str = "UTC") -> pd.Timestamp:
    return pd.Timestamp(text, tz=tz)


EVENTS = _log(
    [
        ("u1", "2026-03-01 10:00", "signup"),
        ("u1", "2026-03-01 12:00", "visit"),  # N0
        ("u1", "2026-03-03 09:00", "visit"),  # N2
        ("u2", "2026-03-01 23:00", "signup"),
        ("u2", "2026-03-02 00:30", "visit"),  # N1: the next calendar day, 90 minutes later
        ("u3", "2026-02-28 08:00", "visit"),  # before the signup: never counts
        ("u3", "2026-03-02 08:00", "signup"),
        ("u3", "2026-03-04 08:00", "signup"),  # a second signup: the cohort is the first one's
        ("u3", "2026-03-05 08:00", "visit"),  # N3 of the Mar 2 cohort
        ("u4", "2026-03-02 09:00", "signup"),  # never returns
        ("u5", "2026-03-05 18:00", "visit"),  # no signup, in no cohort; the log's last event
    ]
)


def _cohort(table: pd.DataFrame, day: str) -> pd.DataFrame:
    return table[table["cohort"] == _day(day)].reset_index(drop=True)


def _overall(table: pd.DataFrame) -> pd.DataFrame:
    return table[table["cohort"].isna()].reset_index(drop=True)


def test_classic_daily_retention_by_hand() -> None:
    table = retention(EVENTS, "signup", "visit", periods=4)
    assert list(table.columns) == list(RETENTION_COLUMNS)
    # cohorts from the first one (Mar 1) to the period of the last event (Mar 5), each with periods 0..3
    assert table["cohort"].dropna().drop_duplicates().tolist() == [_day(f"2026-03-0{d}") for d in range(1, 6)]
    first = _cohort(table, "2026-03-01")
    assert first[["cohort_size", "period", "retained"]].to_dict("list") == {
        "cohort_size": [2, 2, 2, 2],
        "period": [0, 1, 2, 3],
        "retained": [1, 1, 1, 0],  # u1 on Mar 1, u2 on Mar 2, u1 on Mar 3, nobody on Mar 4
    }
    assert first["rate"].tolist() == [0.5, 0.5, 0.5, 0.0]
    assert first["period_start"].tolist() == [_day(f"2026-03-0{d}") for d in range(1, 5)]
    second = _cohort(table, "2026-03-02")
    assert second["retained"].tolist() == [0, 0, 0, 1]  # u3's visit before signing up does not count
    # complete: the period ends by the last event (Mar 5 18:00); the Mar 2 cohort's period 3 ends Mar 6
    assert first["complete"].tolist() == [True] * 4
    assert second["complete"].tolist() == [True, True, True, False]
    empty = _cohort(table, "2026-03-03")
    assert empty["cohort_size"].tolist() == [0] * 4
    assert values(empty["rate"]) == [None] * 4
    # overall: weighted over the complete cells only (period 3: the Mar 1 cohort alone)
    overall = _overall(table)
    assert overall[["period", "cohort_size", "retained"]].to_dict("list") == {
        "period": [0, 1, 2, 3],
        "cohort_size": [4, 4, 4, 2],
        "retained": [1, 1, 1, 0],
    }
    assert overall["rate"].tolist() == [0.25, 0.25, 0.25, 0.0]
    assert overall["complete"].tolist() == [True, True, True, False]  # False: a cohort was left out
    assert str(table["rate"].dtype) == "float64"
    assert str(table["retained"].dtype) == "int64"
    assert table.attrs["kind"] == "classic"
    assert table.attrs["last_event"] == "2026-03-05T18:00:00+00:00"


def test_rolling_retention_by_hand() -> None:
    table = retention(EVENTS, "signup", "visit", periods=4, kind="rolling")
    # retained in N: any visit in period N or later (u1's last in N2, u2's in N1, u3's in N3)
    assert _cohort(table, "2026-03-01")["retained"].tolist() == [2, 2, 1, 0]
    assert _cohort(table, "2026-03-02")["retained"].tolist() == [1, 1, 1, 1]
    overall = _overall(table)
    assert overall["retained"].tolist() == [3, 3, 2, 0]
    assert overall["rate"].tolist() == [0.75, 0.75, 0.5, 0.0]
    rolling_later = retention(EVENTS, "signup", "visit", periods=2, kind="rolling")
    # returns after the last period asked for still count: u3's visit in N3 retains it in N0 and N1
    assert _cohort(rolling_later, "2026-03-02")["retained"].tolist() == [1, 1]


def test_period_zero_counts_the_start_event_itself_when_it_is_a_return_event() -> None:
    table = retention(EVENTS, "visit", "visit", periods=2)
    rows = table[(table["period"] == 0) & (table["cohort_size"] > 0)]
    assert rows["rate"].tolist() == [1.0] * len(rows)  # PostHog, Amplitude: day 0 is 100 % for one event
    tied = _log([("a", "2026-03-01 10:00", "visit"), ("a", "2026-03-01 10:00", "signup")])
    # a return event at the very instant of the first start event counts in period 0, whatever the row order
    assert retention(tied, "signup", "visit", periods=1)["retained"].iloc[0] == 1


def test_several_start_and_return_events() -> None:
    table = retention(EVENTS, ["signup", "visit"], ["visit", "signup"], periods=2)
    # u3's first start is now its Feb 28 visit; u5 joins with the Mar 5 visit
    assert table["cohort"].dropna().iloc[0] == _day("2026-02-28")
    assert _cohort(table, "2026-03-05")["cohort_size"].tolist() == [1, 1]


def test_calendar_periods_are_read_in_the_logs_zone() -> None:
    zone = "America/New_York"
    # naive New York times; Mar 8 2026 lasts 23 hours there (summer time starts)
    events = _log(
        [
            ("a", "2026-03-07 23:30", "signup"),  # 04:30 UTC on Mar 8
            ("a", "2026-03-09 00:30", "visit"),  # two New York days later, one UTC day
            ("b", "2026-01-31 12:00", "signup"),
            ("b", "2026-02-01 12:00", "visit"),
            ("b", "2026-03-01 12:00", "visit"),
        ],
        tz=None,
    )
    daily = retention(events[events["user_id"] == "a"], "signup", "visit", periods=3, tz=zone)
    assert daily["cohort"].iloc[0] == _day("2026-03-07", zone)
    assert daily["retained"].tolist()[:3] == [0, 0, 1]
    assert daily["period_start"].iloc[2] == _day("2026-03-09", zone)
    in_utc = events.assign(timestamp=events["timestamp"].dt.tz_localize(zone).dt.tz_convert("UTC"))
    utc = retention(in_utc[in_utc["user_id"] == "a"], "signup", "visit", periods=3)
    assert utc["cohort"].iloc[0] == _day("2026-03-08")
    assert utc["retained"].tolist()[:3] == [0, 1, 0]
    weekly = retention(events, "signup", "visit", period="W", periods=2, tz=zone)  # Mar 7 is a Saturday
    assert _cohort_in(weekly, "2026-03-02", zone)["retained"].tolist() == [0, 1]
    monthly = retention(events, "signup", "visit", period="M", periods=3, tz=zone)
    assert _cohort_in(monthly, "2026-01-01", zone)["retained"].tolist() == [0, 1, 1]
    assert _cohort_in(monthly, "2026-03-01", zone)["complete"].tolist() == [False] * 3


def _cohort_in(table: pd.DataFrame, day: str, zone: str) -> pd.DataFrame:
    return table[table["cohort"] == _day(day, zone)].reset_index(drop=True)


def test_column_names_an_event_log_and_a_segment() -> None:
    renamed = EVENTS.rename(columns={"user_id": "uid", "timestamp": "at", "event": "name"})
    expected = retention(EVENTS, "signup", "visit", periods=3)
    pd.testing.assert_frame_equal(
        retention(renamed, "signup", "visit", periods=3, user="uid", time="at", event="name"), expected
    )
    pd.testing.assert_frame_equal(retention(jw.EventLog(EVENTS), "signup", "visit", periods=3), expected)
    planned = EVENTS.assign(plan=EVENTS["user_id"].map({"u1": "pro"}).fillna("free"))
    pro = retention(planned, "signup", "visit", periods=3, segment="plan == 'pro'")
    assert _cohort(pro, "2026-03-01")[["cohort_size", "retained"]].to_dict("list") == {
        "cohort_size": [1, 1, 1],
        "retained": [1, 0, 1],
    }


def test_the_sample_log_retains_fewer_users_over_time() -> None:
    table = retention(jw.sample_events(n_users=400, seed=2), "ad_click", "page_view", period="W", periods=4)
    overall = _overall(table)
    assert overall["cohort_size"].iloc[0] > 0
    rolling = _overall(
        retention(jw.sample_events(n_users=400, seed=2), "ad_click", "page_view", "W", 4, kind="rolling")
    )
    assert (rolling["rate"].diff().dropna() <= 0).all()  # rolling retention never rises


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize(
    "case", [{}, {"kind": "rolling", "period": "W"}, {"period": "M", "zone": "Europe/Berlin"}], ids=str
)
def test_engines_agree(engine: str, case: dict[str, Any]) -> None:
    sample = jw.sample_events(n_users=150, seed=8)
    options = {"period": "D", "periods": 10, **case}
    zone = options.pop("zone", None)
    if zone is not None and engine == "duckdb":
        pytest.skip("a DuckDB relation keeps instants, not their zone (nor takes tz=): its periods are UTC's")
    if zone is not None:  # aware timestamps in another zone: periods are read in it
        sample = sample.assign(timestamp=sample["timestamp"].dt.tz_convert(zone))
    expected = retention(sample, "ad_click", ["page_view", "search"], engine="pandas", **options)
    result = retention(ENGINES[engine](sample), "ad_click", ["page_view", "search"], **options)
    pd.testing.assert_frame_equal(result, expected)


@pytest.mark.parametrize("kind", ["classic", "rolling"])
def test_dask_agrees(kind: str) -> None:
    dd = pytest.importorskip("dask.dataframe")
    sample = jw.sample_events(n_users=120, seed=3)
    expected = retention(sample, "ad_click", "page_view", period="W", periods=5, kind=kind, engine="pandas")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        data = dd.from_pandas(sample, npartitions=3)
        result = retention(data, "ad_click", "page_view", period="W", periods=5, kind=kind)
    pd.testing.assert_frame_equal(result, expected)


def test_the_reference_agrees_on_the_hand_made_log() -> None:
    for kind in ("classic", "rolling"):
        table = retention(EVENTS, "signup", "visit", periods=4, kind=kind)
        expected = reference.retention(reference_rows(EVENTS), {"signup"}, {"visit"}, periods=4, kind=kind)
        assert cells(table) == expected["cells"]
        assert overall_cells(table) == expected["overall"]


def cells(table: pd.DataFrame) -> dict[tuple[int, int], tuple[int, int, bool]]:
    """The engine's cohort cells in the reference's shape."""
    rows = table[table["cohort"].notna()]
    return {
        (int(c.value // 1000), int(n)): (int(s), int(r), bool(x))
        for c, n, s, r, x in zip(
            rows["cohort"], rows["period"], rows["cohort_size"], rows["retained"], rows["complete"], strict=True
        )
    }


def overall_cells(table: pd.DataFrame) -> dict[int, tuple[int, int, bool]]:
    rows = _overall(table)
    return {
        int(n): (int(s), int(r), bool(x))
        for n, s, r, x in zip(rows["period"], rows["cohort_size"], rows["retained"], rows["complete"], strict=True)
    }


@pytest.mark.parametrize(
    ("arguments", "path", "error"),
    [
        ({"start_event": "sign_up"}, "start_event", jw.UnknownEventError),
        ({"return_event": ["visit", "vist"]}, "return_event", jw.UnknownEventError),
        ({"return_event": []}, "return_event", jw.FunnelDefinitionError),
        ({"start_event": 5}, "start_event", jw.FunnelDefinitionError),
        ({"period": "Y"}, "period", jw.FunnelDefinitionError),
        ({"periods": 0}, "periods", jw.FunnelDefinitionError),
        ({"periods": 2.5}, "periods", jw.FunnelDefinitionError),
        ({"kind": "unbounded"}, "kind", jw.FunnelDefinitionError),
        ({"segment": "plan == 'x'"}, "plan", jw.MissingColumnError),
    ],
)
def test_bad_options_name_the_option(arguments: dict[str, Any], path: str, error: type[Exception]) -> None:
    chosen = {"start_event": "signup", "return_event": "visit", **arguments}
    with pytest.raises(error) as raised:
        retention(EVENTS, **chosen)
    assert raised.value.path == path


def test_a_near_miss_event_name_is_suggested() -> None:
    with pytest.raises(jw.UnknownEventError, match="did you mean 'signup'"):
        retention(EVENTS, "sigup", "visit")


def test_a_bound_journey_follows_its_personas_segment() -> None:
    journey = jw.Journey("Sign-ups")
    journey.add_stage("Sign up", id="signup", events=["signup"])
    journey.add_persona("Pro", id="pro", segment="plan == 'pro'")
    journey.add_persona("Anyone", id="anyone")
    planned = EVENTS.assign(plan=EVENTS["user_id"].map({"u1": "pro"}).fillna("free"))
    binding = journey.bind(planned, window="1D")  # the funnel's window does not apply to retention
    expected = retention(planned, "signup", "visit", periods=3)
    pd.testing.assert_frame_equal(binding.retention("signup", "visit", periods=3), expected)
    pd.testing.assert_frame_equal(binding.retention("signup", "visit", periods=3, persona="anyone"), expected)
    pro = binding.retention("signup", "visit", periods=3, persona="pro")
    pd.testing.assert_frame_equal(pro, retention(planned, "signup", "visit", periods=3, segment="plan == 'pro'"))
    free = binding.retention("signup", "visit", periods=3, persona="pro", segment="plan == 'free'")
    assert _cohort(free, "2026-03-01")["cohort_size"].tolist() == [1, 1, 1]  # u2
    segmented = journey.bind(planned, segment="plan == 'pro'")
    pd.testing.assert_frame_equal(segmented.retention("signup", "visit", periods=3), pro)
    with pytest.raises(jw.NotFoundError):
        binding.retention("signup", "visit", persona="nobody")
