"""The engine against a brute-force per-user reference on random logs, and row-order invariance."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from journeywidgets import funnel
from tests.unit.data import reference
from tests.unit.data.helpers import log, reached, reference_rows, values

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")

EVENTS = ["a", "b", "c", "x"]
STAGES = {"A": ["a"], "B": ["b", "x"], "C": ["c"]}
STAGE_SETS = [set(v) for v in STAGES.values()]
#: stage definitions for the property tests: disjoint, later stages sharing x, and stage 1 sharing x too
DEFINITIONS = [
    STAGES,
    {"A": ["a"], "B": ["b", "x"], "C": ["x", "c"]},
    {"A": ["a", "x"], "B": ["x", "b"], "C": ["c", "x"]},
]
#: a tie the reference once broke differently from the engine: `b` is logged before `x`, both at 30 s
TIED_AT_30 = log(*[("u1", 0, "a")] * 4, ("u1", 30, "b"), ("u1", 30, "x"))


@st.composite
def event_logs(draw: st.DrawFn, *, unique_times: bool = False) -> pd.DataFrame:
    n = draw(st.integers(1, 24))
    users = draw(st.lists(st.sampled_from(["u1", "u2", "u3", None]), min_size=n, max_size=n))
    if unique_times:
        seconds = draw(st.lists(st.integers(0, 400), min_size=n, max_size=n, unique=True))
    else:
        seconds = draw(st.lists(st.integers(0, 12).map(lambda s: s * 30), min_size=n, max_size=n))
    events = draw(st.lists(st.sampled_from(EVENTS), min_size=n, max_size=n))
    return log(*zip(users, seconds, events, strict=True))


def _close(engine: list, ref: list) -> bool:
    engine = [None if isinstance(a, float) and math.isnan(a) else a for a in engine]
    return all(
        (a is None and b is None) or (a is not None and b is not None and abs(a - b) < 1e-6)
        for a, b in zip(engine, ref, strict=True)
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frame=event_logs(),
    mode=st.sampled_from(["ordered", "strict", "any_order"]),
    window=st.sampled_from([None, 30, 60, 150]),
    stages=st.sampled_from(DEFINITIONS),
    favorable=st.booleans(),
)
@example(frame=TIED_AT_30, mode="ordered", window=None, stages=DEFINITIONS[2], favorable=True)
@example(frame=TIED_AT_30, mode="strict", window=30, stages=DEFINITIONS[2], favorable=True)
@example(frame=TIED_AT_30, mode="ordered", window=None, stages=DEFINITIONS[2], favorable=False)
def test_closed_funnel_matches_the_reference(
    frame: pd.DataFrame, mode: str, window: int | None, stages: dict, favorable: bool
) -> None:
    if frame["user_id"].isna().all():
        return
    policy = "favorable" if favorable else "row"
    span = None if window is None else f"{window}s"
    result = funnel(frame, stages, mode=mode, window=span, tie_policy=policy, engine="pandas")
    sets = [set(v) for v in stages.values()]
    expected = reference.closed(
        reference_rows(frame), sets, mode, None if window is None else window * 1_000_000, favorable=favorable
    )
    assert reached(result) == expected["reached"]
    assert _close(result["ttc_first_median_s"].tolist(), expected["ttc_first_median"])
    assert _close(result["ttc_prev_mean_s"].tolist(), expected["ttc_prev_mean"])
    assert all(seconds >= 0 for stage in expected["ttc_prev"] for seconds in stage)
    assert (result["ttc_prev_mean_s"].dropna() >= 0).all()


@pytest.mark.parametrize(
    ("mode", "policy", "expected"),
    [
        # stage order at 30 s puts x (first a stage-A event) before b: a@0 -> x@30 completes B first; no C after it
        ("ordered", "favorable", ([1, 1, 0], [None, 30.0, None], [None, 30.0, None])),
        ("strict", "favorable", ([1, 1, 0], [None, 30.0, None], [None, 30.0, None])),
        # row order puts b (logged first) before x: a@0 -> b@30 -> x@30 reaches C, 0 s after B
        ("ordered", "row", ([1, 1, 1], [None, 30.0, 30.0], [None, 30.0, 0.0])),
    ],
)
def test_a_tie_completes_a_stage_at_the_first_event_in_tie_order(
    mode: str, policy: str, expected: tuple[list, list, list]
) -> None:
    result = funnel(TIED_AT_30, DEFINITIONS[2], mode=mode, tie_policy=policy, engine="pandas")
    assert (reached(result), values(result["ttc_first_median_s"]), values(result["ttc_prev_mean_s"])) == expected


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    frame=event_logs(),
    mode=st.sampled_from(["ordered", "strict", "any_order"]),
    window=st.sampled_from([None, 60]),
    stages=st.sampled_from(DEFINITIONS[:2]),
)
def test_open_funnel_matches_the_reference(frame: pd.DataFrame, mode: str, window: int | None, stages: dict) -> None:
    if frame["user_id"].isna().all():
        return
    result = funnel(
        frame, stages, mode=mode, open=True, window=None if window is None else f"{window}s", engine="pandas"
    )
    expected = reference.open_funnel(
        reference_rows(frame), [set(v) for v in stages.values()], mode, None if window is None else window * 1_000_000
    )
    assert reached(result) == expected["reached"]
    assert [int(v) for v in result["continued"].iloc[:-1]] == expected["continued"]
    assert result["first_entry_here"].tolist() == expected["first_entry_here"]


@settings(max_examples=60, deadline=None)
@given(
    frame=event_logs(unique_times=True),
    seed=st.integers(0, 10_000),
    mode=st.sampled_from(["ordered", "strict", "any_order"]),
    is_open=st.booleans(),
)
def test_row_order_never_changes_the_result(frame: pd.DataFrame, seed: int, mode: str, is_open: bool) -> None:
    if frame["user_id"].isna().all():
        return
    shuffled = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    first = funnel(frame, STAGES, mode=mode, open=is_open, window="2min", engine="pandas")
    second = funnel(shuffled, STAGES, mode=mode, open=is_open, window="2min", engine="pandas")
    pd.testing.assert_frame_equal(first, second)


@settings(max_examples=40, deadline=None)
@given(frame=event_logs(), seed=st.integers(0, 10_000))
def test_with_favorable_ties_even_tied_rows_can_come_in_any_order(frame: pd.DataFrame, seed: int) -> None:
    if frame["user_id"].isna().all():
        return
    shuffled = frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    first = funnel(frame, STAGES, tie_policy="favorable", engine="pandas")
    second = funnel(shuffled, STAGES, tie_policy="favorable", engine="pandas")
    assert reached(first) == reached(second)
