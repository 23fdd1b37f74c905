"""paths() and transitions(): the events around a stage, and the directly-follows graph, on every engine."""

from __future__ import annotations

import warnings
from typing import Any

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets.data.paths import PATH_COLUMNS, paths
from journeywidgets.data.transitions import TRANSITION_COLUMNS, transitions
from tests.unit.data.helpers import log, values
from tests.unit.data.test_cohorts import ENGINES

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")

STAGES = {"Visit": "visit", "Cart": "cart", "Buy": "buy"}
EVENTS = log(
    ("u1", 0, "visit"),
    ("u1", 5, "browse"),
    ("u1", 10, "cart"),
    ("u1", 15, "faq"),
    ("u1", 20, "buy"),
    ("u1", 30, "review"),
    ("u2", 0, "visit"),
    ("u2", 30, "cart"),
    ("u2", 40, "browse"),
    ("u3", 100, "visit"),  # never carts
    ("u5", 60, "cart"),  # rows out of time order: the canonical order is by time
    ("u5", 0, "visit"),
    ("u5", 50, "visit"),
    ("u5", 200, "buy"),
)


def _paths(table: pd.DataFrame) -> dict[str, int]:
    return dict(zip(table["path"], table["users"], strict=True))


def test_paths_after_a_stage_by_hand() -> None:
    table = paths(EVENTS, STAGES, "Cart", steps=2)
    assert list(table.columns) == [*PATH_COLUMNS[:1], "step_1", "step_2", *PATH_COLUMNS[1:]]
    # Cart is reached by u1 (at 10 s), u2 (30 s) and u5 (60 s); then their next two events
    assert table[["path", "users"]].to_dict("list") == {
        "path": ["browse → (end)", "buy → (end)", "faq → buy"],
        "users": [1, 1, 1],
    }
    assert table["share"].tolist() == pytest.approx([1 / 3] * 3)
    assert table[["step_1", "step_2"]].iloc[0].tolist() == ["browse", "(end)"]
    assert table.attrs["users"] == 3
    three = paths(EVENTS, STAGES, "Cart", steps=3)
    assert values(three[three["path"] == "browse → (end)"]["step_3"]) == [None]  # the marker once, then nothing
    assert _paths(three)["faq → buy → review"] == 1
    assert _paths(paths(EVENTS, STAGES, "Visit", steps=3))["visit → cart → buy"] == 1  # u5 from its first visit


def test_paths_before_a_stage_by_hand() -> None:
    table = paths(EVENTS, STAGES, "Cart", direction="before", steps=2)
    # step_1 is the event right before the stage; the path reads in time order
    assert _paths(table) == {"visit → browse": 1, "(start) → visit": 1, "visit → visit": 1}
    u2 = table[table["path"] == "(start) → visit"].iloc[0]
    assert (u2["step_1"], u2["step_2"]) == ("visit", "(start)")
    first = paths(EVENTS, STAGES, 0, direction="before", steps=1)
    assert _paths(first) == {"(start)": 4}  # everyone's first event is their first visit


def test_top_paths_and_the_rest_as_other() -> None:
    table = paths(EVENTS, STAGES, "Cart", steps=2, top=2)
    assert table[["path", "users"]].to_dict("list") == {
        "path": ["browse → (end)", "buy → (end)", "(other)"],
        "users": [1, 1, 1],
    }
    assert values(table[["step_1", "step_2"]].iloc[2]) == [None, None]


def test_paths_follow_the_funnels_options_and_status() -> None:
    # a 20 s window: u2's cart is 30 s after its visit, u5's 10 s after its second visit
    windowed = paths(EVENTS, STAGES, "Cart", steps=1, window="20s")
    assert _paths(windowed) == {"buy": 1, "faq": 1}
    abandoned = paths(EVENTS, STAGES, "Cart", steps=1, status="abandoned")  # carted, never bought
    assert _paths(abandoned) == {"browse": 1}
    converted = paths(EVENTS, STAGES, "Cart", steps=1, status="converted")
    assert _paths(converted) == {"buy": 1, "faq": 1}
    planned = EVENTS.assign(plan=EVENTS["user_id"].map({"u1": "pro"}).fillna("free"))
    assert _paths(paths(planned, STAGES, "Cart", steps=1, segment="plan == 'pro'")) == {"faq": 1}


def test_nobody_at_the_stage_gives_an_empty_table() -> None:
    table = paths(EVENTS, {"Visit": "visit", "Pay": "pay"}, "Pay")
    assert table.empty
    assert table.attrs["users"] == 0


