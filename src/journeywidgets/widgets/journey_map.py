"""``JourneyMap``: the editable swimlane map of a journey, as a Jupyter widget.

Stages (and their steps) are columns, lanes are rows, cards sit in the cells.
The widget mirrors its journey both ways (see :mod:`.document_sync`): a change made in
Python appears in the view at once, and an edit made in the browser is applied through
``journey.apply`` (the one edit path), after which the new document flows back to every
view of that journey. Bound to a :class:`~journeywidgets.Binding`, its metric lanes show
the binding's numbers and follow it.

Example:
    >>> import journeywidgets as jw
    >>> journey = jw.sample_journey()
    >>> view = jw.JourneyMap(journey)
    >>> view.document["title"] == journey.title
    True
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, ClassVar, Literal, cast, get_args

import traitlets

from journeywidgets.data.binding import Binding
from journeywidgets.data.insights import rank_insights
from journeywidgets.data.trend import FREQS, Freq
from journeywidgets.model import Journey, JourneyError, MissingDependencyError, extensions
from journeywidgets.model.files import write_atomic
from journeywidgets.widgets.beside import compute_beside
from journeywidgets.widgets.busy_state import follow_status
from journeywidgets.widgets.document_sync import FULL_SYNC_DELAY, JourneyDocumentWidget, SuggestionError
from journeywidgets.widgets.map_picture import picture_reply
from journeywidgets.widgets.metric_trends import metric_trend_state
from journeywidgets.widgets.persona_choice import chosen_persona

__all__ = ["EMPTY_SELECTION", "FULL_SYNC_DELAY", "MAP_MODES", "JourneyMap", "MapMode"]

EMPTY_SELECTION: dict[str, str | None] = {"stage": None, "lane": None, "card": None}
MapMode = Literal["edit", "present"]
Theme = Literal["light", "dark"]  # the picture's (to_svg, to_png, the Download buttons)
MAP_MODES: tuple[str, ...] = get_args(MapMode)


class JourneyMap(JourneyDocumentWidget):
    """An editable swimlane map of ``journey`` that stays in sync with it.

    ``persona`` (an id or name) selects whose emotion curve is shown; by default
    the first persona's. ``editable=False`` shows the map read-only.
    ``mode="present"`` (or the toolbar's *Present*) presents it: read-only, large
    type, the arrow keys walk stage by stage (the current stage is ``selected_stage``,
    so a linked funnel follows; the others are dimmed), N shows the stage's notes as
    speaker notes, F goes full screen.
    ``selected`` holds the ids of the selected stage, lane and card (``selected_stage``
    mirrors its stage, for linking with a ``FunnelView``), and ``metrics`` the values
    shown in metric lanes (``{metric id: {stage id: value}}``).

    With ``binding=journey.bind(data)`` the metric lanes show the binding's numbers and
    follow it: all users' when ``persona`` is ``None`` (the default of a bound map),
    else the persona's segment (``persona_metrics`` holds every persona's, so switching
    needs no kernel); the emotion lane adds the emotion measured from the data
    (``derived_emotion``: mean satisfaction per stage on the emotion scale), and the
    toolbar's *Suggest from data* puts the binding's top findings
    (:meth:`Binding.insights <journeywidgets.Binding.insights>`) on the map as cards, in
    one undo step.

    Args:
        journey: The journey shown and edited.
        persona: Whose emotion curve (and, when bound, numbers) is shown: an id or name; ``None`` for the default above.
        editable: Whether the map can be edited.
        binding: A binding of this journey (``journey.bind(data)``) whose numbers the map shows.
        mode: ``"edit"`` or ``"present"``.
        trend_period: With a binding, draw a sparkline beside each reach, conversion and drop-off
            value: the metric per entry period (``"D"``, ``"W"`` or ``"M"``, calendar periods in
            the log's zone; see :mod:`~journeywidgets.widgets.metric_trends`); ``""`` for none.
        **kwargs: Passed on to ``anywidget.AnyWidget`` (``layout``, trait values, ...).

    Raises:
        TypeError: ``journey`` is not a :class:`~journeywidgets.Journey`.
        ValueError: ``binding`` is bound to another journey.
        NotFoundError: ``persona`` names no persona.

    Example:
        >>> import journeywidgets as jw
        >>> journey = jw.sample_journey()
        >>> view = jw.JourneyMap(journey, persona="Raj, the deal hunter")
        >>> view.persona
        'raj'
        >>> _ = journey.add_stage("Loyalty")
        >>> view.document["stages"][-1]["name"], view.revision
        ('Loyalty', 1)
    """

    _view = traitlets.Unicode("map").tag(sync=True)
    _what = "map"
    # what the page may set: what it shows. `editable` is Python's alone (see JourneyDocumentWidget.set_state)
    _page_settable = frozenset({"persona", "mode", "selected", "selected_stage", "trend_period"})
    persona = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    mode = traitlets.Enum(MAP_MODES, default_value="edit").tag(sync=True)
    selected = traitlets.Dict(EMPTY_SELECTION).tag(sync=True)
    selected_stage = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    metrics = traitlets.Dict().tag(sync=True)
    persona_metrics = traitlets.Dict().tag(sync=True)
    # the emotion measured from data, by "all" or persona id: {stage id: value on the emotion scale}
    derived_emotion = traitlets.Dict().tag(sync=True)
    metrics_error = traitlets.Unicode("").tag(sync=True)
    #: the binding is computing new numbers (the page shows a thin bar and greys the metric lanes); Python's alone
    busy = traitlets.Bool(default_value=False).tag(sync=True)
    #: the share of that computation done, 0 to 1
    progress = traitlets.Float(1.0).tag(sync=True)
    #: a sparkline per reach, conversion and drop-off value, by entry period: ``"D"``, ``"W"``, ``"M"``; ``""`` none
    trend_period = traitlets.Enum(("", *FREQS), default_value="").tag(sync=True)
    #: what the sparklines draw (see :mod:`.metric_trends`), computed beside the kernel; Python's alone
    metric_trends = traitlets.Dict().tag(sync=True)
    #: the toolbar offers "Suggest from data" (the map is bound to data); Python's alone
    can_suggest = traitlets.Bool(default_value=False).tag(sync=True)
    #: how many findings "Suggest from data" puts on the map at most (``binding.insights(top=...)``)
    suggestions: ClassVar[int] = 5

    def __init__(
        self,
        journey: Journey,
        *,
        persona: str | None = None,
        editable: bool = True,
        binding: Binding | None = None,
        mode: MapMode = "edit",
        trend_period: Literal["", "D", "W", "M"] = "",
        **kwargs: Any,
    ) -> None:
        if binding is not None and binding.journey is not journey:
            msg = "JourneyMap: 'binding' is bound to another journey; pass journey.bind(data) of this journey"
            raise ValueError(msg)
        self._binding = binding
        persona_id = journey.persona(persona).id if persona is not None and isinstance(journey, Journey) else None
        if persona_id is None and isinstance(journey, Journey) and journey.personas and binding is None:
            persona_id = journey.personas[0].id
        super().__init__(
            journey,
            editable=editable,
            persona=persona_id,
            mode=mode,
            trend_period=trend_period,
            can_suggest=binding is not None,
            **kwargs,
        )
        self._unobserve_binding = binding.observe(self._on_recompute) if binding is not None else None
        self._unfollow_status = follow_status(self, binding.status) if binding is not None else None
        if binding is not None:
            self._on_recompute(binding)
            self.observe(lambda _change: self._refresh_trends(), names=["trend_period", "persona"])

    @property
    def binding(self) -> Binding | None:
        """The binding whose numbers fill the metric lanes, if any.

        Example:
            >>> import journeywidgets as jw
            >>> j = jw.sample_journey(); jw.JourneyMap(j).binding is None
            True
        """
        return self._binding

    def _on_recompute(self, binding: Binding) -> None:
        """Fill the metric lanes from the binding; a failed recomputation keeps the last numbers."""
        if binding.error is not None:
            self.metrics_error = str(binding.error)
            return
        try:
            numbers = binding.published  # the last numbers computed: a view never waits for a recomputation
            segmented = [p.id for p in numbers.journey.personas if p.segment.strip()]
            metrics = numbers.metric_values()
            per_persona = {pid: numbers.metric_values(pid) for pid in segmented}
            derived = {"all": numbers.derived_emotion(), **{pid: numbers.derived_emotion(pid) for pid in segmented}}
        except JourneyError as err:
            self.metrics_error = str(err)
            return
        with self.hold_sync():
            self.metrics = metrics
            self.persona_metrics = per_persona
            self.derived_emotion = derived
            self.metrics_error = ""
        self._refresh_trends()

    def _refresh_trends(self) -> None:
        """Ask for the sparklines' numbers (beside the kernel), for the persona shown when it has a segment."""
        binding, period = self._binding, self.trend_period
        if binding is None or not period:
            self.metric_trends = {}
            return
        persona = self.persona if self.persona in self.persona_metrics else None
        journey = binding.published.journey  # the journey the numbers were computed for
        compute_beside(
            self,
            binding,
            "metric_trends",
            {"period": period, "persona": persona},
            current=lambda: {
                "period": self.trend_period,
                "persona": self.persona if self.persona in self.persona_metrics else None,
            },
            compute=lambda analyses: metric_trend_state(analyses, journey, cast("Freq", period), persona),
        )

    def _suggest(self, origin: str) -> list[str]:
        """The toolbar's "Suggest from data": the binding's top findings as cards (one undo step).

        Read from the numbers the map shows (``binding.published``: never waiting for a
        recomputation), named as in the journey they were computed for; a finding about a stage
        or persona removed since is left out, and one already on the map is not added again.
        """
        binding = self._binding
        if binding is None:
            return super()._suggest(origin)
        if binding.error is not None:
            raise SuggestionError(f"the numbers could not be computed, so nothing is suggested: {binding.error}")
        numbers = binding.published  # its journey is the one these numbers were computed for (names and all)
        findings = rank_insights(
            numbers.journey, numbers.metrics, numbers.kpis(None), numbers.persona_metrics, top=self.suggestions
        )
        stages = {stage.id for stage in self._journey.stages}
        personas = {persona.id for persona in self._journey.personas}
        about_all = findings["persona_id"].isna()  # a finding about all users names no persona
        still_there = findings["stage_id"].isin(stages) & (about_all | findings["persona_id"].isin(personas))
        return [card.id for card in self._journey.add_cards_from(findings[still_there], origin=origin)]

    @traitlets.validate("persona")
    def _check_persona(self, proposal: dict[str, Any]) -> str | None:
        return chosen_persona(self._journey, proposal["value"], "JourneyMap.persona")

    @traitlets.validate("selected")
    def _check_selected(self, proposal: dict[str, Any]) -> dict[str, str | None]:
        value = proposal["value"]
        unknown = set(value) - set(EMPTY_SELECTION)
        if unknown:
            msg = f"JourneyMap.selected: unknown keys {sorted(unknown)}; expected 'stage', 'lane' and 'card'"
            raise traitlets.TraitError(msg)
        return {**EMPTY_SELECTION, **value}

    @traitlets.observe("selected")
    def _mirror_selected_stage(self, change: dict[str, Any]) -> None:
        stage = change["new"].get("stage")
        if self.selected_stage != stage:
            self.selected_stage = stage

    @traitlets.validate("selected_stage")
    def _check_selected_stage(self, proposal: dict[str, Any]) -> str | None:
        value = proposal["value"]
        if value is None or value == "":
            return None
        try:
            return self._journey.stage(value).id
        except JourneyError as err:
            raise traitlets.TraitError(f"JourneyMap.selected_stage: {err}") from None

    @traitlets.observe("selected_stage")
    def _follow_selected_stage(self, change: dict[str, Any]) -> None:
        if self.selected.get("stage") != change["new"]:
            self.selected = {"stage": change["new"], "lane": None, "card": None}

    def _read_only_reason(self) -> str | None:
        """Why the map may not edit now: ``editable=False``, or presenting (read-only, whoever started it).

        ``mode`` is the page's to set (its *Present* and *Edit* buttons): presenting only takes editing
        away, and leaving it gives back no more than ``editable``, which only Python sets.

        Example:
            >>> import journeywidgets as jw
            >>> jw.JourneyMap(jw.sample_journey(), mode="present")._read_only_reason()
            "this map is presenting (mode='present'), which is read-only"
        """
        reason = super()._read_only_reason()
        if reason is None and self.mode == "present":
            reason = "this map is presenting (mode='present'), which is read-only"
        return reason

    def _after_change(self) -> None:
        if self.persona is not None and self.persona not in {p.id for p in self._journey.personas}:
            fallback = self._journey.personas[0].id if self._journey.personas and self._binding is None else None
            self.persona = fallback

    def to_svg(self, path: str | os.PathLike[str] | None = None, *, theme: Theme = "light") -> str:
        """The map as SVG (for slides and documents): the persona's curve and the metric values shown.

        A bound map's picture draws the emotion measured from data too (dotted), as the map does.
        ``theme="dark"`` draws it on a dark background with light text (light by default).
        Writes it to ``path`` too when given. Drawn from the document in Python, so it needs no browser.

        Args:
            path: A file to write the SVG to (atomically); ``None`` writes nothing.
            theme: ``"light"`` (the default) or ``"dark"``.

        Returns:
            The SVG text (also when it was written to ``path``).

        Raises:
            WriteError: ``path`` could not be written.

        Example:
            >>> import journeywidgets as jw
            >>> svg = jw.JourneyMap(jw.sample_journey()).to_svg(theme="dark")
            >>> svg.startswith("<svg") and "Forced account creation" in svg
            True
        """
        svg = self._svg_for(self.persona, theme)
        if path is not None:
            write_atomic(path, svg)
        return svg

    def _svg_for(self, persona: str | None, theme: str = "light") -> str:
        shown = self.persona_metrics.get(persona or "") or self.metrics
        draw = extensions.MAP_SVG.get()  # see model.extensions
        return draw(self._journey, persona=persona, metrics=shown, derived_emotion=self.derived_emotion, theme=theme)

    def _on_browser_message(self, widget: Any, content: Any, buffers: list[bytes]) -> None:
        """Answer a picture request of the Download buttons; hand everything else (edits) to the document sync."""
        if isinstance(content, dict) and content.get("type") == "picture":
            if self._home is not None and not self._home.here():
                self._home.call(self._on_browser_message, widget, content, buffers)
                return
            self.send(picture_reply(content, self._journey, self._svg_for))
            return
        super()._on_browser_message(widget, content, buffers)

    def to_png(self, path: str | os.PathLike[str], *, scale: float = 2.0, theme: Theme = "light") -> Path:
        """Write the map as a PNG picture (``scale`` times the SVG's size, in ``theme``) with resvg.

        Needs the ``png`` extra: ``pip install "journeywidgets[png]"``.

        Args:
            path: The file to write (replaced atomically: a failed write leaves the old file as it was).
            scale: How many times the SVG's size the picture is (2 by default, sharp on high-DPI screens).
            theme: ``"light"`` (the default) or ``"dark"``, as in :meth:`to_svg`.

        Returns:
            The path written, as a :class:`~pathlib.Path`.

        Raises:
            MissingDependencyError: resvg (the ``png`` extra) is not installed; the message names the extra.
            WriteError: The file could not be written.

        Example:
            >>> import tempfile, journeywidgets as jw
            >>> jw.JourneyMap(jw.sample_journey()).to_png(tempfile.mkdtemp() + "/map.png").stat().st_size > 0
            True
        """
        try:
            import resvg_py  # noqa: PLC0415 - optional
        except ImportError:  # not installed, or blocked (sys.modules["resvg_py"] = None)
            msg = 'JourneyMap.to_png needs resvg: pip install "journeywidgets[png]" (or save .to_svg())'
            raise MissingDependencyError(msg, package="resvg_py", path="to_png") from None
        png = bytes(resvg_py.svg_to_bytes(svg_string=self.to_svg(theme=theme), zoom=scale))
        return write_atomic(path, png)  # a failed write leaves the old file as it was

    def close(self) -> None:
        """Close the widget and stop following the journey and the binding.

        Example:
            >>> import journeywidgets as jw
            >>> j = jw.sample_journey(); m = jw.JourneyMap(j); m.close()
            >>> _ = j.add_stage("After close")  # the closed map is no longer told
        """
        for stop in (getattr(self, "_unobserve_binding", None), getattr(self, "_unfollow_status", None)):
            if stop is not None:
                stop()
        super().close()
