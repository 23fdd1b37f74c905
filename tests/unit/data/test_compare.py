"""compare_periods() and compare_groups(): a log built to give a known 2x2 table (Newcombe's example a)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets.data.compare import compare_groups, compare_periods
from tests.unit.data.helpers import values
from tests.unit.data.test_cohorts import ENGINES

STAGES = {"Visit": "visit", "Buy": "buy"}


def _group(prefix: str, entered: int, bought: int, day: str, variant: str) -> list[dict[str, Any]]:
    start = pd.Timestamp(day, tz="UTC")
    rows = []
    for n in range(entered):
        stamp = start + pd.Timedelta(minutes=n)
        rows.append({"user_id": f"{prefix}{n}", "timestamp": stamp, "event": "visit", "variant": variant})
        if n < bought:
            rows.append(
                {
                    "user_id": f"{prefix}{n}",
                    "timestamp": stamp + pd.Timedelta(minutes=5),
                    "event": "buy",
                    "variant": variant,
                }
            )
    return rows


# A: 70 users enter (on Mar 10), 56 buy; B: 80 enter (on Mar 1), 48 buy
EVENTS = pd.DataFrame(_group("a", 70, 56, "2026-03-10", "A") + _group("b", 80, 48, "2026-03-01", "B"))


def _check_newcombe_example(table: pd.DataFrame, sign: float) -> None:
    buy = table.iloc[1]
    # 56/70 = 0.8 against 48/80 = 0.6: Newcombe (1998) Table II, example (a): 0.2, CI 0.0524 to 0.3339
    assert buy["difference"] == pytest.approx(sign * 0.2)
    low, high = sorted([sign * 0.0524, sign * 0.3339])
    assert (buy["ci_low"], buy["ci_high"]) == pytest.approx((low, high), abs=5e-5)
    assert buy["p_value"] == pytest.approx(0.0080451, abs=1e-6)  # z = 2.6502
    assert not buy["small_sample"]
    visit = table.iloc[0]
    assert visit["difference"] == 0.0
    assert values(table[["ci_low", "ci_high", "p_value"]].iloc[0]) == [None, None, None]


def test_compare_periods_by_hand() -> None:
    table = compare_periods(EVENTS, STAGES, before=("2026-03-01", "2026-03-02"), after=("2026-03-10", "2026-03-11"))
    assert table[["group_a", "entered_a", "reached_a", "group_b", "entered_b", "reached_b"]].iloc[1].tolist() == [
        "before",
        80,
        48,
        "after",
        70,
        56,
    ]
    assert values(table["conversion_a"]) == [1.0, 0.6]
    _check_newcombe_example(table, sign=1.0)  # after - before = 0.8 - 0.6
    assert str(table["p_value"].dtype) == "float64"
    assert "z-test" in table.attrs["test"]


@pytest.mark.parametrize("engine", list(ENGINES))
def test_compare_groups_by_a_variant_column_on_every_engine(engine: str) -> None:
    table = compare_groups(ENGINES[engine](EVENTS), STAGES, by="variant", values=("A", "B"))
    assert table[["group_a", "group_b"]].iloc[0].tolist() == ["A", "B"]
    assert table[["entered_a", "reached_a", "entered_b", "reached_b"]].iloc[1].tolist() == [70, 56, 80, 48]
    _check_newcombe_example(table, sign=-1.0)  # B - A = 0.6 - 0.8


def test_compare_groups_by_segments_and_personas() -> None:
    by_segment = compare_groups(EVENTS, STAGES, segments=("variant == 'B'", "variant == 'A'"))
    _check_newcombe_example(by_segment, sign=1.0)
    journey = jw.Journey("Test")
    journey.add_stage("Visit", id="visit", events=["visit"])
    journey.add_stage("Buy", id="buy", events=["buy"])
    journey.add_persona("Control", id="control", segment="variant == 'B'")
    journey.add_persona("Treatment", id="treatment", segment="variant == 'A'")
    by_persona = compare_groups(EVENTS, journey, personas=("control", "Treatment"))
    assert by_persona["group_a"].iloc[0] == "Control"
    _check_newcombe_example(by_persona, sign=1.0)


def test_two_values_are_found_without_being_named_and_small_groups_are_flagged() -> None:
    small = EVENTS[EVENTS["user_id"].isin(["a0", "a1", "a2", "b0", "b1", "b70", "b71"])]
    table = compare_groups(small, STAGES, by="variant")
    assert table[["group_a", "group_b"]].iloc[0].tolist() == ["A", "B"]
    buy = table.iloc[1]
    assert [buy["reached_a"], buy["entered_a"], buy["reached_b"], buy["entered_b"]] == [3, 3, 2, 4]
    assert buy["small_sample"]


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: compare_groups(EVENTS, STAGES), "by"),
        (lambda: compare_groups(EVENTS, STAGES, by="variant", segments=("a", "b")), "by"),
        (lambda: compare_groups(EVENTS, STAGES, by="variant", values=("A", "C")), "values"),
        (lambda: compare_groups(EVENTS.assign(variant="A"), STAGES, by="variant"), "values"),
        (lambda: compare_groups(EVENTS, STAGES, segments="variant == 'A'"), "segments"),
        (lambda: compare_groups(EVENTS, STAGES, personas=("a", "b")), "personas"),
        (lambda: compare_groups(EVENTS, STAGES, by="variant", open=True), "open"),
        (lambda: compare_periods(EVENTS, STAGES, before=("2026-03-01",), after=("2026-03-10", None)), "before"),
        (
            lambda: compare_periods(EVENTS, STAGES, before=(None, None), after=(None, None), date_range=(None, None)),
            "date_range",
        ),
        (lambda: compare_periods(EVENTS, STAGES, before=(None, None), after=(None, None), confidence=2), "confidence"),
    ],
)
def test_bad_options_name_the_option(call: Any, path: str) -> None:
    with pytest.raises(jw.FunnelDefinitionError) as raised:
        call()
    assert raised.value.path == path
