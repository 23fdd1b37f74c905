"""Operations on the steps of a map: the columns inside a stage.

A step belongs to one stage and is ordered within it; step ids are unique across
the whole journey. Removing a step also removes the cards and emotion points
placed on it, and its inverse restores them.

Example:
    >>> from journeywidgets import Journey
    >>> j = Journey("Demo"); _ = j.add_stage("Buy")
    >>> doc, inverse = add_step(j.document, {"op": "add_step", "stage_id": "buy", "id": "pay", "name": "Pay"})
    >>> doc["stages"][0]["steps"][0]["name"], inverse["op"]
    ('Pay', 'remove_step')
"""

from __future__ import annotations

from journeywidgets.model.errors import DuplicateIdError
from journeywidgets.model.fields import check_changes, entity_fields, normalize_entity
from journeywidgets.model.opkit import (
    Doc,
    Op,
    all_steps,
    check_op_keys,
    clamp,
    find_index,
    optional_index,
    required_id,
    required_index,
    step_stage,
    without_keys,
)
from journeywidgets.model.ops_content import remove_cards_where, remove_emotions_where


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
    index = required_index(op)
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
