"""Operations on the structure of a map: stages, steps, lanes, personas, metrics, the journey itself.

Stages, lanes, personas and metrics are ordered lists (list order is display
order). Steps live inside their stage: their operations are in
:mod:`~journeywidgets.model.ops_steps`. Removing a stage, lane or persona
also removes what hangs on it (cards, emotion points, references), and its
inverse restores all of it.

Example:
    >>> from journeywidgets.model.document import empty_document
    >>> doc, inverse = add_item("lane")(empty_document("j", "Demo"),
    ...     {"op": "add_lane", "id": "pains", "name": "Pains", "kind": "pain_point"})
    >>> inverse
    {'op': 'remove_lane', 'id': 'pains'}
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from journeywidgets.model.errors import DuplicateIdError, InvalidFieldError
from journeywidgets.model.fields import check_changes, entity_fields, normalize_entity
from journeywidgets.model.opkit import (
    Doc,
    Op,
    check_ids_exist,
    check_op_keys,
    clamp,
    find_index,
    optional_index,
    required_id,
    required_index,
    without_keys,
)
from journeywidgets.model.ops_content import remove_cards_where, remove_emotions_where

Handler = Callable[[Doc, Op], tuple[Doc, Op]]

#: entity kind -> the document list that holds it (steps live inside stages)
COLLECTIONS = {"stage": "stages", "lane": "lanes", "persona": "personas", "metric": "metrics"}


def _check_refs(doc: Doc, kind: str, fields: dict[str, object], where: str, prefix: str = "") -> None:
    if kind == "metric" and "stage_ids" in fields:
        ids = cast("list[str]", fields["stage_ids"])
        check_ids_exist(doc, "stages", "stage", ids, where=where, path=prefix + "stage_ids")


def add_item(kind: str) -> Handler:
    """Return the ``add_<kind>`` handler for a stage, lane, persona or metric.

    Args:
        kind: ``"stage"``, ``"lane"``, ``"persona"`` or ``"metric"``.

    Returns:
        A handler ``(doc, op) -> (new doc, inverse)`` whose inverse is a ``remove_<kind>``; it raises
        ``DuplicateIdError`` for a taken id.

    Example:
        >>> add_item("stage").__name__
        'add_stage'
    """
    key = COLLECTIONS[kind]

    def handler(doc: Doc, op: Op) -> tuple[Doc, Op]:
        check_op_keys(op, [*entity_fields(kind), "index"])
        index = optional_index(op)
        entity = normalize_entity(kind, without_keys(op, "op", "index"), where=f"new {kind}")
        _check_refs(doc, kind, entity, f"{kind} '{entity['id']}'")
        items: list[Doc] = doc[key]
        if any(item["id"] == entity["id"] for item in items):
            raise DuplicateIdError(f"{kind} id '{entity['id']}' is already used", path="id")
        if kind == "stage":
            entity["steps"] = []
        pos = clamp(index, len(items))
        return {**doc, key: [*items[:pos], entity, *items[pos:]]}, {"op": f"remove_{kind}", "id": entity["id"]}

    handler.__name__ = f"add_{kind}"
    return handler


def update_item(kind: str) -> Handler:
    """Return the ``update_<kind>`` handler: ``{"id": ..., "changes": {...}}``.

    Args:
        kind: ``"stage"``, ``"lane"``, ``"persona"`` or ``"metric"``.

    Returns:
        A handler ``(doc, op) -> (new doc, inverse)`` whose inverse sets the changed fields back.

    Example:
        >>> update_item("lane").__name__
        'update_lane'
    """
    key = COLLECTIONS[kind]

    def handler(doc: Doc, op: Op) -> tuple[Doc, Op]:
        check_op_keys(op, ["id", "changes"])
        id_ = required_id(op)
        items: list[Doc] = list(doc[key])
        pos = find_index(items, id_, kind)
        where = f"{kind} '{id_}'"
        changes = check_changes(kind, op.get("changes"), where=where)
        _check_refs(doc, kind, changes, where, prefix="changes.")
        old = items[pos]
        items[pos] = {**old, **changes}
        inverse = {"op": f"update_{kind}", "id": id_, "changes": {k: old[k] for k in changes}}
        return {**doc, key: items}, inverse

    handler.__name__ = f"update_{kind}"
    return handler


def move_item(kind: str) -> Handler:
    """Return the ``move_<kind>`` handler: ``{"id": ..., "index": n}`` (clamped to the end).

    Args:
        kind: ``"stage"``, ``"lane"``, ``"persona"`` or ``"metric"``.

    Returns:
        A handler ``(doc, op) -> (new doc, inverse)`` whose inverse moves the entity back.

    Example:
        >>> move_item("persona").__name__
        'move_persona'
    """
    key = COLLECTIONS[kind]

    def handler(doc: Doc, op: Op) -> tuple[Doc, Op]:
        check_op_keys(op, ["id", "index"])
        id_ = required_id(op)
        items: list[Doc] = list(doc[key])
        pos = find_index(items, id_, kind)
        index = required_index(op)
        entity = items.pop(pos)
        items.insert(clamp(index, len(items)), entity)
        return {**doc, key: items}, {"op": f"move_{kind}", "id": id_, "index": pos}

    handler.__name__ = f"move_{kind}"
    return handler


def remove_item(kind: str) -> Handler:
    """Return the ``remove_<kind>`` handler; the inverse restores everything removed with it.

    Args:
        kind: ``"stage"``, ``"lane"``, ``"persona"`` or ``"metric"``.

    Returns:
        A handler ``(doc, op) -> (new doc, inverse)``; it also removes what depends on the entity (a stage's cards and
        points, a persona's points and card links, ...), and the inverse (a batch then) restores it all.

    Example:
        >>> remove_item("metric").__name__
        'remove_metric'
    """
    key = COLLECTIONS[kind]

    def handler(doc: Doc, op: Op) -> tuple[Doc, Op]:
        check_op_keys(op, ["id"])
        id_ = required_id(op)
        items: list[Doc] = doc[key]
        pos = find_index(items, id_, kind)
        entity = items[pos]
        restore: list[Op] = [{"op": f"add_{kind}", **without_keys(entity, "steps"), "index": pos}]
        doc, restore_tail = _cascade(doc, kind, entity)
        restore.extend(restore_tail)
        doc = {**doc, key: [*items[:pos], *items[pos + 1 :]]}
        return doc, restore[0] if len(restore) == 1 else {"op": "batch", "ops": restore}

    handler.__name__ = f"remove_{kind}"
    return handler


def _cascade(doc: Doc, kind: str, entity: Doc) -> tuple[Doc, list[Op]]:
    """Remove what hangs on an entity about to be removed; return the ops restoring it."""
    id_ = entity["id"]
    restore: list[Op] = []
    if kind == "stage":
        restore.extend(
            {"op": "add_step", "stage_id": id_, **step, "index": i} for i, step in enumerate(entity["steps"])
        )
        doc, cards = remove_cards_where(doc, lambda c: c["stage_id"] == id_)
        doc, points = remove_emotions_where(doc, lambda p: p["stage_id"] == id_)
        doc, metric_ops = _drop_reference(doc, "metrics", "metric", "stage_ids", id_)
        restore.extend([*cards, *points, *metric_ops])
    elif kind == "lane":
        doc, cards = remove_cards_where(doc, lambda c: c["lane_id"] == id_)
        restore.extend(cards)
    elif kind == "persona":
        doc, points = remove_emotions_where(doc, lambda p: p["persona_id"] == id_)
        doc, card_ops = _drop_reference(doc, "cards", "card", "persona_ids", id_)
        restore.extend([*points, *card_ops])
    return doc, restore


def _drop_reference(doc: Doc, collection: str, kind: str, field: str, id_: str) -> tuple[Doc, list[Op]]:
    restore: list[Op] = []
    items: list[Doc] = []
    for item in doc[collection]:
        if id_ in item[field]:
            restore.append({"op": f"update_{kind}", "id": item["id"], "changes": {field: item[field]}})
            item = {**item, field: [x for x in item[field] if x != id_]}  # noqa: PLW2901
        items.append(item)
    return ({**doc, collection: items} if restore else doc), restore


def update_journey(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Change the journey's own fields (title, description, state, owner, tags).

    Args:
        doc: The document (not modified).
        op: The operation: ``{"op": "update_journey", "changes": {...}}``.

    Returns:
        The new document and the operation that undoes this one.

    Raises:
        JourneyError: A change is unknown or invalid.

    Example:
        >>> from journeywidgets import Journey, sample_journey
        >>> doc = sample_journey().document
        >>> new, inverse = update_journey(doc, {"op": "update_journey", "changes": {"title": "New"}})
        >>> new["title"], inverse["changes"] == {"title": doc["title"]}
        ('New', True)
    """
    check_op_keys(op, ["changes"])
    changes = check_changes("journey", op.get("changes"), where="journey")
    inverse = {"op": "update_journey", "changes": {k: doc[k] for k in changes}}
    return {**doc, **changes}, inverse


def set_emotion_scale(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Replace the emotion scale; every existing emotion point must fit the new range.

    Args:
        doc: The document (not modified).
        op: The operation: ``min``, ``max`` and ``labels``.

    Returns:
        The new document and the operation that undoes this one (it sets the old scale back).

    Raises:
        InvalidFieldError: ``max`` is not above ``min``, or an existing point falls outside the new range.

    Example:
        >>> from journeywidgets import Journey
        >>> op = {"op": "set_emotion_scale", "min": 1, "max": 5, "labels": {}}
        >>> new, inverse = set_emotion_scale(Journey("Demo").document, op)
        >>> new["emotion_scale"]["max"], inverse["min"]
        (5, -2)
    """
    check_op_keys(op, entity_fields("emotion_scale"))
    scale = normalize_entity("emotion_scale", without_keys(op, "op"), where="emotion scale")
    if scale["min"] >= scale["max"]:
        msg = f"emotion scale: field 'max' must be greater than min {scale['min']}, got {scale['max']}"
        raise InvalidFieldError(msg, path="max")
    for point in doc["emotions"]:
        if not scale["min"] <= point["value"] <= scale["max"]:
            msg = (
                f"emotion scale: persona '{point['persona_id']}' has value {point['value']} at stage "
                f"'{point['stage_id']}', outside the new range {scale['min']}..{scale['max']}"
            )
            raise InvalidFieldError(msg, path="min" if point["value"] < scale["min"] else "max")
    return {**doc, "emotion_scale": scale}, {"op": "set_emotion_scale", **doc["emotion_scale"]}
