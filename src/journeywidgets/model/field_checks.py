"""One checker per field type of ``fields.json``: each takes a value and returns it normalized, or raises.

The checkers say only what was expected (``RejectedError``) or which character was
forbidden (``ForbiddenTextError``); :func:`journeywidgets.model.fields.check_value`
turns that into an error naming the entity and the field.

Example:
    >>> checker("text[]")(("a", "b"))
    Traceback (most recent call last):
    ...
    journeywidgets.model.field_checks.RejectedError: a list of strings ...
    >>> checker("text[]")(["a", "b"])
    ['a', 'b']
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

from journeywidgets.model.field_spec import is_valid_id, limit
from journeywidgets.model.text_rules import forbidden_character


class RejectedError(Exception):
    """Raised by a checker: the value does not fit; ``expected`` says what would (``check_value`` words the error).

    Args:
        expected: What the field expects, worded to follow "must be" (``"true or false"``).

    Example:
        >>> try:
        ...     checker("bool")("yes")
        ... except RejectedError as err:
        ...     err.expected
        'true or false'
    """

    def __init__(self, expected: str) -> None:
        super().__init__(expected)
        self.expected = expected


class ForbiddenTextError(Exception):
    """Raised by a checker: the text holds a character no text field may hold.

    Args:
        found: The character found and where, described (``"U+0000 (a control character) at character 4"``).
        item: Which item of a list (or key or value of a mapping) holds it, put after the field's name
            (``" (item 1)"``, ``" (a key)"``), or ``""`` for a text field.

    Example:
        >>> try:
        ...     checker("text[]")(["ok", "bad" + chr(0)])
        ... except ForbiddenTextError as err:
        ...     err.item
        ' (item 1)'
    """

    def __init__(self, found: str, item: str) -> None:
        super().__init__(found)
        self.found = found
        self.item = item


def _is_text(value: object, maximum: int) -> bool:
    return isinstance(value, str) and len(value) <= maximum


def _check_characters(text: str, item: str = "") -> None:
    found = forbidden_character(text)
    if found is not None:
        raise ForbiddenTextError(found, item)


def _check_id(value: Any) -> Any:
    if not is_valid_id(value):
        raise RejectedError("an id (letters, digits, '_', '.', ':', '-'; 1-64)")
    return value


def _check_optional_id(value: Any) -> Any:
    if value is not None and not is_valid_id(value):
        raise RejectedError("an id or null")
    return value


def _check_id_list(value: Any) -> Any:
    if not isinstance(value, list) or not all(is_valid_id(v) for v in value):
        raise RejectedError("a list of ids")
    if len(set(value)) != len(value):
        raise RejectedError("a list of distinct ids")
    return list(value)


def _check_name(value: Any) -> Any:
    if not _is_text(value, limit("name_max")) or not value.strip():
        raise RejectedError(f"a non-empty string of at most {limit('name_max')} characters")
    _check_characters(value)
    return value


def _check_text(value: Any) -> Any:
    if not _is_text(value, limit("text_max")):
        raise RejectedError(f"a string of at most {limit('text_max')} characters")
    _check_characters(value)
    return value


#: a colour: ``#`` and six hex digits (the JSON Schema allows it or "")
COLOR_PATTERN = "#[0-9a-fA-F]{6}"
_COLOR_RE = re.compile(COLOR_PATTERN)


def _check_color(value: Any) -> Any:
    if value != "" and not (isinstance(value, str) and _COLOR_RE.fullmatch(value)):
        raise RejectedError("a colour like '#1f77b4' or ''")
    return value


def _check_text_list(value: Any) -> Any:
    text_max, list_max = limit("text_max"), limit("list_max")
    if not isinstance(value, list) or len(value) > list_max or not all(_is_text(v, text_max) for v in value):
        raise RejectedError(f"a list of strings (each at most {text_max} characters, at most {list_max} items)")
    for i, item in enumerate(value):
        _check_characters(item, f" (item {i})")
    return list(value)


def _check_text_map(value: Any) -> Any:
    ok = isinstance(value, dict) and len(value) <= limit("list_max")
    if not ok or not all(_is_text(k, limit("name_max")) and _is_text(v, limit("text_max")) for k, v in value.items()):
        raise RejectedError("a mapping of strings to strings")
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
        raise RejectedError("a finite number" + (" or null" if optional else ""))
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _check_bool(value: Any) -> Any:
    if value is not True and value is not False:  # not 0/1 nor "true": JSON's true and false only
        raise RejectedError("true or false")
    return value


@cache
def _image_url_re() -> re.Pattern[str]:
    return re.compile(limit("image_url_pattern"))


def image_data_pattern() -> str:
    """The pattern of an image data URI: ``data:image/<type>;base64,`` and base64 in groups of four, padded.

    The checker tests the same thing in linear time (a pattern this long is slow on a megabyte); the JSON Schema
    uses the pattern.

    Returns:
        A regular expression (anchored with ``^`` and ``$``) for the image types ``fields.json`` allows.

    Example:
        >>> image_data_pattern()[:30]
        '^data:image/(?:png|jpeg|gif|we'
    """
    types = "|".join(re.escape(t) for t in limit("image_types"))
    quad = "[A-Za-z0-9+/]"
    return f"^data:image/(?:{types});base64,(?:{quad}{{4}})*(?:{quad}{{4}}|{quad}{{2}}==|{quad}{{3}}=)$"


_NOT_BASE64_RE = re.compile("[^A-Za-z0-9+/]")
_DATA_PREFIX_RE = re.compile("data:image/([a-z+]+);base64,")


def _is_image_data(value: str) -> bool:
    """A ``data:image/...;base64,...`` URI of a listed type, within the limit, its data well-formed base64."""
    prefix = _DATA_PREFIX_RE.match(value)
    if prefix is None or prefix.group(1) not in limit("image_types") or len(value) > limit("image_data_max"):
        return False
    data = value[prefix.end() :]
    body = data.removesuffix("=").removesuffix("=")  # the padding: at most two "="
    return len(data) >= 4 and len(data) % 4 == 0 and _NOT_BASE64_RE.search(body) is None  # noqa: PLR2004


def _is_image_url(value: str) -> bool:
    """An http(s) URL within the limit: a host without credentials, no whitespace, controls or forbidden text."""
    ok = len(value) <= limit("image_url_max") and _image_url_re().fullmatch(value) is not None
    return ok and forbidden_character(value) is None


def image_expected(value: object) -> str:
    """What an image field expects, worded for the form ``value`` tries (a URL, a data URI or neither).

    Args:
        value: The rejected value.

    Returns:
        The ``expected`` text of the error: the limits of a data URI or of a URL when ``value`` looks like one, else
        both forms.

    Example:
        >>> image_expected("data:text/html,<b>hi</b>").split(" URI")[0]
        "'' or a data:image/(png|jpeg|gif|webp|svg+xml);base64,..."
    """
    types = "|".join(limit("image_types"))
    if isinstance(value, str) and value.startswith("data:"):
        return (
            f"'' or a data:image/({types});base64,... URI of at most {limit('image_data_max')} characters, "
            "its data in base64 (A-Z, a-z, 0-9, '+', '/', in groups of four padded with '=')"
        )
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        return (
            f"'' or an https:// or http:// image URL of at most {limit('image_url_max')} characters, "
            "with no user:password@ and no whitespace or control characters"
        )
    return f"'' or an image address: an https:// or http:// URL, or a data:image/({types});base64,... URI"


def _check_image(value: Any) -> Any:
    if value != "" and not (isinstance(value, str) and (_is_image_url(value) or _is_image_data(value))):
        raise RejectedError(image_expected(value))
    return value


def _check_index(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():  # JSON has one kind of number: 2.0 is 2, as in TypeScript
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= limit("index_max"):
        raise RejectedError(f"a whole number from 0 to {limit('index_max')}")
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
    "bool": _check_bool,
    "image": _check_image,
}


def checker(type_: str) -> Callable[[Any], Any]:
    """The function that checks and normalizes a value of ``type_`` (raising ``RejectedError``, ``ForbiddenTextError``).

    Args:
        type_: A field type of ``fields.json`` (``"name"``, ``"text[]"``, ``"enum:a|b"``, ``"ref:stage"``, ...).

    Returns:
        A function taking a value and returning it normalized; it raises ``RejectedError`` (saying what was expected) or
        ``ForbiddenTextError``.

    Raises:
        AssertionError: ``type_`` is not a type ``fields.json`` may use (a bug in the specification, not in a document).

    Example:
        >>> checker("enum:a|b")("b"), checker("index")(2.0), checker("bool")(True)
        ('b', 2, True)
        >>> checker("image")("https://example.com/ann.png")
        'https://example.com/ann.png'
    """
    if type_.startswith("enum:"):
        choices = type_[5:].split("|")

        def check_enum(value: Any) -> Any:
            if value not in choices:
                raise RejectedError("one of " + ", ".join(repr(c) for c in choices))
            return value

        return check_enum
    base = type_.split(":", 1)[0] + ":" if ":" in type_ else type_
    if base not in _CHECKERS:
        msg = f"unknown field type {type_!r} in fields.json"
        raise AssertionError(msg)
    return _CHECKERS[base]
