"""The read-only JourneyMap renders the sample journey in real JupyterLab and Voila pages."""

from __future__ import annotations

from playwright.sync_api import Page, expect

import journeywidgets as jw
from tests.e2e.conftest import XSS_TEXT, open_in_lab, open_in_voila, screenshot

SAMPLE = jw.sample_journey()


def curve_label(persona_id: str) -> str:
    """The accessible name of a persona's emotion curve, from the sample's own emotion points."""
    persona, scale = SAMPLE.persona(persona_id), SAMPLE.emotion_scale
    values = {p.stage_id: p.value for p in SAMPLE.emotions if p.persona_id == persona_id and p.step_id is None}
    parts = [f"{s.name} {scale.label(values[s.id])}" for s in SAMPLE.stages if s.id in values]
    return f"Emotion curve of {persona.name}: {', '.join(parts)}"


def check_map(page: Page) -> None:
    journey_map = page.locator(".jw-map")
    expect(journey_map).to_be_visible(timeout=120_000)
    expect(page.locator(".jw-title")).to_have_text(SAMPLE.title)
    expect(page.locator(".jw-stage-name")).to_have_text([s.name for s in SAMPLE.stages])
    expect(page.locator(".jw-lane-name")).to_have_text([lane.name for lane in SAMPLE.lanes])
    expect(page.locator(".jw-card-text")).to_have_count(len(SAMPLE.cards) + 1)
    texts = page.locator(".jw-card-text").all_inner_texts()
    for card in SAMPLE.cards:
        assert card.text in texts, card.text
    assert len(texts) == len(SAMPLE.cards) + 1
    # the XSS card shows its text literally and creates no element
    expect(page.locator(".jw-card-text", has_text=XSS_TEXT)).to_have_count(1)
    assert page.locator(".jw-map img").count() == 0
    # the emotion lane draws the first persona's curve
    expect(page.locator(".jw-emotion")).to_have_attribute("aria-label", curve_label("maya"))


def test_map_renders_in_voila(page: Page, voila_url: str, dialogs: list[str], outside_requests: list[str]) -> None:
    page.set_viewport_size({"width": 1920, "height": 2200})
    open_in_voila(page, voila_url, "map.ipynb")
    check_map(page)
    screenshot(page, ".jw-map", "voila-map")
    assert dialogs == []
    assert all("fontawesome" in url or "jsdelivr" in url for url in outside_requests), outside_requests


def test_map_renders_in_jupyterlab(page: Page, lab_url: str, dialogs: list[str]) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_in_lab(page, lab_url, "map.ipynb")
    check_map(page)
    screenshot(page, ".jw-map", "lab-map")
    assert dialogs == []


def test_persona_switcher_changes_the_curve(page: Page, voila_url: str) -> None:
    open_in_voila(page, voila_url, "map.ipynb")
    expect(page.locator(".jw-map")).to_be_visible(timeout=120_000)
    page.locator(".jw-persona-switcher select").select_option(label="Elena, the loyal regular")
    expect(page.locator(".jw-emotion")).to_have_attribute("aria-label", curve_label("elena"))
    page.get_by_role("button", name="Compare personas").click()
    expect(page.locator(".jw-emotion-other")).to_have_count(2)
    screenshot(page, ".jw-emotion-cell", "voila-emotions-compared")
