"""The map as SVG and PNG: valid XML with every card's text (escaped), the metric values, the curve."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journeywidgets as jw
from journeywidgets.export import svg as svg_module
from journeywidgets.export.svg import map_svg
from journeywidgets.export.svg_style import (
    DARK,
    LIGHT,
    Palette,
    card_fill,
    contrast_ratio,
    relative_luminance,
    text_width,
)
from journeywidgets.model.field_spec import card_colors

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_the_svg_holds_every_card_and_stage_as_text() -> None:
    journey = jw.sample_journey()
    hostile = "<img src=x onerror=alert(1)> & </svg>"
    journey.add_card(stage="Purchase", lane="Pain points", text=hostile)
    svg = jw.JourneyMap(journey).to_svg()
    shown = " ".join(texts(svg))
    for card in journey.cards:
        for word in card.text.split():
            assert word in shown, word
    assert "<img" not in svg and ET.fromstring(svg).find(f".//{SVG}image") is None
    for index, stage in enumerate(journey.stages):
        assert f"{index + 1}. {stage.name}" in texts(svg)
    assert ET.fromstring(svg).find(f".//{SVG}polyline") is not None  # the first persona's emotion curve


def test_a_bound_map_draws_the_numbers_it_shows(tmp_path: Path) -> None:
    pytest.importorskip("resvg_py", reason="to_png needs the png extra")
    journey = jw.sample_journey()
    binding = journey.bind(jw.sample_events(n_users=800))
    journey_map = jw.JourneyMap(journey, binding=binding)
    reached = f"{int(binding.metrics['reached'].iloc[0]):,}"
    assert reached in texts(journey_map.to_svg(tmp_path / "map.svg"))
    assert (tmp_path / "map.svg").read_text("utf-8").startswith("<svg")
    png = journey_map.to_png(tmp_path / "map.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def text_boxes(svg: str) -> list[tuple[float, float, str, int, str | None]]:
    """Each text element's x, y, text, font size and anchor."""
    return [
        (float(t.get("x", 0)), float(t.get("y", 0)), t.text or "", int(t.get("font-size", 13)), t.get("text-anchor"))
        for t in ET.fromstring(svg).iter(f"{SVG}text")
    ]


def columns_of(journey: jw.Journey) -> list[tuple[float, float]]:
    """The left and right edge of the header column and of each stage's columns."""
    edges, x = [(0.0, float(svg_module.HEADER_W))], float(svg_module.HEADER_W)
    for stage in journey.stages:
        width = svg_module.COLUMN_W * max(1, len(stage.steps))
        edges.append((x, x + width))
        x += width
    return edges


def assert_every_text_fits(journey: jw.Journey, svg: str) -> None:
    top = float(ET.fromstring(svg).get("height", 0))
    title_h = min(y for _, y, value, _, _ in text_boxes(svg) if value.startswith("1. ")) - 14
    for x, y, value, size, anchor in text_boxes(svg):
        width = text_width(value, size)
        left, right = (x - width, x) if anchor == "end" else (x, x + width)
        if y < title_h:  # the title and description: the picture's width
            assert left >= 0 and right <= float(ET.fromstring(svg).get("width", 0)), value
            continue
        column = next((lo, hi) for lo, hi in columns_of(journey) if lo <= (left + right) / 2 < hi)
        assert column[0] <= left and right <= column[1], (value, left, right, column)
        assert 0 < y <= top


def test_long_names_and_goals_wrap_in_a_narrow_column_and_the_row_grows() -> None:
    journey = jw.Journey("Fit")
    name = "Experience of receiving the parcel and unpacking everything that came inside it"
    goal = "Receive the order and get value from it in the first week, without calling support even once"
    stage = journey.add_stage(name, goal=goal)
    journey.add_stage("Short", goal="Tiny")
    lane = journey.add_lane("Touchpoints that the customer meets along the way", kind="touchpoint")
    journey.add_card(stage=stage.id, lane=lane.id, text="Referral programme page")
    metric = journey.add_metric("Users who reached the stage in the given window of time", kind="reach")
    journey.add_lane("Numbers", kind="metric")
    svg = map_svg(journey, metrics={metric.id: {stage.id: 12345.0}})
    shown = texts(svg)
    joined = " ".join(shown)
    for word in [*name.split(), *goal.split(), *lane.name.split(), *metric.name.split(), "12,345"]:
        assert word in joined, word
    assert "…" not in svg
    assert "Referral programme page" not in shown  # wrapped onto two lines in a one-column stage
    assert {"Referral programme", "page"} <= set(shown)
    assert_every_text_fits(journey, svg)
    # every stage header in the row is as tall as the tallest, and the lanes start below it
    root = ET.fromstring(svg)
    headers = [r for r in root.iter(f"{SVG}rect") if r.get("fill") == LIGHT.surface and float(r.get("x", 0)) > 0]
    stage_rows = {(r.get("y", ""), r.get("height", "")) for r in headers[:2]}
    assert len(stage_rows) == 1
    ((row_y, row_h),) = stage_rows
    assert float(row_h) > svg_module.STAGE_H  # it grew for the wrapped name and goal
    last_goal_y = max(y for _, y, value, _, _ in text_boxes(svg) if value and value in goal)
    assert last_goal_y < float(row_y) + float(row_h)


