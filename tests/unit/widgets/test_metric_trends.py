"""A bound map's sparklines: each reach, conversion and drop-off metric per entry period, per stage and persona."""

from __future__ import annotations

import pytest
import traitlets

import journeywidgets as jw
from tests.unit.data.test_binding_analyses import _journey  # Visit, Cart, Buy and a "Repeat" persona
from tests.unit.widgets.test_stage_detail import DAYS  # two days of entries: u1, u2 on the first, u3, u4 after


def _bound() -> jw.Binding:
    journey = _journey()
    journey.add_metric("Reach", id="reach", kind="reach")
    journey.add_metric("Conversion", id="conv", kind="conversion", unit="%")
    journey.add_metric("Lost", id="lost", kind="dropoff", stage_ids=["cart", "buy"])
    journey.add_metric("Time", id="ttc", kind="time_to_convert")  # no per-period series: no sparkline
    return journey.bind(DAYS)


def test_each_funnel_metric_per_entry_day_for_everyone_and_a_persona() -> None:
    binding = _bound()
    view = jw.JourneyMap(binding.journey, binding=binding, trend_period="D")
    state = view.metric_trends
    assert [p["start"][:10] for p in state["periods"]] == ["2026-03-01", "2026-03-02"]
    assert state["metrics"]["reach"] == {"visit": [2, 2], "cart": [2, 1], "buy": [1, 0]}
    assert state["metrics"]["conv"] == {"visit": [1.0, 1.0], "cart": [1.0, 0.5], "buy": [0.5, 0.0]}
    assert state["metrics"]["lost"] == {"cart": [0, 1], "buy": [1, 1]}  # only the stages it names
    assert "ttc" not in state["metrics"]
    assert [p["complete"] for p in state["periods"]] == [True, False]  # the last event falls in the second day
    view.trend_period = "M"
    view.persona = "repeat"  # u1 and u3
    assert view.metric_trends["metrics"]["reach"] == {"visit": [2], "cart": [1], "buy": [1]}
    assert (view.metric_trends["persona"], view.metric_trends["period"]) == ("repeat", "M")


def test_no_sparklines_unless_asked_and_bound() -> None:
    binding = _bound()
    assert jw.JourneyMap(binding.journey, binding=binding).metric_trends == {}
    assert jw.JourneyMap(binding.journey, trend_period="W").metric_trends == {}
    view = jw.JourneyMap(binding.journey, binding=binding, trend_period="W")
    assert view.metric_trends["period"] == "W"
    view.trend_period = ""
    assert view.metric_trends == {}
    with pytest.raises(traitlets.TraitError):
        view.trend_period = "Y"


def test_the_page_may_ask_for_them_and_they_follow_the_binding() -> None:
    binding = _bound()
    view = jw.JourneyMap(binding.journey, binding=binding)
    view.set_state({"trend_period": "D"})
    assert view.metric_trends["metrics"]["reach"]["visit"] == [2, 2]
    binding.update(DAYS[DAYS["user_id"] != "u4"])
    assert view.metric_trends["metrics"]["reach"]["visit"] == [2, 1]
