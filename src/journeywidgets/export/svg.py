"""A journey map as one SVG picture (and PNG), for slides and documents.

Drawn from the document itself, so it needs no browser: stages (and steps) as columns, lanes
as rows, cards as boxes with their text wrapped, the chosen persona's emotion curve, and the
metric values a map shows. All text is escaped; nothing in a card can become markup.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from xml.sax.saxutils import escape

from journeywidgets.model import Journey

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
HEADER_W, COLUMN_W, TITLE_H, STAGE_H, STEP_H = 170, 180, 64, 48, 24
LINE_H, CARD_PAD, CARD_GAP = 16, 8, 6
CHAR_EM = 0.6  # a character's mean width in em in common sans-serif fonts (wide ones such as DejaVu Sans)
HOUR, LARGE = 3600, 10  # seconds shown in hours from an hour on; numbers below 10 keep two decimals
FONT = "system-ui, -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"


def _text(
    x: float,
    y: float,
    value: str,
    *,
    size: int = 13,
    weight: str = "normal",
    fill: str = "#1f2328",
    anchor: str = "start",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
        f'text-anchor="{anchor}">{escape(value)}</text>'
    )


def _chars(width: float, size: int = 13) -> int:
    """How many characters of ``size`` px text fit in ``width`` px."""
    return max(4, int(width / (size * CHAR_EM)))


def _fit(value: str, width: float, size: int) -> str:
    """``value`` on one line of ``width`` px, shortened at a word with "…" when it is longer."""
    return textwrap.shorten(value, _chars(width, size), placeholder="…") if value else ""


def _lines(value: str, width_chars: int) -> list[str]:
    return [line for paragraph in value.splitlines() or [""] for line in textwrap.wrap(paragraph, width_chars) or [""]]


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
) -> str:
    """The SVG text of ``journey``'s map (``persona``'s emotion curve, ``metrics`` in metric lanes).

    Example:
        >>> import journeywidgets as jw
        >>> svg = map_svg(jw.sample_journey())
        >>> svg.startswith("<svg") and "Scrolls social media on the commute" in svg
        True
    """
    stages = journey.stages
    spans = [max(1, len(stage.steps)) for stage in stages]
    starts = [HEADER_W + COLUMN_W * sum(spans[:i]) for i in range(len(stages))]
    width = HEADER_W + COLUMN_W * max(1, sum(spans))
    has_steps = any(stage.steps for stage in stages)
    top = TITLE_H + STAGE_H + (STEP_H if has_steps else 0)
    chosen = journey.persona(persona) if persona else (journey.personas[0] if journey.personas else None)
    parts: list[str] = []
    y = top
    for lane in journey.lanes:
        height, body = _lane(
            journey,
            lane_id=lane.id,
            kind=lane.kind,
            starts=starts,
            spans=spans,
            y=y,
            persona=chosen,
            metrics=metrics or {},
        )
        color = LANE_COLORS.get(lane.kind, "#8c959f")
        parts.append(f'<rect x="0" y="{y}" width="{width}" height="{height}" fill="none" stroke="#d0d7de"/>')
        parts.append(f'<rect x="0" y="{y}" width="{HEADER_W}" height="{height}" fill="#f4f5f7" stroke="#d0d7de"/>')
        parts.append(f'<rect x="0" y="{y}" width="4" height="{height}" fill="{color}"/>')
        parts.append(_text(12, y + 22, lane.name, weight="600"))
        parts.append(_text(12, y + 38, lane.kind.replace("_", " ").upper(), size=10, fill="#59636e"))
        parts.extend(body)
        y += height
    head = [
        _text(16, 30, journey.title, size=20, weight="700"),
        _text(16, 50, journey.description, size=12, fill="#59636e"),
    ]
    for index, (stage, start, span) in enumerate(zip(stages, starts, spans, strict=True)):
        head.append(
            f'<rect x="{start}" y="{TITLE_H}" width="{COLUMN_W * span}" height="{STAGE_H}" '
            'fill="#f4f5f7" stroke="#d0d7de"/>'
        )
        room = COLUMN_W * span - 20
        name = _fit(f"{index + 1}. {stage.name}", room, 15)
        head.append(_text(start + 10, TITLE_H + 20, name, size=14, weight="700"))
        head.append(_text(start + 10, TITLE_H + 38, _fit(stage.goal, room, 11), size=11, fill="#59636e"))
        for j, step in enumerate(stage.steps):
            x = start + COLUMN_W * j
            head.append(
                f'<rect x="{x}" y="{TITLE_H + STAGE_H}" width="{COLUMN_W}" height="{STEP_H}" '
                'fill="#fafbfc" stroke="#d0d7de"/>'
            )
            step_name = _fit(step.name, COLUMN_W - 16, 11)
            head.append(_text(x + 8, TITLE_H + STAGE_H + 16, step_name, size=11, fill="#59636e"))
    height = max(y, top) + 1
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="{FONT}">'
        f'<title>{escape(journey.title)}</title><rect width="100%" height="100%" fill="#ffffff"/>'
        + "".join(head + parts)
        + "</svg>"
    )


def _lane(
    journey: Journey,
    *,
    lane_id: str,
    kind: str,
    starts: list[int],
    spans: list[int],
    y: int,
    persona: object,
    metrics: Mapping[str, Mapping[str, float | None]],
) -> tuple[int, list[str]]:
    stages = journey.stages
    if kind == "emotion":
        return _emotion(journey, starts, spans, y, persona)
    if kind == "metric":
        body, tallest = [], 1
        for stage, start, span in zip(stages, starts, spans, strict=True):
            rows = [
                (m.name, values[stage.id], m.unit)
                for m in journey.metrics
                if (values := metrics.get(m.id)) and values.get(stage.id) is not None
            ]
            for i, (name, value, unit) in enumerate(rows):
                line_y = y + 20 + i * LINE_H * 1.2
                shown = _format(float(value), unit)  # type: ignore[arg-type]
                right = start + COLUMN_W * span - 10
                label = _fit(name, right - start - 10 - (len(shown) + 2) * 11 * CHAR_EM, 11)
                body.append(_text(start + 10, line_y, label, size=11, fill="#59636e"))
                body.append(_text(right, line_y, shown, size=11, weight="600", anchor="end"))
            tallest = max(tallest, len(rows))
        return max(48, int(16 + tallest * LINE_H * 1.2)), body
    color = LANE_COLORS.get(kind, "#8c959f")
    body, height = [], 48
    steps = {step.id: j for stage in stages for j, step in enumerate(stage.steps)}
    for stage, start, span in zip(stages, starts, spans, strict=True):
        offsets = [y + CARD_GAP] * span
        for card in journey.cards_in(stage=stage.id, lane=lane_id):
            column = steps.get(card.step_id or "", 0) if card.step_id else 0
            wide = span if card.step_id is None else 1
            x, w = start + COLUMN_W * column + 6, COLUMN_W * wide - 12
            lines = _lines(card.text or "Untitled", _chars(w - 16))
            h = CARD_PAD * 2 + LINE_H * len(lines)
            top = max(offsets[column : column + wide])
            body.append(f'<rect x="{x}" y="{top}" width="{w}" height="{h}" rx="5" fill="#ffffff" stroke="#d0d7de"/>')
            body.append(f'<rect x="{x}" y="{top}" width="3" height="{h}" fill="{color}"/>')
            body.extend(_text(x + 10, top + CARD_PAD + 12 + i * LINE_H, line) for i, line in enumerate(lines))
            for c in range(column, column + wide):
                offsets[c] = top + h + CARD_GAP
        height = max(height, *(o - y for o in offsets))
    return height, body


def _emotion(journey: Journey, starts: list[int], spans: list[int], y: int, persona: object) -> tuple[int, list[str]]:
    height, pad = 110, 18
    scale = journey.emotion_scale
    pid = getattr(persona, "id", None)
    values = {
        p.stage_id: p.value
        for p in journey.emotions
        if p.persona_id == pid and p.step_id is None and p.series == "researched"
    }

    def level(v: float) -> float:
        return y + pad + (scale.max - v) / (scale.max - scale.min) * (height - 2 * pad)

    points = [
        (start + COLUMN_W * span / 2, level(values[stage.id]))
        for stage, start, span in zip(journey.stages, starts, spans, strict=True)
        if stage.id in values
    ]
    right = starts[-1] + COLUMN_W * spans[-1] if starts else HEADER_W
    base = level(0) if scale.min <= 0 <= scale.max else level(scale.min)
    body = [
        f'<line x1="{HEADER_W}" x2="{right}" y1="{base:.1f}" y2="{base:.1f}" stroke="#d0d7de" stroke-dasharray="4"/>'
    ]
    color = getattr(persona, "color", "") or "#1f6feb"
    if points:
        path = " ".join(f"{x:.1f},{py:.1f}" for x, py in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="3"/>')
        body.extend(f'<circle cx="{x:.1f}" cy="{py:.1f}" r="5" fill="{color}"/>' for x, py in points)
        body.append(_text(HEADER_W + 8, y + height - 6, getattr(persona, "name", ""), size=10, fill="#59636e"))
    return height, body
