"""Undo and redo of a journey: what was applied and its inverse, kept as private copies.

The history copies every operation it is given and every operation it hands out, so a caller
that changes its op dict after ``journey.apply(op)`` (or an observer that changes the op it was
told about) changes nothing that undo or redo will apply. ``limit`` bounds how many changes can
be undone: the oldest are forgotten first; ``0`` keeps no history at all and ``None`` keeps every
change.

Example:
    >>> history = History(limit=2)
    >>> op = {"op": "add_stage", "id": "a", "name": "A"}
    >>> history.record(op, {"op": "remove_stage", "id": "a"})
    >>> op["name"] = "changed afterwards"
    >>> history.last_undo()[0]["name"]
    'A'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from journeywidgets.model.errors import HistoryError, InvalidFieldError
from journeywidgets.model.fields import describe
from journeywidgets.model.opkit import Op

Entry = tuple[Op, Op]  # (what was applied, its inverse)


_SHALLOW = 64  # ops nested no deeper than this are copied by plain recursion (fast); deeper ones by a loop


class _TooDeepError(Exception):
    """The value is nested deeper than plain recursion copies it."""


def _copy_shallow(value: Any, depth: int) -> Any:
    if depth > _SHALLOW:
        raise _TooDeepError
    if isinstance(value, Mapping):
        return {key: _copy_shallow(item, depth + 1) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_copy_shallow(item, depth + 1) for item in value]
    return value


def _copy_deep(value: Any) -> Any:
    """Copy with a loop instead of recursion; shared parts stay shared and cycles end."""
    copies: dict[int, Any] = {}  # id of a container -> its copy

    def shell(item: Any) -> tuple[Any, bool]:
        """The copy of ``item`` (empty for now when it is a container) and whether it is new."""
        if not isinstance(item, Mapping | list | tuple):
            return item, False
        if id(item) in copies:
            return copies[id(item)], False
        copies[id(item)] = {} if isinstance(item, Mapping) else []
        return copies[id(item)], True

    root, fresh = shell(value)
    stack = [(value, root)] if fresh else []
    while stack:
        source, target = stack.pop()
        pairs = source.items() if isinstance(source, Mapping) else enumerate(source)
        for key, item in pairs:
            child, new = shell(item)
            if isinstance(target, dict):
                target[key] = child
            else:
                target.append(child)
            if new:
                stack.append((item, child))
    return root


def copy_json(value: Any) -> Any:
    """A deep copy of a JSON value (objects become dicts, arrays lists; other values are kept).

    An operation nested deeper than Python's recursion limit is copied too (and then refused by
    the model with a clear error, not a RecursionError).

    Args:
        value: an operation or any part of one.

    Returns:
        The copy: no dict or list in it is shared with ``value``.

    Example:
        >>> op = {"op": "update_card", "id": "c", "changes": {"tags": ["a"]}}
        >>> copy = copy_json(op); copy["changes"]["tags"].append("b"); op["changes"]["tags"]
        ['a']
    """
    try:
        return _copy_shallow(value, 0)
    except _TooDeepError:
        return _copy_deep(value)


def check_limit(limit: object) -> int | None:
    """Validate a ``history_limit``: a whole number >= 0 (not a bool), or None for no limit.

    Args:
        limit: the limit a caller gave.

    Returns:
        The limit.

    Example:
        >>> check_limit(0), check_limit(None)
        (0, None)
        >>> check_limit(True)
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.InvalidFieldError: history_limit must be a whole number >= 0 or None, got bool True
    """
    if limit is None:
        return None
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 0:
        msg = f"history_limit must be a whole number >= 0 or None, got {describe(limit)}"
        raise InvalidFieldError(msg, path="history_limit")
    return limit


class History:
    """The undo and redo stacks of one journey.

    Args:
        limit: how many changes can be undone (``0``: none, ``None``: every one).

    Example:
        >>> history = History(limit=0)
        >>> history.record({"op": "add_stage", "id": "a", "name": "A"}, {"op": "remove_stage", "id": "a"})
        >>> history.can_undo
        False
    """

    def __init__(self, limit: int | None = 1000) -> None:
        self.limit = check_limit(limit)
        self._undo: list[Entry] = []
        self._redo: list[Entry] = []

    @property
    def can_undo(self) -> bool:
        """Whether there is a change to undo.

        Example:
            >>> History().can_undo
            False
        """
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone change to redo.

        Example:
            >>> History().can_redo
            False
        """
        return bool(self._redo)

    def _push_undo(self, op: Op, inverse: Op) -> None:
        if self.limit == 0:
            return
        self._undo.append((copy_json(op), copy_json(inverse)))
        if self.limit is not None and len(self._undo) > self.limit:
            del self._undo[: len(self._undo) - self.limit]

    def record(self, op: Op, inverse: Op) -> None:
        """Remember a new change (copies of both ops); the redo stack is cleared.

        Args:
            op: what was applied.
            inverse: the operation that undoes it.

        Example:
            >>> history = History()
            >>> history.record({"op": "remove_card", "id": "c"}, {"op": "add_card", "id": "c"})
            >>> history.can_undo, history.can_redo
            (True, False)
        """
        self._push_undo(op, inverse)
        self._redo.clear()

    def last_undo(self) -> Entry:
        """Copies of the change :meth:`undone` would move: ``(op, inverse)``; raises HistoryError if none.

        Returns:
            ``(what was applied, its inverse)``.

        Example:
            >>> History().last_undo()
            Traceback (most recent call last):
            ...
            journeywidgets.model.errors.HistoryError: nothing to undo
        """
        if not self._undo:
            raise HistoryError("nothing to undo")
        op, inverse = self._undo[-1]
        return copy_json(op), copy_json(inverse)

    def undone(self) -> None:
        """Move the last change to the redo stack (its inverse was applied).

        Example:
            >>> history = History()
            >>> history.record({"op": "remove_card", "id": "c"}, {"op": "add_card", "id": "c"})
            >>> history.undone(); history.can_undo, history.can_redo
            (False, True)
        """
        self._redo.append(self._undo.pop())

    def last_redo(self) -> Op:
        """A copy of the operation :meth:`redone` would move back; raises HistoryError if none.

        Returns:
            What was applied before it was undone.

        Example:
            >>> History().last_redo()
            Traceback (most recent call last):
            ...
            journeywidgets.model.errors.HistoryError: nothing to redo
        """
        if not self._redo:
            raise HistoryError("nothing to redo")
        op: Op = copy_json(self._redo[-1][0])
        return op

    def redone(self, inverse: Op) -> None:
        """Move the last undone change back to the undo stack with ``inverse``, its new inverse.

        Args:
            inverse: the inverse computed when the change was applied again.

        Example:
            >>> history = History()
            >>> history.record({"op": "remove_card", "id": "c"}, {"op": "add_card", "id": "c"})
            >>> history.undone(); history.redone({"op": "add_card", "id": "c"}); history.can_undo
            True
        """
        op, _ = self._redo.pop()
        self._push_undo(op, inverse)
