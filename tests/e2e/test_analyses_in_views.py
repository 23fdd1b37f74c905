"""The analyses in the views, in real Chromium against Voila: selecting a stage in the funnel shows its
time-to-convert histogram and the paths of the users who left it (Python's numbers), and the map's
"Suggest from data" adds cards that name their numbers, in one undo step."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.hosts import Board, eventually


@pytest.mark.parametrize("board", ["voila"], indirect=True)
def test_a_selected_stage_shows_its_time_to_convert_and_paths(board: Board) -> None:
    page = board.page
    page.locator('.jw-funnel-stage[data-stage-id="consideration"]').click()
    detail = eventually(
        lambda: board.state()["stage_detail"].get("paths") and board.state()["stage_detail"], what="the detail"
    )
    analysis = page.locator('.jw-stage-analysis[data-stage-id="consideration"]')
    bars = analysis.locator(".jw-ttc-bar")
    expect(bars).to_have_count(len(detail["time_to_convert"]["bins"]))
    drawn = [int(n) for n in bars.evaluate_all("(bars) => bars.map((b) => b.dataset.users)")]
    assert drawn == [b["users"] for b in detail["time_to_convert"]["bins"]], "the page draws Python's histogram"
    expect(analysis.locator("figcaption")).to_contain_text(f"{detail['time_to_convert']['users']:,} users")
    expect(analysis).to_contain_text("What the users who left at Consideration did next")
    rows = analysis.locator(".jw-path")
    expect(rows).to_have_count(len(detail["paths"]["rows"]))
    first = detail["paths"]["rows"][0]
    expect(rows.first).to_contain_text(f"{first['users']:,} (")
    expect(analysis).not_to_have_attribute("aria-busy", "true")
    page.set_viewport_size({"width": 1600, "height": 2600})
    screenshot(page, ".jw-funnel", "voila-funnel-stage-analysis")
    # another stage: its own numbers replace them
    page.locator('.jw-funnel-stage[data-stage-id="purchase"]').click()
    eventually(lambda: board.state()["stage_detail"].get("stage") == "purchase", what="Purchase's detail")
    expect(page.locator('.jw-stage-analysis[data-stage-id="purchase"] .jw-path').first).to_be_visible()


@pytest.mark.parametrize("board", ["voila"], indirect=True)
def test_suggest_from_data_adds_cards_that_name_their_numbers(board: Board) -> None:
    page = board.page
    before = {card["id"] for card in board.state()["cards"]}
    page.get_by_role("button", name="Suggest from data").click()
    toast = page.locator(".jw-undo-toast")
    expect(toast).to_contain_text(re.compile(r"Added \d+ cards? from data\."))
    added = eventually(
        lambda: [c for c in board.state()["cards"] if c["id"] not in before], what="the suggested cards in Python"
    )
    assert all(c["evidence"] == "data" and "data" in c["tags"] for c in added)
    assert all(re.search(r"\d", c["text"]) for c in added), "every card names its numbers"
    count = int(re.search(r"Added (\d+)", toast.inner_text()).group(1))  # type: ignore[union-attr]
    assert count == len(added)
    for card in added:
        expect(page.locator(f'.jw-card[data-card-id="{card["id"]}"]')).to_contain_text(card["text"].split("\n")[0])
    screenshot(page, ".jw-map", "voila-map-suggested-cards")
    # asking again adds nothing new; Undo takes the suggestion back in one step
    page.get_by_role("button", name="Suggest from data").click()
    expect(page.locator(".jw-toast[role=status]", has_text="No new findings")).to_be_visible()
    toast.get_by_role("button", name="Undo").click()
    eventually(lambda: {c["id"] for c in board.state()["cards"]} == before, what="the cards taken back")


@pytest.mark.parametrize("board", ["voila"], indirect=True)
def test_the_funnel_over_time_draws_pythons_conversion_per_week_and_month(board: Board) -> None:
    page = board.page
    funnel = page.locator(".jw-funnel")
    funnel.locator('[aria-label="Chart"]').get_by_role("button", name="Over time").click()
    trend = eventually(lambda: board.state()["trend"].get("stages") and board.state()["trend"], what="the trend")
    assert trend["period"] == "W"
    expect(funnel.locator(".jw-trend-stage")).to_have_count(len(trend["stages"]) - 1)
    expect(funnel.locator(".jw-trend-table tbody tr")).to_have_count(len(trend["periods"]))
    first = trend["stages"][1]
    drawn = funnel.locator(f'.jw-trend-stage[data-stage-id="{first["id"]}"] circle')
    expect(drawn).to_have_count(sum(rate is not None for rate in first["conv_from_first"]))
    funnel.locator(".jw-trend-table summary").click()
    screenshot(page, ".jw-funnel", "voila-funnel-over-time")
    funnel.locator('[aria-label="Entry period"]').get_by_role("button", name="Month").click()

    def monthly() -> dict | None:
        trend = board.state()["trend"]
        return trend if trend.get("period") == "M" and "periods" in trend else None

    months = eventually(monthly, what="the trend per month")
    expect(funnel.locator(".jw-trend-table tbody tr")).to_have_count(len(months["periods"]))


@pytest.mark.parametrize("board", ["voila"], indirect=True)
def test_the_path_view_follows_the_selected_stage_and_walks_with_the_keyboard(board: Board) -> None:
    page = board.page
    view = page.locator(".jw-paths")
    expect(view).to_contain_text("Select a stage")
    page.locator('.jw-funnel-stage[data-stage-id="consideration"]').click()

    def flows() -> dict | None:
        state = board.state()
        found = state["flows"]
        return found if found.get("stage") == "consideration" and "columns" in found else None

    drawn = eventually(flows, what="the flows after Consideration")
    assert board.state()["paths_stage"] == "consideration", "the funnel's selection reached the path view"
    nodes = view.locator(".jw-sankey-node")
    expect(nodes).to_have_count(sum(len(column) for column in drawn["columns"]))
    expect(view.locator(".jw-sankey-link")).to_have_count(len(drawn["links"]))
    expect(view.locator("h3")).to_have_text("What users did after Consideration")
    stage = view.locator('.jw-sankey-node[data-node-id="0:Consideration"]')
    stage.focus()
    page.keyboard.press("ArrowRight")
    widest = max(
        (link for link in drawn["links"] if link["source"] == "0:Consideration"), key=lambda link: link["users"]
    )
    expect(view.locator(f'.jw-sankey-node[data-node-id="{widest["target"]}"]')).to_be_focused()
    page.keyboard.press("Enter")
    expect(view.locator(".jw-sankey-link.jw-lit")).not_to_have_count(0)
    expect(view.locator(".jw-path-focus")).to_contain_text(f"{widest['users']:,} users")
    screenshot(page, ".jw-paths", "voila-path-view")
    view.locator('[aria-label="Direction"]').get_by_role("button", name="Before").click()
    eventually(lambda: board.state()["flows"].get("direction") == "before" and "columns" in board.state()["flows"],
               what="the paths before")  # fmt: skip
    expect(view.locator("h3")).to_have_text("What users did before Consideration")
