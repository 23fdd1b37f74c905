"""Exclusion steps (exclude=): hand-made answers, the brute-force reference, and refusals that name the option."""

from __future__ import annotations

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets import funnel
from journeywidgets.data.errors import FunnelDefinitionError
from tests.unit.data import reference
from tests.unit.data.helpers import log, random_log, reached, reference_rows, values

STAGES = {"Visit": "visit", "Cart": "cart", "Buy": "buy"}
CALL = {"event": "support_call", "between": ("Cart", "Buy")}


def _calls() -> pd.DataFrame:
    return log(
        # u1: a call between cart and buy: excluded
        ("u1", 0, "visit"),
        ("u1", 10, "cart"),
        ("u1", 20, "support_call"),
        ("u1", 30, "buy"),
        # u2: the call comes after the purchase: kept
        ("u2", 0, "visit"),
        ("u2", 10, "cart"),
        ("u2", 30, "buy"),
        ("u2", 40, "support_call"),
        # u3: the call comes before the cart: kept (the exclusion is between Cart and Buy)
        ("u3", 0, "visit"),
        ("u3", 5, "support_call"),
        ("u3", 10, "cart"),
        ("u3", 30, "buy"),
        # u4: calls after the cart and never buys: excluded (no window: any time after the cart)
        ("u4", 0, "visit"),
        ("u4", 10, "cart"),
        ("u4", 20, "support_call"),
        # u5: the first attempt is excluded, the second converts in 20 s: kept, timed on the second
        ("u5", 0, "visit"),
        ("u5", 10, "cart"),
        ("u5", 20, "support_call"),
        ("u5", 30, "buy"),
        ("u5", 100, "visit"),
        ("u5", 110, "cart"),
        ("u5", 120, "buy"),
        # u6: the call is at the cart's instant, not after it: kept
        ("u6", 0, "visit"),
        ("u6", 10, "support_call"),
        ("u6", 10, "cart"),
        ("u6", 30, "buy"),
    )


def test_an_exclusion_between_two_stages_removes_the_attempt_and_a_user_with_none_left() -> None:
    events = _calls()
    assert reached(funnel(events, STAGES)) == [6, 6, 5]
    result = funnel(events, STAGES, exclude=CALL)
    assert reached(result) == [4, 4, 4]  # u2, u3, u5, u6: u1 and u4 are gone from every stage
    assert result.attrs["excluded_units"] == 2
    assert result.attrs["exclude"] == [{"event": ["support_call"], "between": ["Cart", "Buy"]}]
    assert result.attrs["kernel"] == "relational"
    # u5 is timed on its second attempt (100 s -> 120 s): times are 30, 30, 20, 30 s
    assert values(result["ttc_first_median_s"]) == [None, 10.0, 30.0]
    assert float(result["ttc_first_mean_s"].iloc[2]) == pytest.approx((30 + 30 + 20 + 30) / 4)


def test_without_reaching_the_end_stage_only_calls_inside_the_window_exclude() -> None:
    result = funnel(_calls(), STAGES, exclude=CALL, window="25s")
    # u1 (call at 20 s, buy at 30 s is outside the window) and u4 are excluded; u2's call at 40 s is
    # outside the window; only u5's second attempt buys inside 25 s
    assert reached(result) == [4, 4, 1]
    assert result.attrs["excluded_units"] == 2


def test_without_between_the_exclusion_spans_the_whole_funnel() -> None:
    result = funnel(_calls(), STAGES, exclude={"event": "support_call"})
    assert reached(result) == [2, 2, 2]  # u2 (the call is after buy) and u5's second attempt
    assert result.attrs["excluded_units"] == 4
    listed = funnel(_calls(), STAGES, exclude=[{"event": ["support_call", "refund"], "between": (0, 2)}])
    assert reached(listed) == [2, 2, 2]


