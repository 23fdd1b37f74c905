"""The JSON Schema of ``*.journey.json`` files, built from the field definitions in ``fields.json``.

``fields.json`` stays the one source of truth: this module turns each field type
into a JSON Schema (2020-12) fragment, and the shipped file
``journeywidgets/schema/journey.schema.json`` is its output, written by
``journeywidgets schema --output ...`` (a test keeps the two equal). Saved files
name it in ``"$schema"`` so editors (VS Code, JetBrains) check and complete them.

The schema says what a file may hold field by field. What it cannot say is left to
the loader, which checks it on every load: that references name entities that exist,
that ids are unique, that an emotion's value is on the journey's scale and ``min <
max``, and which characters text may hold beyond control characters and BMP
non-characters (lone surrogates and the non-characters of the upper planes, which
editors' regular expressions do not read alike; an image URL is checked for them too).

Example:
    >>> schema = journey_schema()
    >>> schema["$defs"]["lane"]["properties"]["kind"]["enum"][:3]
    ['text', 'action', 'thought']
    >>> schema["required"]
    ['schema_version', 'id', 'title']
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from journeywidgets.model.document import (
    DEFAULT_EMOTION_SCALE,
    SCHEMA_KEY,
    SCHEMA_URL,
    SCHEMA_VERSION,
    canonical_json,
)
from journeywidgets.model.field_checks import COLOR_PATTERN, image_data_pattern
from journeywidgets.model.field_spec import default_value, entity_fields, is_required, limit

JSONSchema = dict[str, Any]
__all__ = [
    "SCHEMA_KEY",
    "SCHEMA_URL",
    "entity_schema",
    "field_schema",
    "journey_schema",
    "schema_text",
    "shipped_schema",
]

#: the lists of a document and the entity kind of their items
_LISTS = (
    ("stages", "stage"),
    ("lanes", "lane"),
    ("personas", "persona"),
    ("metrics", "metric"),
    ("cards", "card"),
    ("emotions", "emotion"),
)
_SURROGATES = range(0xD800, 0xE000)
_BMP_END = 0xFFFF


def _forbidden_pattern() -> str:
    r"""A pattern that text matches only without the forbidden characters a JSON Schema regex can express.

    Example:
        >>> _forbidden_pattern()[:22]
        '^[^\\u0000-\\u0008\\u000B'
    """
    spans = []
    for span in limit("text_forbidden"):
        low_text, _, high_text = span.partition("-")
        low, high = int(low_text, 16), int(high_text or low_text, 16)
        if high > _BMP_END or (low in _SURROGATES and high in _SURROGATES):
            continue  # left to the loader: editors' regexes disagree on code points beyond the BMP
        spans.append(f"\\u{low:04X}-\\u{high:04X}")
    return "^[^" + "".join(spans) + "]*$"


def _text(maximum: int) -> JSONSchema:
    return {"type": "string", "maxLength": maximum, "pattern": _forbidden_pattern()}


def _id() -> JSONSchema:
    return {"type": "string", "pattern": limit("id_pattern")}


def _to_the_end(pattern: str) -> str:
    r"""``pattern`` (ending in ``$``) made to end at the end of the text for every validator.

    In Python's ``re``, which the ``jsonschema`` package uses, ``$`` also matches before a final newline.

    Example:
        >>> _to_the_end("^a$")
        '^a(?!\n)$'
    """
    return pattern.removesuffix("$") + "(?!\n)$"


def field_schema(type_: str) -> JSONSchema:
    """The JSON Schema of one field type of ``fields.json`` (``"text[]"``, ``"enum:a|b"``, ``"ref?:step"``...).

    Args:
        type_: A field type of ``fields.json``.

    Returns:
        A schema fragment (``$ref`` to ``#/$defs/id`` and ``#/$defs/text`` where those apply); shared, so copy it before
        changing it.

    Raises:
        AssertionError: ``type_`` is not a type ``fields.json`` may use.

    Example:
        >>> field_schema("ref?:step")
        {'anyOf': [{'$ref': '#/$defs/id'}, {'type': 'null'}]}
        >>> field_schema("index")["maximum"] == limit("index_max")
        True
        >>> [form.get("maxLength") for form in field_schema("image")["anyOf"]]
        [None, 2048, 1000000]
    """
    list_max = limit("list_max")
    kind, _, target = type_.partition(":")
    simple: dict[str, JSONSchema] = {
        "id": {"$ref": "#/$defs/id"},
        "ref": {"$ref": "#/$defs/id"},
        "ref?": {"anyOf": [{"$ref": "#/$defs/id"}, {"type": "null"}]},
        "ref[]": {"type": "array", "items": {"$ref": "#/$defs/id"}, "uniqueItems": True},
        "name": {"allOf": [{"$ref": "#/$defs/text"}, {"maxLength": limit("name_max"), "pattern": r"\S"}]},
        "text": {"$ref": "#/$defs/text"},
        "color": {"type": "string", "pattern": f"^(?:{COLOR_PATTERN})?$"},
        "text[]": {"type": "array", "maxItems": list_max, "items": {"$ref": "#/$defs/text"}},
        "text{}": {
            "type": "object",
            "maxProperties": list_max,
            "propertyNames": {"allOf": [{"$ref": "#/$defs/text"}, {"maxLength": limit("name_max")}]},
            "additionalProperties": {"$ref": "#/$defs/text"},
        },
        "number": {"type": "number"},
        "number?": {"type": ["number", "null"]},
        "index": {"type": "integer", "minimum": 0, "maximum": limit("index_max")},
        "bool": {"type": "boolean"},
        "image": {
            "anyOf": [
                {"const": ""},
                {
                    "type": "string",
                    "maxLength": limit("image_url_max"),
                    "pattern": _to_the_end(limit("image_url_pattern")),
                },
                {"type": "string", "maxLength": limit("image_data_max"), "pattern": _to_the_end(image_data_pattern())},
            ]
        },
    }
    if kind == "enum":
        return {"enum": target.split("|")}
    if kind not in simple:
        msg = f"unknown field type {type_!r} in fields.json"
        raise AssertionError(msg)
    return simple[kind]


def entity_schema(kind: str, *, extra: dict[str, JSONSchema] | None = None) -> JSONSchema:
    """The JSON Schema of one entity kind: its fields, which are required, their defaults, nothing else.

    Args:
        kind: An entity kind of ``fields.json``.
        extra: More properties the kind has in a document (a stage's ``steps``), none required.

    Returns:
        An object schema: ``properties`` (with ``default`` for optional fields), ``required``, no other properties.

    Example:
        >>> entity_schema("step")["required"], entity_schema("step")["properties"]["events"]["default"]
        (['id', 'name'], [])
    """
    properties: dict[str, JSONSchema] = {}
    required = []
    for name, type_ in entity_fields(kind).items():
        fragment = dict(field_schema(type_))
        if is_required(type_):
            required.append(name)
        else:
            fragment["default"] = default_value(type_)
        properties[name] = fragment
    properties.update(extra or {})
    return {"type": "object", "properties": properties, "required": required, "additionalProperties": False}


def journey_schema() -> JSONSchema:
    """The JSON Schema of a ``*.journey.json`` file (draft 2020-12).

    Returns:
        The schema as a dict, built from ``fields.json`` each call (what :func:`schema_text` writes).

    Example:
        >>> schema = journey_schema()
        >>> schema["$id"] == SCHEMA_URL, schema["properties"]["schema_version"]
        (True, {'const': 1})
    """
    journey = entity_schema("journey")
    defs: dict[str, JSONSchema] = {
        "id": _id(),
        "text": _text(limit("text_max")),
        "step": entity_schema("step"),
        "emotion_scale": entity_schema("emotion_scale"),
    }
    properties: dict[str, JSONSchema] = {
        SCHEMA_KEY: {"type": "string", "description": "the schema this file follows (written by Journey.save)"},
        "schema_version": {"const": SCHEMA_VERSION},
        **journey["properties"],
        "emotion_scale": {"$ref": "#/$defs/emotion_scale", "default": DEFAULT_EMOTION_SCALE},
    }
    steps = {"steps": {"type": "array", "items": {"$ref": "#/$defs/step"}, "default": []}}
    for key, kind in _LISTS:
        defs[kind] = entity_schema(kind, extra=steps if kind == "stage" else None)
        properties[key] = {"type": "array", "items": {"$ref": f"#/$defs/{kind}"}, "default": []}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "journeywidgets journey",
        "description": (
            f"A customer-journey map saved by journeywidgets (schema_version {SCHEMA_VERSION}). Generated from "
            "journeywidgets/model/fields.json by journeywidgets.model.schema; the loader also checks what a "
            "schema cannot: references, unique ids, emotion values on the scale, min < max, and text free of "
            "lone surrogates and non-characters beyond the BMP."
        ),
        "type": "object",
        "properties": properties,
        "required": ["schema_version", *journey["required"]],
        "additionalProperties": False,
        "$defs": defs,
    }


def schema_text() -> str:
    r"""The schema as the shipped file holds it: canonical JSON (sorted keys, two-space indent, final newline).

    Returns:
        The text ``journey.schema.json`` must hold (a test checks that it does).

    Example:
        >>> schema_text().startswith('{\n  "$defs"')
        True
    """
    return canonical_json(journey_schema())


def shipped_schema_path() -> Path:
    """Where the installed package keeps ``journey.schema.json``.

    Returns:
        The file's path inside the installed ``journeywidgets`` package.

    Example:
        >>> shipped_schema_path().name
        'journey.schema.json'
    """
    return Path(str(resources.files("journeywidgets").joinpath("schema").joinpath("journey.schema.json")))


def shipped_schema() -> JSONSchema:
    """The schema file shipped in the package, parsed.

    Returns:
        The shipped file's JSON, as a dict.

    Raises:
        OSError: The file cannot be read (a broken installation).

    Example:
        >>> shipped_schema()["$id"] == SCHEMA_URL
        True
    """
    loaded: JSONSchema = json.loads(shipped_schema_path().read_text("utf-8"))
    return loaded
