"""The :class:`Journey`: a journey document with one edit path, undo/redo, revisions and observers.

Example:
    >>> from journeywidgets import Journey
    >>> j = Journey("Checkout")
    >>> stage = j.add_stage("Browse")
    >>> lane = j.add_lane("Pain points", kind="pain_point")
    >>> card = j.add_card(stage="Browse", lane="Pain points", text="Filters reset on back")
    >>> j.revision, [c.text for c in j.cards]
    (3, ['Filters reset on back'])
    >>> _ = j.undo(); len(j.cards)
    0
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeywidgets.model import extensions
from journeywidgets.model.changes import Change, ChangeKind, Observer
from journeywidgets.model.document import empty_document, file_json, normalize_document, parse_json
from journeywidgets.model.editing import JourneyEditing
from journeywidgets.model.errors import HistoryError
from journeywidgets.model.files import write_atomic
from journeywidgets.model.history import History, copy_json
from journeywidgets.model.ids import new_id
from journeywidgets.model.opkit import Doc, Op
from journeywidgets.model.ops import apply_op
from journeywidgets.model.reading import JourneyReading

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Change", "ChangeKind", "Journey", "Observer", "load"]  # Change: from model.changes, as before


class Journey(JourneyReading, JourneyEditing):
    """A customer journey: stages, steps, lanes, cards, personas, emotions and metric definitions.

    Every change goes through :meth:`apply` (the convenience methods such as
    :meth:`add_card` build an operation and call it), is validated, can be
    undone, bumps :attr:`revision` and is announced to observers.

    Args:
        title: the journey's title.
        id: its stable id (default: a new random one).
        description: what the journey is about.
        history_limit: how many changes can be undone, oldest forgotten first (default 1000);
            ``0`` keeps no history at all, ``None`` keeps every change. The history holds
            copies: changing an op dict after applying it changes nothing that undo or redo does.

    Example:
        >>> j = Journey("Onboarding", description="From sign-up to first value")
        >>> j.title, j.revision
        ('Onboarding', 0)
    """

    def __init__(
        self,
        title: str = "Untitled journey",
        *,
        id: str | None = None,
        description: str = "",
        history_limit: int | None = 1000,
    ) -> None:
        doc = empty_document(id or new_id("journey"), title)
        if description:
            doc = {**doc, "description": description}
        self._init(normalize_document(doc), history_limit)

    def _init(self, doc: Doc, history_limit: int | None) -> None:
        self._history = History(history_limit)
        self._doc: Doc = doc
        self._revision = 0
        self._observers: list[Observer] = []
        self._lock = threading.RLock()
        self._views: dict[str, Any] = {}
        self._batch: list[tuple[Op, Op]] | None = None

    # ----- construction and serialization -------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, history_limit: int | None = 1000) -> Journey:
        """Build a journey from its JSON document (validated; older schema versions are migrated).

        Example:
            >>> Journey.from_dict({"schema_version": 1, "id": "j", "title": "Demo"}).title
            'Demo'
        """
        journey = cls.__new__(cls)
        journey._init(normalize_document(data), history_limit)  # noqa: SLF001 - an alternative constructor
        return journey

    @classmethod
    def from_json(cls, text: str | bytes, *, history_limit: int | None = 1000) -> Journey:
        """Build a journey from JSON text (see :meth:`to_json`).

        Example:
            >>> Journey.from_json(Journey("Demo", id="j").to_json()).id
            'j'
        """
        journey = cls.__new__(cls)
        journey._init(parse_json(text), history_limit)  # noqa: SLF001 - an alternative constructor
        return journey

    def to_dict(self) -> Doc:
        """Return the document as a new plain dict (changing it does not change the journey).

        Example:
            >>> Journey("Demo").to_dict()["schema_version"]
            1
        """
        return normalize_document(self._doc)

    def to_json(self) -> str:
        """Return the canonical JSON text: sorted keys, stable order, so git diffs stay small.

        It is what :meth:`save` writes: the document (:meth:`to_dict`) with ``"$schema"``
        naming the published JSON Schema, so editors check the file (see
        :mod:`journeywidgets.model.schema`); :meth:`from_json` sets it aside.

        Example:
            >>> Journey("Demo", id="j").to_json().splitlines()[:2]  # doctest: +ELLIPSIS
            ['{', '  "$schema": "https://.../schema/journey.schema.json",']
        """
        return file_json(self._doc)

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the journey to ``path`` atomically (see :func:`~journeywidgets.model.files.write_atomic`).

        A failed save (a full disk, no permission) raises a :class:`~journeywidgets.WriteError`
        naming the path and leaves the old file as it was; a saved file keeps its permissions,
        and a symlink stays a symlink to the file it names.

        Args:
            path: the file to write (conventionally ``NAME.journey.json``).

        Returns:
            ``path`` as a :class:`~pathlib.Path`.

        Example:
            >>> import tempfile, pathlib
            >>> target = pathlib.Path(tempfile.mkdtemp()) / "map.journey.json"
            >>> Journey("Demo").save(target).name
            'map.journey.json'
        """
        return write_atomic(path, self.to_json())

    @property
    def document(self) -> Doc:
        """The current document (shared and read-only by convention: copy it with :meth:`to_dict`).

        Example:
            >>> Journey("Demo").document["title"]
            'Demo'
        """
        return self._doc

    # ----- the edit path -------------------------------------------------------------------

    @property
    def revision(self) -> int:
        """How many changes (operations, undos, redos) this journey has seen.

        Example:
            >>> Journey("Demo").revision
            0
        """
        return self._revision

    def apply(self, op: Mapping[str, Any], *, origin: str = "python") -> int:
        """Apply one operation (a dict with an ``op`` field); return the new revision.

        A rejected operation raises a :class:`~journeywidgets.JourneyError` and
        changes nothing, history included.

        Example:
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

        Example:
            >>> j = Journey("Demo")
            >>> with j.batch():
            ...     _ = j.add_stage("A"); _ = j.add_stage("B")
            >>> len(j.stages), j.revision
            (2, 1)
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
            >>> Journey("Demo").can_undo
            False
        """
        return self._history.can_undo

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone change to redo.

        Example:
            >>> Journey("Demo").can_redo
            False
        """
        return self._history.can_redo

    def undo(self, *, origin: str = "python") -> int:
        """Undo the last change; return the new revision.

        Example:
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

        Example:
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

        Example:
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

    # ----- ways out -------------------------------------------------------------------------

    def bind(self, data: Any, **options: Any) -> Any:
        """Bind this journey to an event log; the binding's metrics follow the data and the journey.

        ``options``: the log's columns (``user="user_id"``, ``time="timestamp"``,
        ``event="event"``, ``tz``, ``order``, ``engine``) and funnel options
        (``mode``, ``window``, ``open``, ``date_range``, ...). See
        :class:`~journeywidgets.Binding` and :func:`~journeywidgets.funnel`.

        Returns a :class:`~journeywidgets.Binding`, the same as ``Binding(journey, data, **options)``.
        The data layer sits above the model, so this convenience goes through the
        extension point :data:`journeywidgets.model.extensions.BIND` and is typed ``Any``
        here; annotate ``binding: jw.Binding`` (or call ``jw.Binding(...)``) for a checked type.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=200))
            >>> binding.metrics["stage"].iloc[0]
            'Awareness'
        """
        return extensions.BIND.get()(self, data, **options)

    def to_dataframe(self) -> pd.DataFrame:
        """The cards as a tidy pandas table: one row per card with its stage, step, lane and fields.

        Example:
            >>> from journeywidgets import sample_journey
            >>> table = sample_journey().to_dataframe()
            >>> table.loc[0, ["stage", "lane", "text"]].tolist()
            ['Awareness', 'Customer actions', 'Scrolls social media on the commute']

        Made by :func:`journeywidgets.export.tables.cards_table`, reached through the
        extension point :data:`journeywidgets.model.extensions.CARDS_TABLE` (export sits above the model).
        """
        return extensions.CARDS_TABLE.get()(self)

    def __repr__(self) -> str:
        """Summarize the journey.

        Example:
            >>> Journey("Demo")
            <Journey 'Demo': 0 stages, 0 lanes, 0 cards, 0 personas, revision 0>
        """
        doc = self._doc
        counts = ", ".join(f"{len(doc[k])} {k}" for k in ("stages", "lanes", "cards", "personas"))
        return f"<Journey {self.title!r}: {counts}, revision {self._revision}>"


def load(path: str | os.PathLike[str]) -> Journey:
    """Read a journey saved with :meth:`Journey.save`.

    Args:
        path: the ``.journey.json`` file.

    Returns:
        The journey, migrated to the current ``schema_version`` if the file is older.

    Raises:
        JourneyError: the file is not a valid journey: a ``DocumentError`` (a
            ``SchemaVersionError`` when a newer version wrote it) or an ``InvalidFieldError``
            whose ``path`` names the field.
        OSError: the file cannot be read.

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "demo.json"
        >>> load(Journey("Demo").save(target)).title
        'Demo'
    """
    return Journey.from_json(Path(path).read_bytes())
