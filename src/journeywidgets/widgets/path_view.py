"""``PathView``: the paths into or out of a stage as a Sankey, drawn by our bundle, live with its binding.

Example:
    >>> import journeywidgets as jw
    >>> binding = jw.sample_journey().bind(jw.sample_events(n_users=800))
    >>> view = jw.PathView(binding, stage="consideration")
    >>> view.flows["columns"][0][0]["label"], len(view.flows["columns"])
    ('Consideration', 4)
"""

from __future__ import annotations

from typing import Any, ClassVar

import anywidget
import traitlets

from journeywidgets.data.binding import Binding
from journeywidgets.data.binding_analyses import BindingAnalyses
from journeywidgets.data.cohorts import STATUSES, Status
from journeywidgets.data.errors import SegmentError
from journeywidgets.data.paths import DIRECTIONS, Direction
from journeywidgets.model import NotFoundError
from journeywidgets.widgets.beside import compute_beside
from journeywidgets.widgets.bundle import require_bundle
from journeywidgets.widgets.busy_state import follow_status
from journeywidgets.widgets.delivery import HomeLoop
from journeywidgets.widgets.page_state import take_page_state
from journeywidgets.widgets.path_flows import path_flows
from journeywidgets.widgets.persona_choice import chosen_persona

#: the most events after (before) the stage a view follows
MAX_STEPS = 5


def _flows(analyses: BindingAnalyses, choice: dict[str, Any]) -> dict[str, Any]:
    stage, direction, steps = choice["stage"], choice["direction"], choice["steps"]
    names = {s.id: s.name for s in analyses.stages}
    if stage not in names:
        raise NotFoundError(
            f"stage {stage!r} is not in the funnel the numbers were computed for", path="selected_stage"
        )
    if choice["persona"] is not None:
        persona = analyses.journey.persona(choice["persona"])
        if not persona.segment.strip():
            msg = f"persona {persona.name!r} has no segment, so its users cannot be found in the data"
            raise SegmentError(msg, path="persona")
    table = analyses.paths(stage, direction, steps, top=None, persona=choice["persona"], status=choice["status"])
    return {**choice, **path_flows(table, names[stage], direction, steps)}


