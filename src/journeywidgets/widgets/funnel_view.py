"""``FunnelView``: the funnel of a bound journey, drawn in SVG by our bundle, live with its binding.

Example:
    >>> import journeywidgets as jw
    >>> binding = jw.sample_journey().bind(jw.sample_events(n_users=1500))
    >>> view = jw.FunnelView(binding)
    >>> view.data["stages"][0]["name"]
    'Awareness'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal, cast, get_args

import anywidget
import pandas as pd
import traitlets

from journeywidgets.data.binding import Binding
from journeywidgets.data.trend import FREQS, Freq
from journeywidgets.model import JourneyError, extensions
from journeywidgets.widgets.beside import compute_beside
from journeywidgets.widgets.bundle import require_bundle
from journeywidgets.widgets.busy_state import follow_status
from journeywidgets.widgets.delivery import HomeLoop
from journeywidgets.widgets.funnel_state import ALL_USERS, funnel_state
from journeywidgets.widgets.funnel_trend import trend_state
from journeywidgets.widgets.page_state import take_page_state
from journeywidgets.widgets.persona_choice import chosen_persona
from journeywidgets.widgets.stage_detail import stage_detail

if TYPE_CHECKING:
    import plotly.graph_objects as go

Orientation = Literal["horizontal", "vertical"]
Comparison = Literal["side_by_side", "overlay"]
Chart = Literal["stages", "over_time"]
CHARTS: tuple[str, ...] = get_args(Chart)
ORIENTATIONS: tuple[str, ...] = get_args(Orientation)
COMPARISONS: tuple[str, ...] = get_args(Comparison)


class FunnelView(anywidget.AnyWidget):
    """A funnel of ``binding``: bars per stage, conversion, drop-off and time to convert.

    ``persona`` (an id or name; ``None`` for all users) chooses whose funnel is drawn;
    ``personas`` (a list, or ``"all"``) compares several side by side (``comparison=
    "overlay"`` draws them on top of each other), and ``by`` compares the values of a
    breakdown column. ``orientation="horizontal"`` runs the stages left to right, like the
    map; ``"vertical"`` top to bottom. Clicking a stage (or Enter on it) sets
    ``selected_stage`` (a stage id), which Python can observe and link; the view then
    shows that stage's time-to-convert histogram and what the users who left there did
    next (``stage_detail``, computed by Python beside the kernel). The view redraws
    whenever the binding recomputes; if a recomputation fails, the last numbers stay and
    ``error`` says why.

    Args:
        binding: The binding whose funnel is drawn (``journey.bind(data)``).
        personas: Personas to compare with all users (ids or names, each with a segment), or ``"all"``; ``None``
            compares none.
        by: A breakdown column whose values are compared (it takes the place of ``personas``).
        persona: The persona whose funnel is drawn; ``None`` for all users.
        orientation: ``"horizontal"`` or ``"vertical"``.
        comparison: ``"side_by_side"`` or ``"overlay"``.
        chart: ``"stages"`` (the funnel) or ``"over_time"`` (each stage's conversion per entry period; closed funnels).
        period: The entry period of the "Over time" chart: ``"D"``, ``"W"`` or ``"M"``.
        **kwargs: Passed on to ``anywidget.AnyWidget`` (``layout``, trait values, ...).

    Raises:
        TypeError: ``binding`` is not a :class:`~journeywidgets.Binding`.
        ValueError: A compared persona has no segment.
        NotFoundError: A compared persona does not exist.
        traitlets.TraitError: ``persona`` names no persona.

    Example:
        >>> import journeywidgets as jw
        >>> binding = jw.sample_journey().bind(jw.sample_events(n_users=1500))
        >>> view = jw.FunnelView(binding, personas="all")
        >>> view.compared
        ['all', 'persona:maya', 'persona:raj', 'persona:elena']
        >>> view.persona = "Raj, the deal hunter"; view.persona
        'raj'
    """

    _esm = require_bundle("index.js")
    _css = require_bundle("index.css")

    _view = traitlets.Unicode("funnel").tag(sync=True)
    data = traitlets.Dict().tag(sync=True)
    title = traitlets.Unicode("").tag(sync=True)
    persona = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    compared = traitlets.List(traitlets.Unicode()).tag(sync=True)
    comparison = traitlets.Enum(COMPARISONS, default_value="side_by_side").tag(sync=True)
    orientation = traitlets.Enum(ORIENTATIONS, default_value="horizontal").tag(sync=True)
    selected_stage = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    error = traitlets.Unicode("").tag(sync=True)
    #: the binding is computing new numbers (the page shows a thin bar and greys the chart); Python's alone
    busy = traitlets.Bool(default_value=False).tag(sync=True)
    #: the share of that computation done, 0 to 1
    progress = traitlets.Float(1.0).tag(sync=True)
    #: the selected stage's time-to-convert histogram and paths (see :mod:`.stage_detail`); ``{}`` when none is
    #: selected, ``"loading": True`` while computed beside the kernel; Python's alone
    stage_detail = traitlets.Dict().tag(sync=True)
    #: the chart shown: ``"stages"`` (the funnel) or ``"over_time"`` (conversion per entry period)
    chart = traitlets.Enum(CHARTS, default_value="stages").tag(sync=True)
    #: the entry period of the "Over time" chart: ``"D"``, ``"W"`` or ``"M"`` (calendar periods in the log's zone)
    period = traitlets.Enum(FREQS, default_value="W").tag(sync=True)
    #: what the "Over time" chart draws (see :mod:`.funnel_trend`), computed beside the kernel; Python's alone
    trend = traitlets.Dict().tag(sync=True)
    #: the traits a page may set (what it shows); ``data``, ``error``, ``busy`` and the rest are Python's
    _page_settable: ClassVar[frozenset[str]] = frozenset(
        {"persona", "compared", "comparison", "orientation", "selected_stage", "chart", "period"}
    )

    def __init__(
        self,
        binding: Binding,
        *,
        personas: list[str] | str | None = None,
        by: str | None = None,
        persona: str | None = None,
        orientation: Orientation = "horizontal",
        comparison: Comparison = "side_by_side",
        chart: Chart = "stages",
        period: Freq = "W",
        **kwargs: Any,
    ) -> None:
        if not isinstance(binding, Binding):
            msg = f"FunnelView: 'binding' must be a Binding (journey.bind(data)), got {type(binding).__name__}"
            raise TypeError(msg)
        self._binding = binding
        self._home = HomeLoop.current()  # page updates are handled on this loop's thread
        self._by = by
        super().__init__(
            data=funnel_state(binding, by=by),
            title=binding.journey.title,
            orientation=orientation,
            comparison=comparison,
            chart=chart,
            period=period,
            **kwargs,
        )
        self.persona = persona
        self.compared = self._compared(personas, by)
        self._unobserve = binding.observe(self._on_recompute)
        self._unfollow = follow_status(self, binding.status)
        self.observe(self._on_choice, names=["selected_stage", "persona", "chart", "period", "compared"])
        self._refresh_detail()
        self._refresh_trend()

    @property
    def binding(self) -> Binding:
        """The binding this view draws.

        Example:
            >>> import journeywidgets as jw
            >>> b = jw.sample_journey().bind(jw.sample_events(n_users=300)); jw.FunnelView(b).binding is b
            True
        """
        return self._binding

    def _compared(self, personas: list[str] | str | None, by: str | None) -> list[str]:
        if by is not None:
            return [s["key"] for s in self.data["series"] if s["key"].startswith("by:")]
        if personas is None:
            return []
        keys = {s["key"] for s in self.data["series"]}
        if personas == "all":
            return [s["key"] for s in self.data["series"] if not s["key"].startswith("by:")]
        chosen = [ALL_USERS]
        for ref in [personas] if isinstance(personas, str) else personas:
            persona = self._binding.journey.persona(ref)
            key = f"persona:{persona.id}"
            if key not in keys:
                msg = f"FunnelView: persona {persona.name!r} has no segment, so it has no funnel to compare"
                raise ValueError(msg)
            chosen.append(key)
        return chosen

    @traitlets.validate("persona")
    def _check_persona(self, proposal: dict[str, Any]) -> str | None:
        return chosen_persona(self._binding.journey, proposal["value"], "FunnelView.persona")

    @traitlets.validate("selected_stage")
    def _check_stage(self, proposal: dict[str, Any]) -> str | None:
        value = proposal["value"]
        if value is None or value == "":
            return None
        ids = [stage["id"] for stage in self.data.get("stages", [])]
        if value not in ids:
            names = {stage["name"]: stage["id"] for stage in self.data.get("stages", [])}
            if value in names:
                return str(names[value])
            msg = f"FunnelView.selected_stage: no stage {value!r} in the funnel; stages are {ids}"
            raise traitlets.TraitError(msg)
        return str(value)

    def _on_choice(self, change: dict[str, Any]) -> None:
        if change["name"] in {"selected_stage", "persona"}:
            self._refresh_detail()
        if change["name"] in {"chart", "period", "persona", "compared"}:
            self._refresh_trend()

    def _refresh_detail(self) -> None:
        """Ask for the selected stage's histogram and paths (beside the kernel when the binding computes there)."""
        stage, persona = self.selected_stage, self.persona
        if stage is None:
            self.stage_detail = {}
            return
        compute_beside(
            self,
            self._binding,
            "stage_detail",
            {"stage": stage, "persona": persona},
            current=lambda: {"stage": self.selected_stage, "persona": self.persona},
            compute=lambda analyses: stage_detail(analyses, stage, persona),
        )

    def _refresh_trend(self) -> None:
        """Ask for the conversion per entry period while the "Over time" chart is shown (no series compared)."""
        if self.chart != "over_time" or self.compared:
            return
        period = cast("Freq", self.period)  # the trait's values are FREQS
        persona = self.persona
        compute_beside(
            self,
            self._binding,
            "trend",
            {"period": period, "persona": persona},
            current=lambda: {"period": self.period, "persona": self.persona},
            compute=lambda analyses: trend_state(analyses, period, persona),
        )

    def _on_recompute(self, binding: Binding) -> None:
        if binding.error is not None:
            self.error = str(binding.error)
            return
        try:
            state = funnel_state(binding, by=self._by)
        except JourneyError as err:
            self.error = str(err)
            return
        with self.hold_sync():
            self.data = state
            self.error = ""
            keys = {s["key"] for s in state["series"]}
            self.compared = [key for key in self.compared if key in keys]
            if self.selected_stage not in {stage["id"] for stage in state["stages"]}:
                self.selected_stage = None
        self._refresh_detail()
        self._refresh_trend()

    def to_plotly(self, *, template: Any = None) -> go.Figure:
        """The funnel as drawn (the shown persona, or every compared series) as a plotly figure.

        It follows plotly's default template (``plotly.io.templates.default``) unless
        ``template`` names another (see :func:`journeywidgets.export.plotly_figures.funnel_figure`).

        Args:
            template: A plotly template (a name such as ``"plotly_dark"`` or a template object); ``None`` for plotly's
                default.

        Returns:
            A new ``plotly.graph_objects.Figure`` with one ``go.Funnel`` trace per series shown.

        Raises:
            MissingDependencyError: plotly (the ``plotly`` extra) is not installed.

        Example:
            >>> import journeywidgets as jw
            >>> view = jw.FunnelView(jw.sample_journey().bind(jw.sample_events(n_users=1500)), personas=["raj"])
            >>> [trace.name for trace in view.to_plotly().data]
            ['All users', 'Raj, the deal hunter']
        """
        table, options = self._shown_table()
        figure = extensions.FUNNEL_FIGURE.get()  # export sits above widgets: see model.extensions
        return figure(table, **options, template=template)

    def _shown_table(self) -> tuple[pd.DataFrame, dict[str, Any]]:
        """The drawn series as one funnel table (a ``series`` column when several) and figure options."""
        series = {s["key"]: s for s in self.data["series"]}
        keys = self.compared or [f"persona:{self.persona}" if f"persona:{self.persona}" in series else ALL_USERS]
        frames = []
        for key in keys:
            rows = pd.DataFrame(series[key]["rows"])
            rows.insert(0, "stage", [stage["name"] for stage in self.data["stages"]])
            rows.insert(1, "stage_id", [stage["id"] for stage in self.data["stages"]])
            frames.append(rows.assign(series=series[key]["label"]))
        table = pd.concat(frames, ignore_index=True).astype(object).where(lambda t: t.notna(), None)
        colors = {s["label"]: s["color"] for s in self.data["series"] if s.get("color")}
        options = {"series": "series" if len(keys) > 1 else None, "name": series[keys[0]]["label"]}
        return table, {**options, "title": self.title, "colors": colors}

    def close(self) -> None:
        """Close the widget and stop following the binding.

        Example:
            >>> import journeywidgets as jw
            >>> view = jw.FunnelView(jw.sample_journey().bind(jw.sample_events(n_users=300))); view.close()
        """
        for stop in (getattr(self, "_unobserve", None), getattr(self, "_unfollow", None)):
            if stop is not None:
                stop()
        super().close()

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Take a state update from the page: only what the page shows (``_page_settable``).

        Python's copy of every other trait is sent back, and so is a value Python refuses.

        Args:
            sync_data: The traits the page changed.

        Example:
            >>> import journeywidgets as jw
            >>> view = jw.FunnelView(jw.sample_journey().bind(jw.sample_events(n_users=300)))
            >>> view.send_state = lambda key=None: None
            >>> view.set_state({"error": "forged", "orientation": "vertical"}); view.error, view.orientation
            ('', 'vertical')
        """
        take_page_state(self, sync_data, self._page_settable, super().set_state, self._home)
