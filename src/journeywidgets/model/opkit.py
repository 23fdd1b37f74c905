"""Small helpers shared by the operation modules: reading op fields, finding entities.

Documents are plain JSON dicts treated as immutable: an operation builds a new
document that shares every untouched list and entity with the old one.

Example:
    >>> find_index([{"id": "a"}, {"id": "b"}], "b", "stage")
    1
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from journeywidgets.model.errors import InvalidFieldError, MissingFieldError, NotFoundError, UnknownFieldError
from journeywidgets.model.fields import check_value, printable

Doc = dict[str, Any]
Op = dict[str, Any]


def check_op_keys(op: Mapping[str, Any], allowed: Iterable[str]) -> None:
    """Reject keys an operation does not take (``op`` itself is always allowed).

    Args:
        op: The operation.
        allowed: The keys it may have besides ``op``.

    Raises:
        UnknownFieldError: ``op`` has another key (the first one found).

    Example:
        >>> check_op_keys({"op": "move_stage", "id": "a", "index": 0}, ("id", "index"))
    """
    allowed_set = set(allowed)
    for key in op:
        if key != "op" and key not in allowed_set:
            known = ", ".join(sorted(allowed_set))
            shown = printable(key)
            raise UnknownFieldError(f"{op['op']}: unknown field '{shown}'; expected one of {known}", path=shown)


def required_id(op: Mapping[str, Any], key: str = "id") -> str:
    """Return the id an operation names in ``key``, validated.

    Args:
        op: The operation.
        key: The key holding the id.

    Returns:
        The id.

    Raises:
        MissingFieldError: ``op`` has no ``key``.
        InvalidFieldError: Its value is not a well-formed id.

    Example:
        >>> required_id({"op": "remove_card", "id": "card-1"})
        'card-1'
    """
    if key not in op:
        raise MissingFieldError(f"{op['op']}: field '{key}' is required", path=key)
    value: str = check_value("id", op[key], where=str(op["op"]), field=key)
    return value


def optional_index(op: Mapping[str, Any]) -> int | None:
    """Return the op's ``index`` (a whole number from 0 to ``limits.index_max``), or None when absent.

    Args:
        op: The operation.

    Returns:
        The index, or ``None`` when ``op`` has none (or ``None``).

    Raises:
        InvalidFieldError: The index is not a whole number in range.

    Example:
        >>> optional_index({"op": "move_lane", "id": "x", "index": 2})
        2
    """
    if op.get("index") is None:
        return None
    value: int = check_value("index", op["index"], where=str(op["op"]), field="index")
    return value


def required_index(op: Mapping[str, Any]) -> int:
    """Return the op's ``index``, which a move must have (validated as :func:`optional_index` does).

    Args:
        op: The operation.

    Returns:
        The index.

    Raises:
        MissingFieldError: ``op`` has no ``index`` (or ``None``).
        InvalidFieldError: The index is not a whole number in range.

    Example:
        >>> required_index({"op": "move_lane", "id": "x", "index": 0})
        0
        >>> required_index({"op": "move_lane", "id": "x"})
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.MissingFieldError: move_lane: field 'index' is required
    """
    index = optional_index(op)
    if index is None:
        raise MissingFieldError(f"{op['op']}: field 'index' is required", path="index")
    return index


def clamp(index: int | None, length: int) -> int:
    """Clamp an insertion index to ``0..length``; None means the end.

    Args:
        index: The index asked for, or ``None``.
        length: The length of the list inserted into.

    Returns:
        ``index`` capped at ``length``; ``length`` when ``index`` is ``None``.

    Example:
        >>> clamp(None, 3), clamp(7, 3), clamp(1, 3)
        (3, 3, 1)
    """
    return length if index is None else min(index, length)


def find_index(items: list[Doc], id_: str, kind: str, path: str = "id") -> int:
    """Return the position of the entity with ``id_``, or raise NotFoundError.

    Args:
        items: The entities, each with an ``id``.
        id_: The id looked for.
        kind: The entity kind, for the message.
        path: The error's ``path``.

    Returns:
        The position in ``items``.

    Raises:
        NotFoundError: No entity has that id.

    Example:
        >>> find_index([{"id": "a"}], "z", "lane")
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.NotFoundError: no lane with id 'z'
    """
    for pos, item in enumerate(items):
        if item["id"] == id_:
            return pos
    raise NotFoundError(f"no {kind} with id '{id_}'", path=path)


def all_steps(doc: Doc) -> Iterable[tuple[Doc, Doc]]:
    """Yield ``(stage, step)`` for every step of every stage, in order.

    Args:
        doc: The journey document: a dict whose ``stages`` each hold a ``steps`` list.

    Yields:
        ``(stage, step)`` pairs of the document's own dicts, stage by stage and step by step.

    Example:
        >>> doc = {"stages": [{"id": "s1", "steps": [{"id": "a"}, {"id": "b"}]}, {"id": "s2", "steps": []},
        ...                   {"id": "s3", "steps": [{"id": "c"}]}]}
        >>> [(stage["id"], step["id"]) for stage, step in all_steps(doc)]  # s2 has no step, so no pair
        [('s1', 'a'), ('s1', 'b'), ('s3', 'c')]
    """
    for stage in doc["stages"]:
        for step in stage["steps"]:
            yield stage, step


def step_stage(doc: Doc, step_id: str, path: str = "step_id") -> Doc:
    """Return the stage that holds step ``step_id``, or raise NotFoundError.

    Args:
        doc: The document.
        step_id: The step's id.
        path: The error's ``path``.

    Returns:
        The stage's dict (the document's own).

    Raises:
        NotFoundError: No stage has such a step.

    Example:
        >>> step_stage({"stages": [{"id": "s", "steps": [{"id": "t"}]}]}, "t")["id"]
        's'
    """
    for stage, step in all_steps(doc):
        if step["id"] == step_id:
            return stage
    raise NotFoundError(f"no step with id '{step_id}'", path=path)


def check_placement(doc: Doc, where: str, stage_id: str, step_id: str | None, *, prefix: str = "") -> None:
    """Check that a stage exists and that the step (if any) belongs to it.

    Args:
        doc: The document.
        where: The entity placed, for the message.
        stage_id: The stage it is placed in.
        step_id: The step it is placed in, or ``None`` for the whole stage.
        prefix: Put before ``stage_id``/``step_id`` in the errors' ``path``.

    Raises:
        NotFoundError: There is no such stage or step.
        InvalidFieldError: The step belongs to another stage.

    Example:
        >>> doc = {"stages": [{"id": "s", "steps": [{"id": "t"}]}]}
        >>> check_placement(doc, "card 'c'", "s", "t")
    """
    find_index(doc["stages"], stage_id, "stage", path=prefix + "stage_id")
    if step_id is None:
        return
    owner = step_stage(doc, step_id, path=prefix + "step_id")
    if owner["id"] != stage_id:
        msg = f"{where}: step '{step_id}' belongs to stage '{owner['id']}', not to stage '{stage_id}'"
        raise InvalidFieldError(msg, path=prefix + "step_id")


def check_ids_exist(doc: Doc, collection: str, kind: str, ids: Iterable[str], *, where: str, path: str) -> None:
    """Check that every id in ``ids`` names an entity in ``doc[collection]``.

    Args:
        doc: The document.
        collection: The list looked in (``"personas"``).
        kind: The entity kind, for the message.
        ids: The ids referred to.
        where: The referring entity, for the message.
        path: The referring field, the error's ``path``.

    Raises:
        NotFoundError: An id names no entity (the first one that does not).

    Example:
        >>> check_ids_exist({"personas": [{"id": "p"}]}, "personas", "persona", ["p"], where="card", path="persona_ids")
    """
    known = {item["id"] for item in doc[collection]}
    for id_ in ids:
        if id_ not in known:
            raise NotFoundError(f"{where}: field '{path}' refers to no {kind} '{id_}'", path=path)


def without_keys(entity: Mapping[str, Any], *keys: str) -> Doc:
    """Return a copy of ``entity`` without ``keys``.

    Args:
        entity: The entity.
        *keys: The keys to leave out.

    Returns:
        A new, shallow copy.

    Example:
        >>> without_keys({"id": "a", "steps": []}, "steps")
        {'id': 'a'}
    """
    return {k: v for k, v in entity.items() if k not in keys}
