"""The linked board in real Chromium against JupyterLab, Jupyter Notebook 7 and Voila: the funnel's numbers
are Python's, a clicked stage reaches Python and the map, appended rows update the page, a persona switch
changes the funnel and the map's metric lanes."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from tests.e2e.hosts import Board, eventually


def test_the_funnel_draws_pythons_numbers_and_a_clicked_stage_reaches_python_and_the_map(board: Board) -> None:
    page = board.page
    assert board.drawn_counts() == board.state()["reached"]["all"]
    assert board.reach_lane() == [float(n) for n in board.state()["reach_metric"]["all"].values()]
    page.locator('.jw-funnel-stage[data-stage-id="purchase"]').click()
    eventually(lambda: board.state()["funnel_stage"] == "purchase", what="selected_stage in Python")
    assert board.state()["map_stage"] == "purchase"
    expect(page.locator('.jw-stage-header[data-stage-id="purchase"]')).to_have_class("jw-stage-header jw-selected")
    expect(page.locator(".jw-funnel-details")).to_contain_text("3. Purchase")
    page.set_viewport_size({"width": 1600, "height": 2600})  # the whole board in view, for the picture
    screenshot(page, ".jw-board", f"{board.kind}-board")  # type: ignore[attr-defined]
    # and back: selecting a stage on the map highlights it in the funnel
    page.locator('.jw-stage-header[data-stage-id="experience"]').focus()
    expect(page.locator('.jw-funnel-stage[data-stage-id="experience"]')).to_have_attribute("aria-pressed", "true")
    eventually(lambda: board.state()["funnel_stage"] == "experience", what="the map's selection in Python")


def test_appended_rows_update_the_numbers_in_the_page(board: Board) -> None:
    before = board.state()
    board.python("binding.append(later_rows)")
    eventually(lambda: board.state()["revision"] > before["revision"], what="the recomputation")
    after = board.state()["reached"]["all"]
    assert after != before["reached"]["all"]
    eventually(lambda: board.drawn_counts() == after, what="the new numbers in the funnel")
    expected_lane = [float(n) for n in board.state()["reach_metric"]["all"].values()]
    eventually(lambda: board.reach_lane() == expected_lane, what="the new numbers in the metric lane")


def test_switching_persona_changes_the_funnel_and_the_metric_lanes(board: Board) -> None:
    page = board.page
    state = board.state()
    page.locator(".jw-funnel .jw-chip", has_text="Raj, the deal hunter").click()
    eventually(lambda: board.drawn_counts() == state["reached"]["raj"], what="Raj's funnel")
    raj_lane = [float(n) for n in state["reach_metric"]["raj"].values()]
    eventually(lambda: board.reach_lane() == raj_lane, what="Raj's numbers in the metric lane")
    expect(page.locator(".jw-map .jw-persona-switcher select")).to_have_value("raj")
    expect(page.locator('.jw-persona-card[data-persona-id="raj"]')).to_have_class("jw-persona-card jw-chosen")
    eventually(lambda: board.state()["map_persona"] == "raj", what="the persona in Python")
    # the map's switcher drives the funnel too
    page.locator(".jw-map .jw-persona-switcher select").select_option(label="All users")
    eventually(lambda: board.drawn_counts() == state["reached"]["all"], what="all users' funnel")
    eventually(lambda: board.state()["funnel_persona"] is None, what="no persona in Python")


def test_presentation_mode_walks_the_stages_with_the_keyboard_and_the_funnel_follows(board: Board) -> None:
    page = board.page
    page.locator(".jw-map").get_by_role("button", name="Present").click()
    expect(page.locator(".jw-map")).to_have_class("jw-map jw-presenting jw-has-current")
    expect(page.locator(".jw-map .jw-add-card")).to_have_count(0)  # read-only while presenting
    expect(page.locator(".jw-presenter-where")).to_have_text("Stage 1 of 5: Awareness")  # the deck starts there
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    expect(page.locator(".jw-presenter-where")).to_have_text("Stage 3 of 5: Purchase")
    expect(page.locator(".jw-stage-header.jw-selected")).to_have_attribute("data-stage-id", "purchase")
    # the other stages step back in grey (still readable), their headers stay opaque (nothing shows through)
    awareness = page.locator('.jw-stage-header[data-stage-id="awareness"]')
    expect(awareness.locator(".jw-stage-name")).to_have_css("filter", "grayscale(1)")
    expect(page.locator('.jw-stage-header[data-stage-id="purchase"] .jw-stage-name')).to_have_css("filter", "none")
    expect(awareness).to_have_css("opacity", "1")
    expect(page.locator('.jw-funnel-stage[data-stage-id="purchase"]')).to_have_attribute("aria-pressed", "true")
    eventually(lambda: board.state()["map_stage"] == "purchase", what="the current stage in Python")
    page.keyboard.press("ArrowLeft")
    expect(page.locator(".jw-presenter-where")).to_have_text("Stage 2 of 5: Consideration")
    page.keyboard.press("n")
    expect(page.locator(".jw-speaker-notes")).to_contain_text("delivery costs appear too late")
    page.set_viewport_size({"width": 1600, "height": 2600})
    screenshot(page, ".jw-map", f"{board.kind}-map-present")  # type: ignore[attr-defined]


# Hold every funnel the binding's worker thread computes until the test lets it go (a gate, not a slow log, so
# the test does not depend on timing); the kernel's own thread is not held.
HOLD_THE_WORKER = """import threading
from journeywidgets.data import binding_numbers
gate = threading.Event()
_real_funnel = binding_numbers.funnel
def _held_funnel(*args, **kwargs):
    if threading.current_thread().name.startswith("journeywidgets-recompute"):
        gate.wait(120)
    return _real_funnel(*args, **kwargs)