def test_several_exclusions_each_disqualify_an_attempt() -> None:
    events = pd.concat([_calls(), log(("u7", 0, "visit"), ("u7", 2, "refund"), ("u7", 10, "cart"), ("u7", 30, "buy"))])
    two = [CALL, {"event": "refund", "between": ("Visit", "Cart")}]
    result = funnel(events.reset_index(drop=True), STAGES, exclude=two)
    assert reached(result) == [4, 4, 4]  # u7's refund between its visit and cart excludes it too
    assert result.attrs["excluded_units"] == 3
    assert reached(funnel(events.reset_index(drop=True), STAGES, exclude=CALL)) == [5, 5, 5]


def test_exclusions_apply_to_cohorts_and_bindings() -> None:
    events = _calls()
    assert sorted(jw.users(events, STAGES, "Buy", exclude=CALL)["user_id"]) == ["u2", "u3", "u5", "u6"]
    journey = jw.Journey("Shop")
    for name, event in STAGES.items():
        journey.add_stage(name, id=name.lower(), events=[event])
    binding = journey.bind(events, exclude=CALL, background=False)
    assert binding.metrics["reached"].tolist() == [4, 4, 4]
    assert binding.time_to_convert("buy").users == 4
    assert binding.trend("D")["reached"].tolist() == [4, 4, 4]
    assert binding.paths("cart")["users"].sum() == 4  # the paths of the users the funnel counts
    binding.set_options(exclude=None)
    assert binding.metrics["reached"].tolist() == [6, 6, 5]


@pytest.mark.parametrize(
    ("exclude", "message"),
    [
        ({"event": "x", "between": ("Buy", "Cart")}, "between must name two stages in funnel order"),
        ({"event": "x", "between": ("Cart", "Pay")}, "stage must be a stage id, name or position"),
        ({"event": "x", "between": "Cart"}, "between must be two stages"),
        ({"events": "x"}, "unknown key 'events'"),
        ({"event": ""}, "'event' must be an event name"),
        ("support_call", "must be a mapping"),
        ([], "is an empty list"),
    ],
)
def test_a_bad_exclusion_names_the_option(exclude: object, message: str) -> None:
    with pytest.raises(FunnelDefinitionError, match=message) as caught:
        funnel(_calls(), STAGES, exclude=exclude)
    assert caught.value.path == "exclude"


@pytest.mark.parametrize("options", [{"open": True}, {"mode": "any_order"}])
def test_exclusions_are_refused_where_between_has_no_single_meaning(options: dict[str, object]) -> None:
    with pytest.raises(FunnelDefinitionError, match="closed ordered and strict funnels"):
        funnel(_calls(), STAGES, exclude=CALL, **options)


def _random_log(seed: int) -> pd.DataFrame:
    return random_log(seed, events=("a", "b", "c", "x", "z"), most=10)


@pytest.mark.parametrize("mode", ["ordered", "strict"])
@pytest.mark.parametrize("window", [None, 90])
@pytest.mark.parametrize("between", [(0, 1), (1, 2), (0, 2)])
def test_exclusions_match_the_brute_force_reference(mode: str, window: int | None, between: tuple[int, int]) -> None:
    frame = _random_log(seed=3)
    stages = {"A": "a", "B": ["b", "x"], "C": "c"}
    sets = [{"a"}, {"b", "x"}, {"c"}]
    micros = None if window is None else window * 1_000_000
    expected = reference.closed(reference_rows(frame), sets, mode, micros, exclude=[({"z"}, *between)])
    result = funnel(
        frame,
        stages,
        mode=mode,
        window=None if window is None else f"{window}s",
        exclude={"event": "z", "between": between},
    )
    assert reached(result) == expected["reached"]
    assert result.attrs["excluded_units"] == expected["excluded"]
    medians = [None if pd.isna(v) else round(float(v), 6) for v in result["ttc_first_median_s"]]
    assert medians == [None if v is None else round(v, 6) for v in expected["ttc_first_median"]]
