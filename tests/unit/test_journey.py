"""The Journey object: convenience methods, undo/redo, revisions, observers, batches, lookups."""

from __future__ import annotations

from typing import get_args

import pytest

from journeywidgets import (
    Change,
    HistoryError,
    InvalidFieldError,
    Journey,
    JourneyError,
    NotFoundError,
)
from journeywidgets.model import entities
from journeywidgets.model.field_spec import entity_fields


def test_build_a_journey_from_scratch() -> None:
    j = Journey("Checkout", id="checkout")
    j.add_stage("Browse", events=["product_view"])
    pay = j.add_stage("Pay", events=["checkout_completed"])
    j.add_step(pay, "Enter card", events=["card_entered"])
    j.add_lane("Pain points", kind="pain_point")
    card = j.add_card(stage="pay", lane="pain points", step="Enter card", text="Declined", evidence="data")
    assert [s.id for s in j.stages] == ["browse", "pay"]
    assert j.stage("Pay").steps[0].id == "enter-card"
    assert (card.stage_id, card.step_id, card.lane_id, card.order) == ("pay", "enter-card", "pain-points", 0)
    assert j.revision == 5


def test_slug_ids_do_not_collide() -> None:
    j = Journey("X")
    assert [j.add_stage("Use").id, j.add_stage("Use").id, j.add_stage("Use").id] == ["use", "use-2", "use-3"]


def test_undo_and_redo_walk_the_history(journey: Journey) -> None:
    start = journey.to_json()
    journey.add_card(stage="Purchase", lane="Pain points", text="A")
    after_one = journey.to_json()
    journey.remove_stage("Awareness")
    journey.undo()
    assert journey.to_json() == after_one
    journey.undo()
    assert journey.to_json() == start
    assert journey.can_redo and not journey.can_undo
    journey.redo()
    assert journey.to_json() == after_one
    assert journey.revision == 5


def test_a_new_edit_clears_redo(journey: Journey) -> None:
    journey.add_stage("Loyalty")
    journey.undo()
    journey.add_stage("Win-back")
    assert not journey.can_redo
    with pytest.raises(HistoryError, match="nothing to redo"):
        journey.redo()


def test_nothing_to_undo_is_a_clear_error() -> None:
    with pytest.raises(HistoryError, match="nothing to undo"):
        Journey("X").undo()


def test_rejected_operation_changes_nothing(journey: Journey) -> None:
    before, revision, undo = journey.to_json(), journey.revision, journey.can_undo
    with pytest.raises(NotFoundError, match="no lane with id or name 'Nope'; known lanes: 'Customer actions'"):
        journey.add_card(stage="Purchase", lane="Nope", text="x")
    with pytest.raises(InvalidFieldError, match="evidence"):
        journey.add_card(stage="Purchase", lane="pains", text="x", evidence="rumour")
    assert (journey.to_json(), journey.revision, journey.can_undo) == (before, revision, undo)


def test_observers_hear_every_change_with_its_origin(journey: Journey) -> None:
    seen: list[Change] = []
    stop = journey.observe(seen.append)
    journey.apply({"op": "update_journey", "changes": {"title": "T"}}, origin="browser")
    journey.undo()
    stop()
    journey.add_stage("Unheard")
    assert [(c.op["op"], c.origin, c.kind, c.revision) for c in seen] == [
        ("update_journey", "browser", "apply", 1),
        ("update_journey", "python", "undo", 2),
    ]
    assert seen[1].op["changes"] == {"title": "Online shop: from first ad to recommendation"}


def test_a_failing_observer_does_not_silence_the_others(journey: Journey) -> None:
    seen: list[int] = []

    def broken(_: Change) -> None:
        raise RuntimeError("observer bug")

    journey.observe(broken)
    journey.observe(lambda c: seen.append(c.revision))
    with pytest.raises(RuntimeError, match="observer bug"):
        journey.add_stage("X")
    assert seen == [1]
    assert journey.stages[-1].name == "X", "the change itself stands"


def test_batch_is_one_change_and_one_undo(journey: Journey) -> None:
    before = journey.to_json()
    seen: list[Change] = []
    journey.observe(seen.append)
    with journey.batch():
        stage = journey.add_stage("Loyalty")
        journey.add_card(stage=stage, lane="actions", text="Joins the club")
    assert journey.revision == 1
    assert [c.op["op"] for c in seen] == ["batch"]
    journey.undo()
    assert journey.to_json() == before


def test_batch_rolls_back_when_the_block_fails(journey: Journey) -> None:
    before = journey.to_json()

    def edits() -> None:
        with journey.batch():
            journey.add_stage("Loyalty")
            journey.add_card(stage="Loyalty", lane="nope", text="x")

    with pytest.raises(JourneyError):
        edits()
    assert journey.to_json() == before
    assert journey.revision == 0