def test_transitions_by_hand() -> None:
    events = log(("u1", 0, "a"), ("u1", 10, "b"), ("u1", 20, "a"), ("u1", 40, "b"), ("u2", 5, "c"), ("u2", 0, "a"))
    events = pd.concat([events, log(("u3", 0, "b"))], ignore_index=True)
    table = transitions(events)
    assert list(table.columns) == list(TRANSITION_COLUMNS)
    assert table[["source", "target", "count", "units"]].to_dict("list") == {
        "source": ["a", "a", "b"],
        "target": ["b", "c", "a"],
        "count": [2, 1, 1],
        "units": [1, 1, 1],
    }
    assert table["proba_out"].tolist() == pytest.approx([2 / 3, 1 / 3, 1.0])
    assert table["time_median_s"].tolist() == [15.0, 5.0, 10.0]
    assert table["time_p95_s"].tolist() == pytest.approx([19.5, 5.0, 10.0])
    ends = transitions(events, path_ends=True).set_index(["source", "target"])
    assert ends.loc[("path_start", "a"), "count"] == 2
    assert ends.loc[("path_start", "b"), "count"] == 1
    assert ends.loc[("b", "path_end"), "units"] == 2
    assert ends.loc[("b", "path_end"), "proba_out"] == pytest.approx(2 / 3)  # b -> a once, b ends twice
    assert ends.loc[("a", "b"), "proba_out"] == pytest.approx(2 / 3)  # a never ends a path
    assert values(ends.loc[[("c", "path_end")], "time_median_s"]) == [None]


def test_transitions_keep_row_order_for_ties_and_read_a_segment() -> None:
    tied = log(("u1", 0, "b"), ("u1", 0, "a"), ("u1", 0, "c"), plan=["pro"] * 3)
    table = transitions(tied)
    assert list(zip(table["source"], table["target"], strict=True)) == [("a", "c"), ("b", "a")]
    assert transitions(tied, segment="plan == 'pro'").equals(table)
    assert table["time_median_s"].tolist() == [0.0, 0.0]


def test_bound_journeys_paths_and_transitions_follow_personas() -> None:
    journey = jw.Journey("Shop")
    for name, event in STAGES.items():
        journey.add_stage(name, id=name.lower(), events=[event])
    journey.add_persona("Pro", id="pro", segment="plan == 'pro'")
    planned = EVENTS.assign(plan=EVENTS["user_id"].map({"u1": "pro"}).fillna("free"))
    binding = journey.bind(planned, window="20s")
    assert _paths(binding.paths("cart", steps=1)) == {"buy": 1, "faq": 1}  # the binding's window
    assert _paths(binding.paths("cart", steps=1, persona="pro")) == {"faq": 1}
    assert _paths(binding.paths("cart", steps=1, window=None)) == {"browse": 1, "buy": 1, "faq": 1}
    pd.testing.assert_frame_equal(binding.transitions(), transitions(planned))
    pro = binding.transitions(persona="pro", path_ends=True)
    assert pro["count"].sum() == 7  # u1's six events: five pairs, a start and an end
    pd.testing.assert_frame_equal(pro, transitions(planned, segment="plan == 'pro'", path_ends=True))


@pytest.mark.parametrize("engine", list(ENGINES))
def test_engines_agree(engine: str) -> None:
    sample = jw.sample_events(n_users=150, seed=8)
    journey = jw.sample_journey()
    data = ENGINES[engine](sample)
    for options in ({"direction": "after", "steps": 3}, {"direction": "before", "steps": 2, "window": "7D"}):
        expected = paths(sample, journey, "consideration", engine="pandas", tie_policy="favorable", **options)
        result = paths(data, journey, "consideration", tie_policy="favorable", **options)
        pd.testing.assert_frame_equal(result, expected)
    expected = transitions(sample, engine="pandas", path_ends=True)
    pd.testing.assert_frame_equal(transitions(data, path_ends=True), expected)


def test_dask_is_refused_with_a_reason() -> None:
    dd = pytest.importorskip("dask.dataframe")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        data = dd.from_pandas(EVENTS, npartitions=2)
        for call in (lambda: paths(data, STAGES, "Cart"), lambda: transitions(data)):
            with pytest.raises(jw.UnsupportedBackendError, match="compute"):
                call()


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"stage": "Checkout"}, "stage"),
        ({"stage": "Cart", "direction": "around"}, "direction"),
        ({"stage": "Cart", "steps": 0}, "steps"),
        ({"stage": "Cart", "steps": True}, "steps"),
        ({"stage": "Cart", "top": 0}, "top"),
        ({"stage": "Cart", "status": "dropped"}, "status"),
        ({"stage": "Cart", "by": "device"}, "by"),
    ],
)
def test_bad_options_name_the_option(arguments: dict[str, Any], path: str) -> None:
    with pytest.raises(jw.FunnelDefinitionError) as raised:
        paths(EVENTS, STAGES, **arguments)
    assert raised.value.path == path
