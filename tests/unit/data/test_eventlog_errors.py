"""Bad input gets a specific error that names the column and what was expected."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from journeywidgets import (
    ColumnTypeError,
    EmptyLogError,
    EventLogError,
    FunnelDefinitionError,
    Journey,
    MissingColumnError,
    SegmentError,
    TimezoneError,
    UnknownEventWarning,
    funnel,
)
from tests.unit.data.helpers import log

STAGES = {"A": "a", "B": "b"}
# most logs here lack some stage event on purpose; the warning itself is tested below
pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")


def test_missing_column_is_named_with_a_suggestion() -> None:
    frame = log(("u1", 0, "a")).rename(columns={"timestamp": "ts"})
    with pytest.raises(MissingColumnError, match=r"time column 'timestamp' is not in the event log") as err:
        funnel(frame, STAGES)
    assert err.value.path == "timestamp"
    with pytest.raises(MissingColumnError, match=r"did you mean 'user_id'"):
        funnel(log(("u1", 0, "a")), STAGES, user="userid")


def test_breakdown_and_segment_columns_are_checked() -> None:
    with pytest.raises(MissingColumnError, match="breakdown column 'device'"):
        funnel(log(("u1", 0, "a")), STAGES, by="device")
    with pytest.raises(MissingColumnError, match="segment column 'plan'"):
        funnel(log(("u1", 0, "a")), STAGES, segment="plan == 'pro'")


def test_wrong_dtypes_are_explained() -> None:
    text_times = log(("u1", 0, "a")).assign(timestamp=["2026-01-01"])
    with pytest.raises(ColumnTypeError, match=r"time column 'timestamp' must hold datetimes.*pd.to_datetime") as err:
        funnel(text_times, STAGES)
    assert err.value.path == "timestamp"
    with pytest.raises(ColumnTypeError, match="event column 'event' must hold event names"):
        funnel(log(("u1", 0, "a")).assign(event=[3]), STAGES)


def test_mixed_naive_and_aware_timestamps_are_rejected() -> None:
    mixed = pd.DataFrame(
        {
            "user_id": ["u1", "u1"],
            "timestamp": pd.Series(
                [pd.Timestamp("2026-01-01 10:00"), pd.Timestamp("2026-01-01 11:00", tz="UTC")], dtype=object
            ),
            "event": ["a", "b"],
        }
    )
    with pytest.raises(TimezoneError, match="mixes time-zone-aware and naive"):
        funnel(mixed, STAGES)


def test_tz_contradicting_aware_data_is_rejected() -> None:
    with pytest.raises(TimezoneError, match="already carries time zone 'UTC'"):
        funnel(log(("u1", 0, "a")), STAGES, tz="Europe/Berlin")


def test_naive_timestamps_in_a_declared_zone_measure_elapsed_time_across_dst() -> None:
    # 01:30 and 03:30 local on the night clocks go forward in Berlin are one hour apart
    frame = pd.DataFrame(
        {
            "user_id": ["u1", "u1"],
            "timestamp": pd.to_datetime(["2026-03-29 01:30", "2026-03-29 03:30"]),
            "event": ["a", "b"],
        }
    )
    declared = funnel(frame, STAGES, window="1h", tz="Europe/Berlin", engine="pandas")
    assert declared["reached"].tolist() == [1, 1]
    assert declared["ttc_first_median_s"].iloc[1] == 3600.0
    assert declared.attrs["timezone"] == "Europe/Berlin (naive timestamps, declared with tz=)"
    as_utc = funnel(frame, STAGES, window="1h", engine="pandas")
    assert as_utc["reached"].tolist() == [1, 0]
    assert as_utc.attrs["timezone"] == "UTC (naive timestamps read as UTC)"


def test_aware_timestamps_in_any_zone_compare_as_instants() -> None:
    frame = log(("u1", 0, "a"), ("u1", 30, "b"))
    frame["timestamp"] = frame["timestamp"].dt.tz_convert("America/New_York")
    result = funnel(frame, STAGES)
    assert result["ttc_first_median_s"].iloc[1] == 30.0
    assert result.attrs["timezone"] == "America/New_York (compared as UTC instants)"


def test_empty_logs_are_rejected() -> None:
    with pytest.raises(EmptyLogError, match="the event log is empty"):
        funnel(log(("u1", 0, "a")).iloc[:0], STAGES)
    with pytest.raises(EmptyLogError, match="all with a null user or timestamp"):
        funnel(log((None, 0, "a"), ("u1", None, "b")), STAGES)


def test_unknown_stage_events_warn_with_the_closest_names() -> None:
    with pytest.warns(UnknownEventWarning, match=r"stage 'Buy': event 'chekout' never occurs.*did you mean 'checkout'"):
        funnel(log(("u1", 0, "visit"), ("u1", 5, "checkout")), {"Visit": "visit", "Buy": "chekout"})


@pytest.mark.parametrize(
    ("kwargs", "path", "message"),
    [
        ({"mode": "sequential"}, "mode", "mode must be one of 'ordered', 'strict', 'any_order'"),
        ({"window": 60}, "window", "window must be a duration such as '30min'"),
        ({"window": "soon"}, "window", "got 'soon'"),
        ({"window": "-1h"}, "window", "must be positive"),
        ({"window": "0s"}, "window", "must be positive"),
        ({"window": "5"}, "window", "a number without a unit is ambiguous"),
        ({"window": 600}, "window", "got the number 600"),
        ({"mode": "ordred"}, "mode", "did you mean 'ordered'"),
        ({"tz": "Mars/Olympus_Mons"}, "tz", "tz must be a time zone name"),
        ({"user": None}, "user", "user must name a column"),
        ({"by": 5}, "by", "by must be a column name"),
        ({"by": "event"}, "by", "is the log's user, time or event column"),
        ({"date_range": (5, None)}, "date_range", "is a number, not a date"),
        ({"date_range": ("soon", None)}, "date_range", "cannot read 'soon' as a date"),
        ({"attribution": "middle"}, "attribution", "attribution must be one of"),
        ({"limit": 0}, "limit", "limit must be a positive integer"),
        ({"tie_policy": "random"}, "tie_policy", "tie_policy must be one of"),
        ({"date_range": ("2026-02-01", "2026-01-01")}, "date_range", "must be after"),
        ({"engine": "spark"}, "engine", "engine must be one of"),
    ],
)
def test_bad_options_name_the_argument(kwargs: dict, path: str, message: str) -> None:
    with pytest.raises(EventLogError, match=message) as err:
        funnel(log(("u1", 0, "a")), STAGES, **kwargs)
    assert err.value.path == path


def test_bad_stage_definitions() -> None:
    with pytest.raises(FunnelDefinitionError, match="at least one stage"):
        funnel(log(("u1", 0, "a")), {})
    with pytest.raises(FunnelDefinitionError, match="stage 'A' must name one event or a list"):
        funnel(log(("u1", 0, "a")), {"A": 3})
    journey = Journey("No events")
    journey.add_stage("Visit", id="visit")
    with pytest.raises(FunnelDefinitionError, match=r"journey stage 'Visit' \(visit\) has no events") as err:
        funnel(log(("u1", 0, "a")), journey)
    assert err.value.path == "stages.visit.events"


def test_not_a_dataframe() -> None:
    with pytest.raises(EventLogError, match=r"must be a dataframe .* got list"):
        funnel([1, 2, 3], STAGES)


@pytest.mark.parametrize(
    ("segment", "message"),
    [
        ("device = 'mobile'", "not a valid filter"),
        ("__import__('os').system('x')", "cannot use"),
        ("device == other_column", "expected a value"),
        ("device in 'mobile'", "'in' needs a list"),
        ("", "must be a non-empty filter"),
        ("device == 5", "holds text, compared with 5"),
        ("device in ['mobile', 5]", "holds text, compared with 5"),
        ("seats == 'five'", "holds numbers"),
        ("not (" * 50 + "device == 'mobile'" + ")" * 50, "nested too deeply"),
        ("not " * 900 + "device == 'mobile'", "nested too deeply"),
        ("device == 'x' or " * 600 + "device == 'y'", "at most 4000 characters"),
    ],
)
def test_bad_segments(segment: str, message: str) -> None:
    frame = log(("u1", 0, "a")).assign(device=["mobile"], other_column=["x"], seats=[3])
    with pytest.raises(SegmentError, match=message):
        funnel(frame, STAGES, segment=segment)


def test_segments_select_users() -> None:
    frame = log(
        ("u1", 0, "a"),
        ("u1", 5, "b"),
        ("u2", 0, "a"),
        ("u3", 1, "a"),
        ("u3", 2, "b"),
        plan=["pro", "pro", "free", "pro", "pro"],
        seats=[5, 5, 1, 20, 20],
    )
    assert funnel(frame, STAGES, segment="plan == 'pro'")["reached"].tolist() == [2, 2]
    assert funnel(frame, STAGES, segment="plan != 'pro' or seats > 10")["reached"].tolist() == [2, 1]
    assert funnel(frame, STAGES, segment="not plan in ['pro']")["reached"].tolist() == [1, 0]
    assert funnel(frame, STAGES, segment="10 < seats")["reached"].tolist() == [1, 1]


def test_window_accepts_timedeltas() -> None:
    result = funnel(log(("u1", 0, "a"), ("u1", 90, "b")), STAGES, window=dt.timedelta(minutes=1))
    assert result["reached"].tolist() == [1, 0]
    assert result.attrs["window_s"] == 60.0
