"""The map as SVG and PNG: valid XML with every card's text (escaped), the metric values, the curve."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import journeywidgets as jw

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


def test_long_text_is_fitted_to_its_column() -> None:
    journey = jw.Journey("Fit")
    stage = journey.add_stage("Experience", goal="Receive the order and get value from it in the first week")
    lane = journey.add_lane("Touchpoints", kind="touchpoint")
    journey.add_card(stage=stage.id, lane=lane.id, text="Referral programme page")
    shown = texts(jw.JourneyMap(journey).to_svg())
    goal = next(t for t in shown if t.startswith("Receive"))
    assert goal.endswith("…") and len(goal) < len(stage.goal)  # one line, cut at a word
    assert "Referral programme page" not in shown  # wrapped onto two lines in a one-column stage
    assert {"Referral programme", "page"} <= set(shown)


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
