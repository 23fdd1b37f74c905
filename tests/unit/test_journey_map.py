"""The JourneyMap widget's Python side: synced state follows the journey."""

from __future__ import annotations

import json

import pytest
import traitlets

import journeywidgets as jw
from journeywidgets.widgets.bundle import BundleMissingError, require_bundle


def test_state_is_the_document(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey)
    state = view.get_state()
    assert state["_view"] == "map"
    assert state["_document"] == journey.document
    assert state["persona"] == "maya", "the first persona is shown by default"
    assert len(json.dumps(state["_document"])) < 40_000


def test_python_changes_flow_to_the_view(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey)
    sent: list[dict] = []
    view.observe(lambda change: sent.append(change["new"]), names="_document")
    card = journey.add_card(stage="Purchase", lane="Pain points", text="<script>alert(1)</script>")
    assert sent, "the document trait changed"
    assert any(c["id"] == card.id and c["text"] == "<script>alert(1)</script>" for c in view._document["cards"])
    assert view.revision == journey.revision == 1


def test_two_views_of_one_journey_stay_identical(journey: jw.Journey) -> None:
    a, b = jw.JourneyMap(journey), jw.JourneyMap(journey)
    journey.remove_stage("Advocacy")
    journey.undo()
    journey.move_card(journey.cards[0], stage="Purchase")
    assert a._document == b._document == journey.document
    assert a.revision == b.revision == 3


def test_persona_by_name_and_validation(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey, persona="Elena, the loyal regular")
    assert view.persona == "elena"
    view.persona = "Raj, the deal hunter"
    assert view.persona == "raj"
    with pytest.raises(traitlets.TraitError, match="no persona with id or name 'Zed'"):
        view.persona = "Zed"
    journey.remove_persona("raj")
    assert view.persona == "maya", "a removed persona falls back to the first one"


def test_closed_view_stops_following(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey)
    view.close()
    journey.add_stage("Later")
    assert len(view._document["stages"]) == 5


def test_wrong_journey_type() -> None:
    with pytest.raises(TypeError, match=r"'journey' must be a journeywidgets\.Journey, got dict"):
        jw.JourneyMap({"title": "x"})  # type: ignore[arg-type]


def test_missing_bundle_says_how_to_build_it() -> None:
    with pytest.raises(BundleMissingError, match=r"npm ci && npm run build"):
        require_bundle("no-such-file.js")
