"""Issue #11's rules, each on a hand-made log with its answer worked out by hand.

One test per rule of ``metric-semantics.md`` that the first engine got wrong: shared events in
any-order funnels, favourable ties in strict funnels, breakdown buckets and attribution, date
ranges in the log's zone, derived tables that honour the binding's options, and result dtypes.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets import funnel
from tests.unit.data.helpers import log, reached

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")


def _nan_list(values: pd.Series) -> list[float | None]:
    return [None if math.isnan(v) else v for v in values.astype(float)]


# any_order: one row satisfies at most one stage of one chain


def test_any_order_one_row_never_counts_for_two_stages() -> None:
    stages = {"A": "a", "B": "x", "C": "x"}  # B and C share the event x
    one_x = log(("u1", 0, "a"), ("u1", 10, "x"))
    assert reached(funnel(one_x, stages, mode="any_order")) == [1, 1, 0]  # the old engine said [1, 1, 1]
    two_x = log(("u1", 0, "a"), ("u1", 10, "x"), ("u1", 20, "x"))
    assert reached(funnel(two_x, stages, mode="any_order")) == [1, 1, 1]


def test_any_order_finds_the_assignment_a_greedy_match_misses() -> None:
    # B takes b or x, C only x: the earliest row for B is x, but then C has nothing; B=b, C=x works
    stages = {"A": "a", "B": ["b", "x"], "C": "x"}
    events = log(("u1", 0, "a"), ("u1", 10, "x"), ("u1", 30, "b"))
    result = funnel(events, stages, mode="any_order")
    assert reached(result) == [1, 1, 1]
    # B is complete at 10 s (x); stages A..C are complete at 30 s (b for B, x for C)
    assert _nan_list(result["ttc_first_median_s"]) == [None, 10.0, 30.0]
    assert _nan_list(result["ttc_prev_median_s"]) == [None, 10.0, 20.0]


def test_any_order_time_from_previous_stage_is_never_negative() -> None:
    # c comes before b: stage C is complete only when B is (at 20 s), so C is 0 s after B, not -10 s
    events = log(("u1", 0, "a"), ("u1", 10, "c"), ("u1", 20, "b"))
    result = funnel(events, {"A": "a", "B": "b", "C": "c"}, mode="any_order")
    assert reached(result) == [1, 1, 1]
    assert _nan_list(result["ttc_first_median_s"]) == [None, 20.0, 20.0]
    assert _nan_list(result["ttc_prev_median_s"]) == [None, 20.0, 0.0]  # the old engine said -10.0


def test_any_order_anchor_row_is_not_reused_when_stage_1_shares_an_event() -> None:
    stages = {"A": "a", "B": ["a", "b"]}
    assert reached(funnel(log(("u1", 0, "a")), stages, mode="any_order")) == [1, 0]
    assert reached(funnel(log(("u1", 0, "a"), ("u1", 5, "a")), stages, mode="any_order")) == [1, 1]


# ties: an unrelated event at the same instant never breaks a strict chain under "favorable"


def test_favorable_ties_keep_strict_chains_through_unrelated_events() -> None:
    stages = {"A": "a", "B": "b"}
    x_before_b = log(("u1", 0, "a"), ("u1", 10, "x"), ("u1", 10, "b"))  # x ties with b, listed first
    x_with_a = log(("u1", 0, "a"), ("u1", 0, "x"), ("u1", 10, "b"))  # x ties with a, listed after it
    for events in (x_before_b, x_with_a):
        assert reached(funnel(events, stages, mode="strict")) == [1, 0]  # input row order: x is in between
        favorable = funnel(events, stages, mode="strict", tie_policy="favorable")
        assert reached(favorable) == [1, 1]  # the old engine said [1, 0]
        assert favorable.attrs["tie_order"] == "stage order"
    between = log(("u1", 0, "a"), ("u1", 5, "x"), ("u1", 10, "b"))  # x strictly between: still a break
    assert reached(funnel(between, stages, mode="strict", tie_policy="favorable")) == [1, 0]


def test_lazy_logs_without_an_order_column_resolve_ties_favourably() -> None:
    pl = pytest.importorskip("polars")
    events = log(("u1", 0, "a"), ("u1", 10, "x"), ("u1", 10, "b"))
    lazy = pl.DataFrame({column: events[column].tolist() for column in events.columns}).lazy()  # no pyarrow needed
    result = funnel(lazy, {"A": "a", "B": "b"}, mode="strict")
    assert reached(result) == [1, 1]
    assert result.attrs["tie_order"] == "stage order (this engine keeps no row order)"


# Breakdowns and their attribution.


def test_null_keeps_its_own_bucket_under_a_limit() -> None:
    rows, device = [], []
    for i, value in enumerate(["a", "a", "a", "b", "b", "c", None]):
        rows.append((f"u{i}", 0, "a"))
        device.append(value)
    result = funnel(log(*rows, device=device), {"A": "a"}, by="device", limit=1)
    buckets = dict(zip(result["device"], result["reached"], strict=True))
    assert buckets == {"a": 3, "__other__": 3, "__null__": 1}  # the old engine put null into __other__


def test_touch_attribution_reads_only_funnel_events_up_to_the_last_stage_reached() -> None:
    events = log(
        ("u1", 0, "visit"),  # not a funnel event: not read
        ("u1", 10, "a"),
        ("u1", 20, "b"),  # the last stage u1 reaches
        ("u1", 30, "a"),  # after the last stage reached: not read
        device=["tv", "mobile", "desktop", "tablet"],
    )
    stages = {"A": "a", "B": "b"}
    first = funnel(events, stages, by="device", attribution="first_touch")
    last = funnel(events, stages, by="device", attribution="last_touch")
    assert set(first["device"]) == {"mobile"}  # the old engine said tv
    assert set(last["device"]) == {"desktop"}  # the old engine said tablet


def test_entry_attribution_takes_the_chain_that_completes_the_deepest_stage() -> None:
    # two anchors reach B with the same b: the latest anchor (desktop) is the chain whose time is reported
    events = log(("u1", 0, "a"), ("u1", 50, "a"), ("u1", 60, "b"), device=["mobile", "desktop", "desktop"])
    result = funnel(events, {"A": "a", "B": "b"}, by="device")
    assert set(result["device"]) == {"desktop"}
    assert result["ttc_first_median_s"].iloc[1] == 10.0
    opened = funnel(events, {"A": "a", "B": "b"}, by="device", open=True)
    assert set(opened["device"]) == {"desktop"}  # the same rule in open funnels (the old engine: first event)


def test_breakdown_works_on_text_columns_with_every_pandas() -> None:
    events = log(("u1", 0, "a"), ("u1", 10, "b"), ("u2", 0, "a"), device=["mobile", "mobile", "desktop"])
    result = funnel(events, {"A": "a", "B": "b"}, by="device", engine="pandas")
    assert dict(zip(zip(result["device"], result["stage"], strict=True), result["reached"], strict=True)) == {
        ("desktop", "A"): 1,
        ("desktop", "B"): 0,
        ("mobile", "A"): 1,
        ("mobile", "B"): 1,
    }


# date ranges and time zones


def test_date_range_is_read_in_the_logs_zone() -> None:
    # 23:30 on 1 March in New York is 04:30 on 2 March in UTC
    naive = pd.DataFrame(
        {
            "user_id": ["u1", "u1"],
            "timestamp": pd.to_datetime(["2026-03-01 23:30", "2026-03-01 23:40"]),
            "event": ["a", "b"],
        }
    )
    stages = {"A": "a", "B": "b"}
    in_march_2 = funnel(naive, stages, tz="America/New_York", date_range=("2026-03-02", None))
    assert reached(in_march_2) == [0, 0]  # the old engine read the bound as UTC and counted u1
    in_march_1 = funnel(naive, stages, tz="America/New_York", date_range=("2026-03-01", "2026-03-02"))
    assert reached(in_march_1) == [1, 1]
    assert in_march_1.attrs["date_range"][0] == "2026-03-01T00:00:00-05:00"
    aware = naive.assign(timestamp=naive["timestamp"].dt.tz_localize("America/New_York"))
    assert reached(funnel(aware, stages, date_range=("2026-03-02", None))) == [0, 0]


# result dtypes


def test_rates_and_times_are_float64_with_nan_where_undefined() -> None:
    events = log(("u1", 0, "a"), ("u2", 0, "a"))
    result = funnel(events, {"A": "a", "B": "b", "C": "c"})
    for column in ("conv_from_prev", "conv_from_first", "ttc_first_median_s", "ttc_prev_mean_s"):
        assert result[column].dtype == np.float64, column
    assert _nan_list(result["conv_from_prev"]) == [1.0, 0.0, None]
    opened = funnel(events, {"A": "a", "B": "b"}, open=True)
    assert opened["completion_rate"].dtype == np.float64
    assert _nan_list(opened["completion_rate"]) == [0.0, None]


# plotly


def test_to_plotly_keeps_two_stages_with_the_same_name_apart() -> None:
    pytest.importorskip("plotly")
    events = log(("u1", 0, "a"), ("u1", 10, "b"), ("u2", 0, "a"))
    journey = jw.Journey("Twice")
    journey.add_stage("Visit", events=["a"])
    journey.add_stage("Visit", events=["b"])
    figure = journey.bind(events).to_plotly()
    assert list(figure.data[0].x) == [2, 1]
    assert len(set(figure.data[0].y)) == 2
    assert list(figure.layout.yaxis.ticktext) == ["Visit", "Visit"]


# inputs that must never break a funnel, and engines chosen by what can take the input


def test_a_column_the_funnel_never_reads_never_breaks_it() -> None:
    events = log(("u1", 0, "a"), ("u1", 10, "b"), odd=[{"nested": [1]}, 3.5])  # a mixed, nested column
    for engine in ("auto", "pandas", "polars", "duckdb"):
        if engine in {"polars", "duckdb"}:
            pytest.importorskip(engine)
            pytest.importorskip("pyarrow")
        assert reached(funnel(events, {"A": "a", "B": "b"}, engine=engine)) == [1, 1], engine


def test_auto_engine_stays_on_pandas_without_pyarrow(monkeypatch: pytest.MonkeyPatch) -> None:
    from journeywidgets.data import backend  # noqa: PLC0415 - the module whose lookup is patched

    installed = backend._installed
    monkeypatch.setattr(backend, "_installed", lambda module: module != "pyarrow" and installed(module))
    events = log(("u1", 0, "a"), ("u1", 10, "b"))
    result = funnel(events, {"A": "a", "B": "b"})
    assert result.attrs["engine"] == "pandas"
    assert reached(result) == [1, 1]
    if installed("polars"):
        with pytest.raises(jw.JourneyError, match="needs pyarrow") as raised:
            funnel(events, {"A": "a"}, engine="polars")
        assert raised.value.path == "engine"


def test_zones_with_underscores_work_on_every_pandas() -> None:
    events = log(("u1", 0, "a"), ("u1", 10, "b"))
    events["timestamp"] = events["timestamp"].dt.tz_convert("America/New_York")
    result = funnel(events, {"A": "a", "B": "b"}, engine="pandas")
    assert reached(result) == [1, 1]
    assert result.attrs["timezone"] == "America/New_York (compared as UTC instants)"


def test_duplicate_column_names_are_refused_by_name() -> None:
    events = log(("u1", 0, "a"))
    doubled = pd.concat([events, events[["event"]]], axis=1)
    with pytest.raises(jw.JourneyError, match="two columns named 'event'") as raised:
        funnel(doubled, {"A": "a"})
    assert raised.value.path == "event"
