"""The map as a workshop uses it, in real Chromium against JupyterLab, Notebook 7 and Voila: a mouse drag
into an empty cell, naming the first stage of an empty journey by typing, a keyboard-only session with the
focus asserted after each step, a 12-stage presentation that keeps the current stage in view, and the
sticky head staying aligned while the map scrolls."""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import Page, expect

from tests.e2e.conftest import screenshot
from tests.e2e.hosts import Host, drag, eventually

EMPTY_THE_JOURNEY = """for s in list(journey.stages): journey.remove_stage(s.id)
for l in list(journey.lanes): journey.remove_lane(l.id)"""


def host_name(page: Page) -> str:
    """voila, lab or notebook7, from the page's address (for the artifacts' names)."""
    url = page.url
    return "voila" if "/voila/" in url else "lab" if "/lab/" in url else "notebook7"


def focused(page: Page) -> dict[str, Any]:
    """What has the keyboard focus: its classes and data attributes, or its tag."""
    return page.evaluate(
        """() => { const el = document.activeElement;
            return { tag: el.tagName, cls: el.className, data: { ...el.dataset },
                     text: (el.value ?? el.textContent ?? '').trim() }; }"""
    )


def test_a_mouse_drag_into_an_empty_cell_moves_the_card_in_python(host: Host) -> None:
    page = host.page
    card = page.locator(".jw-card", has_text="Scrolls social media on the commute")
    empty = page.locator('.jw-cell[data-lane-id="backstage"][data-stage-id="advocacy"]')
    assert empty.locator(".jw-card").count() == 0, "the target cell starts empty"
    drag(page, card, empty)
    eventually(
        lambda: (
            host.card("Scrolls social media on the commute")["lane_id"] == "backstage"
            and host.card("Scrolls social media on the commute")["stage_id"] == "advocacy"
        ),
        what="the card in Backstage x Advocacy in Python",
    )
    expect(empty.locator(".jw-card-text")).to_have_text(["Scrolls social media on the commute"])


def test_a_card_colour_chosen_by_mouse_and_by_keyboard_reaches_python(host: Host) -> None:
    page = host.page
    text = "Scrolls social media on the commute"
    card = page.locator(".jw-card", has_text=text)
    card.click()
    card.locator(".jw-color-button").click()
    card.get_by_role("button", name="Green").click()
    eventually(lambda: host.card(text)["color"] == "#27ae60", what="the green card in Python")
    expect(card).to_have_class(re.compile(r"\bjw-colored\b"))
    card.focus()
    page.keyboard.press("k")  # the next colour after green: blue
    eventually(lambda: host.card(text)["color"] == "#2d9cdb", what="the blue card in Python")
    assert focused(page)["data"].get("cardId") == host.card(text)["id"], "the focus stays on the card"
    page.keyboard.press("Control+z")
    eventually(lambda: host.card(text)["color"] == "#27ae60", what="the colour undone in Python")


def test_the_first_stage_of_an_empty_journey_is_named_by_typing(host: Host) -> None:
    page = host.page
    host.python(EMPTY_THE_JOURNEY)
    expect(page.locator(".jw-empty")).to_contain_text("no stages yet")
    page.get_by_role("button", name="+ Stage").click()
    page.keyboard.type("Discover")
    page.keyboard.press("Enter")
    eventually(lambda: [s["name"] for s in host.journey()["stages"]] == ["Discover"], what="the stage in Python")
    assert focused(page)["data"].get("stageId"), "the focus is back on the stage's header"
    page.get_by_role("button", name="+ Lane").click()
    page.keyboard.type("Doing")
    page.keyboard.press("Enter")
    eventually(lambda: [lane["name"] for lane in host.journey()["lanes"]] == ["Doing"], what="the lane in Python")
    assert [s["name"] for s in host.journey()["stages"]] == ["Discover"], "no second stage"


