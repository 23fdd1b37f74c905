"""``PersonaCard`` and ``PersonaGallery``: a journey's personas as cards, editable in the browser.

Edits travel as operations through ``journey.apply``, like every edit of the map
(see :mod:`.document_sync`), so a change made on a card shows on the map at once and
can be undone from either.

Example:
    >>> import journeywidgets as jw
    >>> journey = jw.sample_journey()
    >>> jw.PersonaCard(journey, "Raj, the deal hunter").persona
    'raj'
    >>> len(jw.PersonaGallery(journey).document["personas"])
    3
"""

from __future__ import annotations

from typing import Any

import traitlets

from journeywidgets.model import Journey
from journeywidgets.widgets.document_sync import JourneyDocumentWidget
from journeywidgets.widgets.persona_choice import chosen_persona


class _PersonaCards(JourneyDocumentWidget):
    _view = traitlets.Unicode("personas").tag(sync=True)
    _what = "persona card"
    _page_settable = frozenset({"persona"})
    persona = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    only = traitlets.Bool(default_value=True).tag(sync=True)

    @traitlets.validate("persona")
    def _check_persona(self, proposal: dict[str, Any]) -> str | None:
        return chosen_persona(self._journey, proposal["value"], f"{type(self).__name__}.persona")


class PersonaCard(_PersonaCards):
    """One persona of ``journey`` as a card (an id or name): goals, challenges, preferences, segment.

    Its fields are edited in place (``editable=False`` shows them read-only).

    Args:
        journey: The journey the persona belongs to.
        persona: The persona (an id or name).
        editable: Whether its fields can be edited.
        **kwargs: Passed on to ``anywidget.AnyWidget`` (``layout``, trait values, ...).

    Raises:
        TypeError: ``journey`` is not a :class:`~journeywidgets.Journey`.
        NotFoundError: ``persona`` names no persona.

    Example:
        >>> import journeywidgets as jw
        >>> journey = jw.sample_journey()
        >>> card = jw.PersonaCard(journey, "maya")
        >>> _ = journey.update_persona("maya", quote="No time to waste")
        >>> card.document["personas"][0]["quote"]
        'No time to waste'
    """

    def __init__(self, journey: Journey, persona: str, *, editable: bool = True, **kwargs: Any) -> None:
        if not isinstance(journey, Journey):
            msg = f"PersonaCard: 'journey' must be a journeywidgets.Journey, got {type(journey).__name__}"
            raise TypeError(msg)
        persona_id = journey.persona(persona).id
        super().__init__(journey, editable=editable, persona=persona_id, only=True, **kwargs)


class PersonaGallery(_PersonaCards):
    """Every persona of ``journey`` as cards; choosing one sets ``persona`` (link it to a map or funnel).

    Args:
        journey: The journey whose personas are shown.
        persona: The persona chosen at first (an id or name); ``None`` for none.
        editable: Whether their fields can be edited.
        **kwargs: Passed on to ``anywidget.AnyWidget`` (``layout``, trait values, ...).

    Raises:
        TypeError: ``journey`` is not a :class:`~journeywidgets.Journey`.
        traitlets.TraitError: ``persona`` names no persona.

    Example:
        >>> import journeywidgets as jw
        >>> gallery = jw.PersonaGallery(jw.sample_journey())
        >>> gallery.persona = "Elena, the loyal regular"; gallery.persona
        'elena'
    """

    def __init__(self, journey: Journey, *, persona: str | None = None, editable: bool = True, **kwargs: Any) -> None:
        super().__init__(journey, editable=editable, only=False, **kwargs)
        self.persona = persona
