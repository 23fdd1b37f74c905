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
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from journeywidgets.model import entities as ent
from journeywidgets.model.document import canonical_json, empty_document, normalize_document, parse_json
from journeywidgets.model.editing import JourneyEditing
from journeywidgets.model.errors import HistoryError, NotFoundError
from journeywidgets.model.files import write_atomic
from journeywidgets.model.ids import new_id
from journeywidgets.model.opkit import Doc, Op
from journeywidgets.model.ops import apply_op

if TYPE_CHECKING:
    import pandas as pd

    from journeywidgets.data.binding import Binding

ChangeKind = Literal["apply", "undo", "redo"]


@dataclass(frozen=True)
class Change:
    """What an observer of a journey is told after each change.

    ``op`` is what was applied (for an undo: the inverse that was applied),
    ``origin`` who asked for it (``"python"`` unless the caller said otherwise).

    Example:
        >>> from journeywidgets import Journey
        >>> j, seen = Journey("Demo"), []
        >>> _ = j.observe(seen.append)
        >>> _ = j.add_stage("Awareness")
        >>> seen[0].op["op"], seen[0].revision, seen[0].kind
        ('add_stage', 1, 'apply')
    """

    op: Op
    inverse: Op
    revision: int
    origin: str
    kind: ChangeKind


Observer = Callable[[Change], None]


