"""The example Voila app: it renders with no code shown, and its persona picker changes the funnel."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_in_voila, screenshot

APP = Path(__file__).resolve().parents[2] / "examples" / "voila_app.ipynb"


def drawn(page: Page) -> list[int]:
    bars = page.locator(".jw-funnel .jw-funnel-fill")
    return [int(n) for n in bars.evaluate_all("(bars) => bars.map((b) => b.getAttribute('data-reached'))")]


def test_the_voila_app_renders_and_its_persona_picker_changes_the_funnel(
    page: Page, voila_url: str, notebook_root: Path
) -> None:
    shutil.copyfile(APP, notebook_root / "voila_app.ipynb")
    page.set_viewport_size({"width": 1600, "height": 1800})
    open_in_voila(page, voila_url, "voila_app.ipynb")
    expect(page.locator(".jw-funnel")).to_be_visible(timeout=180_000)
    expect(page.get_by_text("import journeywidgets as jw")).to_have_count(0)  # no code shown
    expect(page.get_by_text("Online shop: journey dashboard")).to_be_visible()  # the app's text is
    everyone = drawn(page)
    page.locator(".widget-dropdown select").first.select_option(label="Raj, the deal hunter")
    expect(page.locator(".jw-map .jw-persona-switcher select")).to_have_value("raj", timeout=30_000)
    whose = page.locator(".jw-funnel [aria-label='Whose funnel'] .jw-chip[aria-pressed=true]")
    expect(whose).to_have_text("Raj, the deal hunter")
    assert drawn(page) != everyone and drawn(page)[0] < everyone[0]
    screenshot(page, "body", "voila-app")