class PathView(anywidget.AnyWidget):
    """What users did right after (or before) reaching a stage, step by step, as a Sankey.

    ``selected_stage`` (a stage id or name) chooses the stage; link it to a
    :class:`FunnelView`'s or a map's ``selected_stage`` (``jw.Board(..., paths=True)``
    does) and the paths follow the stage selected there. ``direction`` is ``"after"`` or
    ``"before"``, ``steps`` how many events (1 to 5), ``status`` whose paths:
    ``"reached"`` (everyone at the stage), ``"converted"`` (went on to the next stage)
    or ``"abandoned"`` (did not). Each column keeps its most frequent events and sums the
    rest; users whose log ends go to "(end)". The flows are computed beside the kernel
    for the persona shown, under the binding's funnel options, and redrawn when it
    recomputes. The page may change the stage, persona, direction, steps and status;
    the numbers are Python's.

    Args:
        binding: The binding whose log the paths are read from.
        stage: The stage to start from (id or name); ``None`` until one is selected.
        direction: ``"after"`` or ``"before"``.
        steps: Events per path, 1 to 5.
        status: ``"reached"``, ``"converted"`` or ``"abandoned"``.
        persona: Whose users (id or name); ``None`` for all users.
        **kwargs: Passed on to ``anywidget.AnyWidget`` (``layout``, trait values, ...).

    Raises:
        TypeError: ``binding`` is not a :class:`~journeywidgets.Binding`.
        traitlets.TraitError: naming the stage, persona, direction, steps or status that is not valid.

    Example:
        >>> import journeywidgets as jw
        >>> view = jw.PathView(jw.sample_journey().bind(jw.sample_events(n_users=500)), stage="Purchase")
        >>> view.selected_stage, view.flows["users"] == view.flows["columns"][0][0]["users"]
        ('purchase', True)
    """

    _esm = require_bundle("index.js")
    _css = require_bundle("index.css")

    _view = traitlets.Unicode("paths").tag(sync=True)
    selected_stage = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    persona = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    direction = traitlets.Enum(DIRECTIONS, default_value="after").tag(sync=True)
    steps = traitlets.Int(3).tag(sync=True)
    status = traitlets.Enum(STATUSES, default_value="reached").tag(sync=True)
    #: the stages and personas the page offers (``[{"id", "name"}]``); Python's alone
    stages: traitlets.List[dict[str, str]] = traitlets.List().tag(sync=True)
    personas: traitlets.List[dict[str, str]] = traitlets.List().tag(sync=True)
    #: the Sankey (see :mod:`.path_flows`), with the choice it is for; Python's alone
    flows = traitlets.Dict().tag(sync=True)
    busy = traitlets.Bool(default_value=False).tag(sync=True)
    progress = traitlets.Float(1.0).tag(sync=True)
    _page_settable: ClassVar[frozenset[str]] = frozenset({"selected_stage", "persona", "direction", "steps", "status"})
    _choice_names: ClassVar[tuple[str, ...]] = ("selected_stage", "persona", "direction", "steps", "status")

    def __init__(
        self,
        binding: Binding,
        *,
        stage: str | None = None,
        direction: Direction = "after",
        steps: int = 3,
        status: Status = "reached",
        persona: str | None = None,
        **kwargs: Any,
    ) -> None:
        if not isinstance(binding, Binding):
            msg = f"PathView: 'binding' must be a Binding (journey.bind(data)), got {type(binding).__name__}"
            raise TypeError(msg)
        self._binding = binding
        self._home = HomeLoop.current()  # page updates are handled on this loop's thread
        super().__init__(direction=direction, steps=steps, status=status, **kwargs)
        self._offer()
        self.persona = persona
        self.selected_stage = stage
        self.observe(self._on_choice, names=list(self._choice_names))
        self._unobserve = binding.observe(self._on_recompute)
        self._unfollow = follow_status(self, binding.status)
        self._refresh()

    @property
    def binding(self) -> Binding:
        """The binding whose paths this view draws.

        Example:
            >>> import journeywidgets as jw
            >>> b = jw.sample_journey().bind(jw.sample_events(n_users=300)); jw.PathView(b).binding is b
            True
        """
        return self._binding

    def _offer(self) -> None:
        numbers = self._binding.published
        self.stages = [{"id": s.id, "name": s.name} for s in numbers.stages]
        self.personas = [{"id": p.id, "name": p.name} for p in numbers.journey.personas if p.segment.strip()]

    @traitlets.validate("selected_stage")
    def _check_stage(self, proposal: dict[str, Any]) -> str | None:
        value = proposal["value"]
        if value is None or value == "":
            return None
        for stage in self.stages:
            if value in (stage["id"], stage["name"]):
                return str(stage["id"])
        ids = [stage["id"] for stage in self.stages]
        raise traitlets.TraitError(f"PathView.selected_stage: no stage {value!r} in the funnel; stages are {ids}")

    @traitlets.validate("persona")
    def _check_persona(self, proposal: dict[str, Any]) -> str | None:
        return chosen_persona(self._binding.journey, proposal["value"], "PathView.persona")

    @traitlets.validate("steps")
    def _check_steps(self, proposal: dict[str, Any]) -> int:
        value = proposal["value"]
        if not 1 <= value <= MAX_STEPS:
            raise traitlets.TraitError(f"PathView.steps: must be 1 to {MAX_STEPS} events, got {value}")
        return int(value)

    def _choice(self) -> dict[str, Any]:
        return {
            "stage": self.selected_stage,
            "persona": self.persona,
            "direction": self.direction,
            "steps": self.steps,
            "status": self.status,
        }

    def _on_choice(self, _change: dict[str, Any]) -> None:
        self._refresh()

    def _refresh(self) -> None:
        choice = self._choice()
        if choice["stage"] is None:
            self.flows = {}
            return
        compute_beside(self, self._binding, "flows", choice, current=self._choice, compute=lambda a: _flows(a, choice))

    def _on_recompute(self, binding: Binding) -> None:
        if binding.error is not None:
            return  # the last flows stay; the funnel and the map say why
        with self.hold_sync():
            self._offer()
            if self.selected_stage not in {stage["id"] for stage in self.stages}:
                self.selected_stage = None
        self._refresh()

    def close(self) -> None:
        """Close the widget and stop following the binding.

        Example:
            >>> import journeywidgets as jw
            >>> jw.PathView(jw.sample_journey().bind(jw.sample_events(n_users=300))).close()
        """
        for stop in (getattr(self, "_unobserve", None), getattr(self, "_unfollow", None)):
            if stop is not None:
                stop()
        super().close()

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Take a state update from the page: only the choice of stage, persona, direction, steps and status.

        Python's copy of every other trait is sent back, and so is a value Python refuses.

        Args:
            sync_data: The traits the page changed.

        Example:
            >>> import journeywidgets as jw
            >>> view = jw.PathView(jw.sample_journey().bind(jw.sample_events(n_users=300)))
            >>> view.send_state = lambda key=None: None
            >>> view.set_state({"flows": {"forged": 1}, "direction": "before"}); view.flows, view.direction
            ({}, 'before')
            >>> view.set_state({"steps": 99}); view.steps
            3
        """
        take_page_state(self, sync_data, self._page_settable, super().set_state, self._home)
