"""The journey document as JSON: validation of whole documents, schema versions, canonical text.

A document is a plain JSON object. :func:`normalize_document` checks every
entity and reference, fills defaults and puts lists in canonical order, so that
the same journey always serializes to the same text (:func:`canonical_json`)
and a git diff shows only what changed. A saved file also carries ``"$schema"``
(:func:`file_json`), which loading accepts and sets aside.

Example:
    >>> doc = normalize_document({"schema_version": 1, "id": "j", "title": "Demo"})
    >>> doc["emotion_scale"]["min"], doc["stages"]
    (-2, [])
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from journeywidgets.model.errors import (
    DocumentError,
    DuplicateIdError,
    InvalidFieldError,
    JourneyError,
    MissingFieldError,
    SchemaVersionError,
    UnknownFieldError,
)
from journeywidgets.model.fields import describe, entity_fields, normalize_entity, printable
from journeywidgets.model.opkit import Doc, check_ids_exist, check_placement, find_index

#: the schema version this release writes
SCHEMA_VERSION = 1
#: the key a saved file names its JSON Schema under: accepted on load (any text), never part of the document
SCHEMA_KEY = "$schema"
#: where the JSON Schema of saved files is published (see :mod:`journeywidgets.model.schema`)
SCHEMA_URL = (
    "https://raw.githubusercontent.com/journeywidgets/journeywidgets/main/src/journeywidgets/schema/journey.schema.json"
)

#: migrations from an older schema version to the next one: ``{old version: function}``
MIGRATIONS: dict[int, Callable[[Doc], Doc]] = {}

DEFAULT_EMOTION_SCALE: Doc = {
    "min": -2,
    "max": 2,
    "labels": {"-2": "very negative", "-1": "negative", "0": "neutral", "1": "positive", "2": "very positive"},
}

LIST_KEYS = ("stages", "lanes", "personas", "metrics", "cards", "emotions")
TOP_LEVEL_KEYS = ("schema_version", *entity_fields("journey"), "emotion_scale", *LIST_KEYS)


def empty_document(id_: str, title: str) -> Doc:
    """Return a valid document with no stages, lanes or cards.

    Args:
        id_: The journey's id.
        title: The journey's title.

    Returns:
        A normalized document of the current schema version, with empty lists and the default emotion scale.

    Example:
        >>> sorted(empty_document("j", "Demo"))[:3]
        ['cards', 'description', 'emotion_scale']
    """
    return normalize_document({"schema_version": SCHEMA_VERSION, "id": id_, "title": title})


def canonical_json(doc: Mapping[str, Any]) -> str:
    r"""Serialize a document canonically: sorted keys, two-space indent, UTF-8 text, final newline.

    Args:
        doc: The document (any JSON-compatible mapping).

    Returns:
        The JSON text, the same for the same document whatever the order its dicts were built in.

    Raises:
        ValueError: The document holds NaN or an infinity, which JSON cannot write.

    Example:
        >>> canonical_json({"b": 1, "a": [1, 2]})
        '{\n  "a": [\n    1,\n    2\n  ],\n  "b": 1\n}\n'
    """
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def file_json(doc: Mapping[str, Any]) -> str:
    """The text of a saved journey: the document's canonical JSON, with ``"$schema"`` naming its JSON Schema.

    Args:
        doc: The (normalized) document.

    Returns:
        The canonical JSON text of ``doc`` with ``"$schema"`` set to :data:`SCHEMA_URL`, as :meth:`Journey.save` writes
        it.

    Example:
        >>> file_json({"title": "T"}).splitlines()[1].startswith('  "$schema": "https://')
        True
    """
    return canonical_json({SCHEMA_KEY: SCHEMA_URL, **doc})


def parse_json(text: str | bytes) -> Doc:
    """Parse document text into a normalized document.

    Args:
        text: JSON text (or UTF-8 bytes) of a journey document, as :func:`file_json` writes it.

    Returns:
        The validated, normalized document (migrated if older; a ``"$schema"`` set aside).

    Raises:
        DocumentError: The text is not JSON, or not a JSON object.
        JourneyError: The document is not a valid journey (see :func:`normalize_document`).

    Example:
        >>> parse_json('{"schema_version": 1, "id": "j", "title": "T"}')["title"]
        'T'
        >>> parse_json("{oops")
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.DocumentError: not a journey document: invalid JSON at line 1, column 2: ...
    """
    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as err:
        msg = f"not a journey document: invalid JSON at line {err.lineno}, column {err.colno}: {err.msg}"
        raise DocumentError(msg) from None
    except (UnicodeDecodeError, RecursionError, ValueError) as err:
        raise DocumentError(f"not a journey document: {err}") from None
    return normalize_document(data)


def _reject_constant(name: str) -> None:
    msg = f"{name} is not valid JSON"
    raise ValueError(msg)


def migrate(data: Doc) -> Doc:
    """Bring a document of an older schema version up to :data:`SCHEMA_VERSION`.

    Args:
        data: A document whose ``schema_version`` may be older than this release's.

    Returns:
        The document at :data:`SCHEMA_VERSION` (``data`` itself when it already is).

    Raises:
        MissingFieldError: There is no ``schema_version``.
        InvalidFieldError: ``schema_version`` is not a whole number of 1 or more.
        SchemaVersionError: The version is newer than this release understands, or no migration leads on from it.

    Example:
        >>> migrate({"schema_version": 1})["schema_version"]
        1
    """
    version = data.get("schema_version")
    if "schema_version" not in data:
        raise MissingFieldError("journey: field 'schema_version' is required", path="schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        msg = f"journey: field 'schema_version' must be a whole number >= 1, got {describe(version)}"
        raise InvalidFieldError(msg, path="schema_version")
    if version > SCHEMA_VERSION:
        shown = describe(version).removeprefix("int ")  # a huge number is described, not printed
        msg = (
            f"this journey was written with schema_version {shown}, newer than {SCHEMA_VERSION} which this "
            "journeywidgets understands; upgrade journeywidgets (pip install -U journeywidgets) to open it"
        )
        raise SchemaVersionError(msg, path="schema_version")
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            msg = f"no migration from schema_version {version} to {version + 1}"
            raise SchemaVersionError(msg, path="schema_version")
        data = step(dict(data))
        version += 1
        data["schema_version"] = version
    return data


def normalize_document(data: object) -> Doc:
    """Validate a whole document (every field and reference) and return its canonical form.

    Args:
        data: A document as parsed from JSON (any object: a non-mapping is rejected).

    Returns:
        A new document in canonical form: defaults filled in, lists in canonical order, the current schema version.

    Raises:
        DocumentError: ``data`` is not a JSON object.
        JourneyError: A field or reference is invalid: an ``UnknownFieldError``, ``InvalidFieldError``,
            ``MissingFieldError``, ``DuplicateIdError`` or ``SchemaVersionError`` whose ``path`` names it.

    Example:
        >>> normalize_document({"schema_version": 1, "id": "j", "title": "T", "colour": "red"})
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.UnknownFieldError: journey: unknown field 'colour'; expected one of ...
    """
    if not isinstance(data, Mapping):
        raise DocumentError(f"not a journey document: expected a JSON object, got {describe(data)}")
    data = dict(data)
    named = data.pop(SCHEMA_KEY, None)  # a file's "$schema": for editors, not part of the document
    if named is not None and not isinstance(named, str):
        raise InvalidFieldError(
            f"journey: '{SCHEMA_KEY}' must name a schema (text), got {describe(named)}", path=SCHEMA_KEY
        )
    data = migrate(data)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            msg = f"journey: unknown field '{printable(key)}'; expected one of {', '.join(TOP_LEVEL_KEYS)}"
            raise UnknownFieldError(msg, path=printable(key))
    journey_fields = {k: data[k] for k in entity_fields("journey") if k in data}
    doc: Doc = {"schema_version": SCHEMA_VERSION, **normalize_entity("journey", journey_fields, where="journey")}
    scale = data.get("emotion_scale", DEFAULT_EMOTION_SCALE)
    doc["emotion_scale"] = normalize_entity("emotion_scale", scale, where="emotion_scale", path_prefix="emotion_scale.")
    if doc["emotion_scale"]["min"] >= doc["emotion_scale"]["max"]:
        raise InvalidFieldError("emotion_scale: field 'max' must be greater than 'min'", path="emotion_scale.max")
    lists = {key: _list(data, key) for key in LIST_KEYS}
    doc["stages"] = _entities(lists["stages"], "stage", "stages", extra=("steps",))
    for i, (raw, stage) in enumerate(zip(lists["stages"], doc["stages"], strict=True)):
        stage["steps"] = _entities(_list(raw, "steps", f"stages[{i}]."), "step", f"stages[{i}].steps")
    _check_unique([s for st in doc["stages"] for s in st["steps"]], "step", "stages[].steps")
    doc["lanes"] = _entities(lists["lanes"], "lane", "lanes")
    doc["personas"] = _entities(lists["personas"], "persona", "personas")
    doc["metrics"] = _entities(lists["metrics"], "metric", "metrics")
    for i, metric in enumerate(doc["metrics"]):
        where = f"metric '{metric['id']}'"
        _at(
            f"metrics[{i}]", check_ids_exist, doc, "stages", "stage", metric["stage_ids"], where=where, path="stage_ids"
        )
    doc["cards"] = _cards(doc, lists["cards"])
    doc["emotions"] = _emotions(doc, lists["emotions"])
    return doc


def _list(data: Mapping[str, Any], key: str, prefix: str = "") -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise InvalidFieldError(f"{prefix}{key} must be a list, got {describe(value)}", path=prefix + key)
    return value


def _at(prefix: str, check: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a check, prefixing the error's path and message with the entity's position."""
    try:
        return check(*args, **kwargs)
    except JourneyError as err:
        err.path = f"{prefix}.{err.path}" if err.path else prefix
        err.message = f"{prefix}: {err.message}"
        err.args = (err.message,)
        raise


