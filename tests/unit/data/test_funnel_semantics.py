"""Funnel semantics on hand-made logs whose answers can be checked by eye (metric-semantics.md §2)."""

from __future__ import annotations

import pytest

from journeywidgets import funnel
from tests.unit.data.helpers import log, reached, values

# fmt: off  (the hand-made logs below are laid out one user per line, with comments)
# logs that never contain some stage's event are the point of several tests here
pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")

ABC = {"A": "a", "B": "b", "C": "c"}


def test_ordered_counts_rates_and_dropoff() -> None:
    events = log(
        ("u1", 0, "a"),
        ("u1", 10, "b"),
        ("u1", 20, "c"),
        ("u2", 0, "a"),
        ("u2", 5, "c"),  # skips B: stops after A
        ("u3", 0, "a"),
        ("u3", 30, "b"),
        ("u4", 0, "x"),
    )  # never enters
    result = funnel(events, ABC)
    assert reached(result) == [3, 2, 1]
    assert result["conv_from_prev"].tolist() == [1.0, 2 / 3, 0.5]
    assert result["conv_from_first"].tolist() == [1.0, 2 / 3, 1 / 3]
    assert result["dropoff"].tolist() == [0, 1, 1]
    assert result["stage"].tolist() == ["A", "B", "C"]


def test_time_to_convert_is_median_interpolated_and_from_the_same_chain() -> None:
    events = log(("u1", 0, "a"), ("u1", 10, "b"), ("u1", 40, "c"), ("u2", 0, "a"), ("u2", 20, "b"), ("u2", 30, "c"))
    result = funnel(events, ABC, ttc_p90=True)
    assert values(result["ttc_first_median_s"]) == [None, 15.0, 35.0]
    assert values(result["ttc_prev_median_s"]) == [None, 15.0, 20.0]
    assert result["ttc_prev_mean_s"].iloc[2] == 20.0
    assert result["ttc_first_p90_s"].iloc[1] == pytest.approx(19.0)


def test_ttc_uses_the_latest_anchor_before_the_match() -> None:
    # Mixpanel: A, A^, A^^, B records A^^ -> B; the first instance of later steps
    events = log(("u1", 0, "a"), ("u1", 60, "a"), ("u1", 100, "a"), ("u1", 130, "b"), ("u1", 200, "b"))
    result = funnel(events, {"A": "a", "B": "b"})
    assert result["ttc_first_median_s"].iloc[1] == 30.0


def test_ties_follow_input_row_order_unless_favorable() -> None:
    b_first = log(("u1", 0, "b"), ("u1", 0, "a"))  # same instant, B's row first
    a_first = log(("u1", 0, "a"), ("u1", 0, "b"))
    stages = {"A": "a", "B": "b"}
    assert reached(funnel(b_first, stages)) == [1, 0]
    assert reached(funnel(a_first, stages)) == [1, 1]
    assert reached(funnel(b_first, stages, tie_policy="favorable")) == [1, 1]
    assert funnel(b_first, stages, tie_policy="favorable").attrs["tie_order"] == "stage order"


def test_ties_follow_an_order_column_when_given() -> None:
    events = log(("u1", 0, "a"), ("u1", 0, "b"), seq=[2, 1])
    assert reached(funnel(events, {"A": "a", "B": "b"}, order="seq")) == [1, 0]
    assert funnel(events, {"A": "a", "B": "b"}, order="seq").attrs["tie_order"] == "column 'seq'"


def test_repeated_events_need_distinct_rows() -> None:
    stages = {"first A": "a", "second A": "a", "B": "b"}
    assert reached(funnel(log(("u1", 0, "a"), ("u1", 5, "b")), stages)) == [1, 0, 0]
    assert reached(funnel(log(("u1", 0, "a"), ("u1", 2, "a"), ("u1", 5, "b")), stages)) == [1, 1, 1]
    many = log(*[("u1", s, "a") for s in range(10)], ("u1", 20, "b"))
    assert reached(funnel(many, {"A": "a", "B": "b"})) == [1, 1]  # counted once per user


