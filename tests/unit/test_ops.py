"""Semantics of the operations, checked by hand on the vector base document."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from journeywidgets.model import InvalidFieldError, NotFoundError, apply_op

BASE = json.loads((Path(__file__).resolve().parent.parent / "vectors" / "base.json").read_text("utf-8"))


def cell(doc: dict, lane: str, stage: str, step: str | None = None) -> list[str]:
    cards = [c for c in doc["cards"] if (c["lane_id"], c["stage_id"], c["step_id"]) == (lane, stage, step)]
    return [c["id"] for c in sorted(cards, key=lambda c: c["order"])]


def orders(doc: dict) -> dict[str, int]:
    return {c["id"]: c["order"] for c in doc["cards"]}


def test_base_cells() -> None:
    assert cell(BASE, "doing", "s1") == ["c1", "c2", "c3"]
    assert cell(BASE, "pains", "s1", "t1") == ["c4"]


def test_move_card_reorders_within_cell() -> None:
    doc, inverse = apply_op(BASE, {"op": "move_card", "id": "c3", "index": 0})
    assert cell(doc, "doing", "s1") == ["c3", "c1", "c2"]
    assert orders(doc) == {"c1": 1, "c2": 2, "c3": 0, "c4": 0, "c5": 0}
    assert inverse == {"op": "move_card", "id": "c3", "lane_id": "doing", "stage_id": "s1", "step_id": None, "index": 2}


def test_move_card_to_another_cell_closes_the_gap() -> None:
    doc, _ = apply_op(BASE, {"op": "move_card", "id": "c2", "lane_id": "pains", "stage_id": "s2", "index": 0})
    assert cell(doc, "doing", "s1") == ["c1", "c3"]
    assert cell(doc, "pains", "s2") == ["c2", "c5"]
    assert [c["id"] for c in doc["cards"]] == ["c1", "c2", "c3", "c4", "c5"], "cards stay sorted by id"


def test_move_card_to_other_stage_leaves_its_step() -> None:
    doc, _ = apply_op(BASE, {"op": "move_card", "id": "c4", "stage_id": "s2"})
    moved = next(c for c in doc["cards"] if c["id"] == "c4")
    assert (moved["stage_id"], moved["step_id"], moved["order"]) == ("s2", None, 1)


def test_add_card_in_the_middle_shifts_later_cards() -> None:
    doc, _ = apply_op(BASE, {"op": "add_card", "id": "c0", "lane_id": "doing", "stage_id": "s1", "index": 1})
    assert cell(doc, "doing", "s1") == ["c1", "c0", "c2", "c3"]


def test_remove_stage_removes_what_hangs_on_it() -> None:
    doc, _ = apply_op(BASE, {"op": "remove_stage", "id": "s1"})
    assert [s["id"] for s in doc["stages"]] == ["s2"]
    assert [c["id"] for c in doc["cards"]] == ["c5"]
    assert [(p["persona_id"], p["stage_id"]) for p in doc["emotions"]] == [("p2", "s2")]
    assert doc["metrics"][0]["stage_ids"] == ["s2"]


def test_remove_persona_unlinks_cards() -> None:
    doc, _ = apply_op(BASE, {"op": "remove_persona", "id": "p1"})
    assert all("p1" not in c["persona_ids"] for c in doc["cards"])
    assert all(p["persona_id"] != "p1" for p in doc["emotions"])


def test_set_emotion_keeps_the_note_unless_given() -> None:
    doc, _ = apply_op(BASE, {"op": "set_emotion", "persona_id": "p1", "stage_id": "s1", "value": -1})
    point = next(p for p in doc["emotions"] if (p["persona_id"], p["stage_id"], p["step_id"]) == ("p1", "s1", None))
    assert (point["value"], point["note"]) == (-1, "curious")


def test_errors_name_the_field_and_id() -> None:
    with pytest.raises(NotFoundError, match="card 'c9': field 'persona_ids' refers to no persona 'p9'"):
        apply_op(BASE, {"op": "add_card", "id": "c9", "lane_id": "doing", "stage_id": "s1", "persona_ids": ["p9"]})
    with pytest.raises(InvalidFieldError, match="step 't1' belongs to stage 's1', not to stage 's2'"):
        apply_op(BASE, {"op": "move_card", "id": "c1", "stage_id": "s2", "step_id": "t1"})
    with pytest.raises(InvalidFieldError, match="field 'value' must be between -2 and 2, got 3"):
        apply_op(BASE, {"op": "set_emotion", "persona_id": "p1", "stage_id": "s2", "value": 3})
