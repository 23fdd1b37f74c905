"""Convenience editing methods of :class:`~journeywidgets.Journey`.

Each builds one operation and hands it to ``journey.apply`` (the only edit
path), so it is validated, undoable and announced like any other change.
Stages, steps, lanes, personas and metrics may be named by id or by name.

Example:
    >>> from journeywidgets import Journey
    >>> j = Journey("Demo")
    >>> j.add_stage("Awareness", events=["ad_click"]).id
    'awareness'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from journeywidgets.model import entities as ent
from journeywidgets.model.ids import new_id, slug_id
from journeywidgets.model.opkit import Op

if TYPE_CHECKING:
    from journeywidgets.model.opkit import Doc

Ref = str | Any  # an id, a name, or an entity view with an ``id``

_PALETTE = ("#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#eeca3b", "#9d755d")


def _id_of(ref: Ref) -> str:
    return str(getattr(ref, "id", ref))


def _lists(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Turn tuples and other iterables given by a caller into JSON lists."""
    return {
        k: list(v) if isinstance(v, Iterable) and not isinstance(v, str | bytes | Mapping) else v
        for k, v in fields.items()
    }


class JourneyEditing:
    """The convenience editing methods; :class:`~journeywidgets.Journey` is the class to use.

    Example:
        >>> from journeywidgets import Journey
        >>> isinstance(Journey("x"), JourneyEditing)
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

    # ----- journey -------------------------------------------------------------------------

    def update(self, **changes: Any) -> None:
        """Change the journey's title, description, state (current/future/research), owner or tags.

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo"); j.update(title="Checkout", state="future"); j.title
            'Checkout'
        """
        self.apply({"op": "update_journey", "changes": _lists(changes)})

    def set_emotion_scale(self, min: float, max: float, labels: Mapping[str, str] | None = None) -> None:
        """Replace the emotion scale (for example 1..5 or 1..10); existing points must fit.

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo"); j.set_emotion_scale(1, 5); j.emotion_scale.max
            5
        """
        self.apply({"op": "set_emotion_scale", "min": min, "max": max, "labels": dict(labels or {})})

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

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").add_stage("Purchase", events=["checkout_completed"], goal="Pay").goal
            'Pay'
        """
        id_ = id or slug_id(name, taken=self._taken("stages"), fallback="stage")
        self.apply(
            {"op": "add_stage", "id": id_, "name": name, "events": list(events), "index": index, **_lists(fields)}
        )
        return self.stage(id_)

    def update_stage(self, stage: Ref, **changes: Any) -> ent.Stage:
        """Change a stage's name, description, goal, notes or events.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_stage("Awareness", name="Discover").name
            'Discover'
        """
        id_ = self.stage(_id_of(stage)).id
        self.apply({"op": "update_stage", "id": id_, "changes": _lists(changes)})
        return self.stage(id_)

    def move_stage(self, stage: Ref, index: int) -> None:
        """Move a stage to position ``index``.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.move_stage("Advocacy", 0); j.stages[0].name
            'Advocacy'
        """
        self.apply({"op": "move_stage", "id": self.stage(_id_of(stage)).id, "index": index})

    def remove_stage(self, stage: Ref) -> None:
        """Remove a stage with its steps, cards and emotion points (undo restores them all).

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_stage("Advocacy"); len(j.stages)
            4
        """
        self.apply({"op": "remove_stage", "id": self.stage(_id_of(stage)).id})

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

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo"); _ = j.add_stage("Buy")
            >>> j.add_step("Buy", "Pay", events=["payment"]).id
            'pay'
        """
        stage_id = self.stage(_id_of(stage)).id
        id_ = id or slug_id(name, taken=self._step_ids(), fallback="step")
        op = {"op": "add_step", "stage_id": stage_id, "id": id_, "name": name, "events": list(events), "index": index}
        self.apply({**op, **_lists(fields)})
        return self.step(id_)

    def update_step(self, step: Ref, **changes: Any) -> ent.Step:
        """Change a step's name, description or events.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_step("compare", name="Compare").name
            'Compare'
        """
        id_ = self.step(_id_of(step)).id
        self.apply({"op": "update_step", "id": id_, "changes": _lists(changes)})
        return self.step(id_)

    def move_step(self, step: Ref, index: int) -> None:
        """Move a step to position ``index`` within its stage.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.move_step("compare", 0); j.stage("consideration").steps[0].id
            'compare'
        """
        self.apply({"op": "move_step", "id": self.step(_id_of(step)).id, "index": index})

    def remove_step(self, step: Ref) -> None:
        """Remove a step with the cards and emotion points placed on it.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_step("compare"); "compare" in [s.id for s in j.steps]
            False
        """
        self.apply({"op": "remove_step", "id": self.step(_id_of(step)).id})

    # ----- lanes ---------------------------------------------------------------------------

    def add_lane(
        self,
        name: str,
        *,
        kind: str = "text",
        index: int | None = None,
        id: str | None = None,
        description: str = "",
    ) -> ent.Lane:
        """Add a lane (row) of a kind: text, action, thought, touchpoint, channel, emotion, pain_point, ...

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").add_lane("Feelings", kind="emotion").kind
            'emotion'
        """
        id_ = id or slug_id(name, taken=self._taken("lanes"), fallback="lane")
        self.apply(
            {"op": "add_lane", "id": id_, "name": name, "kind": kind, "index": index, "description": description}
        )
        return self.lane(id_)

    def update_lane(self, lane: Ref, **changes: Any) -> ent.Lane:
        """Change a lane's name, kind or description.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_lane("pains", name="Frictions").name
            'Frictions'
        """
        id_ = self.lane(_id_of(lane)).id
        self.apply({"op": "update_lane", "id": id_, "changes": _lists(changes)})
        return self.lane(id_)

    def move_lane(self, lane: Ref, index: int) -> None:
        """Move a lane to position ``index``.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.move_lane("pains", 0); j.lanes[0].id
            'pains'
        """
        self.apply({"op": "move_lane", "id": self.lane(_id_of(lane)).id, "index": index})

    def remove_lane(self, lane: Ref) -> None:
        """Remove a lane with its cards (undo restores them).

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_lane("pains"); j.cards_in(stage="purchase")[0].lane_id != "pains"
            True
        """
        self.apply({"op": "remove_lane", "id": self.lane(_id_of(lane)).id})

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

        Other fields: evidence, owner, status, channel, tags, events, persona_ids.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey()
            >>> j.add_card(stage="Purchase", lane="Pain points", text="Coupon field hidden",
            ...            evidence="observed").evidence
            'observed'
        """
        stage_id = self.stage(_id_of(stage)).id
        op: Op = {
            "op": "add_card",
            "id": id or new_id("card"),
            "stage_id": stage_id,
            "lane_id": self.lane(_id_of(lane)).id,
        }
        op.update(text=text, index=index, step_id=None if step is None else self.step(_id_of(step)).id)
        self.apply({**op, **_lists(fields)})
        return self.card(op["id"])

    def update_card(self, card: Ref, **changes: Any) -> ent.Card:
        """Change a card's text, evidence, owner, status, channel, tags, events or personas.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); c = j.cards[0]
            >>> j.update_card(c, text="New wording").text
            'New wording'
        """
        id_ = _id_of(card)
        self.apply({"op": "update_card", "id": id_, "changes": _lists(changes)})
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

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); c = j.cards_in(stage="awareness")[0]
            >>> j.move_card(c, stage="Purchase", index=0).stage_id
            'purchase'
        """
        op: Op = {"op": "move_card", "id": _id_of(card), "index": index}
        if stage is not None:
            op["stage_id"] = self.stage(_id_of(stage)).id
        if lane is not None:
            op["lane_id"] = self.lane(_id_of(lane)).id
        if step is not None:
            op["step_id"] = self.step(_id_of(step)).id
        self.apply(op)
        return self.card(op["id"])

    def remove_card(self, card: Ref) -> None:
        """Remove a card.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); n = len(j.cards); j.remove_card(j.cards[0]); len(j.cards) == n - 1
            True
        """
        self.apply({"op": "remove_card", "id": _id_of(card)})

    # ----- personas, emotions, metrics -----------------------------------------------------

    def add_persona(self, name: str, *, id: str | None = None, index: int | None = None, **fields: Any) -> ent.Persona:
        """Add a persona.

        Fields: description, quote, color, demographics, goals, pains, channels, preferences,
        and segment (a filter on user attributes such as ``"plan == 'pro'"``).

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").add_persona("Sam", segment="age < 30", goals=["Save time"]).goals
            ('Save time',)
        """
        id_ = id or slug_id(name, taken=self._taken("personas"), fallback="persona")
        fields.setdefault("color", _PALETTE[len(self._doc["personas"]) % len(_PALETTE)])
        self.apply({"op": "add_persona", "id": id_, "name": name, "index": index, **_lists(fields)})
        return self.persona(id_)

    def update_persona(self, persona: Ref, **changes: Any) -> ent.Persona:
        """Change a persona's fields.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_persona("maya", quote="Just make it work").quote
            'Just make it work'
        """
        id_ = self.persona(_id_of(persona)).id
        self.apply({"op": "update_persona", "id": id_, "changes": _lists(changes)})
        return self.persona(id_)

    def move_persona(self, persona: Ref, index: int) -> None:
        """Move a persona to position ``index``.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.move_persona("maya", 2); j.personas[2].id
            'maya'
        """
        self.apply({"op": "move_persona", "id": self.persona(_id_of(persona)).id, "index": index})

    def remove_persona(self, persona: Ref) -> None:
        """Remove a persona with its emotion points and card links.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_persona("maya"); len(j.personas)
            2
        """
        self.apply({"op": "remove_persona", "id": self.persona(_id_of(persona)).id})

    def set_emotion(
        self,
        persona: Ref,
        stage: Ref,
        value: float | None,
        *,
        step: Ref | None = None,
        series: str = "researched",
        note: str | None = None,
    ) -> None:
        """Set how a persona feels at a stage (or step); ``value=None`` clears the point.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.set_emotion("maya", "Purchase", -2, note="Card declined")
            >>> [p.value for p in j.emotions if p.persona_id == "maya" and p.stage_id == "purchase"]
            [-2]
        """
        op: Op = {"op": "set_emotion", "persona_id": self.persona(_id_of(persona)).id, "series": series}
        op.update(stage_id=self.stage(_id_of(stage)).id, value=value)
        op["step_id"] = None if step is None else self.step(_id_of(step)).id
        if note is not None:
            op["note"] = note
        self.apply(op)

    def add_metric(self, name: str, *, id: str | None = None, index: int | None = None, **fields: Any) -> ent.MetricDef:
        """Add a metric definition.

        Fields: kind, column, aggregation, unit, direction, target, description, stage_ids.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").add_metric("Revenue", kind="kpi", column="amount", aggregation="sum").column
            'amount'
        """
        id_ = id or slug_id(name, taken=self._taken("metrics"), fallback="metric")
        self.apply({"op": "add_metric", "id": id_, "name": name, "index": index, **_lists(fields)})
        return self.metric(id_)

    def update_metric(self, metric: Ref, **changes: Any) -> ent.MetricDef:
        """Change a metric definition's fields.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().update_metric("csat", target=4.5).target
            4.5
        """
        id_ = self.metric(_id_of(metric)).id
        self.apply({"op": "update_metric", "id": id_, "changes": _lists(changes)})
        return self.metric(id_)

    def remove_metric(self, metric: Ref) -> None:
        """Remove a metric definition.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.remove_metric("csat"); "csat" in [m.id for m in j.metrics]
            False
        """
        self.apply({"op": "remove_metric", "id": self.metric(_id_of(metric)).id})
