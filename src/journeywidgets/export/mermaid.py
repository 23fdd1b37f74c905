"""A journey as a Mermaid ``journey`` diagram, for docs and README files that render Mermaid.

Each stage becomes a section; its tasks are the cards of the customer-action lanes (else its
steps, else the stage itself). A task's score (Mermaid's 1-5) is the researched emotion at that
stage (or step) placed on 1-5 from the journey's emotion scale, and its actors are the personas
that have a point there: one persona's with ``persona=``, else the mean over the personas.
"""

from __future__ import annotations

from statistics import mean

from journeywidgets.model import Journey

#: characters Mermaid's journey grammar reads as syntax: "#" and "%" start comments, ":" and ";" end a task
#: or a title, "{" opens a multi-line accDescr, "<", ">" and "&" are markup to Mermaid's sanitizer. Each is
#: written as a Mermaid entity code ("#58;" for ":"): Mermaid replaces those before it parses the line and
#: draws them as the characters again. "\ufb02" and "\xb6" are in Mermaid's own stand-ins for those codes
#: ("\ufb02\xb0\xb0" and "\xb6\xdf"): as text they would turn into "&#" and ";" when Mermaid draws them.
_SYNTAX = frozenset("#%:;{}<>&\ufb02\xb6")
#: a line starting with one of these words (in any case) is a statement, not a task or a name
_KEYWORDS = ("journey", "title", "section", "acc")


def _entity(char: str) -> str:
    return f"#{ord(char)};"


def _text(value: str, *, also: str = "") -> str:
    """``value`` as Mermaid journey text that reads back as exactly ``value`` (whitespace runs become one space).

    A line break ends a task, so line breaks (and tabs) become spaces; characters that are syntax become
    entity codes; a text that starts with a statement's keyword gets its first character as a code.
    """
    text = " ".join(value.split()) or "(untitled)"
    chars = [_entity(c) if c in _SYNTAX or c in also else c for c in text]
    if text.lower().startswith(_KEYWORDS):
        chars[0] = _entity(text[0])
    return "".join(chars)


def _actor(name: str) -> str:
    """Actors are separated by commas, so a comma inside a persona's name is written as a code too."""
    return _text(name, also=",")


def _score(value: float, low: float, high: float) -> int:
    fraction = (value - low) / (high - low) if high != low else 0.5
    return max(1, min(5, round(1 + 4 * fraction)))


def to_mermaid(journey: Journey, *, persona: str | None = None) -> str:
    """The Mermaid ``journey`` text of ``journey`` (optionally scored by one persona's emotions).

    Args:
        journey: the journey.
        persona: a persona id or name whose emotions score the steps.

    Returns:
        The diagram's text, for a Markdown ``mermaid`` code block.

    Raises:
        NotFoundError: ``persona`` is not a persona of the journey.

    Example:
        >>> import journeywidgets as jw
        >>> text = jw.to_mermaid(jw.sample_journey(), persona="Raj, the deal hunter")
        >>> text.splitlines()[3].strip()  # the comma in the persona's name is a code: commas separate actors
        'Scrolls social media on the commute: 3: Raj#44; the deal hunter'
        >>> text.splitlines()[1].strip()  # Mermaid draws "#58;" as ":" (a colon would end the title)
        'title Online shop#58; from first ad to recommendation'
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
