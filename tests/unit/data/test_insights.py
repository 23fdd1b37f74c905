"""binding.insights() and journey.add_cards_from(): findings with hand-computed numbers, on every engine."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets.data.errors import FunnelDefinitionError
from journeywidgets.data.insights import INSIGHT_COLUMNS, duration_text
from journeywidgets.model.errors import InvalidFieldError, MissingFieldError, NotFoundError
from tests.unit.data.helpers import log
from tests.unit.data.test_cohorts import ENGINES

pytestmark = pytest.mark.filterwarnings("ignore::journeywidgets.UnknownEventWarning")


def _events() -> pd.DataFrame:
    """100 visitors (40 mobile): 60 reach Cart a minute later, 30 of them Buy an hour after that.

    Mobile: 10 of 40 reach Cart (25 %), 5 of those buy; the other 60: 50 reach Cart (83.3 %), 25 buy.
    Every Cart row scores 5, every Buy row 2.
    """
    rows: list[tuple[Any, ...]] = []
    device: list[str] = []
    score: list[float | None] = []
    for number in range(100):
        mobile = number < 40
        carts = number < 10 if mobile else number < 90
        buys = number < 5 if mobile else 40 <= number < 65
        user, start = f"u{number:03d}", number * 10
        steps = [(0, "visit", None)] + ([(60, "cart", 5.0)] if carts else []) + ([(3660, "buy", 2.0)] if buys else [])
        for offset, event, value in steps:
            rows.append((user, start + offset, event))
            device.append("mobile" if mobile else "desktop")
            score.append(value)
    return log(*rows, device=device, score=score)


def _journey() -> jw.Journey:
    journey = jw.Journey("Shop")
    for name, event in (("Visit", "visit"), ("Cart", "cart"), ("Buy", "buy")):
        journey.add_stage(name, id=event, events=[event])
    journey.add_lane("Pains", id="pains", kind="pain_point")
    journey.add_lane("Ideas", id="ideas", kind="opportunity")
    journey.add_metric("Conversion", id="conv", kind="conversion")
    journey.add_metric("Drop-off", id="drop", kind="dropoff")
    journey.add_metric("Time", id="ttc", kind="time_to_convert")
    journey.add_metric("CSAT", id="csat", kind="csat", column="score")
    journey.add_persona("Mobile", id="mobile", segment="device == 'mobile'")
    return journey


@pytest.mark.parametrize("engine", sorted(ENGINES))
def test_the_findings_and_their_numbers_are_the_hand_computed_ones(engine: str) -> None:
    table = _journey().bind(ENGINES[engine](_events())).insights(top=None)
    assert tuple(table.columns) == INSIGHT_COLUMNS
    found = {row.kind: row for row in table.itertuples()}
    assert table["kind"].tolist() == ["slow_transition", "low_satisfaction", "abandonment", "persona_gap"]
    assert table["rank"].tolist() == [1, 2, 3, 4]

    slow = found["slow_transition"]  # Cart -> Buy: an hour, against a minute for Visit -> Cart
    assert (slow.stage_id, slow.value, slow.users, slow.metric) == ("buy", 3600.0, 30.0, "ttc")
    assert slow.severity == pytest.approx(3600 / 3660)
    assert slow.title == "Slowest step: Cart → Buy, median 1.0 h"

    low = found["low_satisfaction"]  # Buy scores 2 on a 1-5 scale, Cart 5
    assert (low.stage_id, low.value, low.metric, low.severity) == ("buy", 2.0, "csat", 0.75)
    assert low.title == "Lowest CSAT: Buy, 2.00"

    left = found["abandonment"]  # 40 of 100 leave at Visit, 30 of 60 at Cart: Visit loses more of the entrants
    assert (left.stage_id, left.value, left.users, left.severity, left.metric) == ("visit", 0.4, 40.0, 0.4, "drop")
    assert (
        left.text == "40 of the 100 users who reached Visit did not reach Cart (40.0%): 40.0% of the 100 who entered."
    )

    gap = found["persona_gap"]  # 10 of 40 mobile users reach Cart against 50 of the other 60; at Buy both are 50 %
    assert (gap.stage_id, gap.persona_id, gap.lane_kind, gap.metric) == ("cart", "mobile", "opportunity", "conv")
    assert gap.value == pytest.approx(0.25 - 50 / 60)
    assert gap.users == 23.0 and gap.severity == pytest.approx((50 / 60 - 0.25) * 40 / 100)
    assert gap.p_value == pytest.approx(jw.two_proportion_p_value(10, 40, 50, 60))
    assert "Bonferroni over 2 tests" in gap.text and gap.p_value < 0.05 / 2
    assert [row.lane_kind for row in table.itertuples()][:3] == ["pain_point"] * 3


def test_no_gap_is_reported_where_the_persona_converts_like_the_others() -> None:
    journey = _journey()
    journey.update_persona("mobile", segment="device == 'desktop'")  # desktop converts better: no gap to report
    table = journey.bind(_events()).insights(top=None)
    assert "persona_gap" not in table["kind"].tolist()
    table = journey.bind(_events()).insights(top=2)
    assert table["kind"].tolist() == ["slow_transition", "low_satisfaction"]


def test_top_and_alpha_are_checked() -> None:
    binding = _journey().bind(_events())
    for top in (0, -1, 2.5, True):
        with pytest.raises(FunnelDefinitionError, match="top must be") as caught:
            binding.insights(top=top)  # type: ignore[arg-type]
        assert caught.value.path == "top"
    with pytest.raises(FunnelDefinitionError, match="alpha must be") as caught:
        binding.insights(alpha=1.5)
    assert caught.value.path == "alpha"


def test_a_one_stage_journey_has_no_findings() -> None:
    journey = jw.Journey("Visits")
    journey.add_stage("Visit", id="visit", events=["visit"])
    journey.add_metric("CSAT", id="csat", kind="csat", column="score")
    table = journey.bind(_events()).insights()
    assert table.empty and tuple(table.columns) == INSIGHT_COLUMNS


def test_findings_become_cards_in_one_undoable_change() -> None:
    journey = _journey()
    table = journey.bind(_events()).insights(top=None)
    revision = journey.revision
    cards = journey.add_cards_from(table)
    assert journey.revision == revision + 1 and len(cards) == 4
    by_lane = {card.lane_id: [] for card in cards}
    for card in cards:
        by_lane[card.lane_id].append(card)
    assert [c.stage_id for c in by_lane["pains"]] == ["buy", "buy", "visit"]
    (idea,) = by_lane["ideas"]
    assert idea.stage_id == "cart" and idea.persona_ids == ("mobile",) and idea.evidence == "data"
    assert idea.tags == ("data", "persona_gap", "metric:conv")
    assert idea.text.startswith("Mobile converts 58 points worse from Visit to Cart\n25.0% of Mobile's 40 users")
    assert all(card.evidence == "data" and "metric:" in card.tags[-1] for card in cards)
    assert journey.add_cards_from(table) == [] and journey.revision == revision + 1  # already on the map
    journey.undo()
    assert journey.cards == ()


def test_one_lane_for_all_and_a_missing_lane_kind() -> None:
    journey = _journey()
    table = journey.bind(_events()).insights(top=None)
    cards = journey.add_cards_from(table, lane="Ideas")
    assert {card.lane_id for card in cards} == {"ideas"}
    bare = jw.Journey("Bare")
    bare.add_stage("Visit", id="visit", events=["visit"])
    bare.add_lane("Notes", kind="text")
    with pytest.raises(NotFoundError, match="no lane of kind 'pain_point'") as caught:
        bare.add_cards_from([{"stage_id": "visit", "title": "Slow"}])
    assert caught.value.path == "lane" and bare.cards == () and bare.revision == 2


@pytest.mark.parametrize(
    ("finding", "error", "path"),
    [
        ({"title": "x"}, MissingFieldError, "findings[0].stage_id"),
        ({"stage_id": "visit"}, MissingFieldError, "findings[0].title"),
        ({"stage_id": "visit", "title": 3}, InvalidFieldError, "findings[0].title"),
        ({"stage_id": "gone", "title": "x"}, NotFoundError, "findings[0].stage_id"),
        ({"stage_id": "visit", "title": "x", "persona_id": "nobody"}, NotFoundError, "findings[0].persona_id"),
        ({"stage_id": "visit", "title": "x", "lane_kind": "gain"}, InvalidFieldError, "findings[0].lane_kind"),
    ],
)
def test_a_bad_finding_names_its_field_and_changes_nothing(finding: dict[str, Any], error: type, path: str) -> None:
    journey = _journey()
    good = {"stage_id": "cart", "title": "fine"}
    with pytest.raises(error) as caught:
        journey.add_cards_from([finding, good])
    assert caught.value.path == path and journey.cards == () and journey.revision == 10
    with pytest.raises(InvalidFieldError, match="must be a mapping") as bad:
        journey.add_cards_from([good, "not a finding"])
    assert bad.value.path == "findings[1]" and journey.cards == ()


def test_durations_read_as_people_say_them() -> None:
    assert [duration_text(s) for s in (0, 59, 60, 3599, 3600, 86399, 86400, 3 * 86400)] == [
        "0 s", "59 s", "1 min", "60 min", "1.0 h", "24.0 h", "1.0 days", "3.0 days",
    ]  # fmt: skip
