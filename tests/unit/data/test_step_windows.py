"""Per-step windows (step_window=, GA4's "within X of the prior step"): hand-made answers, the exhaustive reference."""

from __future__ import annotations

import pandas as pd
import pytest

from journeywidgets import funnel
from journeywidgets.data.errors import FunnelDefinitionError
from tests.unit.data import reference
from tests.unit.data.helpers import log, random_log, reached, reference_rows, values

STAGES = {"Visit": "visit", "Cart": "cart", "Buy": "buy"}


def _carts() -> pd.DataFrame:
    return log(
        # u1: the first cart is too early for the buy (120 s); the second cart reaches it in 30 s
        ("u1", 0, "visit"),
        ("u1", 10, "cart"),
        ("u1", 100, "cart"),
        ("u1", 130, "buy"),
        # u2: buys 90 s after the cart: too late
        ("u2", 0, "visit"),
        ("u2", 10, "cart"),
        ("u2", 100, "buy"),
        # u3: buys exactly 60 s after the cart: inclusive
        ("u3", 0, "visit"),
        ("u3", 50, "cart"),
        ("u3", 110, "buy"),
    )


def test_a_later_step_can_reach_what_the_earliest_cannot() -> None:
    result = funnel(_carts(), STAGES, step_window={"Buy": "60s"})
    assert reached(result) == [3, 3, 2]  # greedy (the first cart) would miss u1
    assert values(result["ttc_first_median_s"]) == [None, 10.0, 120.0]  # Buy: 130 s (u1), 110 s (u3)
    assert values(result["ttc_prev_median_s"]) == [None, 10.0, 45.0]  # Buy: 30 s from u1's second cart, 60 s
    assert result.attrs["step_window_s"] == {"Buy": 60.0}
    assert result.attrs["kernel"] == "relational"
    assert reached(funnel(_carts(), STAGES)) == [3, 3, 3]


def test_strict_chains_take_the_step_window_as_one_more_condition() -> None:
    # u1's next event after its first cart is another cart: the strict chain ends there
    assert reached(funnel(_carts(), STAGES, mode="strict", step_window={"Buy": "60s"})) == [3, 3, 1]


def test_the_overall_window_and_the_step_windows_must_both_hold() -> None:
    assert reached(funnel(_carts(), STAGES, step_window={"Buy": "60s"}, window="2min")) == [3, 3, 1]


def test_each_step_is_measured_from_the_stage_the_chain_reached() -> None:
    # Cart within 20 s: u1's second cart (100 s) is no Cart of its chain, so its buy is 120 s after the Cart
    both = funnel(_carts(), STAGES, step_window={"Cart": "20s", "Buy": "60s"})
    assert reached(both) == [3, 2, 0]
    listed = funnel(_carts(), STAGES, step_window=[None, "20s", "60s"])
    assert reached(listed) == [3, 2, 0]


def test_an_open_funnel_applies_step_windows_to_chains_entering_later() -> None:
    events = pd.concat([_carts(), log(("u4", 0, "cart"), ("u4", 30, "buy"), ("u5", 0, "cart"), ("u5", 90, "buy"))])
    result = funnel(events.reset_index(drop=True), STAGES, open=True, step_window={"Buy": "60s"})
    assert reached(result) == [3, 5, 5]  # every buyer enters at Buy at least
    # from Cart on to Buy within 60 s: u1 (its second cart), u3, and u4 entering at Cart; not u2 or u5
    assert result["continued"].tolist()[:2] == [3, 3]


@pytest.mark.parametrize(
    ("step_window", "message"),
    [
        ({"Visit": "1h"}, "stage 'Visit' is the first stage"),
        ({"Pay": "1h"}, "stage must be a stage id, name or position"),
        (["1h"], "a list needs one entry per stage"),
        ({"Buy": 5}, r"step_window\['Buy'\] must be"),
        ("1h", "must be {stage: window}"),
    ],
)
def test_a_bad_step_window_names_the_option(step_window: object, message: str) -> None:
    with pytest.raises(FunnelDefinitionError, match=message):
        funnel(_carts(), STAGES, step_window=step_window)


def test_any_order_funnels_refuse_step_windows() -> None:
    with pytest.raises(FunnelDefinitionError, match="any-order funnels have no prior step") as caught:
        funnel(_carts(), STAGES, mode="any_order", step_window={"Buy": "1h"})
    assert caught.value.path == "step_window"


def _random_log(seed: int) -> pd.DataFrame:
    return random_log(seed, slots=40, step=15)


@pytest.mark.parametrize("mode", ["ordered", "strict"])
@pytest.mark.parametrize("window", [None, 300])
@pytest.mark.parametrize("steps", [(None, 60, None), (None, None, 45), (None, 90, 30)])
def test_step_windows_match_the_exhaustive_reference(
    mode: str, window: int | None, steps: tuple[int | None, ...]
) -> None:
    frame = _random_log(seed=11)
    stages = {"A": "a", "B": ["b", "x"], "C": ["c", "x"]}
    sets = [{"a"}, {"b", "x"}, {"c", "x"}]
    micros = [None if s is None else s * 1_000_000 for s in steps]
    expected = reference.closed_with_steps(
        reference_rows(frame), sets, micros, mode, None if window is None else window * 1_000_000
    )
    result = funnel(
        frame,
        stages,
        mode=mode,
        window=None if window is None else f"{window}s",
        step_window=[None if s is None else f"{s}s" for s in steps],
    )
    assert reached(result) == expected["reached"]
    for column, key in (("ttc_first_median_s", "ttc_first_median"), ("ttc_prev_median_s", "ttc_prev_median")):
        got = [None if pd.isna(v) else round(float(v), 6) for v in result[column]]
        assert got == [None if v is None else round(v, 6) for v in expected[key]], column
