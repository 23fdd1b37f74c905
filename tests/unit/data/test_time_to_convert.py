"""time_to_convert(): the histogram and percentiles behind the funnel's time to convert."""

from __future__ import annotations

import math
from typing import Any

import pytest

import journeywidgets as jw
from journeywidgets.data.time_to_convert import time_to_convert
from tests.unit.data.helpers import log
from tests.unit.data.test_cohorts import ENGINES

STAGES = {"Visit": "visit", "Cart": "cart", "Buy": "buy"}
EVENTS = log(
    ("u1", 0, "visit"),
    ("u1", 10, "cart"),
    ("u1", 40, "buy"),  # 40 s
    ("u2", 0, "visit"),
    ("u2", 5, "cart"),
    ("u2", 100, "buy"),  # 100 s
    ("u3", 0, "visit"),
    ("u3", 50, "visit"),  # the latest entry before the cart: 20 s to Cart, 70 s to Buy
    ("u3", 70, "cart"),
    ("u3", 120, "buy"),
    ("u4", 0, "visit"),
    ("u4", 300, "cart"),
    ("u4", 400, "buy"),  # 400 s
    ("u5", 0, "visit"),  # never converts
)


def test_histogram_and_percentiles_by_hand() -> None:
    result = time_to_convert(EVENTS, STAGES, "Buy", bins=[0, 60, 120, 600])
    # seconds to Buy: 40, 100, 70, 400 -> sorted 40, 70, 100, 400
    assert result.users == 4
    assert result.histogram.to_dict("list") == {
        "left_s": [0.0, 60.0, 120.0],
        "right_s": [60.0, 120.0, 600.0],
        "users": [1, 2, 1],
        "share": [0.25, 0.5, 0.25],
    }
    # linear interpolation over 40, 70, 100, 400: p25 at 0.75 -> 62.5; p50 -> 85; p75 at 2.25 -> 175; p90 at 2.7 -> 310
    assert result.percentiles == pytest.approx({"p25": 62.5, "p50": 85.0, "p75": 175.0, "p90": 310.0})
    assert result.mean_s == pytest.approx(152.5)
    assert result.percentiles["p50"] == jw.funnel(EVENTS, STAGES)["ttc_first_median_s"].iloc[2]


def test_equal_bins_durations_windows_and_outside() -> None:
    even = time_to_convert(EVENTS, STAGES, "Cart", bins=3)  # 10, 5, 20, 300: three bins of 100 s
    assert even.histogram["users"].tolist() == [3, 0, 1]
    assert even.histogram["right_s"].iloc[-1] == 300.0
    timed = time_to_convert(EVENTS, STAGES, 2, bins=["0s", "1min", "2min"])
    assert timed.histogram["users"].tolist() == [1, 2]
    assert timed.outside == 1  # u4's 400 s
    windowed = time_to_convert(EVENTS, STAGES, "Buy", bins=2, window="2min")  # u4 is out of the window
    assert windowed.users == 3
    nobody = time_to_convert(EVENTS, {"Visit": "visit", "Pay": "pay"}, "Pay", bins=2)
    assert nobody.users == 0
    assert math.isnan(nobody.percentiles["p50"])


@pytest.mark.parametrize("engine", list(ENGINES))
def test_engines_agree_with_the_funnel(engine: str) -> None:
    sample = jw.sample_events(n_users=300, seed=4)
    journey = jw.sample_journey()
    expected = jw.funnel(sample, journey, window="7D", engine="pandas", tie_policy="favorable")
    result = time_to_convert(ENGINES[engine](sample), journey, "purchase", bins=5, window="7D", tie_policy="favorable")
    row = expected.set_index("stage_id").loc["purchase"]
    assert result.users == row["reached"]
    assert result.percentiles["p50"] == pytest.approx(row["ttc_first_median_s"])
    assert result.mean_s == pytest.approx(row["ttc_first_mean_s"])


@pytest.mark.parametrize(
    ("options", "path"),
    [
        ({"stage": "Visit"}, "stage"),
        ({"stage": "Pay"}, "stage"),
        ({"stage": "Buy", "bins": 0}, "bins"),
        ({"stage": "Buy", "bins": [10, 5]}, "bins"),
        ({"stage": "Buy", "bins": ["soon", "later"]}, "bins"),
        ({"stage": "Buy", "open": True}, "open"),
    ],
)
def test_bad_options_name_the_option(options: dict[str, Any], path: str) -> None:
    with pytest.raises(jw.FunnelDefinitionError) as raised:
        time_to_convert(EVENTS, STAGES, **options)
    assert raised.value.path == path
