"""Apply a ``batch`` operation: its operations in order, as one change, in time linear in its length.

Applied one by one, every card operation copies and scans the map's card list (the document is
immutable), so a batch of n card edits took time in n² (8,000 new cards: 25 s). Here a batch keeps
the cards split by cell, each cell a list in display order, while it runs: a card operation touches
only its cells, with the same checks, errors and inverse as alone. The cards are put back in the
document (sorted by id, ``order`` renumbered) when the batch ends, or before an operation of another
kind, which then runs as it would alone. Batches nest at most ``MAX_BATCH_DEPTH`` deep.

Example:
    >>> from journeywidgets.model.ops import apply_op
    >>> from journeywidgets.model.sample import sample_journey
    >>> doc = sample_journey().document
    >>> adds = [{"op": "add_card", "id": f"new-{i}", "lane_id": "thoughts", "stage_id": "purchase", "index": 0}
    ...         for i in range(3)]
    >>> new, inverse = apply_op(doc, {"op": "batch", "ops": adds})
    >>> [c["id"] for c in sorted(new["cards"], key=lambda c: c["order"]) if c["id"].startswith("new-")]
    ['new-2', 'new-1', 'new-0']
    >>> [op["op"] for op in inverse["ops"]]
    ['remove_card', 'remove_card', 'remove_card']
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from journeywidgets.model.errors import (
    DuplicateIdError,
    InvalidFieldError,
    InvalidOperationError,
    JourneyError,
    NotFoundError,
)
from journeywidgets.model.fields import check_changes, describe, entity_fields, normalize_entity
from journeywidgets.model.opkit import Doc, Op, check_op_keys, clamp, optional_index, required_id, without_keys
from journeywidgets.model.ops_content import CELL_FIELDS, Cell, _check_card_refs, _target_cell, card_to_add_op, cell_of

#: how deep batches may nest inside batches
MAX_BATCH_DEPTH = 16

ApplyOp = Callable[[Doc, Any], tuple[Doc, Op]]


class _Cells:
    """The cards of a document by cell while a batch runs: each cell's cards in display order."""

    def __init__(self, cells: dict[Cell, list[Doc]], where: dict[str, Cell]) -> None:
        self.cells = cells
        self.where = where

    @classmethod
    def build(cls, cards: list[Doc]) -> _Cells | None:
        """Split ``cards`` by cell; None unless they are as documents hold them (by id, dense orders)."""
        cells: dict[Cell, list[Doc]] = {}
        where: dict[str, Cell] = {}
        for card in sorted(cards, key=lambda c: c["order"]):
            cell = cell_of(card)
            cells.setdefault(cell, []).append(card)
            where[card["id"]] = cell
        dense = all(card["order"] == order for cell in cells.values() for order, card in enumerate(cell))
        by_id = all(a["id"] < b["id"] for a, b in itertools.pairwise(cards))
        return cls(cells, where) if dense and by_id and len(where) == len(cards) else None

    def cards(self) -> list[Doc]:
        """The cards as a document holds them: sorted by id, ``order`` their place in the cell."""
        out = []
        for cell in self.cells.values():
            for order, card in enumerate(cell):
                out.append(card if card["order"] == order else {**card, "order": order})
        out.sort(key=lambda c: c["id"])
        return out

    def find(self, id_: str) -> tuple[Cell, int, Doc]:
        cell = self.where.get(id_)
        if cell is None:
            raise NotFoundError(f"no card with id '{id_}'", path="id")
        cards = self.cells[cell]
        pos = next(i for i, card in enumerate(cards) if card["id"] == id_)
        return cell, pos, {**cards[pos], "order": pos}

    def insert(self, cell: Cell, index: int | None, card: Doc) -> int:
        cards = self.cells.setdefault(cell, [])
        order = clamp(index, len(cards))
        cards.insert(order, card)
        self.where[card["id"]] = cell
        return order

    def pop(self, cell: Cell, pos: int) -> Doc:
        card = self.cells[cell].pop(pos)
        del self.where[card["id"]]
        return card


def _add_card(doc: Doc, cells: _Cells, op: Op) -> Op:
    fields = [f for f in entity_fields("card") if f != "order"]
    check_op_keys(op, [*fields, "index"])
    index = optional_index(op)
    card = normalize_entity("card", without_keys(op, "op", "index"), where="new card")
    _check_card_refs(doc, card, f"card '{card['id']}'")
    if card["id"] in cells.where:
        raise DuplicateIdError(f"card id '{card['id']}' is already used", path="id")
    card["order"] = cells.insert(cell_of(card), index, card)
    return {"op": "remove_card", "id": card["id"]}