def _entities(items: list[Any], kind: str, where: str, extra: tuple[str, ...] = ()) -> list[Doc]:
    out = []
    for i, item in enumerate(items):
        label = f"{where}[{i}]"
        if isinstance(item, Mapping) and isinstance(item.get("id"), str):
            label += f" (id '{item['id']}')"
        entity = normalize_entity(kind, item, where=label, path_prefix=f"{where}[{i}].", extra=extra)
        out.append(entity)
    _check_unique(out, kind, where)
    return out


def _check_unique(items: list[Doc], kind: str, where: str) -> None:
    seen: set[str] = set()
    for item in items:
        if item["id"] in seen:
            raise DuplicateIdError(f"{where}: {kind} id '{item['id']}' is used more than once", path=where)
        seen.add(item["id"])


def _cards(doc: Doc, items: list[Any]) -> list[Doc]:
    cards = _entities(items, "card", "cards")
    for i, card in enumerate(cards):
        where = f"card '{card['id']}'"
        _at(f"cards[{i}]", find_index, doc["lanes"], card["lane_id"], "lane", "lane_id")
        _at(f"cards[{i}]", check_placement, doc, where, card["stage_id"], card["step_id"])
        _at(
            f"cards[{i}]",
            check_ids_exist,
            doc,
            "personas",
            "persona",
            card["persona_ids"],
            where=where,
            path="persona_ids",
        )
    # dense order per cell: sort each cell by (order, id) and renumber from 0
    cells: dict[tuple[str, str, str], list[Doc]] = {}
    for card in sorted(cards, key=lambda c: (c["order"], c["id"])):
        cells.setdefault((card["lane_id"], card["stage_id"], card["step_id"] or ""), []).append(card)
    for cell in cells.values():
        for order, card in enumerate(cell):
            card["order"] = order
    return sorted(cards, key=lambda c: str(c["id"]))