def test_long_step_names_wrap_and_the_step_row_grows() -> None:
    journey = jw.Journey("Steps")
    stage = journey.add_stage("Compare")
    long_step = "Compare every plan on the pricing page side by side with the competitors"
    journey.add_step(stage.id, long_step)
    journey.add_step(stage.id, "Pick")
    journey.add_lane("Actions", kind="action")
    svg = map_svg(journey)
    joined = " ".join(texts(svg))
    assert all(word in joined for word in long_step.split()) and "…" not in svg
    assert_every_text_fits(journey, svg)
    steps = [r for r in ET.fromstring(svg).iter(f"{SVG}rect") if r.get("fill") == LIGHT.subtle]
    assert len(steps) == 2 and len({r.get("height") for r in steps}) == 1
    assert float(steps[0].get("height", 0)) > svg_module.STEP_H


def test_the_sample_map_fits_in_both_themes() -> None:
    journey = jw.sample_journey()
    binding = journey.bind(jw.sample_events(n_users=500))
    journey_map = jw.JourneyMap(journey, binding=binding)
    for theme in ("light", "dark"):
        svg = journey_map.to_svg(theme=theme)
        assert "…" not in svg
        assert_every_text_fits(journey, svg)


def test_cards_keep_their_evidence_and_tags() -> None:
    journey = jw.Journey("Evidence")
    stage = journey.add_stage("Buy")
    lane = journey.add_lane("Pains", kind="pain_point")
    journey.add_card(stage=stage.id, lane=lane.id, text="Checkout is slow", evidence="observed", tags=["speed"])
    journey.add_card(stage=stage.id, lane=lane.id, text="Fees are hidden", evidence="data")
    journey.add_card(stage=stage.id, lane=lane.id, text="Nothing known", evidence="unspecified")
    shown = texts(map_svg(journey))
    assert {"Observed", "Data", "#speed"} <= set(shown)
    assert not {"Unspecified", "unspecified"} & set(shown)
    order = [t for t in shown if t in {"Checkout is slow", "Observed", "Fees are hidden", "Data"}]
    assert order == ["Checkout is slow", "Observed", "Fees are hidden", "Data"]  # each under its card


def test_a_bound_map_draws_the_measured_emotion_dotted() -> None:
    journey = jw.sample_journey()
    binding = journey.bind(jw.sample_events(n_users=800))
    journey_map = jw.JourneyMap(journey, binding=binding, persona="maya")
    measured = journey_map.derived_emotion["maya"] or journey_map.derived_emotion["all"]
    assert measured
    root = ET.fromstring(journey_map.to_svg())
    dotted = [p for p in root.iter(f"{SVG}polyline") if p.get("stroke-dasharray") == "2 4"]
    assert len(dotted) == 1 and len(dotted[0].get("points", "").split()) == len(measured)
    assert "Measured: mean satisfaction, Maya" in " ".join(texts(journey_map.to_svg()))
    solid = [p for p in root.iter(f"{SVG}polyline") if p.get("stroke-dasharray") is None]
    assert len(solid) == 1  # Maya's own curve beside it
    # without a binding there is nothing measured, and no dotted line
    plain = ET.fromstring(jw.JourneyMap(journey, persona="maya").to_svg())
    assert not [p for p in plain.iter(f"{SVG}polyline") if p.get("stroke-dasharray") == "2 4"]


def test_all_users_draws_every_persona_and_the_measured_curve_not_a_stand_in() -> None:
    journey = jw.sample_journey()
    journey_map = jw.JourneyMap(journey, binding=journey.bind(jw.sample_events(n_users=800)))
    assert journey_map.persona is None
    svg = journey_map.to_svg()
    lines = list(ET.fromstring(svg).iter(f"{SVG}polyline"))
    with_curves = {e.persona_id for e in journey.emotions if e.series == "researched" and e.step_id is None}
    assert sum(p.get("stroke-dasharray") == "6 4" for p in lines) == len(with_curves)
    assert not [p for p in lines if p.get("stroke-dasharray") is None]  # no persona drawn as if it were everyone
    shown = texts(svg)
    assert all(journey.persona(pid).name in " ".join(shown) for pid in with_curves)
    assert "Measured: mean satisfaction, all users" in " ".join(shown)


def colours(svg: str) -> tuple[str, set[str]]:
    root = ET.fromstring(svg)
    background = next(r for r in root.iter(f"{SVG}rect") if r.get("width") == "100%").get("fill", "")
    return background, {t.get("fill", "") for t in root.iter(f"{SVG}text")}


