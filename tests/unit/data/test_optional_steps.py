"""Optional steps (optional=, PostHog's optional funnel steps): hand-made answers, the reference, every analysis."""

from __future__ import annotations

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets import funnel, trend, users
from journeywidgets.data.aside import ReadingAnalyses
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.insights import persona_step_tests, rank_insights
from journeywidgets.widgets.funnel_state import funnel_state
from journeywidgets.widgets.stage_detail import stage_detail
from tests.unit.data import reference
from tests.unit.data.helpers import log, random_log, reached, reference_rows, values

STAGES = {"Visit": "visit", "Newsletter": "newsletter", "Cart": "cart", "Buy": "buy"}


def _log() -> pd.DataFrame:
    return log(
        ("u1", 0, "visit"),  # every stage
        ("u1", 10, "newsletter"),
        ("u1", 20, "cart"),
        ("u1", 30, "buy"),
        ("u2", 0, "visit"),  # skips the newsletter and still buys
        ("u2", 20, "cart"),
        ("u2", 30, "buy"),
        ("u3", 0, "visit"),  # signs up to the newsletter and stops
        ("u3", 10, "newsletter"),
        ("u4", 0, "visit"),  # the newsletter after the cart still follows the visit
        ("u4", 10, "cart"),
        ("u4", 20, "newsletter"),
        ("u5", 0, "newsletter"),  # a newsletter before the visit is no step of the funnel
        ("u5", 10, "visit"),
        ("u5", 20, "cart"),
        ("u6", 0, "cart"),  # never entered
    )


def test_an_optional_stage_counts_who_did_it_and_later_stages_do_not_need_it() -> None:
    result = funnel(_log(), STAGES, optional=["Newsletter"])
    assert reached(result) == [5, 3, 4, 2]
    # each stage is compared with the last required stage before it: Visit for Newsletter and Cart
    assert values(result["conv_from_prev"]) == [1.0, 3 / 5, 4 / 5, 2 / 4]
    assert result["dropoff"].tolist() == [0, 2, 1, 2]
    assert values(result["conv_from_first"]) == [1.0, 3 / 5, 4 / 5, 2 / 5]
    # times from the previous required stage: Newsletter 10, 10, 20 s after the visit; Cart 20, 20, 10, 10 s
    assert values(result["ttc_prev_median_s"]) == [None, 10.0, 15.0, 10.0]
    assert values(result["ttc_first_median_s"]) == [None, 10.0, 15.0, 30.0]
    assert result.attrs["optional"] == ["Newsletter"]
    assert result.attrs["kernel"] == "relational"
    assert reached(funnel(_log(), STAGES)) == [5, 3, 1, 1]  # required, the newsletter gates the rest


def test_optional_stages_may_be_named_by_id_or_position_and_be_last() -> None:
    assert reached(funnel(_log(), STAGES, optional=[1])) == [5, 3, 4, 2]
    assert reached(funnel(_log(), STAGES, optional=["Newsletter", "Buy"])) == [5, 3, 4, 2]
    assert funnel(_log(), STAGES, optional="Newsletter").attrs["optional"] == ["Newsletter"]


def test_a_window_and_a_date_range_apply_to_optional_stages() -> None:
    assert reached(funnel(_log(), STAGES, optional=["Newsletter"], window="15s")) == [5, 2, 2, 0]
    early = (pd.Timestamp("2026-03-01 09:00:00"), pd.Timestamp("2026-03-01 09:00:05"))
    assert reached(funnel(_log(), STAGES, optional=["Newsletter"], date_range=early)) == [4, 3, 3, 2]


def test_exclusions_between_required_stages_span_the_optional_ones() -> None:
    events = pd.concat([_log(), log(("u2", 25, "support"))]).reset_index(drop=True)
    result = funnel(events, STAGES, optional=["Newsletter"], exclude={"event": "support", "between": ("Cart", "Buy")})
    assert reached(result) == [4, 3, 3, 1]  # u2's only attempt is dropped
    assert result.attrs["excluded_units"] == 1


def test_users_at_an_optional_stage_and_around_it() -> None:
    options = {"optional": ["Newsletter"]}
    assert sorted(users(_log(), STAGES, "Newsletter", **options)["user_id"]) == ["u1", "u3", "u4"]
    # converting from a stage means reaching the next required stage
    assert sorted(users(_log(), STAGES, "Newsletter", "converted", **options)["user_id"]) == ["u1", "u4"]
    assert sorted(users(_log(), STAGES, "Visit", "abandoned", **options)["user_id"]) == ["u3"]
    table = users(_log(), STAGES, "Visit", **options).set_index("user_id")
    assert table["depth"].to_dict() == {"u1": 4, "u2": 4, "u3": 2, "u4": 3, "u5": 3}  # the furthest stage
    for index, count in enumerate(reached(funnel(_log(), STAGES, **options))):
        assert len(users(_log(), STAGES, index, **options)) == count


def test_the_trend_counts_optional_stages_per_period() -> None:
    table = trend(_log(), STAGES, freq="D", optional=["Newsletter"])
    assert table.groupby("stage", sort=False)["reached"].sum().tolist() == [5, 3, 4, 2]
    assert values(table["conv_from_prev"])[2] == 4 / 5


