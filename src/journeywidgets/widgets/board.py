"""``Board``: the map, the funnel and the persona cards of a bound journey, linked, in one layout.

The links are ``jslink``s between the views' traits (``persona`` and ``selected_stage``), so
they work in the browser alone: in a notebook saved with widget state, in exported HTML and in
Voila, as well as with a kernel. Choosing a persona on any of them drives the others; selecting
a stage in the funnel highlights it on the map, and back. Each view tells Python its own value
(so ``board.map.selected_stage`` is what the page shows); the linking itself happens in the page,
once, rather than also in Python, where a second link would echo stale values back to the page.

Example:
    >>> import journeywidgets as jw
    >>> journey = jw.sample_journey()
    >>> board = jw.Board(journey, journey.bind(jw.sample_events(n_users=1500)))
    >>> [(link.source[1], link.target[1]) for link in board.links]
    [('persona', 'persona'), ('persona', 'persona'), ('selected_stage', 'selected_stage')]
"""

from __future__ import annotations

from typing import Any

import ipywidgets

from journeywidgets.data.binding import Binding
from journeywidgets.model import Journey
from journeywidgets.widgets.funnel_view import FunnelView
from journeywidgets.widgets.journey_map import JourneyMap
from journeywidgets.widgets.path_view import PathView
from journeywidgets.widgets.persona_cards import PersonaGallery

#: the traits kept equal across the board's views
LINKED = (("persona", ("map", "funnel", "personas", "paths")), ("selected_stage", ("map", "funnel", "paths")))


class Board(ipywidgets.VBox):  # type: ignore[misc]  # ipywidgets ships no type hints
    """A linked board of ``journey`` bound by ``binding``: ``map``, ``funnel`` and ``personas``.

    ``persona`` starts the board on a persona (default: all users); ``funnel_options``
    go to :class:`FunnelView` (``orientation``, ``by``, ``personas``...). The views are
    attributes, so each can still be used and observed on its own.

    Args:
        journey: The journey shown.
        binding: Its binding (``journey.bind(data)``), whose numbers the map and funnel show.
        persona: The persona to start on (an id or name); ``None`` for all users.
        editable: Whether the map and persona cards can be edited.
        paths: Add a :class:`PathView` (``board.paths``) under the funnel: the paths after the stage selected on
            the map or in the funnel, for the persona shown.
        **funnel_options: Passed on to :class:`FunnelView`.

    Raises:
        TypeError: ``binding`` is not a :class:`~journeywidgets.Binding`.
        NotFoundError: ``persona`` names no persona.

    Example:
        >>> import journeywidgets as jw
        >>> journey = jw.sample_journey()
        >>> board = jw.Board(journey, journey.bind(jw.sample_events(n_users=1500)), persona="raj")
        >>> board.map.persona, board.funnel.persona, board.personas.persona
        ('raj', 'raj', 'raj')
    """

    def __init__(
        self,
        journey: Journey,
        binding: Binding,
        *,
        persona: str | None = None,
        editable: bool = True,
        paths: bool = False,
        **funnel_options: Any,
    ) -> None:
        if not isinstance(binding, Binding):
            msg = f"Board: 'binding' must be a Binding (journey.bind(data)), got {type(binding).__name__}"
            raise TypeError(msg)
        persona_id = journey.persona(persona).id if persona is not None else None
        self.map = JourneyMap(journey, binding=binding, persona=persona_id, editable=editable)
        self.funnel = FunnelView(binding, persona=persona_id, **funnel_options)
        self.personas = PersonaGallery(journey, persona=persona_id, editable=editable)
        views: dict[str, Any] = {"map": self.map, "funnel": self.funnel, "personas": self.personas}
        if paths:
            self.paths = PathView(binding, persona=persona_id)
            views["paths"] = self.paths
        self.links: list[Any] = []
        for trait, names in LINKED:
            first, *others = names
            for other in others:
                if other in views:
                    self.links.append(ipywidgets.jslink((views[first], trait), (views[other], trait)))
        lower = ipywidgets.HBox(
            [self.funnel, self.personas],
            layout=ipywidgets.Layout(align_items="flex-start", grid_gap="12px", width="100%"),
        )
        self.funnel.layout = ipywidgets.Layout(flex="3 1 0", min_width="0")
        self.personas.layout = ipywidgets.Layout(flex="2 1 0", min_width="0")
        rows = [self.map, lower, *([self.paths] if paths else [])]
        super().__init__(rows, layout=ipywidgets.Layout(grid_gap="12px", width="100%"))
        self.add_class("jw-board")

    def close(self) -> None:
        """Close the board's views and links.

        Example:
            >>> import journeywidgets as jw
            >>> journey = jw.sample_journey()
            >>> jw.Board(journey, journey.bind(jw.sample_events(n_users=300))).close()
        """
        links, self.links = getattr(self, "links", []), []
        for link in links:  # closing twice (explicitly, then on garbage collection) unlinks once
            link.unlink()
        for view in (getattr(self, name, None) for name in ("map", "funnel", "personas", "paths")):
            if view is not None:
                view.close()
        super().close()