def test_keyboard_only_build_move_delete_undo_rename_and_move(host: Host) -> None:
    page = host.page
    host.python(EMPTY_THE_JOURNEY)
    # a 2 x 2 map: two stages and two lanes, named as they are added
    for button, name in [("+ Stage", "Look"), ("+ Stage", "Buy"), ("+ Lane", "Doing"), ("+ Lane", "Pains")]:
        page.get_by_role("button", name=button).focus()
        page.keyboard.press("Enter")
        page.keyboard.type(name)
        page.keyboard.press("Enter")
    eventually(lambda: len(host.journey()["stages"]) == 2 and len(host.journey()["lanes"]) == 2, what="2 x 2")
    doc = host.journey()
    look, buy = (s["id"] for s in doc["stages"])
    doing = doc["lanes"][0]["id"]
    assert focused(page)["data"].get("laneId") == doc["lanes"][1]["id"], "focus on the lane just named"

    # into the grid: Pains' header -> Up to Doing -> Right into the Doing x Look cell; Enter adds a card
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowRight")
    cell = {"stageId": look, "laneId": doing, "dropLane": doing, "dropStage": look, "dropStep": ""}
    assert focused(page)["data"] == cell
    page.keyboard.press("Enter")
    expect(page.locator(".jw-card-input")).to_be_focused()
    page.keyboard.type("Reads reviews")
    page.keyboard.press("Enter")
    eventually(lambda: [c["text"] for c in host.journey()["cards"]] == ["Reads reviews"], what="the card")
    assert "jw-card" in focused(page)["cls"]

    # move it one stage right: Space, ArrowRight, Space; the focus follows the card
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    eventually(lambda: host.journey()["cards"][0]["stage_id"] == buy, what="the card in Buy")
    expect(page.locator(f'.jw-cell[data-stage-id="{buy}"] .jw-card')).to_be_focused()

    # delete it (the focus goes to its cell), then undo from the keyboard
    page.keyboard.press("Delete")
    eventually(lambda: host.journey()["cards"] == [], what="the card deleted")
    expect(page.locator(".jw-undo-toast")).to_contain_text('Card "Reads reviews" deleted.')
    assert focused(page)["data"].get("dropStage") == buy, "focus on the emptied cell"
    page.keyboard.press("Control+z")
    eventually(lambda: [c["text"] for c in host.journey()["cards"]] == ["Reads reviews"], what="the card back")

    # rename the first stage with F2, then move it right with Space and the arrow
    page.locator(f'.jw-stage-header[data-stage-id="{look}"]').focus()
    page.keyboard.press("F2")
    page.keyboard.press("Control+a")
    page.keyboard.type("Explore")
    page.keyboard.press("Enter")
    eventually(lambda: host.journey()["stages"][0]["name"] == "Explore", what="the rename")
    assert focused(page)["data"].get("stageId") == look, "focus back on the renamed stage"
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    eventually(lambda: [s["id"] for s in host.journey()["stages"]] == [buy, look], what="the stage moved")
    assert focused(page)["data"].get("stageId") == look, "focus stays on the moved stage"
    # one tab stop in the grid
    assert page.locator(".jw-grid [tabindex='0']:not(select)").count() == 1


def test_presenting_a_12_stage_map_keeps_each_current_stage_in_view(host: Host) -> None:
    page = host.page
    page.set_viewport_size({"width": 1400, "height": 900})
    host.python("\n".join(f"journey.add_stage('Extra stage {i}', goal='Goal {i}')" for i in range(1, 8)))
    expect(page.locator(".jw-stage-header")).to_have_count(12)
    scroller = page.locator(".jw-scroll")
    scroller.evaluate("el => el.scrollTo(400, 300)")  # the deck must start at the top anyway
    page.get_by_role("button", name="Present").click()
    where = page.locator(".jw-presenter-where")
    expect(where).to_have_text("Stage 1 of 12: Awareness")
    assert scroller.evaluate("el => [el.scrollLeft, el.scrollTop]") == [0, 0]
    for index in range(12):
        if index:
            page.keyboard.press("ArrowRight")
        expect(where).to_contain_text(f"Stage {index + 1} of 12")
        current = page.locator(".jw-stage-header.jw-selected")
        eventually(
            lambda current=current: inside(scroller.bounding_box(), current.bounding_box(), page),
            what=f"stage {index + 1} inside the visible area",
            timeout=5,
        )
    screenshot(page, ".jw-map", f"present-12-stages-last-{host_name(page)}")


