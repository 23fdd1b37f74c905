"""The README's demo command serves a page that renders, and the map follows JupyterLab's dark theme."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.e2e import servers
from tests.e2e.conftest import open_in_lab, screenshot, write_notebook
from tests.e2e.test_accessibility import axe_violations, describe
from tests.e2e.test_downloads import download


def test_journeywidgets_demo_serves_the_sample_map(page: Page, tmp_path: Path) -> None:
    port = servers.free_port()
    log = tmp_path / "demo.log"
    proc = servers.start(
        [str(servers.BIN / "journeywidgets"), "demo", "--no-browser", f"--port={port}"], cwd=tmp_path, log=log
    )
    try:
        servers.wait_port(port, proc, log)
        page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
        expect(page.locator(".jw-map")).to_be_visible(timeout=120_000)
        expect(page.locator(".jw-stage-name").first).to_have_text("Awareness")
        assert f"http://localhost:{port}/" in log.read_text()
    finally:
        servers.stop(proc)


def hex_rgb(color: str) -> str:
    """'#rrggbb' as 'rgb(r, g, b)', for _luminance."""
    return f"rgb({int(color[1:3], 16)}, {int(color[3:5], 16)}, {int(color[5:7], 16)})"


def _luminance(css_color: str) -> float:
    r, g, b = (int(v) for v in re.findall(r"\d+", css_color)[:3])
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255


@pytest.fixture
def dark_lab_url(notebook_root: Path, tmp_path: Path) -> Iterator[str]:
    # a copy of the notebooks: this Lab autosaves them, which must not touch the other servers' files
    root = tmp_path / "notebooks"
    shutil.copytree(notebook_root, root, ignore=shutil.ignore_patterns("*.log", "*.json"))
    notebook_root = root
    config = tmp_path / "config"
    theme = config / "settings" / "@jupyterlab" / "apputils-extension"
    theme.mkdir(parents=True)
    (theme / "themes.jupyterlab-settings").write_text(json.dumps({"theme": "JupyterLab Dark"}))
    write_notebook(root / "bound_map.ipynb", BOUND_MAP_NOTEBOOK)
    with servers.jupyter_server(servers.lab_argv, notebook_root, config, tmp_path / "lab.log", {}) as url:
        yield url


#: a bound map whose metric lane has targets met and missed, a retention metric and sparklines by week
BOUND_MAP_NOTEBOOK = [
    """import journeywidgets as jw

journey = jw.sample_journey()
journey.add_metric("Back within 2 weeks", id="back", kind="retention", events=["page_view"], window="14D", target=0.5)
binding = journey.bind(jw.sample_events(n_users=2000, seed=3))
jw.JourneyMap(journey, binding=binding, trend_period="W")"""
]


def test_map_follows_the_dark_theme(page: Page, dark_lab_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_in_lab(page, dark_lab_url, "map.ipynb")
    card = page.locator(".jw-card").first
    expect(card).to_be_visible(timeout=120_000)
    background = card.evaluate("e => getComputedStyle(e).backgroundColor")
    text = card.evaluate("e => getComputedStyle(e).color")
    assert _luminance(background) < 0.3, background
    assert _luminance(text) > 0.6, text
    screenshot(page, ".jw-map", "lab-map-dark")
    violations = axe_violations(page)  # contrast in the dark theme too
    assert not violations, describe(violations)
    # the Download pictures are light by default, whatever the page's theme, and dark when ticked
    first_fill = re.compile(rb'<rect[^>]*fill="(#[0-9a-fA-F]{6})"')
    _, light = download(page, "Download the map as SVG")
    page.locator(".jw-map .jw-dark-picture input").check()
    _, dark = download(page, "Download the map as SVG")
    light_fill, dark_fill = (first_fill.search(svg).group(1).decode() for svg in (light, dark))  # type: ignore[union-attr]
    assert _luminance(hex_rgb(light_fill)) > 0.9, light_fill
    assert _luminance(hex_rgb(dark_fill)) < 0.2, dark_fill
    page.get_by_role("button", name="Present").click()
    expect(page.locator(".jw-presenter-where")).to_have_text("Stage 1 of 5: Awareness")  # the deck starts there
    page.keyboard.press("ArrowRight")
    expect(page.locator(".jw-presenter-where")).to_have_text("Stage 2 of 5: Consideration")
    screenshot(page, ".jw-map", "lab-map-dark-present")


def test_a_bound_maps_numbers_read_in_the_dark_theme(page: Page, dark_lab_url: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_in_lab(page, dark_lab_url, "bound_map.ipynb")
    expect(page.locator(".jw-metric-bad dd").first).to_be_visible(timeout=120_000)
    expect(page.locator(".jw-metric-good dd").first).to_be_visible()
    expect(page.locator(".jw-sparkline").first).to_be_visible(timeout=60_000)
    assert page.locator('.jw-metric[data-metric-id="back"]').count() > 0
    page.locator(".jw-metric-cell").first.scroll_into_view_if_needed()
    screenshot(page, ".jw-map", "lab-bound-map-dark")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    # the green and red of targets met and missed against the cell's background (axe leaves some unjudged)
    for selector in (".jw-metric-good dd", ".jw-metric-bad dd"):
        text, ground = page.locator(selector).first.evaluate(_COLORS)
        assert _contrast(text, ground) >= 4.5, (selector, text, ground)


#: a text's colour and the first opaque background behind it, as computed
_COLORS = r"""e => {
  let node = e;
  let ground = "rgb(255, 255, 255)";
  while (node) {
    const color = getComputedStyle(node).backgroundColor;
    if (color && !/rgba\(.*, 0\)$|transparent/.test(color)) { ground = color; break; }
    node = node.parentElement;
  }
  return [getComputedStyle(e).color, ground];
}"""


def _channels(css_color: str) -> tuple[float, float, float]:
    """'rgb(r, g, b)' or Chromium's 'color(srgb r g b)' (what color-mix computes to) as 0-1 channels."""
    numbers = [float(v) for v in re.findall(r"[\d.]+", css_color)[:3]]
    scale = 1.0 if css_color.startswith("color(") else 255.0
    return numbers[0] / scale, numbers[1] / scale, numbers[2] / scale


def _contrast(first: str, second: str) -> float:
    """The WCAG contrast ratio of two CSS colours."""

    def luminance(css_color: str) -> float:
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in _channels(css_color)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)
