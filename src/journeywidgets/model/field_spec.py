"""The field definitions of journey entities, read from ``fields.json``: types, limits, defaults.

``fields.json`` is the one source of truth for what a journey document holds: the
Python model (:mod:`~journeywidgets.model.fields`), the TypeScript model
(``js/src/model/fields.ts``) and the JSON Schema (:mod:`~journeywidgets.model.schema`)
are all read from it.

Example:
    >>> entity_fields("step")
    {'id': 'id', 'name': 'name', 'description': 'text', 'events': 'text[]'}
    >>> default_value("enum:current|future"), is_required("ref:stage"), default_value("bool")
    ('current', True, False)
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

JSONDict = dict[str, Any]


@cache
def _spec() -> JSONDict:
    """The parsed ``fields.json`` (read once)."""
    text = resources.files("journeywidgets.model").joinpath("fields.json").read_text("utf-8")
    spec: JSONDict = json.loads(text)
    return spec


def entity_fields(kind: str) -> dict[str, str]:
    """Return ``{field name: type}`` for an entity kind, in declaration order.

    Args:
        kind: An entity kind of ``fields.json`` (``"stage"``, ``"card"``, ``"journey"``, ...).

    Returns:
        The kind's fields and their types, shared with the specification (do not change it).

    Raises:
        KeyError: There is no such kind.

    Example:
        >>> entity_fields("lane")["kind"].startswith("enum:text|")
        True
    """
    fields: dict[str, str] = _spec()["entities"][kind]
    return fields


def limit(name: str) -> Any:
    """Return one of the shared limits (``text_max``, ``id_pattern``, ...).

    Args:
        name: The limit's name in ``fields.json``.

    Returns:
        Its value: a number, a pattern, or a list (``image_types``).

    Raises:
        KeyError: There is no such limit.

    Example:
        >>> limit("name_max")
        500
    """
    return _spec()["limits"][name]


def card_colors() -> dict[str, str]:
    """Return the colours the map offers for a card, ``{name: "#rrggbb"}`` (a card may hold any colour).

    Returns:
        A new dict of the named colours, in the order the swatch menu shows them.

    Example:
        >>> card_colors()["Yellow"]
        '#f2c94c'
    """
    colors: dict[str, str] = _spec()["card_colors"]
    return dict(colors)


def card_tint() -> float:
    """Return the share of a card's colour mixed into its background (the rest is the theme's card colour).

    Returns:
        A fraction between 0 and 1.

    Example:
        >>> 0 < card_tint() < 0.5
        True
    """
    return float(_spec()["card_tint"])


@cache
def _id_re() -> re.Pattern[str]:
    return re.compile(limit("id_pattern"))


def is_valid_id(value: object) -> bool:
    """Tell whether ``value`` is a well-formed entity id.

    Args:
        value: Anything.

    Returns:
        ``True`` when ``value`` is text matching ``limits.id_pattern``.

    Example:
        >>> is_valid_id("card-1f2e"), is_valid_id("has space")
        (True, False)
    """
    return isinstance(value, str) and _id_re().fullmatch(value) is not None


def is_required(type_: str) -> bool:
    """Tell whether a field of this type must be given (it has no default).

    Args:
        type_: A field type of ``fields.json``.

    Returns:
        ``True`` for ids, names, numbers and single references.

    Example:
        >>> is_required("name"), is_required("text")
        (True, False)
    """
    return type_ in ("id", "name", "number") or type_.startswith("ref:")


def default_value(type_: str) -> Any:
    """Return the default of an optional field type.

    Args:
        type_: The type of an optional field.

    Returns:
        An enum's first choice, ``[]`` for lists, ``None`` for optional numbers and references, ``{}``, ``0``, ``False``
        or ``""`` otherwise.

    Example:
        >>> default_value("enum:current|future"), default_value("text[]"), default_value("bool")
        ('current', [], False)
    """
    if type_.startswith("enum:"):
        return type_[5:].split("|", 1)[0]
    if type_.endswith("[]") or type_.startswith("ref[]:"):
        return []
    if type_ == "number?" or type_.startswith("ref?:"):
        return None
    return {"text{}": {}, "index": 0, "bool": False}.get(type_, "")
