"""A journey map as one SVG picture (and PNG), for slides and documents.

Drawn from the document itself, so it needs no browser: stages (and steps) as columns, lanes
as rows, cards as boxes with their text and their evidence and tags, the chosen persona's
emotion curve (or, for all users, every persona's, dashed) with the emotion a bound map
measured (dotted), and the metric values a map shows. In a light or a dark theme.

No label is cut: names, goals, steps, metric labels and card text wrap to their column (see
:mod:`.svg_style`), and a row is as tall as its tallest cell, so every stage header in the
header row (and every step in the step row) gets the height of the tallest. All text is
escaped; nothing in a card can become markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape

from journeywidgets.export.svg_style import (
    EVIDENCE_LABEL,
    Palette,
    Theme,
    block,
    card_fill,
    line_height,
    palette,
    text,
    text_width,
    wrap,
)
from journeywidgets.model import Card, Journey, Persona

LANE_COLORS = {
    "touchpoint": "#4c78a8",
    "channel": "#4c78a8",
    "action": "#72b7b2",
    "text": "#72b7b2",
    "thought": "#eeca3b",
    "pain_point": "#e45756",
    "opportunity": "#54a24b",
    "solution": "#54a24b",
    "backstage": "#9d755d",
    "frontstage": "#9d755d",
    "physical_evidence": "#9d755d",
}
HEADER_W, COLUMN_W, TITLE_H, STAGE_H, STEP_H, LANE_H, EMOTION_H = 170, 180, 64, 48, 24, 48, 110
PAD, CARD_PAD, CARD_GAP, TAG_PAD, TAG_SIZE = 10, 8, 6, 5, 10
HOUR, LARGE = 3600, 10  # seconds shown in hours from an hour on; numbers below 10 keep two decimals
MIN_LABEL_W = 60  # a metric label narrower than this beside its value goes above the value instead
FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
MEASURED = "mean satisfaction"


@dataclass(frozen=True)
class _Grid:
    """Where the columns are: each stage's left edge and its width in columns."""

    starts: list[int]
    spans: list[int]
    right: int


def _rect(x: float, y: float, w: float, h: float, *, fill: str, stroke: str = "none", rx: float = 0) -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" fill="{fill}" stroke="{stroke}"/>'


def _format(value: float, unit: str) -> str:
    if unit == "%":
        return f"{value * 100 if -1 <= value <= 1 else value:.1f}%"
    if unit == "s":
        return f"{value / HOUR:.1f} h" if value >= HOUR else f"{value:,.0f} s"
    number = f"{value:,.0f}" if value.is_integer() or abs(value) >= LARGE else f"{value:,.2f}"
    return f"{number} {unit}" if unit and unit != "#" else number


