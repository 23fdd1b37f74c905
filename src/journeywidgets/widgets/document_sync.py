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
from typing import Any, ClassVar

import anywidget
import traitlets

from journeywidgets.data.scheduling import kernel_loop
from journeywidgets.model import Change, InvalidOperationError, Journey, JourneyError
from journeywidgets.widgets.bundle import require_bundle
from journeywidgets.widgets.delivery import ChangeOutbox, HomeLoop
from journeywidgets.widgets.edit_envelope import Edit, RejectedMessageError, parse_edit, read_client_and_seq
from journeywidgets.widgets.edit_ledger import EditLedger
from journeywidgets.widgets.page_state import take_page_state

#: how long a burst of changes may stream as operations before the full document is synced again (seconds)
FULL_SYNC_DELAY = 0.25
#: how long an edit that arrived before an earlier edit of its view waits for it (seconds)
HOLD_TIMEOUT = 5.0


class SuggestionError(InvalidOperationError):
    """A view asked for cards suggested from data that Python cannot give (no data, no numbers yet).

    Example:
        >>> SuggestionError("no data", path="action").code
        'cannot_suggest'
    """

    code = "cannot_suggest"


class JourneyDocumentWidget(anywidget.AnyWidget):
    """Base class of the widgets that show and edit a journey's document.

    Args:
        journey: The journey shown and edited.
        editable: Whether the page may edit it (Python's choice: the page cannot change it).
        **kwargs: Passed on to ``anywidget.AnyWidget`` (``layout``, trait values, ...).

    Raises:
        TypeError: ``journey`` is not a :class:`~journeywidgets.Journey`.

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
    #: the traits a page may set (what it shows: a persona, a selection); Python's copy of every other is the truth
    _page_settable: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, journey: Journey, *, editable: bool = True, **kwargs: Any) -> None:
        if not isinstance(journey, Journey):
            msg = f"{type(self).__name__}: 'journey' must be a journeywidgets.Journey, got {type(journey).__name__}"
            raise TypeError(msg)
        self._journey = journey
        self._ack: tuple[str, int] | None = None
        self._acks_pending: dict[str, int] = {}
        self._flush_timer: asyncio.TimerHandle | None = None
        self._release_timer: asyncio.TimerHandle | None = None
        self._home = HomeLoop.current()
        self._ledger: EditLedger[Edit | RejectedMessageError] = EditLedger()
        self._outbox = ChangeOutbox(self._send_change, journey.revision)
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
        # every view applies the operation to the revision it has: small and fast, whatever the map's size
        message = {"type": "change", "base": change.revision - 1, "revision": change.revision, "op": change.op}
        self._outbox.put(change.revision, {**message, "acks": self._acks_pending})
        with self.hold_sync():
            self.can_undo = self._journey.can_undo
            self.can_redo = self._journey.can_redo
            self._after_change()
        self._schedule_full_sync()

    def _send_change(self, message: dict[str, Any]) -> None:
        self.send(message)

    def _after_change(self) -> None:
        """Hook for subclasses: fix up their own traits after the document changed."""

    def _schedule_full_sync(self) -> None:
        home = self._home
        if home is not None and not home.here():
            home.call(self._schedule_full_sync)  # timers belong to the loop's own thread
            return
        loop = home.loop if home is not None else kernel_loop()
        if loop is None:  # not in a kernel (a script, a test): sync now
            self._full_sync(heal=False)  # (an observer may still be telling an earlier change: keep its turn)
            return
        if self._flush_timer is None:
            self._flush_timer = loop.call_later(FULL_SYNC_DELAY, self._full_sync)

    def _full_sync(self, *, heal: bool = True) -> None:
        self._flush_timer = None
        if heal:  # a quiet moment: change messages still held wait for one never told; the document has them
            self._outbox.flush(self._journey.revision)
        with self.hold_sync():
            self._document = self._journey.document
            self.revision = self._journey.revision
            self._acks = self._acks_pending

    # ----- what the page may change ------------------------------------------------------

    def _read_only_reason(self) -> str | None:
        """Why this view may not edit now (None: it may). Decided by Python's traits alone.

        Example:
            >>> import journeywidgets as jw
            >>> jw.JourneyMap(jw.sample_journey(), editable=False)._read_only_reason()
            'this map is read-only (editable=False)'
        """
        if not self.editable:
            return f"this {self._what} is read-only (editable=False)"
        return None

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """Take a state update from the page: only the traits the page may set (``_page_settable``).

        The page's copies of every other trait (``editable``, the document, its revision, ...) are
        display only: an update to them is not applied, and the page is sent Python's values back.
        A value Python's validation refuses is sent back the same way.

        Args:
            sync_data: The trait values the page sent, by name (from another thread: handled on the kernel's loop).

        Example:
            >>> import journeywidgets as jw
            >>> view = jw.JourneyMap(jw.sample_journey(), editable=False)
            >>> view.set_state({"editable": True, "persona": "raj"})
            >>> view.editable, view.persona
            (False, 'raj')
        """
        if self._home is not None and not self._home.here():
            self._home.call(self.set_state, sync_data)
            return
        take_page_state(self, sync_data, self._page_settable, super().set_state)

    # ----- edits from the page -----------------------------------------------------------

    def _on_browser_message(self, _widget: Any, content: Any, _buffers: list[bytes]) -> None:
        """Handle one custom message from a view: apply an edit at most once, or reject it with a reason.

        The handler is total: whatever arrives, nothing is raised to the comm, and every edit
        Python does not apply is answered with ``{"type": "rejected", "client", "seq", "error"}``.
        An edit whose ``(client, seq)`` was already handled is answered ``{"type": "duplicate"}``
        and not applied again. A view's edits are applied in its order (``seq``): one that arrives
        before an earlier one waits for it, ``HOLD_TIMEOUT`` at most (see
        :mod:`.edit_ledger`: the kernel may hand them over out of order). ``base_revision`` is the
        revision the view made its edit on: it must not be ahead of Python's, and an older one is
        fine (the edit is applied to the current document: operations name what they change by id,
        and moves clamp their index), so two views editing at once both keep their edits. Edits of
        a read-only view are rejected.

        Messages are handled on the thread of the loop the widget was made on (the kernel's main
        thread): a kernel may deliver comm messages on a subshell's thread, concurrently with the
        notebook's own code.

        Example:
            >>> import journeywidgets as jw
            >>> journey = jw.sample_journey(); view = jw.JourneyMap(journey, editable=False)
            >>> sent = []; view.send = lambda content, buffers=None: sent.append(content)
            >>> view._on_browser_message(view, {"type": "edit", "client": "v", "seq": 1, "base_revision": 0,
            ...     "op": {"op": "update_journey", "changes": {"title": "X"}}}, [])
            >>> sent[0]["type"], sent[0]["error"]["code"], journey.title != "X"
            ('rejected', 'read_only', True)
        """
        if self._home is not None and not self._home.here():
            self._home.call(self._on_browser_message, _widget, content, _buffers)
            return
        try:
            self._handle_edit(content)
        except Exception as err:  # noqa: BLE001 - a total handler: the page gets a reason, the comm no error
            client, seq = read_client_and_seq(content) if isinstance(content, dict) else (None, None)
            self._reject(client, seq, {"code": "internal_error", "path": "", "message": f"edit failed: {err!r}"[:500]})

    def _handle_edit(self, content: Any) -> None:
        edit: Edit | RejectedMessageError
        try:
            parsed = parse_edit(content, revision=self._journey.revision)
        except RejectedMessageError as err:
            named_client, named_seq = err.client, err.seq
            if named_client is None or named_seq is None:
                self._reject(named_client, named_seq, err.to_dict())
                return
            edit, client, seq = err, named_client, named_seq  # it takes its turn in the view's order
        else:
            edit, client, seq = parsed, parsed.client, parsed.seq
        ready = self._ledger.receive(client, seq, edit)
        if ready is None:
            self.send({"type": "duplicate", "client": client, "seq": seq})
            return
        if not ready:  # it waits for an earlier edit of its view, HOLD_TIMEOUT at most
            self._schedule_release()
        for item in ready:
            self._handle_in_turn(item)

    def _schedule_release(self) -> None:
        """Arm the timer for the edit that has waited longest.

        It goes on without its predecessor ``HOLD_TIMEOUT`` after it arrived (each waiting edit gets its own wait,
        however long the timer has been armed).
        """
        loop = self._home.loop if self._home is not None else None
        delay = self._ledger.due_in(HOLD_TIMEOUT)
        if loop is None or self._release_timer is not None or delay is None:
            return
        self._release_timer = loop.call_later(delay, self._release_due)

    def _release_due(self) -> None:
        """Handle the edits that have waited ``HOLD_TIMEOUT`` for an earlier edit of their view; re-arm for the rest."""
        self._release_timer = None
        for item in self._ledger.release(waited=HOLD_TIMEOUT):
            self._handle_in_turn(item)
        self._schedule_release()

    def _release_held(self) -> None:
        """Handle every edit that still waits for an earlier edit of its view (a quiet moment: none is coming)."""
        for item in self._ledger.release():
            self._handle_in_turn(item)

    def _handle_in_turn(self, edit: Edit | RejectedMessageError) -> None:
        if isinstance(edit, RejectedMessageError):
            self._reject(edit.client, edit.seq, edit.to_dict())
            return
        reason = self._read_only_reason()
        if reason is not None:
            self._reject(edit.client, edit.seq, {"code": "read_only", "path": "", "message": reason})
            return
        origin = f"browser:{edit.client}"
        self._ack = (edit.client, edit.seq)  # the change message of this edit carries its acknowledgement
        with self.hold_sync():
            try:
                if edit.action == "undo":
                    self._journey.undo(origin=origin)
                elif edit.action == "redo":
                    self._journey.redo(origin=origin)
                elif edit.action == "suggest":
                    self._answer_suggest(edit, origin)
                else:
                    self._journey.apply(edit.op or {}, origin=origin)
            except JourneyError as err:
                self._reject(edit.client, edit.seq, err.to_dict())
            except RecursionError:
                too_deep = {"code": "invalid_message", "path": "op", "message": "edit: nested too deep"}
                self._reject(edit.client, edit.seq, too_deep)
            finally:
                self._ack = None

    def _answer_suggest(self, edit: Edit, origin: str) -> None:
        """Add the cards :meth:`_suggest` finds (one undo step) and tell the view how many, in a "notice"."""
        added = self._suggest(origin)
        if not added:  # nothing changed, so no change message carries the acknowledgement
            self._acknowledge(edit.client, edit.seq)
        self.send({"type": "notice", "client": edit.client, "seq": edit.seq, "added": len(added)})

    def _suggest(self, origin: str) -> list[str]:  # noqa: ARG002 - the views bound to data use it
        """Hook for views bound to data: add cards suggested by the data (as ``origin``) and return their ids.

        Raises:
            SuggestionError: this view has no data to suggest from (the base class never has).
        """
        msg = f"this {self._what} has no data to suggest cards from: show a map bound to data"
        msg += " (binding=journey.bind(data))"
        raise SuggestionError(msg, path="action")

    def _acknowledge(self, client: str, seq: int) -> None:
        """Tell the view Python handled its edit ``seq`` (it drops it from its pending edits)."""
        self._acks_pending = {**self._acks_pending, client: max(seq, self._acks_pending.get(client, 0))}
        self._acks = self._acks_pending

    def _reject(self, client: str | None, seq: int | None, error: dict[str, str]) -> None:
        """Answer an edit Python did not apply; a named one is acknowledged too (its view drops it)."""
        if client is not None and seq is not None:
            self._acknowledge(client, seq)
        self.send({"type": "rejected", "client": client, "seq": seq, "error": error})

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
        for name in ("_flush_timer", "_release_timer"):
            timer = getattr(self, name, None)
            if timer is not None:
                timer.cancel()
        super().close()