def _emotions(doc: Doc, items: list[Any]) -> list[Doc]:
    points = []
    scale = doc["emotion_scale"]
    seen: set[tuple[str, str, str, str]] = set()
    for i, item in enumerate(items):
        point = normalize_entity("emotion", item, where=f"emotions[{i}]", path_prefix=f"emotions[{i}].")
        where = f"emotion of persona '{point['persona_id']}'"
        _at(f"emotions[{i}]", find_index, doc["personas"], point["persona_id"], "persona", "persona_id")
        _at(f"emotions[{i}]", check_placement, doc, where, point["stage_id"], point["step_id"])
        if not scale["min"] <= point["value"] <= scale["max"]:
            msg = f"emotions[{i}]: value {point['value']} is outside the emotion scale {scale['min']}..{scale['max']}"
            raise InvalidFieldError(msg, path=f"emotions[{i}].value")
        key = (point["persona_id"], point["stage_id"], point["step_id"] or "", point["series"])
        if key in seen:
            raise DuplicateIdError(
                f"emotions[{i}]: a second point for the same persona, place and series", path=f"emotions[{i}]"
            )
        seen.add(key)
        points.append(point)
    return sorted(points, key=lambda p: (p["persona_id"], p["stage_id"], p["step_id"] or "", p["series"]))
