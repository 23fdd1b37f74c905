"""Inside a kernel a binding recomputes on a worker thread: the loop stays free, the newest request wins, views
show the last numbers with a busy state, and reading a number (or ``wait()``) gives the newest.

Each scenario runs on an asyncio loop of its own thread (as a kernel's), with ``background=True``. A gate in the
funnel holds the worker at a known point, so no test depends on timing."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pandas as pd
import pytest

import journeywidgets as jw
from journeywidgets import EventLogError, sample_events, sample_journey
from journeywidgets.data import binding_numbers
from journeywidgets.widgets.funnel_state import funnel_state

T = TypeVar("T")


@pytest.fixture(scope="module")
def events() -> pd.DataFrame:
    return sample_events(n_users=800, seed=3)


class Gate:
    """Holds every funnel computed on the worker thread until opened; records which threads computed."""

    def __init__(self) -> None:
        self.open = threading.Event()
        self.entered = threading.Event()
        self.threads: list[str] = []

    def wrap(self, real: Callable[..., pd.DataFrame]) -> Callable[..., pd.DataFrame]:
        def gated(*args: Any, **kwargs: Any) -> pd.DataFrame:
            name = threading.current_thread().name
            self.threads.append(name)
            if name.startswith("journeywidgets-recompute"):
                self.entered.set()
                assert self.open.wait(30), "the test never opened the gate"
            return real(*args, **kwargs)

        return gated


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate = Gate()
    monkeypatch.setattr(binding_numbers, "funnel", gate.wrap(binding_numbers.funnel))
    yield gate
    gate.open.set()


def on_loop(scenario: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run ``scenario`` on a fresh event loop in a fresh thread (the kernel's loop, for the binding)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, scenario()).result(timeout=120)


async def until(check: Callable[[], bool], what: str) -> None:
    for _ in range(6000):
        if check():
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"timed out waiting for {what}")


def test_a_journey_edit_is_computed_on_the_worker_while_the_loop_stays_free(events: pd.DataFrame, gate: Gate) -> None:
    journey = sample_journey()

    async def scenario() -> dict[str, Any]:
        binding = journey.bind(events, background=True)
        view = jw.FunnelView(binding)  # a view reads every persona's funnel now, before the edit
        before = binding.published.metrics["reached"].tolist()
        seen: list[tuple[int, list[int]]] = []
        binding.observe(lambda b: seen.append((b.revision, b.published.metrics["reached"].tolist())))
        progress: list[float] = []
        binding.status.observe(lambda change: progress.append(change["new"]), names="progress")
        journey.update_stage("purchase", events=["add_to_cart"])
        binding.wait(timeout=0)  # flushes the debounced edit: the request goes to the worker, which waits at the gate
        await until(gate.entered.is_set, "the worker to start")
        busy_while_held = (binding.busy, binding.progress)
        # the loop is free: a browser edit is applied while the numbers are computed
        journey.update_card(journey.cards[0].id, text="typed meanwhile")
        held_numbers = funnel_state(binding)["series"][0]["rows"]  # a view reads the last numbers, at once
        held_view = (view.busy, [row["reached"] for row in view.data["series"][0]["rows"]])
        gate.open.set()
        await until(lambda: not binding.busy, "the numbers")
        return {
            "busy_while_held": busy_while_held,
            "held_view": held_view,
            "view_after": [row["reached"] for row in view.data["series"][0]["rows"]],
            "before": before,
            "held": [row["reached"] for row in held_numbers],
            "seen": seen,
            "progress": progress,
            "after": binding.metrics["reached"].tolist(),
            "expected": jw.funnel(events, journey)["reached"].tolist(),
            "text": journey.cards[0].text,
        }

    result = on_loop(scenario)
    assert result["busy_while_held"] == (True, 0.0)
    assert result["held"] == result["before"], "while busy the views show the last numbers, never blank"
    assert result["held_view"] == (True, result["before"])
    assert result["view_after"] == result["expected"]
    assert result["text"] == "typed meanwhile"
    assert result["after"] == result["expected"] != result["before"]
    assert [revision for revision, _ in result["seen"]] == [1], "observers are told once, with the new numbers"
    assert result["seen"][0][1] == result["expected"]
    shares = result["progress"]
    assert shares[0] == 0.0 and shares[-1] == 1.0 and shares == sorted(shares) and len(shares) > 3
    assert any(name.startswith("journeywidgets-recompute") for name in gate.threads)


def test_the_newest_request_wins_and_a_stale_one_is_dropped(events: pd.DataFrame, gate: Gate) -> None:
    journey = sample_journey()

    async def scenario() -> tuple[list[int], list[int], int]:
        binding = journey.bind(events, background=True)
        told: list[int] = []
        binding.observe(lambda b: told.append(b.revision))
        journey.update_stage("purchase", events=["add_to_cart"])
        binding._recompute()  # the first request: held at the gate
        await until(gate.entered.is_set, "the first request to start")
        journey.update_stage("purchase", events=["checkout_completed"])
        binding._recompute()  # a newer one, while the first runs
        gate.open.set()
        await until(lambda: not binding.busy, "the numbers")
        await asyncio.sleep(0.05)  # anything the stale request might still hand back
        return told, binding.metrics["reached"].tolist(), binding.revision

    told, reached, revision = on_loop(scenario)
    assert told == [1] and revision == 1, "the stale reading is never installed"
    assert reached == jw.funnel(events, journey)["reached"].tolist()


def test_wait_and_reading_a_number_give_the_newest_without_the_loop(events: pd.DataFrame, gate: Gate) -> None:
    journey = sample_journey()

    async def scenario() -> tuple[bool, bool, list[int], int]:
        binding = journey.bind(events, background=True)
        journey.update_stage("purchase", events=["add_to_cart"])
        late = binding.wait(timeout=0.05)  # the worker is held: not current yet
        gate.open.set()
        # the loop does not run while this coroutine blocks: wait() installs the numbers itself
        reached = binding.metrics["reached"].tolist()
        return late, binding.busy, reached, binding.revision

    late, busy, reached, revision = on_loop(scenario)
    assert late is False and busy is False and revision == 1
    assert reached == jw.funnel(events, journey)["reached"].tolist()


def test_an_error_from_the_worker_reaches_the_binding_and_the_views(events: pd.DataFrame) -> None:
    journey = sample_journey()

    async def scenario() -> tuple[str, str, str, bool]:
        binding = journey.bind(events, background=True)
        view, board_map = jw.FunnelView(binding), jw.JourneyMap(journey, binding=binding)
        journey.update_persona("raj", segment="shoe_size > 3")
        await until(lambda: binding.error is not None, "the error")
        return str(binding.error), view.error, board_map.metrics_error, view.busy

    error, funnel_error, map_error, busy = on_loop(scenario)
    assert "shoe_size" in error and funnel_error == error == map_error and busy is False


def test_an_unexpected_failure_on_the_worker_becomes_a_named_error(
    events: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    journey = sample_journey()
    real = binding_numbers.funnel

    def broken(*args: Any, **kwargs: Any) -> pd.DataFrame:
        if threading.current_thread().name.startswith("journeywidgets-recompute"):
            raise ZeroDivisionError("boom")
        return real(*args, **kwargs)

    async def scenario() -> Exception | None:
        binding = journey.bind(events, background=True)
        monkeypatch.setattr(binding_numbers, "funnel", broken)
        journey.update_stage("purchase", events=["add_to_cart"])
        binding.wait()
        return binding.error

    error = on_loop(scenario)
    assert isinstance(error, EventLogError) and "ZeroDivisionError: boom" in str(error)
    assert isinstance(error.__cause__, ZeroDivisionError)


def test_bound_views_mirror_busy_and_progress_and_the_page_cannot_set_them(events: pd.DataFrame) -> None:
    journey = sample_journey()
    binding = journey.bind(events)
    view, shown = jw.FunnelView(binding), jw.JourneyMap(journey, binding=binding)
    binding.status.progress = 0.4
    binding.status.busy = True
    assert (view.busy, view.progress, shown.busy, shown.progress) == (True, 0.4, True, 0.4)
    for widget in (view, shown):
        sent: list[Any] = []
        widget.send_state = lambda key=None, sent=sent: sent.append(key)  # type: ignore[method-assign]
        widget.set_state({"busy": False, "progress": 1.0})
        assert widget.busy is True and sent and set(sent[0]) == {"busy", "progress"}
    view.set_state({"data": {"series": []}, "error": "forged"})
    assert view.data["series"] and view.error == "", "a page cannot put numbers of its own in a funnel view"
    view.close()
    binding.status.busy = False
    assert view.busy is True, "a closed view no longer follows"


def test_outside_a_kernel_everything_stays_synchronous(events: pd.DataFrame) -> None:
    journey = sample_journey()
    binding = journey.bind(events)
    journey.update_stage("purchase", events=["add_to_cart"])
    assert binding.revision == 1 and not binding.busy and binding.progress == 1.0

    def bind_in_the_background() -> None:
        with pytest.raises(EventLogError, match="background=True needs a running event loop") as caught:
            journey.bind(events, background=True)
        assert caught.value.path == "background"

    with ThreadPoolExecutor(1) as pool:  # a fresh thread: pytest-playwright leaves its loop running on this one
        pool.submit(bind_in_the_background).result(timeout=60)
