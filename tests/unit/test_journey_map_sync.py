"""Browser edits reach Python as operations: applied through journey.apply, acknowledged, or rejected."""

from __future__ import annotations

import asyncio
import concurrent.futures
from typing import Any

import pytest

import journeywidgets as jw
from journeywidgets.widgets import document_sync as document_sync_module
from journeywidgets.widgets.document_sync import FULL_SYNC_DELAY


class Browser:
    """Plays the browser side of one view: sends edit messages, records what Python sends back."""

    def __init__(self, view: jw.JourneyMap, client: str = "view-1") -> None:
        self.view, self.client, self.seq = view, client, 0
        self.received: list[dict[str, Any]] = []
        view.send = lambda content, _buffers=None: self.received.append(content)  # type: ignore[method-assign]

    def edit(self, op: dict[str, Any] | None = None, action: str | None = None) -> None:
        self.seq += 1
        message: dict[str, Any] = {"type": "edit", "client": self.client, "seq": self.seq, "base_revision": 0}
        message.update({"op": op} if op is not None else {"action": action})
        self.view._on_browser_message(self.view, message, [])


@pytest.fixture
def view(journey: jw.Journey) -> jw.JourneyMap:
    return jw.JourneyMap(journey)


def test_a_browser_edit_is_applied_through_the_journey(journey: jw.Journey, view: jw.JourneyMap) -> None:
    seen: list[jw.Change] = []
    journey.observe(seen.append)
    card = journey.cards_in(stage="awareness", lane="actions")[0]
    browser = Browser(view)
    op = {"op": "move_card", "id": card.id, "stage_id": "purchase", "index": 0}
    browser.edit(op)
    assert journey.card(card.id).stage_id == "purchase"
    assert seen[0].origin == "browser:view-1"
    # every view is told the operation, with the revision it applies to and the acknowledgement
    assert browser.received == [{"type": "change", "base": 0, "revision": 1, "op": op, "acks": {"view-1": 1}}]
    assert view._acks == {"view-1": 1}
    assert view._document == journey.document
    assert view.can_undo


def test_a_rejected_edit_changes_nothing_and_says_why(journey: jw.Journey, view: jw.JourneyMap) -> None:
    before = journey.to_json()
    browser = Browser(view)
    browser.edit({"op": "update_card", "id": "gone", "changes": {"text": "x"}})
    assert journey.to_json() == before
    assert view._acks == {"view-1": 1}
    (reply,) = browser.received
    assert reply["type"] == "rejected" and reply["seq"] == 1 and reply["client"] == "view-1"
    assert reply["error"] == {"code": "not_found", "path": "id", "message": "no card with id 'gone'"}


def test_undo_and_redo_from_the_browser(journey: jw.Journey, view: jw.JourneyMap) -> None:
    before = journey.to_json()
    browser = Browser(view)
    browser.edit({"op": "remove_stage", "id": "purchase"})
    browser.edit(action="undo")
    assert journey.to_json() == before
    browser.edit(action="redo")
    assert "purchase" not in [s.id for s in journey.stages]
    browser.edit(action="redo")
    assert browser.received[-1]["error"]["message"] == "nothing to redo"


def test_two_views_of_one_journey_see_each_others_edits(journey: jw.Journey) -> None:
    a, b = jw.JourneyMap(journey), jw.JourneyMap(journey)
    Browser(a, "a").edit({"op": "update_journey", "changes": {"title": "Edited in view A"}})
    assert b._document["title"] == "Edited in view A"
    assert a._document == b._document
    assert b._acks == {}, "view B's own edits are not acknowledged by A's"


def test_read_only_maps_reject_edits(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey, editable=False)
    browser = Browser(view)
    browser.edit({"op": "update_journey", "changes": {"title": "nope"}})
    assert journey.title != "nope"
    assert "read-only" in browser.received[0]["error"]["message"]


def test_malformed_messages_are_rejected_not_crashes(journey: jw.Journey, view: jw.JourneyMap) -> None:
    browser = Browser(view)
    browser.edit({"op": "explode"})
    browser.edit({"no": "op"})
    assert [r["error"]["code"] for r in browser.received] == ["invalid_op", "invalid_op"]
    view._on_browser_message(view, {"type": "something else"}, [])
    view._on_browser_message(view, "not a dict", [])  # type: ignore[arg-type]
    assert journey.revision == 0


def test_selection_trait(view: jw.JourneyMap) -> None:
    view.selected = {"card": "card-001"}
    assert view.selected == {"stage": None, "lane": None, "card": "card-001"}
    with pytest.raises(Exception, match="unknown keys"):
        view.selected = {"row": 1}


def test_interleaved_browser_and_python_edits_all_survive(journey: jw.Journey, view: jw.JourneyMap) -> None:
    browser = Browser(view)
    for n in range(50):
        browser.edit({"op": "add_card", "id": f"b-{n}", "lane_id": "thoughts", "stage_id": "purchase", "text": f"b{n}"})
        journey.add_card(stage="Purchase", lane="thoughts", text=f"p{n}", id=f"p-{n}")
    texts = [c.text for c in journey.cards_in(stage="purchase", lane="thoughts")]
    assert [t for t in texts if t[0] in "bp" and t[1:].isdigit()] == [x for n in range(50) for x in (f"b{n}", f"p{n}")]
    assert view._document == journey.document
    assert view._acks == {"view-1": 50}


def test_in_a_kernel_the_full_document_follows_a_burst_of_changes(
    journey: jw.Journey, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a kernel (an event loop running), changes stream as operations; the full document follows."""
    monkeypatch.setattr(document_sync_module, "kernel_loop", asyncio.get_running_loop)

    async def burst() -> tuple[int, int, int]:
        view = jw.JourneyMap(journey)
        received: list[dict[str, Any]] = []
        view.send = lambda content, _buffers=None: received.append(content)  # type: ignore[method-assign]
        for n in range(5):
            journey.update(title=f"Title {n}")
        stale_revision = view.revision
        await asyncio.sleep(FULL_SYNC_DELAY * 2)
        assert view._document["title"] == "Title 4"
        return stale_revision, view.revision, len([m for m in received if m["type"] == "change"])

    # a thread of its own: other tests (Playwright's sync API) may leave an event loop set on this one
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        stale, fresh, changes = pool.submit(asyncio.run, burst()).result()
    assert (stale, fresh, changes) == (0, 5, 5)
