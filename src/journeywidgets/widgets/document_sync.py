"""``JourneyDocumentWidget``: a widget that mirrors a journey's document both ways (the one edit path).

Subclasses (the map, persona cards) add what they show. A change made in Python travels to
every view as one small "change" message (the operation), and the full document follows at
most ``FULL_SYNC_DELAY`` later (saved widget state, exports, new views). An edit made in the
browser arrives as an operation with the view's id and sequence number and is applied through
``journey.apply``; the view learns that Python handled it from ``_acks``, or from a
"rejected" message with the reason, and rolls it back.

Example:
    >>> import journeywidgets as jw
    >>> journey = jw.sample_journey()
    >>> view = jw.JourneyMap(journey)
    >>> isinstance(view, JourneyDocumentWidget), view.revision
    (True, 0)
"""

from __future__ import annotations

import asyncio
from typing import Any

import anywidget
import traitlets

from journeywidgets.data.scheduling import kernel_loop
from journeywidgets.model import Change, InvalidOperationError, Journey, JourneyError
from journeywidgets.widgets.bundle import require_bundle

#: how long a burst of changes may stream as operations before the full document is synced again (seconds)
FULL_SYNC_DELAY = 0.25


class JourneyDocumentWidget(anywidget.AnyWidget):
    """Base class of the widgets that show and edit a journey's document.

    Example:
        >>> import journeywidgets as jw
        >>> j = jw.sample_journey(); view = jw.JourneyMap(j)
        >>> _ = j.add_stage("Loyalty"); view.document["stages"][-1]["name"], view.revision
        ('Loyalty', 1)
    """

    _esm = require_bundle("index.js")
    _css = require_bundle("index.css")

    # The full document, for saved widget state, exports and new views; `revision` is its revision.
    _document = traitlets.Dict().tag(sync=True)
    revision = traitlets.Int(0).tag(sync=True)
    editable = traitlets.Bool(default_value=True).tag(sync=True)
    can_undo = traitlets.Bool(default_value=False).tag(sync=True)
    can_redo = traitlets.Bool(default_value=False).tag(sync=True)
    # {browser view id: sequence number of the last edit Python handled}; sent with the document it produced
    _acks = traitlets.Dict().tag(sync=True)

    def __init__(self, journey: Journey, *, editable: bool = True, **kwargs: Any) -> None:
        if not isinstance(journey, Journey):
            msg = f"{type(self).__name__}: 'journey' must be a journeywidgets.Journey, got {type(journey).__name__}"
            raise TypeError(msg)
        self._journey = journey
        self._ack: tuple[str, int] | None = None
        self._acks_pending: dict[str, int] = {}
        self._flush_timer: asyncio.TimerHandle | None = None
        super().__init__(
            _document=journey.document,
            revision=journey.revision,
            editable=editable,
            can_undo=journey.can_undo,
            can_redo=journey.can_redo,
            **kwargs,
        )
        self._unobserve = journey.observe(self._on_journey_change)
        self.on_msg(self._on_browser_message)

    @property
    def document(self) -> dict[str, Any]:
        """The journey's current document (what the view shows).

        Example:
            >>> import journeywidgets as jw
            >>> j = jw.sample_journey(); jw.JourneyMap(j).document is j.document
            True
        """
        return self._journey.document

    @property
    def journey(self) -> Journey:
        """The journey this view shows.

        Example:
            >>> import journeywidgets as jw
            >>> j = jw.sample_journey(); jw.JourneyMap(j).journey is j
            True
        """
        return self._journey

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
            self._after_change()
        self._schedule_full_sync()

    def _after_change(self) -> None:
        """Hook for subclasses: fix up their own traits after the document changed."""

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
                    raise InvalidOperationError(f"this {self._what} is read-only (editable=False)")
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

    _what = "view"

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