def inside(view: Any, box: Any, page: Page) -> bool:
    """The box lies within the view (horizontally, right of the sticky lane names) and the window."""
    lanes = page.locator(".jw-corner").first.bounding_box()
    width = page.viewport_size["width"] if page.viewport_size else 1400
    return (
        box["x"] >= view["x"] + lanes["width"] - 1
        and box["x"] + box["width"] <= min(view["x"] + view["width"], width) + 1
    )


def test_the_sticky_head_stays_aligned_while_the_map_scrolls(host: Host) -> None:
    page = host.page
    page.set_viewport_size({"width": 1400, "height": 700})
    scroller = page.locator(".jw-scroll")
    scroller.evaluate("el => el.scrollTo(0, 600)")
    page.wait_for_timeout(100)
    goals = page.locator(".jw-stage-goal")
    steps = page.locator(".jw-step-header[data-step-id]")
    lowest_goal = max(g["y"] + g["height"] for g in (goals.nth(i).bounding_box() for i in range(goals.count())))
    highest_step = min(s["y"] for s in (steps.nth(i).bounding_box() for i in range(steps.count())))
    assert highest_step >= lowest_goal - 0.5, f"the step row ({highest_step}) overlaps the goals ({lowest_goal})"
    head = page.locator(".jw-head").bounding_box()
    assert abs(head["y"] - scroller.bounding_box()["y"]) < 2, "the head stays at the top of the map"
    screenshot(page, ".jw-map", f"map-scrolled-sticky-head-{host_name(page)}")


def test_a_persona_added_and_deleted_in_the_browser_reaches_python(host: Host) -> None:
    page = host.page
    before = [p["id"] for p in host.journey()["personas"]]
    page.locator(".jw-map .jw-toolbar").get_by_role("button", name="+ Persona").click()
    name = page.locator(".jw-persona-panel input").first
    expect(name).to_be_focused()
    name.fill("Sam, the night owl")
    name.press("Tab")
    eventually(
        lambda: [p["name"] for p in host.journey()["personas"]][-1] == "Sam, the night owl",
        what="the new persona in Python",
    )
    expect(page.locator(".jw-persona-header .jw-avatar")).to_have_text("S")
    page.get_by_role("button", name="Delete persona").click()
    eventually(lambda: [p["id"] for p in host.journey()["personas"]] == before, what="the persona deleted")
    expect(page.locator(".jw-undo-toast")).to_contain_text('Persona "Sam, the night owl" deleted.')


def test_a_300_card_map_in_compact_mode(host: Host) -> None:
    page = host.page
    page.set_viewport_size({"width": 1400, "height": 1000})
    host.python(
        """import itertools
for i in range(1, 8):
    journey.add_stage(f"Stage {i + 5}", goal=f"Goal of stage {i + 5}")
with journey.batch():
    cells = itertools.cycle([(s.id, l.id) for s in journey.stages for l in journey.lanes
                             if l.kind not in ("emotion", "metric")])
    while len(journey.cards) < 300:
        stage, lane = next(cells)
        journey.add_card(stage=stage, lane=lane, text=f"Card {len(journey.cards) + 1} about this step")"""
    )
    expect(page.locator(".jw-card")).to_have_count(300, timeout=60_000)
    page.get_by_role("button", name="Compact").click()
    button_size = "e => getComputedStyle(e).fontSize"
    toolbar_button = page.locator(".jw-map .jw-toolbar .jw-button").first
    before = toolbar_button.evaluate(button_size)
    page.get_by_role("button", name="Fit").click()
    expect(page.locator(".jw-map")).to_have_class(re.compile(r"\bjw-compact\b"))
    expect(page.locator(".jw-zoom")).not_to_have_text("100%")
    # Fit leaves the toolbar at full size and the text readable
    assert toolbar_button.evaluate(button_size) == before
    size = float(page.locator(".jw-card-text").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    assert size >= 8.9, f"card text at {size}px"
    page.locator(".jw-find-input").fill("Card 250")
    expect(page.locator(".jw-find-count")).to_have_text("1 card")
    expect(page.locator(".jw-card.jw-match")).to_have_count(1)
    screenshot(page, ".jw-map", f"map-300-cards-compact-{host_name(page)}")