def map_svg(
    journey: Journey,
    *,
    persona: str | None = None,
    metrics: Mapping[str, Mapping[str, float | None]] | None = None,
    derived_emotion: Mapping[str, Mapping[str, float]] | None = None,
    theme: Theme = "light",
) -> str:
    """The SVG text of ``journey``'s map.

    Args:
        journey: the map's journey.
        persona: whose emotion curve is drawn (an id or name); ``None`` is all users: every
            persona's curve, dashed, with a legend.
        metrics: the values of metric lanes, ``{metric id: {stage id: value}}``.
        derived_emotion: a bound map's measured emotion, ``{"all" or persona id: {stage id: value}}``
            (``JourneyMap.derived_emotion``), drawn dotted: the persona's if measured, else all users'.
        theme: ``"light"`` (the default) or ``"dark"``; text is AA (4.5:1) on its background in both.

    Returns:
        The SVG document, as text (``<svg ...>...</svg>``, with a ``<title>``).

    Raises:
        NotFoundError: ``persona`` names no persona of the journey.
        ValueError: ``theme`` is neither ``"light"`` nor ``"dark"``.

    Example:
        >>> import journeywidgets as jw
        >>> svg = map_svg(jw.sample_journey(), persona="maya")
        >>> svg.startswith("<svg") and "Scrolls social media on the commute" in svg
        True
    """
    pal = palette(theme)
    stages = journey.stages
    spans = [max(1, len(stage.steps)) for stage in stages]
    starts = [HEADER_W + COLUMN_W * sum(spans[:i]) for i in range(len(stages))]
    width = HEADER_W + COLUMN_W * max(1, sum(spans))
    grid = _Grid(starts, spans, width)
    chosen = journey.persona(persona) if persona else None
    head, top = _head(journey, grid, pal)
    parts: list[str] = []
    y = top
    for lane in journey.lanes:
        label, label_h = _lane_label(lane.name, lane.kind, y, pal)
        if lane.kind == "emotion":
            height, body = _emotion(
                journey, grid, y=y, label_h=label_h, persona=chosen, derived=derived_emotion or {}, pal=pal
            )
        elif lane.kind == "metric":
            height, body = _metrics(journey, grid, y, metrics or {}, pal)
        else:
            height, body = _cards(journey, grid, lane_id=lane.id, kind=lane.kind, y=y, pal=pal)
        height = max(height, label_h, LANE_H)
        color = LANE_COLORS.get(lane.kind, "#8c959f")
        parts.append(_rect(0, y, width, height, fill="none", stroke=pal.border))
        parts.append(_rect(0, y, HEADER_W, height, fill=pal.surface, stroke=pal.border))
        parts.append(_rect(0, y, 4, height, fill=color))
        parts.extend(label)
        parts.extend(body)
        y += height
    height = max(y, top) + 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
        f'viewBox="0 0 {width} {height:.0f}" font-family="{FONT}" data-theme="{theme}">'
        f"<title>{escape(journey.title)}</title>"
        f'<rect width="100%" height="100%" fill="{pal.background}"/>' + "".join(head + parts) + "</svg>"
    )


def _head(journey: Journey, grid: _Grid, pal: Palette) -> tuple[list[str], float]:
    """The title, the stage header row and the step row, and where the lanes start."""
    room = grid.right - 32
    title, title_h = block(16, 14, wrap(journey.title, room, 20), size=20, weight="700", fill=pal.text)
    about, about_h = block(16, 14 + title_h + 4, wrap(journey.description, room, 12), size=12, fill=pal.muted)
    row = max(TITLE_H, 14 + title_h + 4 + about_h + 10)
    stage_cells, stage_h = [], STAGE_H
    for index, (stage, start, span) in enumerate(zip(journey.stages, grid.starts, grid.spans, strict=True)):
        inner = COLUMN_W * span - 2 * PAD
        name, name_h = block(
            start + PAD, row + 8, wrap(f"{index + 1}. {stage.name}", inner, 14), size=14, weight="700", fill=pal.text
        )
        goal, goal_h = block(start + PAD, row + 8 + name_h + 2, wrap(stage.goal, inner, 11), size=11, fill=pal.muted)
        stage_cells.append((start, span, name + goal))
        stage_h = max(stage_h, int(8 + name_h + 2 + goal_h + 10))
    step_cells, step_h = [], STEP_H if any(stage.steps for stage in journey.stages) else 0
    for stage, start in zip(journey.stages, grid.starts, strict=True):
        for j, step in enumerate(stage.steps):
            x = start + COLUMN_W * j
            lines, lines_h = block(
                x + 8, row + stage_h + 5, wrap(step.name, COLUMN_W - 16, 11), size=11, fill=pal.muted
            )
            step_cells.append((x, lines))
            step_h = max(step_h, int(5 + lines_h + 6))
    head = [*title, *about]
    for start, span, cell in stage_cells:
        head.append(_rect(start, row, COLUMN_W * span, stage_h, fill=pal.surface, stroke=pal.border))
        head.extend(cell)
    for x, cell in step_cells:
        head.append(_rect(x, row + stage_h, COLUMN_W, step_h, fill=pal.subtle, stroke=pal.border))
        head.extend(cell)
    return head, row + stage_h + step_h


