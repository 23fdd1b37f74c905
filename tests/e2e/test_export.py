"""The exported HTML file in real Chromium with every network request blocked: the board renders with the
journey's texts and the binding's numbers, its links work without a kernel, and the walkthrough steps."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

import journeywidgets as jw
from tests.e2e.conftest import XSS_TEXT, screenshot


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, jw.Journey, jw.Binding]:
    journey = jw.sample_journey()
    journey.add_card(stage="Purchase", lane="Pain points", text=XSS_TEXT)
    binding = journey.bind(jw.sample_events(n_users=3000))
    path = jw.to_html(jw.Board(journey, binding), tmp_path_factory.mktemp("export") / "board.html")
    return path, journey, binding


@pytest.fixture
def offline(context: BrowserContext) -> list[str]:
    """Every request that is not the file itself, blocked and recorded (on top of the suite's outside block)."""
    seen: list[str] = []

    def block(route: object) -> None:
        seen.append(route.request.url)  # type: ignore[attr-defined]
        route.abort()  # type: ignore[attr-defined]

    context.route(lambda url: not url.startswith(("file://", "data:", "blob:")), block)
    return seen


def open_file(page: Page, path: Path) -> None:
    page.set_viewport_size({"width": 1500, "height": 2600})
    page.goto(path.as_uri())
    expect(page.locator("html")).to_have_attribute("data-jw-rendered", "true", timeout=60_000)


def test_the_file_renders_the_board_with_no_network(
    page: Page, exported: tuple[Path, jw.Journey, jw.Binding], offline: list[str], dialogs: list[str]
) -> None:
    path, journey, binding = exported
    open_file(page, path)
    expect(page.locator(".jw-stage-name")).to_have_text([s.name for s in journey.stages])
    texts = page.locator(".jw-map .jw-card-text").all_inner_texts()
    assert sorted(texts) == sorted(c.text for c in journey.cards)
    assert page.locator(".jw-map img").count() == 0 and dialogs == []  # the hostile card is text
    bars = page.locator(".jw-funnel .jw-funnel-fill")
    drawn = bars.evaluate_all("(bars) => bars.map((b) => Number(b.getAttribute('data-reached')))")
    assert drawn == binding.metrics["reached"].tolist()
    expect(page.locator(".jw-presenter-where")).to_have_text("Stage 1 of 5: Awareness")  # opens presenting, at stage 1
    assert offline == []
    screenshot(page, "body", "export-board")
    page.emulate_media(color_scheme="dark")
    screenshot(page, "body", "export-board-dark")


def test_links_and_the_walkthrough_work_without_a_kernel(
    page: Page, exported: tuple[Path, jw.Journey, jw.Binding], offline: list[str]
) -> None:
    path, _journey, binding = exported
    open_file(page, path)
    page.locator('.jw-funnel-stage[data-stage-id="purchase"]').click()
    expect(page.locator(".jw-stage-header.jw-selected")).to_have_attribute("data-stage-id", "purchase")
    expect(page.locator(".jw-presenter-where")).to_have_text("Stage 3 of 5: Purchase")
    page.locator(".jw-map").focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(".jw-presenter-where")).to_have_text("Stage 4 of 5: Experience")
    expect(page.locator('.jw-funnel-stage[data-stage-id="experience"]')).to_have_attribute("aria-pressed", "true")
    # the persona chips drive the map's metric lanes through the link, from the numbers in the file
    page.locator(".jw-funnel .jw-chip", has_text="Raj, the deal hunter").click()
    raj = binding.persona_funnel("raj")["reached"].tolist()
    lane = page.locator('.jw-metric[data-metric-id="reach"] dd')
    expect(lane.first).to_have_attribute("data-value", str(float(raj[0])).rstrip("0").rstrip("."))
    assert offline == []


def test_a_converted_notebook_renders_its_widgets_offline(page: Page, tmp_path: Path, offline: list[str]) -> None:
    """`journeywidgets html notebook.ipynb --execute`: nbconvert's page with our page script, no CDN."""
    from journeywidgets.export.notebook import notebook_to_html  # noqa: PLC0415

    root = Path(__file__).resolve().parents[2]
    notebook = tmp_path / "quickstart.ipynb"
    notebook.write_bytes((root / "examples" / "quickstart.ipynb").read_bytes())
    page_path = notebook_to_html(notebook, execute=True)
    open_file(page, page_path)
    journey = jw.sample_journey()
    expect(page.locator(".jw-map .jw-stage-name")).to_have_text([s.name for s in journey.stages])
    expect(page.locator(".jw-funnel")).to_be_visible()
    page.locator('.jw-funnel-stage[data-stage-id="consideration"]').click()  # the board's link, no kernel
    expect(page.locator(".jw-stage-header.jw-selected")).to_have_attribute("data-stage-id", "consideration")
    assert offline == []
    screenshot(page, "body", "nbconvert-quickstart")
