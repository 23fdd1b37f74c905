"""Python alone decides what may change: read-only views, the page's copies of traits, the edit envelope,
duplicates and base revisions."""

from __future__ import annotations

from typing import Any

import pytest

import journeywidgets as jw
from journeywidgets.widgets.document_sync import HOLD_TIMEOUT
from journeywidgets.widgets.edit_envelope import MAX_DEPTH, MAX_OPS
from journeywidgets.widgets.edit_ledger import EditLedger


class Page:
    """The page side of one view: sends raw messages and state updates, records what Python sends back."""

    def __init__(self, view: jw.JourneyMap | jw.PersonaCard, client: str = "view-1") -> None:
        self.view, self.client, self.seq = view, client, 0
        self.received: list[dict[str, Any]] = []
        self.states: list[dict[str, Any]] = []
        view.send = lambda content, _buffers=None: self.received.append(content)  # type: ignore[method-assign]
        view.send_state = lambda key=None: self.states.append(view.get_state(key))  # type: ignore[method-assign]

    def raw(self, message: Any) -> dict[str, Any]:
        before = len(self.received)
        self.view._on_browser_message(self.view, message, [])
        replies = self.received[before:]
        assert replies, f"no reply to {str(message)[:200]}"
        return replies[-1]

    def edit(self, op: dict[str, Any] | None = None, **fields: Any) -> dict[str, Any]:
        self.seq += 1
        message: dict[str, Any] = {"type": "edit", "client": self.client, "seq": self.seq, "base_revision": 0}
        if op is not None:
            message["op"] = op
        message.update(fields)
        return self.raw(message)


RENAME = {"op": "update_journey", "changes": {"title": "Renamed by the page"}}


def test_the_page_cannot_make_a_read_only_map_editable(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey, editable=False)
    page = Page(view)
    view.set_state({"editable": True})
    assert view.editable is False
    assert page.states == [{"editable": False}], "the page is sent Python's value back"
    reply = page.edit(RENAME)
    assert reply["type"] == "rejected" and reply["error"]["code"] == "read_only"
    assert "read-only" in reply["error"]["message"]
    assert journey.revision == 0


def test_the_page_cannot_set_pythons_document_revision_or_acks(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey)
    page = Page(view)
    view.set_state({"_document": {"title": "forged"}, "revision": 99, "_acks": {"x": 1}, "can_undo": True})
    assert view._document == journey.document and view.revision == 0 and view._acks == {} and not view.can_undo
    assert sorted(page.states[0]) == ["_acks", "_document", "can_undo", "revision"]


def test_the_page_sets_what_it_shows_and_python_validates_it(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey)
    page = Page(view)
    view.set_state({"persona": "Raj, the deal hunter", "selected": {"stage": "purchase"}})
    assert view.persona == "raj" and view.selected_stage == "purchase"
    view.set_state({"persona": "nobody"})
    assert view.persona == "raj", "a persona Python refuses is not taken"
    assert page.states[-1] == {"persona": "raj"}


def test_a_presenting_map_rejects_edits_and_the_page_may_leave_presenting(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey, mode="present")
    page = Page(view)
    reply = page.edit(RENAME)
    assert reply["error"]["code"] == "read_only" and "presenting" in reply["error"]["message"]
    view.set_state({"mode": "edit"})  # the page's Edit button: the map is editable (editable=True)
    assert page.edit(RENAME)["type"] == "change"
    locked = jw.JourneyMap(journey, mode="present", editable=False)
    locked_page = Page(locked)
    locked.set_state({"mode": "edit", "editable": True})
    assert locked_page.edit(RENAME)["error"]["code"] == "read_only"


def test_persona_card_edits_of_a_read_only_card_are_rejected(journey: jw.Journey) -> None:
    card = jw.PersonaCard(journey, "raj", editable=False)
    page = Page(card)
    card.set_state({"editable": True, "only": False})
    assert card.editable is False and card.only is True
    reply = page.edit({"op": "update_persona", "id": "raj", "changes": {"quote": "hacked"}})
    assert reply["error"]["code"] == "read_only"
    assert journey.persona("raj").quote != "hacked"


