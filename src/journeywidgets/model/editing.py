"""Convenience editing methods of :class:`~journeywidgets.Journey`.

Each builds one operation and hands it to ``journey.apply`` (the only edit
path), so it is validated, undoable and announced like any other change.
Stages, steps, lanes, personas and metrics may be named by id or by name.
The methods live by what they edit: the journey itself here, its frame
(stages, steps, lanes) in :mod:`~journeywidgets.model.editing_structure`, what
fills it (cards, personas, emotions, metrics) in
:mod:`~journeywidgets.model.editing_content`; the shared kit is in
:mod:`~journeywidgets.model.editkit`.

Example:
    >>> from journeywidgets import Journey
    >>> j = Journey("Demo")
    >>> j.add_stage("Awareness", events=["ad_click"]).id
    'awareness'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from journeywidgets.model.editing_content import ContentEditing
from journeywidgets.model.editing_structure import StructureEditing
from journeywidgets.model.editkit import Ref, as_lists

__all__ = ["JourneyEditing", "Ref"]


class JourneyEditing(StructureEditing, ContentEditing):
    """The convenience editing methods; :class:`~journeywidgets.Journey` is the class to use.

    Example:
        >>> from journeywidgets import Journey
        >>> isinstance(Journey("x"), JourneyEditing)
        True
    """

    # ----- journey -------------------------------------------------------------------------

    def update(self, **changes: Any) -> None:
        """Change the journey's title, description, state (current/future/research), owner or tags.

        Args:
            **changes: The journey fields to change: ``title``, ``description``, ``state`` (``"current"``, ``"future"``
                or ``"research"``), ``owner``, ``tags``.

        Raises:
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo"); j.update(title="Checkout", state="future"); j.title
            'Checkout'
        """
        self.apply({"op": "update_journey", "changes": as_lists(changes)})

    def set_emotion_scale(self, min: float, max: float, labels: Mapping[str, str] | None = None) -> None:
        """Replace the emotion scale (for example 1..5 or 1..10); existing points must fit.

        Args:
            min: The scale's lowest value.
            max: Its highest value (greater than ``min``).
            labels: Names of points on the scale, keyed by the value as text (``{"1": "awful"}``).

        Raises:
            JourneyError: ``max`` is not above ``min``, a label is invalid, or an existing emotion point falls outside
                the new scale.

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo"); j.set_emotion_scale(1, 5); j.emotion_scale.max
            5
        """
        self.apply({"op": "set_emotion_scale", "min": min, "max": max, "labels": dict(labels or {})})
