"""The :class:`Journey`: a journey document with one edit path, undo/redo, revisions and observers.

The edit path itself (``apply``, ``batch``, ``undo``/``redo``, ``observe``) is in
:mod:`~journeywidgets.model.edit_path`; this module builds, saves and loads journeys.

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
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journeywidgets.model import entities as ent
from journeywidgets.model import extensions
from journeywidgets.model.changes import Change, ChangeKind, Observer
from journeywidgets.model.document import empty_document, file_json, normalize_document, parse_json
from journeywidgets.model.edit_path import EditPath
from journeywidgets.model.editing import JourneyEditing
from journeywidgets.model.files import write_atomic
from journeywidgets.model.findings import card_specs
from journeywidgets.model.history import History
from journeywidgets.model.ids import new_id
from journeywidgets.model.opkit import Doc, Op
from journeywidgets.model.reading import JourneyReading

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Change", "ChangeKind", "Journey", "Observer", "load"]  # Change: from model.changes, as before


class Journey(JourneyReading, JourneyEditing, EditPath):
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

        Args:
            data: The document, as :meth:`to_dict` returns it (a ``"$schema"`` key is set aside).
            history_limit: How many changes can be undone (see :class:`Journey`).

        Returns:
            A new journey at revision 0 with an empty history.

        Raises:
            JourneyError: ``data`` is not a valid journey (see :func:`~journeywidgets.load`).

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

        Args:
            text: The JSON text (or UTF-8 bytes) of a journey document.
            history_limit: How many changes can be undone (see :class:`Journey`).

        Returns:
            A new journey at revision 0 with an empty history.

        Raises:
            DocumentError: The text is not JSON or not a JSON object.
            JourneyError: The document is not a valid journey.

        Example:
            >>> Journey.from_json(Journey("Demo", id="j").to_json()).id
            'j'
        """
        journey = cls.__new__(cls)
        journey._init(parse_json(text), history_limit)  # noqa: SLF001 - an alternative constructor
        return journey

    def to_dict(self) -> Doc:
        """Return the document as a new plain dict (changing it does not change the journey).

        Returns:
            A normalized copy of the document (no ``"$schema"``).

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

        Returns:
            The JSON text, ending with a newline.

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

    def add_cards_from(self, findings: Any, *, lane: str | None = None, origin: str = "python") -> list[ent.Card]:
        """Put findings from data on the map: one card per finding, in one undoable change.

        ``findings`` is ``binding.insights()`` (or any table, mappings or dataclasses with
        ``stage_id`` and ``title``; see :mod:`~journeywidgets.model.findings`). Each card says
        the finding's title and text with their numbers, has ``evidence="data"``, tags ``data``,
        its kind and ``metric:<id>``, and the persona it concerns. Pain points go to the
        journey's first pain-point lane and a persona's gap to its first opportunity lane,
        unless ``lane`` names one lane for all. A finding already on the map is not added again.

        Args:
            findings: The findings, as above.
            lane: A lane id or name for every card; ``None`` picks one by each finding's ``lane_kind``.
            origin: Who asked (``"python"``, or a view's id), passed on to observers with the one change.

        Returns:
            The new cards' views (none for findings already on the map).

        Raises:
            NotFoundError: A stage, lane or persona is not in the journey (``lane``: no lane of a finding's kind).
            JourneyError: A finding lacks ``stage_id`` or ``title``, or a field is invalid (its ``path`` names
                it); the journey is left as it was.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey()
            >>> found = [{"stage_id": "purchase", "title": "82% leave at Purchase", "kind": "abandonment"}]
            >>> [card.tags for card in j.add_cards_from(found)], len(j.add_cards_from(found))
            ([('data', 'abandonment')], 0)
        """
        specs = card_specs(self, findings, lane=lane)
        with self.batch(origin=origin):
            return [self.add_card(stage=s["stage"], lane=s["lane"], text=s["text"], **s["fields"]) for s in specs]

    # ----- ways out -------------------------------------------------------------------------

    def bind(self, data: Any, **options: Any) -> Any:
        """Bind this journey to an event log; the binding's metrics follow the data and the journey.

        ``options``: the log's columns (``user="user_id"``, ``time="timestamp"``,
        ``event="event"``, ``tz``, ``order``, ``engine``) and funnel options
        (``mode``, ``window``, ``open``, ``date_range``, ...). See
        :class:`~journeywidgets.Binding` and :func:`~journeywidgets.funnel`.

        The data layer sits above the model, so this convenience goes through the
        extension point :data:`journeywidgets.model.extensions.BIND` and is typed ``Any``
        here; annotate ``binding: jw.Binding`` (or call ``jw.Binding(...)``) for a checked type.

        Args:
            data: The event log: any dataframe narwhals accepts, or an :class:`~journeywidgets.EventLog`.
            **options: Column names and funnel options, as above.

        Returns:
            A :class:`~journeywidgets.Binding`, the same as ``Binding(journey, data, **options)``.

        Raises:
            JourneyError: The data or an option is invalid (see :class:`~journeywidgets.Binding`).

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=200))
            >>> binding.metrics["stage"].iloc[0]
            'Awareness'
        """
        return extensions.BIND.get()(self, data, **options)

    def to_dataframe(self) -> pd.DataFrame:
        """The cards as a tidy pandas table: one row per card with its stage, step, lane and fields.

        Returns:
            A new pandas DataFrame, in reading order.

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