@pytest.mark.parametrize(
    ("seq", "shown"),
    [("abc", "'abc'"), (None, "None"), (float("inf"), "inf"), (10**400, "401 digits"), (True, "True"), (0, "0")],
    ids=["text", "null", "infinity", "400-digits", "bool", "zero"],
)
def test_a_bad_seq_is_rejected_with_a_reason(journey: jw.Journey, seq: Any, shown: str) -> None:
    page = Page(jw.JourneyMap(journey))
    reply = page.raw({"type": "edit", "client": "view-1", "seq": seq, "base_revision": 0, "op": RENAME})
    assert reply["type"] == "rejected" and reply["client"] == "view-1" and reply["seq"] is None
    assert reply["error"]["path"] == "seq" and shown in reply["error"]["message"]
    assert journey.revision == 0


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"base_revision": "0"}, "base_revision"),
        ({"base_revision": 5}, "base_revision"),
        ({"base_revision": -1}, "base_revision"),
        ({"op": [1]}, "op"),
        ({"op": None, "action": "undo"}, "op"),
        ({"action": "explode"}, "action"),
        ({"extra": 1}, "extra"),
        ({"op": {"op": "update_journey", "changes": {"title": "x" * 200_000}}}, "op"),
        ({"op": {"op": "update_journey", "changes": {"title": float("nan")}}}, "op"),
        ({"op": {"op": "update_journey", "changes": {1: "x"}}}, "op"),
    ],
)
def test_a_bad_envelope_is_rejected_with_a_reason(journey: jw.Journey, fields: dict[str, Any], path: str) -> None:
    page = Page(jw.JourneyMap(journey))
    message = {"type": "edit", "client": "view-1", "seq": 1, "base_revision": 0, "op": RENAME, **fields}
    if "action" in fields and fields.get("op", 0) == 0:
        del message["op"]
    if fields.get("op", 0) is None:
        del message["op"]
        message["op"] = None
    reply = page.raw(message)
    assert reply["type"] == "rejected" and reply["seq"] == 1 and reply["error"]["path"] == path, reply
    assert journey.revision == 0


@pytest.mark.parametrize("content", ["text", 7, None, [], {"type": "hello"}, {"client": "x"}])
def test_messages_that_are_no_edit_are_answered(journey: jw.Journey, content: Any) -> None:
    reply = Page(jw.JourneyMap(journey)).raw(content)
    assert reply["type"] == "rejected" and reply["error"]["code"] == "invalid_message"


def test_a_batch_nested_500_deep_is_rejected_not_a_recursion_error(journey: jw.Journey) -> None:
    op: dict[str, Any] = RENAME
    for _ in range(500):
        op = {"op": "batch", "ops": [op]}
    reply = Page(jw.JourneyMap(journey)).edit(op)
    assert reply["type"] == "rejected" and f"deeper than {MAX_DEPTH}" in reply["error"]["message"]
    assert journey.revision == 0


def test_too_many_ops_in_one_message_are_rejected(journey: jw.Journey) -> None:
    op = {"op": "batch", "ops": [RENAME] * (MAX_OPS + 1)}
    reply = Page(jw.JourneyMap(journey)).edit(op)
    assert reply["type"] == "rejected" and f"more than {MAX_OPS} operations" in reply["error"]["message"]


def test_an_edit_delivered_twice_is_applied_once(journey: jw.Journey) -> None:
    page = Page(jw.JourneyMap(journey))
    card = journey.cards[0]
    message = {"type": "edit", "client": "view-1", "seq": 1, "base_revision": 0,
               "op": {"op": "remove_card", "id": card.id}}  # fmt: skip
    assert page.raw(message)["type"] == "change"
    undo = {"type": "edit", "client": "view-1", "seq": 2, "base_revision": 1, "action": "undo"}
    assert page.raw(undo)["type"] == "change"
    _ = journey.add_stage("Python's own")
    assert page.raw(undo) == {"type": "duplicate", "client": "view-1", "seq": 2}, "one undo sent twice undoes once"
    assert page.raw(message)["type"] == "duplicate"
    assert journey.card(card.id).text == card.text and journey.stages[-1].name == "Python's own"


def test_a_stale_base_revision_is_applied_to_the_current_document(journey: jw.Journey) -> None:
    page = Page(jw.JourneyMap(journey))
    for n in range(3):
        journey.add_card(stage="purchase", lane="thoughts", text=f"py {n}", id=f"py-{n}")
    reply = page.edit({"op": "add_card", "id": "br-0", "lane_id": "thoughts", "stage_id": "purchase", "index": 0})
    assert reply["type"] == "change" and reply["base"] == 3
    assert journey.card("br-0").order == 0 and journey.card("py-0").order > 0, "put where the page put it"


