"""``BindingAnalyses``: the analyses a :class:`~journeywidgets.Binding` runs on demand.

Next actions, the users at a stage, the trended funnel, a before/after comparison,
the time to convert and the paths around a stage: each a thin call of its free
function (``next_actions``, ``users``, ``trend``, ``compare_periods``,
``time_to_convert``, ``paths``) on the bound log, under the binding's population
options (mode, window, open, date range, tie policy, segment) and, given
``persona=``, that persona's segment. ``retention`` and ``transitions`` read every
user's events, not the funnel's: of those options only the segment applies. Unlike
the funnel tables ``Binding`` keeps, these are neither cached nor recomputed for
observers.

``trend``, ``compare_periods`` and ``time_to_convert`` follow closed funnels: on a
binding made with ``open=True`` they raise a ``FunnelDefinitionError`` naming
``open``, as the free functions do, rather than quietly answer for another funnel
than the binding's; pass ``open=False`` to ask for the closed one.

``Binding`` inherits them; this class only asks for its journey, log, funnel
options and stages.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from journeywidgets.data import binding_options as opts
from journeywidgets.data.cohorts import Status, users
from journeywidgets.data.compare import compare_periods
from journeywidgets.data.eventlog import EventLog
from journeywidgets.data.next_actions import next_actions
from journeywidgets.data.paths import Direction, paths
from journeywidgets.data.retention import Kind, retention
from journeywidgets.data.segments import with_segment
from journeywidgets.data.stages import FunnelStage
from journeywidgets.data.time_to_convert import TimeToConvert, time_to_convert
from journeywidgets.data.transitions import transitions
from journeywidgets.data.trend import Freq, trend
from journeywidgets.model.journey import Journey

__all__ = ["BindingAnalyses"]


class BindingAnalyses:
    """Analyses under a binding's population options: inherited by :class:`~journeywidgets.Binding`.

    Example:
        >>> from journeywidgets import Binding
        >>> issubclass(Binding, BindingAnalyses)
        True
    """

    journey: Journey
    funnel_options: dict[str, Any]

    @property
    def _log(self) -> EventLog:
        """The bound log (see :class:`~journeywidgets.Binding`)."""
        raise NotImplementedError  # pragma: no cover - Binding defines it

    @property
    def stages(self) -> tuple[FunnelStage, ...]:
        """The stages the funnel follows (see :attr:`Binding.stages <journeywidgets.Binding.stages>`)."""
        raise NotImplementedError  # pragma: no cover - Binding defines it

    def _analysis_options(self, persona: str | None, options: dict[str, Any]) -> dict[str, Any]:
        """The population options (mode, window, open, date range, tie policy, segment), a persona's segment, extras."""
        chosen = {**opts.population_options(self.funnel_options), **options}
        if persona is not None:  # within the binding's (or this call's) own segment
            return with_segment(chosen, self.journey.persona(persona).segment or None)
        return chosen

    def next_actions(self, persona: str | None = None, **options: Any) -> pd.DataFrame:
        """What users who stopped at each stage did next (see :func:`~journeywidgets.next_actions`).

        Under the binding's funnel options, for all users or one persona's segment
        (``segment=`` in ``options`` for any other filter); ``top`` and ``repeats`` go through.

        Args:
            persona: a persona id or name whose segment selects the users.
            **options: funnel options for this call (``top=``, ``repeats=``, ``segment=``, ...).

        Returns:
            The table of :func:`~journeywidgets.next_actions`.

        Raises:
            NotFoundError: when there is no such persona.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> sample_journey().bind(sample_events(n_users=1500)).next_actions()["stage"].iloc[0]
            'Awareness'
        """
        return next_actions(self._log, self.stages, **self._analysis_options(persona, options))

    def users(self, stage: str | int, status: Status = "reached", persona: str | None = None, **options: Any) -> Any:
        """The users at a stage: reached it, converted to the next, or abandoned it (see :func:`~journeywidgets.users`).

        Under the binding's funnel options, for all users or one persona's segment, in a
        dataframe of the bound log's kind: ``len(binding.users(k))`` is ``reached`` at ``k``.

        Args:
            stage: a stage id, name or 0-based position.
            status: ``"reached"``, ``"converted"`` or ``"abandoned"`` at the stage.
            persona: a persona id or name whose segment selects the users.
            **options: funnel options for this call (``window=None``, ``segment=``, ...).

        Returns:
            One row per user, as in :func:`~journeywidgets.users`.

        Raises:
            FunnelDefinitionError: naming ``stage`` or ``status`` when they are not valid.
            NotFoundError: when there is no such persona.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=500), window="7D")
            >>> len(binding.users("purchase")) == int(binding.metrics.set_index("stage_id")["reached"]["purchase"])
            True
        """
        return users(self._log, self.stages, stage, status, **self._analysis_options(persona, options))

    def trend(self, freq: Freq = "D", persona: str | None = None, **options: Any) -> pd.DataFrame:
        """The funnel per entry period (see :func:`~journeywidgets.trend`), under the binding's options.

        Args:
            freq: ``"D"``, ``"W"`` or ``"M"`` (calendar periods in the log's zone).
            persona: a persona id or name whose segment selects the users.
            **options: funnel options for this call (``window=``, ``segment=``, ...).

        Returns:
            The table of :func:`~journeywidgets.trend`.

        Raises:
            FunnelDefinitionError: naming ``freq``, ``open`` or ``by`` when they are not supported.
            NotFoundError: when there is no such persona.

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

        The binding's own ``date_range`` is replaced by the two periods (a ``date_range=``
        given here raises, as in ``compare_periods``).

        Args:
            before: ``(from, to)`` of the entries before (read like ``date_range``).
            after: ``(from, to)`` of the entries after.
            persona: a persona id or name whose segment selects the users.
            **options: funnel options for this call (``confidence=``, ``segment=``, ...).

        Returns:
            One row per stage, group a = before, group b = after, as in ``compare_periods``.

        Raises:
            FunnelDefinitionError: naming ``before``, ``after``, ``date_range``, ``open`` or ``by``.
            NotFoundError: when there is no such persona.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=800))
            >>> table = binding.compare_periods(("2026-01-01", "2026-01-20"), ("2026-01-20", "2026-02-10"))
            >>> table["group_b"].iloc[0]
            'after'
        """
        chosen = self._analysis_options(persona, options)
        if "date_range" not in options:
            chosen.pop("date_range", None)  # the binding's own, replaced by before and after
        return compare_periods(self._log, self.stages, before=before, after=after, **chosen)

    def time_to_convert(
        self, stage: str | int, bins: int | list[Any] = 10, persona: str | None = None, **options: Any
    ) -> TimeToConvert:
        """How long users took from the first stage to ``stage``: histogram and percentiles (``time_to_convert``).

        Args:
            stage: a stage id, name or 0-based position after the first.
            bins: a number of equal-width bins, or increasing bin edges (seconds or durations).
            persona: a persona id or name whose segment selects the users.
            **options: funnel options for this call (``window=``, ``segment=``, ...).

        Returns:
            The :class:`TimeToConvert` (histogram, percentiles, mean).

        Raises:
            FunnelDefinitionError: naming ``stage``, ``bins``, ``open`` or ``by``.
            NotFoundError: when there is no such persona.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> result = sample_journey().bind(sample_events(n_users=500)).time_to_convert("purchase", bins=5)
            >>> len(result.histogram)
            5
        """
        return time_to_convert(self._log, self.stages, stage, bins, **self._analysis_options(persona, options))

    def retention(
        self,
        start_event: str | list[str],
        return_event: str | list[str],
        period: Freq = "D",
        periods: int = 30,
        *,
        kind: Kind = "classic",
        persona: str | None = None,
        segment: str | None = None,
    ) -> pd.DataFrame:
        """Cohort retention on the bound log, for all users or a persona (see :func:`~journeywidgets.retention`).

        Retention does not follow the funnel: of the binding's options only its
        ``segment`` applies (and a persona's, or ``segment=`` given here, instead).

        Args:
            start_event: the event (or events) that puts a user in a cohort.
            return_event: the event (or events) that counts as coming back.
            period: ``"D"``, ``"W"`` or ``"M"`` (calendar periods in the log's zone).
            periods: how many periods per cohort (N = 0 to ``periods - 1``).
            kind: ``"classic"`` or ``"rolling"``.
            persona: a persona id or name whose segment selects the users.
            segment: any other segment filter (wins over ``persona``).

        Returns:
            The tidy table of :func:`~journeywidgets.retention`.

        Raises:
            FunnelDefinitionError: naming the option that is not valid (``UnknownEventError``
                for an event that never occurs).
            NotFoundError: when there is no such persona.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=400))
            >>> table = binding.retention("ad_click", "page_view", "W", 4, persona="maya")
            >>> table["period"].tolist()[:4]
            [0, 1, 2, 3]
        """
        if segment is None:
            segment = self._analysis_options(persona, {}).get("segment")
        return retention(self._log, start_event, return_event, period, periods, kind=kind, segment=segment)

    def paths(
        self,
        stage: str | int,
        direction: Direction = "after",
        steps: int = 3,
        top: int | None = 10,
        persona: str | None = None,
        *,
        status: Status = "reached",
        **options: Any,
    ) -> pd.DataFrame:
        """The paths of events right after (or before) users reached a stage (see :func:`~journeywidgets.paths`).

        Under the binding's funnel options (mode, window, open, date range, tie policy,
        segment) and, given ``persona=``, that persona's segment; ``options`` override them.

        Args:
            stage: a stage id, name or 0-based position.
            direction: ``"after"`` or ``"before"``.
            steps: how many events per path.
            top: how many paths to keep (the rest in ``(other)``); None keeps all.
            persona: a persona id or name whose segment selects the users.
            status: ``"reached"``, ``"converted"`` or ``"abandoned"`` at the stage.
            **options: funnel options for this call (``window=None``, ``segment=``, ...).

        Returns:
            The table of :func:`~journeywidgets.paths`.

        Raises:
            FunnelDefinitionError: naming the option that is not valid.
            NotFoundError: when there is no such persona.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=400), window="7D")
            >>> binding.paths("consideration", status="abandoned", top=2)["path"].iloc[-1]
            '(other)'
        """
        chosen = self._analysis_options(persona, options)
        return paths(self._log, self.stages, stage, direction, steps, top=top, status=status, **chosen)

    def transitions(
        self, persona: str | None = None, *, path_ends: bool = False, segment: str | None = None
    ) -> pd.DataFrame:
        """The directly-follows graph of the bound log (see :func:`~journeywidgets.transitions`).

        Every event of every user (or of a persona's segment, or the binding's own), not
        only the funnel's users: of the binding's options only ``segment`` applies.

        Args:
            persona: a persona id or name whose segment selects the users.
            path_ends: whether to add the synthetic ``path_start`` and ``path_end`` edges.
            segment: any other segment filter (wins over ``persona``).

        Returns:
            The table of :func:`~journeywidgets.transitions`.

        Raises:
            UnsupportedBackendError: for engines that cannot number rows in order (Dask).
            NotFoundError: when there is no such persona.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> table = sample_journey().bind(sample_events(n_users=300)).transitions(persona="raj")
            >>> table.columns.tolist()[:3]
            ['source', 'target', 'count']
        """
        if segment is None:
            segment = self._analysis_options(persona, {}).get("segment")
        return transitions(self._log, segment=segment, path_ends=path_ends)
