"""Compute a binding's readings on one worker thread, so the kernel never freezes; the newest request wins.

Inside a kernel a :class:`~journeywidgets.Binding` hands each new reading (see
:mod:`journeywidgets.data.binding_numbers`) to a :class:`RecomputeWorker`. The worker computes
its parts one after the other on its own thread (polars, DuckDB, pyarrow and numpy's sorts
release the GIL, so the kernel goes on handling browser edits meanwhile), reports the share done,
and hands the finished reading back on the kernel's event loop. A request made while another
runs makes the older one stale: it stops at its next part and its numbers are dropped, never
shown. :meth:`RecomputeWorker.wait` blocks until the newest reading is in, and installs it
itself (it does not need the event loop, which the waiting thread may be running).

Without an event loop (a script, a test) a request is computed at once, on the caller's thread.

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> from journeywidgets.data.binding_numbers import BindingNumbers
    >>> from journeywidgets.data.eventlog import EventLog
    >>> installed = []
    >>> worker = RecomputeWorker(None, installed.append)
    >>> job = worker.submit(BindingNumbers(sample_journey(), EventLog(sample_events(n_users=100)), {}))
    >>> installed == [job], job.error, worker.busy
    (True, None, False)
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from journeywidgets.data.binding_numbers import BindingNumbers

__all__ = ["RecomputeJob", "RecomputeWorker"]


@dataclass
class RecomputeJob:
    """One reading being computed: its number in the order of requests, its numbers, how it ended.

    Args:
        generation: 1 for the worker's first request, 2 for the next, ...
        numbers: The reading.

    Example:
        >>> job = RecomputeJob(1, None)  # type: ignore[arg-type]
        >>> job.finished.is_set(), job.error, job.stale
        (False, None, False)
    """

    generation: int
    numbers: BindingNumbers
    error: Exception | None = None
    stale: bool = False  # a newer request came before it finished: its numbers are dropped
    installed: bool = False
    finished: threading.Event = field(default_factory=threading.Event)


class RecomputeWorker:
    """One worker thread for one binding's readings.

    Args:
        loop: The kernel's event loop, on which finished readings and progress are handed back; ``None``: compute
            each request at once on the caller's thread.
        install: Called with the newest finished job, on the loop's thread (or the caller's, without a loop, or the
            thread that :meth:`wait` s).
        progress: Called with the share of the newest job's parts done (0 to 1), on the loop's thread.

    Example:
        >>> worker = RecomputeWorker(None, lambda job: None)
        >>> worker.busy, worker.wait(timeout=0)
        (False, True)
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop | None,
        install: Callable[[RecomputeJob], None],
        progress: Callable[[float], None] | None = None,
    ) -> None:
        self._loop = loop
        self._install = install
        self._progress = progress
        self._executor: ThreadPoolExecutor | None = None
        self._generation = 0
        self._latest: RecomputeJob | None = None  # the newest request not yet installed

    @property
    def busy(self) -> bool:
        """Whether a request waits to be installed (running, or finished and not yet handed back).

        Example:
            >>> RecomputeWorker(None, lambda job: None).busy
            False
        """
        return self._latest is not None

    @property
    def threaded(self) -> bool:
        """Whether requests are computed on the worker thread (there is an event loop to hand them back on).

        Example:
            >>> RecomputeWorker(None, lambda job: None).threaded
            False
        """
        return self._loop is not None

    def submit(self, numbers: BindingNumbers) -> RecomputeJob:
        """Compute ``numbers`` (every part of it); any older request still running becomes stale.

        Args:
            numbers: The reading to compute.

        Returns:
            The job; without an event loop it is finished (and installed) when this returns.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> worker = RecomputeWorker(None, lambda job: None)
            >>> job = worker.submit(BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {}))
            >>> job.generation, job.finished.is_set(), "metrics" in job.numbers._cache
            (1, True, True)
        """
        self._generation += 1
        job = RecomputeJob(self._generation, numbers)
        if self._latest is not None:
            self._latest.stale = True
        self._latest = job
        if self._loop is None:
            self._run(job)
            self._hand_back(job)
            return job
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="journeywidgets-recompute")
        self._executor.submit(self._run, job)
        return job

    def _run(self, job: RecomputeJob) -> None:
        try:
            parts = job.numbers.parts()
            for done, part in enumerate(parts, start=1):
                if job.stale:
                    return
                part()
                if self._loop is not None and self._progress is not None:
                    self._loop.call_soon_threadsafe(self._report, job, done / len(parts))
        except Exception as err:  # noqa: BLE001 - handed back with the job: the binding decides what it means
            job.error = err
        finally:
            job.finished.set()
            if self._loop is not None and not self._loop.is_closed():
                self._loop.call_soon_threadsafe(self._hand_back, job)

    def _report(self, job: RecomputeJob, share: float) -> None:
        if job is self._latest and self._progress is not None:
            self._progress(share)

    def _hand_back(self, job: RecomputeJob) -> None:
        """Install ``job`` if it is the newest request and not installed yet (on the loop's or waiting thread)."""
        if job is not self._latest or job.installed or not job.finished.is_set():
            return
        job.installed = True
        self._latest = None
        self._install(job)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the newest request is computed and installed (installing it on this thread).

        Args:
            timeout: Seconds at most; ``None``: as long as it takes.

        Returns:
            ``True`` when nothing is left to compute, ``False`` if ``timeout`` passed first.

        Example:
            >>> RecomputeWorker(None, lambda job: None).wait()
            True
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        while (job := self._latest) is not None:
            remaining = None if deadline is None else max(0.0, deadline - time.monotonic())
            if not job.finished.wait(remaining):
                return False
            self._hand_back(job)
        return True

    def close(self) -> None:
        """Make the running request stale and let the worker thread end (nothing more is installed).

        Example:
            >>> RecomputeWorker(None, lambda job: None).close()
        """
        if self._latest is not None:
            self._latest.stale = True
            self._latest = None
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None
