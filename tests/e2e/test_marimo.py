"""marimo (#15): the map and the funnel as `mo.ui.anywidget`s in a real `marimo run` server, in Chromium.

They render, a card edited in the page reaches Python's journey (saved to a file on every change), a stage
selected in the funnel brings back its analysis computed by Python, and marimo's reactivity sees the traits
the page set (a cell showing the funnel's `selected_stage` re-runs).
"""

from __future__ import annotations

import json
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

import journeywidgets as jw
from tests.e2e import servers
from tests.e2e.conftest import screenshot
from tests.e2e.test_downloads import assert_map_picture, download, png_size

pytest.importorskip("marimo")

APP = """
import marimo

app = marimo.App(width="full")


@app.cell
def _():
    import os

    import marimo as mo

    import journeywidgets as jw

    journey = jw.sample_journey()
    SINK = os.environ["JW_E2E_SINK"]
    journey.observe(lambda change: journey.save(SINK))
    journey.save(SINK)  # each session (page load) starts from the sample journey
    binding = journey.bind(jw.sample_events(n_users=800, seed=5))
    journey_map = mo.ui.anywidget(jw.JourneyMap(journey, binding=binding))
    journey_map
    return binding, journey, jw, mo


@app.cell
def _(binding, jw, mo):
    funnel = mo.ui.anywidget(jw.FunnelView(binding))
    funnel
    return (funnel,)


@app.cell
def _(funnel, mo):
    mo.md(f"Selected in the funnel: **{funnel.value.get('selected_stage')}**")
    return
"""


@pytest.fixture(scope="module")
def marimo_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    root = tmp_path_factory.mktemp("marimo")
    (root / "app.py").write_text(textwrap.dedent(APP), "utf-8")
    sink = root / "sink.journey.json"
    port = servers.free_port()
    log = root / "marimo.log"
    argv = [str(servers.BIN / "marimo"), "run", "app.py", "--headless", "--no-token", "--port", str(port)]
    proc = servers.start(argv, cwd=root, log=log, env={"JW_E2E_SINK": str(sink)})
    try:
        servers.wait_port(port, proc, log)
        yield f"http://127.0.0.1:{port}/", sink
    finally:
        servers.stop(proc)


def _saved_texts(sink: Path) -> list[str]:
    if not sink.exists():
        return []
    return [card["text"] for card in json.loads(sink.read_text("utf-8"))["cards"]]


def test_the_map_and_funnel_render_edit_and_sync_in_marimo(page: Page, marimo_app: tuple[str, Path]) -> None:
    url, sink = marimo_app
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(url, timeout=120_000)
    expect(page.locator(".jw-map .jw-stage-name").first).to_have_text("Awareness", timeout=120_000)
    expect(page.locator(".jw-funnel .jw-funnel-fill").first).to_be_visible(timeout=60_000)
    # an edit typed in the page reaches Python's journey
    page.locator(".jw-card", has_text="Instagram story ad").dblclick()
    editor = page.locator(".jw-card-input")
    editor.fill("Instagram reel ad")
    editor.press("Enter")
    deadline = time.monotonic() + 30
    while "Instagram reel ad" not in _saved_texts(sink) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert "Instagram reel ad" in _saved_texts(sink)
    expect(page.locator(".jw-card-text", has_text="Instagram reel ad")).to_have_count(1)
    # a stage selected in the funnel: Python computes its analysis, and marimo's cell reading the trait re-runs
    page.locator('.jw-funnel-stage[data-stage-id="purchase"]').click()
    expect(page.locator(".jw-stage-analysis").first).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Selected in the funnel: purchase")).to_be_visible(timeout=30_000)
    screenshot(page, "body", "marimo-map-and-funnel", full_page=True)


def test_the_maps_downloads_work_in_marimo(page: Page, marimo_app: tuple[str, Path]) -> None:
    url, sink = marimo_app
    page.set_viewport_size({"width": 1400, "height": 1600})
    page.goto(url, timeout=120_000)
    expect(page.locator(".jw-map .jw-stage-name").first).to_have_text("Awareness", timeout=120_000)
    name, svg = download(page, "Download the map as SVG")  # drawn by Python, asked for with a message
    assert name.endswith(".svg")
    saved = jw.Journey.from_json(sink.read_text("utf-8")) if sink.exists() else jw.sample_journey()
    assert_map_picture(svg, saved)  # every card's text (as Python has the journey: edits included)
    _, png = download(page, "Download the map as PNG")
    assert png_size(png)[0] > 0
