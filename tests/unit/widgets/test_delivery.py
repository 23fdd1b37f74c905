"""The reordering of change messages, reproduced: its cause (two threads change one journey; a journey
tells its observers after it released its lock) and its fix (edits run on the widget's home loop; change
messages leave in revision order)."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

import pytest

import journeywidgets as jw
from journeywidgets.widgets import delivery
from journeywidgets.widgets.delivery import ChangeOutbox


def sent_changes(view: jw.JourneyMap) -> list[tuple[int, int]]:
    received: list[tuple[int, int]] = []
    lock = threading.Lock()

    def send(content: dict[str, Any], _buffers: Any = None) -> None:
        if content.get("type") == "change":
            with lock:
                received.append((content["base"], content["revision"]))

    view.send = send  # type: ignore[method-assign]
    return received


def test_changes_on_two_threads_reach_a_view_out_of_order_and_still_leave_in_order(journey: jw.Journey) -> None:
    """What a kernel with subshells does: a browser edit on a subshell's thread, Python's on the main thread."""
    second_told = threading.Event()

    def slow_first_observer(change: jw.Change) -> None:  # e.g. a binding's, or a journey.save observer
        if change.revision == 1:
            assert second_told.wait(10), "the second change was never told"

    journey.observe(slow_first_observer)
    view = jw.JourneyMap(journey)
    sent = sent_changes(view)
    told: list[int] = []
    journey.observe(lambda change: (told.append(change.revision), change.revision == 2 and second_told.set()))

    first = threading.Thread(target=journey.add_stage, args=("On the main thread",))
    first.start()
    while journey.revision < 1:  # the first change is committed; its observers are being told
        threading.Event().wait(0.001)
    journey.add_stage("On a subshell's thread")
    first.join(10)

    assert told == [2, 1], "the cause: the journey tells its observers of revision 2 before revision 1"
    assert sent == [(0, 1), (1, 2)], "the fix: the view sends them in revision order"


def test_a_change_made_by_an_observer_is_sent_after_the_change_that_caused_it(journey: jw.Journey) -> None:
    """The same on one thread: an observer registered before the view edits the journey while it is told."""

    def follow_up(change: jw.Change) -> None:
        if change.revision == 1:
            journey.add_stage("Added by an observer")

    journey.observe(follow_up)
    view = jw.JourneyMap(journey)
    sent = sent_changes(view)
    journey.add_stage("First")
    assert sent == [(0, 1), (1, 2)]


def test_edits_from_another_thread_are_applied_on_the_widgets_home_loop(
    journey: jw.Journey, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def main() -> tuple[int, set[int]]:
        monkeypatch.setattr(delivery, "kernel_loop", asyncio.get_running_loop)
        view = jw.JourneyMap(journey)
        sent_changes(view)
        applied_on: set[int] = set()
        journey.observe(lambda _change: applied_on.add(threading.get_ident()))
        message = {"type": "edit", "client": "v", "seq": 1, "base_revision": 0,
                   "op": {"op": "update_journey", "changes": {"title": "From a subshell"}}}  # fmt: skip
        subshell = threading.Thread(target=view._on_browser_message, args=(view, message, []))
        subshell.start()
        subshell.join(10)
        for _ in range(100):
            if journey.title == "From a subshell":
                break
            await asyncio.sleep(0.01)
        return threading.get_ident(), applied_on

    home: list[Any] = []
    thread = threading.Thread(target=lambda: home.append(asyncio.run(main())))
    thread.start()
    thread.join(30)
    home_thread, applied_on = home[0]
    assert journey.title == "From a subshell"
    assert applied_on == {home_thread}


def test_the_outbox_gives_up_on_a_gap_at_a_full_sync() -> None:
    sent: list[str] = []
    outbox = ChangeOutbox(sent.append, revision=0)
    outbox.put(2, "1->2")  # the change to revision 1 is never told
    assert outbox.held == 1 and sent == []
    outbox.flush(2)  # the full document (revision 2) goes out
    outbox.put(3, "2->3")
    assert sent == ["2->3"] and outbox.held == 0