def _lane_label(name: str, kind: str, y: float, pal: Palette) -> tuple[list[str], float]:
    """A lane's name and kind in its header column, and the height they take."""
    inner = HEADER_W - 12 - PAD
    label, name_h = block(12, y + 8, wrap(name, inner, 13), size=13, weight="600", fill=pal.text)
    kind_text, kind_h = block(
        12, y + 8 + name_h + 2, wrap(kind.replace("_", " ").upper(), inner, 10), size=10, fill=pal.muted
    )
    return label + kind_text, 8 + name_h + 2 + kind_h + 8


def _cards(
    journey: Journey, grid: _Grid, *, lane_id: str, kind: str, y: float, pal: Palette
) -> tuple[float, list[str]]:
    color = LANE_COLORS.get(kind, "#8c959f")
    body: list[str] = []
    height: float = LANE_H
    steps = {step.id: j for stage in journey.stages for j, step in enumerate(stage.steps)}
    for stage, start, span in zip(journey.stages, grid.starts, grid.spans, strict=True):
        offsets = [y + CARD_GAP] * span
        for card in journey.cards_in(stage=stage.id, lane=lane_id):
            column = steps.get(card.step_id or "", 0) if card.step_id else 0
            wide = span if card.step_id is None else 1
            x, w = start + COLUMN_W * column + 6, COLUMN_W * wide - 12
            top = max(offsets[column : column + wide])
            words, words_h = block(
                x + PAD,
                top + CARD_PAD,
                wrap(card.text or "Untitled", w - 16, 13),
                size=13,
                fill=pal.text if card.text else pal.muted,
            )
            meta, meta_h = _card_meta(card, x + PAD, top + CARD_PAD + words_h + 4, w - 16, pal)
            h = CARD_PAD * 2 + words_h + (meta_h + 4 if meta else 0)
            body.append(_rect(x, top, w, h, fill=card_fill(card.color, pal), stroke=pal.border, rx=5))
            body.append(_rect(x, top, 3, h, fill=card.color or color))
            body.extend(words + meta)
            for c in range(column, column + wide):
                offsets[c] = top + h + CARD_GAP
        height = max(height, *(o - y for o in offsets))
    return height, body


def _card_meta(card: Card, x: float, y: float, room: float, pal: Palette) -> tuple[list[str], float]:
    """A card's evidence and tags as pills that flow onto more rows when they need to."""
    labels = ([EVIDENCE_LABEL[card.evidence]] if card.evidence in EVIDENCE_LABEL else []) + [f"#{t}" for t in card.tags]
    parts: list[str] = []
    cx, cy, row_h = x, y, 0.0
    for i, label in enumerate(labels):
        lines = wrap(label, room - 2 * TAG_PAD, TAG_SIZE) or [""]
        pill_w = max(text_width(line, TAG_SIZE) for line in lines) + 2 * TAG_PAD
        pill_h = line_height(TAG_SIZE) * len(lines) + 4
        if cx > x and cx + pill_w > x + room:
            cx, cy, row_h = x, cy + row_h + 4, 0.0
        evidence = i == 0 and card.evidence in EVIDENCE_LABEL
        parts.append(_rect(cx, cy, pill_w, pill_h, fill=pal.tag, stroke=pal.border if evidence else "none", rx=4))
        words, _ = block(
            cx + TAG_PAD, cy + 1, lines, size=TAG_SIZE, weight="600" if evidence else "normal", fill=pal.muted
        )
        parts.extend(words)
        cx, row_h = cx + pill_w + 4, max(row_h, pill_h)
    return parts, (cy + row_h - y) if labels else 0.0


