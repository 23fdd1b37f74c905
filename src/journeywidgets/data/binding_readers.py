"""``BindingReaders``: the numbers a :class:`~journeywidgets.Binding` keeps current, each read from its newest reading.

The funnel of all users and of each persona, personas side by side, breakdowns, KPIs,
metric values, the measured emotion, the funnel figure and the insights: each waits for the newest
numbers (a recomputation running on the worker thread, or a journey edit still
debounced) and then reads them from that reading (see
:class:`~journeywidgets.data.binding_numbers.BindingNumbers`), where each is computed
once. ``Binding`` inherits them; this class only asks for ``_current()`` and the journey.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from journeywidgets.data.binding_numbers import BindingNumbers
from journeywidgets.data.insights import rank_insights
from journeywidgets.model import extensions
from journeywidgets.model.journey import Journey

if TYPE_CHECKING:
    import plotly.graph_objects as go

__all__ = ["BindingReaders"]


class BindingReaders:
    """The kept numbers of a binding, read once they are current: inherited by :class:`~journeywidgets.Binding`.

    Example:
        >>> from journeywidgets import Binding
        >>> issubclass(Binding, BindingReaders)
        True
    """

    journey: Journey

    def _current(self) -> BindingNumbers:
        """The newest reading, once computed."""
        raise NotImplementedError  # pragma: no cover - Binding defines it

    @property
    def metrics(self) -> pd.DataFrame:
        """The funnel over all users: one row per stage (see :func:`~journeywidgets.funnel`).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> int(sample_journey().bind(sample_events(n_users=500)).metrics["reached"].iloc[0]) > 0
            True
        """
        return self._current().metrics

    def persona_funnel(self, persona: str) -> pd.DataFrame:
        """The funnel of one persona's segment (by persona id or name).

        Args:
            persona: A persona id or name.

        Returns:
            The funnel table (see :meth:`BindingNumbers.persona_funnel
            <journeywidgets.data.binding_numbers.BindingNumbers.persona_funnel>`).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=400))
            >>> binding.persona_funnel("raj").attrs["segment"]
            "acquisition_channel == 'price_comparison'"
        """
        return self._current().persona_funnel(persona)

    @property
    def persona_metrics(self) -> dict[str, pd.DataFrame]:
        """The funnel of each persona that has a segment, by persona id.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> table = sample_journey().bind(sample_events(n_users=1500)).persona_metrics["maya"]
            >>> int(table["reached"].iloc[0]) > 0
            True
        """
        return self._current().persona_metrics

    def compare(self, personas: list[str] | None = None) -> pd.DataFrame:
        """Personas side by side: the funnels of ``personas`` (default: all with a segment) plus "All users".

        Args:
            personas: Persona ids or names; ``None``: every persona with a segment.

        Returns:
            The funnels stacked, a ``persona`` column first.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> table = sample_journey().bind(sample_events(n_users=1500)).compare()
            >>> table["persona"].unique().tolist()
            ['All users', 'Maya, the busy professional', 'Raj, the deal hunter', 'Elena, the loyal regular']
        """
        return self._current().compare(personas)

    def breakdown(self, by: str | list[str], persona: str | None = None) -> pd.DataFrame:
        """The funnel broken down by a column (or several), for all users or one persona's segment.

        Attribution follows the binding's options (at entry unless ``attribution=`` was given).

        Args:
            by: A column, or several.
            persona: A persona id or name; ``None``: all users.

        Returns:
            One funnel row per stage and value of ``by``.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> table = sample_journey().bind(sample_events(n_users=1500)).breakdown("device")
            >>> sorted(table["device"].unique())
            ['desktop', 'mobile', 'tablet']
        """
        return self._current().breakdown(by, persona)

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

        Args:
            persona: A persona id or name; ``None``: all users.

        Returns:
            One row per stage: ``stage_id`` and a column per column metric.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> "csat" in sample_journey().bind(sample_events(n_users=1500)).kpis().columns
            True
        """
        return self._current().kpis(persona)

    def metric_values(self, persona: str | None = None) -> dict[str, dict[str, float | None]]:
        """Every journey metric's value per stage id, ready for a map's metric lanes.

        Args:
            persona: A persona id or name; ``None``: all users.

        Returns:
            ``{metric id: {stage id: value or None}}``.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> values = sample_journey().bind(sample_events(n_users=1500)).metric_values()
            >>> sorted(values), values["reach"]["awareness"] > 0
            (['conversion', 'csat', 'dropoff', 'reach', 'revenue', 'ttc'], True)
        """
        return self._current().metric_values(persona)

    def derived_emotion(self, persona: str | None = None) -> dict[str, float]:
        """An emotion series measured from data: each stage's mean satisfaction, on the journey's emotion scale.

        The score column is that of the journey's first ``csat`` (1-5), ``ces`` (1-7) or
        ``nps`` (0-10) metric; the mean is placed linearly from the bottom of the emotion
        scale (worst score) to its top (best). Empty when the journey has no such metric.
        Like the KPIs, it reads the users the binding's funnel counts, under its options.

        Args:
            persona: A persona id or name; ``None``: all users.

        Returns:
            ``{stage id: position on the emotion scale}`` for the stages with scores.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> curve = sample_journey().bind(sample_events(n_users=1500)).derived_emotion()
            >>> sorted(curve), all(-2 <= v <= 2 for v in curve.values())  # stages with satisfaction scores
            (['advocacy', 'experience'], True)
        """
        return self._current().derived_emotion(persona)

    def insights(self, top: int | None = 5, *, alpha: float = 0.05) -> pd.DataFrame:
        """The findings in the numbers, most severe first: largest abandonment, slowest step, worst stage, personas.

        Read from the funnel of all users, each persona's funnel and the KPIs this binding keeps
        (no query of its own); the rules, severities and the significance test are those of
        :func:`~journeywidgets.data.insights.rank_insights`. Hand the table to
        :meth:`Journey.add_cards_from <journeywidgets.Journey.add_cards_from>` to put the
        findings on the map as pain-point and opportunity cards.

        Args:
            top: how many findings to keep; ``None`` keeps them all.
            alpha: the significance level of a persona's gap, before the Bonferroni correction.

        Returns:
            One row per finding: ``rank``, ``kind``, ``severity``, ``stage_id``, ``stage``,
            ``persona_id``, ``title``, ``text`` (with the numbers), ``value``, ``users``,
            ``p_value``, ``metric`` and ``lane_kind``.

        Raises:
            FunnelDefinitionError: naming ``top`` or ``alpha`` when they are out of range.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=2000), window="7D")
            >>> binding.insights()["kind"].tolist()[:2]
            ['abandonment', 'slow_transition']
        """
        numbers = self._current()
        return rank_insights(
            self.journey, numbers.metrics, numbers.kpis(None), numbers.persona_metrics, top=top, alpha=alpha
        )
