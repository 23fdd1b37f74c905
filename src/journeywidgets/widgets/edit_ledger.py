"""Which edits of which view Python has handled, in the view's order: each ``(client, seq)`` once.

A view numbers its edits 1, 2, 3, ... The kernel may hand two of them to Python out of order:
ipykernel 7 routes a comm's messages to the main shell or to a subshell depending on where Python
last sent on that comm, and the two threads then race. An edit often depends on the one before it (a
new card, then its text), so the ledger hands edits out in the view's order: an edit that arrives
before its predecessor waits for it (at most ``MAX_HELD`` per view, and until
:meth:`EditLedger.release` after it has waited long enough: the widget gives each waiting edit a few
seconds of its own, so one that arrived a moment ago is never handed out ahead of a predecessor that
is still on its way; a predecessor that comes after the wait is handed out late, not lost). An edit
already handed out or already waiting is a duplicate (a message delivered twice, or replayed): it is
answered, never applied again. Per view the ledger keeps the number below which every edit was
handed out and the handed-out numbers above it (at most ``MAX_DONE``); it remembers the last
``capacity`` views.

Example:
    >>> ledger = EditLedger()
    >>> ledger.receive("view-1", 2, "text"), ledger.receive("view-1", 1, "card"), ledger.receive("view-1", 1, "card")
    ([], ['card', 'text'], None)
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Generic, TypeVar

#: how many views' sequence numbers are remembered
DEFAULT_CAPACITY = 4096
#: how many edits of one view may wait for an earlier one before the ledger stops waiting for it
MAX_HELD = 64
#: how many handed-out numbers above a gap are remembered per view (past it, older numbers count as duplicates)
MAX_DONE = 10_000

T = TypeVar("T")


class _View(Generic[T]):
    def __init__(self) -> None:
        self.last = 0  # every edit numbered up to here was handed out
        self.held: dict[int, T] = {}  # waiting for an earlier one
        self.arrived: dict[int, float] = {}  # when each waiting one arrived (the ledger's clock)
        self.done: set[int] = set()  # handed out above `last` (after a gap)


class EditLedger(Generic[T]):
    """Per view: the last edit handed out and the edits waiting for an earlier one.

    Args:
        capacity: How many views are remembered; the least recently heard from is forgotten first.
        clock: Seconds, monotonic: when a waiting edit arrived (:meth:`release` compares with it).

    Example:
        >>> ledger = EditLedger(capacity=1)
        >>> ledger.receive("a", 1, "x"), ledger.receive("b", 1, "y"), ledger.last("a")
        (['x'], ['y'], 0)
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY, clock: Callable[[], float] = time.monotonic) -> None:
        self._views: OrderedDict[str, _View[T]] = OrderedDict()
        self._capacity = capacity
        self._clock = clock

    def last(self, client: str) -> int:
        """The sequence number of the last edit of ``client`` handed out (0: none).

        Args:
            client: The view's id.

        Returns:
            The sequence number; 0 for a view not seen (or forgotten).

        Example:
            >>> EditLedger().last("view-1")
            0
        """
        view = self._views.get(client)
        return view.last if view is not None else 0

    def receive(self, client: str, seq: int, item: T) -> list[T] | None:
        """Take edit ``seq`` of ``client``: None if a duplicate, else the edits to handle now, in order.

        Args:
            client: The view's id.
            seq: The edit's sequence number in that view.
            item: The edit.

        Returns:
            ``None`` for an edit already seen; else the edits of the view that are now in order (this one and any held
            behind it), possibly none while an earlier one is missing. After ``MAX_HELD`` waiting edits the missing ones
            are given up on.

        Example:
            >>> ledger = EditLedger(); ledger.receive("v", 1, "a"), ledger.receive("v", 1, "a")
            (['a'], None)
        """
        view = self._views.get(client)
        if view is None:
            view = self._views[client] = _View()
            while len(self._views) > self._capacity:
                self._views.popitem(last=False)
        self._views.move_to_end(client)
        if seq <= view.last or seq in view.held or seq in view.done:
            return None
        view.held[seq] = item
        view.arrived[seq] = self._clock()
        ready = self._ready(view)
        if not ready and len(view.held) > MAX_HELD:  # an edit that does not come: stop waiting for it
            ready = self._release(view, None)
        return ready

    def release(self, waited: float | None = None) -> list[T]:
        """Stop waiting for the edits missing ahead of the edits that have waited ``waited`` seconds; hand those out.

        A view's waiting edit that arrived at least ``waited`` seconds ago is handed out, and so is every waiting edit
        numbered right after it (they were waiting for it); one that arrived later keeps waiting, and so do those
        behind it.

        Args:
            waited: Seconds on the ledger's clock; ``None``: every waiting edit, however recent.

        Returns:
            The edits handed out, view by view, each view's in sequence order.

        Example:
            >>> ledger = EditLedger(); ledger.receive("v", 2, "b"), ledger.release()
            ([], ['b'])
            >>> ledger.receive("v", 1, "a"), ledger.receive("v", 2, "b"), ledger.last("v")
            (['a'], None, 2)
            >>> now = [0.0]; ledger = EditLedger(clock=lambda: now[0])
            >>> ledger.receive("v", 2, "b"), ledger.receive("v", 5, "e")
            ([], [])
            >>> now[0] = 4.0; ledger.receive("v", 4, "d"), ledger.release(waited=3.0)
            ([], ['b'])
            >>> ledger.receive("v", 3, "c")
            ['c', 'd', 'e']
        """
        arrived_before = None if waited is None else self._clock() - waited
        out: list[T] = []
        for view in self._views.values():
            out.extend(self._release(view, arrived_before))
        return out

    def due_in(self, waited: float) -> float | None:
        """Seconds until the first waiting edit of some view has waited ``waited``; ``None`` if no edit waits.

        Args:
            waited: Seconds on the ledger's clock.

        Returns:
            Seconds from now (0 if already due), or ``None``.

        Example:
            >>> now = [0.0]; ledger = EditLedger(clock=lambda: now[0])
            >>> ledger.due_in(5.0), ledger.receive("v", 2, "b")
            (None, [])
            >>> now[0] = 1.5; ledger.receive("v", 3, "c"), ledger.due_in(5.0)
            ([], 3.5)
        """
        # the first waiting edit of each view: the ones behind it wait for it, not for the gap
        oldest = min((view.arrived[min(view.held)] for view in self._views.values() if view.held), default=None)
        return None if oldest is None else max(0.0, oldest + waited - self._clock())

    @staticmethod
    def _release(view: _View[T], arrived_before: float | None) -> list[T]:
        out: list[T] = []
        while view.held:
            first = min(view.held)
            if arrived_before is not None and view.arrived[first] > arrived_before:
                break
            out.append(view.held.pop(first))  # the edits missing ahead of it are given up on (until they come)
            view.arrived.pop(first, None)
            view.done.add(first)
            out.extend(EditLedger._ready(view))  # the ones that waited behind it
        if len(view.done) > MAX_DONE:  # forget the oldest gap: what is below it counts as handed out
            view.last = min(view.done) - 1
            out.extend(EditLedger._ready(view))
        return out

    @staticmethod
    def _ready(view: _View[T]) -> list[T]:
        """Hand out the waiting edits whose predecessor was handed out, each in turn; keep ``last`` compact."""
        ready: list[T] = []
        while True:
            while view.last + 1 in view.done:
                view.done.discard(view.last + 1)
                view.last += 1
            following = next((s for s in sorted(view.held) if s - 1 <= view.last or s - 1 in view.done), None)
            if following is None:
                return ready
            ready.append(view.held.pop(following))
            view.arrived.pop(following, None)
            if following == view.last + 1:
                view.last = following
            else:
                view.done.add(following)
