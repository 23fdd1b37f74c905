"""A bound journey's analyses (users, trend, compare_periods, time_to_convert) follow its options and personas."""

from __future__ import annotations

import pandas as pd
import pytest

import journeywidgets as jw
from tests.unit.data.test_cohorts import EVENTS
from tests.unit.data.test_compare import EVENTS as AB_EVENTS


def _journey() -> jw.Journey:
    journey = jw.Journey("Shop")
    journey.add_stage("Visit", id="visit", events=["visit"])
    journey.add_stage("Cart", id="cart", events=["cart"])
    journey.add_stage("Buy", id="buy", events=["buy"])
    journey.add_persona("Repeat", id="repeat", segment="plan == 'repeat'")
    return journey


PLANS = EVENTS.assign(plan=EVENTS["user_id"].map(lambda u: "repeat" if u in {"u1", "u5"} else "new"))


def test_users_and_time_to_convert_on_a_bound_journey() -> None:
    binding = _journey().bind(PLANS, window="30s")
    assert sorted(binding.users("cart")["user_id"]) == ["u1", "u2", "u5"]
    assert sorted(binding.users("buy")["user_id"]) == ["u1"]  # the binding's window applies
    assert sorted(binding.users("cart", "abandoned", persona="repeat")["user_id"]) == ["u5"]
    assert sorted(binding.users("cart", window=None)["user_id"]) == ["u1", "u2", "u5"]
    for row in binding.metrics.itertuples():
        assert len(binding.users(row.stage_id)) == row.reached
    result = binding.time_to_convert("cart", bins=[0, 15, 60])
    assert result.histogram["users"].tolist() == [2, 1]  # 10 s, 30 s, 10 s
    assert result.percentiles["p50"] == 10.0
    opened = _journey().bind(PLANS, open=True)
    assert len(opened.users("cart")) == 4  # u4 enters at Cart
    assert opened.time_to_convert("cart", open=False).users == 3  # the closed funnel, asked for


def test_closed_funnel_analyses_refuse_an_open_binding_alike() -> None:
    """trend, compare_periods and time_to_convert follow closed funnels: an open binding raises, naming open."""
    opened = _journey().bind(PLANS, open=True)
    calls = {
        "trend": lambda **extra: opened.trend("D", **extra),
        "compare_periods": lambda **extra: opened.compare_periods(
            ("2026-02-28", "2026-03-01"), ("2026-03-01", "2026-03-02"), **extra
        ),
        "time_to_convert": lambda **extra: opened.time_to_convert("cart", **extra),
    }
    for name, call in calls.items():
        with pytest.raises(jw.FunnelDefinitionError, match=f"^{name} follows closed funnels") as raised:
            call()
        assert raised.value.path == "open"
        call(open=False)  # the closed funnel, asked for explicitly


def test_compare_periods_on_a_binding_refuses_an_explicit_date_range() -> None:
    binding = _journey().bind(PLANS, date_range=("2026-02-28", "2026-03-02"))
    binding.compare_periods(("2026-02-28", "2026-03-01"), ("2026-03-01", "2026-03-02"))  # its own is replaced
    with pytest.raises(jw.FunnelDefinitionError) as raised:
        binding.compare_periods(
            ("2026-02-28", "2026-03-01"), ("2026-03-01", "2026-03-02"), date_range=("2026-01-01", "2026-01-02")
        )
    assert raised.value.path == "date_range"


def test_trend_and_compare_periods_on_a_bound_journey() -> None:
    journey = jw.Journey("AB")
    journey.add_stage("Visit", events=["visit"])
    journey.add_stage("Buy", events=["buy"])
    journey.add_persona("B", id="b", segment="variant == 'B'")
    binding = journey.bind(AB_EVENTS, date_range=("2026-03-01", "2026-03-05"))
    daily = binding.trend("D")
    assert daily["reached"].iloc[:2].tolist() == [80, 48]  # only the date range's entries (Mar 1)
    assert daily["period"].iloc[0] == pd.Timestamp("2026-03-01", tz="UTC")
    table = binding.compare_periods(("2026-03-01", "2026-03-02"), ("2026-03-10", "2026-03-11"))
    buy = table.iloc[1]
    assert (buy["ci_low"], buy["ci_high"]) == pytest.approx((0.0524, 0.3339), abs=5e-5)
    only_b = binding.compare_periods(("2026-03-01", "2026-03-02"), ("2026-03-10", "2026-03-11"), persona="b")
    assert only_b["entered_b"].iloc[0] == 0  # variant B entered on Mar 1 only
    with pytest.raises(jw.FunnelDefinitionError) as raised:
        binding.trend("Q")
    assert raised.value.path == "freq"
