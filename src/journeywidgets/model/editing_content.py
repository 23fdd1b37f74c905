"""Editing what fills a journey: cards, personas, emotions and metrics (see :class:`~journeywidgets.Journey`).

Example:
    >>> from journeywidgets import sample_journey
    >>> j = sample_journey()
    >>> j.add_card(stage="Awareness", lane="Pain points", text="Ads feel generic").text
    'Ads feel generic'
"""

from __future__ import annotations

from typing import Any

from journeywidgets.model import entities as ent
from journeywidgets.model.editkit import PALETTE, EditingBase, Ref, as_lists, id_of
from journeywidgets.model.ids import new_id, slug_id
from journeywidgets.model.opkit import Op


class ContentEditing(EditingBase):
    """Add, change, move and remove cards, personas, emotion points and metrics; mixed into ``Journey``.

    Example:
        >>> from journeywidgets import Journey
        >>> isinstance(Journey("x"), ContentEditing)
        True
    """

    # ----- cards ---------------------------------------------------------------------------

    def add_card(
        self,
        *,
        stage: Ref,
        lane: Ref,
        text: str = "",
        step: Ref | None = None,
        index: int | None = None,
        id: str | None = None,
        **fields: Any,
    ) -> ent.Card:
        """Add a card to the cell (stage or step, lane), at the end or at ``index``.

        Other fields: evidence, owner, status, channel, tags, events, persona_ids, color (``#rrggbb``, or
        ``""`` for the lane kind's colour).

        Args:
            stage: The card's stage (an id, a name or a view).
            lane: The card's lane.
            text: What the card says.
            step: The step inside ``stage`` it sits on; ``None`` for the stage as a whole.
            index: Its position among the cell's cards; ``None`` puts it last.
            id: Its id (default: a new random ``card-...`` id).
            **fields: Other card fields, as listed above.

        Returns:
            The new card's view.

        Raises:
            NotFoundError: ``stage``, ``lane`` or ``step`` names no such entity (by id or name), or a name several
                share.
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey()
            >>> j.add_card(stage="Purchase", lane="Pain points", text="Coupon field hidden",
            ...            evidence="observed").evidence
            'observed'
        """
        stage_id = self.stage(id_of(stage)).id
        op: Op = {
            "op": "add_card",
            "id": id or new_id("card"),
            "stage_id": stage_id,
            "lane_id": self.lane(id_of(lane)).id,
        }
        op.update(text=text, index=index, step_id=None if step is None else self.step(id_of(step)).id)
        self.apply({**op, **as_lists(fields)})
        return self.card(op["id"])

    def update_card(self, card: Ref, **changes: Any) -> ent.Card:
        """Change a card's text, evidence, owner, status, channel, tags, events or personas.

        Args:
            card: The card (its id or view).
            **changes: The fields to change, with their new values.

        Returns:
            The card's view after the change.

        Raises:
            NotFoundError: There is no such card.
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); c = j.cards[0]
            >>> j.update_card(c, text="New wording").text
            'New wording'
        """
        id_ = id_of(card)
        self.apply({"op": "update_card", "id": id_, "changes": as_lists(changes)})
        return self.card(id_)

    def move_card(
        self,
        card: Ref,
        *,
        stage: Ref | None = None,
        lane: Ref | None = None,
        step: Ref | None = None,
        index: int | None = None,
    ) -> ent.Card:
        """Move a card to another cell and/or position (omitted: keep the current one).

        Args:
            card: The card (its id or view).
            stage: The stage to move it to.
            lane: The lane to move it to.
            step: The step to move it to (inside its stage).
            index: Its position in the new cell; ``None`` puts it last.

        Returns:
            The card's view after the move.

        Raises:
            NotFoundError: The card, stage, lane or step does not exist.
            JourneyError: The step is not in the card's stage, or the index is invalid.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); c = j.cards_in(stage="awareness")[0]
            >>> j.move_card(c, stage="Purchase", index=0).stage_id
            'purchase'
        """
        op: Op = {"op": "move_card", "id": id_of(card), "index": index}
        if stage is not None:
            op["stage_id"] = self.stage(id_of(stage)).id
        if lane is not None:
            op["lane_id"] = self.lane(id_of(lane)).id
        if step is not None:
            op["step_id"] = self.step(id_of(step)).id
        self.apply(op)
        return self.card(op["id"])

    def remove_card(self, card: Ref) -> None:
        """Remove a card.

        Args:
            card: The card (its id or view).

        Raises:
            NotFoundError: There is no such card.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); n = len(j.cards); j.remove_card(j.cards[0]); len(j.cards) == n - 1
            True
        """
        self.apply({"op": "remove_card", "id": id_of(card)})

    # ----- personas, emotions, metrics -----------------------------------------------------

    def add_persona(self, name: str, *, id: str | None = None, index: int | None = None, **fields: Any) -> ent.Persona:
        """Add a persona.

        Fields: description, quote, color, demographics, goals, pains, channels, preferences,
        segment (a filter on user attributes such as ``"plan == 'pro'"``) and image (``""``, an
        ``https://`` or ``http://`` URL, or a ``data:image/png;base64,...`` URI: the persona header's picture).

        Args:
            name: The persona's name.
            id: Its id (default: made from ``name``, such as ``"sam"``).
            index: Its position among the personas; ``None`` puts it last.
            **fields: Other persona fields, as listed above (``color`` defaults to the next colour of the palette).

        Returns:
            The new persona's view.

        Raises:
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").add_persona("Sam", segment="age < 30", goals=["Save time"]).goals
            ('Save time',)
        """
        id_ = id or slug_id(name, taken=self._taken("personas"), fallback="persona")
        fields.setdefault("color", PALETTE[len(self._doc["personas"]) % len(PALETTE)])
        self.apply({"op": "add_persona", "id": id_, "name": name, "index": index, **as_lists(fields)})
        return self.persona(id_)

    def update_persona(self, persona: Ref, **changes: Any) -> ent.Persona:
        """Change a persona's fields (``image=""`` removes its picture).

        Args:
            persona: The persona (an id, a name or a view).
            **changes: The fields to change, with their new values.

        Returns:
            The persona's view after the change.

        Raises:
            NotFoundError: ``persona`` names no persona (by id or name), or a name several share.
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_persona("maya", quote="Just make it work").quote
            'Just make it work'
            >>> sample_journey().update_persona("maya", image="https://example.com/maya.png").image
            'https://example.com/maya.png'
        """
        id_ = self.persona(id_of(persona)).id
        self.apply({"op": "update_persona", "id": id_, "changes": as_lists(changes)})
        return self.persona(id_)

    def move_persona(self, persona: Ref, index: int) -> None:
        """Move a persona to position ``index``.

        Args:
            persona: The persona (an id, a name or a view).
            index: Its new position (past the end: last).

        Raises:
            NotFoundError: ``persona`` names no persona (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.move_persona("maya", 2); j.personas[2].id
            'maya'
        """
        self.apply({"op": "move_persona", "id": self.persona(id_of(persona)).id, "index": index})

    def remove_persona(self, persona: Ref) -> None:
        """Remove a persona with its emotion points and card links.

        Args:
            persona: The persona (an id, a name or a view).

        Raises:
            NotFoundError: ``persona`` names no persona (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_persona("maya"); len(j.personas)
            2
        """
        self.apply({"op": "remove_persona", "id": self.persona(id_of(persona)).id})

    def set_emotion(
        self,
        persona: Ref,
        stage: Ref,
        value: float | None,
        *,
        step: Ref | None = None,
        series: ent.EmotionSeries = "researched",
        note: str | None = None,
    ) -> None:
        """Set how a persona feels at a stage (or step); ``value=None`` clears the point.

        Args:
            persona: Whose feeling it is.
            stage: The stage.
            value: A point on the journey's emotion scale, or ``None`` to clear the point.
            step: A step of ``stage`` for a finer point; ``None`` for the stage.
            series: ``"researched"`` (the default: as research found it) or ``"to_be"`` (as the journey should feel).
            note: Why the persona feels so; ``None`` keeps the point's note.

        Raises:
            NotFoundError: ``persona``, ``stage`` or ``step`` names no such entity (by id or name), or a name several
                share.
            JourneyError: ``value`` is outside the emotion scale, or the step is not in ``stage``.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.set_emotion("maya", "Purchase", -2, note="Card declined")
            >>> [p.value for p in j.emotions if p.persona_id == "maya" and p.stage_id == "purchase"]
            [-2]
        """
        op: Op = {"op": "set_emotion", "persona_id": self.persona(id_of(persona)).id, "series": series}
        op.update(stage_id=self.stage(id_of(stage)).id, value=value)
        op["step_id"] = None if step is None else self.step(id_of(step)).id
        if note is not None:
            op["note"] = note
        self.apply(op)

    def add_metric(self, name: str, *, id: str | None = None, index: int | None = None, **fields: Any) -> ent.MetricDef:
        """Add a metric definition.

        Fields: kind, column, events, window, aggregation, unit, direction, target, description,
        stage_ids. A ``kind="retention"`` metric reads ``events`` (the return events; empty: any
        event) and ``window`` (the time after the stage a return counts in, such as ``"7D"``).

        Args:
            name: The metric's name.
            id: Its id (default: made from ``name``).
            index: Its position among the metrics; ``None`` puts it last.
            **fields: Other metric fields, as listed above.

        Returns:
            The new metric definition's view.

        Raises:
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").add_metric("Revenue", kind="kpi", column="amount", aggregation="sum").column
            'amount'
        """
        id_ = id or slug_id(name, taken=self._taken("metrics"), fallback="metric")
        self.apply({"op": "add_metric", "id": id_, "name": name, "index": index, **as_lists(fields)})
        return self.metric(id_)

    def update_metric(self, metric: Ref, **changes: Any) -> ent.MetricDef:
        """Change a metric definition's fields.

        Args:
            metric: The metric (an id, a name or a view).
            **changes: The fields to change, with their new values.

        Returns:
            The metric definition's view after the change.

        Raises:
            NotFoundError: ``metric`` names no metric (by id or name), or a name several share.
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_metric("csat", target=4.5).target
            4.5
        """
        id_ = self.metric(id_of(metric)).id
        self.apply({"op": "update_metric", "id": id_, "changes": as_lists(changes)})
        return self.metric(id_)

    def remove_metric(self, metric: Ref) -> None:
        """Remove a metric definition.

        Args:
            metric: The metric (an id, a name or a view).

        Raises:
            NotFoundError: ``metric`` names no metric (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_metric("csat"); "csat" in [m.id for m in j.metrics]
            False
        """
        self.apply({"op": "remove_metric", "id": self.metric(id_of(metric)).id})