def test_no_undo_inside_a_batch(journey: Journey) -> None:
    with pytest.raises(HistoryError, match="inside"), journey.batch():
        journey.undo()


def test_history_limit() -> None:
    j = Journey("X", history_limit=3)
    for n in range(5):
        j.add_stage(f"S{n}")
    for _ in range(3):
        j.undo()
    assert not j.can_undo
    assert [s.name for s in j.stages] == ["S0", "S1"]


def test_lookup_by_name_is_case_insensitive_but_never_ambiguous() -> None:
    j = Journey("X")
    j.add_stage("Buy", id="buy-a")
    j.add_stage("Buy", id="buy-b")
    assert j.stage("buy-b").id == "buy-b"
    with pytest.raises(NotFoundError, match="2 stages are named 'Buy'"):
        j.stage("Buy")


def test_cards_are_listed_in_reading_order(journey: Journey) -> None:
    stage_order = [s.id for s in journey.stages]
    positions = [stage_order.index(c.stage_id) for c in journey.cards]
    assert positions == sorted(positions)
    first = journey.cards_in(stage="awareness", lane="actions")
    assert [c.order for c in first] == [0, 1]


def test_views_are_read_only_snapshots(journey: Journey) -> None:
    stage = journey.stages[0]
    with pytest.raises(AttributeError):
        stage.name = "Changed"  # type: ignore[misc]
    journey.update_stage(stage, name="Discover")
    assert stage.name == "Awareness"
    assert journey.stages[0].name == "Discover"


def test_emotions_and_scale(journey: Journey) -> None:
    journey.set_emotion("raj", "Purchase", 2, note="coupon worked")
    point = next(p for p in journey.emotions if (p.persona_id, p.stage_id) == ("raj", "purchase"))
    assert (point.value, point.note) == (2, "coupon worked")
    journey.set_emotion("raj", "Purchase", None)
    assert ("raj", "purchase") not in {(p.persona_id, p.stage_id) for p in journey.emotions}
    with pytest.raises(InvalidFieldError, match=r"outside the new range 0\.\.4"):
        journey.set_emotion_scale(0, 4)


def test_repr(journey: Journey) -> None:
    assert repr(journey).startswith("<Journey 'Online shop: from first ad to recommendation': 5 stages, 9 lanes")


@pytest.mark.parametrize(
    ("alias", "entity", "field"),
    [
        ("Evidence", "card", "evidence"),
        ("LaneKind", "lane", "kind"),
        ("EmotionSeries", "emotion", "series"),
        ("MetricKind", "metric", "kind"),
        ("Aggregation", "metric", "aggregation"),
        ("Direction", "metric", "direction"),
    ],
)
def test_the_typed_closed_sets_are_those_of_fields_json(alias: str, entity: str, field: str) -> None:
    enum = entity_fields(entity)[field]
    assert enum.startswith("enum:")
    assert get_args(getattr(entities, alias)) == tuple(enum.removeprefix("enum:").split("|"))


def test_stages_and_lanes_collapse_and_expand_with_undo(journey: Journey) -> None:
    """Folding a stage or lane (#12) is an ordinary update: saved in the document, undone and redone."""
    assert not journey.stage("Purchase").collapsed
    assert not journey.lane("pains").collapsed
    assert journey.update_stage("Purchase", collapsed=True).collapsed
    assert journey.update_lane("pains", collapsed=True).collapsed
    assert '"collapsed": true' in journey.to_json()
    journey.undo()
    assert not journey.lane("pains").collapsed
    assert journey.stage("Purchase").collapsed
    journey.undo()
    assert not journey.stage("Purchase").collapsed
    journey.redo()
    assert journey.stage("Purchase").collapsed
    assert journey.update_stage("Purchase", collapsed=False).collapsed is False
    assert journey.add_lane("Ideas", collapsed=True).collapsed
    assert journey.add_stage("Loyalty", collapsed=True).collapsed


@pytest.mark.parametrize("value", [1, 0, "true", None, 1.0])
def test_collapsed_is_exactly_true_or_false(journey: Journey, value: object) -> None:
    before = journey.to_json()
    with pytest.raises(InvalidFieldError, match=r"lane 'pains': field 'collapsed' must be true or false") as info:
        journey.update_lane("pains", collapsed=value)
    assert info.value.path == "changes.collapsed"
    with pytest.raises(InvalidFieldError, match=r"field 'collapsed' must be true or false"):
        journey.update_stage("Purchase", collapsed=value)
    assert journey.to_json() == before


@pytest.mark.parametrize(
    ("cls", "entity"), [(entities.Stage, "stage"), (entities.Lane, "lane"), (entities.Persona, "persona")]
)
def test_the_views_have_the_fields_of_fields_json(cls: type, entity: str) -> None:
    names = [f for f in cls.__dataclass_fields__ if f != "steps"]
    assert sorted(names) == sorted(entity_fields(entity))
