"""Operations on the content of a map: cards in cells and emotion points.

A card's *cell* is ``(lane_id, stage_id, step_id)``; its ``order`` is its
position in the cell, dense from 0. Cards are stored sorted by id (so a move
changes only the moved card's lines in a git diff, plus sibling orders);
emotion points are stored sorted by ``(persona_id, stage_id, step_id, series)``.

Example:
    >>> from journeywidgets.model.document import empty_document
    >>> doc = empty_document("j", "Demo")
    >>> doc = {**doc, "stages": [{"id": "s", "name": "S", "description": "", "goal": "",
    ...        "notes": "", "events": [], "steps": []}],
    ...        "lanes": [{"id": "l", "name": "L", "kind": "text", "description": ""}]}
    >>> doc, inverse = add_card(doc, {"op": "add_card", "id": "c1", "lane_id": "l", "stage_id": "s"})
    >>> inverse
    {'op': 'remove_card', 'id': 'c1'}
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from typing import Any

from journeywidgets.model.errors import DuplicateIdError, InvalidFieldError
from journeywidgets.model.fields import check_changes, check_value, entity_fields, normalize_entity
from journeywidgets.model.opkit import (
    Doc,
    Op,
    check_ids_exist,
    check_op_keys,
    check_placement,
    clamp,
    find_index,
    optional_index,
    required_id,
    without_keys,
)

CELL_FIELDS = ("lane_id", "stage_id", "step_id")
Cell = tuple[str, str, str | None]


def cell_of(card: Mapping[str, Any]) -> Cell:
    """Return the cell a card sits in.

    Args:
        card: The card's JSON form.

    Returns:
        ``(lane_id, stage_id, step_id)``; ``step_id`` is ``None`` for a card on the stage as a whole.

    Example:
        >>> cell_of({"lane_id": "l", "stage_id": "s", "step_id": None})
        ('l', 's', None)
    """
    return (card["lane_id"], card["stage_id"], card["step_id"])


def _check_card_refs(doc: Doc, card: Mapping[str, Any], where: str, prefix: str = "") -> None:
    if "lane_id" in card:
        find_index(doc["lanes"], card["lane_id"], "lane", path=prefix + "lane_id")
    if "stage_id" in card:
        check_placement(doc, where, card["stage_id"], card["step_id"], prefix=prefix)
    if "persona_ids" in card:
        check_ids_exist(doc, "personas", "persona", card["persona_ids"], where=where, path=prefix + "persona_ids")


def _shift(cards: list[Doc], cell: Cell, start: int, delta: int) -> list[Doc]:
    return [{**c, "order": c["order"] + delta} if cell_of(c) == cell and c["order"] >= start else c for c in cards]


def _cell_size(cards: list[Doc], cell: Cell) -> int:
    return sum(1 for c in cards if cell_of(c) == cell)


def _insert_sorted(cards: list[Doc], card: Doc) -> list[Doc]:
    pos = bisect.bisect_left([c["id"] for c in cards], card["id"])
    return [*cards[:pos], card, *cards[pos:]]


def card_to_add_op(card: Mapping[str, Any]) -> Op:
    """Return the ``add_card`` operation that recreates ``card`` at its position.

    Args:
        card: The card's JSON form, with its ``order`` in its cell.

    Returns:
        The operation, its ``index`` the card's ``order``.

    Example:
        >>> card_to_add_op({"id": "c", "order": 2, "text": "hi"})
        {'op': 'add_card', 'id': 'c', 'text': 'hi', 'index': 2}
    """
    return {"op": "add_card", **without_keys(card, "order"), "index": card["order"]}


def add_card(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Add a card to a cell at ``index`` (default: the end of the cell).

    Args:
        doc: The document (not modified).
        op: The operation: the card's fields (``id``, ``stage_id``, ``lane_id`` required) and ``index``.

    Returns:
        The new document and the operation that undoes this one.

    Raises:
        DuplicateIdError: The id is taken.
        JourneyError: A field is invalid or refers to nothing (its ``path`` names it).

    Example:
        >>> from journeywidgets import Journey, sample_journey
        >>> doc = sample_journey().document
        >>> op = {"op": "add_card", "id": "c-new", "stage_id": "purchase", "lane_id": "pains", "text": "Hi"}
        >>> new, inverse = add_card(doc, op); inverse
        {'op': 'remove_card', 'id': 'c-new'}
    """
    fields = [f for f in entity_fields("card") if f != "order"]
    check_op_keys(op, [*fields, "index"])
    index = optional_index(op)
    card = normalize_entity("card", without_keys(op, "op", "index"), where="new card")
    where = f"card '{card['id']}'"
    _check_card_refs(doc, card, where)
    cards: list[Doc] = doc["cards"]
    if any(c["id"] == card["id"] for c in cards):
        raise DuplicateIdError(f"card id '{card['id']}' is already used", path="id")
    cell = cell_of(card)
    card["order"] = clamp(index, _cell_size(cards, cell))
    cards = _insert_sorted(_shift(cards, cell, card["order"], 1), card)
    return {**doc, "cards": cards}, {"op": "remove_card", "id": card["id"]}


