"""Editing the frame of a journey: stages, their steps, and lanes (see :class:`~journeywidgets.Journey`).

Example:
    >>> from journeywidgets import Journey
    >>> j = Journey("Demo")
    >>> j.add_stage("Awareness").id, j.add_lane("Pain points", kind="pain_point").kind
    ('awareness', 'pain_point')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from journeywidgets.model import entities as ent
from journeywidgets.model.editkit import EditingBase, Ref, as_lists, id_of
from journeywidgets.model.ids import slug_id


class StructureEditing(EditingBase):
    """Add, change, move and remove stages, steps and lanes; mixed into :class:`~journeywidgets.Journey`.

    Example:
        >>> from journeywidgets import Journey
        >>> isinstance(Journey("x"), StructureEditing)
        True
    """

    # ----- stages and steps ----------------------------------------------------------------

    def add_stage(
        self,
        name: str,
        *,
        events: Iterable[str] = (),
        index: int | None = None,
        id: str | None = None,
        **fields: Any,
    ) -> ent.Stage:
        """Add a stage (at the end, or at ``index``) with the event names that mark it in data.

        Args:
            name: The stage's name.
            events: The event names that mark reaching it in an event log.
            index: Its position; ``None`` puts it last.
            id: Its id (default: made from ``name``, such as ``"purchase"``).
            **fields: Other stage fields: ``description``, ``goal``, ``notes``, ``collapsed``.

        Returns:
            The new stage's view.

        Raises:
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").add_stage("Purchase", events=["checkout_completed"], goal="Pay").goal
            'Pay'
        """
        id_ = id or slug_id(name, taken=self._taken("stages"), fallback="stage")
        self.apply(
            {"op": "add_stage", "id": id_, "name": name, "events": list(events), "index": index, **as_lists(fields)}
        )
        return self.stage(id_)

    def update_stage(self, stage: Ref, **changes: Any) -> ent.Stage:
        """Change a stage's name, description, goal, notes or events, or fold it (``collapsed=True``).

        Args:
            stage: The stage (an id, a name or a view).
            **changes: The fields to change, with their new values.

        Returns:
            The stage's view after the change.

        Raises:
            NotFoundError: ``stage`` names no stage (by id or name), or a name several share.
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_stage("Awareness", name="Discover").name
            'Discover'
            >>> sample_journey().update_stage("Awareness", collapsed=True).collapsed
            True
        """
        id_ = self.stage(id_of(stage)).id
        self.apply({"op": "update_stage", "id": id_, "changes": as_lists(changes)})
        return self.stage(id_)

    def move_stage(self, stage: Ref, index: int) -> None:
        """Move a stage to position ``index``.

        Args:
            stage: The stage (an id, a name or a view).
            index: Its new position (past the end: last).

        Raises:
            NotFoundError: ``stage`` names no stage (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.move_stage("Advocacy", 0); j.stages[0].name
            'Advocacy'
        """
        self.apply({"op": "move_stage", "id": self.stage(id_of(stage)).id, "index": index})

    def remove_stage(self, stage: Ref) -> None:
        """Remove a stage with its steps, cards and emotion points (undo restores them all).

        Args:
            stage: The stage (an id, a name or a view).

        Raises:
            NotFoundError: ``stage`` names no stage (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_stage("Advocacy"); len(j.stages)
            4
        """
        self.apply({"op": "remove_stage", "id": self.stage(id_of(stage)).id})

    def add_step(
        self,
        stage: Ref,
        name: str,
        *,
        events: Iterable[str] = (),
        index: int | None = None,
        id: str | None = None,
        **fields: Any,
    ) -> ent.Step:
        """Add a step (a column) inside a stage.

        Args:
            stage: The stage it is in (an id, a name or a view).
            name: The step's name.
            events: The event names that mark reaching it.
            index: Its position in the stage; ``None`` puts it last.
            id: Its id (default: made from ``name``, unique among all steps).
            **fields: Other step fields (``description``).

        Returns:
            The new step's view.

        Raises:
            NotFoundError: ``stage`` names no stage (by id or name), or a name several share.
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo"); _ = j.add_stage("Buy")
            >>> j.add_step("Buy", "Pay", events=["payment"]).id
            'pay'
        """
        stage_id = self.stage(id_of(stage)).id
        id_ = id or slug_id(name, taken=self._step_ids(), fallback="step")
        op = {"op": "add_step", "stage_id": stage_id, "id": id_, "name": name, "events": list(events), "index": index}
        self.apply({**op, **as_lists(fields)})
        return self.step(id_)

    def update_step(self, step: Ref, **changes: Any) -> ent.Step:
        """Change a step's name, description or events.

        Args:
            step: The step (an id, a name or a view).
            **changes: The fields to change, with their new values.

        Returns:
            The step's view after the change.

        Raises:
            NotFoundError: ``step`` names no step (by id or name), or a name several share.
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_step("compare", name="Compare").name
            'Compare'
        """
        id_ = self.step(id_of(step)).id
        self.apply({"op": "update_step", "id": id_, "changes": as_lists(changes)})
        return self.step(id_)

    def move_step(self, step: Ref, index: int) -> None:
        """Move a step to position ``index`` within its stage.

        Args:
            step: The step (an id, a name or a view).
            index: Its new position in its stage (past the end: last).

        Raises:
            NotFoundError: ``step`` names no step (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.move_step("compare", 0); j.stage("consideration").steps[0].id
            'compare'
        """
        self.apply({"op": "move_step", "id": self.step(id_of(step)).id, "index": index})

    def remove_step(self, step: Ref) -> None:
        """Remove a step with the cards and emotion points placed on it.

        Args:
            step: The step (an id, a name or a view).

        Raises:
            NotFoundError: ``step`` names no step (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_step("compare"); "compare" in [s.id for s in j.steps]
            False
        """
        self.apply({"op": "remove_step", "id": self.step(id_of(step)).id})

    # ----- lanes ---------------------------------------------------------------------------

    def add_lane(
        self,
        name: str,
        *,
        kind: ent.LaneKind = "text",
        index: int | None = None,
        id: str | None = None,
        description: str = "",
        collapsed: bool = False,
    ) -> ent.Lane:
        """Add a lane (row) of a kind: text, action, thought, touchpoint, channel, emotion, pain_point, ...

        Args:
            name: The lane's name.
            kind: What its cards are (``"text"`` by default; see ``LaneKind``).
            index: Its position; ``None`` puts it last.
            id: Its id (default: made from ``name``).
            description: What the lane holds.
            collapsed: Start it folded.

        Returns:
            The new lane's view.

        Raises:
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").add_lane("Feelings", kind="emotion").kind
            'emotion'
        """
        id_ = id or slug_id(name, taken=self._taken("lanes"), fallback="lane")
        op = {"op": "add_lane", "id": id_, "name": name, "kind": kind, "index": index, "description": description}
        self.apply({**op, "collapsed": collapsed})
        return self.lane(id_)

    def update_lane(self, lane: Ref, **changes: Any) -> ent.Lane:
        """Change a lane's name, kind or description, or fold it (``collapsed=True``; undo unfolds it).

        Args:
            lane: The lane (an id, a name or a view).
            **changes: The fields to change, with their new values.

        Returns:
            The lane's view after the change.

        Raises:
            NotFoundError: ``lane`` names no lane (by id or name), or a name several share.
            JourneyError: A field is unknown or invalid (its ``path`` names it); the journey is left as it was.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_lane("pains", name="Frictions").name
            'Frictions'
            >>> j = sample_journey(); j.update_lane("pains", collapsed=True).collapsed
            True
            >>> _ = j.undo(); j.lane("pains").collapsed
            False
        """
        id_ = self.lane(id_of(lane)).id
        self.apply({"op": "update_lane", "id": id_, "changes": as_lists(changes)})
        return self.lane(id_)

    def move_lane(self, lane: Ref, index: int) -> None:
        """Move a lane to position ``index``.

        Args:
            lane: The lane (an id, a name or a view).
            index: Its new position (past the end: last).

        Raises:
            NotFoundError: ``lane`` names no lane (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.move_lane("pains", 0); j.lanes[0].id
            'pains'
        """
        self.apply({"op": "move_lane", "id": self.lane(id_of(lane)).id, "index": index})

    def remove_lane(self, lane: Ref) -> None:
        """Remove a lane with its cards (undo restores them).

        Args:
            lane: The lane (an id, a name or a view).

        Raises:
            NotFoundError: ``lane`` names no lane (by id or name), or a name several share.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_lane("pains"); j.cards_in(stage="purchase")[0].lane_id != "pains"
            True
        """
        self.apply({"op": "remove_lane", "id": self.lane(id_of(lane)).id})
