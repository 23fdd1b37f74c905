"""Which edits of which view Python has handled, in the view's order: each ``(client, seq)`` at most once.

A view numbers its edits 1, 2, 3, ... The kernel may hand two of them to Python out of order:
ipykernel 7 routes a comm's messages to the main shell or to a subshell depending on where Python
last sent on that comm, and the two threads then race. An edit often depends on the one before it
(a new card, then its text), so the ledger hands edits out in the view's order: an edit that
arrives before its predecessor waits for it (at most ``MAX_HELD`` per view, and until
:meth:`EditLedger.release`, which the widget calls after a few seconds; a predecessor that comes
after that is handed out late, not lost). An edit already handed out or already waiting is a
duplicate (a message delivered twice, or replayed): it is answered, never applied again. Per view
the ledger keeps the number below which every edit was handed out and the handed-out numbers above
it (at most ``MAX_DONE``); it remembers the last ``capacity`` views.

Example:
    >>> ledger = EditLedger()
    >>> ledger.receive("view-1", 2, "text"), ledger.receive("view-1", 1, "card"), ledger.receive("view-1", 1, "card")
    ([], ['card', 'text'], None)
"""

from __future__ import annotations

from collections import OrderedDict
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
        self.done: set[int] = set()  # handed out above `last` (after a gap)


class EditLedger(Generic[T]):
    """Per view: the last edit handed out and the edits waiting for an earlier one.

    Args:
        capacity: How many views are remembered; the least recently heard from is forgotten first.

    Example:
        >>> ledger = EditLedger(capacity=1)
        >>> ledger.receive("a", 1, "x"), ledger.receive("b", 1, "y"), ledger.last("a")
        (['x'], ['y'], 0)
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._views: OrderedDict[str, _View[T]] = OrderedDict()
        self._capacity = capacity

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
        ready = self._ready(view)
        if not ready and len(view.held) > MAX_HELD:  # an edit that does not come: stop waiting for it
            ready = self._release(view)
        return ready

    def release(self) -> list[T]:
        """Hand out every waiting edit, in each view's order, and stop waiting for the missing ones.

        Returns:
            The waiting edits, view by view, each view's in sequence order.

        Example:
            >>> ledger = EditLedger(); ledger.receive("v", 2, "b"), ledger.release()
            ([], ['b'])
            >>> ledger.receive("v", 1, "a"), ledger.receive("v", 2, "b"), ledger.last("v")
            (['a'], None, 2)
        """
        out: list[T] = []
        for view in self._views.values():
            out.extend(self._release(view))
        return out

    @staticmethod
    def _release(view: _View[T]) -> list[T]:
        seqs = sorted(view.held)
        view.done.update(seqs)
        if len(view.done) > MAX_DONE:  # forget the oldest gap: what is below it counts as handed out
            view.last = min(view.done) - 1
            EditLedger._ready(view)
        return [view.held.pop(seq) for seq in seqs]

    @staticmethod
    def _ready(view: _View[T]) -> list[T]:
        ready = []
        while True:
            following = view.last + 1
            if following in view.held:
                ready.append(view.held.pop(following))
            elif following in view.done:
                view.done.discard(following)
            else:
                return ready
            view.last = following