def test_one_event_advances_at_most_one_stage() -> None:
    # "x" marks both stage 1 and stage 2: one x row cannot satisfy both
    stages = {"S1": "x", "S2": ["x", "y"]}
    assert reached(funnel(log(("u1", 0, "x")), stages)) == [1, 0]
    assert reached(funnel(log(("u1", 0, "x"), ("u1", 1, "x")), stages)) == [1, 1]
    assert reached(funnel(log(("u1", 0, "x"), ("u1", 1, "y")), stages)) == [1, 1]


def test_mid_funnel_entry_counts_only_from_a_later_stage_1_event() -> None:
    events = log(
        ("u1", 0, "b"),
        ("u1", 10, "c"),  # enters mid-funnel: not counted
        ("u2", 0, "b"),
        ("u2", 5, "a"),
        ("u2", 9, "b"),
    )  # a later A, then B: counts
    assert reached(funnel(events, ABC)) == [1, 1, 0]


def test_window_is_inclusive_and_measured_from_stage_1() -> None:
    events = log(
        ("u1", 0, "a"),
        ("u1", 60, "b"),
        ("u1", 120, "c"),  # C exactly at the window's end
        ("u2", 0, "a"),
        ("u2", 60, "b"),
        ("u2", 121, "c"),
    )  # C one second late
    assert reached(funnel(events, ABC, window="2min")) == [2, 2, 1]
    assert reached(funnel(events, ABC)) == [2, 2, 2]


def test_window_takes_the_best_anchor() -> None:
    # Mixpanel's example: A 1:00, A 1:30, B 1:45, C 2:15, 1-hour window: the 1:30 entry converts to C
    events = log(("u1", 0, "a"), ("u1", 1800, "a"), ("u1", 2700, "b"), ("u1", 4500, "c"))
    result = funnel(events, ABC, window="1h")
    assert reached(result) == [1, 1, 1]
    assert result["ttc_first_median_s"].iloc[2] == 2700.0


def test_events_outside_the_window_do_not_count_but_a_later_anchor_can() -> None:
    events = log(("u1", 0, "a"), ("u1", 100, "a"), ("u1", 150, "b"))
    assert reached(funnel(events, {"A": "a", "B": "b"}, window="60s")) == [1, 1]
    assert reached(funnel(log(("u1", 0, "a"), ("u1", 150, "b")), {"A": "a", "B": "b"}, window="60s")) == [1, 0]


def test_strict_needs_the_very_next_event() -> None:
    events = log(
        ("u1", 0, "a"),
        ("u1", 1, "x"),
        ("u1", 2, "b"),  # an unrelated event breaks the chain
        ("u2", 0, "a"),
        ("u2", 1, "b"),
        ("u2", 2, "c"),
        ("u3", 0, "a"),
        ("u3", 1, "x"),
        ("u3", 2, "a"),
        ("u3", 3, "b"),
    )  # a later anchor works
    assert reached(funnel(events, ABC, mode="strict")) == [3, 2, 1]
    assert reached(funnel(events, ABC, mode="ordered")) == [3, 3, 1]


def test_strict_with_a_window() -> None:
    events = log(("u1", 0, "a"), ("u1", 30, "b"), ("u2", 0, "a"), ("u2", 90, "b"))
    assert reached(funnel(events, {"A": "a", "B": "b"}, mode="strict", window="1min")) == [2, 1]


def test_any_order_needs_stage_1_first_then_the_rest_in_any_order() -> None:
    events = log(
        ("u1", 0, "a"),
        ("u1", 10, "c"),
        ("u1", 20, "b"),
        ("u2", 0, "c"),
        ("u2", 10, "a"),
        ("u2", 20, "b"),  # C before A does not count
        ("u3", 0, "b"),
        ("u3", 5, "c"),
    )  # no A: never enters
    assert reached(funnel(events, ABC, mode="any_order")) == [2, 2, 1]
    assert reached(funnel(events, ABC, mode="ordered")) == [2, 2, 0]


