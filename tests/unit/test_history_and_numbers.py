"""History keeps copies and honours its limit; numbers, keys and indices from files and callers fail clearly."""

from __future__ import annotations

import json

import pytest

import journeywidgets as jw
from journeywidgets.model.errors import InvalidFieldError, JourneyError


def test_mutating_an_applied_op_changes_nothing_in_undo_or_redo() -> None:
    journey = jw.Journey("Demo")
    op = {"op": "add_stage", "id": "a", "name": "A", "events": ["visit"]}
    journey.apply(op)
    op["name"] = "Mutated"
    op["events"].append("sneaked in")
    op["id"] = "b"
    journey.undo()
    journey.redo()
    assert [(s.id, s.name, s.events) for s in journey.stages] == [("a", "A", ("visit",))]


def test_mutating_an_update_op_changes_nothing_in_redo() -> None:
    journey = jw.sample_journey()
    card = journey.cards[0]
    changes = {"tags": ["first"]}
    journey.apply({"op": "update_card", "id": card.id, "changes": changes})
    journey.undo()
    changes["tags"].append("later")
    changes["text"] = "forged"
    journey.redo()
    assert journey.card(card.id).tags == ("first",)
    assert journey.card(card.id).text == card.text


def test_mutating_a_batch_and_an_observed_change_changes_nothing() -> None:
    journey = jw.Journey("Demo")
    seen: list[jw.Change] = []
    journey.observe(seen.append)
    inner = {"op": "add_stage", "id": "a", "name": "A"}
    journey.apply({"op": "batch", "ops": [inner]})
    inner["name"] = "Mutated"
    seen[0].op["ops"][0]["name"] = "Mutated by an observer"
    seen[0].inverse["ops"].clear()
    journey.undo()
    assert journey.stages == ()
    seen[-1].op["id"] = "nope"  # the inverse the undo applied
    journey.redo()
    assert [s.name for s in journey.stages] == ["A"]
    with journey.batch():
        op = {"op": "add_lane", "id": "l", "name": "L"}
        journey.apply(op)
        op["name"] = "Mutated"
    journey.undo()
    journey.redo()
    assert [lane.name for lane in journey.lanes] == ["L"]


def test_history_limit_zero_keeps_no_history() -> None:
    journey = jw.Journey("Demo", history_limit=0)
    journey.add_stage("A")
    assert journey.revision == 1 and not journey.can_undo
    with pytest.raises(jw.HistoryError, match="nothing to undo"):
        journey.undo()
    with journey.batch():
        journey.add_stage("B")
    assert not journey.can_undo


def test_history_limit_none_keeps_every_change_and_n_keeps_n() -> None:
    journey = jw.Journey("Demo", history_limit=None)
    for n in range(1200):
        journey.add_lane(f"L{n}")
    undone = 0
    while journey.can_undo:
        journey.undo()
        undone += 1
    assert undone == 1200 and journey.lanes == ()
    journey = jw.Journey("Demo", history_limit=2)
    for name in "ABC":
        journey.add_stage(name)
    journey.undo()
    journey.undo()
    assert not journey.can_undo and [s.name for s in journey.stages] == ["A"]
    journey.redo()
    journey.redo()
    assert [s.name for s in journey.stages] == ["A", "B", "C"]


@pytest.mark.parametrize("limit", [-1, True, False, 1.5, "10"])
def test_a_bad_history_limit_is_refused(limit: object) -> None:
    with pytest.raises(InvalidFieldError, match="history_limit") as info:
        jw.Journey("Demo", history_limit=limit)  # type: ignore[arg-type]
    assert info.value.path == "history_limit"
    with pytest.raises(InvalidFieldError):
        jw.Journey.from_dict(jw.Journey("Demo").to_dict(), history_limit=limit)  # type: ignore[arg-type]


def test_from_json_takes_a_history_limit() -> None:
    text = jw.Journey("Demo").to_json()
    journey = jw.Journey.from_json(text, history_limit=0)
    journey.add_stage("A")
    assert not journey.can_undo


# ----- numbers, keys and indices --------------------------------------------------------------------

