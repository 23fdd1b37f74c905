"""Which edits of which view Python has handled: each ``(client, seq)`` is applied at most once.

A view numbers its edits 1, 2, 3, ... and the comm delivers them in order, so Python keeps, per
view, the highest sequence number it has handled (applied or rejected). An edit numbered at or
below it is a duplicate (a message delivered twice, or replayed): it is answered, never applied
again. The ledger remembers the last ``capacity`` views (least recently heard from forgotten
first), so a page that invents view ids cannot grow it without bound.

Example:
    >>> ledger = EditLedger()
    >>> ledger.admit("view-1", 1), ledger.admit("view-1", 1), ledger.admit("view-1", 2)
    (True, False, True)
    >>> ledger.last("view-1")
    2
"""

from __future__ import annotations

from collections import OrderedDict

#: how many views' last sequence numbers are remembered
DEFAULT_CAPACITY = 4096


class EditLedger:
    """Per view, the highest edit sequence number handled; refuses duplicates.

    Example:
        >>> ledger = EditLedger(capacity=1)
        >>> ledger.admit("a", 5), ledger.admit("b", 1), ledger.last("a")
        (True, True, 0)
    """

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._last: OrderedDict[str, int] = OrderedDict()
        self._capacity = capacity

    def last(self, client: str) -> int:
        """The highest sequence number handled for ``client`` (0: none).

        Example:
            >>> EditLedger().last("view-1")
            0
        """
        return self._last.get(client, 0)

    def admit(self, client: str, seq: int) -> bool:
        """Record edit ``seq`` of ``client`` as handled; False if it (or a later one) already was.

        Example:
            >>> ledger = EditLedger(); ledger.admit("v", 3), ledger.admit("v", 2)
            (True, False)
        """
        if seq <= self._last.get(client, 0):
            return False
        self._last[client] = seq
        self._last.move_to_end(client)
        while len(self._last) > self._capacity:
            self._last.popitem(last=False)
        return True
