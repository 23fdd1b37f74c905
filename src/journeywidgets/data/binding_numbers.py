"""``BindingNumbers``: the numbers of one reading of a binding, each computed once, on demand.

A reading is a journey as it was (a copy nobody edits), an event log and the funnel options. A
:class:`~journeywidgets.Binding` makes a new reading whenever one of them changes and computes it,
on a worker thread inside a kernel (see :mod:`journeywidgets.data.recompute`), while the views go
on showing the last reading it finished. Nothing in a reading changes after it is made, so a
reading that finishes late is thrown away whole, never half-mixed with a newer one.

Computations of one binding's readings share a lock (``engine_lock``): an engine (a DuckDB
connection above all) is never used by two threads at once. A number already computed is read
without it.

Example:
    >>> from journeywidgets import sample_events, sample_journey
    >>> from journeywidgets.data.eventlog import EventLog
    >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
    >>> numbers.metrics["stage"].tolist()[:2], sorted(numbers.persona_metrics)
    (['Awareness', 'Consideration'], ['elena', 'maya', 'raj'])
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any

import pandas as pd

from journeywidgets.data import binding_options as opts
from journeywidgets.data import binding_values as derived
from journeywidgets.data.errors import EventLogError, FunnelDefinitionError
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.funnel import funnel
from journeywidgets.data.kpis import column_metrics, kpis_by_segment, stage_kpis
from journeywidgets.data.segmented import batch_segments
from journeywidgets.data.segments import with_segment
from journeywidgets.data.stage_retention import retention_metrics, stage_retention
from journeywidgets.data.stages import FunnelStage, stages_with_events
from journeywidgets.model.entities import MetricDef
from journeywidgets.model.errors import JourneyError
from journeywidgets.model.journey import Journey

__all__ = ["BindingNumbers"]


class BindingNumbers:
    """The funnels, KPIs, metric values and measured emotion of one reading (journey, log, options).

    Args:
        journey: The journey as it was when the reading was made (not edited afterwards).
        log: The event log.
        funnel_options: The options of :func:`~journeywidgets.funnel` (``mode``, ``window``, ...).
        engine_lock: The lock every computation of this binding's readings takes (made if not given).

    Example:
        >>> from journeywidgets import sample_events, sample_journey
        >>> from journeywidgets.data.eventlog import EventLog
        >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {"window": "7D"})
        >>> numbers.metrics.attrs["window"]
        '7 days, 0:00:00'
    """

    def __init__(
        self,
        journey: Journey,
        log: EventLog,
        funnel_options: dict[str, Any],
        engine_lock: threading.RLock | None = None,
    ) -> None:
        self.journey = journey
        self.log = log
        self.funnel_options = funnel_options
        self._lock = engine_lock if engine_lock is not None else threading.RLock()
        self._cache: dict[str, Any] = {}

    def _cached(self, key: str, compute: Callable[[], Any]) -> Any:
        found = self._cache.get(key)  # read without the lock: a number once computed never changes
        if found is not None:
            return found
        with self._lock:
            if key not in self._cache:
                self._cache[key] = compute()
            return self._cache[key]

    def parts(self) -> list[Callable[[], Any]]:
        """What the views read, as separate computations, in the order a worker computes them.

        The funnel of all users, the personas' segments checked, each persona's funnel, then the KPIs (with the
        measured emotion) of all users and of every persona, in one query, and, when the journey has
        retention metrics, their values for all users and for each persona. A worker computes them one after the
        other (its progress is the share done) and can stop between two.

        Returns:
            The computations, each a function of no arguments.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> len(numbers.parts())  # all users, the check, 3 personas; then the KPIs of all of them in one query
            6
        """
        segmented = [p.id for p in self.journey.personas if p.segment.strip()]
        retained = [(lambda pid=pid: self.retention(pid)) for pid in [None, *segmented]]
        return [
            lambda: self.metrics,
            self.check_segments,
            *[(lambda pid=pid: self.persona_funnel(pid)) for pid in segmented],
            self.all_kpis,
            *(retained if retention_metrics(self.journey) else []),
        ]

    def check_segments(self) -> None:
        """Check every persona's segment against the log (a clear error naming the persona, not a failed query).

        Raises:
            EventLogError: A segment names a column the log lacks or is not a valid expression.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> journey = sample_journey(); _ = journey.update_persona("maya", segment="shoe_size > 3")
            >>> BindingNumbers(journey, EventLog(sample_events(n_users=100)), {}).check_segments()
            Traceback (most recent call last):
            ...
            journeywidgets.data.errors.MissingColumnError: segment column 'shoe_size' is not in the event log; ...
        """
        with self._lock:
            opts.check_persona_segments(self.log, self.stages, self.funnel_options, self.journey.personas)

    @property
    def stages(self) -> tuple[FunnelStage, ...]:
        """The journey stages the funnel follows: those that name events (stages still without events are skipped).

        Raises:
            FunnelDefinitionError: No stage names an event yet.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> len(BindingNumbers(sample_journey(), EventLog(sample_events(n_users=100)), {}).stages)
            5
        """
        stages, _skipped = stages_with_events(self.journey)
        if not stages:
            msg = (
                "no stage of the journey names an event yet; give stages events: journey.update_stage(id, events=[...])"
            )
            raise FunnelDefinitionError(msg, path="stages")
        return stages

    def _funnel(self, segment: str | None = None, **extra: Any) -> pd.DataFrame:
        """The funnel under the binding's options, ``segment`` (a persona's) within the binding's own."""
        result = funnel(self.log, self.stages, **{**with_segment(self.funnel_options, segment), **extra})
        result.attrs["skipped_stages"] = list(stages_with_events(self.journey)[1])
        return result

    @property
    def metrics(self) -> pd.DataFrame:
        """The funnel over all users: one row per stage (see :func:`~journeywidgets.funnel`).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> int(numbers.metrics["reached"].iloc[0])  # of 300 users, 280 came in at Awareness
            280
        """
        table: pd.DataFrame = self._cached("metrics", self._funnel)
        return table

    def persona_funnel(self, persona: str) -> pd.DataFrame:
        """The funnel of one persona's segment (by persona id or name).

        Args:
            persona: A persona id or name.

        Returns:
            The funnel table, its ``attrs["segment"]`` the persona's segment.

        Raises:
            EventLogError: The persona has no segment.
            NotFoundError: No persona has that id or name.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> numbers.persona_funnel("raj").attrs["segment"]
            "acquisition_channel == 'price_comparison'"
        """
        found = self.journey.persona(persona)
        if not found.segment.strip():
            raise EventLogError(f"persona {found.name!r} has no segment, so it selects no users", path="segment")
        table: pd.DataFrame = self._cached(f"persona:{found.id}", lambda: self._segment_funnel(found.segment))
        return table

    def _segment_funnel(self, segment: str) -> pd.DataFrame:
        """A persona's funnel; the first one asks for every persona's segment together (their users in one pass)."""
        self._ask_segments_together()
        return self._funnel(segment=segment)

    def _ask_segments_together(self) -> None:
        """Before the first persona's numbers (a funnel or the KPIs): every persona's users are found in one pass."""
        if "segments-batched" not in self._cache:
            # a bad segment: no batch, each persona's funnel finds its own users (and the bad one says why)
            with contextlib.suppress(JourneyError):
                batch_segments(self.log, [p.segment for p in self.journey.personas])
            self._cache["segments-batched"] = True

    @property
    def persona_metrics(self) -> dict[str, pd.DataFrame]:
        """The funnel of each persona that has a segment, by persona id.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> sorted(numbers.persona_metrics)
            ['elena', 'maya', 'raj']
        """
        return {p.id: self.persona_funnel(p.id) for p in self.journey.personas if p.segment.strip()}

    def compare(self, personas: list[str] | None = None) -> pd.DataFrame:
        """Personas side by side: the funnels of ``personas`` (default: all with a segment) plus "All users".

        Args:
            personas: Persona ids or names; ``None``: every persona with a segment.

        Returns:
            The funnels stacked, a ``persona`` column first.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> numbers.compare(["raj"])["persona"].unique().tolist()
            ['All users', 'Raj, the deal hunter']
        """
        chosen = (
            [self.journey.persona(ref) for ref in personas]
            if personas
            else [p for p in self.journey.personas if p.segment.strip()]
        )
        return derived.side_by_side(self.metrics, [(p.id, p.name, self.persona_funnel(p.id)) for p in chosen])

    def breakdown(self, by: str | list[str], persona: str | None = None) -> pd.DataFrame:
        """The funnel broken down by a column (or several), for all users or one persona's segment.

        Args:
            by: A column, or several.
            persona: A persona id or name whose segment selects the users; ``None``: all users.

        Returns:
            One funnel row per stage and value of ``by``.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> sorted(numbers.breakdown("device")["device"].unique())
            ['desktop', 'mobile', 'tablet']
        """
        columns = [by] if isinstance(by, str) else list(by)
        extra: dict[str, Any] = {"by": columns}
        if persona is not None:
            extra["segment"] = self.journey.persona(persona).segment or None
        table: pd.DataFrame = self._cached(f"by:{columns}:{persona}", lambda: self._funnel(**extra))
        return table

    def kpis(self, persona: str | None = None) -> pd.DataFrame:
        """Column metrics per stage (satisfaction, revenue, ...), for all users or one persona.

        Args:
            persona: A persona id or name; ``None``: all users.

        Returns:
            One row per stage: ``stage_id`` and a column per column metric.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> "csat" in numbers.kpis().columns, derived.MEAN_ID in numbers.kpis().columns
            (True, False)
        """
        kpis: pd.DataFrame = self._stage_columns(persona).drop(columns=[derived.MEAN_ID], errors="ignore")
        return kpis

    def _kpi_inputs(self) -> tuple[list[MetricDef], dict[str, Any]]:
        source = derived.emotion_source(self.journey.metrics)
        metrics = [*column_metrics(self.journey), *([derived.mean_metric(source)] if source else [])]
        return metrics, opts.population_options(self.funnel_options)  # who is in the funnel, not its breakdown

    def _stage_columns(self, persona: str | None) -> pd.DataFrame:
        """The KPIs and the emotion's score mean per stage, in one pass over the funnel's users' rows."""
        segment = None if persona is None else self.journey.persona(persona).segment or None
        metrics, options = self._kpi_inputs()
        key = f"kpis:{None if persona is None else self.journey.persona(persona).id}"
        table: pd.DataFrame = self._cached(
            key,
            lambda: stage_kpis(self.log, self.journey, metrics=metrics, funnel_options=with_segment(options, segment)),
        )
        return table

    def all_kpis(self) -> None:
        """Compute the KPIs (and the emotion's score means) of all users and of every persona, in one query.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> numbers.all_kpis(); sorted(key for key in numbers._cache if key.startswith("kpis:"))
            ['kpis:None', 'kpis:elena', 'kpis:maya', 'kpis:raj']
        """
        segments: dict[str | None, str | None] = {None: None}
        segments.update({p.id: p.segment for p in self.journey.personas if p.segment.strip()})
        if all(f"kpis:{key}" in self._cache for key in segments):
            return
        metrics, options = self._kpi_inputs()
        self._ask_segments_together()
        with self._lock:
            own = options.pop("segment", None)  # the binding's own segment holds for every persona's too
            segments = {
                key: with_segment({"segment": own}, segment).get("segment") for key, segment in segments.items()
            }
            tables = kpis_by_segment(self.log, self.journey, segments, metrics=metrics, funnel_options=options)
            for key, table in tables.items():
                self._cache.setdefault(f"kpis:{key}", table)

    def metric_values(self, persona: str | None = None) -> dict[str, dict[str, float | None]]:
        """Every journey metric's value per stage id, ready for a map's metric lanes.

        Args:
            persona: A persona id or name; ``None``: all users.

        Returns:
            ``{metric id: {stage id: value or None}}``.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> numbers.metric_values()["reach"]["awareness"]  # the funnel's reached at Awareness
            280.0
        """
        table = self.metrics if persona is None else self.persona_funnel(persona)
        kpis = self.kpis(persona)
        if retention_metrics(self.journey):
            retained = self.retention(persona)
            kpis = kpis.join(retained.drop(columns="stage").set_index("stage_id"), on="stage_id")
        return derived.metric_values(self.journey.metrics, table, kpis)

    def retention(self, persona: str | None = None) -> pd.DataFrame:
        """The journey's retention metrics per stage (see :func:`~journeywidgets.data.stage_retention.stage_retention`).

        Args:
            persona: A persona id or name; ``None``: all users.

        Returns:
            One row per stage: ``stage``, ``stage_id`` and a column per retention metric.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> journey = sample_journey()
            >>> _ = journey.add_metric("Back in a week", id="back", kind="retention", window="7D")
            >>> numbers = BindingNumbers(journey, EventLog(sample_events(n_users=300)), {})
            >>> bool(0 < numbers.retention().set_index("stage_id")["back"]["purchase"] < 1)
            True
        """
        segment = None if persona is None else self.journey.persona(persona).segment or None
        key = f"retention:{None if persona is None else self.journey.persona(persona).id}"
        options = opts.population_options(self.funnel_options)
        table: pd.DataFrame = self._cached(
            key, lambda: stage_retention(self.log, self.journey, funnel_options=with_segment(options, segment))
        )
        return table

    def derived_emotion(self, persona: str | None = None) -> dict[str, float]:
        """An emotion series measured from data: each stage's mean satisfaction, on the journey's emotion scale.

        The score column is that of the journey's first ``csat`` (1-5), ``ces`` (1-7) or ``nps`` (0-10) metric;
        the mean is placed linearly from the bottom of the emotion scale (worst score) to its top (best). Like the
        KPIs, it reads the users the funnel counts, under its options.

        Args:
            persona: A persona id or name; ``None``: all users.

        Returns:
            ``{stage id: position on the emotion scale}`` for the stages with scores; empty when the journey has
            no satisfaction metric.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> from journeywidgets.data.eventlog import EventLog
            >>> numbers = BindingNumbers(sample_journey(), EventLog(sample_events(n_users=300)), {})
            >>> sorted(numbers.derived_emotion())
            ['advocacy', 'experience']
        """
        source = derived.emotion_source(self.journey.metrics)
        if source is None:
            return {}
        table = self._stage_columns(persona)
        means = dict(zip(table["stage_id"], table[derived.MEAN_ID], strict=True))
        return derived.emotion_from_scores(means, kind=source.kind, scale=self.journey.emotion_scale)