@pytest.mark.parametrize(("theme", "dark"), [("light", False), ("dark", True)])
def test_each_theme_has_its_background_and_aa_text(theme: str, dark: bool) -> None:
    journey = jw.sample_journey()
    svg = jw.JourneyMap(journey).to_svg(theme=theme)  # type: ignore[arg-type]
    background, text_fills = colours(svg)
    assert (relative_luminance(background) < 0.1) is dark
    pal = LIGHT if not dark else DARK
    assert background == pal.background and text_fills == {pal.text, pal.muted}
    for fg in text_fills:
        assert (relative_luminance(fg) > relative_luminance(background)) is dark  # light text on dark, and back
        for fill in pal.fills:  # every fill text is drawn on: headers, steps, cards, tags, the page
            assert contrast_ratio(fg, fill) >= 4.5, (theme, fg, fill)
    assert contrast_ratio("#777777", "#ffffff") < 4.5  # the check itself is WCAG's (#777 on white fails AA)


def test_light_is_the_default_and_a_bad_theme_is_refused(tmp_path: Path) -> None:
    journey_map = jw.JourneyMap(jw.sample_journey())
    assert journey_map.to_svg() == journey_map.to_svg(theme="light")
    assert colours(journey_map.to_svg())[0] == "#ffffff"
    with pytest.raises(ValueError, match="theme must be one of"):
        journey_map.to_svg(theme="sepia")  # type: ignore[arg-type]
    sent: list[dict] = []
    journey_map.send = lambda content, _buffers=None: sent.append(content)  # type: ignore[method-assign]

    def ask(request: dict) -> dict:  # the Download buttons' picture message, as the page sends it
        journey_map._on_browser_message(journey_map, {"type": "picture", "id": f"p{len(sent)}", **request}, [])
        return sent[-1]

    assert colours(ask({"persona": "raj", "theme": "dark"})["svg"])[0] == DARK.background
    assert colours(ask({"persona": "raj"})["svg"])[0] == LIGHT.background
    assert ask({"persona": "raj"})["id"] == "p2"  # the answer names its request
    assert "theme must be 'light' or 'dark'" in ask({"persona": "raj", "theme": "sepia"})["error"]
    assert "no persona" in ask({"persona": "nobody"})["error"].lower()
    too_long = ask({"id": "x" * 65, "persona": "p" * 5000})  # the page's text is not echoed back at length
    assert too_long["id"] == "" and len(too_long["error"]) <= 300 and "svg" not in too_long
    assert journey_map.journey.revision == 0  # a picture request changes nothing
    pytest.importorskip("resvg_py", reason="to_png needs the png extra")
    light = journey_map.to_png(tmp_path / "light.png").read_bytes()
    dark = journey_map.to_png(tmp_path / "dark.png", theme="dark").read_bytes()
    assert dark[:8] == b"\x89PNG\r\n\x1a\n" and dark != light


def test_hostile_text_stays_text_in_every_label() -> None:
    hostile = "<img src=x onerror=alert(1)> ]]> & </svg>\t\u2028"
    journey = jw.Journey(hostile)
    stage = journey.add_stage(hostile, goal=hostile)
    journey.add_step(stage.id, hostile)
    lane = journey.add_lane(hostile, kind="pain_point")
    journey.add_card(stage=stage.id, lane=lane.id, text=hostile, evidence="observed", tags=["<b>"])
    persona = journey.add_persona(hostile)
    journey.add_lane("Feel", kind="emotion")
    journey.set_emotion(persona.id, stage.id, 1)
    for theme in ("light", "dark"):
        svg = map_svg(journey, persona=persona.id, theme=theme)
        root = ET.fromstring(svg)  # still parses
        assert "<img" not in svg and "<b>" not in svg and root.find(f".//{SVG}image") is None
        assert {el.tag for el in root.iter()} <= {
            f"{SVG}{t}" for t in ("svg", "title", "rect", "text", "line", "polyline", "circle")
        }
        joined = " ".join(texts(svg))
        assert "onerror=alert(1)>" in joined and "]]>" in joined and "#<b>" in joined


def test_to_svg_with_a_path_writes_atomically_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.svg"
    real.write_text("old", "utf-8")
    real.chmod(0o644)
    link = tmp_path / "map.svg"
    link.symlink_to(real)
    svg = jw.JourneyMap(jw.sample_journey()).to_svg(link)
    assert link.is_symlink()
    assert real.read_text("utf-8") == svg
    assert real.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("pal", [LIGHT, DARK], ids=["light", "dark"])
def test_a_card_of_every_offered_colour_keeps_aa_text_in_both_themes(pal: Palette) -> None:
    for name, color in card_colors().items():
        fill = card_fill(color, pal)
        assert fill != pal.card
        for fg in (pal.text, pal.muted):
            assert contrast_ratio(fg, fill) >= 4.5, (name, fg, fill)


def test_a_coloured_card_is_drawn_in_its_colour_and_the_others_in_their_lane_kinds() -> None:
    journey = jw.Journey("Colours")
    journey.add_stage("Pay")
    journey.add_lane("Pains", kind="pain_point")
    journey.add_card(stage="Pay", lane="Pains", text="Yellow note", color="#f2c94c")
    journey.add_card(stage="Pay", lane="Pains", text="Plain note")
    picture = map_svg(journey)
    assert picture.count('fill="#f2c94c"') == 1  # the coloured card's stripe
    assert f'fill="{card_fill("#f2c94c", LIGHT)}"' in picture
    assert picture.count(f'fill="{LIGHT.card}" stroke') >= 1  # the plain card keeps the theme's card colour
