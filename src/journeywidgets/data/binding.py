"""``Binding``: a journey bound to an event log, with metrics that stay current.

It recomputes when the data is replaced (``update``) or appended to (``append``),
and when the journey's stage→event mapping, personas or metric definitions
change (debounced inside a kernel), then tells its observers. Widgets subscribe
to it; only these aggregates ever reach the browser.

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

from collections.abc import Callable
from typing import Any

import pandas as pd

from journeywidgets.data import binding_options as opts
from journeywidgets.data import binding_values as derived
from journeywidgets.data.binding_values import SCORE_RANGES
from journeywidgets.data.cohorts import Status, users
from journeywidgets.data.compare import compare_periods
from journeywidgets.data.errors import EventLogError, FunnelDefinitionError
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.funnel import funnel
from journeywidgets.data.kpis import stage_kpis
from journeywidgets.data.next_actions import next_actions
from journeywidgets.data.scheduling import Debouncer
from journeywidgets.data.stages import FunnelStage, stages_with_events
from journeywidgets.data.time_to_convert import TimeToConvert, time_to_convert
from journeywidgets.data.trend import Freq, trend
from journeywidgets.model import extensions
from journeywidgets.model.errors import JourneyError
from journeywidgets.model.journey import Change, Journey

RECOMPUTE_DELAY = 0.2
BindingObserver = Callable[["Binding"], None]
__all__ = ["RECOMPUTE_DELAY", "SCORE_RANGES", "Binding", "BindingObserver"]  # SCORE_RANGES: from binding_values


class Binding:
    """A journey bound to an event log: ``metrics``, per-persona metrics and KPIs, kept current.

    Made by :meth:`Journey.bind <journeywidgets.Journey.bind>`. ``funnel_options``
    are passed to :func:`~journeywidgets.funnel` (``mode``, ``window``, ``open``,
    ``date_range``, ``tie_policy``, ...); ``user``, ``time``, ``event``, ``tz``,
    ``order`` and ``engine`` describe the log.

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> binding = sample_journey().bind(sample_events(n_users=1500), window="7D")
        >>> binding.metrics.attrs["window"]
        '7 days, 0:00:00'
    """

    def __init__(self, journey: Journey, data: Any, **options: Any) -> None:
        self.journey = journey
        self._log_options, self.funnel_options = opts.split_log_options(options)
        self._log = self._make_log(data)
        opts.check_options(self._log, self.stages, self.funnel_options)
        self._observers: list[BindingObserver] = []
        self._cache: dict[str, Any] = {}
        self.revision = 0
        self.error: JourneyError | None = None
        self._fingerprint = derived.inputs_fingerprint(journey)
        self._debouncer = Debouncer(RECOMPUTE_DELAY, self._recompute)
        self._unobserve_journey = journey.observe(self._on_journey_change)
        self.metrics  # noqa: B018 - compute now, so a bad log or option fails at bind time

    def _make_log(self, data: Any) -> EventLog:
        log = EventLog(data, **self._log_options)
        log.stats  # noqa: B018 - checks the log is not empty
        return log

    @property
    def data(self) -> Any:
        """The bound dataframe, as given.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> type(sample_journey().bind(sample_events(n_users=250)).data).__name__
            'DataFrame'
        """
        return self._log.data

    def _cached(self, key: str, compute: Callable[[], pd.DataFrame]) -> pd.DataFrame:
        if key not in self._cache:
            self._cache[key] = compute()
        cached: pd.DataFrame = self._cache[key]
        return cached

    @property
    def stages(self) -> tuple[FunnelStage, ...]:
        """The journey stages the funnel follows: those that name events (stages still without events are skipped).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> len(sample_journey().bind(sample_events(n_users=250)).stages)
            5
        """
        stages, _skipped = stages_with_events(self.journey)
        if not stages:
            msg = (
                "no stage of the journey names an event yet; give stages events: journey.update_stage(id, events=[...])"
            )
            raise FunnelDefinitionError(msg, path="stages")
        return stages

    def _funnel(self, **extra: Any) -> pd.DataFrame:
        result = funnel(self._log, self.stages, **self.funnel_options, **extra)
        result.attrs["skipped_stages"] = list(stages_with_events(self.journey)[1])
        return result

    @property
    def metrics(self) -> pd.DataFrame:
        """The funnel over all users: one row per stage (see :func:`~journeywidgets.funnel`).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> int(sample_journey().bind(sample_events(n_users=500)).metrics["reached"].iloc[0]) > 0
            True
        """
        return self._cached("metrics", self._funnel)

    def persona_funnel(self, persona: str) -> pd.DataFrame:
        """The funnel of one persona's segment (by persona id or name).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=400))
            >>> binding.persona_funnel("raj").attrs["segment"]
            "acquisition_channel == 'price_comparison'"
        """
        found = self.journey.persona(persona)
        if not found.segment.strip():
            raise EventLogError(f"persona {found.name!r} has no segment, so it selects no users", path="segment")
        return self._cached(
            f"persona:{found.id}",
            lambda: self._funnel(segment=found.segment),
        )

    @property
    def persona_metrics(self) -> dict[str, pd.DataFrame]:
        """The funnel of each persona that has a segment, by persona id.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> table = sample_journey().bind(sample_events(n_users=1500)).persona_metrics["maya"]
            >>> int(table["reached"].iloc[0]) > 0
            True
        """
        return {p.id: self.persona_funnel(p.id) for p in self.journey.personas if p.segment.strip()}

    def compare(self, personas: list[str] | None = None) -> pd.DataFrame:
        """Personas side by side: the funnels of ``personas`` (default: all with a segment) plus "All users".

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> table = sample_journey().bind(sample_events(n_users=1500)).compare()
            >>> table["persona"].unique().tolist()
            ['All users', 'Maya, the busy professional', 'Raj, the deal hunter', 'Elena, the loyal regular']
        """
        chosen = (
            [self.journey.persona(ref) for ref in personas]
            if personas
            else [p for p in self.journey.personas if p.segment.strip()]
        )
        return derived.side_by_side(self.metrics, [(p.id, p.name, self.persona_funnel(p.id)) for p in chosen])

    def breakdown(self, by: str | list[str], persona: str | None = None) -> pd.DataFrame:
        """The funnel broken down by a column (or several), for all users or one persona's segment.

        Attribution follows the binding's options (at entry unless ``attribution=`` was given).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> table = sample_journey().bind(sample_events(n_users=1500)).breakdown("device")
            >>> sorted(table["device"].unique())
            ['desktop', 'mobile', 'tablet']
        """
        columns = [by] if isinstance(by, str) else list(by)
        extra: dict[str, Any] = {"by": columns}
        if persona is not None:
            found = self.journey.persona(persona)
            extra["segment"] = found.segment or None
        key = f"by:{columns}:{persona}"
        return self._cached(key, lambda: self._funnel(**extra))

    def to_plotly(self, personas: list[str] | str | None = None, *, by: str | None = None) -> Any:
        """The funnel as a ``plotly.graph_objects.Figure`` (``go.Funnel``: reached on x, stages on y).

        ``personas="all"`` (or a list of ids/names) draws one trace per persona beside "All users";
        ``by`` one trace per value of a breakdown column.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> figure = sample_journey().bind(sample_events(n_users=1500)).to_plotly(personas="all")
            >>> [trace.name for trace in figure.data][:2]
            ['All users', 'Maya, the busy professional']
        """
        funnel_figure = extensions.FUNNEL_FIGURE.get()  # export sits above data: see model.extensions
        if by is not None:
            return funnel_figure(self.breakdown(by), series=by, title=self.journey.title)
        if personas is None:
            return funnel_figure(self.metrics, title=self.journey.title)
        chosen = None if personas == "all" else ([personas] if isinstance(personas, str) else personas)
        colors = {p.name: p.color for p in self.journey.personas if p.color}
        return funnel_figure(self.compare(chosen), series="persona", title=self.journey.title, colors=colors)

    def kpis(self, persona: str | None = None) -> pd.DataFrame:
        """Column metrics per stage (satisfaction, revenue, ...), for all users or one persona.

        Only users the binding's funnel counts at a stage are read there, under its
        options (mode, window, open, date range, tie policy; see ``stage_kpis``).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> "csat" in sample_journey().bind(sample_events(n_users=1500)).kpis().columns
            True
        """
        segment = None if persona is None else self.journey.persona(persona).segment or None
        options = self._population_options()
        return self._cached(
            f"kpis:{persona}", lambda: stage_kpis(self._log, self.journey, segment=segment, funnel_options=options)
        )

    def _population_options(self) -> dict[str, Any]:
        """The funnel options that decide who is in the funnel (not how its numbers are broken down)."""
        return opts.population_options(self.funnel_options)

    def next_actions(self, persona: str | None = None, **options: Any) -> pd.DataFrame:
        """What users who stopped at each stage did next (see :func:`~journeywidgets.next_actions`).

        Under the binding's funnel options, for all users or one persona's segment
        (``segment=`` in ``options`` for any other filter); ``top`` and ``repeats`` go through.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> sample_journey().bind(sample_events(n_users=1500)).next_actions()["stage"].iloc[0]
            'Awareness'
        """
        chosen = {**self._population_options(), **options}
        if persona is not None:
            chosen["segment"] = self.journey.persona(persona).segment or None
        return next_actions(self._log, self.stages, **chosen)

    def _analysis_options(self, persona: str | None, options: dict[str, Any]) -> dict[str, Any]:
        """The population options (mode, window, open, date range, tie policy, segment), a persona's segment, extras."""
        chosen = {**self._population_options(), **options}
        if persona is not None:
            chosen["segment"] = self.journey.persona(persona).segment or None
        return chosen

    def users(self, stage: str | int, status: Status = "reached", persona: str | None = None, **options: Any) -> Any:
        """The users at a stage: reached it, converted to the next, or abandoned it (see :func:`~journeywidgets.users`).

        Under the binding's funnel options, for all users or one persona's segment, in a
        dataframe of the bound log's kind: ``len(binding.users(k))`` is ``reached`` at ``k``.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=500), window="7D")
            >>> len(binding.users("purchase")) == int(binding.metrics.set_index("stage_id")["reached"]["purchase"])
            True
        """
        return users(self._log, self.stages, stage, status, **self._analysis_options(persona, options))

    def trend(self, freq: Freq = "D", persona: str | None = None, **options: Any) -> pd.DataFrame:
        """The funnel per entry period (see :func:`~journeywidgets.trend`), under the binding's options.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> table = sample_journey().bind(sample_events(n_users=500), window="7D").trend("W")
            >>> bool(table["complete"].iloc[-1])
            False
        """
        return trend(self._log, self.stages, freq, **self._analysis_options(persona, options))

    def compare_periods(
        self, before: tuple[Any, Any], after: tuple[Any, Any], persona: str | None = None, **options: Any
    ) -> pd.DataFrame:
        """Conversion before and after a change, with a 95 % interval and a p-value (see ``compare_periods``).

        The binding's own ``date_range`` is replaced by the two periods.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=800))
            >>> table = binding.compare_periods(("2026-01-01", "2026-01-20"), ("2026-01-20", "2026-02-10"))
            >>> table["group_b"].iloc[0]
            'after'
        """
        chosen = self._analysis_options(persona, options)
        chosen.pop("date_range", None)
        chosen.pop("open", None)
        return compare_periods(self._log, self.stages, before=before, after=after, **chosen)

    def time_to_convert(
        self, stage: str | int, bins: int | list[Any] = 10, persona: str | None = None, **options: Any
    ) -> TimeToConvert:
        """How long users took from the first stage to ``stage``: histogram and percentiles (``time_to_convert``).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> result = sample_journey().bind(sample_events(n_users=500)).time_to_convert("purchase", bins=5)
            >>> len(result.histogram)
            5
        """
        chosen = self._analysis_options(persona, options)
        chosen.pop("open", None)
        return time_to_convert(self._log, self.stages, stage, bins, **chosen)

    def metric_values(self, persona: str | None = None) -> dict[str, dict[str, float | None]]:
        """Every journey metric's value per stage id, ready for a map's metric lanes.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> values = sample_journey().bind(sample_events(n_users=1500)).metric_values()
            >>> sorted(values), values["reach"]["awareness"] > 0
            (['conversion', 'csat', 'dropoff', 'reach', 'revenue', 'ttc'], True)
        """
        table = self.metrics if persona is None else self.persona_funnel(persona)
        return derived.metric_values(self.journey.metrics, table, self.kpis(persona))

    def derived_emotion(self, persona: str | None = None) -> dict[str, float]:
        """An emotion series measured from data: each stage's mean satisfaction, on the journey's emotion scale.

        The score column is that of the journey's first ``csat`` (1-5), ``ces`` (1-7) or
        ``nps`` (0-10) metric; the mean is placed linearly from the bottom of the emotion
        scale (worst score) to its top (best). Empty when the journey has no such metric.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> curve = sample_journey().bind(sample_events(n_users=1500)).derived_emotion()
            >>> sorted(curve), all(-2 <= v <= 2 for v in curve.values())  # stages with satisfaction scores
            (['advocacy', 'experience'], True)
        """
        source = derived.emotion_source(self.journey.metrics)
        if source is None:
            return {}
        segment = None if persona is None else self.journey.persona(persona).segment or None
        mean = derived.mean_metric(source)
        table = self._cached(
            f"emotion:{persona}", lambda: stage_kpis(self._log, self.journey, segment=segment, metrics=[mean])
        )
        means = dict(zip(table["stage_id"], table[derived.MEAN_ID], strict=True))
        return derived.emotion_from_scores(means, kind=source.kind, scale=self.journey.emotion_scale)

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

        A bad log raises and leaves the binding, its data and its metrics unchanged.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=500))
            >>> binding.update(sample_events(n_users=1000, seed=2)); binding.revision
            1
        """
        log = self._make_log(data)
        self._log = log
        self._recompute()
        if self.error is not None:
            raise self.error

    def append(self, rows: Any) -> None:
        """Add rows to the event log (a dataframe of the same library and columns) and recompute.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> log = sample_events(n_users=1000)
            >>> binding = sample_journey().bind(log.iloc[:3000])
            >>> binding.append(log.iloc[3000:]); binding.metrics.attrs["rows"] == len(log)
            True
        """
        self.update(opts.appended(self._log.data, rows))

    def set_options(self, **options: Any) -> None:
        """Change funnel options (``window``, ``mode``, ``date_range``, ``open``, ...) and recompute.

        An option the funnel refuses raises, and the binding keeps its options and numbers.

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
        merged = opts.merged_options(self._log, self.stages, self.funnel_options, options)  # before anything is stored
        previous, cache = self.funnel_options, self._cache
        self.funnel_options, self._cache = merged, {}
        try:
            self.metrics  # noqa: B018 - check the options before anyone sees them
        except JourneyError:
            self.funnel_options, self._cache = previous, cache
            raise
        self._publish(error=None)

    def _on_journey_change(self, _change: Change) -> None:
        fingerprint = derived.inputs_fingerprint(self.journey)
        if fingerprint != self._fingerprint:
            self._fingerprint = fingerprint
            self._debouncer.trigger()

    def _recompute(self) -> None:
        """Recompute and notify; a journey edit that breaks the numbers sets ``error`` instead of raising."""
        self._cache.clear()
        try:
            self.metrics  # noqa: B018 - recompute eagerly so observers read fresh numbers
            opts.check_persona_segments(self._log, self.stages, self.funnel_options, self.journey.personas)
        except JourneyError as err:
            self._publish(error=err)
        else:
            self._publish(error=None)

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
        self._unobserve_journey()

    def __repr__(self) -> str:
        rows, engine = self._log.stats["rows"], self._log.implementation
        return f"<Binding {self.journey.title!r} to {rows} events on {engine}, revision {self.revision}>"