def _journey() -> jw.Journey:
    journey = jw.Journey("Shop")
    for name, event in STAGES.items():
        journey.add_stage(name, id=name.lower(), events=[event])
    return journey


def test_a_binding_and_its_views_follow_optional_stages() -> None:
    binding = _journey().bind(_log(), optional=["Newsletter"], background=False)
    assert binding.metrics["reached"].tolist() == [5, 3, 4, 2]
    assert [len(binding.users(stage)) for stage in ("visit", "newsletter", "cart", "buy")] == [5, 3, 4, 2]
    assert binding.time_to_convert("newsletter").users == 3
    assert [int(binding.paths(stage)["users"].sum()) for stage in ("newsletter", "cart")] == [3, 4]
    assert binding.trend("D")["reached"].tolist() == [5, 3, 4, 2]
    state = funnel_state(binding)
    assert state["stages"][1] == {"id": "newsletter", "name": "Newsletter", "optional": True}
    assert "optional" not in state["stages"][2]
    # the largest loss is between required stages: Cart to Buy (2 of 4), not Visit to the newsletter (2 of 5)
    table = rank_insights(binding.journey, binding.metrics, binding.kpis(), binding.persona_metrics)
    loss = table[table["kind"] == "abandonment"].iloc[0]
    assert (loss["stage_id"], loss["users"]) == ("cart", 2)
    binding.set_options(optional=None)
    assert binding.metrics["reached"].tolist() == [5, 3, 1, 1]


def test_who_stopped_where_counts_required_stages_only() -> None:
    binding = _journey().bind(_log(), optional=["Newsletter"], background=False)
    table = binding.next_actions()
    # u3 did the newsletter and stopped: at Visit, the last required stage it reached; u4 and u5 at Cart
    assert dict(zip(table["stage_id"], table["users"], strict=True)) == {"visit": 1, "cart": 2}
    trailing = _journey().bind(_log(), optional=["Newsletter", "Buy"], background=False)
    assert "cart" not in set(trailing.next_actions()["stage_id"])  # Cart is the end: nobody stopped there
    # the stage detail's paths at the last required stage follow everyone who reached it
    detail = stage_detail(ReadingAnalyses(trailing.published), "cart", None)
    assert (detail["paths"]["status"], detail["paths"]["users"]) == ("reached", 4)


def test_a_personas_step_is_tested_from_the_last_required_stage() -> None:
    everyone = pd.DataFrame({"stage_id": ["v", "n", "c"], "reached": [100, 30, 80]})
    everyone.attrs["optional_ids"] = ["n"]
    persona = pd.DataFrame({"stage_id": ["v", "n", "c"], "reached": [40, 10, 20]})
    tests = {t.step: (t.s1, t.n1, t.s2, t.n2) for t in persona_step_tests(everyone, {"p": persona})}
    assert tests == {1: (10, 40, 20, 60), 2: (20, 40, 60, 60)}  # Cart from Visit, not from the newsletter


@pytest.mark.parametrize(
    ("options", "message", "path"),
    [
        ({"optional": ["Visit"]}, "the first stage cannot be optional", "optional"),
        ({"optional": ["Pay"]}, "stage must be a stage id, name or position", "optional"),
        ({"optional": 3.5}, "optional must be a stage or a list of stages", "optional"),
        ({"optional": ["Newsletter"], "mode": "strict"}, "ordered funnels", "optional"),
        ({"optional": ["Newsletter"], "mode": "any_order"}, "ordered funnels", "optional"),
        ({"optional": ["Newsletter"], "open": True}, "closed funnels", "optional"),
        ({"optional": ["Newsletter"], "step_window": {"Cart": "1h"}}, "step_window", "optional"),
        (
            {"optional": ["Newsletter"], "exclude": {"event": "x", "between": ("Newsletter", "Buy")}},
            "stage 'Newsletter' is optional",
            "exclude",
        ),
    ],
)
def test_a_bad_optional_option_names_itself(options: dict, message: str, path: str) -> None:
    with pytest.raises(FunnelDefinitionError, match=message) as caught:
        funnel(_log(), STAGES, **options)
    assert caught.value.path == path


@pytest.mark.parametrize("window", [None, 200])
@pytest.mark.parametrize("favorable", [False, True])
@pytest.mark.parametrize("optional", [(1,), (2,), (1, 3), (1, 2)])
def test_optional_steps_match_the_reference(window: int | None, favorable: bool, optional: tuple[int, ...]) -> None:
    frame = random_log(17, users=60, events=("a", "b", "c", "d", "x"), slots=20, step=15, most=12)
    stages = {"A": "a", "B": ["b", "x"], "C": "c", "D": ["d", "x"]}
    sets = [{"a"}, {"b", "x"}, {"c"}, {"d", "x"}]
    micros = None if window is None else window * 1_000_000
    expected = reference.closed_with_optional(reference_rows(frame), sets, optional, micros, favorable=favorable)
    result = funnel(
        frame,
        stages,
        optional=list(optional),
        window=None if window is None else f"{window}s",
        tie_policy="favorable" if favorable else "row",
    )
    assert reached(result) == expected["reached"]
    for column, key in (("ttc_first_median_s", "ttc_first_median"), ("ttc_prev_median_s", "ttc_prev_median")):
        got = [None if pd.isna(v) else round(float(v), 6) for v in result[column]]
        assert got == [None if v is None else round(v, 6) for v in expected[key]], column
