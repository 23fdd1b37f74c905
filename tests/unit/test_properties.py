"""Laws of the model, checked with hypothesis on random edit sequences and random input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeywidgets as jw
from journeywidgets.model.document import canonical_json, normalize_document
from journeywidgets.model.fields import entity_fields

TEXT = st.text(min_size=0, max_size=12)
NAME = st.text(min_size=1, max_size=12).filter(lambda s: s.strip() != "")
ID = st.from_regex(r"[a-z][a-z0-9-]{0,6}", fullmatch=True)


def _ids(doc: dict, key: str) -> list[str]:
    return [item["id"] for item in doc[key]]


def _step_ids(doc: dict) -> list[str]:
    return [t["id"] for s in doc["stages"] for t in s["steps"]]


def _pick(draw: st.DrawFn, existing: list[str]) -> str:
    """Mostly an existing id, sometimes a fresh (possibly unknown) one."""
    if existing and draw(st.booleans()):
        return draw(st.sampled_from(existing))
    return draw(ID)


@st.composite
def operations(draw: st.DrawFn, doc: dict) -> dict[str, Any]:
    """One operation that may or may not be valid for ``doc``."""
    stages, lanes, personas = _ids(doc, "stages"), _ids(doc, "lanes"), _ids(doc, "personas")
    cards, steps = _ids(doc, "cards"), _step_ids(doc)
    index = draw(st.none() | st.integers(min_value=0, max_value=6))
    kind = draw(
        st.sampled_from(
            [
                "add_stage",
                "add_step",
                "add_lane",
                "add_card",
                "add_card",
                "add_card",
                "add_persona",
                "add_metric",
                "update_stage",
                "update_card",
                "update_persona",
                "update_journey",
                "move_card",
                "move_card",
                "move_stage",
                "move_lane",
                "move_step",
                "remove_card",
                "remove_stage",
                "remove_lane",
                "remove_step",
                "remove_persona",
                "set_emotion",
                "set_emotion",
                "batch",
            ]
        )
    )
    if kind in ("add_stage", "add_lane", "add_persona"):
        return {"op": kind, "id": draw(ID), "name": draw(NAME), "index": index}
    if kind == "add_metric":
        return {
            "op": kind,
            "id": draw(ID),
            "name": draw(NAME),
            "stage_ids": draw(st.lists(st.sampled_from(stages or ["x"]), max_size=2, unique=True)),
        }
    if kind == "add_step":
        return {"op": kind, "stage_id": _pick(draw, stages), "id": draw(ID), "name": draw(NAME), "index": index}
    if kind == "add_card":
        return {
            "op": kind,
            "id": draw(ID),
            "lane_id": _pick(draw, lanes),
            "stage_id": _pick(draw, stages),
            "step_id": draw(st.none() | st.sampled_from(steps or ["x"])),
            "text": draw(TEXT),
            "index": index,
            "persona_ids": draw(st.lists(st.sampled_from(personas or ["x"]), max_size=2, unique=True)),
        }
    if kind == "update_stage":
        return {
            "op": kind,
            "id": _pick(draw, stages),
            "changes": {"name": draw(NAME), "events": draw(st.lists(TEXT, max_size=2))},
        }
    if kind == "update_card":
        return {
            "op": kind,
            "id": _pick(draw, cards),
            "changes": {"text": draw(TEXT), "evidence": draw(st.sampled_from(["data", "observed", "bogus"]))},
        }
    if kind == "update_persona":
        return {"op": kind, "id": _pick(draw, personas), "changes": {"quote": draw(TEXT)}}
    if kind == "update_journey":
        return {"op": kind, "changes": {"title": draw(TEXT)}}
    if kind == "move_card":
        return {
            "op": kind,
            "id": _pick(draw, cards),
            "lane_id": _pick(draw, lanes),
            "stage_id": _pick(draw, stages),
            "index": index,
        }
    if kind.startswith("move_"):
        pool = {"move_stage": stages, "move_lane": lanes, "move_step": steps}[kind]
        return {"op": kind, "id": _pick(draw, pool), "index": draw(st.integers(0, 6))}
    if kind.startswith("remove_"):
        pool = {
            "remove_card": cards,
            "remove_stage": stages,
            "remove_lane": lanes,
            "remove_step": steps,
            "remove_persona": personas,
        }[kind]
        return {"op": kind, "id": _pick(draw, pool)}
    if kind == "set_emotion":
        return {
            "op": kind,
            "persona_id": _pick(draw, personas),
            "stage_id": _pick(draw, stages),
            "value": draw(st.none() | st.integers(-3, 3) | st.floats(-2, 2, allow_nan=False)),
        }
    return {"op": "batch", "ops": [draw(operations(doc)), draw(operations(doc))]}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_undo_after_any_valid_ops_restores_and_redo_replays(data: st.DataObject) -> None:
    journey = jw.sample_journey()
    original = journey.to_json()
    applied, snapshots = 0, [original]
    for _ in range(data.draw(st.integers(1, 25))):
        op = data.draw(operations(journey.document))
        before = journey.to_json()
        try:
            journey.apply(op)
        except jw.JourneyError:
            assert journey.to_json() == before, "a rejected op changes nothing"
            continue
        applied += 1
        snapshots.append(journey.to_json())
        assert normalize_document(journey.document) == journey.document, "documents stay canonical"
    for expected in reversed(snapshots[:-1]):
        journey.undo()
        assert journey.to_json() == expected
    assert journey.to_json() == original
    for expected in snapshots[1:]:
        journey.redo()
        assert journey.to_json() == expected
    assert journey.revision == 3 * applied


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_json_round_trip_is_identity_after_random_edits(data: st.DataObject) -> None:
    journey = jw.sample_journey()
    for _ in range(data.draw(st.integers(0, 10))):
        try:
            journey.apply(data.draw(operations(journey.document)))
        except jw.JourneyError:
            pass
    text = journey.to_json()
    assert jw.Journey.from_json(text).to_json() == text
    assert canonical_json(json.loads(text)) == text


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    op=st.dictionaries(
        st.sampled_from(["op", "id", "index", "changes", "name", "lane_id", "stage_id", "value", "ops"]),
        JSONISH | st.sampled_from(jw.model.OPERATION_NAMES),
        max_size=5,
    )
)
def test_malformed_operations_raise_only_journey_errors_and_change_nothing(op: dict[str, Any]) -> None:
    journey = jw.sample_journey()
    before = journey.to_json()
    try:
        journey.apply(op)
    except jw.JourneyError:
        assert journey.to_json() == before
        assert journey.revision == 0 and not journey.can_undo


CARD_FIELDS = list(entity_fields("card"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    mutation=st.tuples(st.sampled_from(["title", "stages", "cards", "emotions", "schema_version", "lanes"]), JSONISH),
    garbage=st.binary(max_size=40),
)
def test_bad_documents_raise_only_journey_errors_and_keep_the_file(
    tmp_path: Path, mutation: tuple[str, Any], garbage: bytes
) -> None:
    good = jw.sample_journey()
    path = good.save(tmp_path / "map.json")
    on_disk = path.read_bytes()
    data = json.loads(on_disk)
    key, value = mutation
    data[key] = value
    for text in (json.dumps(data), garbage, on_disk[: len(on_disk) // 2]):
        try:
            jw.Journey.from_json(text)
        except jw.JourneyError:
            pass
    try:
        bad = jw.Journey.from_dict(data)
    except jw.JourneyError:
        pass
    else:
        bad.save(tmp_path / "other.json")
    assert path.read_bytes() == on_disk
