"""Apply one edit operation to a journey document: the single edit path.

An operation is a plain dict with an ``op`` field, e.g.
``{"op": "move_card", "id": "card-1", "stage_id": "purchase", "index": 0}``.
:func:`apply_op` validates it, returns the new document and the inverse
operation (which undoes it), and never modifies the document it was given.
The TypeScript model (``js/src/model/ops.ts``) implements the same operations;
``tests/vectors/ops`` holds the cases both must agree on.

Example:
    >>> from journeywidgets.model.document import empty_document
    >>> doc = empty_document("j", "Demo")
    >>> new, inverse = apply_op(doc, {"op": "add_stage", "id": "awareness", "name": "Awareness"})
    >>> [s["name"] for s in new["stages"]], inverse["op"], doc["stages"]
    (['Awareness'], 'remove_stage', [])
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from journeywidgets.model import ops_content, ops_steps, ops_structure
from journeywidgets.model.errors import InvalidOperationError
from journeywidgets.model.fields import describe
from journeywidgets.model.opkit import Doc, Op
from journeywidgets.model.ops_batch import apply_batch
from journeywidgets.model.ops_structure import Handler


def _batch(doc: Doc, op: Op) -> tuple[Doc, Op]:
    return apply_batch(doc, op, apply_op)


def _handlers() -> dict[str, Handler]:
    table: dict[str, Handler] = {"batch": _batch}
    for kind in ops_structure.COLLECTIONS:
        table[f"add_{kind}"] = ops_structure.add_item(kind)
        table[f"update_{kind}"] = ops_structure.update_item(kind)
        table[f"move_{kind}"] = ops_structure.move_item(kind)
        table[f"remove_{kind}"] = ops_structure.remove_item(kind)
    for module, names in (
        (ops_structure, ("update_journey", "set_emotion_scale")),
        (ops_steps, ("add_step", "update_step", "move_step", "remove_step")),
        (ops_content, ("add_card", "update_card", "move_card", "remove_card", "set_emotion")),
    ):
        for name in names:
            table[name] = getattr(module, name)
    return table


HANDLERS = _handlers()

#: every operation name, sorted
OPERATION_NAMES = tuple(sorted(HANDLERS))


def apply_op(doc: Doc, op: Mapping[str, Any]) -> tuple[Doc, Op]:
    """Apply ``op`` to ``doc``; return ``(new document, inverse operation)``.

    Raises a :class:`~journeywidgets.JourneyError` subclass naming the field when
    the operation is invalid; ``doc`` is never modified.

    Args:
        doc: The document (not modified).
        op: The operation, a mapping with an ``op`` field naming one of :data:`OPERATION_NAMES`.

    Returns:
        The new document and the operation that undoes ``op`` on it.

    Raises:
        InvalidOperationError: ``op`` is not a mapping or names no known operation.
        JourneyError: The operation is invalid for ``doc`` (its ``path`` names the field).

    Example:
        >>> from journeywidgets.model.document import empty_document
        >>> apply_op(empty_document("j", "Demo"), {"op": "fly"})
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.InvalidOperationError: unknown op 'fly'; expected one of add_card, add_lane, ...
    """
    if not isinstance(op, Mapping):
        raise InvalidOperationError(f"an operation must be an object with an 'op' field, got {describe(op)}")
    name = op.get("op")
    handler = HANDLERS.get(name) if isinstance(name, str) else None
    if handler is None:
        msg = f"unknown op {name!r}; expected one of {', '.join(OPERATION_NAMES)}"
        raise InvalidOperationError(msg, path="op")
    return handler(doc, dict(op))
