"""Field types of journey entities: validation and defaults, read from ``fields.json``.

The same ``fields.json`` drives the TypeScript model, so a value accepted here is
accepted in the browser and gets the same default. This module checks values and
whole entities; what the types and limits are is read in
:mod:`~journeywidgets.model.field_spec`, the checker of each type is in
:mod:`~journeywidgets.model.field_checks`, and the rules for text (forbidden
characters, how values are shown in errors) in :mod:`~journeywidgets.model.text_rules`.
All their public names can be imported from here.

Example:
    >>> normalize_entity("stage", {"id": "awareness", "name": "Awareness"})["events"]
    []
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from journeywidgets.model.errors import InvalidFieldError, InvalidTextError, MissingFieldError, UnknownFieldError
from journeywidgets.model.field_checks import ForbiddenTextError, RejectedError, checker
from journeywidgets.model.field_spec import JSONDict, default_value, entity_fields, is_required, is_valid_id, limit
from journeywidgets.model.text_rules import describe, forbidden_character, printable

__all__ = [
    "JSONDict",
    "check_changes",
    "check_value",
    "default_value",
    "describe",
    "entity_fields",
    "forbidden_character",
    "is_required",
    "is_valid_id",
    "limit",
    "normalize_entity",
    "printable",
]


def check_value(type_: str, value: Any, *, where: str, field: str, path: str = "") -> Any:
    """Validate one field value against its type and return it normalized.

    Raises :class:`InvalidFieldError` naming ``where`` and ``field``.

    Args:
        type_: The field's type in ``fields.json``.
        value: The value given.
        where: The entity, for the message (``"card 'c1'"``).
        field: The field's name, for the message.
        path: The error's ``path``; the field's name by default.

    Returns:
        The value normalized (a whole ``2.0`` becomes ``2``, a tuple a list, ...).

    Raises:
        InvalidFieldError: The value does not fit the type.
        InvalidTextError: The text holds characters no field may hold.

    Example:
        >>> check_value("number", 2.0, where="emotion", field="value")
        2
        >>> check_value("text[]", ["a", 1], where="card 'c1'", field="tags")
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.InvalidFieldError: card 'c1': field 'tags' must be a list of strings ..., got a list
    """
    try:
        return checker(type_)(value)
    except RejectedError as rejected:
        message = f"{where}: field '{field}' must be {rejected.expected}, got {describe(value)}"
        raise InvalidFieldError(message, path=path or field) from None
    except ForbiddenTextError as forbidden:
        message = (
            f"{where}: field '{field}'{forbidden.item} holds {forbidden.found}; text may hold no control "
            r"characters but tab and newline (line breaks are \n, not \r), no lone surrogates and no Unicode "
            "non-characters"
        )
        raise InvalidTextError(message, path=path or field) from None


def normalize_entity(
    kind: str,
    data: Mapping[str, Any],
    *,
    where: str | None = None,
    path_prefix: str = "",
    extra: tuple[str, ...] = (),
) -> JSONDict:
    """Validate a whole entity and return it with every field present.

    Unknown fields are rejected (a typo must not vanish silently); missing
    optional fields get their defaults; ``extra`` names keys the caller handles.

    Args:
        kind: The entity kind in ``fields.json``.
        data: The entity as given.
        where: The entity, for messages (the kind by default).
        path_prefix: Put before field names in the errors' ``path`` (``"stages[0]."``).
        extra: Keys the caller validates itself (``"steps"`` of a stage), left out of the result.

    Returns:
        A new dict with every field of the kind, in declaration order, each normalized.

    Raises:
        InvalidFieldError: ``data`` is not a mapping, or a value does not fit its type.
        UnknownFieldError: ``data`` has a field the kind does not.
        MissingFieldError: A required field is missing.

    Example:
        >>> normalize_entity("lane", {"id": "pains", "name": "Pains", "kind": "pain_point"})
        {'id': 'pains', 'name': 'Pains', 'kind': 'pain_point', 'description': '', 'collapsed': False}
    """
    fields = entity_fields(kind)
    label = where or kind
    if not isinstance(data, Mapping):
        raise InvalidFieldError(f"{label} must be an object, got {describe(data)}", path=path_prefix.rstrip("."))
    for key in data:
        if key not in fields and key not in extra:
            known = ", ".join(fields)
            shown = printable(key)
            raise UnknownFieldError(
                f"{label}: unknown field '{shown}'; expected one of {known}", path=path_prefix + shown
            )
    out: JSONDict = {}
    for name, type_ in fields.items():
        if name in data:
            out[name] = check_value(type_, data[name], where=label, field=name, path=path_prefix + name)
        elif is_required(type_):
            raise MissingFieldError(f"{label}: field '{name}' is required", path=path_prefix + name)
        else:
            out[name] = default_value(type_)
    return out


def check_changes(
    kind: str, changes: object, *, where: str, fixed: tuple[str, ...] = ("id",), path_prefix: str = "changes."
) -> JSONDict:
    """Validate the ``changes`` of an update operation (a partial entity).

    ``fixed`` names fields an update may not touch.

    Args:
        kind: The kind of the entity updated.
        changes: The operation's ``changes``, field name to new value.
        where: The entity, for messages.
        fixed: Fields an update may not change.
        path_prefix: Put before field names in the errors' ``path``.

    Returns:
        The changes, each value normalized (no defaults are added).

    Raises:
        InvalidFieldError: ``changes`` is not a mapping, names a fixed field, or holds a value that does not fit.
        UnknownFieldError: It names a field the kind does not have.

    Example:
        >>> check_changes("stage", {"name": "Discover"}, where="stage 'awareness'")
        {'name': 'Discover'}
    """
    if not isinstance(changes, Mapping):
        raise InvalidFieldError(
            f"{where}: 'changes' must be an object, got {describe(changes)}", path=path_prefix.rstrip(".")
        )
    fields = entity_fields(kind)
    out: JSONDict = {}
    for key, value in changes.items():
        if key not in fields:
            known = ", ".join(f for f in fields if f not in fixed)
            shown = printable(key)
            raise UnknownFieldError(
                f"{where}: unknown field '{shown}'; expected one of {known}", path=path_prefix + shown
            )
        if key in fixed:
            raise InvalidFieldError(f"{where}: field '{key}' cannot be changed by an update", path=path_prefix + key)
        out[key] = check_value(fields[key], value, where=where, field=key, path=path_prefix + key)
    return out
