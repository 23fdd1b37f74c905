"""``Binding``: a journey bound to an event log, with metrics that stay current.

It recomputes when the data is replaced (``update``) or appended to (``append``),
and when the journey's stage→event mapping, personas or metric definitions
change (debounced inside a kernel), then tells its observers. Widgets subscribe
to it; only these aggregates ever reach the browser.

Inside a kernel the numbers are computed on a worker thread (see
:mod:`journeywidgets.data.recompute`): the kernel goes on handling browser edits,
``busy`` and ``progress`` say how far it is (``status`` holds them as traits, for
views), and the views show the last numbers until the new ones are in. Reading a
number (``metrics``, ``kpis()``, ...) waits for the newest; so does ``wait()``.

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> journey = sample_journey()
    >>> binding = journey.bind(sample_events(n_users=500))
    >>> binding.metrics["stage"].tolist()[:2]
    ['Awareness', 'Consideration']
    >>> sorted(binding.persona_metrics)
    ['elena', 'maya', 'raj']
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any

import traitlets

from journeywidgets.data import binding_options as opts
from journeywidgets.data import binding_values as derived
from journeywidgets.data.aside import AsideRunner, Done, ReadingAnalyses
from journeywidgets.data.binding_analyses import BindingAnalyses
from journeywidgets.data.binding_numbers import BindingNumbers
from journeywidgets.data.binding_readers import BindingReaders
from journeywidgets.data.binding_values import SCORE_RANGES
from journeywidgets.data.errors import EventLogError
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.recompute import RecomputeJob, RecomputeWorker
from journeywidgets.data.scheduling import Debouncer, kernel_loop
from journeywidgets.data.stages import FunnelStage
from journeywidgets.model.errors import JourneyError
from journeywidgets.model.journey import Change, Journey

RECOMPUTE_DELAY = 0.2
BindingObserver = Callable[["Binding"], None]
__all__ = ["RECOMPUTE_DELAY", "SCORE_RANGES", "Binding", "BindingObserver", "BindingStatus"]  # SCORE_RANGES: values


class BindingStatus(traitlets.HasTraits):
    """Whether a binding is computing new numbers, and how far it is: traits, so views can follow them.

    Example:
        >>> status = BindingStatus(); seen = []
        >>> status.observe(lambda change: seen.append(change["new"]), names="busy")
        >>> status.busy = True; status.busy = False; seen
        [True, False]
    """

    #: a recomputation is running (or finished and not yet handed to the views)
    busy = traitlets.Bool(default_value=False)
    #: the share of the running recomputation done, 0 to 1 (1 when idle)
    progress = traitlets.Float(1.0)


class Binding(BindingReaders, BindingAnalyses):
    """A journey bound to an event log: ``metrics``, per-persona metrics and KPIs, kept current.

    Made by :meth:`Journey.bind <journeywidgets.Journey.bind>`. The analyses run on demand under its
    options (``next_actions``, ``users``, ``trend``, ``compare_periods``,
    ``time_to_convert``, ``paths``, ``retention``, ``transitions``) come from
    :class:`~journeywidgets.data.binding_analyses.BindingAnalyses`.

    Args:
        journey: the journey whose stages, personas and metrics are measured.
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        background: Compute on a worker thread: ``None`` (default) inside a kernel (a running event loop
            in an IPython kernel); ``True`` needs a running event loop; ``False`` always on the caller's thread.
        **options: the log's columns (``user``, ``time``, ``event``, ``tz``, ``order``,
            ``unit``, ``engine``) and the options of :func:`~journeywidgets.funnel` (``mode``,
            ``window``, ``open``, ``date_range``, ``tie_policy``, ``by``, ...).

    Raises:
        EventLogError: (or a subclass) for the log, an option or a persona's segment.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> binding = sample_journey().bind(sample_events(n_users=1500), window="7D")
        >>> binding.metrics.attrs["window"]
        '7 days, 0:00:00'
    """

    def __init__(self, journey: Journey, data: Any, *, background: bool | None = None, **options: Any) -> None:
        self.journey = journey
        self._log_options, self.funnel_options = opts.split_log_options(options)
        self._engine_lock = threading.RLock()  # one thread at a time in the engine (see binding_numbers)
        self._current_log = self._make_log(data)
        self._numbers = self._reading()
        opts.check_options(self._current_log, self.stages, self.funnel_options)
        self._observers: list[BindingObserver] = []
        self.revision = 0
        self.error: JourneyError | None = None
        self.status = BindingStatus()
        loop = _event_loop(background)
        self._worker = RecomputeWorker(loop, self._install, self._report)
        self._aside = AsideRunner(loop, self._engine_lock)
        self._fingerprint = derived.inputs_fingerprint(journey)
        self._debouncer = Debouncer(RECOMPUTE_DELAY, self._recompute)
        self._unobserve_journey = journey.observe(self._on_journey_change)
        self._numbers.metrics  # noqa: B018 - compute now, so a bad log or option fails at bind time

    def _make_log(self, data: Any) -> EventLog:
        with self._engine_lock:
            log = EventLog(data, **self._log_options)
            log.stats  # noqa: B018 - checks the log is not empty
        return log

    def _reading(self, funnel_options: dict[str, Any] | None = None) -> BindingNumbers:
        """A new reading: the journey as it is now (a copy nobody edits), the current log, the options."""
        frozen = Journey.from_dict(self.journey.document, history_limit=0)
        options = self.funnel_options if funnel_options is None else funnel_options
        return BindingNumbers(frozen, self._current_log, options, self._engine_lock)

    @property
    def _log(self) -> EventLog:
        """The log, once no recomputation runs (the analyses then have the engine to themselves)."""
        self.wait()
        return self._current_log

    @property
    def data(self) -> Any:
        """The bound dataframe, as given.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> type(sample_journey().bind(sample_events(n_users=250)).data).__name__
            'DataFrame'
        """
        return self._current_log.data

    @property
    def busy(self) -> bool:
        """Whether new numbers are being computed (inside a kernel, on the worker thread); see ``status``.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> sample_journey().bind(sample_events(n_users=250)).busy  # outside a kernel: computed at once
            False
        """
        return self.status.busy

    @property
    def progress(self) -> float:
        """The share of the running recomputation done, 0 to 1 (1 when idle); see ``status``.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> sample_journey().bind(sample_events(n_users=250)).progress
            1.0
        """
        return self.status.progress

    @property
    def published(self) -> BindingNumbers:
        """The last numbers computed, without waiting for newer ones: what the views show while ``busy``.

        Its ``journey`` is the journey as it was when they were computed (views read personas from it).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=250))
            >>> binding.published.metrics is binding.metrics
            True
        """
        return self._numbers

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the numbers are current (a pending journey edit included); for scripts and tests.

        Args:
            timeout: Seconds at most; ``None``: as long as it takes.

        Returns:
            ``True`` when the numbers are current, ``False`` if ``timeout`` passed first.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> sample_journey().bind(sample_events(n_users=250)).wait(timeout=5)
            True
        """
        self._debouncer.flush()
        return self._worker.wait(timeout)

    def analyse_beside(self, key: str, compute: Callable[[BindingAnalyses], Any], done: Done) -> None:
        """Run an analysis of the published numbers beside the kernel; ``done(result, error)`` gets its answer.

        For views (see :mod:`~journeywidgets.data.aside`): ``compute`` gets the analyses
        (``paths``, ``time_to_convert``, ...) of the reading the views show, runs on a thread
        when this binding computes in the background (else at once), and a newer request of
        the same ``key`` drops an older one.

        Args:
            key: Who asks; a newer request with this key makes an older one stale.
            compute: The analysis, given a :class:`~journeywidgets.data.aside.ReadingAnalyses`.
            done: Called on the kernel's loop with ``(result, None)`` or ``(None, error)``.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding, got = sample_journey().bind(sample_events(n_users=300)), []
            >>> binding.analyse_beside("n", lambda a: len(a.stages), lambda result, error: got.append(result))
            >>> got
            [5]
        """
        self._aside.run(key, ReadingAnalyses(self._numbers), compute, done)

    def _current(self) -> BindingNumbers:
        self.wait()
        return self._numbers

    @property
    def stages(self) -> tuple[FunnelStage, ...]:
        """The journey stages the funnel follows: those that name events (stages still without events are skipped).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> len(sample_journey().bind(sample_events(n_users=250)).stages)
            5
        """
        return BindingNumbers(self.journey, self._current_log, self.funnel_options).stages

    def observe(self, callback: BindingObserver) -> Callable[[], None]:
        """Call ``callback(binding)`` after every recomputation; returns a function that stops it.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=500))
            >>> seen = []
            >>> stop = binding.observe(lambda b: seen.append(b.revision))
            >>> binding.update(sample_events(n_users=600)); stop()
            >>> seen
            [1]
        """
        self._observers.append(callback)

        def unobserve() -> None:
            if callback in self._observers:
                self._observers.remove(callback)

        return unobserve

    def update(self, data: Any) -> None:
        """Replace the event log (same column mapping) and recompute.

        A bad log raises and leaves the binding, its data and its metrics unchanged. Inside a kernel the
        numbers then come on the worker thread (an error in them reaches ``error`` and the views; ``wait()``
        blocks until they are in); elsewhere they are computed before this returns, and an error raises.

        Args:
            data: The new event log (any dataframe narwhals accepts, or an :class:`EventLog`).

        Raises:
            EventLogError: (or a subclass) for the log; outside a kernel also for the numbers.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=500))
            >>> binding.update(sample_events(n_users=1000, seed=2)); binding.revision
            1
        """
        self._current_log = self._make_log(data)
        self._recompute()
        if self.error is not None and not self._worker.threaded:
            raise self.error

    def append(self, rows: Any) -> None:
        """Add rows to the event log (a dataframe of the same library and columns) and recompute.

        Args:
            rows: The new events, as a dataframe of the bound log's library with its columns.

        Raises:
            EventLogError: (or a subclass) as :meth:`update`.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> log = sample_events(n_users=1000)
            >>> binding = sample_journey().bind(log.iloc[:3000])
            >>> binding.append(log.iloc[3000:]); binding.metrics.attrs["rows"] == len(log)
            True
        """
        self.update(opts.appended(self._current_log.data, rows))

    def set_options(self, **options: Any) -> None:
        """Change funnel options (``window``, ``mode``, ``date_range``, ``open``, ...) and recompute.

        An option the funnel refuses raises, and the binding keeps its options and numbers: the funnel of
        all users is computed before this returns; inside a kernel the personas' come on the worker thread.

        Args:
            **options: The options to change (see :func:`~journeywidgets.funnel`).

        Raises:
            FunnelDefinitionError: (or another ``EventLogError``) for an option the funnel refuses.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=500))
            >>> binding.set_options(window="1D"); binding.metrics.attrs["window"], binding.revision
            ('1 day, 0:00:00', 1)
            >>> binding.set_options(mode="sideways")
            Traceback (most recent call last):
            ...
            journeywidgets.data.errors.FunnelDefinitionError: ...
        """
        merged = opts.merged_options(self._current_log, self.stages, self.funnel_options, options)
        reading = self._reading(merged)
        reading.metrics  # noqa: B018 - check the options before anything is stored
        self.funnel_options = merged
        self._submit(reading)

    def _on_journey_change(self, _change: Change) -> None:
        fingerprint = derived.inputs_fingerprint(self.journey)
        if fingerprint != self._fingerprint:
            self._fingerprint = fingerprint
            self._debouncer.trigger()

    def _recompute(self) -> None:
        """Recompute from the journey, log and options as they are now, then notify the observers."""
        self._submit(self._reading())

    def _submit(self, reading: BindingNumbers) -> None:
        if self._worker.threaded:
            self.status.progress = 0.0
            self.status.busy = True
        self._worker.submit(reading)

    def _report(self, share: float) -> None:
        self.status.progress = share

    def _install(self, job: RecomputeJob) -> None:
        """The newest reading is in: it becomes the numbers; a failure becomes ``error`` (raised here unthreaded)."""
        self._numbers = job.numbers
        error = job.error
        if error is not None and not isinstance(error, JourneyError):
            if not self._worker.threaded:
                raise error
            wrapped = EventLogError(f"recomputing the numbers failed: {type(error).__name__}: {error}", path="data")
            wrapped.__cause__ = error
            error = wrapped
        self.status.progress = 1.0
        self.status.busy = False
        self._publish(error=error)

    def _publish(self, *, error: JourneyError | None) -> None:
        self.error = error
        self.revision += 1
        for callback in list(self._observers):
            callback(self)

    def close(self) -> None:
        """Stop following the journey (and drop any pending recomputation).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> sample_journey().bind(sample_events(n_users=250)).close()
        """
        self._debouncer.cancel()
        self._worker.close()
        self._aside.close()
        self.status.busy = False
        self._unobserve_journey()

    def __repr__(self) -> str:
        rows, engine = self._current_log.stats["rows"], self._current_log.implementation
        return f"<Binding {self.journey.title!r} to {rows} events on {engine}, revision {self.revision}>"


def _event_loop(background: bool | None) -> asyncio.AbstractEventLoop | None:
    """The loop a binding's worker hands its numbers back on, or ``None`` to compute on the caller's thread."""
    if background is False:
        return None
    loop = kernel_loop()
    if loop is not None or background is None:
        return loop
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        msg = "background=True needs a running event loop (a kernel's, or asyncio's); pass background=False or None"
        raise EventLogError(msg, path="background") from None
