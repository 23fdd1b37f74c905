"""Field types of journey entities: validation and defaults, read from ``fields.json``.

The same ``fields.json`` drives the TypeScript model, so a value accepted here is
accepted in the browser and gets the same default.

Example:
    >>> normalize_entity("stage", {"id": "awareness", "name": "Awareness"})["events"]
    []
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from journeywidgets.model.errors import InvalidFieldError, InvalidTextError, MissingFieldError, UnknownFieldError

JSONDict = dict[str, Any]


@cache
def _spec() -> JSONDict:
    text = resources.files("journeywidgets.model").joinpath("fields.json").read_text("utf-8")
    spec: JSONDict = json.loads(text)
    return spec


def entity_fields(kind: str) -> dict[str, str]:
    """Return ``{field name: type}`` for an entity kind, in declaration order.

    Example:
        >>> entity_fields("lane")["kind"].startswith("enum:text|")
        True
    """
    fields: dict[str, str] = _spec()["entities"][kind]
    return fields


def limit(name: str) -> Any:
    """Return one of the shared limits (``text_max``, ``id_pattern``, ...).

    Example:
        >>> limit("name_max")
        500
    """
    return _spec()["limits"][name]


@cache
def _id_re() -> re.Pattern[str]:
    return re.compile(limit("id_pattern"))


def is_valid_id(value: object) -> bool:
    """Tell whether ``value`` is a well-formed entity id.

    Example:
        >>> is_valid_id("card-1f2e"), is_valid_id("has space")
        (True, False)
    """
    return isinstance(value, str) and _id_re().fullmatch(value) is not None


def is_required(type_: str) -> bool:
    """Tell whether a field of this type must be given (it has no default).

    Example:
        >>> is_required("name"), is_required("text")
        (True, False)
    """
    return type_ in ("id", "name", "number") or type_.startswith("ref:")


def default_value(type_: str) -> Any:
    """Return the default of an optional field type.

    Example:
        >>> default_value("enum:current|future"), default_value("text[]")
        ('current', [])
    """
    if type_.startswith("enum:"):
        return type_[5:].split("|", 1)[0]
    if type_.endswith("[]") or type_.startswith("ref[]:"):
        return []
    if type_ == "text{}":
        return {}
    if type_ == "number?" or type_.startswith("ref?:"):
        return None
    if type_ == "index":
        return 0
    return ""


@cache
def _forbidden_re() -> re.Pattern[str]:
    spans = []
    for span in limit("text_forbidden"):
        low, _, high = span.partition("-")
        spans.append(f"{re.escape(chr(int(low, 16)))}-{re.escape(chr(int(high or low, 16)))}")
    return re.compile("[" + "".join(spans) + "]")


_LAST_CONTROL, _SURROGATES = 0x9F, range(0xD800, 0xE000)


def _kind_of(char: str) -> str:
    code = ord(char)
    if code <= _LAST_CONTROL:
        return "a control character"
    if code in _SURROGATES:
        return "a lone surrogate"
    return "a Unicode non-character"


def forbidden_character(text: str) -> str | None:
    r"""Say which character of ``text`` no text field may hold, or None when there is none.

    Forbidden (``limits.text_forbidden`` in ``fields.json``, shared with the TypeScript model):
    control characters except tab and newline (carriage returns too: line breaks are ``\n``),
    lone surrogates (which no file can encode) and Unicode non-characters (U+FFFE, U+FDD0...).
    Such text is rejected, never cleaned: an editor must not change what was typed behind its
    writer's back.

    Args:
        text: the text to look at.

    Returns:
        A short description of the first forbidden character and where it is, or None.

    Example:
        >>> forbidden_character("tab\tand\nnewline are fine") is None
        True
        >>> forbidden_character("bell \x07")
        'U+0007 (a control character) at character 6'
    """
    found = _forbidden_re().search(text)
    if found is None:
        return None
    char = found.group()
    return f"U+{ord(char):04X} ({_kind_of(char)}) at character {found.start() + 1}"


def printable(value: object) -> str:
    r"""``value`` as text safe in a message or path: forbidden characters become ``\uXXXX`` escapes.

    A field name sent by a page or read from a file is shown in errors; it must not carry a
    character that breaks the error's own display or encoding.

    Args:
        value: a key or name (any object: non-string keys are shown with ``str``).

    Returns:
        The text with each forbidden character escaped.

    Example:
        >>> print(printable("bad\x00key"), printable(3))
        bad\u0000key 3
    """
    return _forbidden_re().sub(lambda m: f"\\u{ord(m.group()):04x}", str(value))


_SHORT_TEXT = 40
_LONG_INT_BITS = 64


def describe(value: object) -> str:
    """Describe a rejected value briefly for an error message.

    Example:
        >>> describe(3), describe("x" * 50), describe(10**400)
        ('int 3', 'a string of 50 characters', 'an int of about 401 digits')
    """
    if value is None:
        return "null"
    if isinstance(value, str):
        return f"{value!r}" if len(value) <= _SHORT_TEXT else f"a string of {len(value)} characters"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _LONG_INT_BITS:
        return f"an int of about {int(value.bit_length() * math.log10(2)) + 1} digits"  # str() of it may be refused
    if isinstance(value, bool | int | float):
        return f"{type(value).__name__} {value!r}"
    return f"a {type(value).__name__}"


class _RejectedError(Exception):
    """Raised by a checker: the value does not fit; ``expected`` says what would."""

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


class _ForbiddenTextError(Exception):
    """Raised by a checker: the text holds a character no text field may hold."""

    def __init__(self, found: str, item: str) -> None:
        super().__init__(found)
        self.found = found
        self.item = item


def _is_text(value: object, maximum: int) -> bool:
    return isinstance(value, str) and len(value) <= maximum


def _check_characters(text: str, item: str = "") -> None:
    found = forbidden_character(text)
    if found is not None:
        raise _ForbiddenTextError(found, item)


def _check_id(value: Any) -> Any:
    if not is_valid_id(value):
        raise _RejectedError("an id (letters, digits, '_', '.', ':', '-'; 1-64)")
    return value


def _check_optional_id(value: Any) -> Any:
    if value is not None and not is_valid_id(value):
        raise _RejectedError("an id or null")
    return value


def _check_id_list(value: Any) -> Any:
    if not isinstance(value, list) or not all(is_valid_id(v) for v in value):
        raise _RejectedError("a list of ids")
    if len(set(value)) != len(value):
        raise _RejectedError("a list of distinct ids")
    return list(value)


def _check_name(value: Any) -> Any:
    if not _is_text(value, limit("name_max")) or not value.strip():
        raise _RejectedError(f"a non-empty string of at most {limit('name_max')} characters")
    _check_characters(value)
    return value


def _check_text(value: Any) -> Any:
    if not _is_text(value, limit("text_max")):
        raise _RejectedError(f"a string of at most {limit('text_max')} characters")
    _check_characters(value)
    return value


_COLOR_RE = re.compile(r"#[0-9a-fA-F]{6}")


def _check_color(value: Any) -> Any:
    if value != "" and not (isinstance(value, str) and _COLOR_RE.fullmatch(value)):
        raise _RejectedError("a colour like '#1f77b4' or ''")
    return value


def _check_text_list(value: Any) -> Any:
    text_max, list_max = limit("text_max"), limit("list_max")
    if not isinstance(value, list) or len(value) > list_max or not all(_is_text(v, text_max) for v in value):
        raise _RejectedError(f"a list of strings (each at most {text_max} characters, at most {list_max} items)")
    for i, item in enumerate(value):
        _check_characters(item, f" (item {i})")
    return list(value)


def _check_text_map(value: Any) -> Any:
    ok = isinstance(value, dict) and len(value) <= limit("list_max")
    if not ok or not all(_is_text(k, limit("name_max")) and _is_text(v, limit("text_max")) for k, v in value.items()):
        raise _RejectedError("a mapping of strings to strings")
    for key, item in value.items():
        _check_characters(key, " (a key)")
        _check_characters(item, f" (the value of '{key}')")
    return dict(value)


def _is_finite_number(value: object) -> bool:
    """A number a double holds: not a bool, not inf or NaN, no int beyond the largest double (1.8e308)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return abs(value) <= sys.float_info.max  # an exact comparison: no OverflowError
    return isinstance(value, float) and math.isfinite(value)


