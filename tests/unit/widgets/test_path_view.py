"""PathView: the paths around a stage as a Sankey, by hand on a small log, following its choices and its binding."""

from __future__ import annotations

import pytest
import traitlets

import journeywidgets as jw
from journeywidgets.widgets.path_flows import path_flows
from tests.unit.widgets.test_stage_detail import EVENTS, _journey

# After Cart: u1 and u2 buy and their logs end; u3 does help then faq; u4's log ends at Cart.


def _columns(flows: dict) -> list[list[tuple[str, int]]]:
    return [[(node["label"], node["users"]) for node in column] for column in flows["columns"]]


def _links(flows: dict) -> dict[tuple[str, str], int]:
    return {(link["source"], link["target"]): link["users"] for link in flows["links"]}


def test_the_flows_after_a_stage_by_hand() -> None:
    view = jw.PathView(_journey().bind(EVENTS), stage="Cart", steps=2)
    assert view.selected_stage == "cart"
    flows = view.flows
    assert flows["users"] == 4
    assert _columns(flows) == [[("Cart", 4)], [("buy", 2), ("help", 1), ("(end)", 1)], [("faq", 1), ("(end)", 2)]]
    assert _links(flows) == {
        ("0:Cart", "1:buy"): 2,
        ("0:Cart", "1:help"): 1,
        ("0:Cart", "1:(end)"): 1,
        ("1:buy", "2:(end)"): 2,
        ("1:help", "2:faq"): 1,
    }
    assert [node["kind"] for node in flows["columns"][1]] == ["event", "event", "end"]


def test_the_flows_follow_status_persona_direction_and_steps() -> None:
    view = jw.PathView(_journey().bind(EVENTS), stage="cart", steps=2)
    view.status = "abandoned"  # u3 and u4
    assert _columns(view.flows)[1] == [("help", 1), ("(end)", 1)]
    view.persona = "Repeat"  # u1 and u3 are repeat customers; of them u3 left at Cart
    assert view.persona == "repeat" and view.flows["users"] == 1
    view.persona, view.status, view.direction, view.steps = None, "reached", "before", 1
    assert _columns(view.flows) == [[("Cart", 4)], [("visit", 4)]]
    assert view.flows["direction"] == "before"
    with pytest.raises(traitlets.TraitError, match="steps: must be 1 to 5"):
        view.steps = 6


def test_a_column_keeps_its_most_frequent_events_and_sums_the_rest() -> None:
    table = jw.paths(EVENTS, _journey(), "cart", "after", 2, top=None)
    flows = path_flows(table, "Cart", "after", 2, top_events=1)
    assert _columns(flows)[1] == [("buy", 2), ("(other events)", 1), ("(end)", 1)]
    assert _links(flows)[("1:(other events)", "2:faq")] == 1


def test_each_column_and_the_ends_before_it_add_up_to_the_stage() -> None:
    events = jw.sample_events(n_users=1500, seed=5)
    view = jw.PathView(jw.sample_journey().bind(events), stage="consideration", steps=4)
    ended = 0
    for column in view.flows["columns"][1:]:
        assert sum(node["users"] for node in column) + ended == view.flows["users"]
        ended += sum(node["users"] for node in column if node["kind"] == "end")
    for k in range(len(view.flows["columns"]) - 1):
        into = {n["id"]: n["users"] for n in view.flows["columns"][k + 1]}
        for node_id, users in into.items():
            assert sum(link["users"] for link in view.flows["links"] if link["target"] == node_id) == users


def test_no_stage_no_flows_and_a_removed_stage_is_let_go() -> None:
    journey = _journey()
    view = jw.PathView(journey.bind(EVENTS))
    assert view.flows == {} and [s["id"] for s in view.stages] == ["visit", "cart", "buy"]
    assert view.personas == [{"id": "repeat", "name": "Repeat"}]
    view.selected_stage = "cart"
    journey.remove_stage("cart")
    assert view.selected_stage is None and view.flows == {}
    with pytest.raises(traitlets.TraitError, match="no stage 'cart'"):
        view.selected_stage = "cart"


def test_the_page_sets_only_its_choices() -> None:
    view = jw.PathView(_journey().bind(EVENTS), stage="cart")
    sent: list[object] = []
    view.send_state = lambda key=None: sent.append(key)  # type: ignore[method-assign]
    view.set_state({"flows": {"users": 999}, "stages": [], "direction": "before"})
    assert view.flows["users"] == 4 and view.direction == "before" and len(view.stages) == 3
    assert ["flows", "stages"] in sent, "Python's values are sent back"


def test_a_board_with_paths_links_them_to_the_selected_stage() -> None:
    journey = jw.sample_journey()
    board = jw.Board(journey, journey.bind(jw.sample_events(n_users=600)), paths=True)
    assert isinstance(board.paths, jw.PathView)
    linked = {(link.source[0].__class__.__name__, link.target[0].__class__.__name__, link.source[1])
              for link in board.links}  # fmt: skip
    assert ("JourneyMap", "PathView", "selected_stage") in linked, "the map links the funnel and the paths"
    assert ("JourneyMap", "PathView", "persona") in linked
    assert not hasattr(jw.Board(journey, journey.bind(jw.sample_events(n_users=300))), "paths")


def test_only_aggregates_travel() -> None:
    named = EVENTS.assign(user_id="customer-" + EVENTS["user_id"])
    view = jw.PathView(_journey().bind(named), stage="cart")
    assert "customer-" not in str(view.get_state()) and view.flows["users"] == 4


def test_a_persona_without_a_segment_gets_a_reason_not_everyones_paths() -> None:
    journey = _journey()
    journey.add_persona("Guest", id="guest")  # no segment
    view = jw.PathView(journey.bind(EVENTS), stage="cart", persona="guest")
    assert view.flows == {**view.flows, "persona": "guest"} and "columns" not in view.flows
    assert "has no segment" in view.flows["error"]
