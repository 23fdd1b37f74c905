"""JSON documents: canonical text, files, schema versions and migrations, validation of whole documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import journeywidgets as jw
from journeywidgets.model import document
from journeywidgets.model.document import SCHEMA_VERSION, normalize_document


def test_json_round_trip_is_identity(journey: jw.Journey) -> None:
    text = journey.to_json()
    assert jw.Journey.from_json(text).to_json() == text
    assert text.endswith("}\n") and '"schema_version": 1' in text


def test_json_is_canonical_whatever_the_input_key_order(journey: jw.Journey) -> None:
    data = json.loads(journey.to_json())
    shuffled = json.loads(json.dumps({k: data[k] for k in reversed(list(data))}))
    shuffled["cards"] = list(reversed(shuffled["cards"]))
    assert jw.Journey.from_dict(shuffled).to_json() == journey.to_json()


def test_a_card_move_changes_few_lines_of_the_file(journey: jw.Journey) -> None:
    before = journey.to_json().splitlines()
    card = journey.cards_in(stage="advocacy", lane="pains")[0]
    journey.move_card(card, stage="experience")
    after = journey.to_json().splitlines()
    changed = [n for n, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(before) == len(after)
    assert 1 <= len(changed) <= 3, changed


def test_save_and_load(tmp_path: Path, journey: jw.Journey) -> None:
    path = journey.save(tmp_path / "shop.journey.json")
    assert jw.load(path).to_json() == journey.to_json()
    assert [p.name for p in tmp_path.iterdir()] == ["shop.journey.json"], "no temp files left behind"


def test_a_failed_save_keeps_the_old_file(tmp_path: Path, journey: jw.Journey, monkeypatch: pytest.MonkeyPatch) -> None:
    path = journey.save(tmp_path / "shop.json")
    original = path.read_bytes()
    journey.add_stage("Loyalty")

    def explode(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", explode)
    with pytest.raises(OSError, match="disk full"):
        journey.save(path)
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["shop.json"]


def test_newer_schema_version_is_refused_clearly() -> None:
    with pytest.raises(jw.SchemaVersionError, match=r"newer than 1 .* upgrade journeywidgets"):
        jw.Journey.from_dict({"schema_version": SCHEMA_VERSION + 1, "id": "j", "title": "T"})


def test_missing_schema_version() -> None:
    with pytest.raises(jw.MissingFieldError) as info:
        jw.Journey.from_dict({"id": "j", "title": "T"})
    assert info.value.path == "schema_version"


def test_older_versions_are_migrated(monkeypatch: pytest.MonkeyPatch) -> None:
    """The migration path: a version-1 file read by a release whose schema is version 2."""

    def rename_name_to_title(doc: dict) -> dict:
        doc["title"] = doc.pop("name")
        return doc

    monkeypatch.setattr(document, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(document.MIGRATIONS, 1, rename_name_to_title)
    doc = normalize_document({"schema_version": 1, "id": "j", "name": "Old style"})
    assert (doc["schema_version"], doc["title"]) == (2, "Old style")


def test_malformed_json_is_a_document_error() -> None:
    with pytest.raises(jw.DocumentError, match="invalid JSON at line 1, column 2"):
        jw.Journey.from_json("{nope")
    with pytest.raises(jw.DocumentError, match="expected a JSON object, got a list"):
        jw.Journey.from_json("[]")
    with pytest.raises(jw.DocumentError, match="NaN is not valid JSON"):
        jw.Journey.from_json('{"schema_version": 1, "id": "j", "title": "T", "emotion_scale": {"min": NaN}}')


@pytest.mark.parametrize(
    ("patch", "error", "path", "message"),
    [
        (
            {"stages": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}]},
            jw.DuplicateIdError,
            "stages",
            "stage id 'a' is used more than once",
        ),
        ({"stages": [{"id": "a", "name": ""}]}, jw.InvalidFieldError, "stages[0].name", "stages[0] (id 'a')"),
        ({"lanes": [{"id": "l", "name": "L", "kind": "wall"}]}, jw.InvalidFieldError, "lanes[0].kind", "'wall'"),
        (
            {"cards": [{"id": "c", "lane_id": "x", "stage_id": "y"}]},
            jw.NotFoundError,
            "cards[0].lane_id",
            "no lane with id 'x'",
        ),
        ({"cards": "none"}, jw.InvalidFieldError, "cards", "cards must be a list"),
        ({"colour": "red"}, jw.UnknownFieldError, "colour", "unknown field 'colour'"),
        (
            {"lanes": [{"id": "l", "name": "L", "collapsed": 1}]},
            jw.InvalidFieldError,
            "lanes[0].collapsed",
            "field 'collapsed' must be true or false, got int 1",
        ),
        (
            {"stages": [{"id": "s", "name": "S", "collapsed": "true"}]},
            jw.InvalidFieldError,
            "stages[0].collapsed",
            "field 'collapsed' must be true or false, got 'true'",
        ),
        (
            {"personas": [{"id": "p", "name": "P", "image": "javascript:alert(1)"}]},
            jw.InvalidFieldError,
            "personas[0].image",
            "field 'image' must be '' or an image address: an https:// or http:// URL, or a data:image/",
        ),
        (
            {"personas": [{"id": "p", "name": "P", "image": "data:image/png,raw"}]},
            jw.InvalidFieldError,
            "personas[0].image",
            "field 'image' must be '' or a data:image/",
        ),
    ],
)
def test_invalid_documents_name_the_field(patch: dict, error: type, path: str, message: str) -> None:
    with pytest.raises(error, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[")) as info:
        jw.Journey.from_dict({"schema_version": 1, "id": "j", "title": "T", **patch})
    assert info.value.path == path


def test_documents_without_collapsed_load_expanded() -> None:
    """Files written before stages and lanes could be folded (#12) load as they were: nothing folded."""
    old = {"schema_version": 1, "id": "j", "title": "T", "stages": [{"id": "s", "name": "S"}]}
    journey = jw.Journey.from_dict({**old, "lanes": [{"id": "l", "name": "L"}]})
    assert (journey.stages[0].collapsed, journey.lanes[0].collapsed) == (False, False)
    doc = normalize_document({**old, "lanes": [{"id": "l", "name": "L", "collapsed": True}]})
    assert (doc["stages"][0]["collapsed"], doc["lanes"][0]["collapsed"]) == (False, True)


def test_card_orders_are_renumbered_densely() -> None:
    doc = normalize_document(
        {
            "schema_version": 1,
            "id": "j",
            "title": "T",
            "stages": [{"id": "s", "name": "S"}],
            "lanes": [{"id": "l", "name": "L"}],
            "cards": [
                {"id": "b", "lane_id": "l", "stage_id": "s", "order": 7},
                {"id": "a", "lane_id": "l", "stage_id": "s", "order": 3},
            ],
        }
    )
    assert [(c["id"], c["order"]) for c in doc["cards"]] == [("a", 0), ("b", 1)]


def test_to_dict_is_a_copy(journey: jw.Journey) -> None:
    data = journey.to_dict()
    data["stages"].clear()
    assert len(journey.stages) == 5
