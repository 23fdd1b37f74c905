"""Analyses beside the kernel: a view's on-demand numbers computed off the kernel's thread, the newest wins.

A view that needs more than the kept funnel tables (the selected stage's time-to-convert
histogram and paths) asks :meth:`Binding.analyse_beside <journeywidgets.Binding.analyse_beside>`.
The analysis runs on the published reading (:class:`ReadingAnalyses`: the journey, log and
options those numbers were computed from, so it never waits for a recomputation), on one
thread per binding that holds the binding's engine lock (one thread at a time in an engine),
and its result is handed back on the kernel's loop. A newer request of the same ``key`` makes
an older one stale: it is not started if it has not started, and its result is dropped.
Outside a kernel (a script, a test) the analysis runs at once on the caller's thread.

Example:
    >>> import threading
    >>> from journeywidgets import sample_events, sample_journey
    >>> from journeywidgets.data.binding_numbers import BindingNumbers
    >>> from journeywidgets.data.eventlog import EventLog
    >>> reading = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
    >>> got = []
    >>> AsideRunner(None, threading.RLock()).run("detail", ReadingAnalyses(reading), lambda a: len(a.stages),
    ...                                          lambda result, error: got.append((result, error)))
    >>> got
    [(5, None)]
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from journeywidgets.data.binding_analyses import BindingAnalyses
from journeywidgets.data.binding_numbers import BindingNumbers
from journeywidgets.data.errors import EventLogError
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.stages import FunnelStage

__all__ = ["AsideRunner", "ReadingAnalyses"]

T = TypeVar("T")
#: what an analysis hands back: its result, or the exception it raised
Done = Callable[[Any, Exception | None], None]


class ReadingAnalyses(BindingAnalyses):
    """The binding's analyses (``paths``, ``time_to_convert``, ...) on one reading: its journey, log and options.

    Args:
        reading: The numbers whose inputs the analyses use (``binding.published``).

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> binding = sample_journey().bind(sample_events(n_users=400))
        >>> analyses = ReadingAnalyses(binding.published)
        >>> analyses.time_to_convert("purchase").users == binding.time_to_convert("purchase").users
        True
    """

    def __init__(self, reading: BindingNumbers) -> None:
        self.journey = reading.journey
        self.funnel_options = reading.funnel_options
        self._reading = reading

    @property
    def _log(self) -> EventLog:
        return self._reading.log

    @property
    def stages(self) -> tuple[FunnelStage, ...]:
        """The stages the reading's funnel follows.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> b = sample_journey().bind(sample_events(n_users=300)); len(ReadingAnalyses(b.published).stages)
            5
        """
        return self._reading.stages


class AsideRunner:
    """Runs analyses on one thread beside the kernel, holding the engine lock; per key, the newest request wins.

    Args:
        loop: The kernel's loop, on which results are handed back; ``None``: run at once on the caller's thread.
        lock: The binding's engine lock, held while an analysis runs.

    Example:
        >>> AsideRunner(None, threading.RLock()).threaded
        False
    """

    def __init__(self, loop: asyncio.AbstractEventLoop | None, lock: threading.RLock) -> None:
        self._loop = loop
        self._lock = lock
        self._executor: ThreadPoolExecutor | None = None
        self._newest: dict[str, int] = {}
        self._count = 0
        self._closed = False

    @property
    def threaded(self) -> bool:
        """Whether analyses run on the thread beside the kernel (there is a loop to hand them back on).

        Example:
            >>> AsideRunner(None, threading.RLock()).threaded
            False
        """
        return self._loop is not None

    def run(self, key: str, analyses: BindingAnalyses, compute: Callable[[BindingAnalyses], T], done: Done) -> None:
        """Compute ``compute(analyses)`` and call ``done(result, None)`` (or ``done(None, error)``) with it.

        Args:
            key: Who asks (one view's one panel): a newer request of the same key makes this one stale.
            analyses: What ``compute`` reads (a :class:`ReadingAnalyses`).
            compute: The analysis.
            done: Called with the result on the kernel's loop (at once without one); never for a stale request.

        Example:
            >>> runner, got = AsideRunner(None, threading.RLock()), []
            >>> runner.run("k", None, lambda a: 1 / 0, lambda result, error: got.append(type(error).__name__))
            >>> got
            ['ZeroDivisionError']
        """
        if self._closed:
            done(None, EventLogError("the binding is closed: bind the journey again for new numbers"))
            return
        self._count += 1
        ticket = self._newest[key] = self._count
        if self._loop is None:
            self._compute(key, ticket, analyses, compute, done)
            return
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeywidgets-analyses")
        self._executor.submit(self._compute, key, ticket, analyses, compute, done)

    def _compute(self, key: str, ticket: int, analyses: Any, compute: Callable[[Any], Any], done: Done) -> None:
        if self._newest.get(key) != ticket:
            return  # a newer request came before this one started
        result: Any = None
        error: Exception | None = None
        try:
            with self._lock:
                result = compute(analyses)
        except Exception as err:  # noqa: BLE001 - handed to the view, which shows it
            error = err
        if self._loop is None:
            self._hand_back(key, ticket, result, error, done)
        elif not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._hand_back, key, ticket, result, error, done)

    def _hand_back(self, key: str, ticket: int, result: Any, error: Exception | None, done: Done) -> None:
        if self._newest.get(key) == ticket:
            done(result, error)

    def close(self) -> None:
        """Drop every request still waiting and let the thread end; a later request is answered with an error.

        Example:
            >>> AsideRunner(None, threading.RLock()).close()
        """
        self._closed = True
        self._newest.clear()
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
