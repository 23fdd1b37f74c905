"""Operations on the structure of a map: stages, steps, lanes, personas, metrics, the journey itself.

Stages, lanes, personas and metrics are ordered lists (list order is display
order). Steps live inside their stage. Removing a stage, step, lane or persona
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

from journeywidgets.model.errors import DuplicateIdError, InvalidFieldError, MissingFieldError
from journeywidgets.model.fields import check_changes, entity_fields, normalize_entity
from journeywidgets.model.opkit import (
    Doc,
    Op,
    all_steps,
    check_ids_exist,
    check_op_keys,
    clamp,
    find_index,
    optional_index,
    required_id,
    step_stage,
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
        index = _required_index(op)
        entity = items.pop(pos)
        items.insert(clamp(index, len(items)), entity)
        return {**doc, key: items}, {"op": f"move_{kind}", "id": id_, "index": pos}

    handler.__name__ = f"move_{kind}"
    return handler


def _required_index(op: Op) -> int:
    index = optional_index(op)
    if index is None:
        raise MissingFieldError(f"{op['op']}: field 'index' is required", path="index")
    return index


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


def _replace_stage(doc: Doc, stage: Doc) -> Doc:
    stages = [stage if s["id"] == stage["id"] else s for s in doc["stages"]]
    return {**doc, "stages": stages}


def add_step(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Add a step (a column inside a stage) at ``index`` among that stage's steps.

    Args:
        doc: The document (not modified).
        op: The operation: ``stage_id``, the step's fields (``id``, ``name``, ...) and ``index``.

    Returns:
        The new document and the operation that undoes this one.

    Raises:
        NotFoundError: There is no such stage.
        DuplicateIdError: A step of any stage has that id.
        JourneyError: A field is invalid.

    Example:
        >>> from journeywidgets import Journey
        >>> j = Journey("Demo"); _ = j.add_stage("Buy")
        >>> new, inverse = add_step(j.document, {"op": "add_step", "stage_id": "buy", "id": "pay", "name": "Pay"})
        >>> [s["id"] for s in new["stages"][0]["steps"]], inverse
        (['pay'], {'op': 'remove_step', 'id': 'pay'})
    """
    check_op_keys(op, [*entity_fields("step"), "stage_id", "index"])
    stage_id = required_id(op, "stage_id")
    stage = doc["stages"][find_index(doc["stages"], stage_id, "stage", path="stage_id")]
    index = optional_index(op)
    step = normalize_entity("step", without_keys(op, "op", "index", "stage_id"), where="new step")
    if any(s["id"] == step["id"] for _, s in all_steps(doc)):
        raise DuplicateIdError(f"step id '{step['id']}' is already used", path="id")
    steps = list(stage["steps"])
    steps.insert(clamp(index, len(steps)), step)
    return _replace_stage(doc, {**stage, "steps": steps}), {"op": "remove_step", "id": step["id"]}


def update_step(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Change a step's name, description or events.

    Args:
        doc: The document (not modified).
        op: The operation: ``{"op": "update_step", "id": ..., "changes": {...}}``.

    Returns:
        The new document and the operation that undoes this one.

    Raises:
        NotFoundError: There is no such step.
        JourneyError: A change is unknown or invalid.

    Example:
        >>> from journeywidgets import Journey, sample_journey
        >>> doc = sample_journey().document
        >>> new, inverse = update_step(doc, {"op": "update_step", "id": "compare", "changes": {"name": "Compare"}})
        >>> inverse["changes"]
        {'name': 'Compare plans'}
    """
    check_op_keys(op, ["id", "changes"])
    id_ = required_id(op)
    stage = step_stage(doc, id_, path="id")
    changes = check_changes("step", op.get("changes"), where=f"step '{id_}'")
    steps = list(stage["steps"])
    pos = find_index(steps, id_, "step")
    old = steps[pos]
    steps[pos] = {**old, **changes}
    inverse = {"op": "update_step", "id": id_, "changes": {k: old[k] for k in changes}}
    return _replace_stage(doc, {**stage, "steps": steps}), inverse


def move_step(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Move a step to another position within its stage.

    Args:
        doc: The document (not modified).
        op: The operation: ``{"op": "move_step", "id": ..., "index": n}`` (``index`` clamped to the end).

    Returns:
        The new document and the operation that undoes this one.

    Raises:
        NotFoundError: There is no such step.
        MissingFieldError: There is no ``index``.

    Example:
        >>> from journeywidgets import Journey, sample_journey
        >>> doc = sample_journey().document
        >>> new, inverse = move_step(doc, {"op": "move_step", "id": "compare", "index": 0})
        >>> from journeywidgets.model.ops import apply_op
        >>> apply_op(new, inverse)[0] == doc
        True
    """
    check_op_keys(op, ["id", "index"])
    id_ = required_id(op)
    stage = step_stage(doc, id_, path="id")
    index = _required_index(op)
    steps = list(stage["steps"])
    pos = find_index(steps, id_, "step")
    step = steps.pop(pos)
    steps.insert(clamp(index, len(steps)), step)
    return _replace_stage(doc, {**stage, "steps": steps}), {"op": "move_step", "id": id_, "index": pos}


def remove_step(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Remove a step with the cards and emotion points placed on it.

    Args:
        doc: The document (not modified).
        op: The operation: ``{"op": "remove_step", "id": ...}``.

    Returns:
        The new document and the operation that undoes this one (a batch when cards or points went with the step).

    Raises:
        NotFoundError: There is no such step.

    Example:
        >>> from journeywidgets import Journey, sample_journey
        >>> doc = sample_journey().document
        >>> new, inverse = remove_step(doc, {"op": "remove_step", "id": "compare"})
        >>> from journeywidgets.model.ops import apply_op
        >>> apply_op(new, inverse)[0] == doc
        True
    """
    check_op_keys(op, ["id"])
    id_ = required_id(op)
    stage = step_stage(doc, id_, path="id")
    pos = find_index(stage["steps"], id_, "step")
    restore: list[Op] = [{"op": "add_step", "stage_id": stage["id"], **stage["steps"][pos], "index": pos}]
    doc, cards = remove_cards_where(doc, lambda c: c["step_id"] == id_)
    doc, points = remove_emotions_where(doc, lambda p: p["step_id"] == id_)
    restore.extend([*cards, *points])
    steps = [s for s in stage["steps"] if s["id"] != id_]
    doc = _replace_stage(doc, {**stage, "steps": steps})
    return doc, restore[0] if len(restore) == 1 else {"op": "batch", "ops": restore}


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