def test_rejected_edits_are_acknowledged_so_the_page_drops_them(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey, editable=False)
    page = Page(view)
    page.edit(RENAME)
    page.edit(RENAME)
    assert view._acks == {"view-1": 2}


def test_nothing_escapes_the_handler_even_when_the_journey_breaks(
    journey: jw.Journey, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = Page(jw.JourneyMap(journey))

    def broken(*_args: Any, **_kwargs: Any) -> int:
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(journey, "apply", broken)
    reply = page.edit(RENAME)
    assert reply["type"] == "rejected" and reply["error"]["code"] == "internal_error" and reply["seq"] == 1


def test_a_views_edits_are_applied_in_its_order_even_if_they_arrive_out_of_it(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey)
    page = Page(view)
    add = {"type": "edit", "client": "view-1", "seq": 1, "base_revision": 0,
           "op": {"op": "add_card", "id": "new", "lane_id": "thoughts", "stage_id": "purchase"}}  # fmt: skip
    text = {"type": "edit", "client": "view-1", "seq": 2, "base_revision": 0,
            "op": {"op": "update_card", "id": "new", "changes": {"text": "typed"}}}  # fmt: skip
    view._on_browser_message(view, text, [])  # the text overtook its card
    assert page.received == [] and journey.revision == 0, "it waits for the card"
    view._on_browser_message(view, add, [])
    assert journey.card("new").text == "typed"
    assert [m["type"] for m in page.received] == ["change", "change"]


def test_an_edit_that_comes_after_the_quiet_moment_is_applied_late_not_lost(journey: jw.Journey) -> None:
    view = jw.JourneyMap(journey)
    page = Page(view)
    rename = {"type": "edit", "client": "view-1", "seq": 2, "base_revision": 0, "op": RENAME}
    view._on_browser_message(view, rename, [])
    view._release_held()  # the quiet moment: seq 1 has not come; seq 2 goes on without it
    assert journey.title == "Renamed by the page"
    late = {"type": "edit", "client": "view-1", "seq": 1, "base_revision": 0,
            "op": {"op": "update_journey", "changes": {"description": "late"}}}  # fmt: skip
    view._on_browser_message(view, late, [])
    assert journey.description == "late", "applied, not taken for a duplicate"
    assert page.raw(late)["type"] == "duplicate" and page.raw(rename)["type"] == "duplicate"


def test_each_waiting_edit_gets_its_own_wait_however_long_the_timer_was_armed(journey: jw.Journey) -> None:
    """The timer armed for an earlier wait must not hand out an edit that arrived a moment ago, ahead of the
    predecessor that is still on its way (a CI run lost a card's text so: its update overtook its card, the
    timer of an older wait fired, and the update was rejected for a card that did not exist yet)."""
    now = [0.0]
    view = jw.JourneyMap(journey)
    view._ledger = EditLedger(clock=lambda: now[0])
    page = Page(view)

    def edit(seq: int, op: dict[str, Any]) -> None:
        message = {"type": "edit", "client": "view-1", "seq": seq, "base_revision": 0, "op": op}
        view._on_browser_message(view, message, [])

    edit(2, RENAME)  # an early wait, resolved a moment later: a timer would have been armed for it
    now[0] = 0.1
    edit(1, {"op": "update_journey", "changes": {"description": "first"}})
    assert journey.title == "Renamed by the page" and journey.revision == 2
    now[0] = HOLD_TIMEOUT - 0.1
    edit(4, {"op": "update_card", "id": "new", "changes": {"text": "typed"}})  # overtook its card
    now[0] = HOLD_TIMEOUT
    view._release_due()  # the old timer fires: the text has waited 0.1 s, not HOLD_TIMEOUT
    assert [m for m in page.received if m["type"] == "rejected"] == [] and journey.revision == 2
    assert view._ledger.due_in(HOLD_TIMEOUT) == pytest.approx(HOLD_TIMEOUT - 0.1)
    edit(3, {"op": "add_card", "id": "new", "lane_id": "thoughts", "stage_id": "purchase"})
    assert journey.card("new").text == "typed"
    # one whose predecessor never comes goes on once it has waited its own HOLD_TIMEOUT
    edit(6, {"op": "update_journey", "changes": {"title": "late"}})
    now[0] += HOLD_TIMEOUT - 1
    view._release_due()
    assert journey.title == "Renamed by the page"
    now[0] += 1
    view._release_due()
    assert journey.title == "late"
    edit(7, {"op": "update_journey", "changes": {"description": "after the gap"}})
    assert journey.description == "after the gap", "the edit after a given-up gap does not wait again"
