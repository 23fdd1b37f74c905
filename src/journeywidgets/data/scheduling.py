"""Run work a little later inside a Jupyter kernel (to coalesce bursts), right away elsewhere.

Example:
    >>> calls = []
    >>> Debouncer(0.2, lambda: calls.append(1)).trigger()  # not in a kernel: runs now
    >>> calls
    [1]
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable


def kernel_loop() -> asyncio.AbstractEventLoop | None:
    """The running event loop when running inside a Jupyter kernel, else None.

    Returns:
        The loop when IPython's shell has a kernel and an event loop is running in
        this thread; None otherwise.

    Example:
        >>> kernel_loop() is None
        True
    """
    shell = getattr(sys.modules.get("IPython"), "get_ipython", lambda: None)()
    if getattr(shell, "kernel", None) is None:
        return None
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class Debouncer:
    """Call ``action`` once, ``delay`` seconds after the last of a burst of triggers (in a kernel).

    Outside a kernel (scripts, tests) every trigger calls ``action`` at once, so
    results are never stale when there is no event loop to run it later.

    Example:
        >>> hits = []
        >>> debounce = Debouncer(0.1, lambda: hits.append("run"))
        >>> debounce.trigger(); debounce.trigger()
        >>> hits
        ['run', 'run']
    """

    def __init__(self, delay: float, action: Callable[[], None]) -> None:
        self.delay = delay
        self.action = action
        self._timer: asyncio.TimerHandle | None = None

    @property
    def pending(self) -> bool:
        """Whether a delayed call is waiting.

        Example:
            >>> Debouncer(0.1, lambda: None).pending
            False
        """
        return self._timer is not None

    def trigger(self) -> None:
        """Schedule ``action`` (restarting the delay if one is pending), or run it now outside a kernel.

        Example:
            >>> Debouncer(0.1, lambda: None).trigger()
        """
        loop = kernel_loop()
        if loop is None:
            self.cancel()
            self.action()
            return
        self.cancel()
        self._timer = loop.call_later(self.delay, self._fire)

    def cancel(self) -> None:
        """Drop a pending call.

        Example:
            >>> Debouncer(0.1, lambda: None).cancel()
        """
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def flush(self) -> None:
        """Run a pending call now (and drop its timer); nothing when none is pending.

        Example:
            >>> hits = []; debounce = Debouncer(0.1, lambda: hits.append("run")); debounce.flush(); hits
            []
        """
        if self._timer is not None:
            self.cancel()
            self.action()

    def _fire(self) -> None:
        self._timer = None
        self.action()
