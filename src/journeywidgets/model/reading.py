"""Reading a journey: its fields, its entities in order, and finding one by id or name.

:class:`~journeywidgets.Journey` inherits these; the views are snapshots built once per revision.

Example:
    >>> from journeywidgets import sample_journey
    >>> journey = sample_journey()
    >>> journey.stage("Purchase").id, journey.lanes[0].kind
    ('purchase', 'action')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from journeywidgets.model import entities as ent
from journeywidgets.model.errors import NotFoundError

if TYPE_CHECKING:
    from journeywidgets.model.opkit import Doc


class JourneyReading:
    """The reading methods; :class:`~journeywidgets.Journey` is the class to use.

    Example:
        >>> from journeywidgets import Journey
        >>> isinstance(Journey("x"), JourneyReading)
        True
    """

    if TYPE_CHECKING:
        _doc: Doc
        _views: dict[str, Any]

    def _view(self, name: str, build: Callable[[], Any]) -> Any:
        if name not in self._views:
            self._views[name] = build()
        return self._views[name]

    @property
    def id(self) -> str:
        """The journey's stable id.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo", id="checkout").id
            'checkout'
        """
        return str(self._doc["id"])

    @property
    def title(self) -> str:
        """The journey's title (change it with ``journey.update(title=...)``).

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").title
            'Demo'
        """
        return str(self._doc["title"])

    @property
    def description(self) -> str:
        """The journey's description.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo", description="why").description
            'why'
        """
        return str(self._doc["description"])

    @property
    def stages(self) -> tuple[ent.Stage, ...]:
        """The stages, in order, each with its steps.

        Example:
            >>> from journeywidgets import sample_journey
            >>> [s.name for s in sample_journey().stages][:2]
            ['Awareness', 'Consideration']
        """
        result: tuple[ent.Stage, ...] = self._view("stages", lambda: tuple(map(ent.stage_view, self._doc["stages"])))
        return result

    @property
    def steps(self) -> tuple[ent.Step, ...]:
        """Every step of every stage, in order.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").steps
            ()
        """
        return tuple(step for stage in self.stages for step in stage.steps)

    @property
    def lanes(self) -> tuple[ent.Lane, ...]:
        """The lanes (rows), in order.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().lanes[0].kind
            'action'
        """
        return self._entities("lanes", ent.Lane)

    @property
    def personas(self) -> tuple[ent.Persona, ...]:
        """The personas, in order.

        Example:
            >>> from journeywidgets import sample_journey
            >>> len(sample_journey().personas)
            3
        """
        return self._entities("personas", ent.Persona)

    @property
    def metrics(self) -> tuple[ent.MetricDef, ...]:
        """The metric definitions, in order.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").metrics
            ()
        """
        return self._entities("metrics", ent.MetricDef)

    @property
    def emotions(self) -> tuple[ent.EmotionPoint, ...]:
        """Every emotion point (persona x stage or step x series).

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").emotions
            ()
        """
        return self._entities("emotions", ent.EmotionPoint)

    @property
    def emotion_scale(self) -> ent.EmotionScale:
        """The emotion scale (default -2..+2).

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").emotion_scale.max
            2
        """
        return ent.entity_view(ent.EmotionScale, self._doc["emotion_scale"])  # type: ignore[no-any-return]

    @property
    def cards(self) -> tuple[ent.Card, ...]:
        """Every card in reading order: by stage, then lane, then position in the cell.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().cards[0].stage_id
            'awareness'
        """

        def build() -> tuple[ent.Card, ...]:
            stage_pos = {s["id"]: i for i, s in enumerate(self._doc["stages"])}
            step_pos = {t["id"]: i for s in self._doc["stages"] for i, t in enumerate(s["steps"])}
            lane_pos = {lane["id"]: i for i, lane in enumerate(self._doc["lanes"])}

            def key(c: Doc) -> tuple[int, int, int, int]:
                step = -1 if c["step_id"] is None else step_pos[c["step_id"]]
                return (stage_pos[c["stage_id"]], step, lane_pos[c["lane_id"]], c["order"])

            return tuple(ent.entity_view(ent.Card, c) for c in sorted(self._doc["cards"], key=key))

        result: tuple[ent.Card, ...] = self._view("cards", build)
        return result

    def _entities(self, key: str, cls: type[Any]) -> tuple[Any, ...]:
        result: tuple[Any, ...] = self._view(key, lambda: tuple(ent.entity_view(cls, d) for d in self._doc[key]))
        return result

    def cards_in(self, *, stage: str | None = None, lane: str | None = None) -> tuple[ent.Card, ...]:
        """The cards of one stage and/or lane (by id or name), in reading order.

        Args:
            stage: A stage's id or name; ``None`` for every stage.
            lane: A lane's id or name; ``None`` for every lane.

        Returns:
            The matching cards' views.

        Raises:
            NotFoundError: ``stage`` or ``lane`` names no such entity (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey()
            >>> all(c.lane_id == "pains" for c in j.cards_in(lane="Pain points"))
            True
        """
        stage_id = self.stage(stage).id if stage is not None else None
        lane_id = self.lane(lane).id if lane is not None else None
        return tuple(c for c in self.cards if stage_id in (None, c.stage_id) and lane_id in (None, c.lane_id))

    def _find(self, kind: str, items: Sequence[Any], ref: str) -> Any:
        for item in items:
            if item.id == ref:
                return item
        for matches in (
            [i for i in items if i.name == ref],
            [i for i in items if i.name.casefold() == str(ref).casefold()],
        ):
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                ids = ", ".join(repr(m.id) for m in matches)
                msg = f"{len(matches)} {kind}s are named {ref!r} (ids {ids}); refer to one by its id"
                raise NotFoundError(msg, path=kind)
        known = ", ".join(repr(i.name) for i in items) or "none yet"
        raise NotFoundError(f"no {kind} with id or name {ref!r}; known {kind}s: {known}", path=kind)

    def stage(self, ref: str) -> ent.Stage:
        """Find a stage by id or name (names match case-insensitively when unambiguous).

        Args:
            ref: The stage's id, or its name.

        Returns:
            The stage's view (with its steps).

        Raises:
            NotFoundError: ``ref`` names no stage (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().stage("purchase").name
            'Purchase'
        """
        result: ent.Stage = self._find("stage", self.stages, ref)
        return result

    def step(self, ref: str) -> ent.Step:
        """Find a step by id or name.

        Args:
            ref: The step's id, or its name.

        Returns:
            The step's view.

        Raises:
            NotFoundError: ``ref`` names no step (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().step("Compare plans").id
            'compare'
        """
        result: ent.Step = self._find("step", self.steps, ref)
        return result

    def lane(self, ref: str) -> ent.Lane:
        """Find a lane by id or name.

        Args:
            ref: The lane's id, or its name.

        Returns:
            The lane's view.

        Raises:
            NotFoundError: ``ref`` names no lane (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().lane("Touchpoints").kind
            'touchpoint'
        """
        result: ent.Lane = self._find("lane", self.lanes, ref)
        return result

    def persona(self, ref: str) -> ent.Persona:
        """Find a persona by id or name.

        Args:
            ref: The persona's id, or its name.

        Returns:
            The persona's view.

        Raises:
            NotFoundError: ``ref`` names no persona (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().persona("maya").name
            'Maya, the busy professional'
        """
        result: ent.Persona = self._find("persona", self.personas, ref)
        return result

    def metric(self, ref: str) -> ent.MetricDef:
        """Find a metric definition by id or name.

        Args:
            ref: The metric's id, or its name.

        Returns:
            The metric definition's view.

        Raises:
            NotFoundError: ``ref`` names no metric (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().metric("conversion").kind
            'conversion'
        """
        result: ent.MetricDef = self._find("metric", self.metrics, ref)
        return result

    def card(self, id: str) -> ent.Card:  # noqa: A002 - the document's field name
        """Find a card by id.

        Args:
            id: The card's id (cards have no names).

        Returns:
            The card's view.

        Raises:
            NotFoundError: No card has that id.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.card(j.cards[0].id).text == j.cards[0].text
            True
        """
        for card in self.cards:
            if card.id == id:
                return card
        raise NotFoundError(f"no card with id {id!r}", path="card")
