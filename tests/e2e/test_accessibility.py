"""axe-core (the npm package, injected into the page) on the map, the funnel and the persona cards of a
board, and on the map presenting, in JupyterLab and Voila, light theme: no serious or critical violation.

Only our views are checked (each `.jw-root`), against WCAG 2.0-2.2 A and AA rules and axe's best practices.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.hosts import Board

AXE = Path(__file__).resolve().parents[2] / "js" / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """The serious and critical violations axe finds in our views, each with the elements it names."""
    assert AXE.exists(), f"axe-core is missing at {AXE}: run 'npm ci' in js/"
    # colours are read as drawn: a fade still running (presenting dims the other stages over 0.2 s) would be
    # measured halfway, on a loaded machine too; wait until no transition or animation runs
    page.wait_for_function("() => document.getAnimations().every((a) => a.playState !== 'running')")
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async (tags) => {
            const found = await axe.run({ include: [[".jw-root"]] }, { runOnly: { type: "tag", values: tags } });
            return found.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 5).map((n) => [n.target.join(" "), n.failureSummary]) }));
        }""",
        TAGS,
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def describe(violations: list[dict[str, Any]]) -> str:
    return "\n".join(f"{v['id']} ({v['impact']}): {v['help']}\n    {v['nodes']}" for v in violations)


@pytest.mark.parametrize("board", ["voila", "lab"], indirect=True)
def test_the_board_has_no_serious_accessibility_violation(board: Board) -> None:
    page = board.page
    expect(page.locator(".jw-persona-card").first).to_be_visible()
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.locator(".jw-map").get_by_role("button", name="Present").click()
    expect(page.locator(".jw-presenter-bar")).to_be_visible()
    page.keyboard.press("n")
    violations = axe_violations(page)
    assert not violations, "presenting:\n" + describe(violations)
