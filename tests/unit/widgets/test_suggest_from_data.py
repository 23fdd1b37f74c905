"""The map's "Suggest from data": the page asks, Python decides what the data says and adds the cards."""

from __future__ import annotations

import pandas as pd

import journeywidgets as jw
from journeywidgets.widgets.edit_envelope import PAGE_ACTIONS
from tests.unit.widgets.test_edit_authority import Page

SUGGEST = {"action": "suggest"}


def _shown(cards: list[jw.Card]) -> list[tuple[object, ...]]:
    return sorted((c.stage_id, c.lane_id, c.text, c.evidence, c.tags, c.persona_ids) for c in cards)


def test_only_a_bound_map_offers_suggestions(journey: jw.Journey, binding: jw.Binding) -> None:
    assert jw.JourneyMap(journey, binding=binding).can_suggest is True
    assert jw.JourneyMap(jw.sample_journey()).can_suggest is False
    assert "suggest" in PAGE_ACTIONS


def test_suggest_adds_the_bindings_top_findings_as_one_undo_step(journey: jw.Journey, binding: jw.Binding) -> None:
    view = jw.JourneyMap(journey, binding=binding)
    page = Page(view)
    twin = jw.Journey.from_json(journey.to_json())
    expected = twin.add_cards_from(binding.insights(top=jw.JourneyMap.suggestions))
    assert expected, "the sample data has findings"
    revision, before = journey.revision, {card.id for card in journey.cards}

    page.edit(**SUGGEST)

    change, notice = page.received[-2:]
    assert change["type"] == "change" and change["acks"] == {"view-1": 1}, "the one change acknowledges the request"
    assert notice == {"type": "notice", "client": "view-1", "seq": 1, "added": len(expected)}
    assert journey.revision == revision + 1, "every card in one change"
    added = [card for card in journey.cards if card.id not in before]
    assert _shown(added) == _shown(expected)
    assert all(card.evidence == "data" and "data" in card.tags for card in added)
    assert all(any(ch.isdigit() for ch in card.text) for card in added), "each card names its numbers"

    page.edit(action="undo")
    assert {card.id for card in journey.cards} == before, "one undo takes them all back"


def test_suggesting_again_adds_nothing_and_still_acknowledges(journey: jw.Journey, binding: jw.Binding) -> None:
    view = jw.JourneyMap(journey, binding=binding)
    page = Page(view)
    page.edit(**SUGGEST)
    count, revision = len(journey.cards), journey.revision

    reply = page.edit(**SUGGEST)

    assert reply == {"type": "notice", "client": "view-1", "seq": 2, "added": 0}
    assert view._acks == {"view-1": 2}, "the view drops the request from its pending edits"
    assert (len(journey.cards), journey.revision) == (count, revision)


def test_a_map_without_data_refuses_with_a_reason(journey: jw.Journey) -> None:
    page = Page(jw.JourneyMap(journey))
    reply = page.edit(**SUGGEST)
    assert reply["type"] == "rejected" and reply["error"]["code"] == "cannot_suggest"
    assert "binding=journey.bind(data)" in reply["error"]["message"]
    assert journey.revision == 0


def test_a_read_only_map_refuses_suggestions(journey: jw.Journey, binding: jw.Binding) -> None:
    page = Page(jw.JourneyMap(journey, binding=binding, editable=False))
    reply = page.edit(**SUGGEST)
    assert reply["type"] == "rejected" and reply["error"]["code"] == "read_only"
    assert journey.revision == 0


def test_a_journey_without_a_lane_for_the_findings_is_left_as_it_was(events: pd.DataFrame) -> None:
    journey = jw.sample_journey()
    for lane in [lane for lane in journey.lanes if lane.kind in {"pain", "opportunity"}]:
        journey.remove_lane(lane.id)
    revision = journey.revision
    page = Page(jw.JourneyMap(journey, binding=journey.bind(events)))
    reply = page.edit(**SUGGEST)
    assert reply["type"] == "rejected" and reply["error"]["code"] == "not_found"
    assert "lane" in reply["error"]["message"]
    assert journey.revision == revision


def test_a_failed_recomputation_suggests_nothing(journey: jw.Journey, binding: jw.Binding) -> None:
    view = jw.JourneyMap(journey, binding=binding)
    page = Page(view)
    journey.update_persona("raj", segment="shoe_size > 3")
    assert binding.error is not None
    revision = journey.revision
    reply = page.edit(**SUGGEST)
    assert reply["type"] == "rejected" and reply["error"]["code"] == "cannot_suggest"
    assert "could not be computed" in reply["error"]["message"]
    assert journey.revision == revision