def remove_card(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Remove one card; the cards after it in its cell move up.

    Args:
        doc: The document (not modified).
        op: The operation: ``{"op": "remove_card", "id": ...}``.

    Returns:
        The new document and the operation that undoes this one (an ``add_card`` at the card's old position).

    Raises:
        NotFoundError: There is no such card.

    Example:
        >>> from journeywidgets import Journey, sample_journey
        >>> doc = sample_journey().document
        >>> card = doc["cards"][0]
        >>> new, inverse = remove_card(doc, {"op": "remove_card", "id": card["id"]})
        >>> len(new["cards"]) == len(doc["cards"]) - 1, inverse["index"] == card["order"]
        (True, True)
    """
    check_op_keys(op, ["id"])
    pos = find_index(doc["cards"], required_id(op), "card")
    card = doc["cards"][pos]
    rest = [*doc["cards"][:pos], *doc["cards"][pos + 1 :]]
    return {**doc, "cards": _shift(rest, cell_of(card), card["order"] + 1, -1)}, card_to_add_op(card)


def update_card(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Change a card's fields (not its place: that is ``move_card``).

    Args:
        doc: The document (not modified).
        op: The operation: ``{"op": "update_card", "id": ..., "changes": {...}}``.

    Returns:
        The new document and the operation that undoes this one.

    Raises:
        NotFoundError: There is no such card.
        InvalidFieldError: A change touches the card's place (``move_card`` does that) or is invalid.

    Example:
        >>> from journeywidgets import Journey, sample_journey
        >>> doc = sample_journey().document
        >>> card = doc["cards"][0]
        >>> new, inverse = update_card(doc, {"op": "update_card", "id": card["id"], "changes": {"text": "New"}})
        >>> inverse["changes"] == {"text": card["text"]}
        True
    """
    check_op_keys(op, ["id", "changes"])
    id_ = required_id(op)
    pos = find_index(doc["cards"], id_, "card")
    old = doc["cards"][pos]
    where = f"card '{id_}'"
    changes = check_changes("card", op.get("changes"), where=where, fixed=("id", *CELL_FIELDS, "order"))
    _check_card_refs(doc, changes, where, prefix="changes.")
    cards = list(doc["cards"])
    cards[pos] = {**old, **changes}
    inverse = {"op": "update_card", "id": id_, "changes": {k: old[k] for k in changes}}
    return {**doc, "cards": cards}, inverse


def move_card(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Move a card to another cell and/or position.

    Omitted cell fields keep the card's current ones, except that a card moved to
    another stage leaves its step unless ``step_id`` is given.

    Args:
        doc: The document (not modified).
        op: The operation: ``id``, and any of ``stage_id``, ``lane_id``, ``step_id`` and ``index``.

    Returns:
        The new document and the operation that undoes this one (a ``move_card`` back to the old cell and position).

    Raises:
        NotFoundError: The card or the target stage, lane or step does not exist.
        InvalidFieldError: The step is not in the target stage, or a field is invalid.

    Example:
        >>> from journeywidgets import Journey, sample_journey
        >>> doc = sample_journey().document
        >>> card = doc["cards"][0]
        >>> new, inverse = move_card(doc, {"op": "move_card", "id": card["id"], "stage_id": "purchase", "index": 0})
        >>> inverse["stage_id"] == card["stage_id"], inverse["index"] == card["order"]
        (True, True)
    """
    check_op_keys(op, [*CELL_FIELDS, "id", "index"])
    id_ = required_id(op)
    pos = find_index(doc["cards"], id_, "card")
    card = doc["cards"][pos]
    index = optional_index(op)
    target = _target_cell(doc, card, op)
    rest = [*doc["cards"][:pos], *doc["cards"][pos + 1 :]]
    rest = _shift(rest, cell_of(card), card["order"] + 1, -1)
    order = clamp(index, _cell_size(rest, target))
    moved = {**card, "lane_id": target[0], "stage_id": target[1], "step_id": target[2], "order": order}
    cards = list(_shift(rest, target, order, 1))
    cards.insert(pos, moved)
    inverse = {"op": "move_card", "id": id_, **dict(zip(CELL_FIELDS, cell_of(card), strict=True))}
    inverse["index"] = card["order"]
    return {**doc, "cards": cards}, inverse


def _target_cell(doc: Doc, card: Doc, op: Op) -> Cell:
    where = f"card '{card['id']}'"
    types = entity_fields("card")

    def given(field: str) -> Any:
        """The op's value for ``field``, or the card's current one."""
        return check_value(types[field], op.get(field, card[field]), where=where, field=field)

    lane_id, stage_id = given("lane_id"), given("stage_id")
    # a card moved to another stage leaves its step, unless the op names one
    kept_step = card["step_id"] if stage_id == card["stage_id"] else None
    step_id = given("step_id") if "step_id" in op else kept_step
    find_index(doc["lanes"], lane_id, "lane", path="lane_id")
    check_placement(doc, where, stage_id, step_id)
    return (lane_id, stage_id, step_id)


def remove_cards_where(doc: Doc, predicate: Callable[[Doc], bool]) -> tuple[Doc, list[Op]]:
    """Remove every card matching ``predicate`` (whole cells only) and return the ops restoring them.

    Args:
        doc: The document (not modified).
        predicate: Tells, for a card's JSON form, whether to remove it.

    Returns:
        The new document and ``add_card`` operations that put the removed cards back (in cell order).

    Example:
        >>> doc = {"cards": [{"id": "c", "lane_id": "l", "stage_id": "s", "step_id": None, "order": 0}]}
        >>> remove_cards_where(doc, lambda c: c["lane_id"] == "l")[0]["cards"]
        []
    """
    removed = [c for c in doc["cards"] if predicate(c)]
    if not removed:
        return doc, []
    removed.sort(key=lambda c: (c["lane_id"], c["stage_id"], c["step_id"] or "", c["order"]))
    kept = [c for c in doc["cards"] if not predicate(c)]
    return {**doc, "cards": kept}, [card_to_add_op(c) for c in removed]


def _emotion_key(point: Mapping[str, Any]) -> tuple[str, str, str, str]:
    return (point["persona_id"], point["stage_id"], point["step_id"] or "", point["series"])


def emotion_to_set_op(point: Mapping[str, Any]) -> Op:
    """Return the ``set_emotion`` operation that recreates an emotion point.

    Args:
        point: The emotion point's JSON form.

    Returns:
        The operation.

    Example:
        >>> emotion_to_set_op({"persona_id": "p", "stage_id": "s", "step_id": None,
        ...                    "series": "researched", "value": 1, "note": ""})["value"]
        1
    """
    return {"op": "set_emotion", **point}


def set_emotion(doc: Doc, op: Op) -> tuple[Doc, Op]:
    """Set (or with ``value: null``, clear) one persona's emotion at a stage or step.

    Args:
        doc: The document (not modified).
        op: The operation: ``persona_id``, ``stage_id``, ``value`` (``None`` clears), and optionally ``step_id``,
            ``series``, ``note``.

    Returns:
        The new document and the operation that undoes this one (it sets the old point back, or clears the new one).

    Raises:
        NotFoundError: The persona, stage or step does not exist.
        InvalidFieldError: The value is outside the emotion scale, the step is in another stage, or a field is invalid.

    Example:
        >>> from journeywidgets import Journey
        >>> j = Journey("Demo"); _ = j.add_stage("Buy"); _ = j.add_persona("Sam")
        >>> op = {"op": "set_emotion", "persona_id": "sam", "stage_id": "buy", "value": 1}
        >>> new, inverse = set_emotion(j.document, op)
        >>> [p["value"] for p in new["emotions"]], inverse["value"]
        ([1], None)
    """
    check_op_keys(op, entity_fields("emotion"))
    value = op.get("value")
    body = {**without_keys(op, "op"), "value": 0 if value is None else value}
    point = normalize_entity("emotion", body, where="emotion point")
    point["value"] = None if value is None else point["value"]
    where = f"emotion of persona '{point['persona_id']}'"
    find_index(doc["personas"], point["persona_id"], "persona", path="persona_id")
    check_placement(doc, where, point["stage_id"], point["step_id"])
    scale = doc["emotion_scale"]
    if value is not None and not scale["min"] <= point["value"] <= scale["max"]:
        msg = f"{where}: field 'value' must be between {scale['min']} and {scale['max']}, got {point['value']}"
        raise InvalidFieldError(msg, path="value")
    key = _emotion_key(point)
    points: list[Doc] = doc["emotions"]
    old = next((p for p in points if _emotion_key(p) == key), None)
    if "note" not in op and old is not None:
        point["note"] = old["note"]
    kept = [p for p in points if _emotion_key(p) != key]
    if point["value"] is not None:
        kept.append(point)
        kept.sort(key=_emotion_key)
    inverse = emotion_to_set_op(old) if old is not None else {**emotion_to_set_op(point), "value": None, "note": ""}
    return {**doc, "emotions": kept}, inverse


def remove_emotions_where(doc: Doc, predicate: Callable[[Doc], bool]) -> tuple[Doc, list[Op]]:
    """Remove every emotion point matching ``predicate`` and return the ops restoring them.

    Args:
        doc: The document (not modified).
        predicate: Tells, for a point's JSON form, whether to remove it.

    Returns:
        The new document and ``set_emotion`` operations that put the removed points back.

    Example:
        >>> remove_emotions_where({"emotions": []}, lambda p: True)
        ({'emotions': []}, [])
    """
    removed = [p for p in doc["emotions"] if predicate(p)]
    if not removed:
        return doc, []
    kept = [p for p in doc["emotions"] if not predicate(p)]
    return {**doc, "emotions": kept}, [emotion_to_set_op(p) for p in removed]