def _remove_card(_doc: Doc, cells: _Cells, op: Op) -> Op:
    check_op_keys(op, ["id"])
    cell, pos, card = cells.find(required_id(op))
    cells.pop(cell, pos)
    return card_to_add_op(card)


def _update_card(doc: Doc, cells: _Cells, op: Op) -> Op:
    check_op_keys(op, ["id", "changes"])
    id_ = required_id(op)
    cell, pos, old = cells.find(id_)
    where = f"card '{id_}'"
    changes = check_changes("card", op.get("changes"), where=where, fixed=("id", *CELL_FIELDS, "order"))
    _check_card_refs(doc, changes, where, prefix="changes.")
    cells.cells[cell][pos] = {**old, **changes}
    return {"op": "update_card", "id": id_, "changes": {k: old[k] for k in changes}}


def _move_card(doc: Doc, cells: _Cells, op: Op) -> Op:
    check_op_keys(op, [*CELL_FIELDS, "id", "index"])
    id_ = required_id(op)
    cell, pos, card = cells.find(id_)
    index = optional_index(op)
    target = _target_cell(doc, card, op)
    cells.pop(cell, pos)
    moved = {**card, "lane_id": target[0], "stage_id": target[1], "step_id": target[2]}
    moved["order"] = cells.insert(target, index, moved)
    return {"op": "move_card", "id": id_, **dict(zip(CELL_FIELDS, cell, strict=True)), "index": pos}


_CARD_OPS: dict[str, Callable[[Doc, _Cells, Op], Op]] = {
    "add_card": _add_card,
    "remove_card": _remove_card,
    "update_card": _update_card,
    "move_card": _move_card,
}


def apply_batch(doc: Doc, op: Op, apply_op: ApplyOp, depth: int = 1) -> tuple[Doc, Op]:
    """Apply the batch ``op`` to ``doc`` (``apply_op`` applies one operation of another kind).

    Returns the new document and the inverse batch. A failing operation raises its error with the
    path ``ops[i]`` in front; ``doc`` is never modified.

    Args:
        doc: The document (not modified).
        op: The ``batch`` operation: ``{"op": "batch", "ops": [...]}``.
        apply_op: Applies one operation that is not a batch (:func:`journeywidgets.model.ops.apply_op`).
        depth: How deeply this batch is nested (batches nest at most ``MAX_BATCH_DEPTH`` deep).

    Returns:
        The new document and the inverse batch (the inverses in reverse order).

    Raises:
        InvalidOperationError: Batches nest too deep.
        InvalidFieldError: ``ops`` is not a list.
        JourneyError: An operation failed; its ``path`` and message start with ``ops[i]``.

    Example:
        >>> from journeywidgets.model.ops import apply_op
        >>> from journeywidgets.model.document import empty_document
        >>> apply_batch(empty_document("j", "Demo"), {"op": "batch", "ops": [{"op": "fly"}]}, apply_op)
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.InvalidOperationError: ops[0]: unknown op 'fly'; expected one of ...
    """
    if depth > MAX_BATCH_DEPTH:
        raise InvalidOperationError(f"batch: batches nested deeper than {MAX_BATCH_DEPTH}", path="ops")
    check_op_keys(op, ["ops"])
    ops = op.get("ops")
    if not isinstance(ops, list):
        raise InvalidFieldError(f"batch: field 'ops' must be a list of operations, got {describe(ops)}", path="ops")
    inverses: list[Op] = []
    cells: _Cells | None = None  # the cards by cell, while card operations run
    fast = True  # False for cards not as documents hold them (a hand-made document): one by one, then
    for i, child in enumerate(ops):
        try:
            name = child.get("op") if isinstance(child, dict) else None
            card_op = _CARD_OPS.get(name) if isinstance(name, str) and fast else None
            if card_op is not None and cells is None:
                cells = _Cells.build(doc["cards"])
                fast = cells is not None
            if card_op is not None and cells is not None:
                inverses.append(card_op(doc, cells, dict(child)))
                continue
            if cells is not None:
                doc, cells = {**doc, "cards": cells.cards()}, None
            if name == "batch":
                doc, inverse = apply_batch(doc, dict(child), apply_op, depth + 1)
            else:
                doc, inverse = apply_op(doc, child)
            inverses.append(inverse)
        except JourneyError as err:
            prefix = f"ops[{i}]"
            err.path = f"{prefix}.{err.path}" if err.path else prefix
            err.args = (f"{prefix}: {err.message}",)
            err.message = err.args[0]
            raise
    if cells is not None:
        doc = {**doc, "cards": cells.cards()}
    return doc, {"op": "batch", "ops": inverses[::-1]}