def test_any_order_with_a_window() -> None:
    events = log(("u1", 0, "a"), ("u1", 30, "c"), ("u1", 61, "b"))
    assert reached(funnel(events, ABC, mode="any_order", window="1min")) == [1, 0, 0]
    assert reached(funnel(events, ABC, mode="any_order", window="61s")) == [1, 1, 1]


def test_null_users_and_timestamps_are_dropped_and_counted_never_merged() -> None:
    events = log((None, 0, "a"), (None, 10, "b"), ("u1", None, "a"), ("u1", 20, "b"), ("u2", 0, "a"))
    result = funnel(events, {"A": "a", "B": "b"})
    assert reached(result) == [1, 0]  # the two null-user rows would make a conversion if merged
    assert result.attrs["dropped_null_user"] == 2
    assert result.attrs["dropped_null_ts"] == 1
    assert result.attrs["rows"] == 2


def test_empty_stage_gives_none_rates_and_zero_downstream() -> None:
    events = log(("u1", 0, "a"), ("u1", 10, "c"))
    result = funnel(events, ABC)
    assert reached(result) == [1, 0, 0]
    assert values(result["conv_from_prev"]) == [1.0, 0.0, None]
    assert values(result["ttc_first_median_s"]) == [None, None, None]
    none_enter = funnel(events, {"X": "c", "Y": "a"})
    assert reached(none_enter) == [1, 0]
    nobody = funnel(log(("u1", 0, "b")), {"A": "a", "B": "b"})
    assert values(nobody["conv_from_first"]) == [None, None]


def test_date_range_filters_entries_only() -> None:
    events = log(
        ("u1", -100, "a"),
        ("u1", 10, "b"),  # entered before `from`
        ("u2", 50, "a"),
        ("u2", 10_000, "b"),  # B after `to`: still counts
        ("u3", 5_000, "a"),
    )  # entered after `to`
    result = funnel(events, {"A": "a", "B": "b"}, date_range=("2026-03-01 09:00", "2026-03-01 10:00"))
    assert reached(result) == [1, 1]


def test_open_funnel_counts_entries_at_any_stage() -> None:
    events = log(
        ("u1", 0, "b"),
        ("u1", 10, "c"),  # enters at B, continues to C
        ("u2", 0, "a"),
        ("u2", 10, "b"),  # enters at A, stops at B
        ("u3", 0, "c"),
    )  # enters at C
    result = funnel(events, ABC, open=True)
    assert reached(result) == [1, 2, 2]
    assert result["continued"].tolist()[:2] == [1, 1]
    assert result["abandoned"].tolist()[:2] == [0, 1]
    assert values(result["completion_rate"]) == [1.0, 0.5, None]
    assert result["first_entry_here"].tolist() == [1, 1, 1]
    # reached[k+1] / reached[k] is not the completion rate: new users enter at C
    assert result["reached"].iloc[2] / result["reached"].iloc[1] != result["completion_rate"].iloc[1]


def test_open_funnel_skipping_a_stage_ends_progress() -> None:
    result = funnel(log(("u1", 0, "a"), ("u1", 10, "c")), ABC, open=True)
    assert reached(result) == [1, 0, 1]  # A, then a fresh entry at C
    assert result["continued"].tolist()[:2] == [0, 0]


def test_journey_stages_can_share_names_and_events() -> None:
    from journeywidgets import Journey  # noqa: PLC0415

    journey = Journey("Dupes")
    journey.add_stage("Visit", id="v1", events=["x"])
    journey.add_stage("Visit", id="v2", events=["x", "y"])
    result = funnel(log(("u1", 0, "x"), ("u1", 5, "x")), journey)
    assert result["stage"].tolist() == ["Visit", "Visit"]
    assert result["stage_id"].tolist() == ["v1", "v2"]
    assert reached(result) == [1, 1]


# fmt: on
