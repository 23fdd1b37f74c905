"""The Download buttons in real Chromium: the map's SVG (drawn by Python, as ``to_svg``) and PNG, the
funnel's SVG (the chart as shown) from JupyterLab and Voila, and from the exported file with no network."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

from playwright.sync_api import Page

import journeywidgets as jw
from tests.e2e.conftest import ARTIFACTS, screenshot
from tests.e2e.hosts import Board
from tests.e2e.test_export import exported, offline, open_file  # noqa: F401 - fixtures

SVG = "{http://www.w3.org/2000/svg}"


def download(page: Page, button: str) -> tuple[str, bytes]:
    """Click the button named ``button``; the suggested file name and the bytes saved."""
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=button).first.click()
    saved = info.value
    return saved.suggested_filename, Path(saved.path()).read_bytes()


def words(svg: bytes) -> str:
    return " ".join(t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text"))


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def assert_map_picture(svg: bytes, journey: jw.Journey) -> None:
    shown = words(svg)
    for card in journey.cards:
        for word in card.text.split():
            assert word in shown, word
    for index, stage in enumerate(journey.stages):
        assert f"{index + 1}. {stage.name}" in shown


def test_the_map_and_the_funnel_download_as_svg_and_png(board: Board) -> None:
    page, journey = board.page, jw.sample_journey()
    name, svg = download(page, "Download the map as SVG")
    stem = re.sub(r"[^a-z0-9]+", "-", journey.title.lower()).strip("-")  # the journey's title, file-safe
    assert name == f"{stem}.svg"
    assert_map_picture(svg, journey)
    root = ET.fromstring(svg)
    width, height = int(root.get("width", "0")), int(root.get("height", "0"))
    reach = next(iter(board.state()["reach_metric"]["all"].values()))
    assert f"{reach:,.0f}" in words(svg)  # the numbers the map shows
    name, png = download(page, "Download the map as PNG")
    assert name == f"{stem}.png" and png_size(png) == (2 * width, 2 * height)

    name, funnel = download(page, "Download the funnel as SVG")
    assert name.endswith(".svg") and name.startswith(("funnel", "online-shop"))
    chart = ET.fromstring(funnel)
    drawn = [int(r.get("data-reached", "-1")) for r in chart.iter(f"{SVG}rect") if r.get("data-reached")]
    assert drawn == board.state()["reached"]["all"]
    for stage in journey.stages:
        assert stage.name in words(funnel)
    _, funnel_png = download(page, "Download the funnel as PNG")
    assert png_size(funnel_png)[0] >= 2 * int(float(chart.get("width", "0")))
    # the files as a user gets them, and the buttons where they sit, kept to look at
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"{board.kind}-download-map.png").write_bytes(png)  # type: ignore[attr-defined]
    (ARTIFACTS / f"{board.kind}-download-funnel.png").write_bytes(funnel_png)  # type: ignore[attr-defined]
    screenshot(page, ".jw-map .jw-header", f"{board.kind}-map-toolbar")  # type: ignore[attr-defined]
    screenshot(page, ".jw-funnel-header", f"{board.kind}-funnel-header")  # type: ignore[attr-defined]


def test_the_exported_file_downloads_with_no_network(
    page: Page,
    exported: tuple[Path, jw.Journey, jw.Binding],  # noqa: F811
    offline: list[str],  # noqa: F811
) -> None:
    path, journey, _binding = exported
    open_file(page, path)
    page.locator(".jw-map .jw-header button", has_text="Map").click()  # the file opens presenting
    _, svg = download(page, "Download the map as SVG")
    assert_map_picture(svg, journey)
    assert "<img" not in svg.decode("utf-8")
    _, png = download(page, "Download the map as PNG")
    assert png_size(png)[0] > 0
    _, funnel = download(page, "Download the funnel as SVG")
    assert journey.stages[0].name in words(funnel)
    assert offline == []
