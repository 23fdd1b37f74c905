"""The JSON Schema of *.journey.json files: generated from fields.json, shipped, named by saved files, and right.

Every document the tests produce validates (the sample, the operation vectors, random edit sequences), invalid
documents do not, and the schema never refuses a document the loader accepts.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import journeywidgets as jw
from journeywidgets import cli
from journeywidgets.model import schema
from journeywidgets.model.document import normalize_document
from tests.unit.test_persona_image import ACCEPTED as IMAGES_ACCEPTED
from tests.unit.test_persona_image import NOT_TEXT as IMAGES_NOT_TEXT
from tests.unit.test_persona_image import REFUSED as IMAGES_REFUSED
from tests.unit.test_properties import JSONISH, operations

jsonschema = pytest.importorskip("jsonschema", reason="the schema tests need jsonschema (the test-core extra)")

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "src" / "journeywidgets" / "schema" / "journey.schema.json"
VECTORS = ROOT / "tests" / "vectors"
VALIDATOR = jsonschema.Draft202012Validator(schema.journey_schema())


def _valid(document: Any) -> bool:
    return VALIDATOR.is_valid(document)


def _loads(document: Any) -> bool:
    try:
        normalize_document(document)
    except jw.JourneyError:
        return False
    return True


def test_the_committed_schema_is_the_generated_one() -> None:
    assert COMMITTED.read_text("utf-8") == schema.schema_text(), (
        "src/journeywidgets/schema/journey.schema.json is stale: run "
        "'journeywidgets schema -o src/journeywidgets/schema/journey.schema.json'"
    )


def test_the_package_ships_the_schema_file() -> None:
    assert schema.shipped_schema_path().is_file()
    assert schema.shipped_schema() == schema.journey_schema()


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema.journey_schema())
    assert schema.journey_schema()["$id"] == schema.SCHEMA_URL


def test_the_schema_command_prints_or_writes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["schema"]) == 0
    assert capsys.readouterr().out == schema.schema_text()
    target = tmp_path / "journey.schema.json"
    assert cli.main(["schema", "--output", str(target)]) == 0
    assert target.read_text("utf-8") == schema.schema_text()


def test_the_schema_follows_fields_json() -> None:
    defs = schema.journey_schema()["$defs"]
    for kind in ("stage", "step", "lane", "card", "persona", "emotion", "metric", "emotion_scale"):
        fields = jw.model.fields.entity_fields(kind)
        assert set(defs[kind]["properties"]) - {"steps"} == set(fields), kind
    lane_kinds = jw.model.fields.entity_fields("lane")["kind"].removeprefix("enum:").split("|")
    assert defs["lane"]["properties"]["kind"]["enum"] == lane_kinds


# ----- saved files name their schema ------------------------------------------------------------


def test_a_saved_file_names_the_schema_and_loads_again(tmp_path: Path, journey: jw.Journey) -> None:
    path = journey.save(tmp_path / "shop.journey.json")
    data = json.loads(path.read_text("utf-8"))
    assert data["$schema"] == schema.SCHEMA_URL
    assert next(iter(data)) == "$schema"
    assert "$schema" not in journey.to_dict(), "the document itself does not carry it"
    assert jw.load(path).to_json() == path.read_text("utf-8")


def test_a_file_naming_another_schema_loads_and_is_saved_with_ours(journey: jw.Journey) -> None:
    data = {**json.loads(journey.to_json()), "$schema": "./my-copy.schema.json"}
    assert jw.Journey.from_dict(data).to_json() == journey.to_json()


def test_a_schema_that_is_not_text_is_refused(journey: jw.Journey) -> None:
    data = {**journey.to_dict(), "$schema": 3}
    with pytest.raises(jw.InvalidFieldError, match=r"'\$schema' must name a schema"):
        jw.Journey.from_dict(data)


# ----- every document the tests produce validates ------------------------------------------------


def test_the_sample_and_an_empty_journey_validate() -> None:
    for journey in (jw.sample_journey(), jw.Journey("Empty")):
        VALIDATOR.validate(json.loads(journey.to_json()))
        VALIDATOR.validate(journey.to_dict())


def _vector_documents() -> list[tuple[str, Any]]:
    found = [("base.json", json.loads((VECTORS / "base.json").read_text("utf-8")))]
    for path in sorted((VECTORS / "ops").glob("*.json")):
        vector = json.loads(path.read_text("utf-8"))
        found += [(f"{path.name}:{key}", vector[key]) for key in ("doc", "base") if isinstance(vector.get(key), dict)]
        expected = vector.get("expected", {})
        if isinstance(expected.get("doc"), dict):
            found.append((f"{path.name}:expected", expected["doc"]))
    return found


def test_every_document_of_the_operation_vectors_validates() -> None:
    documents = _vector_documents()
    assert len(documents) > 50
    for name, document in documents:
        errors = [error.message for error in VALIDATOR.iter_errors(document)]
        assert not errors, (name, errors[:3])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_journeys_after_random_edits_validate(data: st.DataObject) -> None:
    journey = jw.sample_journey()
    for _ in range(data.draw(st.integers(0, 12))):
        try:
            journey.apply(data.draw(operations(journey.document)))
        except jw.JourneyError:
            continue
    VALIDATOR.validate(json.loads(journey.to_json()))


ENTITY_LISTS = ("stages", "lanes", "cards", "personas", "metrics", "emotions")


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_schema_never_refuses_what_the_loader_accepts(data: st.DataObject) -> None:
    """One field of the sample replaced by any JSON value: if the loader takes the document, the schema does."""
    document = jw.sample_journey().to_dict()
    key = data.draw(st.sampled_from([*ENTITY_LISTS, "title", "tags", "state", "emotion_scale"]))
    images = ["https://example.com/a.png", "javascript:alert(1)", "data:image/png;base64,QUJD", "data:text/html,x"]
    value = data.draw(JSONISH | st.sampled_from(["", " ", "ok", "#a1b2c3", "x" * 600, "a\x07", [], {}, *images]))
    if key in ENTITY_LISTS and document[key]:
        item = data.draw(st.sampled_from(document[key]))
        item[data.draw(st.sampled_from(sorted(item)))] = value
    else:
        document[key] = value
    if _loads(document):
        assert _valid(document), document


# ----- invalid documents do not validate (and the loader refuses them too) -----------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        target[int(last) if last.isdigit() else last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        del target[last]

    return mutate


INVALID: dict[str, Mutation] = {
    "missing title": _delete("title"),
    "missing schema_version": _delete("schema_version"),
    "newer schema_version": _set("schema_version", 2),
    "title of the wrong type": _set("title", 3),
    "blank title": _set("title", "   "),
    "unknown top-level field": _set("colour", "red"),
    "unknown lane kind": _set("lanes.0.kind", "swimlane"),
    "bad id": _set("stages.0.id", "has space"),
    "id too long": _set("lanes.0.id", "x" * 65),
    "missing stage name": _delete("stages.0.name"),
    "unknown card field": _set("cards.0.colour", "red"),
    "card order negative": _set("cards.0.order", -1),
    "card order a fraction": _set("cards.0.order", 1.5),
    "tags not a list": _set("tags", "a, b"),
    "a tag not text": _set("tags", [1]),
    "text with a control character": _set("cards.0.text", "bell \x07"),
    "bad colour": _set("personas.0.color", "red"),
    "stages not a list": _set("stages", {}),
    "steps not a list": _set("stages.0.steps", "none"),
    "emotion value not a number": _set("emotions.0.value", "happy"),
    "emotion value a boolean": _set("emotions.0.value", True),
    "persona ids repeated": _set("cards.0.persona_ids", ["maya", "maya"]),
    "demographics value not text": _set("personas.0.demographics", {"age": 30}),
    "unknown evidence": _set("cards.0.evidence", "rumour"),
    "metric target text": _set("metrics.0.target", "high"),
    "emotion scale without max": _delete("emotion_scale.max"),
    "schema reference not text": _set("$schema", 3),
    "persona image a javascript: URL": _set("personas.0.image", "javascript:alert(1)"),
    "persona image an HTML data URI": _set("personas.0.image", "data:text/html;base64,PGI+aGk8L2I+"),
    "persona image a URL with credentials": _set("personas.0.image", "https://ann:pw@example.com/a.png"),
    "persona image a relative path": _set("personas.0.image", "img/ann.png"),
}


@pytest.mark.parametrize("name", sorted(INVALID))
def test_an_invalid_document_does_not_validate(name: str) -> None:
    document = copy.deepcopy(json.loads(jw.sample_journey().to_json()))
    INVALID[name](document)
    assert not _valid(document), f"the schema accepts a document with {name}"
    assert not _loads(document), f"the loader accepts a document with {name}"


# ----- persona pictures: the schema and the loader agree ---------------------------------------

#: what the schema cannot see in a URL (as in text): lone surrogates and the non-characters beyond the BMP
_LEFT_TO_THE_LOADER = {"https://example.com/a\ud800.png", "https://example.com/a\U0001fffe.png"}


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        *((value, True) for value in IMAGES_ACCEPTED),
        *((value, False) for value in sorted(IMAGES_REFUSED) if value not in _LEFT_TO_THE_LOADER),
        *((value, False) for value in IMAGES_NOT_TEXT),
    ],
    ids=lambda value: repr(value)[:40] if not isinstance(value, bool) else str(value),
)
def test_the_schema_and_the_loader_agree_on_persona_images(value: object, accepted: bool) -> None:
    document = jw.sample_journey().to_dict()
    document["personas"][0]["image"] = value
    assert _loads(document) is accepted
    assert _valid(document) is accepted


def test_what_the_schema_leaves_to_the_loader_in_an_image_url() -> None:
    for value in _LEFT_TO_THE_LOADER:
        document = jw.sample_journey().to_dict()
        document["personas"][0]["image"] = value
        assert value in IMAGES_REFUSED
        assert not _loads(document)
