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
from typing import TYPE_CHECKING, Any

import pandas as pd

from journeywidgets.data import binding_options as opts
from journeywidgets.data import binding_values as derived
from journeywidgets.data.binding_analyses import BindingAnalyses
from journeywidgets.data.binding_values import SCORE_RANGES
from journeywidgets.data.errors import EventLogError, FunnelDefinitionError
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.funnel import funnel
from journeywidgets.data.kpis import column_metrics, stage_kpis
from journeywidgets.data.scheduling import Debouncer
from journeywidgets.data.stages import FunnelStage, stages_with_events
from journeywidgets.model import extensions
from journeywidgets.model.errors import JourneyError
from journeywidgets.model.journey import Change, Journey

if TYPE_CHECKING:
    import plotly.graph_objects as go

RECOMPUTE_DELAY = 0.2
BindingObserver = Callable[["Binding"], None]
__all__ = ["RECOMPUTE_DELAY", "SCORE_RANGES", "Binding", "BindingObserver"]  # SCORE_RANGES: from binding_values


class Binding(BindingAnalyses):
    """A journey bound to an event log: ``metrics``, per-persona metrics and KPIs, kept current.

    Made by :meth:`Journey.bind <journeywidgets.Journey.bind>`. The analyses run on demand under its
    options (``next_actions``, ``users``, ``trend``, ``compare_periods``,
    ``time_to_convert``, ``paths``, ``retention``, ``transitions``) come from
    :class:`~journeywidgets.data.binding_analyses.BindingAnalyses`.

    Args:
        journey: the journey whose stages, personas and metrics are measured.
        data: the event log (any dataframe narwhals accepts, or an :class:`EventLog`).
        **options: the log's columns (``user``, ``time``, ``event``, ``tz``, ``order``,
            ``engine``) and the options of :func:`~journeywidgets.funnel` (``mode``,
            ``window``, ``open``, ``date_range``, ``tie_policy``, ``by``, ...).

    Raises:
        EventLogError: (or a subclass) for the log, an option or a persona's segment.

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

    def to_plotly(
        self, personas: list[str] | str | None = None, *, by: str | None = None, template: Any = None
    ) -> go.Figure:
        """The funnel as a ``plotly.graph_objects.Figure`` (``go.Funnel``: reached on x, stages on y).

        ``personas="all"`` (or a list of ids/names) draws one trace per persona beside "All users";
        ``by`` one trace per value of a breakdown column. The figure follows plotly's default
        template (``plotly.io.templates.default``) unless ``template`` names another, as in
        :meth:`FunnelView.to_plotly <journeywidgets.FunnelView.to_plotly>`.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> figure = sample_journey().bind(sample_events(n_users=1500)).to_plotly(personas="all")
            >>> [trace.name for trace in figure.data][:2]
            ['All users', 'Maya, the busy professional']
        """
        funnel_figure = extensions.FUNNEL_FIGURE.get()  # export sits above data: see model.extensions
        title = self.journey.title
        if by is not None:
            return funnel_figure(self.breakdown(by), series=by, title=title, template=template)
        if personas is None:
            return funnel_figure(self.metrics, title=title, template=template)
        chosen = None if personas == "all" else ([personas] if isinstance(personas, str) else personas)
        colors = {p.name: p.color for p in self.journey.personas if p.color}
        return funnel_figure(self.compare(chosen), series="persona", title=title, colors=colors, template=template)

    def kpis(self, persona: str | None = None) -> pd.DataFrame:
        """Column metrics per stage (satisfaction, revenue, ...), for all users or one persona.

        Only users the binding's funnel counts at a stage are read there, under its
        options (mode, window, open, date range, tie policy; see ``stage_kpis``).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> "csat" in sample_journey().bind(sample_events(n_users=1500)).kpis().columns
            True
        """
        kpis: pd.DataFrame = self._stage_columns(persona).drop(columns=[derived.MEAN_ID], errors="ignore")
        return kpis

    def _stage_columns(self, persona: str | None) -> pd.DataFrame:
        """The KPIs and the emotion's score mean per stage, in one pass over the funnel's users' rows."""
        segment = None if persona is None else self.journey.persona(persona).segment or None
        options = opts.population_options(self.funnel_options)  # who is in the funnel, not its breakdown
        source = derived.emotion_source(self.journey.metrics)
        metrics = [*column_metrics(self.journey), *([derived.mean_metric(source)] if source else [])]
        return self._cached(
            f"kpis:{persona}",
            lambda: stage_kpis(self._log, self.journey, segment=segment, metrics=metrics, funnel_options=options),
        )

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
        Like the KPIs, it reads the users the binding's funnel counts, under its options.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> curve = sample_journey().bind(sample_events(n_users=1500)).derived_emotion()
            >>> sorted(curve), all(-2 <= v <= 2 for v in curve.values())  # stages with satisfaction scores
            (['advocacy', 'experience'], True)
        """
        source = derived.emotion_source(self.journey.metrics)
        if source is None:
            return {}
        table = self._stage_columns(persona)
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
