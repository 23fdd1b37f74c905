"""KPIs and next actions follow the funnel's options; a binding checks options before it keeps them."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.kpis import kpis_by_segment, stage_kpis
from tests.unit.data.helpers import log, values
from tests.unit.data.test_cohorts import ENGINES

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")


def _journey() -> jw.Journey:
    journey = jw.Journey("Shop")
    journey.add_stage("Visit", id="visit", events=["visit"])
    journey.add_stage("Buy", id="buy", events=["buy"])
    journey.add_metric("CSAT", id="csat", kind="csat", column="score")
    journey.add_persona("Mobile", id="mobile", segment="device == 'mobile'")
    return journey


EVENTS = log(
    ("u1", 0, "visit"),
    ("u1", 60, "buy"),  # in the funnel at Buy: score 5
    ("u2", 0, "buy"),  # never visited: not in the funnel, score 1
    ("u3", 3600 * 30, "visit"),  # a day later
    ("u3", 3600 * 30 + 60, "buy"),  # score 3
    score=[None, 5.0, 1.0, None, 3.0],
    device=["mobile", "mobile", "desktop", "desktop", "desktop"],
)


def test_kpis_read_only_the_users_the_funnel_counts_unless_asked() -> None:
    journey = _journey()
    by_stage = stage_kpis(EVENTS, journey).set_index("stage_id")["csat"]
    assert by_stage["buy"] == 4.0  # u1 and u3; u2 never entered (the old code said 3.0)
    everyone = stage_kpis(EVENTS, journey, population="all").set_index("stage_id")["csat"]
    assert everyone["buy"] == 3.0
    with pytest.raises(jw.JourneyError, match="population must be one of") as raised:
        stage_kpis(EVENTS, journey, population="some")
    assert raised.value.path == "population"


def test_binding_kpis_and_next_actions_use_the_bindings_options() -> None:
    journey = _journey()
    late = journey.bind(EVENTS, date_range=("2026-03-02", None))  # only u3 enters
    assert late.kpis().set_index("stage_id")["csat"]["buy"] == 3.0
    assert late.kpis("mobile").set_index("stage_id")["csat"].isna().all()  # u1 entered before the range
    windowed = journey.bind(EVENTS, window="30s")  # nobody buys within 30 s: everyone stopped at Visit
    actions = windowed.next_actions()
    assert actions.to_dict("list") == {
        "stage": ["Visit"],
        "stage_id": ["visit"],
        "next_event": ["buy"],
        "users": [2],
        "share": [1.0],
    }  # both bought, but outside the window: they stopped at Visit, and buying was what they did next
    assert math.isnan(windowed.kpis().set_index("stage_id")["csat"]["buy"])


def test_next_actions_take_a_segment_in_the_function_and_the_binding() -> None:
    events = log(
        ("u1", 0, "visit"),
        ("u1", 5, "help"),
        ("u2", 0, "visit"),
        ("u2", 5, "search"),
        device=["mobile", "mobile", "desktop", "desktop"],
    )
    stages = {"Visit": "visit", "Buy": "buy"}
    mobile = jw.next_actions(events, stages, segment="device == 'mobile'")
    assert mobile[["next_event", "users"]].to_dict("list") == {"next_event": ["help"], "users": [1]}
    journey = jw.Journey("Shop")
    journey.add_stage("Visit", events=["visit"])
    journey.add_stage("Buy", events=["buy"])
    journey.add_persona("Desktop", id="desktop", segment="device == 'desktop'")
    table = journey.bind(events).next_actions(persona="desktop")
    assert table["next_event"].tolist() == ["search"]


def test_set_options_checks_before_it_keeps_anything() -> None:
    binding = _journey().bind(EVENTS)
    before = binding.metrics.copy()
    for bad, path in [({"by": 5}, "by"), ({"windw": "1D"}, "windw"), ({"mode": "ordred"}, "mode")]:
        with pytest.raises(jw.JourneyError) as raised:
            binding.set_options(**bad)
        assert raised.value.path == path
        assert binding.funnel_options == {}
        pd.testing.assert_frame_equal(binding.metrics, before)
    with pytest.raises(jw.JourneyError, match="did you mean 'window'"):
        _journey().bind(EVENTS, windw="1D")


def test_a_recompute_that_fails_sets_the_error_that_views_show() -> None:
    journey = _journey()
    binding = journey.bind(EVENTS)
    view = jw.FunnelView(binding)
    journey.update_persona("mobile", segment="plan == 'pro'")  # a column the log does not have
    binding._recompute()  # the debounced recompute, now
    assert binding.error is not None
    assert "plan" in str(binding.error)
    assert "plan" in view.error
    journey.update_persona("mobile", segment="device == 'mobile'")
    binding._recompute()
    assert binding.error is None
    assert view.error == ""


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_the_kpis_of_every_segment_in_one_query_are_each_segments_own(engine: str) -> None:
    """A binding asks for all users' and every persona's KPIs in one query: each table is the one stage_kpis gives."""
    journey = _journey()
    segments = {None: None, "mobile": "device == 'mobile'", "desktop": "device == 'desktop'", "none": "device == 'tv'"}
    tables = kpis_by_segment(EventLog(ENGINES[engine](EVENTS)), journey, segments)
    csat = {key: values(table.set_index("stage_id")["csat"]) for key, table in tables.items()}
    # u1 (mobile) scores 5 at Buy, u3 (desktop) 3; u2 never entered; no score at Visit
    assert csat == {None: [None, 4.0], "mobile": [None, 5.0], "desktop": [None, 3.0], "none": [None, None]}
    for key, segment in segments.items():
        alone = stage_kpis(EventLog(ENGINES[engine](EVENTS)), journey, segment=segment)
        pd.testing.assert_frame_equal(tables[key], alone)
