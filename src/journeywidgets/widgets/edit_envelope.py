"""The envelope of an edit message from a browser view: checked, with bounds, before anything is applied.

A view sends ``{"type": "edit", "client": id, "seq": n, "base_revision": r, "op": {...}}`` (or
``"action": "undo" | "redo" | "suggest"`` instead of ``op``: what only Python can carry out). The
page is not a trusted party, so every part is checked here without recursion and with bounds on
sizes, depth and counts; a message that fails
raises :class:`RejectedMessageError`, whose ``client`` and ``seq`` are set when those two could be read
(so the reply can name the edit it refuses).

Example:
    >>> edit = parse_edit({"type": "edit", "client": "view-1", "seq": 1, "base_revision": 0,
    ...                    "op": {"op": "update_journey", "changes": {"title": "T"}}}, revision=3)
    >>> edit.client, edit.seq, edit.op["op"], edit.action
    ('view-1', 1, 'update_journey', None)
    >>> parse_edit({"type": "edit", "client": "view-1", "seq": "abc"}, revision=0)
    Traceback (most recent call last):
    ...
    journeywidgets.widgets.edit_envelope.RejectedMessageError: edit: field 'seq' must be a whole number ...
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, get_args

from journeywidgets.model import InvalidOperationError

#: the largest sequence number (JavaScript's largest safe integer: the view counts in doubles)
MAX_SEQ = 2**53 - 1
#: longest view id
MAX_CLIENT_LENGTH = 128
#: most JSON values (objects, lists, strings, numbers, ...) in one message
MAX_VALUES = 200_000
#: deepest nesting of objects and lists in one message
MAX_DEPTH = 32
#: most operations in one message, counting every operation inside batches
MAX_OPS = 10_000
#: longest string (characters) anywhere in one message
MAX_STRING = 100_000
#: most characters of all strings and keys in one message together
MAX_CHARS = 4_000_000

ENVELOPE_KEYS = frozenset({"type", "client", "seq", "base_revision", "op", "action"})
_CLIENT_RE = re.compile(r"[A-Za-z0-9._:-]+")

#: what a view may ask Python to do instead of sending an operation (undo, redo, cards suggested from data)
PageAction = Literal["undo", "redo", "suggest"]
PAGE_ACTIONS: tuple[str, ...] = get_args(PageAction)


class RejectedMessageError(InvalidOperationError):
    """A browser message refused before anything was applied; ``client``/``seq`` name it when readable.

    Args:
        message: Why the message was refused.
        path: The message field at fault, or ``""``.
        client: The view that sent it, when readable.
        seq: The message's sequence number, when readable.

    Example:
        >>> RejectedMessageError("edit: no 'seq'", path="seq").code
        'invalid_message'
    """

    code = "invalid_message"

    def __init__(self, message: str, *, path: str = "", client: str | None = None, seq: int | None = None) -> None:
        super().__init__(message, path=path)
        self.client = client
        self.seq = seq


@dataclass(frozen=True)
class Edit:
    """A checked edit message: an operation, or an undo/redo, from view ``client`` (its ``seq``-th edit).

    Example:
        >>> Edit("view-1", 2, 0, None, "undo").action
        'undo'
    """

    client: str
    seq: int
    base_revision: int
    op: dict[str, Any] | None
    action: PageAction | None


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def read_client_and_seq(content: Mapping[str, Any]) -> tuple[str | None, int | None]:
    """Return the message's view id and sequence number when they are well formed, else None for each.

    Args:
        content: The message.

    Returns:
        ``(client, seq)``: the view id (at most ``MAX_CLIENT_LENGTH`` letters, digits or ``._:-``) and the sequence
        number (1 to ``MAX_SEQ``), each ``None`` when missing or malformed.

    Example:
        >>> read_client_and_seq({"client": "view-1", "seq": 3}), read_client_and_seq({"client": 7, "seq": True})
        (('view-1', 3), (None, None))
    """
    client = content.get("client")
    seq = content.get("seq")
    good_client = (
        client
        if isinstance(client, str) and len(client) <= MAX_CLIENT_LENGTH and _CLIENT_RE.fullmatch(client)
        else None
    )
    good_seq = seq if isinstance(seq, int) and not isinstance(seq, bool) and 1 <= seq <= MAX_SEQ else None
    return good_client, good_seq


def check_bounds(value: Any) -> None:
    """Walk a JSON value (without recursion) and refuse it past the size, depth and count bounds.

    Also refuses what JSON cannot hold (non-finite numbers, non-string keys, other Python objects).

    Args:
        value: The parsed message.

    Raises:
        RejectedMessageError: The value is too large (``MAX_VALUES``, ``MAX_CHARS``, ``MAX_STRING``), too deep
            (``MAX_DEPTH``) or not JSON.

    Example:
        >>> check_bounds({"op": "batch", "ops": [{"op": "batch", "ops": []}]})
        >>> check_bounds([[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]])
        Traceback (most recent call last):
        ...
        journeywidgets.widgets.edit_envelope.RejectedMessageError: edit: nested deeper than 32 levels
    """
    stack: list[tuple[Any, int]] = [(value, 1)]
    values = chars = 0
    while stack:
        item, depth = stack.pop()
        values += 1
        if values > MAX_VALUES:
            raise RejectedMessageError(f"edit: more than {MAX_VALUES} values in one message")
        chars += _check_value(item, depth, stack)
        if chars > MAX_CHARS:
            raise RejectedMessageError(f"edit: more than {MAX_CHARS} characters in one message")


def _check_value(item: Any, depth: int, stack: list[tuple[Any, int]]) -> int:
    """Check one JSON value, push its children; return how many characters it holds itself."""
    if isinstance(item, str):
        if len(item) > MAX_STRING:
            raise RejectedMessageError(f"edit: a string longer than {MAX_STRING} characters")
        return len(item)
    if isinstance(item, dict | list):
        if depth > MAX_DEPTH:
            raise RejectedMessageError(f"edit: nested deeper than {MAX_DEPTH} levels")
        if isinstance(item, list):
            stack.extend((child, depth + 1) for child in item)
            return 0
        if not all(isinstance(key, str) for key in item):
            raise RejectedMessageError("edit: an object key that is not a string")
        stack.extend((child, depth + 1) for child in item.values())
        return sum(len(key) for key in item)
    if isinstance(item, float) and not math.isfinite(item):
        raise RejectedMessageError("edit: a number that is not finite (NaN or Infinity)")
    if not (item is None or isinstance(item, bool | int | float)):
        raise RejectedMessageError(f"edit: a value JSON cannot hold ({type(item).__name__})")
    return 0


def count_ops(op: Any) -> int:
    """Count the operations in ``op``, batches' children included (without recursion), up to past MAX_OPS.

    Args:
        op: An operation (or anything: a non-batch counts as one).

    Returns:
        The count, stopping soon after it passes ``MAX_OPS``.

    Example:
        >>> count_ops({"op": "batch", "ops": [{"op": "add_stage"}, {"op": "batch", "ops": [{"op": "x"}]}]})
        4
    """
    count, stack = 0, [op]
    while stack and count <= MAX_OPS:
        item = stack.pop()
        count += 1
        if isinstance(item, dict) and item.get("op") == "batch" and isinstance(item.get("ops"), list):
            stack.extend(item["ops"])
    return count


def parse_edit(content: Any, *, revision: int) -> Edit:
    """Check an edit message from a view against Python's ``revision``; return it, or raise why not.

    ``base_revision`` (the revision the view's edit was made on) must be a whole number from 0 to
    ``revision``: a view cannot have seen a revision Python never made. An older base is fine (the
    edit is applied to the current document: operations name what they change by id).

    Args:
        content: The message a view sent.
        revision: The journey's revision in Python now.

    Returns:
        The checked :class:`Edit`.

    Raises:
        RejectedMessageError: The message is not a well-formed edit; it names the ``client`` and ``seq`` when those were
            readable, so the view can be told.

    Example:
        >>> parse_edit({"type": "edit", "client": "v", "seq": 1, "base_revision": 5, "action": "undo"}, revision=4)
        Traceback (most recent call last):
        ...
        journeywidgets.widgets.edit_envelope.RejectedMessageError: edit: base_revision 5 is ahead of Python's revision 4
    """
    if not isinstance(content, Mapping):
        raise RejectedMessageError(f"a message must be an object, got {type(content).__name__}")
    client, seq = read_client_and_seq(content)
    kind = content.get("type")
    if kind != "edit":
        raise RejectedMessageError(f"unknown message type {_shown(kind)}; expected 'edit'", path="type")
    if client is None:
        msg = f"edit: field 'client' must be a view id (letters, digits, '._:-', at most {MAX_CLIENT_LENGTH})"
        raise RejectedMessageError(msg, path="client", seq=seq)
    if seq is None:
        msg = f"edit: field 'seq' must be a whole number from 1 to {MAX_SEQ}, got {_shown(content.get('seq'))}"
        raise RejectedMessageError(msg, path="seq", client=client)
    unknown = sorted(str(k)[:40] for k in content if k not in ENVELOPE_KEYS)
    if unknown:
        msg = f"edit: unknown fields {unknown}; expected {sorted(ENVELOPE_KEYS)}"
        raise RejectedMessageError(msg, path=unknown[0], client=client, seq=seq)
    try:
        base = _base_revision(content.get("base_revision"), revision)
        op, action = _body(content)
    except RejectedMessageError as err:
        err.client, err.seq = client, seq
        raise
    return Edit(client, seq, base, op, action)


def _base_revision(base: Any, revision: int) -> int:
    if not _whole_number(base) or base < 0:
        msg = f"edit: field 'base_revision' must be a whole number >= 0, got {_shown(base)}"
        raise RejectedMessageError(msg, path="base_revision")
    if base > revision:
        raise RejectedMessageError(
            f"edit: base_revision {base} is ahead of Python's revision {revision}", path="base_revision"
        )
    return int(base)


def _body(content: Mapping[str, Any]) -> tuple[dict[str, Any] | None, PageAction | None]:
    """The edit's operation, or its action (undo, redo, suggest): exactly one of the two."""
    if ("op" in content) == ("action" in content):
        raise RejectedMessageError("edit: exactly one of 'op' and 'action' is required", path="op")
    if "action" in content:
        action = content["action"]
        if action == "undo" or action == "redo" or action == "suggest":  # noqa: PLR1714 - narrows the type for mypy
            return None, action
        raise RejectedMessageError(
            f"edit: field 'action' must be 'undo', 'redo' or 'suggest', got {_shown(action)}", path="action"
        )
    op = content["op"]
    if not isinstance(op, dict):
        raise RejectedMessageError(f"edit: field 'op' must be an operation object, got {type(op).__name__}", path="op")
    try:
        check_bounds(op)
    except RejectedMessageError as err:
        raise RejectedMessageError(err.message, path="op") from None
    if count_ops(op) > MAX_OPS:
        raise RejectedMessageError(f"edit: more than {MAX_OPS} operations in one message", path="op")
    return op, None


def _shown(value: Any) -> str:
    """A short description of a refused value (never the whole of a huge one)."""
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int):
        if value.bit_length() < 64:  # noqa: PLR2004
            return str(value)
        # str() of a huge int is slow (and refused past 4300 digits): say how big it is instead
        return f"a number of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    if isinstance(value, float | str):
        return repr(value)[:40]
    return f"a {type(value).__name__}"
