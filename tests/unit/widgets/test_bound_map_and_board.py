"""A map bound to data, persona cards, and the board that links them with the funnel."""

from __future__ import annotations

import pandas as pd
import pytest
import traitlets
from ipywidgets.widgets.widget_link import Link

import journeywidgets as jw
from tests.unit.test_journey_map_sync import Browser


def test_a_bound_map_shows_the_bindings_metrics_for_everyone_and_each_persona(binding: jw.Binding) -> None:
    journey_map = jw.JourneyMap(binding.journey, binding=binding)
    assert journey_map.persona is None  # a bound map starts on all users
    assert journey_map.metrics == binding.metric_values()
    assert journey_map.persona_metrics == {p: binding.metric_values(p) for p in ("maya", "raj", "elena")}
    reach = journey_map.metrics["reach"]
    assert list(reach.values()) == binding.metrics["reached"].astype(float).tolist()
    assert journey_map.derived_emotion["all"] == binding.derived_emotion()
    assert journey_map.derived_emotion["raj"] == binding.derived_emotion("raj")


def test_the_derived_emotion_is_the_mean_satisfaction_on_the_emotion_scale(binding: jw.Binding) -> None:
    events = binding.data
    curve = binding.derived_emotion()
    experience = binding.journey.stage("experience").events
    # the scores of users the funnel counts at the stage (the binding's KPIs read no others)
    counted = jw.funnel(events, binding.journey)  # the same users, through the public funnel
    rows = events[events["event"].isin(experience)]
    assert rows["user_id"].nunique() > counted.set_index("stage_id").loc["experience", "reached"]
    everyone = rows["satisfaction"].mean()
    assert curve["experience"] != pytest.approx(-2 + (everyone - 1) / 4 * 4, abs=1e-3)
    assert -2 <= curve["experience"] <= 2
    assert "awareness" not in curve  # no scores there


def test_a_bound_map_follows_appended_rows(journey: jw.Journey, events: pd.DataFrame) -> None:
    half = len(events) // 2
    binding = journey.bind(events.iloc[:half])
    journey_map = jw.JourneyMap(journey, binding=binding)
    before = journey_map.metrics["reach"]["awareness"]
    binding.append(events.iloc[half:])
    assert journey_map.metrics["reach"]["awareness"] == float(binding.metrics["reached"].iloc[0]) > before


def test_a_binding_of_another_journey_is_refused(binding: jw.Binding) -> None:
    with pytest.raises(ValueError, match="bound to another journey"):
        jw.JourneyMap(jw.sample_journey(), binding=binding)


def test_selected_stage_mirrors_the_selection(journey: jw.Journey) -> None:
    journey_map = jw.JourneyMap(journey)
    journey_map.selected = {"stage": "purchase", "lane": "pains", "card": None}
    assert journey_map.selected_stage == "purchase"
    journey_map.selected_stage = "Experience"  # a name works too
    assert journey_map.selected == {"stage": "experience", "lane": None, "card": None}
    journey_map.selected_stage = None
    assert journey_map.selected == {"stage": None, "lane": None, "card": None}
    with pytest.raises(traitlets.TraitError, match="selected_stage"):
        journey_map.selected_stage = "Nowhere"


def test_the_board_links_persona_and_stage_in_the_page(journey: jw.Journey, binding: jw.Binding) -> None:
    board = jw.Board(journey, binding, persona="raj")
    assert (board.map.persona, board.funnel.persona, board.personas.persona) == ("raj", "raj", "raj")
    # jslinks: in the saved widget state, so they work without a kernel (exported HTML, Voila)
    links = [(link.source, link.target) for link in board.links if isinstance(link, Link)]
    assert links == [
        ((board.map, "persona"), (board.funnel, "persona")),
        ((board.map, "persona"), (board.personas, "persona")),
        ((board.map, "selected_stage"), (board.funnel, "selected_stage")),
    ]
    states = {link.model_id: link.get_state() for link in board.links}
    assert all(state["_model_name"] == "LinkModel" for state in states.values())
    board.close()
    board.close()  # closing twice (explicitly, then on garbage collection) is harmless


def test_a_persona_card_edits_its_persona_through_the_journey(journey: jw.Journey) -> None:
    card = jw.PersonaCard(journey, "Raj, the deal hunter")
    browser = Browser(card)  # type: ignore[arg-type]
    browser.edit({"op": "update_persona", "id": "raj", "changes": {"goals": ["Pay less", "Fast delivery"]}})
    assert journey.persona("raj").goals == ("Pay less", "Fast delivery")
    assert card.document["personas"][1]["goals"] == ["Pay less", "Fast delivery"]
    read_only = jw.PersonaCard(journey, "raj", editable=False)
    other = Browser(read_only, client="view-2")  # type: ignore[arg-type]
    other.edit({"op": "update_persona", "id": "raj", "changes": {"quote": "x"}})
    assert other.received[0]["type"] == "rejected"
    assert "read-only" in other.received[0]["error"]["message"]
    with pytest.raises(jw.NotFoundError):
        jw.PersonaCard(journey, "nobody")
