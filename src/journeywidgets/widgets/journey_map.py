"""``JourneyMap``: the swimlane map of a journey, as a Jupyter widget.

Stages (and their steps) are columns, lanes are rows, cards sit in the cells.
The widget mirrors its journey: a change made in Python appears in the view.

Example:
    >>> import journeywidgets as jw
    >>> journey = jw.sample_journey()
    >>> view = jw.JourneyMap(journey)
    >>> view.document["title"] == journey.title
    True
"""

from __future__ import annotations

from typing import Any

import anywidget
import traitlets

from journeywidgets.model import Change, Journey, JourneyError
from journeywidgets.widgets.bundle import require_bundle


class JourneyMap(anywidget.AnyWidget):
    """A swimlane map of ``journey`` that stays in sync with it.

    ``persona`` (an id or name) selects whose emotion curve is shown; by default
    the first persona's.

    Example:
        >>> import journeywidgets as jw
        >>> journey = jw.sample_journey()
        >>> view = jw.JourneyMap(journey, persona="Raj, the deal hunter")
        >>> view.persona
        'raj'
        >>> _ = journey.add_stage("Loyalty")
        >>> view.document["stages"][-1]["name"], view.revision
        ('Loyalty', 1)
    """

    _esm = require_bundle("index.js")
    _css = require_bundle("index.css")

    _view = traitlets.Unicode("map").tag(sync=True)
    document = traitlets.Dict().tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    persona = traitlets.Unicode(None, allow_none=True).tag(sync=True)

    def __init__(self, journey: Journey, *, persona: str | None = None, **kwargs: Any) -> None:
        if not isinstance(journey, Journey):
            msg = f"JourneyMap: 'journey' must be a journeywidgets.Journey, got {type(journey).__name__}"
            raise TypeError(msg)
        self._journey = journey
        persona_id = journey.persona(persona).id if persona is not None else None
        if persona_id is None and journey.personas:
            persona_id = journey.personas[0].id
        super().__init__(document=journey.document, revision=journey.revision, persona=persona_id, **kwargs)
        self._unobserve = journey.observe(self._on_journey_change)

    @property
    def journey(self) -> Journey:
        """The journey this map shows.

        Example:
            >>> import journeywidgets as jw
            >>> j = jw.sample_journey(); jw.JourneyMap(j).journey is j
            True
        """
        return self._journey

    @traitlets.validate("persona")
    def _check_persona(self, proposal: dict[str, Any]) -> str | None:
        value = proposal["value"]
        if value is None:
            return None
        try:
            return self._journey.persona(value).id
        except JourneyError as err:
            raise traitlets.TraitError(f"JourneyMap.persona: {err}") from None

    def _on_journey_change(self, change: Change) -> None:
        with self.hold_sync():
            self.document = self._journey.document
            self.revision = change.revision
            if self.persona is not None and self.persona not in {p.id for p in self._journey.personas}:
                self.persona = self._journey.personas[0].id if self._journey.personas else None

    def close(self) -> None:
        """Close the widget and stop following the journey.

        Example:
            >>> import journeywidgets as jw
            >>> j = jw.sample_journey(); m = jw.JourneyMap(j); m.close()
            >>> _ = j.add_stage("After close")  # the closed map is no longer told
        """
        unobserve = getattr(self, "_unobserve", None)
        if unobserve is not None:
            unobserve()
        super().close()
