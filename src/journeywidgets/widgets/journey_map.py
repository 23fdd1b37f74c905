"""``JourneyMap``: the editable swimlane map of a journey, as a Jupyter widget.

Stages (and their steps) are columns, lanes are rows, cards sit in the cells.
The widget mirrors its journey both ways: a change made in Python appears in the
view at once, and an edit made in the browser is sent to Python as an operation
and applied through ``journey.apply`` (the one edit path), after which the new
document flows back to every view of that journey.

Example:
    >>> import journeywidgets as jw
    >>> journey = jw.sample_journey()
    >>> view = jw.JourneyMap(journey)
    >>> view.document["title"] == journey.title
    True
"""

from __future__ import annotations

import asyncio
from typing import Any

import anywidget
import traitlets

from journeywidgets.data.scheduling import kernel_loop
from journeywidgets.model import Change, InvalidOperationError, Journey, JourneyError
from journeywidgets.widgets.bundle import require_bundle

EMPTY_SELECTION: dict[str, str | None] = {"stage": None, "lane": None, "card": None}

#: how long a burst of changes may stream as operations before the full document is synced again (seconds)
FULL_SYNC_DELAY = 0.25


class JourneyMap(anywidget.AnyWidget):
    """An editable swimlane map of ``journey`` that stays in sync with it.

    ``persona`` (an id or name) selects whose emotion curve is shown; by default
    the first persona's. ``editable=False`` shows the map read-only.
    ``selected`` holds the ids of the selected stage, lane and card, and
    ``metrics`` the values shown in metric lanes (``{metric id: {stage id: value}}``).

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

    _esm = require_bundle("index.js")
    _css = require_bundle("index.css")

    _view = traitlets.Unicode("map").tag(sync=True)
    # The full document, for saved widget state, exports and new views. While edits stream, each change
    # travels as one small "change" message (the operation) and the full document follows at most
    # FULL_SYNC_DELAY later; `revision` is the revision of this full document.
    _document = traitlets.Dict().tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    persona = traitlets.Unicode(None, allow_none=True).tag(sync=True)
    editable = traitlets.Bool(default_value=True).tag(sync=True)
    selected = traitlets.Dict(EMPTY_SELECTION).tag(sync=True)
    metrics = traitlets.Dict().tag(sync=True)
    can_undo = traitlets.Bool(default_value=False).tag(sync=True)
    can_redo = traitlets.Bool(default_value=False).tag(sync=True)
    # {browser view id: sequence number of the last edit Python handled}; sent with the document it produced
    _acks = traitlets.Dict().tag(sync=True)

    def __init__(
        self,
        journey: Journey,
        *,
        persona: str | None = None,
        editable: bool = True,
        **kwargs: Any,
    ) -> None:
        if not isinstance(journey, Journey):
            msg = f"JourneyMap: 'journey' must be a journeywidgets.Journey, got {type(journey).__name__}"
            raise TypeError(msg)
        self._journey = journey
        persona_id = journey.persona(persona).id if persona is not None else None
        if persona_id is None and journey.personas:
            persona_id = journey.personas[0].id
        self._ack: tuple[str, int] | None = None
        self._acks_pending: dict[str, int] = {}
        self._flush_timer: asyncio.TimerHandle | None = None
        super().__init__(
            _document=journey.document,
            revision=journey.revision,
            persona=persona_id,
            editable=editable,
            can_undo=journey.can_undo,
            can_redo=journey.can_redo,
            **kwargs,
        )
        self._unobserve = journey.observe(self._on_journey_change)
        self.on_msg(self._on_browser_message)

    @property
    def document(self) -> dict[str, Any]:
        """The journey's current document (what the map shows).

        Example:
            >>> import journeywidgets as jw
            >>> j = jw.sample_journey(); jw.JourneyMap(j).document is j.document
            True
        """
        return self._journey.document

    @property
    def journey(self) -> Journey:
        """The journey this map shows.

        Example:
            >>> import journeywidgets as jw
            >>> j = jw.sample_journey(); jw.JourneyMap(j).journey is j
            True
        """
        return self._journey

    @traitlets.validate("persona")
    def _check_persona(self, proposal: dict[str, Any]) -> str | None:
        value = proposal["value"]
        if value is None:
            return None
        try:
            return self._journey.persona(value).id
        except JourneyError as err:
            raise traitlets.TraitError(f"JourneyMap.persona: {err}") from None

    @traitlets.validate("selected")
    def _check_selected(self, proposal: dict[str, Any]) -> dict[str, str | None]:
        value = proposal["value"]
        unknown = set(value) - set(EMPTY_SELECTION)
        if unknown:
            msg = f"JourneyMap.selected: unknown keys {sorted(unknown)}; expected 'stage', 'lane' and 'card'"
            raise traitlets.TraitError(msg)
        return {**EMPTY_SELECTION, **value}

    def _on_journey_change(self, change: Change) -> None:
        if self._ack:
            self._acks_pending = {**self._acks_pending, self._ack[0]: self._ack[1]}
        acks = self._acks_pending
        # every view applies the operation to the revision it has: small and fast, whatever the map's size
        message = {"type": "change", "base": change.revision - 1, "revision": change.revision, "op": change.op}
        self.send({**message, "acks": acks})
        with self.hold_sync():
            self.can_undo = self._journey.can_undo
            self.can_redo = self._journey.can_redo
            if self.persona is not None and self.persona not in {p.id for p in self._journey.personas}:
                self.persona = self._journey.personas[0].id if self._journey.personas else None
        self._schedule_full_sync()

    def _schedule_full_sync(self) -> None:
        loop = kernel_loop()
        if loop is None:  # not in a kernel (a script, a test): sync now
            self._full_sync()
            return
        if self._flush_timer is None:
            self._flush_timer = loop.call_later(FULL_SYNC_DELAY, self._full_sync)

    def _full_sync(self) -> None:
        self._flush_timer = None
        with self.hold_sync():
            self._document = self._journey.document
            self.revision = self._journey.revision
            self._acks = self._acks_pending

    def _on_browser_message(self, _widget: Any, content: dict[str, Any], _buffers: list[bytes]) -> None:
        if not isinstance(content, dict) or content.get("type") != "edit":
            return
        client, seq = str(content.get("client", "")), int(content.get("seq", 0))
        origin = f"browser:{client}"
        self._ack = (client, seq)  # the change message of this edit carries its acknowledgement
        with self.hold_sync():
            try:
                if not self.editable:
                    raise InvalidOperationError("this map is read-only (editable=False)")
                action = content.get("action")
                if action == "undo":
                    self._journey.undo(origin=origin)
                elif action == "redo":
                    self._journey.redo(origin=origin)
                else:
                    self._journey.apply(content.get("op"), origin=origin)  # type: ignore[arg-type]
            except JourneyError as err:
                self._acks_pending = {**self._acks_pending, client: seq}
                self._acks = self._acks_pending
                self.send({"type": "rejected", "client": client, "seq": seq, "error": err.to_dict()})
            finally:
                self._ack = None

    def close(self) -> None:
        """Close the widget and stop following the journey.

        Example:
            >>> import journeywidgets as jw
            >>> j = jw.sample_journey(); m = jw.JourneyMap(j); m.close()
            >>> _ = j.add_stage("After close")  # the closed map is no longer told
        """
        unobserve = getattr(self, "_unobserve", None)
        if unobserve is not None:
            unobserve()
        timer = getattr(self, "_flush_timer", None)
        if timer is not None:
            timer.cancel()
        super().close()
