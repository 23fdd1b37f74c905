"""A journey as a Mermaid ``journey`` diagram, for docs and README files that render Mermaid.

Each stage becomes a section; its tasks are the cards of the customer-action lanes (else its
steps, else the stage itself). A task's score (Mermaid's 1-5) is the researched emotion at that
stage (or step) placed on 1-5 from the journey's emotion scale, and its actors are the personas
that have a point there: one persona's with ``persona=``, else the mean over the personas.
"""

from __future__ import annotations

from statistics import mean

from journeywidgets.model import Journey

#: Mermaid's journey syntax splits on ":" and ends a line at a newline; these stand in for them
_UNSAFE = {":": "\u2236", "\n": " ", "\r": " ", ";": ",", "#": "\u266f"}


def _text(value: str) -> str:
    for unsafe, safe in _UNSAFE.items():
        value = value.replace(unsafe, safe)
    return " ".join(value.split()) or "(untitled)"


def _actor(name: str) -> str:
    """Actors are separated by commas, so a comma inside a persona's name becomes a dash."""
    return _text(name).replace(", ", " \u2013 ").replace(",", " ")


def _score(value: float, low: float, high: float) -> int:
    fraction = (value - low) / (high - low) if high != low else 0.5
    return max(1, min(5, round(1 + 4 * fraction)))


def to_mermaid(journey: Journey, *, persona: str | None = None) -> str:
    """The Mermaid ``journey`` text of ``journey`` (optionally scored by one persona's emotions).

    Example:
        >>> import journeywidgets as jw
        >>> text = jw.to_mermaid(jw.sample_journey(), persona="Raj, the deal hunter")
        >>> text.splitlines()[3].strip()
        'Scrolls social media on the commute: 3: Raj \u2013 the deal hunter'
        >>> text.splitlines()[1].strip()  # the title's colon would end it: a ratio sign stands in
        'title Online shop\u2236 from first ad to recommendation'
    """
    chosen = [journey.persona(persona)] if persona is not None else list(journey.personas)
    names = {p.id: p.name for p in chosen}
    scale = journey.emotion_scale
    points: dict[tuple[str, str | None], dict[str, float]] = {}
    for point in journey.emotions:
        if point.series == "researched" and point.persona_id in names:
            points.setdefault((point.stage_id, point.step_id), {})[point.persona_id] = point.value
    action_lanes = {lane.id for lane in journey.lanes if lane.kind == "action"}
    lines = ["journey", f"    title {_text(journey.title)}"]
    for stage in journey.stages:
        lines.append(f"    section {_text(stage.name)}")
        stage_points = points.get((stage.id, None), {})
        cards = [c for c in journey.cards_in(stage=stage.id) if c.lane_id in action_lanes]
        tasks: list[tuple[str, dict[str, float]]]
        if cards:
            tasks = [(c.text, points.get((stage.id, c.step_id), stage_points)) for c in cards]
        elif stage.steps:
            tasks = [(step.name, points.get((stage.id, step.id), stage_points)) for step in stage.steps]
        else:
            tasks = [(stage.name, stage_points)]
        for text, felt in tasks:
            score = _score(mean(felt.values()), scale.min, scale.max) if felt else 3
            actors = ", ".join(_actor(names[pid]) for pid in felt)
            lines.append(f"      {_text(text)}: {score}" + (f": {actors}" if actors else ""))
    return "\n".join(lines) + "\n"