DOC = {"schema_version": 1, "id": "j", "title": "T", "stages": [{"id": "s", "name": "S"}]}
BIG = "1" + "0" * 400


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (
            '{"schema_version":1,"id":"j","title":"T","emotion_scale":{"min":-BIG,"max":2}}'.replace("BIG", BIG),
            "emotion_scale.min",
        ),
        ('{"schema_version":1,"id":"j","title":"T","emotion_scale":{"min":-2,"max":1e400}}', "emotion_scale.max"),
        (
            '{"schema_version":1,"id":"j","title":"T","metrics":[{"id":"m","name":"M","target":BIG}]}'.replace(
                "BIG", BIG
            ),
            "metrics[0].target",
        ),
        (
            '{"schema_version":1,"id":"j","title":"T","metrics":[{"id":"m","name":"M","target":-1e999}]}',
            "metrics[0].target",
        ),
        ('{"schema_version":BIG,"id":"j","title":"T"}'.replace("BIG", BIG), "schema_version"),
        ('{"schema_version":1.0,"id":"j","title":"T"}', "schema_version"),
        ('{"schema_version":true,"id":"j","title":"T"}', "schema_version"),
        ('{"schema_version":1,"id":"j","title":BIG}'.replace("BIG", BIG), "title"),
    ],
)
def test_numbers_beyond_a_double_in_a_file_are_clear_errors(text: str, path: str) -> None:
    with pytest.raises(JourneyError) as info:
        jw.Journey.from_json(text)
    assert info.value.path == path
    assert len(str(info.value)) < 500  # the number is described, not printed


def test_a_card_order_beyond_the_index_bound_or_a_bool_is_refused() -> None:
    base = {
        **DOC,
        "lanes": [{"id": "l", "name": "L"}],
        "cards": [{"id": "c", "lane_id": "l", "stage_id": "s", "order": 0}],
    }
    for order, ok in ((2**53 - 1, True), (2**53, False), (10**400, False), (True, False), (-1, False), (3.0, True)):
        doc = json.loads(json.dumps(base))
        doc["cards"][0]["order"] = order
        if ok:
            assert jw.Journey.from_dict(doc).cards[0].order == 0  # renumbered densely
        else:
            with pytest.raises(InvalidFieldError) as info:
                jw.Journey.from_dict(doc)
            assert info.value.path == "cards[0].order"


def test_huge_python_ints_from_a_caller_are_clear_errors() -> None:
    journey = jw.sample_journey()
    for value in (10**400, 10**5000, -(10**309)):
        with pytest.raises(InvalidFieldError, match="finite number"):
            journey.set_emotion("maya", "Purchase", value)
        with pytest.raises(InvalidFieldError, match="whole number"):
            journey.move_stage("purchase", value)
    with pytest.raises(InvalidFieldError, match="whole number"):
        journey.move_stage("purchase", True)  # a bool is no index


def test_a_non_string_key_in_changes_is_a_journey_error() -> None:
    journey = jw.sample_journey()
    for kind, ref in (("card", journey.cards[0].id), ("stage", "purchase"), ("persona", "maya")):
        with pytest.raises(jw.UnknownFieldError) as info:
            journey.apply({"op": f"update_{kind}", "id": ref, "changes": {1: "x"}})
        assert info.value.path == "changes.1"
    with pytest.raises(jw.UnknownFieldError):
        journey.apply({"op": "update_journey", "changes": {None: "x"}})


def test_copies_are_deep_at_any_depth_and_share_nothing() -> None:
    from journeywidgets.model.history import copy_json  # noqa: PLC0415

    op: dict = {"op": "batch", "ops": []}
    inner = op
    for _ in range(5000):  # deeper than Python's recursion limit
        child: dict = {"op": "batch", "ops": []}
        inner["ops"].append(child)
        inner = child
    copy, original, depth = copy_json(op), op, 0
    while copy["ops"]:  # the same shape, level by level, with no level shared
        assert copy is not original and copy["op"] == "batch"
        copy, original, depth = copy["ops"][0], original["ops"][0], depth + 1
    assert depth == 5000
    with pytest.raises(jw.InvalidOperationError):  # refused by the model, not a RecursionError
        jw.Journey("Demo").apply(op)
    shared = ["a"]
    both = copy_json({"x": shared, "y": (shared,)})
    assert both == {"x": ["a"], "y": [["a"]]} and both["x"] is not shared and both["y"][0] is not shared
    looped: dict = {"op": "batch"}
    looped["ops"] = [looped]  # a cycle: copied (by the loop), then refused by the model
    assert copy_json(looped)["ops"][0]["ops"][0]["op"] == "batch"
    with pytest.raises(jw.InvalidOperationError):
        jw.Journey("Demo").apply(looped)
