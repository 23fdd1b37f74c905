"""trend(): the funnel per entry period, in the log's zone, with incomplete periods marked."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets.data.trend import calendar_bounds, trend
from tests.unit.data.helpers import values
from tests.unit.data.test_cohorts import ENGINES

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")

STAGES = {"Visit": "visit", "Buy": "buy"}


def _log(rows: list[tuple[str, str, str]], tz: str | None = "UTC") -> pd.DataFrame:
    stamps = pd.to_datetime([r[1] for r in rows])
    return pd.DataFrame(
        {
            "user_id": [r[0] for r in rows],
            "timestamp": stamps.tz_localize(tz) if tz else stamps,
            "event": [r[2] for r in rows],
        }
    )


EVENTS = _log(
    [
        ("u1", "2026-03-01 10:00", "visit"),
        ("u1", "2026-03-01 12:00", "buy"),
        ("u2", "2026-03-01 11:00", "visit"),
        ("u3", "2026-03-02 09:00", "visit"),
        ("u3", "2026-03-03 08:00", "buy"),  # 23 h later: inside a 1-day window, counted in Mar 2
        ("u1", "2026-03-02 10:00", "visit"),  # a second entry, in another period: counts there too
        ("u4", "2026-03-04 20:00", "visit"),
        ("u5", "2026-03-05 12:00", "page_view"),  # the log's last event
    ]
)


def _day(text: str, tz: str = "UTC") -> pd.Timestamp:
    return pd.Timestamp(text, tz=tz)


def test_a_daily_trend_by_hand() -> None:
    table = trend(EVENTS, STAGES, window="1D")
    days = ["2026-03-01", "2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]
    assert table["period"].tolist() == [_day(d) for d in days for _ in range(2)]
    assert table["period_end"].iloc[0] == _day("2026-03-02")
    assert table["reached"].tolist() == [2, 1, 2, 1, 0, 0, 1, 0, 0, 0]
    assert values(table["conv_from_first"]) == [1.0, 0.5, 1.0, 0.5, None, None, 1.0, 0.0, None, None]
    assert values(table["conv_from_prev"]) == [1.0, 0.5, 1.0, 0.5, None, None, 1.0, 0.0, None, None]
    # complete: period end + 1 day <= the last event (Mar 5 12:00): Mar 1-3 yes; Mar 4 ends Mar 5 + 1 day: no
    assert table["complete"].tolist() == [True] * 6 + [False] * 4
    assert str(table["conv_from_first"].dtype) == "float64"
    assert table.attrs["last_event"] == "2026-03-05T12:00:00+00:00"


def test_without_a_window_only_the_period_still_filling_is_incomplete() -> None:
    table = trend(EVENTS, STAGES)
    assert table[table["stage_index"] == 0]["complete"].tolist() == [True, True, True, True, False]


def test_calendar_periods_are_read_in_the_logs_zone() -> None:
    # naive New York times; 2026-03-08 is the US switch to summer time (a 23-hour day)
    events = _log(
        [
            ("u1", "2026-03-07 23:30", "visit"),  # 04:30 UTC on Mar 8: a Mar 7 entry in New York
            ("u1", "2026-03-08 00:30", "buy"),
            ("u2", "2026-03-08 22:00", "visit"),
            ("u2", "2026-03-09 10:00", "buy"),
        ],
        tz=None,
    )
    daily = trend(events, STAGES, tz="America/New_York")
    zone = "America/New_York"
    assert daily["period"].drop_duplicates().tolist() == [
        _day(d, zone) for d in ("2026-03-07", "2026-03-08", "2026-03-09")
    ]
    short = daily["period_end"].iloc[2] - daily["period"].iloc[2]
    assert short == pd.Timedelta(hours=23)
    assert daily["reached"].tolist() == [1, 1, 1, 1, 0, 0]
    in_utc = trend(events.assign(timestamp=events["timestamp"].dt.tz_localize(zone).dt.tz_convert("UTC")), STAGES)
    # the same instants as aware UTC times: days in UTC, u1 enters on Mar 8 and u2 (02:00 UTC) on Mar 9
    assert in_utc["period"].drop_duplicates().tolist() == [_day("2026-03-08"), _day("2026-03-09")]
    assert in_utc["reached"].tolist() == [1, 1, 1, 1]
    weekly = trend(events, STAGES, freq="W", tz=zone)  # Mar 7 is a Saturday: weeks start Monday Mar 2 and Mar 9
    assert weekly["period"].drop_duplicates().tolist() == [_day("2026-03-02", zone), _day("2026-03-09", zone)]
    assert weekly["reached"].tolist() == [2, 2, 0, 0]
    monthly = trend(events, STAGES, freq="M", tz=zone)
    assert monthly[["period", "reached", "complete"]].to_dict("list") == {
        "period": [_day("2026-03-01", zone)] * 2,
        "reached": [2, 2],
        "complete": [False, False],
    }


def test_bounds_at_a_dst_change() -> None:
    bounds = calendar_bounds(0, 3 * 86_400_000_000, "D", "Europe/Berlin")
    assert [b.hour for b in bounds] == [0] * len(bounds)


def test_per_period_counts_add_up_to_at_least_the_funnel() -> None:
    sample = jw.sample_events(n_users=200, seed=3)
    journey = jw.sample_journey()
    monthly = trend(sample, journey, freq="M", window="7D").groupby("stage_index")["reached"].sum()
    overall = jw.funnel(sample, journey, window="7D")["reached"]
    assert (monthly.to_numpy() >= overall.to_numpy()).all()  # a user entering in two months counts in both
    assert monthly.iloc[0] >= overall.iloc[0] > 0


@pytest.mark.parametrize("engine", list(ENGINES))
@pytest.mark.parametrize(
    "case",
    [{"window": "1D"}, {"mode": "strict"}, {"date_range": ("2026-01-15", "2026-02-01"), "window": "2D"}],
    ids=str,
)
def test_engines_agree(engine: str, case: dict[str, Any]) -> None:
    sample = jw.sample_events(n_users=150, seed=8)
    journey = jw.sample_journey()
    expected = trend(sample, journey, freq="W", engine="pandas", tie_policy="favorable", **case)
    result = trend(ENGINES[engine](sample), journey, freq="W", tie_policy="favorable", **case)
    pd.testing.assert_frame_equal(result, expected)
    span = pd.Timestamp(case["date_range"][0], tz="UTC") if "date_range" in case else None
    if span is not None:  # a period's funnel is the funnel over that period's date range
        first = expected["period"].iloc[0]
        week = jw.funnel(sample, journey, window="2D", date_range=(max(first, span), expected["period_end"].iloc[0]))
        assert expected["reached"].iloc[: len(week)].tolist() == week["reached"].tolist()


@pytest.mark.parametrize(
    ("options", "path"),
    [({"freq": "Y"}, "freq"), ({"open": True}, "open"), ({"by": "device"}, "by"), ({"window": 3}, "window")],
)
def test_bad_options_name_the_option(options: dict[str, Any], path: str) -> None:
    with pytest.raises(jw.FunnelDefinitionError) as raised:
        trend(EVENTS, STAGES, **options)
    assert raised.value.path == path
