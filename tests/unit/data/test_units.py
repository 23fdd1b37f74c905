"""Units other than the user (unit=): session funnels and Amplitude's "hold property constant".

Hand-made logs with answers worked out on paper, the brute-force reference keyed by (user, session),
and every engine agreeing.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets import funnel
from journeywidgets.data.errors import EventLogError, MissingColumnError
from tests.unit.data import reference
from tests.unit.data.helpers import log, reached, reference_rows

STAGES = {"Visit": "visit", "Cart": "cart", "Buy": "buy"}


def _sessions() -> pd.DataFrame:
    """a: s1 visit, cart; s2 visit, cart, buy. b: s1 visit; s3 cart (a cart in another session)."""
    return log(
        ("a", 0, "visit"),
        ("a", 10, "cart"),
        ("a", 100, "visit"),
        ("a", 110, "cart"),
        ("a", 120, "buy"),
        ("b", 5, "visit"),
        ("b", 50, "cart"),
        session_id=["s1", "s1", "s2", "s2", "s2", "s1", "s3"],
    )


def test_a_session_funnel_counts_each_users_sessions_and_keeps_every_stage_in_one_session() -> None:
    events = _sessions()
    by_user = funnel(events, STAGES)
    by_session = funnel(events, STAGES, unit="session_id")
    assert reached(by_user) == [2, 2, 1]  # b's cart in s3 follows the visit in s1
    # (a, s1) visit, cart; (a, s2) all three; (b, s1) visit; (b, s3) never entered. b's s1 is not a's s1.
    assert reached(by_session) == [3, 2, 1]
    assert by_session.attrs["unit"] == ["user", "session_id"]
    assert by_user.attrs["unit"] == ["user"]


def test_holding_a_property_constant_needs_every_stage_on_the_same_value() -> None:
    events = log(
        ("a", 0, "view"),
        ("a", 10, "buy"),  # a views shoes and buys a hat: not a conversion with the product held
        ("b", 0, "view"),
        ("b", 5, "view"),
        ("b", 20, "buy"),
        product=["shoes", "hat", "hat", "shoes", "shoes"],
    )
    stages = {"View": "view", "Buy": "buy"}
    assert reached(funnel(events, stages)) == [2, 2]
    held = funnel(events, stages, unit="product")
    assert reached(held) == [3, 1]  # (a, shoes), (b, hat), (b, shoes) viewed; only (b, shoes) bought


def test_rows_without_a_unit_are_left_out_and_counted() -> None:
    events = log(
        ("a", 0, "visit"),
        ("a", 5, "cart"),
        ("b", 0, "visit"),
        (None, 3, "visit"),
        session_id=["s1", None, "s1", "s9"],
    )
    result = funnel(events, {"Visit": "visit", "Cart": "cart"}, unit="session_id")
    assert reached(result) == [2, 0]
    assert result.attrs["dropped_null_unit"] == 1
    assert result.attrs["dropped_null_user"] == 1
    assert result.attrs["rows"] == 2


def test_integer_session_ids_make_the_same_units() -> None:
    events = _sessions()
    events["session_id"] = events["session_id"].str[1:].astype("int64")
    assert reached(funnel(events, STAGES, unit="session_id")) == [3, 2, 1]


def test_a_bad_unit_names_the_option_or_the_column() -> None:
    events = _sessions()
    with pytest.raises(MissingColumnError, match=r"unit column 'session'.*did you mean 'session_id'"):
        funnel(events, STAGES, unit="session")
    with pytest.raises(EventLogError, match="unit='timestamp' is the log's time column") as caught:
        funnel(events, STAGES, unit="timestamp")
    assert caught.value.path == "unit"
    with pytest.raises(EventLogError, match="unit must be 'user' or a column name"):
        funnel(events, STAGES, unit=3)
    assert reached(funnel(events, STAGES, unit="user_id")) == [2, 2, 1]  # the user column is the user


def test_users_at_a_stage_lists_each_unit_with_its_columns() -> None:
    events = _sessions()
    events["session_id"] = events["session_id"].str[1:].astype("int64")
    table = jw.users(events, STAGES, "Cart", unit="session_id")
    assert table[["user_id", "session_id"]].to_dict("list") == {"user_id": ["a", "a"], "session_id": [1, 2]}
    assert table["depth"].tolist() == [2, 3]
    abandoned = jw.users(events, STAGES, "Visit", "abandoned", unit="session_id")
    assert abandoned[["user_id", "session_id"]].to_dict("list") == {"user_id": ["b"], "session_id": [1]}
    nobody = jw.users(events, STAGES, "Buy", "abandoned", unit="session_id")
    assert len(nobody) == 0
    assert list(nobody.columns) == ["user_id", "session_id", "entry_time", "stage_time", "depth"]


def test_a_binding_counts_units_for_every_persona() -> None:
    events = _sessions()
    events["device"] = ["mobile", "mobile", "desktop", "desktop", "desktop", "mobile", "mobile"]
    journey = jw.Journey("Shop")
    for name, name_of_event in STAGES.items():
        journey.add_stage(name, id=name.lower(), events=[name_of_event])
    journey.add_persona("Mobile", id="mobile", segment="device == 'mobile'")
    binding = journey.bind(events, unit="session_id", background=False)
    assert binding.metrics["reached"].tolist() == [3, 2, 1]
    mobile = binding.persona_metrics["mobile"]
    assert mobile["reached"].tolist() == [2, 1, 0]  # the segment picks sessions: (a, s1) and (b, s1)
    assert len(binding.users("Cart")) == 2


def _random_sessions(seed: int, users: int = 30) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows, sessions = [], []
    for user in range(users):
        for _ in range(rng.integers(2, 10)):
            rows.append((f"u{user}", int(rng.integers(0, 12)) * 30, str(rng.choice(["a", "b", "c", "x"]))))
            sessions.append(f"s{rng.integers(0, 3)}")
    return log(*rows, session_id=sessions)


@pytest.mark.parametrize("mode", ["ordered", "strict", "any_order"])
@pytest.mark.parametrize("window", [None, 60])
def test_session_funnels_match_the_reference_keyed_by_user_and_session(mode: str, window: int | None) -> None:
    frame = _random_sessions(seed=5)
    keyed = frame.assign(user_id=frame["user_id"] + "/" + frame["session_id"])
    stages = {"A": "a", "B": ["b", "x"], "C": "c"}
    sets = [{"a"}, {"b", "x"}, {"c"}]
    expected = reference.closed(reference_rows(keyed), sets, mode, None if window is None else window * 1_000_000)
    span = None if window is None else f"{window}s"
    for kernel in ("auto", "relational"):
        result = funnel(frame, stages, mode=mode, window=span, unit="session_id", kernel=kernel)
        assert reached(result) == expected["reached"], (mode, window, kernel)
        medians = [None if pd.isna(v) else round(float(v), 6) for v in result["ttc_first_median_s"]]
        assert medians == [None if v is None else round(v, 6) for v in expected["ttc_first_median"]], kernel