class Journey(JourneyEditing):
    """A customer journey: stages, steps, lanes, cards, personas, emotions and metric definitions.

    Every change goes through :meth:`apply` (the convenience methods such as
    :meth:`add_card` build an operation and call it), is validated, can be
    undone, bumps :attr:`revision` and is announced to observers.

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
        history_limit: int = 1000,
    ) -> None:
        doc = empty_document(id or new_id("journey"), title)
        if description:
            doc = {**doc, "description": description}
        self._init(normalize_document(doc), history_limit)

    def _init(self, doc: Doc, history_limit: int) -> None:
        self._doc: Doc = doc
        self._revision = 0
        self._undo: list[tuple[Op, Op]] = []
        self._redo: list[tuple[Op, Op]] = []
        self._history_limit = history_limit
        self._observers: list[Observer] = []
        self._lock = threading.RLock()
        self._views: dict[str, Any] = {}
        self._batch: list[tuple[Op, Op]] | None = None

    # ----- construction and serialization -------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, history_limit: int = 1000) -> Journey:
        """Build a journey from its JSON document (validated; older schema versions are migrated).

        Example:
            >>> Journey.from_dict({"schema_version": 1, "id": "j", "title": "Demo"}).title
            'Demo'
        """
        journey = cls.__new__(cls)
        journey._init(normalize_document(data), history_limit)  # noqa: SLF001 - an alternative constructor
        return journey

    @classmethod
    def from_json(cls, text: str | bytes) -> Journey:
        """Build a journey from JSON text (see :meth:`to_json`).

        Example:
            >>> Journey.from_json(Journey("Demo", id="j").to_json()).id
            'j'
        """
        journey = cls.__new__(cls)
        journey._init(parse_json(text), 1000)  # noqa: SLF001 - an alternative constructor
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

        Example:
            >>> Journey("Demo", id="j").to_json().splitlines()[0]
            '{'
        """
        return canonical_json(self._doc)

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
            new_doc, inverse = apply_op(self._doc, op)
            if self._batch is not None:
                self._batch.append((dict(op), inverse))
                self._doc = new_doc
                self._views.clear()
                return self._revision
            change = self._record(new_doc, dict(op), inverse, origin)
        self._notify(change)
        return change.revision

    def _record(self, new_doc: Doc, op: Op, inverse: Op, origin: str) -> Change:
        self._undo.append((op, inverse))
        del self._undo[: -self._history_limit]
        self._redo.clear()
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
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        """Whether there is an undone change to redo.

        Example:
            >>> Journey("Demo").can_redo
            False
        """
        return bool(self._redo)

    def undo(self, *, origin: str = "python") -> int:
        """Undo the last change; return the new revision.

        Example:
            >>> j = Journey("Demo"); _ = j.add_stage("A"); j.undo(); len(j.stages)
            2
            0
        """
        with self._lock:
            self._check_not_batching("undo")
            if not self._undo:
                raise HistoryError("nothing to undo")
            op, inverse = self._undo[-1]
            new_doc, _ = apply_op(self._doc, inverse)
            self._undo.pop()
            self._redo.append((op, inverse))
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
            if not self._redo:
                raise HistoryError("nothing to redo")
            op, _ = self._redo[-1]
            new_doc, inverse = apply_op(self._doc, op)
            self._redo.pop()
            self._undo.append((op, inverse))
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

    # ----- reading -------------------------------------------------------------------------

    def _view(self, name: str, build: Callable[[], Any]) -> Any:
        if name not in self._views:
            self._views[name] = build()
        return self._views[name]

    @property
    def id(self) -> str:
        """The journey's stable id.

        Example:
            >>> Journey("Demo", id="checkout").id
            'checkout'
        """
        return str(self._doc["id"])

    @property
    def title(self) -> str:
        """The journey's title (change it with ``journey.update(title=...)``).

        Example:
            >>> Journey("Demo").title
            'Demo'
        """
        return str(self._doc["title"])

    @property
    def description(self) -> str:
        """The journey's description.

        Example:
            >>> Journey("Demo", description="why").description
            'why'
        """
        return str(self._doc["description"])

    @property
    def stages(self) -> tuple[ent.Stage, ...]:
        """The stages, in order, each with its steps.

        Example:
            >>> from journeywidgets import sample_journey
            >>> [s.name for s in sample_journey().stages][:2]
            ['Awareness', 'Consideration']
        """
        result: tuple[ent.Stage, ...] = self._view("stages", lambda: tuple(map(ent.stage_view, self._doc["stages"])))
        return result

    @property
    def steps(self) -> tuple[ent.Step, ...]:
        """Every step of every stage, in order.

        Example:
            >>> Journey("Demo").steps
            ()
        """
        return tuple(step for stage in self.stages for step in stage.steps)

    @property
    def lanes(self) -> tuple[ent.Lane, ...]:
        """The lanes (rows), in order.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().lanes[0].kind
            'action'
        """
        return self._entities("lanes", ent.Lane)

    @property
    def personas(self) -> tuple[ent.Persona, ...]:
        """The personas, in order.

        Example:
            >>> from journeywidgets import sample_journey
            >>> len(sample_journey().personas)
            3
        """
        return self._entities("personas", ent.Persona)

    @property
    def metrics(self) -> tuple[ent.MetricDef, ...]:
        """The metric definitions, in order.

        Example:
            >>> Journey("Demo").metrics
            ()
        """
        return self._entities("metrics", ent.MetricDef)

    @property
    def emotions(self) -> tuple[ent.EmotionPoint, ...]:
        """Every emotion point (persona x stage or step x series).

        Example:
            >>> Journey("Demo").emotions
            ()
        """
        return self._entities("emotions", ent.EmotionPoint)

    @property
    def emotion_scale(self) -> ent.EmotionScale:
        """The emotion scale (default -2..+2).

        Example:
            >>> Journey("Demo").emotion_scale.max
            2
        """
        return ent.entity_view(ent.EmotionScale, self._doc["emotion_scale"])  # type: ignore[no-any-return]

    @property
    def cards(self) -> tuple[ent.Card, ...]:
        """Every card in reading order: by stage, then lane, then position in the cell.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().cards[0].stage_id
            'awareness'
        """

        def build() -> tuple[ent.Card, ...]:
            stage_pos = {s["id"]: i for i, s in enumerate(self._doc["stages"])}
            step_pos = {t["id"]: i for s in self._doc["stages"] for i, t in enumerate(s["steps"])}
            lane_pos = {lane["id"]: i for i, lane in enumerate(self._doc["lanes"])}

            def key(c: Doc) -> tuple[int, int, int, int]:
                step = -1 if c["step_id"] is None else step_pos[c["step_id"]]
                return (stage_pos[c["stage_id"]], step, lane_pos[c["lane_id"]], c["order"])

            return tuple(ent.entity_view(ent.Card, c) for c in sorted(self._doc["cards"], key=key))

        result: tuple[ent.Card, ...] = self._view("cards", build)
        return result

    def _entities(self, key: str, cls: type[Any]) -> tuple[Any, ...]:
        result: tuple[Any, ...] = self._view(key, lambda: tuple(ent.entity_view(cls, d) for d in self._doc[key]))
        return result

    def bind(self, data: Any, **options: Any) -> Binding:
        """Bind this journey to an event log; the binding's metrics follow the data and the journey.

        ``options``: the log's columns (``user="user_id"``, ``time="timestamp"``,
        ``event="event"``, ``tz``, ``order``, ``engine``) and funnel options
        (``mode``, ``window``, ``open``, ``date_range``, ...). See
        :class:`~journeywidgets.Binding` and :func:`~journeywidgets.funnel`.

        Example:
            >>> from journeywidgets import sample_events, sample_journey
            >>> binding = sample_journey().bind(sample_events(n_users=200))
            >>> binding.metrics["stage"].iloc[0]
            'Awareness'
        """
        from journeywidgets.data.binding import Binding  # noqa: PLC0415 - the model imports no dataframe library

        return Binding(self, data, **options)

    def to_dataframe(self) -> pd.DataFrame:
        """The cards as a tidy pandas table: one row per card with its stage, step, lane and fields.

        Example:
            >>> from journeywidgets import sample_journey
            >>> table = sample_journey().to_dataframe()
            >>> table.loc[0, ["stage", "lane", "text"]].tolist()
            ['Awareness', 'Customer actions', 'Scrolls social media on the commute']
        """
        from journeywidgets.export.tables import cards_table  # noqa: PLC0415 - the model imports no dataframe library

        return cards_table(self)

    def cards_in(self, *, stage: str | None = None, lane: str | None = None) -> tuple[ent.Card, ...]:
        """The cards of one stage and/or lane (by id or name), in reading order.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey()
            >>> all(c.lane_id == "pains" for c in j.cards_in(lane="Pain points"))
            True
        """
        stage_id = self.stage(stage).id if stage is not None else None
        lane_id = self.lane(lane).id if lane is not None else None
        return tuple(c for c in self.cards if stage_id in (None, c.stage_id) and lane_id in (None, c.lane_id))

    def _find(self, kind: str, items: Sequence[Any], ref: str) -> Any:
        for item in items:
            if item.id == ref:
                return item
        for matches in (
            [i for i in items if i.name == ref],
            [i for i in items if i.name.casefold() == str(ref).casefold()],
        ):
            if len(matches) == 1:
                return matches[0]
            if len(matches) > 1:
                ids = ", ".join(repr(m.id) for m in matches)
                msg = f"{len(matches)} {kind}s are named {ref!r} (ids {ids}); refer to one by its id"
                raise NotFoundError(msg, path=kind)
        known = ", ".join(repr(i.name) for i in items) or "none yet"
        raise NotFoundError(f"no {kind} with id or name {ref!r}; known {kind}s: {known}", path=kind)

    def stage(self, ref: str) -> ent.Stage:
        """Find a stage by id or name (names match case-insensitively when unambiguous).

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().stage("purchase").name
            'Purchase'
        """
        result: ent.Stage = self._find("stage", self.stages, ref)
        return result

    def step(self, ref: str) -> ent.Step:
        """Find a step by id or name.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().step("Compare plans").id
            'compare'
        """
        result: ent.Step = self._find("step", self.steps, ref)
        return result

    def lane(self, ref: str) -> ent.Lane:
        """Find a lane by id or name.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().lane("Touchpoints").kind
            'touchpoint'
        """
        result: ent.Lane = self._find("lane", self.lanes, ref)
        return result

    def persona(self, ref: str) -> ent.Persona:
        """Find a persona by id or name.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().persona("maya").name
            'Maya, the busy professional'
        """
        result: ent.Persona = self._find("persona", self.personas, ref)
        return result

    def metric(self, ref: str) -> ent.MetricDef:
        """Find a metric definition by id or name.

        Example:
            >>> from journeywidgets import sample_journey
            >>> sample_journey().metric("conversion").kind
            'conversion'
        """
        result: ent.MetricDef = self._find("metric", self.metrics, ref)
        return result

    def card(self, id: str) -> ent.Card:
        """Find a card by id.

        Example:
            >>> from journeywidgets import sample_journey
            >>> j = sample_journey(); j.card(j.cards[0].id).text == j.cards[0].text
            True
        """
        for card in self.cards:
            if card.id == id:
                return card
        raise NotFoundError(f"no card with id {id!r}", path="card")

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

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "demo.json"
        >>> load(Journey("Demo").save(target)).title
        'Demo'
    """
    return Journey.from_json(Path(path).read_bytes())