def _check_number(value: Any, *, optional: bool = False) -> Any:
    if value is None and optional:
        return None
    if not _is_finite_number(value):
        raise _RejectedError("a finite number" + (" or null" if optional else ""))
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _check_index(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():  # JSON has one kind of number: 2.0 is 2, as in TypeScript
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit("index_max"):
        raise _RejectedError(f"a whole number from 0 to {limit('index_max')}")
    return value


_CHECKERS: dict[str, Callable[[Any], Any]] = {
    "id": _check_id,
    "ref:": _check_id,
    "ref?:": _check_optional_id,
    "ref[]:": _check_id_list,
    "name": _check_name,
    "text": _check_text,
    "color": _check_color,
    "text[]": _check_text_list,
    "text{}": _check_text_map,
    "number": _check_number,
    "number?": lambda value: _check_number(value, optional=True),
    "index": _check_index,
}


def _checker(type_: str) -> Callable[[Any], Any]:
    if type_.startswith("enum:"):
        choices = type_[5:].split("|")

        def check_enum(value: Any) -> Any:
            if value not in choices:
                raise _RejectedError("one of " + ", ".join(repr(c) for c in choices))
            return value

        return check_enum
    base = type_.split(":", 1)[0] + ":" if ":" in type_ else type_
    if base not in _CHECKERS:
        msg = f"unknown field type {type_!r} in fields.json"
        raise AssertionError(msg)
    return _CHECKERS[base]


def check_value(type_: str, value: Any, *, where: str, field: str, path: str = "") -> Any:
    """Validate one field value against its type and return it normalized.

    Raises :class:`InvalidFieldError` naming ``where`` and ``field``.

    Example:
        >>> check_value("number", 2.0, where="emotion", field="value")
        2
        >>> check_value("text[]", ["a", 1], where="card 'c1'", field="tags")
        Traceback (most recent call last):
        ...
        journeywidgets.model.errors.InvalidFieldError: card 'c1': field 'tags' must be a list of strings ..., got a list
    """
    try:
        return _checker(type_)(value)
    except _RejectedError as rejected:
        message = f"{where}: field '{field}' must be {rejected.expected}, got {describe(value)}"
        raise InvalidFieldError(message, path=path or field) from None
    except _ForbiddenTextError as forbidden:
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

    Example:
        >>> normalize_entity("lane", {"id": "pains", "name": "Pains", "kind": "pain_point"})
        {'id': 'pains', 'name': 'Pains', 'kind': 'pain_point', 'description': ''}
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
