"""The kit the editing methods of :class:`~journeywidgets.Journey` are built with.

A reference to an entity (``Ref``: an id, a name, or an entity view), the turning
of caller-given iterables into JSON lists, and :class:`EditingBase`, which declares
what the editing mixins use of the journey (``apply`` and the readers).

Example:
    >>> id_of("awareness"), as_lists({"events": ("a", "b"), "name": "x"})
    ('awareness', {'events': ['a', 'b'], 'name': 'x'})
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from journeywidgets.model import entities as ent

if TYPE_CHECKING:
    from journeywidgets.model.opkit import Doc

Ref = str | Any  # an id, a name, or an entity view with an ``id``

#: the colours new personas get, in turn
PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d")


def id_of(ref: Ref) -> str:
    """The id of a reference: an entity view's ``id``, else the reference itself as text.

    Args:
        ref: An id, or an entity view (anything with an ``id`` attribute).

    Returns:
        The id, as text.

    Example:
        >>> from journeywidgets import sample_journey
        >>> id_of(sample_journey().stages[0]), id_of("checkout")
        ('awareness', 'checkout')
    """
    return str(getattr(ref, "id", ref))


def as_lists(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Turn tuples and other iterables given by a caller into JSON lists.

    Args:
        fields: Field values given by a caller.

    Returns:
        A new dict whose non-text, non-mapping iterables are lists; other values are kept as they are.

    Example:
        >>> as_lists({"tags": ("a", "b"), "text": "ab", "meta": {"k": 1}})
        {'tags': ['a', 'b'], 'text': 'ab', 'meta': {'k': 1}}
    """
    return {
        k: list(v) if isinstance(v, Iterable) and not isinstance(v, str | bytes | Mapping) else v
        for k, v in fields.items()
    }


class EditingBase:
    """What the editing mixins use of a journey: its document, ``apply`` and the readers.

    Example:
        >>> from journeywidgets import Journey
        >>> isinstance(Journey("x"), EditingBase)
        True
    """

    if TYPE_CHECKING:
        _doc: Doc

        def apply(self, op: Mapping[str, Any], *, origin: str = "python") -> int: ...  # noqa: D102
        def stage(self, ref: str) -> ent.Stage: ...  # noqa: D102
        def step(self, ref: str) -> ent.Step: ...  # noqa: D102
        def lane(self, ref: str) -> ent.Lane: ...  # noqa: D102
        def persona(self, ref: str) -> ent.Persona: ...  # noqa: D102
        def metric(self, ref: str) -> ent.MetricDef: ...  # noqa: D102
        def card(self, id: str) -> ent.Card: ...  # noqa: D102

    def _taken(self, collection: str) -> set[str]:
        return {item["id"] for item in self._doc[collection]}

    def _step_ids(self) -> set[str]:
        return {t["id"] for s in self._doc["stages"] for t in s["steps"]} | self._taken("stages")