def _metrics(
    journey: Journey, grid: _Grid, y: float, metrics: Mapping[str, Mapping[str, float | None]], pal: Palette
) -> tuple[float, list[str]]:
    """Each stage's metric values, right-aligned, their labels wrapped beside them (or above, in a tight column)."""
    body: list[str] = []
    height: float = LANE_H
    size, step = 11, line_height(11)
    for stage, start, span in zip(journey.stages, grid.starts, grid.spans, strict=True):
        line_y, inner, right = y + 8, COLUMN_W * span - 2 * PAD, start + COLUMN_W * span - PAD
        for metric in journey.metrics:
            value = (metrics.get(metric.id) or {}).get(stage.id)
            if value is None:
                continue
            shown = _format(float(value), metric.unit)
            beside = inner - text_width(shown, size) - 8
            lines = wrap(metric.name, beside if beside >= MIN_LABEL_W else inner, size) or [""]
            label, label_h = block(start + PAD, line_y, lines, size=size, fill=pal.muted)
            value_y = line_y if beside >= MIN_LABEL_W else line_y + label_h
            body.extend(label)
            body.append(text(right, value_y + size, shown, size=size, weight="600", fill=pal.text, anchor="end"))
            line_y = max(line_y + label_h, value_y + step) + 4
        height = max(height, line_y - y + 4)
    return height, body


def _emotion(
    journey: Journey,
    grid: _Grid,
    *,
    y: float,
    label_h: float,
    persona: Persona | None,
    derived: Mapping[str, Mapping[str, float]],
    pal: Palette,
) -> tuple[float, list[str]]:
    """The emotion lane: the persona's curve (all users: every persona's, dashed) and the measured one, dotted.

    Its header column lists the curves under the lane's name, each with a sample of its line.
    """
    curves: list[tuple[str, str, str, dict[str, float]]] = []  # (name, colour, dash, {stage id: value})
    researched = [p for p in journey.emotions if p.step_id is None and p.series == "researched"]
    for who in [persona] if persona else journey.personas:
        values = {p.stage_id: p.value for p in researched if p.persona_id == who.id}
        if values or persona:
            curves.append(
                (who.name, who.color or (pal.accent if persona else pal.muted), "" if persona else "6 4", values)
            )
    key = persona.id if persona and derived.get(persona.id) else "all"
    if derived.get(key):
        whose = "all users" if key == "all" else journey.persona(key).name
        curves.append((f"Measured: {MEASURED}, {whose}", pal.text, "2 4", dict(derived[key])))
    legend: list[str] = []
    legend_y = y + label_h - 4
    for name, color, dash, _ in curves:
        lines, lines_h = block(40, legend_y, wrap(name, HEADER_W - 40 - PAD, 10), size=10, fill=pal.muted)
        sample_y = legend_y + 6
        legend.append(
            f'<line x1="12" x2="34" y1="{sample_y:.1f}" y2="{sample_y:.1f}" stroke="{color}" stroke-width="2"'
            + (f' stroke-dasharray="{dash}"/>' if dash else "/>")
        )
        legend.extend(lines)
        legend_y += lines_h + 4
    height, pad = max(EMOTION_H, legend_y - y + 8), 18
    scale = journey.emotion_scale

    def level(v: float) -> float:
        return y + pad + (scale.max - v) / (scale.max - scale.min) * (height - 2 * pad)

    base = level(0) if scale.min <= 0 <= scale.max else level(scale.min)
    dashed = f'stroke="{pal.border}" stroke-dasharray="4"'
    body = [f'<line x1="{HEADER_W}" x2="{grid.right}" y1="{base:.1f}" y2="{base:.1f}" {dashed}/>']
    for _, color, dash, values in curves:
        points = [
            (start + COLUMN_W * span / 2, level(values[stage.id]))
            for stage, start, span in zip(journey.stages, grid.starts, grid.spans, strict=True)
            if stage.id in values
        ]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{py:.1f}" for x, py in points)
        stroke = f'stroke="{color}" stroke-width="{2 if dash else 3}"' + (f' stroke-dasharray="{dash}"' if dash else "")
        body.append(f'<polyline points="{path}" fill="none" {stroke}/>')
        radius, fill = (5, color) if not dash else (3, pal.background)
        body.extend(
            f'<circle cx="{x:.1f}" cy="{py:.1f}" r="{radius}" fill="{fill}" stroke="{color}"/>' for x, py in points
        )
    return height, body + legend
