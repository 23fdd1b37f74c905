"""Batches: the same result as their operations applied one by one (documents, inverses, errors), in time
linear in their length, and depth-limited."""

from __future__ import annotations

import time
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeywidgets as jw
from journeywidgets.model.ops import apply_op
from journeywidgets.model.ops_batch import MAX_BATCH_DEPTH

DOC = jw.sample_journey().document
STAGES = {"awareness": ["see-ad", "land"], "consideration": ["browse", "compare"], "purchase": ["cart", "pay"]}
LANES = ["actions", "thoughts", "pains", "nope"]
CARD_IDS = [*(c["id"] for c in DOC["cards"][:6]), "new-a", "new-b", "new-c", "new-d"]
INDEX = st.one_of(st.none(), st.integers(0, 4), st.just(99), st.just(-1), st.just("x"))


@st.composite
def card_ops(draw: st.DrawFn) -> dict[str, Any]:
    """One card operation (or sometimes another kind), valid or not."""
    kind = draw(st.sampled_from(["add_card", "add_card", "remove_card", "update_card", "move_card", "other"]))
    card = draw(st.sampled_from(CARD_IDS))
    stage = draw(st.sampled_from([*STAGES, "advocacy", "gone"]))
    step = draw(st.one_of(st.none(), st.sampled_from([*STAGES.get(stage, []), "pay"])))
    lane = draw(st.sampled_from(LANES))
    if kind == "add_card":
        op = {"op": kind, "id": card, "lane_id": lane, "stage_id": stage, "index": draw(INDEX), "text": "t"}
        if step is not None:
            op["step_id"] = step
        return op
    if kind == "remove_card":
        return {"op": kind, "id": card}
    if kind == "update_card":
        changes = draw(st.sampled_from([{"text": "changed"}, {"tags": ["a"]}, {"lane_id": "x"}, {"nope": 1}, []]))
        return {"op": kind, "id": card, "changes": changes}
    if kind == "move_card":
        move: dict[str, Any] = {"op": kind, "id": card, "index": draw(INDEX)}
        for field, value in (("lane_id", lane), ("stage_id", stage), ("step_id", step)):
            if draw(st.booleans()):
                move[field] = value  # noqa: PERF403 - one draw per field, in order
        return move
    return draw(st.sampled_from([{"op": "update_stage", "id": "purchase", "changes": {"name": "P"}},
                                 {"op": "remove_lane", "id": "pains"}, {"op": "fly"}]))  # fmt: skip


def one_by_one(doc: dict[str, Any], ops: list[dict[str, Any]]) -> Any:
    inverses = []
    for i, op in enumerate(ops):
        try:
            doc, inverse = apply_op(doc, op)
        except jw.JourneyError as err:
            return ("error", type(err), f"ops[{i}]: {err.message}", f"ops[{i}].{err.path}" if err.path else f"ops[{i}]")
        inverses.append(inverse)
    return doc, {"op": "batch", "ops": inverses[::-1]}


def as_batch(doc: dict[str, Any], ops: list[dict[str, Any]]) -> Any:
    try:
        return apply_op(doc, {"op": "batch", "ops": ops})
    except jw.JourneyError as err:
        return ("error", type(err), err.message, err.path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(card_ops(), max_size=12))
def test_a_batch_is_its_operations_one_by_one(ops: list[dict[str, Any]]) -> None:
    assert as_batch(DOC, ops) == one_by_one(DOC, ops)


@settings(max_examples=100, deadline=None)
@given(st.lists(card_ops(), max_size=12))
def test_a_batch_and_its_inverse_cancel(ops: list[dict[str, Any]]) -> None:
    result = as_batch(DOC, ops)
    if result[0] == "error":
        return
    new, inverse = result
    assert apply_op(new, inverse)[0] == DOC


def test_a_batch_of_8000_new_cards_takes_linear_time() -> None:
    def batch(n: int, prefix: str) -> dict[str, Any]:
        ops = [{"op": "add_card", "id": f"{prefix}-{i:05}", "lane_id": "thoughts", "stage_id": "purchase", "index": 0}
               for i in range(n)]  # fmt: skip
        return {"op": "batch", "ops": ops}

    timings = []
    for n, prefix in ((1000, "a"), (8000, "b")):
        started = time.perf_counter()
        new, inverse = apply_op(DOC, batch(n, prefix))
        timings.append(time.perf_counter() - started)
        assert len(new["cards"]) == len(DOC["cards"]) + n
        assert apply_op(new, inverse)[0] == DOC
    # linear: 8 times the ops take about 8 times as long (quadratic would be 64 times); generous for a busy machine
    assert timings[1] < 20 * timings[0] + 0.5, timings


def test_batches_nest_only_so_deep() -> None:
    op: dict[str, Any] = {"op": "update_journey", "changes": {"title": "Deep"}}
    for _ in range(MAX_BATCH_DEPTH):
        op = {"op": "batch", "ops": [op]}
    assert apply_op(DOC, op)[0]["title"] == "Deep"
    with pytest.raises(jw.InvalidOperationError, match=f"nested deeper than {MAX_BATCH_DEPTH}"):
        apply_op(DOC, {"op": "batch", "ops": [op]})
    for _ in range(500):
        op = {"op": "batch", "ops": [op]}
    with pytest.raises(jw.InvalidOperationError):  # no RecursionError
        jw.Journey.from_dict(DOC).apply(op)
