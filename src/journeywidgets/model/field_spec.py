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


def card_colors() -> dict[str, str]:
    """Return the colours the map offers for a card, ``{name: "#rrggbb"}`` (a card may hold any colour).

    Example:
        >>> card_colors()["Yellow"]
        '#f2c94c'
    """
    colors: dict[str, str] = _spec()["card_colors"]
    return dict(colors)


def card_tint() -> float:
    """Return the share of a card's colour mixed into its background (the rest is the theme's card colour).

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
