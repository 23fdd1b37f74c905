"""Mermaid journey text and the tidy table of cards, on a small journey whose answers are known."""

from __future__ import annotations

import journeywidgets as jw


def small_journey() -> jw.Journey:
    journey = jw.Journey("Checkout: the fast way", id="checkout")
    journey.add_stage("Browse", id="browse")
    journey.add_stage("Pay", id="pay")
    journey.add_step("Pay", "Card details", id="card")
    journey.add_lane("Doing", kind="action", id="doing")
    journey.add_lane("Pains", kind="pain_point", id="pains")
    journey.add_persona("Ann, the planner", id="ann")
    journey.add_persona("Bo", id="bo")
    journey.add_card(stage="Browse", lane="Doing", text="Looks: at #1 offers; twice\nthen leaves", id="c1")
    journey.add_card(stage="Pay", lane="Pains", text="Card declined", tags=["payments", "ux"], id="c2")
    journey.set_emotion("ann", "Browse", 2)  # top of -2..2 -> 5
    journey.set_emotion("bo", "Browse", 0)  # middle -> 3
    journey.set_emotion("ann", "Pay", -2, step="Card details")  # bottom -> 1
    return journey


def test_mermaid_sections_tasks_scores_and_actors() -> None:
    assert jw.to_mermaid(small_journey()).splitlines() == [
        "journey",
        "    title Checkout#58; the fast way",
        "    section Browse",
        # the mean of Ann (5) and Bo (3); the separators in the text are Mermaid entity codes, not parsed
        "      Looks#58; at #35;1 offers#59; twice then leaves: 4: Ann#44; the planner, Bo",
        "    section Pay",
        "      Card details: 1: Ann#44; the planner",  # no action card: the steps, scored by step
    ]
    assert "Looks#58; at #35;1 offers#59; twice then leaves: 3: Bo" in jw.to_mermaid(small_journey(), persona="Bo")


def test_a_stage_without_points_scores_neutral() -> None:
    journey = jw.Journey("Plain")
    journey.add_stage("Only")
    assert jw.to_mermaid(journey).splitlines()[-1] == "      Only: 3"


def test_the_cards_table_has_one_row_per_card_in_map_order() -> None:
    table = small_journey().to_dataframe()
    assert table[["stage", "step", "lane", "lane_kind", "text", "tags", "stage_index"]].to_dict("records") == [
        {
            "stage": "Browse",
            "step": "",
            "lane": "Doing",
            "lane_kind": "action",
            "text": "Looks: at #1 offers; twice\nthen leaves",
            "tags": "",
            "stage_index": 0,
        },
        {
            "stage": "Pay",
            "step": "",
            "lane": "Pains",
            "lane_kind": "pain_point",
            "text": "Card declined",
            "tags": "payments, ux",
            "stage_index": 1,
        },
    ]
    assert len(jw.sample_journey().to_dataframe()) == len(jw.sample_journey().cards)
