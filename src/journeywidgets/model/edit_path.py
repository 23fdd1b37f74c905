"""The edit path of a :class:`~journeywidgets.Journey`: operations, batches, undo/redo, revisions and observers.

Every change to a journey goes through :meth:`EditPath.apply` (or :meth:`~EditPath.undo` and
:meth:`~EditPath.redo`): it is validated, recorded in the history, counted in the revision and
announced to the observers, in that order. :class:`~journeywidgets.Journey` inherits this;
the journey's state (its document, history and lock) is set up by ``Journey`` itself.

Example:
    >>> from journeywidgets import Journey
    >>> j = Journey("Demo")
    >>> with j.batch():
    ...     _ = j.add_stage("A"); _ = j.add_stage("B")
    >>> _ = j.undo(); j.revision, len(j.stages), j.can_redo
    (2, 0, True)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from journeywidgets.model.changes import Change, ChangeKind, Observer
from journeywidgets.model.errors import HistoryError
from journeywidgets.model.history import History, copy_json
from journeywidgets.model.opkit import Doc, Op
from journeywidgets.model.ops import apply_op


class EditPath:
    """The edit path; :class:`~journeywidgets.Journey` is the class to use.

    Example:
        >>> from journeywidgets import Journey
        >>> isinstance(Journey("x"), EditPath)
        True
    """

    if TYPE_CHECKING:
        _history: History
        _doc: Doc
        _revision: int
        _observers: list[Observer]
        _lock: threading.RLock
        _views: dict[str, Any]
        _batch: list[tuple[Op, Op]] | None

    @property
    def revision(self) -> int:
        """How many changes (operations, undos, redos) this journey has seen.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").revision
            0
        """
        return self._revision

    def apply(self, op: Mapping[str, Any], *, origin: str = "python") -> int:
        """Apply one operation (a dict with an ``op`` field); return the new revision.

        A rejected operation raises a :class:`~journeywidgets.JourneyError` and
        changes nothing, history included.

        Args:
            op: The operation, such as ``{"op": "add_stage", "id": ..., "name": ...}``; it is copied.
            origin: Who made the change (``"python"``, or a view's id), passed on to observers in :class:`Change`.

        Returns:
            The journey's :attr:`revision` after the change (unchanged inside :meth:`batch`, which counts once at its
            end).

        Raises:
            JourneyError: The operation is invalid (its ``path`` names the field).
            Exception: An observer raised (after every observer was told); the change stays made.

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo")
            >>> j.apply({"op": "add_lane", "id": "doing", "name": "Doing", "kind": "action"})
            1
        """
        with self._lock:
            applied = copy_json(op)  # what the caller does to its op afterwards changes nothing here
            new_doc, inverse = apply_op(self._doc, applied)
            if self._batch is not None:
                self._batch.append((applied, inverse))
                self._doc = new_doc
                self._views.clear()
                return self._revision
            change = self._record(new_doc, applied, inverse, origin)
        self._notify(change)
        return change.revision

    def _record(self, new_doc: Doc, op: Op, inverse: Op, origin: str) -> Change:
        self._history.record(op, inverse)
        return self._commit(new_doc, op, inverse, origin, "apply")

    @contextmanager
    def batch(self, *, origin: str = "python") -> Iterator[None]:
        """Group the edits made inside the block into one change: one revision, one undo step.

        If the block raises, every edit made in it is rolled back.

        Args:
            origin: Who made the changes, passed on to observers with the batch's one :class:`Change`.

        Yields:
            Nothing; edit the journey inside the block. A nested ``batch`` joins the outer one.
            A block that makes no edit records no change (the revision stays).

        Raises:
            BaseException: whatever the block raises, re-raised after its edits are rolled back.

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo")
            >>> with j.batch():
            ...     _ = j.add_stage("A"); _ = j.add_stage("B")
            >>> len(j.stages), j.revision
            (2, 1)
            >>> try:
            ...     with j.batch():
            ...         _ = j.add_stage("C")
            ...         raise ValueError("changed my mind")
            ... except ValueError:
            ...     pass
            >>> len(j.stages), j.revision  # "C" was rolled back
            (2, 1)
            >>> _ = j.undo(); len(j.stages)  # one undo takes back both stages
            0
        """
        with self._lock:
            if self._batch is not None:  # nested: part of the outer batch
                yield
                return
            start, self._batch = self._doc, []
            try:
                yield
            except BaseException:
                self._doc, self._batch = start, None
                self._views.clear()
                raise
            entries, self._batch = self._batch, None
            if not entries:
                return
            op = {"op": "batch", "ops": [o for o, _ in entries]}
            inverse = {"op": "batch", "ops": [i for _, i in reversed(entries)]}
            change = self._record(self._doc, op, inverse, origin)
        self._notify(change)

    @property
    def can_undo(self) -> bool:
        """Whether there is a change to undo.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").can_undo
            False
        """
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone change to redo.

        Example:
            >>> from journeywidgets import Journey
            >>> Journey("Demo").can_redo
            False
        """
        return self._history.can_redo

    def undo(self, *, origin: str = "python") -> int:
        """Undo the last change; return the new revision.

        Args:
            origin: Who asked, passed on to observers.

        Returns:
            The new revision.

        Raises:
            HistoryError: There is nothing to undo, or a :meth:`batch` is open.

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo"); _ = j.add_stage("A"); j.undo(); len(j.stages)
            2
            0
        """
        with self._lock:
            self._check_not_batching("undo")
            op, inverse = self._history.last_undo()
            new_doc, _ = apply_op(self._doc, inverse)
            self._history.undone()
            change = self._commit(new_doc, inverse, op, origin, "undo")
        self._notify(change)
        return change.revision

    def redo(self, *, origin: str = "python") -> int:
        """Redo the last undone change; return the new revision.

        Args:
            origin: Who asked, passed on to observers.

        Returns:
            The new revision.

        Raises:
            HistoryError: There is nothing to redo, or a :meth:`batch` is open.

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo"); _ = j.add_stage("A"); _ = j.undo(); _ = j.redo(); len(j.stages)
            1
        """
        with self._lock:
            self._check_not_batching("redo")
            op = self._history.last_redo()
            new_doc, inverse = apply_op(self._doc, op)
            self._history.redone(inverse)
            change = self._commit(new_doc, op, inverse, origin, "redo")
        self._notify(change)
        return change.revision

    def _check_not_batching(self, action: str) -> None:
        if self._batch is not None:
            raise HistoryError(f"cannot {action} inside 'with journey.batch()'")

    def _commit(self, doc: Doc, op: Op, inverse: Op, origin: str, kind: ChangeKind) -> Change:
        self._doc = doc
        self._revision += 1
        self._views.clear()
        return Change(op=op, inverse=inverse, revision=self._revision, origin=origin, kind=kind)

    def observe(self, callback: Observer) -> Callable[[], None]:
        """Call ``callback(change)`` after every change; return a function that stops it.

        Args:
            callback: Called with each :class:`Change` (after the change, in the thread that made it).

        Returns:
            A function of no arguments that removes ``callback`` (calling it twice is harmless).

        Example:
            >>> from journeywidgets import Journey
            >>> j = Journey("Demo"); seen = []
            >>> stop = j.observe(seen.append); _ = j.add_stage("A"); stop(); _ = j.add_stage("B")
            >>> len(seen)
            1
        """
        self._observers.append(callback)

        def unobserve() -> None:
            if callback in self._observers:
                self._observers.remove(callback)

        return unobserve

    def _notify(self, change: Change) -> None:
        errors = []
        for callback in list(self._observers):
            try:
                callback(change)
            except Exception as err:  # noqa: BLE001, PERF203 - every observer is told; the first error is re-raised
                errors.append(err)
        if errors:
            raise errors[0]
