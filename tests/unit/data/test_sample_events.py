"""The built-in event log: deterministic, realistic, and matching the sample journey."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from journeywidgets import funnel, sample_events, sample_journey


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return sample_events(n_users=3_000, seed=7)


def test_deterministic_and_seeded(events: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(events, sample_events(n_users=3_000, seed=7))
    assert not events.equals(sample_events(n_users=3_000, seed=8))


def test_every_stage_event_of_the_sample_journey_occurs(events: pd.DataFrame) -> None:
    journey_events = {name for stage in sample_journey().stages for name in stage.events}
    assert journey_events <= set(events["event"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)  # ours (an unknown stage event, say); not the libraries'
        result = sample_journey().bind(events).metrics
    reached = result["reached"].tolist()
    assert reached == sorted(reached, reverse=True)
    assert reached[-1] > 0


def test_it_has_what_real_logs_have(events: pd.DataFrame) -> None:
    assert not events["timestamp"].is_monotonic_increasing  # some rows arrive late
    assert events.duplicated(["user_id", "timestamp"]).any()  # equal timestamps happen
    first_event = events.sort_values("timestamp", kind="stable").groupby("user_id")["event"].first()
    assert (first_event == "product_view").any()  # some users enter mid-funnel
    assert (events.groupby("user_id")["event"].apply(lambda e: (e == "ad_click").sum()) > 1).any()  # returning visits
    scores = events["satisfaction"].dropna()
    assert set(scores.unique()) <= {1.0, 2.0, 3.0, 4.0, 5.0}
    assert (events.loc[events["event"] == "checkout_completed", "revenue"] > 0).all()
    assert events["revenue"].notna().sum() == (events["event"] == "checkout_completed").sum()


def test_personas_differ_as_their_stories_say(events: pd.DataFrame) -> None:
    journey = sample_journey()
    rates = {}
    for persona in journey.personas:
        table = funnel(events, journey, segment=persona.segment)
        assert table["reached"].iloc[0] > 50, persona.id
        rates[persona.id] = table.set_index("stage_id")["conv_from_prev"]
    overall = funnel(events, journey).set_index("stage_id")["conv_from_prev"]
    assert rates["elena"]["experience"] >= overall["experience"]  # loyal customers do better
    assert rates["raj"]["purchase"] < overall["purchase"]  # deal hunters leave for a cheaper offer


@pytest.mark.parametrize("bad", [0, -3, 2.5, True])
def test_bad_sizes_are_rejected(bad: object) -> None:
    with pytest.raises(ValueError, match="n_users must be a positive integer"):
        sample_events(n_users=bad)  # type: ignore[arg-type]
