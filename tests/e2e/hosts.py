"""The pages the end-to-end tests drive: the editor notebook (a map whose journey saves itself after every
change, and a hook to run Python in its kernel) and the board notebook, each opened in Voila, JupyterLab or
Notebook 7. The `host` and `board` fixtures are registered for every e2e test by conftest.py."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import open_in_lab, open_in_notebook7, open_in_voila


def eventually(check: Callable[[], Any], timeout: float = 30, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        try:
            last = check()
        except (OSError, ValueError, KeyError, StopIteration):
            last = None
        if last:
            return last
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


class Host:
    """One page with the editor notebook open, in Voila or JupyterLab, and the kernel's journey."""

    def __init__(self, page: Page, sink: Path) -> None:
        self.page, self.sink, self.runs = page, sink, 0

    def journey(self) -> dict[str, Any]:
        return json.loads(self.sink.read_text("utf-8"))

    def card(self, text: str) -> dict[str, Any]:
        return next(c for c in self.journey()["cards"] if c["text"] == text)

    def python(self, code: str) -> None:
        """Run code in the kernel (through the notebook's hook) and wait until it has run."""
        self.runs += 1
        self.page.locator(".py-code textarea").fill(code)
        self.page.locator(".py-run").click()
        result = self.page.locator(".py-result")
        expect(result).to_contain_text(f"#{self.runs}", timeout=30_000)
        assert result.inner_text().startswith("ok"), result.inner_text()


@pytest.fixture(params=["voila", "lab", "notebook7"])
def host(request: pytest.FixtureRequest, page: Page, sink: Path) -> Host:
    page.set_viewport_size({"width": 1600, "height": 1100})
    url = request.getfixturevalue(f"{request.param}_url")
    sink.unlink(missing_ok=True)
    opener = {"voila": open_in_voila, "lab": open_in_lab, "notebook7": open_in_notebook7}[request.param]
    opener(page, url, "editor.ipynb")
    expect(page.locator(".jw-map")).to_be_visible(timeout=120_000)
    expect(page.locator(".py-run")).to_be_visible(timeout=60_000)
    eventually(sink.exists, what="the kernel's journey")
    return Host(page, sink)


def drag(page: Page, source: Any, target: Any) -> None:
    source.scroll_into_view_if_needed()
    box = source.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 3, box["y"] + box["height"] / 2)
    page.mouse.down()
    target.scroll_into_view_if_needed()
    goal = target.bounding_box()
    page.mouse.move(goal["x"] + goal["width"] / 2, goal["y"] + goal["height"] - 4, steps=12)
    page.mouse.up()


class Board(Host):
    def state(self) -> dict[str, Any]:
        return json.loads(Path(f"{self.sink}.board.json").read_text("utf-8"))

    def drawn_counts(self) -> list[int]:
        bars = self.page.locator(".jw-funnel .jw-funnel-fill")
        return [int(n) for n in bars.evaluate_all("(bars) => bars.map((b) => b.getAttribute('data-reached'))")]

    def reach_lane(self) -> list[float]:
        values = self.page.locator('.jw-metric[data-metric-id="reach"] dd')
        return [float(v) for v in values.evaluate_all("(dds) => dds.map((d) => d.dataset.value)")]


@pytest.fixture(params=["voila", "lab", "notebook7"])
def board(request: pytest.FixtureRequest, page: Page, sink: Path) -> Board:
    page.set_viewport_size({"width": 1600, "height": 1400})
    url = request.getfixturevalue(f"{request.param}_url")
    Path(f"{sink}.board.json").unlink(missing_ok=True)
    opener = {"voila": open_in_voila, "lab": open_in_lab, "notebook7": open_in_notebook7}[request.param]
    opener(page, url, "board.ipynb")
    expect(page.locator(".jw-funnel")).to_be_visible(timeout=120_000)
    expect(page.locator(".jw-map")).to_be_visible()
    expect(page.locator(".py-run")).to_be_visible(timeout=60_000)
    host = Board(page, sink)
    eventually(host.state, what="the kernel's report")
    host.kind = request.param  # type: ignore[attr-defined]
    return host
