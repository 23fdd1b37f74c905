"""Read-only views of the entities in a journey: what ``journey.stages``, ``journey.cards``, ... return.

They are snapshots: to change the journey, call its methods (``journey.add_card``)
or ``journey.apply(op)``. Field names match the JSON document.

Example:
    >>> from journeywidgets import sample_journey
    >>> stage = sample_journey().stages[0]
    >>> stage.name, isinstance(stage, Stage)
    ('Awareness', True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

# the closed sets of fields.json's enum fields (tests/unit/test_journey.py checks they match it)
Evidence = Literal["unspecified", "observed", "reported", "data", "inferred", "hypothesis"]
LaneKind = Literal[
    "text",
    "action",
    "thought",
    "touchpoint",
    "channel",
    "emotion",
    "pain_point",
    "gain",
    "opportunity",
    "solution",
    "metric",
    "backstage",
    "frontstage",
    "support_process",
    "physical_evidence",
]
EmotionSeries = Literal["researched", "to_be"]
MetricKind = Literal[
    "kpi", "reach", "conversion", "dropoff", "time_to_convert", "satisfaction", "nps", "csat", "ces", "retention"
]
Aggregation = Literal["mean", "median", "sum", "count", "unique", "p90", "rate"]
Direction = Literal["higher_is_better", "lower_is_better"]


@dataclass(frozen=True)
class Step:
    """A column inside a stage.

    Example:
        >>> Step(id="compare", name="Compare plans", description="", events=("view_pricing",)).events
        ('view_pricing',)
    """

    id: str
    name: str
    description: str
    events: tuple[str, ...]


@dataclass(frozen=True)
class Stage:
    """A phase of the journey (a group of columns), with the event names that mark it in data.

    ``collapsed`` records whether the stage is shown folded: a view setting saved with the document, False by default.

    Example:
        >>> Stage(id="s", name="Awareness", description="", goal="", notes="",
        ...       events=("ad_click",), steps=()).events
        ('ad_click',)
    """

    id: str
    name: str
    description: str
    goal: str
    notes: str
    events: tuple[str, ...]
    steps: tuple[Step, ...]
    collapsed: bool = False


@dataclass(frozen=True)
class Lane:
    """A row of the map, of a kind such as ``touchpoint``, ``pain_point`` or ``emotion``.

    ``collapsed`` records whether the lane is shown folded: a view setting saved with the document, False by default.

    Example:
        >>> Lane(id="pains", name="Pain points", kind="pain_point", description="").kind
        'pain_point'
    """

    id: str
    name: str
    kind: LaneKind
    description: str
    collapsed: bool = False


@dataclass(frozen=True)
class Card:
    """A note in one cell of the map: ``(lane_id, stage_id, step_id)`` at position ``order``.

    ``color`` is the card's own colour (``#`` and six hex digits, like a sticky note's), or ``""`` for its
    lane kind's colour.

    Example:
        >>> card = Card(id="c1", lane_id="pains", stage_id="s", step_id=None, order=0, text="Slow site",
        ...             evidence="observed", owner="", status="", channel="", tags=(), events=(), persona_ids=())
        >>> card.name
        'Slow site'
    """

    id: str
    lane_id: str
    stage_id: str
    step_id: str | None
    order: int
    text: str
    evidence: Evidence
    owner: str
    status: str
    channel: str
    tags: tuple[str, ...]
    events: tuple[str, ...]
    persona_ids: tuple[str, ...]
    color: str = ""

    @property
    def name(self) -> str:
        """The card's text (cards are named by what they say).

        Example:
            >>> Card("c", "l", "s", None, 0, "Hi", "data", "", "", "", (), (), ()).name
            'Hi'
        """
        return self.text


@dataclass(frozen=True)
class Persona:
    """A customer archetype; ``segment`` is the filter that selects its users in the data.

    ``image`` is its picture for the map's persona header: ``""`` (the header shows its initials), an
    ``https://``/``http://`` URL or a ``data:image/...;base64,...`` URI.

    Example:
        >>> Persona(id="p", name="Deal hunter", description="", quote="", color="", demographics={},
        ...         goals=(), pains=(), channels=(), preferences=(), segment="plan == 'free'").segment
        "plan == 'free'"
    """

    id: str
    name: str
    description: str
    quote: str
    color: str
    demographics: dict[str, str]
    goals: tuple[str, ...]
    pains: tuple[str, ...]
    channels: tuple[str, ...]
    preferences: tuple[str, ...]
    segment: str
    image: str = ""


@dataclass(frozen=True)
class EmotionPoint:
    """How a persona feels at a stage (or step), on the journey's emotion scale.

    Example:
        >>> EmotionPoint("p", "s", None, "researched", -1, "frustrated").value
        -1
    """

    persona_id: str
    stage_id: str
    step_id: str | None
    series: EmotionSeries
    value: float
    note: str


@dataclass(frozen=True)
class EmotionScale:
    """The range of emotion values (default -2..+2) and their labels.

    Example:
        >>> EmotionScale(-2, 2, {"0": "neutral"}).label(0)
        'neutral'
    """

    min: float
    max: float
    labels: dict[str, str]

    def label(self, value: float) -> str:
        """Return the label of a value, or the value itself when it has none.

        Args:
            value: A point on the scale (a whole number such as ``2`` or ``2.0`` is looked up as ``"2"``).

        Returns:
            The scale's label for it, else the value as text.

        Example:
            >>> EmotionScale(1, 5, {}).label(3)
            '3'
        """
        key = str(int(value)) if float(value).is_integer() else str(value)
        return self.labels.get(key, key)


@dataclass(frozen=True)
class MetricDef:
    """The definition of a stage metric (the numbers come from data, not from the document).

    ``events`` and ``window`` are read by ``kind="retention"``: the share of the units
    at a stage who did one of ``events`` (any event when empty) within ``window``
    (``"7D"``) after reaching it. Other kinds leave them empty.

    Example:
        >>> MetricDef(id="csat", name="CSAT", kind="csat", column="satisfaction", events=(), window="",
        ...           aggregation="mean", unit="%", direction="higher_is_better", target=80, description="",
        ...           stage_ids=()).target
        80
    """

    id: str
    name: str
    kind: MetricKind
    column: str
    events: tuple[str, ...]
    window: str
    aggregation: Aggregation
    unit: str
    direction: Direction
    target: float | None
    description: str
    stage_ids: tuple[str, ...]


def _frozen(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: tuple(v) if isinstance(v, list) else (dict(v) if isinstance(v, dict) else v) for k, v in data.items()}


def stage_view(data: Mapping[str, Any]) -> Stage:
    """Build a :class:`Stage` (with its steps) from its JSON form.

    Args:
        data: The stage's JSON form, with its ``steps`` list.

    Returns:
        A frozen :class:`Stage` whose ``steps`` are :class:`Step` views.

    Example:
        >>> stage_view({"id": "s", "name": "S", "description": "", "goal": "", "notes": "",
        ...             "events": [], "collapsed": True, "steps": []}).collapsed
        True
    """
    steps = tuple(Step(**_frozen(s)) for s in data["steps"])
    return Stage(**{**_frozen(data), "steps": steps})


def entity_view(cls: type[Any], data: Mapping[str, Any]) -> Any:
    """Build a read-only view of class ``cls`` from an entity's JSON form.

    Args:
        cls: The view class (:class:`Lane`, :class:`Card`, :class:`Persona`, ...).
        data: The entity's JSON form; its field names are the class's.

    Returns:
        An instance of ``cls`` with lists frozen to tuples (changing it changes no document).

    Example:
        >>> entity_view(Lane, {"id": "l", "name": "L", "kind": "text", "description": ""}).name
        'L'
    """
    return cls(**_frozen(data))