binding_numbers.funnel = _held_funnel
binding.append(later_rows)"""


def test_a_recompute_runs_beside_the_kernel_shown_busy_while_edits_still_apply(board: Board) -> None:
    page = board.page
    before = board.state()
    try:
        board.python(HOLD_THE_WORKER)  # returns at once: the numbers are computed on the worker thread
        funnel_bar = page.locator(".jw-funnel .jw-busy[role=progressbar]")
        expect(funnel_bar).to_be_visible()
        expect(page.locator(".jw-funnel")).to_have_attribute("aria-busy", "true")
        expect(page.locator(".jw-map .jw-busy[role=progressbar]")).to_be_visible()
        expect(page.locator('.jw-map [data-lane-kind="metric"][role=row]').first).to_have_attribute("aria-busy", "true")
        assert board.drawn_counts() == before["reached"]["all"], "the old numbers stay drawn, never a blank"
        # the kernel is free: a browser edit is applied, and code runs, while the numbers are computed
        page.get_by_role("button", name="Add a card to Thoughts in Purchase", exact=True).click()
        editor = page.locator(".jw-card-input")
        editor.fill("typed while busy")
        editor.press("Enter")
        cards = Path(f"{board.sink}.cards.json")

        def cards_in_python() -> list[str]:
            board.python(f"open({str(cards)!r}, 'w').write(json.dumps([c.text for c in journey.cards]))")
            return json.loads(cards.read_text("utf-8"))

        eventually(lambda: "typed while busy" in cards_in_python(), what="the card in Python while busy")
        expect(funnel_bar).to_be_visible()  # still computing: all of that ran beside it
        page.set_viewport_size({"width": 1600, "height": 2600})
        screenshot(page, ".jw-board", f"{board.kind}-board-busy")  # type: ignore[attr-defined]
    finally:
        board.python("gate.set(); binding_numbers.funnel = _real_funnel")
    expect(funnel_bar).to_have_count(0)
    expect(page.locator(".jw-funnel")).not_to_have_attribute("aria-busy", "true")
    eventually(lambda: board.state()["revision"] > before["revision"], what="the recomputation")
    after = board.state()["reached"]["all"]
    assert after != before["reached"]["all"]
    eventually(lambda: board.drawn_counts() == after, what="the new numbers in the funnel")
